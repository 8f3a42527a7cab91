/**
 * A shell inside a pod (`kubectl run -it … -- sh`, `kubectl exec -it POD -- sh`): the terminal's
 * lines run in the pod until `exit`, with the image's own shell (BusyBox ash, Debian's dash or
 * bash) and only the programs the image ships — busybox has wget, nslookup and ping but no curl;
 * nginx (Debian) has curl but no ping, wget or nslookup; nicolaka/netshoot has them all. The
 * pod's files are the ones kubelet writes (/etc/resolv.conf, /etc/hosts, /etc/hostname) plus
 * what a program saved in the container's root filesystem on its node.
 */
import type { CommandContext, CommandSpec, PodShellState } from '../../context';
import type { KObj } from '../../../emulator/k8s/objects';
import { storeGet } from '../../../emulator/k8s/objects';
import { fsMkdirP, fsRead, fsResolve, fsStat, fsWrite } from '../../../emulator/fs';
import { podResolvConf, podResolve } from '../../../emulator/net/dns';
import type { Resolved } from '../../../emulator/net/dns';
import type { Endpoint } from '../../../emulator/net/trace';
import { objectDelete } from '../../../emulator/k8s/apply';
import { kindForResource } from '../../../emulator/k8s/kinds';
import { containerRootfs } from './pod-exec';
import { pingInPod } from './ping';
import { BUSYBOX_PING_USAGE, busyboxPingRun } from './busybox-ping';
import { ncInPod } from './nc';
import { curlInPod } from '../curl';
import { wgetRun } from './wget';
import { nslookupRun } from './nslookup';
import { builtins } from '../builtins';
import { calicoNodeCommandLookup, calicoNodeCommandNames, calicoNodeHas, calicoNodePrompt, calicoNodeShellKind, isCalicoNodeImage } from './calico-node-shell';
import { COMMANDS } from '..';

/** What a program in the pod needs: where it sends from, its namespace and files. */
export interface PodProc {
  pod: KObj;
  container: string;
  image: string;
  from: Endpoint;
  ip: string;
  ns: string;
  /** The pod's working directory (for relative paths). */
  cwd: string;
}

type Flavour = 'busybox' | 'alpine' | 'netshoot' | 'debian';

function imageName(image: string): string {
  return image.split('@')[0].split(':')[0].split('/').pop() ?? '';
}

/** Which userland the image has (what its base image ships). */
export function imageFlavour(image: string): Flavour {
  const n = imageName(image);
  const tag = image.split('@')[0].split(':')[1] ?? '';
  if (n === 'busybox') return 'busybox';
  if (n === 'netshoot') return 'netshoot';
  if ((n === 'nginx' || n === 'httpd' || n === 'debian' || n === 'ubuntu' || n === 'httpbin') && !tag.includes('alpine')) return 'debian';
  return 'alpine';
}

/** Programs (beyond shell builtins) each userland has on $PATH. */
const PROGRAMS: Record<Flavour, string[]> = {
  busybox: ['wget', 'nslookup', 'ping', 'nc', 'cat', 'hostname', 'ls', 'env', 'sleep', 'sh', 'ash'],
  alpine: ['wget', 'nslookup', 'ping', 'nc', 'cat', 'hostname', 'ls', 'env', 'sleep', 'sh', 'ash'],
  netshoot: ['wget', 'nslookup', 'ping', 'nc', 'curl', 'tcpdump', 'cat', 'hostname', 'ls', 'env', 'sleep', 'sh', 'ash', 'bash'],
  debian: ['curl', 'cat', 'hostname', 'ls', 'env', 'sleep', 'sh', 'bash', 'dash'],
};

export function imageHas(image: string, program: string): boolean {
  if (isCalicoNodeImage(image)) return calicoNodeHas(program);
  return PROGRAMS[imageFlavour(image)].includes(program.split('/').pop() ?? program);
}

