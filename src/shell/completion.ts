/** Tab completion: command names for the first word, then the command's own completer or files. */
import type { World } from '../emulator/world';
import type { Completion } from './api';
import type { ShellState } from './context';
import { shellNode } from './context';
import { commandLookup, commandNames } from './registry';
import { fsList, fsResolve, fsStat } from '../emulator/fs';

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
    const names = word.includes('/') ? files(world, shell, word, true) : commandNames(node).filter((n) => n.startsWith(word));
    return { from, candidates: names };
  }
  const lookup = commandLookup(words[0], node);
  const own = lookup.ok && lookup.command.complete ? lookup.command.complete(words.slice(1, -1), word, { world, node, shell }) : [];
  const candidates = own.filter((c) => c.startsWith(word));
  return { from, candidates: candidates.length ? candidates : files(world, shell, word, false) };
}

function files(world: World, shell: ShellState, word: string, executablesOnly: boolean): string[] {
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
