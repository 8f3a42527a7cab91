/** Shell builtins and node basics: cd, echo, export, exit, ssh, history, sleep, hostname, ... */
import type { CommandContext, CommandSpec } from '../context';
import { fsResolve, fsStat } from '../../emulator/fs';
import { commandLookup } from '../registry';
import { bracket, test } from './test';

const cd: CommandSpec = {
  name: 'cd',
  summary: 'change the shell working directory',
  run(ctx) {
    const args = ctx.argv.slice(1);
    if (args.length > 1) return fail(ctx, 'bash: cd: too many arguments', 1);
    const target = fsResolve(ctx.shell.cwd, args[0] ?? ctx.shell.env.HOME ?? '/root');
    const e = fsStat(ctx.node.fs, target);
    if (!e) return fail(ctx, `bash: cd: ${args[0]}: No such file or directory`, 1);
    if (e.type !== 'dir') return fail(ctx, `bash: cd: ${args[0]}: Not a directory`, 1);
    ctx.shell.cwd = target;
    ctx.shell.env.PWD = target;
    return 0;
  },
};

const pwd: CommandSpec = { name: 'pwd', summary: 'print the working directory', run: (ctx) => (ctx.out(ctx.shell.cwd + '\n'), 0) };

const echo: CommandSpec = {
  name: 'echo',
  summary: 'display a line of text',
  run(ctx) {
    let args = ctx.argv.slice(1);
    let newline = true;
    let escapes = false;
    while (args.length && /^-[neE]+$/.test(args[0])) {
      if (args[0].includes('n')) newline = false;
      if (args[0].includes('e')) escapes = true;
      args = args.slice(1);
    }
    let text = args.join(' ');
    if (escapes) text = text.replace(/\\n/g, '\n').replace(/\\t/g, '\t').replace(/\\\\/g, '\\');
    ctx.out(text + (newline ? '\n' : ''));
    return 0;
  },
};

const exportCmd: CommandSpec = {
  name: 'export',
  summary: 'set export attribute for shell variables',
  run(ctx) {
    const args = ctx.argv.slice(1);
    if (args.length === 0 || args[0] === '-p') {
      for (const [k, v] of Object.entries(ctx.shell.env).sort()) ctx.out(`declare -x ${k}="${v}"\n`);
      return 0;
    }
    let status = 0;
    for (const a of args) {
      const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:=(.*))?$/s.exec(a);
      if (!m) {
        ctx.err(`bash: export: \`${a}': not a valid identifier\n`);
        status = 1;
      } else if (m[2] !== undefined) ctx.shell.env[m[1]] = m[2];
    }
    return status;
  },
};

const unset: CommandSpec = {
  name: 'unset',
  summary: 'unset values of shell variables',
  run(ctx) {
    for (const a of ctx.argv.slice(1)) delete ctx.shell.env[a];
    return 0;
  },
};

const env: CommandSpec = {
  name: 'env',
  summary: 'print the environment',
  run(ctx) {
    for (const [k, v] of Object.entries(ctx.shell.env)) ctx.out(`${k}=${v}\n`);
    return 0;
  },
};

const exit: CommandSpec = {
  name: 'exit',
  summary: 'exit the shell (or leave an ssh session)',
  run(ctx) {
    const code = ctx.argv[1] !== undefined ? Number(ctx.argv[1]) & 255 : ctx.shell.lastStatus;
    if (ctx.shell.nodeStack.length > 1) {
      const left = ctx.shell.nodeStack.pop()!;
      ctx.shell.cwd = '/root';
      ctx.out(`logout\nConnection to ${left} closed.\n`);
      return Number.isNaN(code) ? 0 : code;
    }
    ctx.out('logout\n');
    ctx.effects.closed = true;
    return Number.isNaN(code) ? 0 : code;
  },
};