/** The shell a `sh`/`bash` in this image is: BusyBox ash, or Debian's dash and bash. */
export function shellKind(image: string, program: string): PodShellState['shell'] | null {
  const base = program.split('/').pop() ?? '';
  if (isCalicoNodeImage(image)) return calicoNodeShellKind(base);
  if (!imageHas(image, base)) return null;
  if (base === 'bash') return 'bash';
  return imageFlavour(image) === 'debian' ? 'dash' : 'ash';
}

/** The prompt each shell shows as root: ash `/ # `, dash `# `, bash `root@POD:/# `. */
export function podPrompt(s: PodShellState): string {
  if (isCalicoNodeImage(s.image)) return calicoNodePrompt(s);
  if (s.shell === 'dash') return '# ';
  if (s.shell === 'bash') {
    if (imageFlavour(s.image) !== 'debian') return 'bash-5.2# ';
    const dir = s.cwd === '/root' ? '~' : s.cwd;
    return `root@${s.name}:${dir}# `;
  }
  return `${s.cwd} # `;
}

/** "command not found" as each shell words it (exit 127). */
function notFound(s: PodShellState, name: string): string {
  if (s.shell === 'dash') return `sh: 1: ${name}: not found`;
  if (s.shell === 'bash') return `bash: ${name}: command not found`;
  return `sh: ${name}: not found`;
}

export function podProc(ctx: CommandContext, pod: KObj, container: string, cwd = '/'): PodProc | null {
  const node = ctx.world.node(pod.spec?.nodeName);
  const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
  const net = node?.pods[key];
  if (!node || !net) return null;
  const c = (pod.spec.containers as { name: string; image?: string }[]).find((x) => x.name === container);
  return { pod, container, image: c?.image ?? '', from: { node: node.name, pod: key }, ip: net.ip, ns: pod.metadata.namespace!, cwd };
}

function kubeletHosts(p: PodProc): string {
  return `# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n${p.ip}\t${p.pod.metadata.name}\n`;
}

/** A file in the pod: kubelet's, or one in the container's root filesystem on the node. */
export function podFileRead(ctx: CommandContext, p: PodProc, path: string): string | null {
  const abs = fsResolve(p.cwd, path);
  if (abs === '/etc/resolv.conf') return podResolvConf(p.ns);
  if (abs === '/etc/hosts') return kubeletHosts(p);
  if (abs === '/etc/hostname') return p.pod.metadata.name + '\n';
  const node = ctx.world.node(p.from.node)!;
  const text = fsRead(node.fs, containerRootfs(p.pod, p.container) + abs);
  return typeof text === 'string' && !['ENOENT', 'EISDIR', 'ENOTDIR'].includes(text) ? text : null;
}

export function podFileExists(ctx: CommandContext, p: PodProc, path: string): boolean {
  const abs = fsResolve(p.cwd, path);
  return ['/etc/resolv.conf', '/etc/hosts', '/etc/hostname'].includes(abs) || !!fsStat(ctx.world.node(p.from.node)!.fs, containerRootfs(p.pod, p.container) + abs);
}

export function podFileWrite(ctx: CommandContext, p: PodProc, path: string, content: string): boolean {
  const node = ctx.world.node(p.from.node)!;
  const root = containerRootfs(p.pod, p.container);
  const abs = fsResolve(p.cwd, path);
  fsMkdirP(node.fs, root + abs.slice(0, abs.lastIndexOf('/')), ctx.world.now);
  return fsWrite(node.fs, root + abs, content, ctx.world.now) === null;
}

/**
 * Where a connection to `ip` goes from the pod: the loopback is the pod's own stack, which the
 * dataplane reaches through the pod's address (the pod's own packets never leave it).
 */
export function podDial(p: PodProc, ip: string): string {
  return ip.startsWith('127.') ? p.ip : ip;
}

/** getaddrinfo in the pod, waiting in simulated time for what the lookup took. */
export async function podLookup(ctx: CommandContext, p: PodProc, name: string): Promise<Resolved> {
  const r = podResolve(ctx.world, p.from, p.ip, p.ns, name, p.pod.metadata.name);
  if (r.waitedMs) await ctx.sleep(r.waitedMs);
  return r;
}

