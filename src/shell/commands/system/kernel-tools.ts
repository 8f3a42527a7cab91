/**
 * The kernel as a student inspects it on a Calico node: `sysctl` (procps) over the node's
 * /proc/sys (`emulator/system/kernel.ts`; `cat /proc/sys/...` reads the same values), `lsmod`
 * and `modprobe` (kmod) over the modules the node's devices pulled in, and `uname`.
 */
import type { CommandContext, CommandSpec } from '../../context';
import { fsRead, fsResolve } from '../../../emulator/fs';
import { KERNEL_RELEASE, KERNEL_VERSION } from '../../../emulator/system/host';
import { KNOWN_MODULES, kernelModules, nodeSysctls, sysctlPath } from '../../../emulator/system/kernel';
import { procSysWrite } from '../../../emulator/system/procfs';
import { SYSCTL_USAGE } from './usage-texts';

/** `net/ipv4/ip_forward` and `net.ipv4.ip_forward` name the same key. */
function normaliseKey(k: string): string {
  return k.includes('/') && !k.includes('.') ? k.replace(/^\/?(proc\/sys\/)?/, '').replace(/\//g, '.') : k;
}

/** A value checked as the kernel checks it; procSysWrite flips every interface's forwarding with ip_forward. */
function sysctlWrite(ctx: CommandContext, key: string, value: string): string | null {
  const current = nodeSysctls(ctx.node).find(([k]) => k === key);
  if (!current) return `sysctl: cannot stat ${sysctlPath(key)}: No such file or directory`;
  if (/^-?\d+$/.test(current[1]) && !/^\s*-?\d+\s*$/.test(value)) return `sysctl: setting key "${key}": Invalid argument`;
  const v = value.trim();
  procSysWrite(ctx.node, key, v);
  return null;
}

export const sysctl: CommandSpec = {
  name: 'sysctl',
  summary: 'configure kernel parameters at runtime',
  usage: 'sysctl [-a] [-n] [-w] [-p FILE] [variable[=value] ...]',
  run(ctx) {
    const args = ctx.argv.slice(1);
    let all = false;
    let valuesOnly = false;
    let namesOnly = false;
    let quiet = false;
    let ignore = false;
    let load: string | null = null;
    let pattern: RegExp | null = null;
    const vars: string[] = [];
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (a === '--') {
        vars.push(...args.slice(i + 1));
        break;
      }
      if (a.startsWith('--')) {
        const [name, val] = a.split('=');
        if (name === '--all') all = true;
        else if (name === '--values') valuesOnly = true;
        else if (name === '--names') namesOnly = true;
        else if (name === '--quiet') quiet = true;
        else if (name === '--ignore') ignore = true;
        else if (name === '--write') continue;
        else if (name === '--load') load = val ?? '/etc/sysctl.conf';
        else if (name === '--system') load = '--system';
        else if (name === '--help') return ctx.out(SYSCTL_USAGE), 0;
        else if (name === '--version') return ctx.out('sysctl from procps-ng 3.3.17\n'), 0;
        else {
          ctx.err(`sysctl: unrecognized option '${a}'\n`);
          ctx.out(SYSCTL_USAGE);
          return 0;
        }
        continue;
      }
      if (a.startsWith('-') && a.length > 1) {
        for (let j = 1; j < a.length; j++) {
          const c = a[j];
          if ('aAX'.includes(c)) all = true;
          else if (c === 'n') valuesOnly = true;
          else if (c === 'N') namesOnly = true;
          else if (c === 'q') quiet = true;
          else if (c === 'e') ignore = true;
          else if (c === 'w' || c === 'o' || c === 'x' || c === 'b') continue;
          else if (c === 'p' || c === 'f') {
            load = a.slice(j + 1) || (args[i + 1] && !args[i + 1].startsWith('-') ? args[++i] : '/etc/sysctl.conf');
            break;
          } else if (c === 'r') {
            const v = a.slice(j + 1) || args[++i] || '';
            try {
              pattern = new RegExp(v);
            } catch {
              pattern = /$^/;
            }
            all = true;
            break;
          } else if (c === 'h' || c === 'd') return ctx.out(SYSCTL_USAGE), 0;
          else if (c === 'V') return ctx.out('sysctl from procps-ng 3.3.17\n'), 0;
          else {
            ctx.err(`sysctl: invalid option -- '${c}'\n`);
            ctx.out(SYSCTL_USAGE);
            return 0;
          }
        }
        continue;
      }
      vars.push(a);
    }
    const show = (k: string, v: string) => ctx.out(valuesOnly ? `${v}\n` : namesOnly ? `${k}\n` : `${k} = ${v}\n`);
    if (load !== null) return sysctlLoad(ctx, load, quiet);
    if (all) {
      for (const [k, v] of nodeSysctls(ctx.node)) if (!pattern || pattern.test(k)) show(k, v);
      return 0;
    }
    if (!vars.length) {
      ctx.err('sysctl: no variables specified\nTry `sysctl --help\' for more information.\n');
      return 1;
    }
    let status = 0;
    const table = nodeSysctls(ctx.node);
    for (const arg of vars) {
      const eq = arg.indexOf('=');
      if (eq >= 0 || ctx.argv.includes('-w')) {
        if (eq < 0) {
          ctx.err(`sysctl: "${arg}" must be of the form name=value\n`);
          status = 1;
          continue;
        }
        const key = normaliseKey(arg.slice(0, eq).trim());
        const value = arg.slice(eq + 1);
        const problem = sysctlWrite(ctx, key, value);
        if (problem) {
          if (!ignore) ctx.err(problem + '\n');
          status = ignore ? status : 1;
        } else if (!quiet) show(key, value.trim());
        continue;
      }
      const key = normaliseKey(arg);
      const exact = table.find(([k]) => k === key);
      if (exact) {
        show(exact[0], exact[1]);
        continue;
      }
      // A directory prints every key under it.
      const under = table.filter(([k]) => k.startsWith(key + '.'));
      if (under.length) {
        for (const [k, v] of under) show(k, v);
        continue;
      }
      if (!ignore) ctx.err(`sysctl: cannot stat ${sysctlPath(key)}: No such file or directory\n`);
      status = ignore ? status : 1;
    }
    return status;
  },
  complete: (args, word, ctx) => (word.startsWith('-') ? ['-a', '-n', '-w', '-p', '--system'] : nodeSysctls(ctx.node).map(([k]) => k)).filter((c) => c.startsWith(word)).slice(0, 200),
};

