/**
 * The part of /proc a student reads while checking Calico: /proc/sys (the same values `sysctl`
 * prints), /proc/version and /proc/modules. Computed from the world on each read, never stored
 * in the node's filesystem; `null` means "not a /proc path", so callers fall back to the files.
 */
import type { World } from '../world';
import type { NodeState } from '../state';
import type { FsEntry, FsError } from '../fs';
import { KERNEL_RELEASE, KERNEL_VERSION } from './host';
import { kernelModules, nodeSysctls, sysctlPath } from './kernel';

function sysctlFiles(node: NodeState): Map<string, string> {
  return new Map(nodeSysctls(node).map(([k, v]) => [sysctlPath(k), v]));
}

export function procIsPath(path: string): boolean {
  return path === '/proc' || path.startsWith('/proc/');
}

/** The text of a /proc file, an errno name, or null outside /proc. */
export function procRead(world: World, node: NodeState, path: string): string | FsError | null {
  if (!procIsPath(path)) return null;
  if (path === '/proc/version') return `Linux version ${KERNEL_RELEASE} (buildd@lcy02-amd64-016) (gcc (Ubuntu 11.4.0-1ubuntu1~22.04) 11.4.0, GNU ld (GNU Binutils for Ubuntu) 2.38) ${KERNEL_VERSION}\n`;
  if (path === '/proc/modules') {
    return kernelModules(world, node)
      .map((m) => `${m.name} ${m.size} ${m.refs + m.usedBy.length} ${m.usedBy.length ? m.usedBy.join(',') + ',' : '-'} Live 0x0000000000000000\n`)
      .join('');
  }
  const files = sysctlFiles(node);
  const v = files.get(path);
  if (v !== undefined) return v + '\n';
  return Array.isArray(procList(world, node, path)) ? 'EISDIR' : 'ENOENT';
}

/** Names in a /proc directory (sorted), an errno name, or null outside /proc. */
export function procList(world: World, node: NodeState, dir: string): string[] | FsError | null {
  if (!procIsPath(dir)) return null;
  const d = dir.replace(/\/+$/, '');
  if (d === '/proc') return ['modules', 'sys', 'version'];
  const prefix = d + '/';
  const names = new Set<string>();
  for (const p of sysctlFiles(node).keys()) if (p.startsWith(prefix)) names.add(p.slice(prefix.length).split('/')[0]);
  if (names.size) return [...names].sort();
  return sysctlFiles(node).has(d) || d === '/proc/version' || d === '/proc/modules' ? 'ENOTDIR' : 'ENOENT';
}

/** A /proc/sys file written (`sysctl -w`): kept on the node; other /proc files refuse. */
export function procSysWrite(node: NodeState, key: string, value: string): 'ENOENT' | null {
  if (!sysctlFiles(node).has(sysctlPath(key))) return 'ENOENT';
  (node.sysctlWritten ??= {})[key] = value;
  return null;
}

/** What `ls -l` sees of a /proc path: files of size 0, read-only directories; null outside /proc. */
export function procStat(world: World, node: NodeState, path: string): FsEntry | undefined | null {
  if (!procIsPath(path)) return null;
  const listed = procList(world, node, path);
  if (Array.isArray(listed)) return { type: 'dir', content: '', mode: 0o555, mtime: world.now };
  if (listed === 'ENOTDIR') return { type: 'file', content: '', mode: path.startsWith('/proc/sys/') ? 0o644 : 0o444, mtime: world.now };
  return undefined;
}
