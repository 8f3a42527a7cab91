/**
 * A shell in the calico-node container (`kubectl exec -it -n kube-system calico-node-… -- bash`).
 *
 * calico/node v3.26 is UBI 8 minimal trimmed by node/clean-up-filesystem.sh: only a keep-list of
 * binaries survives (Calico's and BIRD's, runit, iproute's `ip` and `tc`, iptables, ipset, arp,
 * conntrack, kmod, bash and a few coreutils), so there is no ps, ss, ping, curl, head, wc or
 * awk, and no kubectl or calicoctl. bash reads /etc/bashrc (rootfiles' ~/.bashrc), whose PS1 is
 * `[\u@\h \W]\$ `; `sh` is bash 4.4 in POSIX mode and keeps its default `sh-4.4# `.
 *
 * The pod uses the host's network and UTS namespaces, so ip, iptables, birdcl and hostname act
 * on the node; files are the container's own: confd's rendered BIRD configuration
 * (emulator/calico/confd-render.ts) over the image's directories, plus what the student wrote
 * there (kept in the container's root filesystem on the node). birdcl's compiled-in socket is
 * /var/run/calico/bird.ctl (projectcalico/bird's create_binaries.sh: --runstatedir=/var/run/calico),
 * so a plain `birdcl` reaches BIRD here.
 */
import type { CommandContext, CommandSpec, PodShellState } from '../../context';
import type { World } from '../../../emulator/world';
import type { FsState } from '../../../emulator/fs';
import { fsList, fsMkdirP, fsResolve, fsStat } from '../../../emulator/fs';
import { storeGet } from '../../../emulator/k8s/objects';
import { confdRender } from '../../../emulator/calico/confd-render';
import { podEnv } from '../../../emulator/calico/calico-node';
import { containerRootfs } from './pod-exec';
import { podShellLeave } from './pod-shell';
import { COMMANDS } from '..';

export function isCalicoNodeImage(image: string): boolean {
  return /(^|\/)calico\/node([:@]|$)/.test(image);
}

/** Programs that act on the node's namespaces (the pod shares them): the lab's own implementations. */
const ON_NODE = ['birdcl', 'ip', 'iptables', 'iptables-save', 'arp', 'lsmod', 'modprobe', 'hostname'];
/** Kept coreutils, grep and sed, working on the container's files. */
const ON_FILES = ['cat', 'ls', 'grep', 'sed', 'sort', 'tail', 'uniq', 'tee', 'touch', 'mkdir', 'rm', 'cp', 'more', 'less', 'date', 'whoami'];
/** bash builtins the lab's shell provides. */
const BUILTINS = ['echo', 'printf', 'true', 'false', 'test', '[', ':', 'read', 'export', 'unset', 'break', 'continue', 'sleep'];

/** `sh` in this image is bash in POSIX mode; `bash` reads the bashrc that sets the RHEL prompt. */
export function calicoNodeShellKind(program: string): PodShellState['shell'] | null {
  const base = program.split('/').pop();
  return base === 'bash' ? 'bash' : base === 'sh' ? 'sh' : null;
}

export function calicoNodeHas(program: string): boolean {
  const base = program.split('/').pop() ?? program;
  return ON_NODE.includes(base) || ON_FILES.includes(base) || base === 'env' || base === 'which' || base === 'sh' || base === 'bash';
}

/** Where the image keeps each program: iproute, iptables, net-tools and kmod in /usr/sbin, the rest in /usr/bin (/bin is a link to it). */
function programPath(base: string): string | null {
  if (!calicoNodeHas(base)) return null;
  return ['ip', 'iptables', 'iptables-save', 'arp', 'lsmod', 'modprobe'].includes(base) ? `/usr/sbin/${base}` : `/usr/bin/${base}`;
}

const PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** which 2.21 (UBI 8): the first match on $PATH, or `no NAME in (PATH)` on stderr and status 1. */
function whichRun(ctx: CommandContext): number {
  let status = 0;
  for (const name of ctx.argv.slice(1).filter((a) => !a.startsWith('-'))) {
    const path = name.includes('/') ? (calicoNodeHas(name) ? name : null) : programPath(name);
    if (path) ctx.out(path + '\n');
    else {
      ctx.err(`/usr/bin/which: no ${name} in (${PATH})\n`);
      status = 1;
    }
  }
  return status;
}