type PodProgram = (ctx: CommandContext, p: PodProc, argv: string[]) => Promise<number> | number;

/** `curl`/`ping`/`nc` in a pod with names resolved through the cluster DNS first. */
async function withResolvedHost(ctx: CommandContext, p: PodProc, argv: string[], at: number, errorOut: (name: string) => number, run: (argv: string[]) => Promise<number> | number): Promise<number> {
  if (at < 0) return run(argv);
  const word = argv[at];
  const url = /^(\w+:\/\/)?([^/:?#]+)(.*)$/.exec(word);
  const host = url?.[2] ?? word;
  if (/^\d+\.\d+\.\d+\.\d+$/.test(host) && !host.startsWith('127.')) return run(argv);
  const r = await podLookup(ctx, p, host);
  if (ctx.interrupted()) return 130;
  if (r.kind !== 'ok') return errorOut(host);
  const next = [...argv];
  const ip = podDial(p, r.ips[0]);
  next[at] = url ? `${url[1] ?? ''}${ip}${url[3]}` : ip;
  return run(next);
}

/** The position of the first operand (not an option or an option's value). */
function operandAt(argv: string[], valued: RegExp): number {
  for (let i = 1; i < argv.length; i++) {
    if (argv[i].startsWith('-')) {
      if (valued.test(argv[i])) i++;
      continue;
    }
    return i;
  }
  return -1;
}

const PROGRAM_RUNS: Record<string, PodProgram> = {
  wget: (ctx, p, argv) => wgetRun(ctx, p, argv),
  nslookup: (ctx, p, argv) => nslookupRun(ctx, p, argv, imageFlavour(p.image) === 'netshoot' ? 'bind' : 'busybox'),
  ping: async (ctx, p, argv) => {
    const at = operandAt(argv, /^-[cisWwItQp]$/);
    if (imageFlavour(p.image) === 'netshoot') return withResolvedHost(ctx, p, argv, at, (h) => (ctx.err(`ping: ${h}: Name does not resolve\n`), 2), (a) => pingInPod(ctx, p.from.node, p.from.pod!, a));
    // BusyBox's applet in the busybox and Alpine images.
    if (at < 0) return ctx.err(BUSYBOX_PING_USAGE), 1; // bb_show_usage: the whole text, on stderr
    const host = argv[at];
    const r = await podLookup(ctx, p, host);
    if (ctx.interrupted()) return 130;
    if (r.kind !== 'ok') return ctx.err(`ping: bad address '${host}'\n`), 1;
    return busyboxPingRun(ctx, p.from, p.ip, host, r.ips[0], argv.slice(1).filter((_, i) => i + 1 !== at), podDial(p, r.ips[0]));
  },
  curl: (ctx, p, argv) => withResolvedHost(ctx, p, argv, operandAt(argv, /^-[oHwmdXAueE]$|^--(connect-timeout|max-time|output|header|request|data|user-agent)$/), (h) => (ctx.err(`curl: (6) Could not resolve host: ${h}\n`), 6), (a) => curlInPod(ctx, p.from.node, p.from.pod!, a)),
  nc: (ctx, p, argv) => withResolvedHost(ctx, p, argv, operandAt(argv, /^-[wpsi]$/), (h) => (ctx.err(`nc: bad address '${h}'\n`), 1), (a) => ncInPod(ctx, p.from.node, p.from.pod!, a)),
  cat: (ctx, p, argv) => {
    let status = 0;
    const files = argv.slice(1);
    if (!files.length) return ctx.out(ctx.stdin), 0;
    for (const f of files) {
      const text = podFileRead(ctx, p, f);
      if (text === null) {
        ctx.err(imageFlavour(p.image) === 'debian' ? `cat: ${f}: No such file or directory\n` : `cat: can't open '${f}': No such file or directory\n`);
        status = 1;
      } else ctx.out(text);
    }
    return status;
  },
  hostname: (ctx, p) => (ctx.out(p.pod.metadata.name + '\n'), 0),
  env: (ctx, p) => {
    const home = imageFlavour(p.image) === 'debian' ? '/root' : '/root';
    ctx.out(`HOSTNAME=${p.pod.metadata.name}\nSHLVL=1\nHOME=${home}\nTERM=xterm\nPATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\nPWD=${p.cwd}\n`);
    return 0;
  },
  ls: (ctx, p, argv) => {
    const dir = fsResolve(p.cwd, argv.slice(1).find((a) => !a.startsWith('-')) ?? '.');
    const node = ctx.world.node(p.from.node)!;
    const root = containerRootfs(p.pod, p.container);
    const names = new Set<string>(dir === '/' ? ['bin', 'dev', 'etc', 'home', 'proc', 'root', 'sys', 'tmp', 'usr', 'var'] : dir === '/etc' ? ['hostname', 'hosts', 'resolv.conf'] : []);
    const prefix = root + (dir === '/' ? '/' : dir + '/');
    for (const path of Object.keys(node.fs)) if (path.startsWith(prefix) && !path.slice(prefix.length).includes('/') && path.length > prefix.length) names.add(path.slice(prefix.length));
    if (names.size) ctx.out([...names].sort().join('\n') + '\n');
    return 0;
  },
  tcpdump: () => 127, // handled by exec's podNetToolRun; in the shell see below
};

/** Commands of the pod's shell itself. */
function shellBuiltin(name: string): CommandSpec | null {
  const s = (ctx: CommandContext) => ctx.shell.pod!;
  switch (name) {
    case 'exit':
      return { name, summary: 'leave the pod', run: (ctx) => podShellLeave(ctx, ctx.argv[1] !== undefined ? Number(ctx.argv[1]) & 255 : ctx.shell.lastStatus) };
    case 'cd':
      return {
        name, summary: 'change directory',
        run(ctx) {
          const sess = s(ctx);
          const target = fsResolve(sess.cwd, ctx.argv[1] ?? '/root');
          const known = ['/', '/bin', '/dev', '/etc', '/home', '/proc', '/root', '/sys', '/tmp', '/usr', '/var', '/usr/share/nginx/html'];
          const node = ctx.world.node(sess.node);
          const pod = storeGet(ctx.world.state.api, 'Pod', sess.namespace, sess.name);
          const inRootfs = !!node && !!pod && fsStat(node.fs, containerRootfs(pod, sess.container) + target)?.type === 'dir';
          if (!known.includes(target) && !inRootfs) {
            const arg = ctx.argv[1];
            ctx.err(sess.shell === 'ash' ? `sh: cd: can't cd to ${arg}: No such file or directory\n` : sess.shell === 'dash' ? `sh: 1: cd: can't cd to ${arg}\n` : `bash: cd: ${arg}: No such file or directory\n`);
            return sess.shell === 'dash' ? 2 : 1;
          }
          sess.cwd = target;
          return 0;
        },
      };
    case 'pwd':
      return { name, summary: 'print the working directory', run: (ctx) => (ctx.out(s(ctx).cwd + '\n'), 0) };
  }
  return null;
}

let sharedBuiltins: Map<string, CommandSpec> | null = null;

/** Shell builtins every shell has and that touch no files (echo, true, test, export, sleep…). */
function shared(name: string): CommandSpec | undefined {
  sharedBuiltins ??= new Map(builtins.filter((b) => ['echo', 'true', 'false', 'export', 'unset', 'test', '[', ':', 'read', 'break', 'continue', 'sleep'].includes(b.name)).map((b) => [b.name, b]));
  return sharedBuiltins.get(name);
}

/** Filters every userland has (BusyBox applets, coreutils), used on pipes: the node's own implementations. */
const FILTERS = ['head', 'tail', 'grep', 'wc', 'sort', 'uniq', 'cut', 'tr', 'date'];

/** What tab completion offers for a command word in the pod's shell: what podCommandLookup finds. */
export function podCommandNames(sess: PodShellState): string[] {
  if (isCalicoNodeImage(sess.image)) return calicoNodeCommandNames();
  const words = ['exit', 'cd', 'pwd', 'echo', 'true', 'false', 'export', 'unset', 'test', '[', ':', 'read', 'break', 'continue', 'sleep', ...FILTERS, ...PROGRAMS[imageFlavour(sess.image)]];
  return [...new Set(words)].filter((n) => podCommandLookup(n, sess).ok).sort();
}

/** The program or builtin a word names in the pod's shell. */
export function podCommandLookup(name: string, sess: PodShellState): { ok: true; command: CommandSpec } | { ok: false; message: string; status: number } {
  if (isCalicoNodeImage(sess.image)) return calicoNodeCommandLookup(name, sess);
  const b = shellBuiltin(name) ?? shared(name);
  if (b) return { ok: true, command: b };
  if (FILTERS.includes(name) && COMMANDS[name]) return { ok: true, command: COMMANDS[name] };
  const base = name.split('/').pop() ?? name;
  const run = PROGRAM_RUNS[base];
  if (run && imageHas(sess.image, base) && base !== 'tcpdump') {
    return {
      ok: true,
      command: {
        name: base,
        summary: `${base} in the pod`,
        run(ctx) {
          const pod = storeGet(ctx.world.state.api, 'Pod', sess.namespace, sess.name);
          const p = pod && podProc(ctx, pod, sess.container, sess.cwd);
          if (!p) return ctx.err('error: the pod is gone\n'), 1;
          return run(ctx, p, [base, ...ctx.argv.slice(1)]);
        },
      },
    };
  }
  return { ok: false, message: notFound(sess, name), status: 127 };
}

/** A program run by `kubectl exec POD -- PROG …` (not through a shell); null when the image lacks it. */
export function podProgramRun(ctx: CommandContext, pod: KObj, container: string, argv: string[]): Promise<number> | null {
  const base = argv[0].split('/').pop() ?? argv[0];
  const run = PROGRAM_RUNS[base];
  const p = podProc(ctx, pod, container);
  if (!run || !p || base === 'tcpdump' || !imageHas(p.image, base)) return null;
  return Promise.resolve(run(ctx, p, [base, ...argv.slice(1)]));
}

/** Attach the terminal to a shell in the pod. */
export function podShellEnter(ctx: CommandContext, pod: KObj, container: string, shell: PodShellState['shell'], rm: boolean, via: PodShellState['via'] = 'exec'): void {
  const c = (pod.spec.containers as { name: string; image?: string }[]).find((x) => x.name === container);
  ctx.shell.pod = { namespace: pod.metadata.namespace!, name: pod.metadata.name, container, image: c?.image ?? '', node: pod.spec.nodeName, shell, cwd: '/', rm, via, restart: pod.spec.restartPolicy };
}

/** `exit` in the pod: the session ends; `kubectl run --rm` then deletes the pod. */
export function podShellLeave(ctx: CommandContext, status: number): number {
  const sess = ctx.shell.pod;
  if (!sess) return status;
  ctx.shell.pod = undefined;
  if (Number.isNaN(status)) status = 0;
  if (sess.via === 'exec') {
    if (status !== 0) ctx.err(`command terminated with exit code ${status}\n`);
  } else if (sess.restart !== 'Never') {
    // The container restarts when its shell ends: kubectl detaches and says how to come back.
    ctx.err(`Session ended, resume using 'kubectl attach ${sess.name} -c ${sess.container} -i -t' command when the pod is running\n`);
    status = 0;
  }
  if (sess.rm) {
    const info = kindForResource(ctx.world.state.api, 'pods')!;
    if (objectDelete(ctx.world, info, sess.namespace, sess.name)) ctx.out(`pod "${sess.name}" deleted\n`);
    ctx.world.reconcile();
  }
  return status;
}