/** `sysctl -p FILE` / `--system`: apply `key = value` lines and echo each as it is set. */
function sysctlLoad(ctx: CommandContext, file: string, quiet: boolean): number {
  const files = file === '--system' ? Object.keys(ctx.node.fs).filter((p) => /^\/etc\/sysctl\.d\/[^/]+\.conf$/.test(p)).sort().concat(ctx.node.fs['/etc/sysctl.conf'] ? ['/etc/sysctl.conf'] : []) : [fsResolve(ctx.shell.cwd, file)];
  let status = 0;
  for (const path of files) {
    const text = fsRead(ctx.node.fs, path);
    if (file === '--system') ctx.out(`* Applying ${path} ...\n`);
    if (text === 'ENOENT' || text === 'EISDIR' || text === 'ENOTDIR') {
      ctx.err(`sysctl: cannot open "${path}": No such file or directory\n`);
      status = 255;
      continue;
    }
    for (const raw of text.split('\n')) {
      const line = raw.trim();
      if (!line || line.startsWith('#') || line.startsWith(';')) continue;
      const eq = line.indexOf('=');
      if (eq < 0) {
        ctx.err(`sysctl: ${path}(${text.split('\n').indexOf(raw) + 1}): invalid syntax, continuing...\n`);
        continue;
      }
      const key = normaliseKey(line.slice(0, eq).trim().replace(/^-/, ''));
      const value = line.slice(eq + 1).trim();
      const problem = sysctlWrite(ctx, key, value);
      if (problem) {
        if (!line.startsWith('-')) ctx.err(problem + '\n');
        status = line.startsWith('-') ? status : 255;
      } else if (!quiet) ctx.out(`${key} = ${value}\n`);
    }
  }
  return status;
}

export const lsmod: CommandSpec = {
  name: 'lsmod',
  summary: 'show the status of modules in the Linux kernel',
  run(ctx) {
    if (ctx.argv.length > 1) {
      ctx.err('Usage: lsmod\n');
      return 1;
    }
    let out = `${'Module'.padEnd(19)} ${'Size'.padStart(8)}  Used by\n`;
    for (const m of kernelModules(ctx.world, ctx.node)) {
      out += `${m.name.padEnd(19)} ${String(m.size).padStart(8)}  ${m.refs + m.usedBy.length}${m.usedBy.length ? ' ' + m.usedBy.join(',') : ''}\n`;
    }
    ctx.out(out);
    return 0;
  },
};

/** Where Ubuntu keeps a module (for `modprobe -v`'s insmod lines). */
function modulePath(name: string): string {
  const dir: Record<string, string> = { ipip: 'net/ipv4', ip_tunnel: 'net/ipv4', tunnel4: 'net/ipv4', vxlan: 'drivers/net', veth: 'drivers/net', wireguard: 'drivers/net/wireguard', br_netfilter: 'net/bridge', overlay: 'fs/overlayfs', ip_vs: 'net/netfilter/ipvs' };
  return `/lib/modules/${KERNEL_RELEASE}/kernel/${dir[name] ?? 'net/netfilter'}/${name}.ko`;
}

