/** Shell builtins and node basics: cd, echo, export, exit, ssh, history, sleep, hostname, ... */
import type { CommandContext, CommandSpec } from '../context';
import { fsIsExecutable, fsResolve, fsStat } from '../../emulator/fs';
import { functionText } from '../parse/unparse';
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
      // ssh joins its words into one line for the remote shell: `ssh NODE 'ip r | grep tunl0'`.
      const line = command.join(' ');
      // The remote bash's own words (exit, cd, export...) act on that shell, not this one.
      const shellWord = SHELL_WORDS.has(command[0]) || builtins.some((b) => b.name === command[0]);
      if (shellWord || command.some((w) => /[\s|&;<>()$`'"\\*?[\]{}~#=]/.test(w))) return ctx.remote(node.name, line, ctx.out, ctx.err);
      // A program runs on the node with its own context, so `ssh NODE tcpdump ... &` in the
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

/** Words the interpreter answers itself (interpreter.ts), besides the builtins below. */
const SHELL_WORDS = new Set(['break', 'continue', 'return', 'local', 'exit', 'source', '.', 'eval']);

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
      // A builtin with no program on disk (cd, alias) is not found, as on Ubuntu.
      const program = path ?? COMMAND_PATHS[name] ?? (BASH_BUILTINS.has(name) && !ALSO_PROGRAMS.has(name) ? null : programPath(ctx, name));
      if (program) ctx.out(program + '\n');
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
  ss: '/usr/bin/ss', netstat: '/usr/bin/netstat', ps: '/usr/bin/ps', sysctl: '/usr/sbin/sysctl', lsmod: '/usr/sbin/lsmod',
  modprobe: '/usr/sbin/modprobe', uname: '/usr/bin/uname', route: '/usr/sbin/route', arp: '/usr/sbin/arp', crictl: '/usr/bin/crictl',
  systemctl: '/usr/bin/systemctl', journalctl: '/usr/bin/journalctl',
};

/**
 * `alias`, `alias NAME=VALUE…`, `alias NAME`: definitions live in the shell's state and are
 * expanded by the parser where a command starts (`alias k=kubectl`, then `k get pods`).
 */
const alias: CommandSpec = {
  name: 'alias',
  summary: 'define or display aliases',
  usage: 'alias [-p] [name[=value] ... ]',
  run(ctx) {
    const defs = ctx.shell.aliases ?? {};
    const show = (name: string) => ctx.out(`alias ${name}='${defs[name].replace(/'/g, "'\\''")}'\n`);
    const args = ctx.argv.slice(1).filter((a, i) => !(i === 0 && a === '-p'));
    if (args.length === 0) {
      for (const name of Object.keys(defs).sort()) show(name);
      return 0;
    }
    let status = 0;
    for (const a of args) {
      const eq = a.indexOf('=');
      if (eq > 0) {
        const name = a.slice(0, eq);
        if (/[\s\/$`=|&;()<>'"\\]/.test(name)) {
          ctx.err(`bash: alias: \`${name}': invalid alias name\n`);
          status = 1;
          continue;
        }
        ctx.shell.aliases = { ...defs, [name]: a.slice(eq + 1) };
        Object.assign(defs, ctx.shell.aliases);
      } else if (Object.prototype.hasOwnProperty.call(defs, a)) show(a);
      else {
        ctx.err(`bash: alias: ${a}: not found\n`);
        status = 1;
      }
    }
    return status;
  },
};

const unalias: CommandSpec = {
  name: 'unalias',
  summary: 'remove alias definitions',
  usage: 'unalias [-a] name [name ...]',
  run(ctx) {
    const args = ctx.argv.slice(1);
    if (args.length === 0) return fail(ctx, 'unalias: usage: unalias [-a] name [name ...]', 2);
    if (args[0] === '-a') {
      ctx.shell.aliases = {};
      return 0;
    }
    const defs = { ...ctx.shell.aliases };
    let status = 0;
    for (const a of args) {
      if (Object.prototype.hasOwnProperty.call(defs, a)) delete defs[a];
      else {
        ctx.err(`bash: unalias: ${a}: not found\n`);
        status = 1;
      }
    }
    ctx.shell.aliases = defs;
    return status;
  },
};