const ssh: CommandSpec = {
  name: 'ssh',
  summary: 'log in to another node',
  usage: 'ssh NODE',
  run(ctx) {
    const args = ctx.argv.slice(1).filter((a) => !a.startsWith('-'));
    const target = args[0]?.replace(/^[^@]*@/, '');
    if (!target) {
      ctx.err('usage: ssh [-46AaCfGgKkMNnqsTtVvXxYy] [-B bind_interface]\n           [-b bind_address] [-c cipher_spec] [-D [bind_address:]port]\n           [-E log_file] [-e escape_char] [-F configfile] [-I pkcs11]\n           [-i identity_file] [-J [user@]host[:port]] [-L address]\n           [-l login_name] [-m mac_spec] [-O ctl_cmd] [-o option] [-p port]\n           [-Q query_option] [-R address] [-S ctl_path] [-W host:port]\n           [-w local_tun[:remote_tun]] destination [command [argument ...]]\n');
      return 255;
    }
    const node = ctx.world.node(target) ?? ctx.world.nodeByIp(target);
    if (!node) return fail(ctx, `ssh: Could not resolve hostname ${target}: Name or service not known`, 255);
    if (node.power !== 'on' || !node.links.find((l) => l.name === 'eth0')?.up || !ctx.node.links.find((l) => l.name === 'eth0')?.up) {
      if (node !== ctx.node) return fail(ctx, `ssh: connect to host ${node.ip} port 22: No route to host`, 255);
    }
    // `ssh NODE COMMAND...` runs the command there without a login banner, as ssh does.
    const words = ctx.argv.slice(1);
    const command = words.slice(words.findIndex((a) => !a.startsWith('-')) + 1);
    if (command.length) {
      // A simple command runs on the node with its own context, so `ssh NODE tcpdump ... &` in the
      // background leaves this terminal's shell where it was.
      const found = commandLookup(command[0], node);
      if (!found.ok) return fail(ctx, found.message.replace(/^bash: /, 'bash: line 1: '), found.status);
      return found.command.run({ ...ctx, node, argv: command });
    }
    ctx.shell.nodeStack.push(node.name);
    ctx.shell.cwd = '/root';
    ctx.out(`Welcome to Ubuntu 22.04.3 LTS (GNU/Linux 5.15.0-88-generic x86_64)\n\nLast login: ${lastLogin(ctx)} from ${ctx.node.ip}\n`);
    return 0;
  },
  complete: (_args, _word, ctx) => ctx.world.state.nodes.map((n) => n.name),
};

function lastLogin(ctx: CommandContext): string {
  const d = new Date(ctx.world.state.clock.epoch + ctx.world.now - 3_600_000);
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  return `${days[d.getUTCDay()]} ${months[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${d.toISOString().slice(11, 19)} ${d.getUTCFullYear()}`;
}

const history: CommandSpec = {
  name: 'history',
  summary: 'display the command history',
  run(ctx) {
    if (ctx.argv[1] === '-c') {
      ctx.shell.history.length = 0;
      return 0;
    }
    ctx.shell.history.forEach((h, i) => ctx.out(`${String(i + 1).padStart(5, ' ')}  ${h}\n`));
    return 0;
  },
};

const clear: CommandSpec = {
  name: 'clear',
  summary: 'clear the terminal screen',
  run(ctx) {
    ctx.effects.clear = true;
    ctx.out('\x1b[H\x1b[2J\x1b[3J');
    return 0;
  },
};

const hostname: CommandSpec = {
  name: 'hostname',
  summary: 'show the system host name',
  run(ctx) {
    const a = ctx.argv[1];
    if (a === '-I' || a === '--all-ip-addresses') {
      const ips = ctx.node.links.filter((l) => l.up && l.kind !== 'loopback').flatMap((l) => l.addrs.map((x) => x.cidr.split('/')[0]));
      ctx.out(ips.join(' ') + ' \n');
    } else if (a === '-i') ctx.out(`${ctx.node.ip}\n`);
    else if (a === undefined) ctx.out(`${ctx.node.name}\n`);
    else if (a.startsWith('-')) return fail(ctx, `hostname: invalid option -- '${a.replace(/^-+/, '')[0]}'\nUsage: hostname [-b] {hostname|-F file}         set host name (from file)\n       hostname [-a|-A|-d|-f|-i|-I|-s|-y]       display formatted name\n       hostname                                 display host name`, 1);
    else return fail(ctx, 'hostname: you must be root to change the host name', 1);
    return 0;
  },
};

/** `sleep 30`, `sleep 1.5`, `sleep 2m`: advances the simulated clock. */
const sleep: CommandSpec = {
  name: 'sleep',
  summary: 'wait (advances simulated time)',
  async run(ctx) {
    const args = ctx.argv.slice(1);
    if (args.length === 0) return fail(ctx, "sleep: missing operand\nTry 'sleep --help' for more information.", 1);
    let total = 0;
    for (const a of args) {
      const m = /^(\d+(?:\.\d*)?|\.\d+)([smhd]?)$/.exec(a);
      if (!m) return fail(ctx, `sleep: invalid time interval ‘${a}’\nTry 'sleep --help' for more information.`, 1);
      total += Number(m[1]) * { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2] as '' | 's' | 'm' | 'h' | 'd'];
    }
    await ctx.fastForward(Math.round(total * 1000));
    return ctx.interrupted() ? 130 : 0;
  },
};

/**
 * `read [-r] [-p PROMPT] NAME...`: one line of standard input split into the names, the last
 * taking the rest. The interpreter moves the list's input past the line (`while read l; do`).
 */
