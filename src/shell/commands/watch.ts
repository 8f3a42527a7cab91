/**
 * procps `watch`: runs a command every N seconds (default 2) and redraws the screen with its
 * output under a title line, until Ctrl-C. Time moves with the simulated clock.
 */
import type { CommandSpec } from '../context';

const WIDTH = 80;
const USAGE = `
Usage:
 watch [options] command

Options:
  -b, --beep             beep if command has a non-zero exit
  -c, --color            interpret ANSI color and style sequences
  -d, --differences[=<permanent>]
                         highlight changes between updates
  -e, --errexit          exit if command has a non-zero exit
  -g, --chgexit          exit when output from command changes
  -n, --interval <secs>  seconds to wait between updates
  -p, --precise          attempt run command in precise intervals
  -t, --no-title         turn off header
  -x, --exec             pass command to exec instead of "sh -c"

 -h, --help     display this help and exit
 -v, --version  output version information and exit

For more details see watch(1).
`;

function ctime(d: Date): string {
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  return `${days[d.getUTCDay()]} ${months[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${d.toISOString().slice(11, 19)} ${d.getUTCFullYear()}`;
}

export const watch: CommandSpec = {
  name: 'watch',
  summary: 'execute a program periodically, showing output fullscreen',
  usage: 'watch [-n SECONDS] [-t] [-g] [-e] command',
  async run(ctx) {
    const args = ctx.argv.slice(1);
    let interval = 2;
    let title = true;
    let chgexit = false;
    let errexit = false;
    while (args.length && args[0].startsWith('-')) {
      const a = args.shift()!;
      if (a === '-n' || a === '--interval' || /^-n\d/.test(a) || a.startsWith('--interval=')) {
        const v = a === '-n' || a === '--interval' ? args.shift() : a.replace(/^-n|^--interval=/, '');
        const n = Number((v ?? '').replace(',', '.'));
        if (v === undefined || !Number.isFinite(n)) {
          ctx.err(`watch: failed to parse argument: '${v ?? ''}'\n`);
          return 1;
        }
        interval = Math.max(n, 0.1);
      } else if (a === '-t' || a === '--no-title') title = false;
      else if (a === '-g' || a === '--chgexit') chgexit = true;
      else if (a === '-e' || a === '--errexit') errexit = true;
      else if (a === '-d' || a === '--differences' || a === '-x' || a === '--exec' || a === '-p' || a === '-c' || a === '-b') continue;
      else if (a === '-h' || a === '--help') {
        ctx.out(USAGE.slice(1));
        return 0;
      } else {
        ctx.err(`watch: invalid option -- '${a.replace(/^-+/, '')[0]}'\n${USAGE}`);
        return 1;
      }
    }
    if (args.length === 0) {
      ctx.err(USAGE.slice(1));
      return 1;
    }
    const command = args.join(' ');
    let previous: string | null = null;
    for (;;) {
      let output = '';
      const status = await ctx.run(command, (t) => (output += t), (t) => (output += t));
      let screen = '\x1b[H\x1b[2J';
      if (title) {
        const left = `Every ${interval.toFixed(1)}s: ${command}`;
        const right = `${ctx.node.name}: ${ctime(new Date(ctx.world.state.clock.epoch + ctx.world.now))}`;
        screen += `${left}${' '.repeat(Math.max(1, WIDTH - left.length - right.length))}${right}\n\n`;
      }
      ctx.out(screen + output);
      if (errexit && status !== 0) return 8;
      if (chgexit && previous !== null && previous !== output) return 0;
      previous = output;
      await ctx.sleep(interval * 1000);
      if (ctx.interrupted()) {
        ctx.out('\n');
        return 0;
      }
    }
  },
};
