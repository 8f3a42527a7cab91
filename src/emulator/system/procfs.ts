/**
 * The part of /proc a student reads while checking Calico: /proc/sys (the same values `sysctl`
 * prints), /proc/version and /proc/modules. Computed from the world on each read, never stored
 * in the node's filesystem; `null` means "not a /proc path", so callers fall back to the files.
 */
import type { World } from '../world';
import type { NodeState } from '../state';
import type { FsEntry, FsError } from '../fs';
import { KERNEL_RELEASE, KERNEL_VERSION } from './host';
import { kernelModules, nodeSysctls, sysctlKeyFromPath, sysctlPath } from './kernel';

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

/**
 * A /proc/sys file written (`sysctl -w`, `echo 0 > /proc/sys/…`): kept on the node; other /proc
 * files refuse. ip_forward is conf.all.forwarding under another name, and writing either sets
 * every interface's (and default's) forwarding too, as the kernel's inet_forward_change does.
 */
export function procSysWrite(node: NodeState, key: string, value: string): 'ENOENT' | null {
  if (!sysctlFiles(node).has(sysctlPath(key))) return 'ENOENT';
  const written = (node.sysctlWritten ??= {});
  if (key === 'net.ipv4.ip_forward' || key === 'net.ipv4.conf.all.forwarding') {
    // Interfaces gone since an earlier write forget it: a new veth of the same name starts afresh.
    for (const k of Object.keys(written)) if (/^net\.ipv4\.conf\.[^.]+\.forwarding$/.test(k)) delete written[k];
    for (const [k] of nodeSysctls(node)) if (/^net\.ipv4\.conf\.[^.]+\.forwarding$/.test(k) || k === 'net.ipv4.ip_forward') written[k] = value;
  } else written[key] = value;
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

/** Opening a /proc path for writing (a shell's `>`): only /proc/sys files take writes. */
export function procWriteOpen(world: World, node: NodeState, path: string): 'ENOENT' | 'EISDIR' | 'EACCES' | null {
  if (sysctlFiles(node).has(path)) return null;
  const listed = procList(world, node, path);
  if (Array.isArray(listed)) return 'EISDIR';
  return listed === 'ENOTDIR' ? 'EACCES' : 'ENOENT';
}

/** Text written to a /proc/sys file (`echo 0 > /proc/sys/net/ipv4/ip_forward`): its first word is the value. */
export function procWriteText(node: NodeState, path: string, text: string): void {
  const value = text.trim().split(/\s+/)[0] ?? '';
  const key = sysctlKeyFromPath(path);
  const current = nodeSysctls(node).find(([k]) => k === key);
  // The kernel refuses what is not a number for a numeric entry (EINVAL); the value stays.
  if (!current || (/^-?\d+$/.test(current[1]) && !/^-?\d+$/.test(value))) return;
  procSysWrite(node, key, value);
}
