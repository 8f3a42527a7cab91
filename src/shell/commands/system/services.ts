/**
 * systemd on the node (249, Ubuntu 22.04): `systemctl status|is-active|is-enabled` for the units
 * whose processes `emulator/system/processes.ts` derives (kubelet, containerd, ssh, ...), and
 * `journalctl -u UNIT` with the journal those units would have written: the kubelet's start, its
 * "Container runtime network not ready" every 5 s until a CNI config appears in /etc/cni/net.d
 * (what a student sees before installing Calico), and each pod's "SyncLoop ADD".
 */
import type { CommandContext, CommandSpec } from '../../context';
import type { Proc } from '../../../emulator/system/processes';
import { nodeProcesses, podSandboxId, podsWithSandbox, procCpuMs } from '../../../emulator/system/processes';
import { apiTimeMs, kubeletStartedAt, nodeBootedAt, stableHash } from '../../../emulator/system/host';
import { kubeletStart, kubeletStop } from '../../../emulator/system/kubelet-service';

interface UnitInfo {
  description: string;
  path: string;
  docs?: string;
  dropIn?: string[];
  pre?: string;
  memory: string;
  tasks: number;
}

const UNITS: Record<string, UnitInfo> = {
  'kubelet.service': { description: 'kubelet: The Kubernetes Node Agent', path: '/lib/systemd/system/kubelet.service', docs: 'https://kubernetes.io/docs/home/', dropIn: ['/etc/systemd/system/kubelet.service.d', '10-kubeadm.conf'], memory: '94.3M', tasks: 15 },
  'containerd.service': { description: 'containerd container runtime', path: '/lib/systemd/system/containerd.service', docs: 'https://containerd.io', pre: '/sbin/modprobe overlay', memory: '1.1G', tasks: 112 },
  'ssh.service': { description: 'OpenBSD Secure Shell server', path: '/lib/systemd/system/ssh.service', docs: 'man:sshd(8)\n             man:sshd_config(5)', memory: '6.5M', tasks: 1 },
  'systemd-resolved.service': { description: 'Network Name Resolution', path: '/lib/systemd/system/systemd-resolved.service', docs: 'man:systemd-resolved.service(8)\n             man:org.freedesktop.resolve1(5)\n             https://www.freedesktop.org/wiki/Software/systemd/writing-network-configuration-managers\n             https://www.freedesktop.org/wiki/Software/systemd/writing-resolver-clients', memory: '8.6M', tasks: 1 },
  'systemd-networkd.service': { description: 'Network Configuration', path: '/lib/systemd/system/systemd-networkd.service', docs: 'man:systemd-networkd.service(8)', memory: '3.3M', tasks: 1 },
  'cron.service': { description: 'Regular background program processing daemon', path: '/lib/systemd/system/cron.service', docs: 'man:cron(8)', memory: '548.0K', tasks: 1 },
  'systemd-journald.service': { description: 'Journal Service', path: '/lib/systemd/system/systemd-journald.service', docs: 'man:systemd-journald.service(8)\n             man:journald.conf(5)', memory: '19.8M', tasks: 1 },
  'rsyslog.service': { description: 'System Logging Service', path: '/lib/systemd/system/rsyslog.service', docs: 'man:rsyslogd(8)\n             man:rsyslog.conf(5)\n             https://www.rsyslog.com/doc/', memory: '2.8M', tasks: 4 },
  'dbus.service': { description: 'D-Bus System Message Bus', path: '/lib/systemd/system/dbus.service', docs: 'man:dbus-daemon(1)', memory: '2.1M', tasks: 1 },
  'systemd-logind.service': { description: 'User Login Management', path: '/lib/systemd/system/systemd-logind.service', docs: 'man:sd-login(3)\n             man:systemd-logind.service(8)\n             man:logind.conf(5)\n             man:org.freedesktop.login1(5)', memory: '1.6M', tasks: 1 },
};

const ALIASES: Record<string, string> = { sshd: 'ssh', docker: 'docker', 'systemd-resolve': 'systemd-resolved' };