/** `shift [N]`: drop the first N positional parameters. */
const shift: CommandSpec = {
  name: 'shift',
  summary: 'shift positional parameters',
  usage: 'shift [n]',
  run(ctx) {
    const arg = ctx.argv[1];
    const args = ctx.shell.positional ?? [];
    let n = 1;
    if (arg !== undefined) {
      if (!/^\s*[-+]?\d+\s*$/.test(arg)) return fail(ctx, `bash: shift: ${arg}: numeric argument required`, 1);
      n = Number(arg);
      if (n < 0) return fail(ctx, `bash: shift: ${arg}: shift count out of range`, 1);
    }
    if (n > args.length) return 1;
    ctx.shell.positional = args.slice(n);
    return 0;
  },
};

/** bash's reserved words, for `type`. */
const KEYWORDS = new Set(['if', 'then', 'else', 'elif', 'fi', 'case', 'esac', 'for', 'select', 'while', 'until', 'do', 'done', 'in', 'function', 'time', '{', '}', '!', '[[', ']]', 'coproc']);
/** Names that are bash builtins (the rest of the commands here are programs on $PATH). */
const BASH_BUILTINS = new Set(['cd', 'pwd', 'echo', 'export', 'unset', 'exit', 'history', 'read', 'break', 'continue', ':', 'true', 'false', 'test', '[', 'printf', 'alias', 'unalias', 'type', 'source', '.', 'shift', 'local', 'return', 'set', 'jobs', 'fg', 'bg', 'kill', 'wait', 'help', 'hash', 'eval', 'exec', 'declare', 'let', 'command', 'builtin', 'umask', 'ulimit', 'times', 'trap', 'getopts', 'enable', 'logout', 'popd', 'pushd', 'dirs', 'disown', 'suspend', 'shopt', 'readonly', 'typeset', 'mapfile', 'readarray', 'caller', 'compgen', 'complete', 'compopt', 'fc']);

/** Builtins that coreutils and procps also install as programs, so `which` finds them. */
const ALSO_PROGRAMS = new Set(['echo', 'printf', 'test', '[', 'true', 'false', 'kill', 'pwd']);

/** Where a program lives: a file on $PATH, else where Ubuntu 22.04 installs it. */
function programPath(ctx: CommandContext, name: string): string | null {
  for (const dir of (ctx.shell.env.PATH ?? '').split(':').filter(Boolean)) {
    const e = fsStat(ctx.node.fs, `${dir}/${name}`);
    if (e && e.type === 'file' && fsIsExecutable(e)) return `${dir}/${name}`;
  }
  const found = commandLookup(name, ctx.node, ctx.shell);
  if (!found.ok) return null;
  return COMMAND_PATHS[name] ?? (SBIN.has(name) ? `/usr/sbin/${name}` : `/usr/bin/${name}`);
}

/** Programs Ubuntu keeps in /usr/sbin. */
const SBIN = new Set(['ip', 'iptables', 'iptables-save', 'iptables-restore', 'ip6tables', 'sysctl', 'modprobe', 'lsmod', 'reboot', 'poweroff', 'shutdown', 'halt', 'ipvsadm', 'conntrack', 'arp', 'route', 'ifconfig', 'bridge', 'tc', 'ethtool', 'nft']);

/** `type [-t] NAME…`: alias, keyword, function, builtin or file, as bash answers. */
const type: CommandSpec = {
  name: 'type',
  summary: 'display information about command type',
  usage: 'type [-afptP] name [name ...]',
  run(ctx) {
    let args = ctx.argv.slice(1);
    let terse = false;
    while (args.length && /^-./.test(args[0])) {
      if (args[0] === '--') {
        args = args.slice(1);
        break;
      }
      const bad = [...args[0].slice(1)].find((c) => !'afptP'.includes(c));
      if (bad) return fail(ctx, `bash: type: -${bad}: invalid option\ntype: usage: type [-afptP] name [name ...]`, 2);
      if (args[0].includes('t')) terse = true;
      args = args.slice(1);
    }
    let status = 0;
    for (const name of args) {
      const aliasValue = ctx.shell.aliases?.[name];
      const fn = ctx.shell.functions?.[name];
      let kind: string;
      let text: string;
      if (aliasValue !== undefined) [kind, text] = ['alias', `${name} is aliased to \`${aliasValue}'`];
      else if (KEYWORDS.has(name)) [kind, text] = ['keyword', `${name} is a shell keyword`];
      else if (fn) [kind, text] = ['function', `${name} is a function\n${functionText(fn)}`];
      else if (BASH_BUILTINS.has(name)) [kind, text] = ['builtin', `${name} is a shell builtin`];
      else {
        const path = name.includes('/') ? (fsStat(ctx.node.fs, fsResolve(ctx.shell.cwd, name))?.type === 'file' ? name : null) : programPath(ctx, name);
        if (!path) {
          if (!terse) ctx.err(`bash: type: ${name}: not found\n`);
          status = 1;
          continue;
        }
        [kind, text] = ['file', `${name} is ${path}`];
      }
      ctx.out((terse ? kind : text) + '\n');
    }
    return status;
  },
};

