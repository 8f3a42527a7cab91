/**
 * procps-ng `ps`: the node's processes from `emulator/system/processes.ts` plus this terminal's
 * login (sshd, -bash as `$$` says, 4127) and ps itself. `ps -ef | grep bird` shows BIRD under
 * calico-node's runsv; delete the calico-node pod and the new BIRD has a new pid. Forms: `ps`,
 * `-e`/`-A`, `-f`, `-p PID,…`, `-C NAME`, and BSD `aux`. PIDs are 7 wide because Ubuntu's
 * systemd raises kernel.pid_max to 4194304. On a terminal lines stop at $COLUMNS (80).
 */
import type { CommandContext, CommandSpec } from '../../context';
import type { Proc } from '../../../emulator/system/processes';
import { nodeProcesses, procCpuMs } from '../../../emulator/system/processes';
import { nodeBootedAt } from '../../../emulator/system/host';

const SHELL_PID = 4127;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The terminal's own processes: the ssh login, its bash ($$ = 4127), and ps. */
function sessionProcs(ctx: CommandContext, procs: Proc[]): Proc[] {
  const sshd = procs.find((p) => p.comm === 'sshd');
  const login = Math.max(nodeBootedAt(ctx.world, ctx.node) + 95_000, Math.min(...procs.map((p) => p.start)));
  const out: Proc[] = [
    { pid: SHELL_PID - 13, ppid: sshd?.pid ?? 1, user: 'root', start: login, cmd: 'sshd: root@pts/0', comm: 'sshd', load: 0.00002 },
    { pid: SHELL_PID, ppid: SHELL_PID - 13, user: 'root', start: login + 200, cmd: '-bash', comm: 'bash', load: 0.00001 },
  ];
  const top = Math.max(SHELL_PID, ...procs.map((p) => p.pid));
  out.push({ pid: top + 1 + (ctx.world.now % 3), ppid: SHELL_PID, user: 'root', start: ctx.world.now, cmd: ctx.argv.join(' '), comm: 'ps', load: 0 });
  return out;
}

function tty(p: Proc): string {
  return p.cmd === '-bash' || p.comm === 'ps' || p.cmd === 'sshd: root@pts/0' ? (p.cmd.startsWith('sshd') ? '?' : 'pts/0') : p.comm === 'agetty' ? 'tty1' : '?';
}

/** STIME/START: the time today, the month and day this year, else the year. */
function stime(ctx: CommandContext, at: number): string {
  const d = new Date(ctx.world.state.clock.epoch + at);
  const now = new Date(ctx.world.state.clock.epoch + ctx.world.now);
  if (d.toISOString().slice(0, 10) === now.toISOString().slice(0, 10)) return d.toISOString().slice(11, 16);
  if (d.getUTCFullYear() === now.getUTCFullYear()) return `${MONTHS[d.getUTCMonth()]}${String(d.getUTCDate()).padStart(2, '0')}`;
  return String(d.getUTCFullYear());
}

/** Cumulative CPU time as `-f` prints it: [DD-]HH:MM:SS. */
function cputime(ms: number): string {
  const s = Math.floor(ms / 1000);
  const days = Math.floor(s / 86400);
  const hms = [Math.floor((s % 86400) / 3600), Math.floor((s % 3600) / 60), s % 60].map((n) => String(n).padStart(2, '0')).join(':');
  return days ? `${days}-${hms}` : hms;
}

/** ps shows at most 8 characters of a user name, the last one a `+` when cut. */
function userName(u: string): string {
  return u.length > 8 ? u.slice(0, 7) + '+' : u;
}

/** Rough memory figures for `aux` by program (KiB): what these daemons use on a 4 GB node. */
function memory(p: Proc): [number, number] {
  if (p.kernel) return [0, 0];
  const table: Record<string, [number, number]> = {
    systemd: [167744, 12956], 'systemd-journal': [64572, 15408], 'systemd-udevd': [25400, 6480], 'systemd-network': [16116, 7840],
    'systemd-resolve': [25532, 12584], 'systemd-timesyn': [89364, 6560], cron: [7300, 2780], 'dbus-daemon': [8808, 4944],
    rsyslogd: [222404, 5360], 'systemd-logind': [15024, 7360], agetty: [6172, 1052], sshd: [15432, 9012], containerd: [1877260, 58912],
    kubelet: [1945380, 96564], 'containerd-shim': [722528, 13560], pause: [996, 4], etcd: [11214400, 64308], 'kube-apiserver': [1327152, 358100],
    'kube-controller': [825028, 112332], 'kube-scheduler': [759948, 60412], 'kube-proxy': [1289848, 48412], runsvdir: [4416, 1040], runsv: [4264, 1016],
    'calico-node': [1683580, 61032], bird: [6600, 3732], bird6: [6464, 2448], coredns: [747452, 44800], 'kube-controllers': [1271484, 45736],
    nginx: [9084, 6260], bash: [8768, 5408], ps: [10072, 3588],
  };
  const [vsz, rss] = table[p.comm] ?? [12000, 4000];
  return p.cmd === 'nginx: worker process' ? [9536, 2652] : p.cmd.startsWith('calico-node -') && p.cmd !== 'calico-node -felix' ? [1314724, 46220] : [vsz, rss];
}

