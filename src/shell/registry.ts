/**
 * Finding the program for a command name, as bash does: builtins first, then the files on $PATH.
 * System tools (ip, kubectl, tcpdump, ...) are present on every node; downloaded binaries such as
 * calicoctl are files in the node's filesystem whose content names the program they are.
 */
import type { NodeState } from '../emulator/state';
import { fsIsExecutable, fsResolve, fsStat } from '../emulator/fs';
import type { CommandSpec, ShellState } from './context';
import { podCommandLookup } from './commands/net/pod-shell';
import { COMMANDS } from './commands';
import { binaryProgram } from './binary';

export { BINARY_MAGIC, binaryProgram } from './binary';

export const PATH_DIRS = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

export type Lookup = { ok: true; command: CommandSpec; version?: string } | { ok: false; message: string; status: number };

export function commandLookup(name: string, node: NodeState, shell?: ShellState): Lookup {
  // In a pod's shell the image's programs are found, not the node's.
  if (shell?.pod) return podCommandLookup(name, shell.pod);
  if (name.includes('/')) return lookupPath(name, fsResolve('/root', name), node);
  const spec = COMMANDS[name];
  if (spec && !spec.installable) return { ok: true, command: spec };
  let notExecutable: string | null = null;
  for (const dir of PATH_DIRS) {
    const path = `${dir}/${name}`;
    const e = fsStat(node.fs, path);
    if (e && fsIsExecutable(e)) return lookupPath(name, path, node);
    if (e?.type === 'file' && !notExecutable) notExecutable = path;
  }
  // bash remembers a match it could not execute and reports it by its full path.
  if (notExecutable) return { ok: false, message: `bash: ${notExecutable}: Permission denied`, status: 126 };
  return { ok: false, message: `bash: ${name}: command not found`, status: 127 };
}

function lookupPath(typed: string, path: string, node: NodeState): Lookup {
  const e = fsStat(node.fs, path);
  if (!e) return { ok: false, message: `bash: ${typed}: No such file or directory`, status: 127 };
  if (e.type === 'dir') return { ok: false, message: `bash: ${typed}: Is a directory`, status: 126 };
  if (!fsIsExecutable(e)) return { ok: false, message: `bash: ${typed}: Permission denied`, status: 126 };
  const bin = binaryProgram(e.content);
  const spec = bin ? COMMANDS[bin.program] : undefined;
  if (!spec) return { ok: false, message: `bash: ${typed}: cannot execute binary file: Exec format error`, status: 126 };
  return { ok: true, command: spec, version: bin!.version };
}

/** Names offered by tab completion for the first word. */
export function commandNames(node: NodeState): string[] {
  const names = new Set(Object.values(COMMANDS).filter((c) => !c.installable).map((c) => c.name));
  for (const dir of PATH_DIRS) {
    for (const path of Object.keys(node.fs)) {
      if (path.startsWith(dir + '/') && !path.slice(dir.length + 1).includes('/') && fsIsExecutable(node.fs[path])) {
        names.add(path.slice(dir.length + 1));
      }
    }
  }
  return [...names].sort();
}
