/**
 * `xargs` (GNU findutils): builds command lines from standard input — `kubectl get pods -o name |
 * xargs kubectl delete`, `… | xargs -n1`, `-I {}`, `-0`, `-d`, `-L`, `-r`, `-t`. The default
 * command is echo; items are split at blanks and newlines with xargs' own quoting.
 */
import type { CommandContext, CommandSpec } from '../../context';
import { fail, parseOptions } from './util';

/** Items the way xargs reads them without -0/-d: blanks separate, quotes and backslashes group. */
function splitItems(text: string): string[] | { error: string } {
  const items: string[] = [];
  let cur = '';
  let has = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "'" || c === '"') {
      const end = text.indexOf(c, i + 1);
      const nl = text.indexOf('\n', i + 1);
      if (end < 0 || (nl >= 0 && nl < end)) return { error: `unmatched ${c === "'" ? 'single' : 'double'} quote; by default quotes are special to xargs unless you use the -0 option` };
      cur += text.slice(i + 1, end);
      has = true;
      i = end;
    } else if (c === '\\' && i + 1 < text.length) {
      cur += text[++i];
      has = true;
    } else if (c === ' ' || c === '\t' || c === '\n') {
      if (has) items.push(cur);
      cur = '';
      has = false;
    } else {
      cur += c;
      has = true;
    }
  }
  if (has) items.push(cur);
  return items;
}

/** A word as the shell must see it to pass it through unchanged. */
function shellWord(w: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, "'\\''")}'`;
}

const USAGE_HINT = "Try 'xargs --help' for more information.";

export const xargs: CommandSpec = {
  name: 'xargs',
  summary: 'build and execute command lines from standard input',
  usage: 'xargs [-0rt] [-n MAX-ARGS] [-I REPLACE] [-L MAX-LINES] [-d DELIM] [COMMAND [INITIAL-ARGS]...]',
  async run(ctx) {
    // Options stop at the command: `xargs grep -n x` gives -n to grep.
    const args = ctx.argv.slice(1);
    let cmdAt = 0;
    const valued = new Set(['n', 'I', 'L', 'd', 'P', 's', 'a', 'E']);
    while (cmdAt < args.length && args[cmdAt].startsWith('-') && args[cmdAt] !== '-') {
      const a = args[cmdAt];
      if (a === '--') break;
      if (!a.startsWith('--') && valued.has(a[a.length - 1]) && a.length === 2) cmdAt++;
      cmdAt++;
    }
    const p = parseOptions(ctx, args.slice(0, cmdAt), {
      tool: 'xargs', flags: '0rtpx', valued: 'nILdPsaE',
      long: { null: '0', 'no-run-if-empty': 'r', verbose: 't', 'max-args=': 'n', 'replace=': 'I', 'max-lines=': 'L', 'delimiter=': 'd', 'max-procs=': 'P', 'arg-file=': 'a' },
    });
    if (typeof p === 'number') return p;
    let command = args.slice(cmdAt);
    if (command[0] === '--') command = command.slice(1);
    if (!command.length) command = ['echo'];
    const positive = (k: string, name: string): number | null | 'bad' => {
      const v = p.last(k);
      if (v === undefined) return null;
      if (!/^\d+$/.test(v) || Number(v) < 1) {
        fail(ctx, `xargs: value ${v} for -${name} option should be >= 1\n${USAGE_HINT}`, 1);
        return 'bad';
      }
      return Number(v);
    };
    const maxArgs = positive('n', 'n');
    const maxLines = positive('L', 'L');
    if (maxArgs === 'bad' || maxLines === 'bad') return 1;
    const replace = p.last('I');

    // The input, as items (and, for -I and -L, as lines).
    let items: string[];
    let lines: string[][] | null = null;
    if (p.has('0') || p.has('d')) {
      const delim = p.has('0') ? '\0' : unescapeDelim(p.last('d')!);
      items = ctx.stdin.split(delim);
      if (items[items.length - 1] === '') items.pop();
      if (replace !== undefined || maxLines) lines = items.map((i) => [i]);
    } else if (replace !== undefined) {
      // -I: one command per input line, leading blanks dropped, the line is one argument.
      lines = ctx.stdin.split('\n').map((l) => l.replace(/^[ \t]+/, '')).filter((l) => l !== '').map((l) => [l]);
      items = lines.flat();
    } else {
      const split = splitItems(ctx.stdin);
      if ('error' in split) return fail(ctx, `xargs: ${split.error}`, 1);
      items = split;
      if (maxLines) {
        lines = [];
        for (const l of ctx.stdin.split('\n')) {
          const s = splitItems(l);
          if (!('error' in s) && s.length) lines.push(s);
        }
      }
    }

    // The command lines to run.
    const runs: string[][] = [];
    if (replace !== undefined) {
      for (const [line] of lines ?? []) runs.push(command.map((w) => w.split(replace).join(line)));
    } else if (maxLines && lines) {
      for (let i = 0; i < lines.length; i += maxLines) runs.push([...command, ...lines.slice(i, i + maxLines).flat()]);
    } else if (maxArgs) {
      for (let i = 0; i < items.length; i += maxArgs) runs.push([...command, ...items.slice(i, i + maxArgs)]);
    } else if (items.length) runs.push([...command, ...items]);
    // GNU xargs runs the command once even with no input, unless -r.
    if (!runs.length && !p.has('r') && replace === undefined) runs.push([...command]);

    let status = 0;
    for (const argv of runs) {
      if (ctx.interrupted()) return 130;
      if (p.has('t')) ctx.err(argv.join(' ') + '\n');
      const r = await runOne(ctx, argv);
      if (r === 127 || r === 126) return r;
      if (r === 255) {
        ctx.err(`xargs: ${argv[0]}: exited with status 255; aborting\n`);
        return 124;
      }
      if (r >= 1 && r <= 125) status = 123;
      if (r > 128) return 125;
    }
    return status;
  },
};

/** Run one command line as xargs execs it: a program, not a shell line (so no builtins or aliases). */
async function runOne(ctx: CommandContext, argv: string[]): Promise<number> {
  let notFound = false;
  const status = await ctx.run(`(${argv.map(shellWord).join(' ')}\n)`, ctx.out, (t) => {
    // The shell's "command not found" is xargs' "No such file or directory".
    const m = /^bash: (.*): command not found\n$/.exec(t);
    if (m) {
      notFound = true;
      ctx.err(`xargs: ${m[1]}: No such file or directory\n`);
    } else ctx.err(t);
  });
  return notFound ? 127 : status;
}

function unescapeDelim(d: string): string {
  const map: Record<string, string> = { '\\n': '\n', '\\t': '\t', '\\0': '\0', '\\\\': '\\' };
  return map[d] ?? d[0] ?? '\n';
}