/** `set -x`/`+x`, `set -e`/`+e`, `set -o NAME`, `set -- ARGS`; `set` alone lists the variables. */
const set: CommandSpec = {
  name: 'set',
  summary: 'set shell options and positional parameters',
  usage: 'set [-ex] [-o option-name] [--] [arg ...]',
  run(ctx) {
    const args = ctx.argv.slice(1);
    if (args.length === 0) {
      for (const k of Object.keys(ctx.shell.env).sort()) ctx.out(`${k}=${shellQuote(ctx.shell.env[k])}\n`);
      return 0;
    }
    const options = { ...ctx.shell.options };
    const names: Record<string, 'xtrace' | 'errexit'> = { x: 'xtrace', e: 'errexit', xtrace: 'xtrace', errexit: 'errexit' };
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (a === '--' || a === '-') {
        ctx.shell.positional = args.slice(i + 1);
        break;
      }
      if (!/^[-+]/.test(a)) {
        ctx.shell.positional = args.slice(i);
        break;
      }
      const on = a[0] === '-';
      if (a.slice(1) === 'o') {
        const opt = args[++i];
        if (opt === undefined) {
          ctx.out(`errexit        \t${options.errexit ? 'on' : 'off'}\nxtrace         \t${options.xtrace ? 'on' : 'off'}\n`);
          continue;
        }
        if (!names[opt] || opt.length === 1) return fail(ctx, `bash: set: ${opt}: invalid option name`, 1);
        options[names[opt]] = on;
        continue;
      }
      for (const c of a.slice(1)) {
        if (!names[c]) return fail(ctx, `bash: set: ${a[0]}${c}: invalid option\nset: usage: set [-abefhkmnptuvxBCEHPT] [-o option-name] [--] [-] [arg ...]`, 2);
        options[names[c]] = on;
      }
    }
    ctx.shell.options = options;
    return 0;
  },
};

/** A value as `set` prints it: bare when plain, else single-quoted. */
function shellQuote(v: string): string {
  return /^[A-Za-z0-9_.\/:@%+,=-]*$/.test(v) ? v : `'${v.replace(/'/g, "'\\''")}'`;
}

/** `return`, `local` and `source` run in the interpreter (they need its call stack); these name them for `help`, `type` and completion. */
const returnCmd: CommandSpec = { name: 'return', summary: 'return from a shell function', run: (ctx) => fail(ctx, "bash: return: can only `return' from a function or sourced script", 2) };
const localCmd: CommandSpec = { name: 'local', summary: 'define local variables', run: (ctx) => fail(ctx, 'bash: local: can only be used in a function', 1) };
const sourceCmd: CommandSpec = { name: 'source', summary: 'execute commands from a file in the current shell', run: () => 0 };
const dotCmd: CommandSpec = { ...sourceCmd, name: '.' };

export function fail(ctx: CommandContext, message: string, status: number): number {
  ctx.err(message + '\n');
  return status;
}

export const builtins: CommandSpec[] = [cd, pwd, echo, exportCmd, unset, env, exit, ssh, history, clear, hostname, sleep, trueCmd, falseCmd, whoami, date, which, read, breakCmd, continueCmd, colon, test, bracket, alias, unalias, shift, type, set, returnCmd, localCmd, sourceCmd, dotCmd];