function unitName(arg: string): string {
  const base = arg.replace(/\.service$/, '');
  return `${ALIASES[base] ?? base}.service`;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function date(ctx: CommandContext, at: number): Date {
  return new Date(ctx.world.state.clock.epoch + at);
}

/** `Mon 2024-05-06 05:16:20 UTC` */
function fullTime(ctx: CommandContext, at: number): string {
  const d = date(ctx, at);
  return `${DAYS[d.getUTCDay()]} ${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 19)} UTC`;
}

/** systemd's format_timestamp_relative. */
function relative(ms: number): string {
  const s = Math.floor(ms / 1000);
  const m = Math.floor(s / 60);
  const h = Math.floor(m / 60);
  const d = Math.floor(h / 24);
  if (d >= 7) return `${Math.floor(d / 7)} weeks ${d % 7} days ago`;
  if (d >= 2) return `${d} days ago`;
  if (h >= 25) return `1 day ${h - 24}h ago`;
  if (h >= 6) return `${h}h ago`;
  if (h >= 1) return `${h}h ${m % 60}min ago`;
  if (m >= 5) return `${m}min ago`;
  if (m >= 1) return `${m}min ${s % 60}s ago`;
  if (s >= 1) return `${s}s ago`;
  return `${ms}ms ago`;
}

/** What the kubelet that ran from boot used before `systemctl stop` (its load as ps derives it). */
function kubeletCpuMs(ctx: CommandContext, from: number, to: number): number {
  return Math.floor(Math.max(0, to - from) * (ctx.node.name.includes('master') ? 0.021 : 0.012));
}

/** systemd's CPU line: `52.118s`, `2min 3.456s`. */
function cpuText(ms: number): string {
  const min = Math.floor(ms / 60000);
  const sec = ((ms % 60000) / 1000).toFixed(3);
  return min ? `${min}min ${sec}s` : `${sec}s`;
}

interface JournalLine {
  at: number;
  unit: string;
  ident: string;
  pid: number;
  text: string;
}

/** klog's header: `E0506 05:16:26.123456    1020 kubelet.go:2855] `. */
function klog(ctx: CommandContext, level: string, at: number, pid: number, where: string): string {
  const d = date(ctx, at);
  const mmdd = d.toISOString().slice(5, 10).replace('-', '');
  return `${level}${mmdd} ${d.toISOString().slice(11, 19)}.${String((at % 1000) * 1000 + (stableHash(`${at}/${where}`) % 1000)).padStart(6, '0')} ${String(pid).padStart(7)} ${where}] `;
}

/** What the node's units have logged since boot, oldest first. */
function journal(ctx: CommandContext, procs: Proc[]): JournalLine[] {
  const lines: JournalLine[] = [];
  const kubelet = procs.find((p) => p.unit === 'kubelet.service' && p.comm === 'kubelet') ?? stoppedKubeletProc(ctx);
  const containerd = procs.find((p) => p.comm === 'containerd');
  const boot = nodeBootedAt(ctx.world, ctx.node);
  const now = ctx.world.now;
  const sys = (at: number, unit: string, text: string) => lines.push({ at, unit, ident: 'systemd', pid: 1, text });
  sys(boot + 1_900, 'ssh.service', 'Starting OpenBSD Secure Shell server...');
  sys(boot + 5_600, 'ssh.service', 'Started OpenBSD Secure Shell server.');
  if (containerd) {
    sys(containerd.start - 300, 'containerd.service', 'Starting containerd container runtime...');
    const t = (at: number) => date(ctx, at).toISOString().replace('Z', '').padEnd(23, '0') + '000000Z';
    const c = (at: number, msg: string) => lines.push({ at, unit: 'containerd.service', ident: 'containerd', pid: containerd.pid, text: `time="${t(at)}" level=info msg="${msg}"` });
    c(containerd.start + 40, 'starting containerd" revision=61f9fd88816f0ba2fb4d4c40be1e9bb5e78cda5f version=1.6.24');
    c(containerd.start + 900, 'serving..." address=/run/containerd/containerd.sock');
    c(containerd.start + 910, 'containerd successfully booted in 0.087543s');
    sys(containerd.start + 920, 'containerd.service', 'Started containerd container runtime.');
    for (const pod of podsWithSandbox(ctx.world, ctx.node)) {
      const at = apiTimeMs(ctx.world, pod.status.startTime) + 500;
      c(at, `RunPodSandbox for &PodSandboxMetadata{Name:${pod.metadata.name},Uid:${pod.metadata.uid},Namespace:${pod.metadata.namespace},Attempt:0,}`);
      c(at + 400, `RunPodSandbox for &PodSandboxMetadata{Name:${pod.metadata.name},Uid:${pod.metadata.uid},Namespace:${pod.metadata.namespace},Attempt:0,} returns sandbox id \\"${podSandboxId(pod)}\\"`);
    }
  }
  // A kubelet stopped with systemctl (and perhaps started again): systemd's lines about it.
  const stoppedAt = ctx.node.kubeletStoppedAt;
  const lastStop = stoppedAt ?? ctx.node.kubeletLastStopAt;
  if (lastStop !== undefined) {
    const bootKubelet = kubeletStartedAt(ctx.world, ctx.node);
    sys(bootKubelet - 10, 'kubelet.service', 'Started kubelet: The Kubernetes Node Agent.');
    sys(lastStop, 'kubelet.service', 'Stopping kubelet: The Kubernetes Node Agent...');
    // systemctl stop returns once the unit is down: these lines are there when it returns.
    sys(lastStop, 'kubelet.service', 'kubelet.service: Deactivated successfully.');
    sys(lastStop, 'kubelet.service', 'Stopped kubelet: The Kubernetes Node Agent.');
    sys(lastStop, 'kubelet.service', `kubelet.service: Consumed ${cpuText(kubeletCpuMs(ctx, bootKubelet, lastStop))} CPU time.`);
  }
  if (kubelet) {
    const pid = kubelet.pid;
    const k = (at: number, level: string, where: string, msg: string) => lines.push({ at, unit: 'kubelet.service', ident: 'kubelet', pid, text: klog(ctx, level, at, pid, where) + msg });
    sys(kubelet.start - 10, 'kubelet.service', 'Started kubelet: The Kubernetes Node Agent.');
    k(kubelet.start + 160, 'I', 'server.go:467', '"Kubelet version" kubeletVersion="v1.28.2"');
    k(kubelet.start + 161, 'I', 'server.go:469', '"Golang settings" GOGC="" GOMAXPROCS="" GOTRACEBACK=""');
    k(kubelet.start + 420, 'I', 'kubelet_node_status.go:70', '"Attempting to register node" node="' + ctx.node.name + '"');
    // Until a CNI config exists the runtime reports its network not ready, every 5 s.
    const cni = ctx.node.fs['/etc/cni/net.d/10-calico.conflist'];
    const until = cni ? Math.min(cni.mtime, now) : now;
    for (let at = kubelet.start + 5_000; at <= until; at += 5_000) {
      k(at, 'E', 'kubelet.go:2855', '"Container runtime network not ready" networkReady="NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized"');
    }
    for (const pod of podsWithSandbox(ctx.world, ctx.node)) {
      // Static pods come from /etc/kubernetes/manifests, the rest from the API server.
      const source = pod.metadata.labels?.tier === 'control-plane' ? 'file' : 'api';
      k(Math.max(kubelet.start + 500, apiTimeMs(ctx.world, pod.status.startTime)), 'I', 'kubelet.go:2418', `"SyncLoop ADD" source="${source}" pods=["${pod.metadata.namespace}/${pod.metadata.name}"]`);
    }
  }
  // A stopped kubelet logs nothing more.
  return lines.filter((l) => l.at <= now && !(l.ident === 'kubelet' && stoppedAt !== undefined && l.at > stoppedAt)).sort((a, b) => a.at - b.at);
}

function journalText(ctx: CommandContext, l: JournalLine): string {
  const d = date(ctx, l.at);
  return `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, '0')} ${d.toISOString().slice(11, 19)} ${ctx.node.name} ${l.ident}[${l.pid}]: ${l.text}`;
}

function tree(procs: Proc[], rootPids: number[]): string[] {
  const out: string[] = [];
  const kids = (pid: number) => procs.filter((p) => p.ppid === pid && !p.pod?.container);
  const all: Proc[] = [];
  const walk = (p: Proc) => {
    all.push(p);
    kids(p.pid).filter((k) => k.unit === p.unit).forEach(walk);
  };
  rootPids.forEach((pid) => {
    const p = procs.find((x) => x.pid === pid);
    if (p) walk(p);
  });
  all.forEach((p, i) => out.push(`             ${i === all.length - 1 ? '└─' : '├─'}${p.pid} ${p.cmd}`));
  return out;
}

export const systemctl: CommandSpec = {
  name: 'systemctl',
  summary: 'control the systemd system and service manager',
  usage: 'systemctl { status | is-active | is-enabled | restart | daemon-reload } UNIT',
  run(ctx) {
    const args = ctx.argv.slice(1).filter((a) => !['--no-pager', '-l', '--full', '--no-legend'].includes(a));
    const [verb, ...units] = args;
    if (ctx.node.power !== 'on') return 1;
    const procs = nodeProcesses(ctx.world, ctx.node);
    if (!verb || verb === 'list-units') {
      // The services only (what `--type=service` shows); systemd would list mounts, sockets ... too.
      const units = Object.keys(UNITS).filter((u) => procs.some((p) => p.unit === u)).sort();
      const w = Math.max(...units.map((u) => u.length));
      const rows = units.map((u) => `  ${u.padEnd(w)} loaded active running ${UNITS[u].description}`);
      ctx.out(
        `  ${'UNIT'.padEnd(w)} LOAD   ACTIVE SUB     DESCRIPTION\n${rows.join('\n')}\n\n` +
          'LOAD   = Reflects whether the unit definition was properly loaded.\nACTIVE = The high-level unit activation state, i.e. generalization of SUB.\nSUB    = The low-level unit activation state, values depend on unit type.\n' +
          `${units.length} loaded units listed. Pass --all to see loaded but inactive units, too.\nTo show all installed unit files use 'systemctl list-unit-files'.\n`,
      );
      return 0;
    }
    const stoppedKubelet = (u: string) => u === 'kubelet.service' && ctx.node.kubeletStoppedAt !== undefined;
    const known = (u: string) => UNITS[u] && (procs.some((p) => p.unit === u) || stoppedKubelet(u));
    const active = (u: string) => UNITS[u] && procs.some((p) => p.unit === u);
    if (verb === 'daemon-reload') return 0;
    if (['start', 'stop', 'restart', 'reload', 'enable', 'disable'].includes(verb)) {
      if (!units.length) {
        ctx.err(`Too few arguments.\n`);
        return 1;
      }
      for (const u of units.map(unitName)) {
        if (!known(u)) {
          ctx.err(`Failed to ${verb} ${u}: Unit ${u} not found.\n`);
          return 5;
        }
      }
      // kubelet.service really stops and starts (system/kubelet-service.ts); the other services
      // keep running: a restart of them changes nothing a student could observe.
      if (units.map(unitName).includes('kubelet.service')) {
        if (verb === 'stop') kubeletStop(ctx.world, ctx.node);
        else if (verb === 'start') kubeletStart(ctx.world, ctx.node);
        else if (verb === 'restart') {
          kubeletStop(ctx.world, ctx.node);
          kubeletStart(ctx.world, ctx.node);
        }
      }
      return 0;
    }
    if (verb === 'is-active' || verb === 'is-enabled') {
      let status = 0;
      for (const u of units.map(unitName)) {
        const ok = verb === 'is-active' ? active(u) : known(u);
        ctx.out(verb === 'is-active' ? (ok ? 'active\n' : 'inactive\n') : ok ? 'enabled\n' : 'not-found\n');
        if (!ok) status = verb === 'is-active' ? 3 : 4;
      }
      return status;
    }
    if (verb !== 'status') {
      ctx.err(`Unknown command verb ${verb}.\n`);
      return 1;
    }
    let status = 0;
    const blocks: string[] = [];
    for (const u of units.map(unitName)) {
      const info = UNITS[u];
      const main = procs.find((p) => p.unit === u && p.ppid === 1);
      if (info && stoppedKubelet(u)) {
        blocks.push(stoppedKubeletStatus(ctx, procs, info));
        status = 3;
        continue;
      }
      if (!info || !main) {
        ctx.err(`Unit ${u} could not be found.\n`);
        status = 4;
        continue;
      }
      const members = procs.filter((p) => p.unit === u && p.ppid === 1);
      const cpu = members.reduce((sum, p) => sum + procCpuMs(ctx.world, p), 0);
      const lines = [
        `● ${u} - ${info.description}`,
        `     Loaded: loaded (${info.path}; enabled; vendor preset: enabled)`,
        ...(info.dropIn ? [`    Drop-In: ${info.dropIn[0]}`, `             └─${info.dropIn[1]}`] : []),
        `     Active: active (running) since ${fullTime(ctx, main.start)}; ${relative(ctx.world.now - main.start)}`,
        ...(info.docs ? [`       Docs: ${info.docs}`] : []),
        ...(info.pre ? [`    Process: ${main.pid - 2} ExecStartPre=${info.pre} (code=exited, status=0/SUCCESS)`] : []),
        `   Main PID: ${main.pid} (${main.comm})`,
        `      Tasks: ${info.tasks + (u === 'containerd.service' ? members.length * 10 : 0)} (limit: 4557)`,
        `     Memory: ${info.memory}`,
        `        CPU: ${cpuText(cpu)}`,
        `     CGroup: /system.slice/${u}`,
        ...tree(procs, members.map((p) => p.pid)),
      ];
      const logs = journal(ctx, procs).filter((l) => l.unit === u).slice(-10);
      if (logs.length) lines.push('', ...logs.map((l) => journalText(ctx, l)));
      blocks.push(lines.join('\n') + '\n');
    }
    ctx.out(blocks.join('\n'));
    return status;
  },
  complete: (args, word) => (args.length === 0 ? ['status', 'is-active', 'is-enabled', 'restart', 'daemon-reload'] : Object.keys(UNITS).map((u) => u.replace(/\.service$/, ''))).filter((c) => c.startsWith(word)),
};

/** The kubelet process as it was before `systemctl stop` (its pid, its start), or undefined while it runs. */
function stoppedKubeletProc(ctx: CommandContext): Proc | undefined {
  if (ctx.node.kubeletStoppedAt === undefined) return undefined;
  const running = { ...ctx.node, kubeletStoppedAt: undefined };
  return nodeProcesses(ctx.world, running).find((p) => p.unit === 'kubelet.service' && p.comm === 'kubelet');
}

/** `systemctl status kubelet` after `systemctl stop kubelet`: systemd 249's inactive unit. */
function stoppedKubeletStatus(ctx: CommandContext, procs: Proc[], info: UnitInfo): string {
  const u = 'kubelet.service';
  const stoppedAt = ctx.node.kubeletStoppedAt!;
  const startedAt = ctx.node.kubeletRestartedAt ?? kubeletStartedAt(ctx.world, ctx.node);
  const pid = stoppedKubeletProc(ctx)?.pid ?? 0;
  const exec = '/usr/bin/kubelet $KUBELET_KUBECONFIG_ARGS $KUBELET_CONFIG_ARGS $KUBELET_KUBEADM_ARGS $KUBELET_EXTRA_ARGS';
  const lines = [
    `○ ${u} - ${info.description}`,
    `     Loaded: loaded (${info.path}; enabled; vendor preset: enabled)`,
    ...(info.dropIn ? [`    Drop-In: ${info.dropIn[0]}`, `             └─${info.dropIn[1]}`] : []),
    `     Active: inactive (dead) since ${fullTime(ctx, stoppedAt)}; ${relative(ctx.world.now - stoppedAt)}`,
    ...(info.docs ? [`       Docs: ${info.docs}`] : []),
    `    Process: ${pid} ExecStart=${exec} (code=exited, status=0/SUCCESS)`,
    `   Main PID: ${pid} (code=exited, status=0/SUCCESS)`,
    `        CPU: ${cpuText(kubeletCpuMs(ctx, startedAt, stoppedAt))}`,
  ];
  const logs = journal(ctx, procs).filter((l) => l.unit === u).slice(-10);
  if (logs.length) lines.push('', ...logs.map((l) => journalText(ctx, l)));
  return lines.join('\n') + '\n';
}

export const journalctl: CommandSpec = {
  name: 'journalctl',
  summary: 'query the systemd journal',
  usage: 'journalctl [-u UNIT] [-n N] [-f] [--no-pager]',
  async run(ctx) {
    const args = ctx.argv.slice(1);
    const units: string[] = [];
    let count: number | null = null;
    let follow = false;
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (a === '-u' || a === '--unit') units.push(unitName(args[++i] ?? ''));
      else if (a.startsWith('--unit=')) units.push(unitName(a.slice(7)));
      else if (a.startsWith('-u') && a.length > 2) units.push(unitName(a.slice(2)));
      else if (a === '-n' || a === '--lines') count = Number(args[++i]);
      else if (a.startsWith('--lines=')) count = Number(a.slice(8));
      else if (/^-n\d+$/.test(a)) count = Number(a.slice(2));
      else if (a === '-f' || a === '--follow') follow = true;
      else if (a === '-xe' || a === '-e' || a === '-x' || a === '--no-pager' || a === '-b' || a === '--boot' || a === '-l' || a === '--full' || a === '-xeu') {
        if (a === '-e' || a === '-xe') count = count ?? 1000;
        if (a === '-xeu') units.push(unitName(args[++i] ?? ''));
      } else if (!a.startsWith('-')) {
        // A bare word is a journal match (FIELD=value); anything else is refused as journalctl does.
        ctx.err(`Failed to add match '${a}': Invalid argument\n`);
        return 1;
      } else {
        ctx.err(a.startsWith('--') ? `journalctl: unrecognized option '${a}'\n` : `journalctl: invalid option -- '${a[1]}'\n`);
        return 1;
      }
    }
    if (count !== null && !(count >= 0)) {
      ctx.err(`Failed to parse lines '${args[args.indexOf('-n') + 1]}'.\n`);
      return 1;
    }
    const pick = () => journal(ctx, nodeProcesses(ctx.world, ctx.node)).filter((l) => !units.length || units.includes(l.unit));
    const whole = journal(ctx, nodeProcesses(ctx.world, ctx.node));
    let lines = pick();
    const shown = count !== null ? lines.slice(Math.max(0, lines.length - count)) : follow ? lines.slice(-10) : lines;
    if (!lines.length) {
      ctx.out('-- No entries --\n');
    } else {
      // The header speaks of the whole journal, whatever the filter.
      ctx.out(`-- Journal begins at ${fullTime(ctx, whole[0].at)}, ends at ${fullTime(ctx, whole[whole.length - 1].at)}. --\n`);
      ctx.out(shown.map((l) => journalText(ctx, l) + '\n').join(''));
    }
    if (!follow) return 0;
    let last = lines.length ? lines[lines.length - 1].at : ctx.world.now;
    while (!ctx.interrupted()) {
      await ctx.sleep(1000);
      lines = pick().filter((l) => l.at > last);
      if (lines.length) {
        ctx.out(lines.map((l) => journalText(ctx, l) + '\n').join(''));
        last = lines[lines.length - 1].at;
      }
    }
    return 0;
  },
  complete: (args, word) => (args[args.length - 1] === '-u' ? Object.keys(UNITS).map((u) => u.replace(/\.service$/, '')) : ['-u', '-n', '-f', '--no-pager', '-xeu']).filter((c) => c.startsWith(word)),
};