export const modprobe: CommandSpec = {
  name: 'modprobe',
  summary: 'add and remove modules from the Linux kernel',
  usage: 'modprobe [-r] [-v] MODULE',
  run(ctx) {
    const args = ctx.argv.slice(1);
    const remove = args.some((a) => a === '-r' || a === '--remove');
    const verbose = args.some((a) => a === '-v' || a === '--verbose');
    const bad = args.find((a) => a.startsWith('-') && !['-r', '--remove', '-v', '--verbose', '-a', '--all', '-q', '--quiet'].includes(a));
    if (bad) {
      ctx.err(bad.startsWith('--') ? `modprobe: unrecognized option '${bad}'\n` : `modprobe: invalid option -- '${bad[1]}'\n`);
      ctx.err("modprobe: ERROR: unexpected getopt_long() value '?'.\n");
      return 1;
    }
    const names = args.filter((a) => !a.startsWith('-')).map((n) => n.replace(/-/g, '_'));
    if (!names.length) {
      ctx.err('modprobe: ERROR: missing parameters. See -h.\n');
      return 1;
    }
    const list = (args.includes('-a') || args.includes('--all') || remove) ? names : names.slice(0, 1);
    for (const name of list) {
      if (!KNOWN_MODULES.has(name)) {
        if (remove) {
          ctx.err(`modprobe: FATAL: Module ${name} not found.\n`);
          return 1;
        }
        ctx.err(`modprobe: FATAL: Module ${name} not found in directory /lib/modules/${KERNEL_RELEASE}\n`);
        return 1;
      }
      const loaded = kernelModules(ctx.world, ctx.node).find((m) => m.name === name);
      if (remove) {
        if (!loaded) continue;
        if (loaded.usedBy.length || loaded.refs || !(ctx.node.modulesLoaded ?? []).includes(name)) {
          ctx.err(`modprobe: FATAL: Module ${name} is in use.\n`);
          return 1;
        }
        ctx.node.modulesLoaded = (ctx.node.modulesLoaded ?? []).filter((m) => m !== name);
        if (verbose) ctx.out(`rmmod ${name}\n`);
        continue;
      }
      if (loaded) continue;
      (ctx.node.modulesLoaded ??= []).push(name);
      if (verbose) ctx.out(`insmod ${modulePath(name)} \n`);
    }
    return 0;
  },
  complete: (_args, word) => [...KNOWN_MODULES].filter((c) => c.startsWith(word)),
};

export const uname: CommandSpec = {
  name: 'uname',
  summary: 'print system information',
  usage: 'uname [-asnrvmpio]',
  run(ctx) {
    const long: Record<string, string> = {
      '--all': 'a', '--kernel-name': 's', '--nodename': 'n', '--kernel-release': 'r', '--kernel-version': 'v', '--machine': 'm',
      '--processor': 'p', '--hardware-platform': 'i', '--operating-system': 'o',
    };
    const want = new Set<string>();
    for (const a of ctx.argv.slice(1)) {
      if (a === '--help') return ctx.out('Usage: uname [OPTION]...\nPrint certain system information.  With no OPTION, same as -s.\n'), 0;
      if (a === '--version') return ctx.out('uname (GNU coreutils) 8.32\n'), 0;
      if (a.startsWith('--')) {
        if (!long[a]) {
          ctx.err(`uname: unrecognized option '${a}'\nTry 'uname --help' for more information.\n`);
          return 1;
        }
        want.add(long[a]);
      } else if (a.startsWith('-') && a.length > 1) {
        for (const c of a.slice(1)) {
          if (!'asnrvmpio'.includes(c)) {
            ctx.err(`uname: invalid option -- '${c}'\nTry 'uname --help' for more information.\n`);
            return 1;
          }
          want.add(c);
        }
      } else {
        ctx.err(`uname: extra operand '${a}'\nTry 'uname --help' for more information.\n`);
        return 1;
      }
    }
    if (!want.size) want.add('s');
    const fields: [string, string][] = [
      ['s', 'Linux'], ['n', ctx.node.name], ['r', KERNEL_RELEASE], ['v', KERNEL_VERSION], ['m', 'x86_64'], ['p', 'x86_64'], ['i', 'x86_64'], ['o', 'GNU/Linux'],
    ];
    ctx.out(fields.filter(([k]) => want.has(k) || want.has('a')).map(([, v]) => v).join(' ') + '\n');
    return 0;
  },
  complete: (_args, word) => ['-a', '-r', '-n', '-m', '-s', '-v'].filter((c) => c.startsWith(word)),
};