const read: CommandSpec = {
  name: 'read',
  summary: 'read a line from standard input into variables',
  usage: 'read [-r] [NAME...]',
  run(ctx) {
    const args = ctx.argv.slice(1);
    let raw = false;
    const names: string[] = [];
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (a === '-r') raw = true;
      else if (a === '-p') i++; // the prompt goes to a terminal; this input never is one
      else if (/^-[a-zA-Z]/.test(a) && !names.length) return fail(ctx, `bash: read: ${a}: invalid option\nread: usage: read [-ers] [-a array] [-d delim] [-i text] [-n nchars] [-N nchars] [-p prompt] [-t timeout] [-u fd] [name ...]`, 2);
      else if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(a)) return fail(ctx, `bash: read: \`${a}': not a valid identifier`, 1);
      else names.push(a);
    }
    const nl = ctx.stdin.indexOf('\n');
    if (ctx.stdin === '') return 1;
    let line = nl < 0 ? ctx.stdin : ctx.stdin.slice(0, nl);
    if (!raw) line = line.replace(/\\(.)/g, '$1');
    const targets = names.length ? names : ['REPLY'];
    if (!names.length) ctx.shell.env.REPLY = line;
    else {
      const fields = line.replace(/^[ \t]+/, '').split(/[ \t]+/);
      targets.forEach((name, i) => {
        ctx.shell.env[name] = i < targets.length - 1 ? (fields[i] ?? '') : fields.slice(i).join(' ').replace(/[ \t]+$/, '');
      });
    }
    // A last line without a newline is read, but read says end of file.
    return nl < 0 ? 1 : 0;
  },
};

/** `break` and `continue` run in the interpreter (they leave loops); these entries name them for `help` and completion. */
const breakCmd: CommandSpec = { name: 'break', summary: 'exit for, while, or until loops', run: (ctx) => fail(ctx, "bash: break: only meaningful in a `for', `while', or `until' loop", 0) };
const continueCmd: CommandSpec = { name: 'continue', summary: 'resume for, while, or until loops', run: (ctx) => fail(ctx, "bash: continue: only meaningful in a `for', `while', or `until' loop", 0) };

const colon: CommandSpec = { name: ':', summary: 'null command', run: () => 0 };

const trueCmd: CommandSpec = { name: 'true', summary: 'do nothing, successfully', run: () => 0 };
const falseCmd: CommandSpec = { name: 'false', summary: 'do nothing, unsuccessfully', run: () => 1 };

const whoami: CommandSpec = { name: 'whoami', summary: 'print the user name', run: (ctx) => (ctx.out('root\n'), 0) };

const date: CommandSpec = {
  name: 'date',
  summary: 'print the simulated date and time',
  run(ctx) {
    const d = new Date(ctx.world.state.clock.epoch + ctx.world.now);
    const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
    const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
    ctx.out(`${days[d.getUTCDay()]} ${months[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${d.toISOString().slice(11, 19)} UTC ${d.getUTCFullYear()}\n`);
    return 0;
  },
};

const which: CommandSpec = {
  name: 'which',
  summary: 'locate a command',
  run(ctx) {
    let status = 0;
    for (const name of ctx.argv.slice(1)) {
      const path = ['/usr/local/bin', '/usr/bin', '/bin', '/usr/sbin', '/sbin'].map((d) => `${d}/${name}`).find((p) => ctx.node.fs[p]);
      if (path) ctx.out(path + '\n');
      else if (COMMAND_PATHS[name]) ctx.out(COMMAND_PATHS[name] + '\n');
      else status = 1;
    }
    return status;
  },
};

/** Where the system tools live on Ubuntu, for `which`. */
const COMMAND_PATHS: Record<string, string> = {
  kubectl: '/usr/bin/kubectl', ip: '/usr/sbin/ip', curl: '/usr/bin/curl', tcpdump: '/usr/bin/tcpdump', ping: '/usr/bin/ping',
  sed: '/usr/bin/sed', grep: '/usr/bin/grep', cat: '/usr/bin/cat', ls: '/usr/bin/ls', vim: '/usr/bin/vim', vi: '/usr/bin/vi',
  ssh: '/usr/bin/ssh', iptables: '/usr/sbin/iptables', head: '/usr/bin/head', tail: '/usr/bin/tail', wc: '/usr/bin/wc',
};

export function fail(ctx: CommandContext, message: string, status: number): number {
  ctx.err(message + '\n');
  return status;
}

export const builtins: CommandSpec[] = [cd, pwd, echo, exportCmd, unset, env, exit, ssh, history, clear, hostname, sleep, trueCmd, falseCmd, whoami, date, which, read, breakCmd, continueCmd, colon, test, bracket];
