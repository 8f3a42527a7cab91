/**
 * A node's filesystem: a flat map from absolute path to entry. Part of the node's state (so it is
 * snapshotted and lab checks can read it), while the shell decides what commands do with it.
 */

export interface FsEntry {
  type: 'file' | 'dir';
  content: string;
  mode: number; // permission bits, e.g. 0o644
  mtime: number; // simulated ms
}

export type FsState = Record<string, FsEntry>;

export type FsError = 'ENOENT' | 'ENOTDIR' | 'EISDIR' | 'EEXIST';

/** Join and normalise like a shell does: `.`/`..` resolved, `~` is /root. */
export function fsResolve(cwd: string, path: string): string {
  let p = path;
  if (p === '~' || p.startsWith('~/')) p = '/root' + p.slice(1);
  const parts = (p.startsWith('/') ? p : `${cwd}/${p}`).split('/');
  const out: string[] = [];
  for (const part of parts) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return '/' + out.join('/');
}

export function fsDirname(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

export function fsBasename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

export function fsStat(fs: FsState, path: string): FsEntry | undefined {
  return path === '/' ? { type: 'dir', content: '', mode: 0o755, mtime: 0 } : fs[path];
}

export function fsRead(fs: FsState, path: string): string | FsError {
  const e = fsStat(fs, path);
  if (!e) return fsParentIsFile(fs, path) ? 'ENOTDIR' : 'ENOENT';
  if (e.type === 'dir') return 'EISDIR';
  return e.content;
}

function fsParentIsFile(fs: FsState, path: string): boolean {
  const parent = fsDirname(path);
  return parent !== path && fs[parent]?.type === 'file';
}

/** Write (create or replace) a file; the parent directory must exist, as with `open(O_CREAT)`. */
export function fsWrite(fs: FsState, path: string, content: string, now: number, append = false): FsError | null {
  const parent = fsStat(fs, fsDirname(path));
  if (!parent) return 'ENOENT';
  if (parent.type !== 'dir') return 'ENOTDIR';
  const e = fs[path];
  if (e?.type === 'dir') return 'EISDIR';
  fs[path] = { type: 'file', content: append && e ? e.content + content : content, mode: e?.mode ?? 0o644, mtime: now };
  return null;
}

export function fsMkdirP(fs: FsState, path: string, now = 0): void {
  let cur = '';
  for (const part of path.split('/').filter(Boolean)) {
    cur += '/' + part;
    if (!fs[cur]) fs[cur] = { type: 'dir', content: '', mode: 0o755, mtime: now };
  }
}

/** Names directly inside a directory, sorted as `ls` sorts them in the C locale. */
export function fsList(fs: FsState, dir: string): string[] | FsError {
  const e = fsStat(fs, dir);
  if (!e) return 'ENOENT';
  if (e.type !== 'dir') return 'ENOTDIR';
  const prefix = dir === '/' ? '/' : dir + '/';
  const names = new Set<string>();
  for (const p of Object.keys(fs)) {
    if (p.startsWith(prefix) && p.length > prefix.length) names.add(p.slice(prefix.length).split('/')[0]);
  }
  return [...names].sort();
}

export function fsRemove(fs: FsState, path: string): FsError | null {
  const e = fs[path];
  if (!e) return 'ENOENT';
  if (e.type === 'dir') return 'EISDIR';
  delete fs[path];
  return null;
}

export function fsIsExecutable(e: FsEntry | undefined): boolean {
  return !!e && e.type === 'file' && (e.mode & 0o111) !== 0;
}