function statCode(p: Proc): string {
  if (p.kernel) return p.comm.startsWith('kworker') && p.comm.includes('H') ? 'I<' : p.comm.startsWith('k') || p.comm.startsWith('rcu') ? 'S' : 'I<';
  if (p.comm === 'ps') return 'R+';
  if (p.cmd === '-bash') return 'Ss';
  if (p.pid === 1) return 'Ss';
  if (['containerd', 'kubelet', 'etcd', 'kube-apiserver', 'kube-controller', 'kube-scheduler', 'kube-proxy', 'calico-node', 'coredns', 'kube-controllers', 'containerd-shim', 'rsyslogd', 'systemd-timesyn'].includes(p.comm)) return p.comm === 'calico-node' || p.comm === 'containerd-shim' ? 'Sl' : 'Ssl';
  if (p.comm === 'runsvdir' || p.comm === 'pause' || p.comm === 'bird' || p.comm === 'bird6' || p.comm === 'runsv' || p.comm === 'nginx') return p.cmd.includes('master') || p.comm === 'pause' || p.comm === 'runsvdir' ? 'Ss' : 'S';
  return 'Ss';
}

const SYSV_OK = 'eAfpCaxuwlHjy';

export const ps: CommandSpec = {
  name: 'ps',
  summary: 'report a snapshot of the current processes',
  usage: 'ps [-ef] [-p PID] [-C NAME] | ps aux',
  run(ctx) {
    const args = ctx.argv.slice(1);
    let all = false;
    let full = false;
    let bsd = false;
    const pids: number[] = [];
    const names: string[] = [];
    const usage = (why: string) => {
      ctx.err(`error: ${why}\n\nUsage:\n ps [options]\n\n Try 'ps --help <simple|list|output|threads|misc|all>'\n  or 'ps --help <s|l|o|t|m|a>'\n for additional help text.\n\nFor more details see ps(1).\n`);
      return 1;
    };
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (a.startsWith('--')) {
        if (a === '--help') return usage('unknown gnu long option'), 0;
        return usage('unknown gnu long option');
      }
      if (a.startsWith('-')) {
        for (let j = 1; j < a.length; j++) {
          const c = a[j];
          if (!SYSV_OK.includes(c)) return usage('unsupported SysV option');
          if (c === 'e' || c === 'A') all = true;
          else if (c === 'f') full = true;
          else if (c === 'p' || c === 'C') {
            const v = a.slice(j + 1) || args[++i];
            if (v === undefined) return usage('list of process IDs must follow -p'.replace('process IDs', c === 'p' ? 'process IDs' : 'command names'));
            if (c === 'p') {
              for (const x of v.split(',')) {
                if (!/^\d+$/.test(x)) return usage('process ID list syntax error');
                pids.push(Number(x));
              }
            } else names.push(...v.split(','));
            break;
          }
        }
      } else {
        // BSD style without a dash: aux, ax, axu ...
        for (const c of a) {
          if (!'auxwf'.includes(c)) return usage('unsupported option (BSD syntax)');
        }
        bsd = true;
        all = a.includes('a') && a.includes('x');
      }
    }
    const base = nodeProcesses(ctx.world, ctx.node);
    let procs = [...base, ...sessionProcs(ctx, base)].sort((a, b) => a.pid - b.pid);
    if (pids.length) procs = procs.filter((p) => pids.includes(p.pid));
    else if (names.length) procs = procs.filter((p) => names.includes(p.comm));
    else if (!all) procs = procs.filter((p) => tty(p) === 'pts/0');
    const width = ctx.stdoutIsTty ? Number(ctx.shell.env.COLUMNS) || 80 : Infinity;
    const cut = (line: string) => (line.length > width ? line.slice(0, width) : line);
    const lines: string[] = [];
    if (bsd && /u/.test(args.join(''))) {
      lines.push(`USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND`);
      for (const p of procs) {
        const [vsz, rss] = memory(p);
        const cpu = procCpuMs(ctx.world, p);
        const elapsed = Math.max(1, ctx.world.now - p.start);
        const pcpu = ((cpu * 100) / elapsed).toFixed(1);
        const pmem = ((rss * 100) / 4005888).toFixed(1);
        const t = `${Math.floor(cpu / 60000)}:${String(Math.floor(cpu / 1000) % 60).padStart(2, '0')}`;
        lines.push(`${userName(p.user).padEnd(8)} ${String(p.pid).padStart(7)} ${pcpu.padStart(4)} ${pmem.padStart(4)} ${String(vsz).padStart(6)} ${String(rss).padStart(5)} ${tty(p).padEnd(8)} ${statCode(p).padEnd(4)} ${stime(ctx, p.start).padEnd(5)} ${t.padStart(6)} ${p.cmd}`);
      }
    } else if (full) {
      lines.push('UID          PID    PPID  C STIME TTY          TIME CMD');
      for (const p of procs) {
        const c = Math.floor((procCpuMs(ctx.world, p) * 100) / Math.max(1, ctx.world.now - p.start));
        lines.push(`${userName(p.user).padEnd(8)} ${String(p.pid).padStart(7)} ${String(p.ppid).padStart(7)} ${String(c).padStart(2)} ${stime(ctx, p.start).padEnd(5)} ${tty(p).padEnd(8)} ${cputime(procCpuMs(ctx.world, p)).padStart(8)} ${p.cmd}`);
      }
    } else {
      lines.push('    PID TTY          TIME CMD');
      for (const p of procs) lines.push(`${String(p.pid).padStart(7)} ${tty(p).padEnd(8)} ${cputime(procCpuMs(ctx.world, p)).padStart(8)} ${p.comm}`);
    }
    ctx.out(lines.map(cut).join('\n') + '\n');
    return pids.length || names.length ? (lines.length > 1 ? 0 : 1) : 0;
  },
  complete: (_args, word) => ['-ef', '-e', '-f', '-p', '-C', 'aux'].filter((c) => c.startsWith(word)),
};
