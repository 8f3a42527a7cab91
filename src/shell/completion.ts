/**
 * Tab completion: command names for the first word, then the command's own completer or files.
 * In a pod's shell (`kubectl exec -it POD -- sh`, `kubectl run -ti`) the names are the image's
 * programs and the shell's builtins, and the files are the container's.
 */
import type { World } from '../emulator/world';
import type { Completion } from './api';
import type { ShellState } from './context';
import { shellNode } from './context';
import { commandLookup, commandNames } from './registry';
import { fsList, fsResolve, fsStat } from '../emulator/fs';
import type { PodShellState } from './context';
import { podCommandNames } from './commands/net/pod-shell';
import { calicoNodeDirList, isCalicoNodeImage } from './commands/net/calico-node-shell';
import { containerRootfs } from './commands/net/pod-exec';
import { storeGet } from '../emulator/k8s/objects';

const COMMAND_POSITION_AFTER = new Set(['do', 'then', 'else', 'elif', 'if', 'while', 'until', '{', '!']);

export function complete(world: World, shell: ShellState, line: string, cursor: number): Completion {
  const before = line.slice(0, cursor);
  const from = Math.max(before.lastIndexOf(' '), before.lastIndexOf('|'), before.lastIndexOf(';'), before.lastIndexOf('(')) + 1;
  const word = before.slice(from);
  const segment = before.slice(Math.max(before.lastIndexOf('|'), before.lastIndexOf(';'), before.lastIndexOf('&'), before.lastIndexOf('(')) + 1).trimStart();
  const words = segment.split(/\s+/);
  // After `do`, `then`, `{`, `!` … the next word is a command again (`for n in 1 2; do kub⇥`).
  while (words.length > 1 && COMMAND_POSITION_AFTER.has(words[0])) words.shift();
  const node = shellNode(world, shell);
  if (words.length <= 1) {
    // The student's aliases and functions complete too, as in bash.
    const own = [...Object.keys(shell.aliases ?? {}), ...Object.keys(shell.functions ?? {})];
    const base = shell.pod ? podCommandNames(shell.pod) : commandNames(node);
    const commands = own.length ? [...new Set([...own, ...base])].sort() : base;
    const names = word.includes('/') ? files(world, shell, word, true) : commands.filter((n) => n.startsWith(word));
    return { from, candidates: names };
  }
  const lookup = commandLookup(words[0], node, shell);
  const own = lookup.ok && lookup.command.complete ? lookup.command.complete(words.slice(1, -1), word, { world, node, shell }) : [];
  const candidates = own.filter((c) => c.startsWith(word));
  return { from, candidates: candidates.length ? candidates : files(world, shell, word, false) };
}

/** A directory of the pod's container (its root filesystem on the node, kubelet's /etc files): names, `/` after directories. */
function podDirList(world: World, sess: PodShellState, dir: string): string[] {
  const pod = storeGet(world.state.api, 'Pod', sess.namespace, sess.name);
  const node = world.node(sess.node);
  if (!pod || !node) return [];
  if (isCalicoNodeImage(sess.image)) return calicoNodeDirList(world, sess, dir);
  const root = containerRootfs(pod, sess.container);
  const base = dir === '/' ? ['bin/', 'dev/', 'etc/', 'home/', 'proc/', 'root/', 'sys/', 'tmp/', 'usr/', 'var/'] : dir === '/etc' ? ['hostname', 'hosts', 'resolv.conf'] : [];
  const own = fsList(node.fs, root + (dir === '/' ? '' : dir));
  const mine = (Array.isArray(own) ? own : []).map((n) => n + (fsStat(node.fs, `${root}${dir === '/' ? '' : dir}/${n}`)?.type === 'dir' ? '/' : ''));
  return [...new Set([...base, ...mine])].sort();
}

function files(world: World, shell: ShellState, word: string, executablesOnly: boolean): string[] {
  if (shell.pod) {
    const slash = word.lastIndexOf('/');
    const dirPart = slash >= 0 ? word.slice(0, slash + 1) : '';
    const dir = fsResolve(shell.pod.cwd, dirPart || '.');
    return podDirList(world, shell.pod, dir).filter((n) => n.startsWith(word.slice(slash + 1))).map((n) => dirPart + n);
  }
  const node = shellNode(world, shell);
  const slash = word.lastIndexOf('/');
  const dirPart = slash >= 0 ? word.slice(0, slash + 1) : '';
  const prefix = word.slice(slash + 1);
  const names = fsList(node.fs, fsResolve(shell.cwd, dirPart || '.'));
  if (!Array.isArray(names)) return [];
  return names
    .filter((n) => n.startsWith(prefix) && (prefix.startsWith('.') || !n.startsWith('.')))
    .map((n) => {
      const full = fsResolve(shell.cwd, dirPart + n);
      return dirPart + n + (fsStat(node.fs, full)?.type === 'dir' ? '/' : '');
    })
    .filter((n) => !executablesOnly || n.endsWith('/') || true);
}