/** `[root@k8s-node01 /]# ` (bash: PS1 from /etc/bashrc, \W is the directory's last part) or `sh-4.4# `. */
export function calicoNodePrompt(s: PodShellState): string {
  if (s.shell !== 'bash') return 'sh-4.4# ';
  const dir = s.cwd === '/' ? '/' : s.cwd === '/root' ? '~' : s.cwd.slice(s.cwd.lastIndexOf('/') + 1);
  return `[root@${s.node} ${dir}]# `;
}

/** bash names itself by argv[0]: `bash: x: command not found`, or `sh: x: …` when run as sh. */
function shellName(s: PodShellState): string {
  return s.shell === 'bash' ? 'bash' : 'sh';
}

/** UBI 8's top level plus Calico's /included-source and /licenses. */
const IMAGE_DIRS = ['/bin', '/boot', '/dev', '/etc', '/home', '/included-source', '/lib', '/lib64', '/licenses', '/lost+found', '/media', '/mnt', '/opt', '/proc', '/root', '/run', '/sbin', '/srv', '/sys', '/tmp', '/usr', '/var', '/var/run/calico', '/etc/calico/confd/config'];

interface ContainerView {
  fs: FsState;
  /** Paths the view makes up each time (confd's files): never written back. */
  generated: Set<string>;
  root: string;
}

/** The container's filesystem as its programs see it: the image, confd's output, the writable layer. */
function containerView(world: World, sess: PodShellState): ContainerView | null {
  const node = world.node(sess.node);
  const pod = storeGet(world.state.api, 'Pod', sess.namespace, sess.name);
  if (!node || !pod) return null;
  const fs: FsState = {};
  const generated = new Set<string>();
  const since = node.bird?.startedAt ?? world.now;
  for (const d of IMAGE_DIRS) fsMkdirP(fs, d, since);
  for (const p of Object.keys(fs)) generated.add(p);
  const files = confdRender(world, sess.node);
  if (files) {
    for (const [name, content] of Object.entries(files)) {
      const path = `/etc/calico/confd/config/${name}`;
      fs[path] = { type: 'file', content, mode: 0o644, mtime: since };
      generated.add(path);
    }
  }
  const root = containerRootfs(pod, sess.container);
  for (const [p, e] of Object.entries(node.fs)) if (p.startsWith(root + '/')) fs[p.slice(root.length)] = { ...e };
  return { fs, generated, root };
}

/** Keep what a program changed in the container's writable layer (on the node, under the rootfs). */
function writeBack(world: World, sess: PodShellState, view: ContainerView): void {
  const node = world.node(sess.node);
  if (!node) return;
  for (const p of Object.keys(node.fs)) if (p.startsWith(view.root + '/') && !view.fs[p.slice(view.root.length)]) delete node.fs[p];
  for (const [p, e] of Object.entries(view.fs)) {
    if (view.generated.has(p) && !node.fs[view.root + p]) continue;
    const mine = node.fs[view.root + p];
    if (!mine || mine.content !== e.content || mine.type !== e.type || mine.mode !== e.mode) node.fs[view.root + p] = { ...e };
  }
}

/** The container's environment as `env` prints it: the runtime's, the image's, then the pod spec's. */
function envRun(ctx: CommandContext, sess: PodShellState): number {
  const pod = storeGet(ctx.world.state.api, 'Pod', sess.namespace, sess.name);
  const vars: Record<string, string> = { HOSTNAME: sess.node, PATH, SVDIR: '/etc/service/enabled' };
  if (pod) {
    const i = (pod.spec.containers as { name: string }[]).findIndex((c) => c.name === sess.container);
    Object.assign(vars, podEnv(ctx.world, pod, Math.max(0, i)));
  }
  Object.assign(vars, { PWD: sess.cwd, HOME: '/root', TERM: 'xterm', SHLVL: '1', _: '/usr/bin/env' });
  ctx.out(Object.entries(vars).map(([k, v]) => `${k}=${v}\n`).join(''));
  return 0;
}

function builtin(name: string): CommandSpec | null {
  switch (name) {
    case 'exit':
      // An interactive bash says `exit` on stderr as it leaves (exit_builtin), as sh too.
      return { name, summary: 'leave the container', run: (ctx) => (ctx.err('exit\n'), podShellLeave(ctx, ctx.argv[1] !== undefined ? Number(ctx.argv[1]) & 255 : ctx.shell.lastStatus)) };
    case 'pwd':
      return { name, summary: 'print the working directory', run: (ctx) => (ctx.out(ctx.shell.pod!.cwd + '\n'), 0) };
    case 'cd':
      return {
        name, summary: 'change directory',
        run(ctx) {
          const sess = ctx.shell.pod!;
          const arg = ctx.argv[1] ?? '/root';
          const target = fsResolve(sess.cwd, arg);
          const view = containerView(ctx.world, sess);
          const e = view && fsStat(view.fs, target);
          if (!e) return ctx.err(`${shellName(sess)}: cd: ${arg}: No such file or directory\n`), 1;
          if (e.type !== 'dir') return ctx.err(`${shellName(sess)}: cd: ${arg}: Not a directory\n`), 1;
          sess.cwd = target;
          return 0;
        },
      };
  }
  if (BUILTINS.includes(name) && COMMANDS[name]) return COMMANDS[name];
  return null;
}

/** A program of the image: on the node's namespaces, or on the container's files. */
function program(base: string): CommandSpec | null {
  const spec = COMMANDS[base];
  if (base === 'env') return { name: base, summary: 'env in the container', run: (ctx) => envRun(ctx, ctx.shell.pod!) };
  if (base === 'which') return { name: base, summary: 'which in the container', run: whichRun };
  if (!spec) return null;
  if (ON_NODE.includes(base)) {
    return {
      name: base, summary: `${base} in calico-node (the node's namespaces)`, complete: spec.complete,
      run(ctx) {
        const node = ctx.world.node(ctx.shell.pod!.node);
        if (!node) return ctx.err('error: the node is gone\n'), 1;
        return spec.run({ ...ctx, node });
      },
    };
  }
  if (ON_FILES.includes(base)) {
    return {
      name: base, summary: `${base} in the calico-node container`,
      async run(ctx) {
        const sess = ctx.shell.pod!;
        const node = ctx.world.node(sess.node);
        const view = containerView(ctx.world, sess);
        if (!node || !view) return ctx.err('error: the pod is gone\n'), 1;
        const status = await spec.run({ ...ctx, node: { ...node, fs: view.fs }, shell: { ...ctx.shell, cwd: sess.cwd } });
        writeBack(ctx.world, sess, view);
        return status;
      },
    };
  }
  return null;
}

export function calicoNodeCommandLookup(name: string, sess: PodShellState): { ok: true; command: CommandSpec } | { ok: false; message: string; status: number } {
  const b = builtin(name);
  if (b) return { ok: true, command: b };
  const base = name.split('/').pop() ?? name;
  const p = calicoNodeHas(base) ? program(base) : null;
  if (p) return { ok: true, command: p };
  // A path that is not there, or a name not on $PATH, as bash words each.
  if (name.includes('/')) return { ok: false, message: `${shellName(sess)}: ${name}: No such file or directory`, status: 127 };
  return { ok: false, message: `${shellName(sess)}: ${name}: command not found`, status: 127 };
}

/** The words Tab completion offers first in the container: builtins and the image's programs. */
export function calicoNodeCommandNames(): string[] {
  return [...new Set(['exit', 'cd', 'pwd', 'env', 'which', ...BUILTINS, ...ON_NODE, ...ON_FILES])].sort();
}

/** A directory of the container for Tab completion: names, `/` after directories. */
export function calicoNodeDirList(world: World, sess: PodShellState, dir: string): string[] {
  const view = containerView(world, sess);
  const names = view ? fsList(view.fs, dir) : [];
  if (!view || !Array.isArray(names)) return [];
  return names.map((n) => n + (fsStat(view.fs, `${dir === '/' ? '' : dir}/${n}`)?.type === 'dir' ? '/' : ''));
}
