/**
 * Each terminal's screen across page loads: its last lines of text and which command printed
 * which of them (so restored output can still be hovered and explained). Kept beside the session's
 * snapshot in the progress store, one entry per session slot, and trusted only when it belongs to
 * the shell the worker restored: the same number of history entries, ending with the same line
 * (a reset, an imported file or a save that did not finish leave a screen that no longer fits).
 */
import { progressGet, progressPut } from '../progress/store';
import { SESSION_PREFIX } from '../progress/slots';

/** A command's output on a saved screen: lines [from, to) of `lines`, typed on `node`. */
export interface SavedBlock {
  command: string;
  node: string;
  from: number;
  to: number;
}

export interface SavedScreen {
  lines: string[];
  blocks: SavedBlock[];
  /** The shell's history when the screen was saved: its length and last line. */
  historyLength: number;
  lastCommand: string;
}

/** Lines kept per terminal: a lesson's worth, small enough to save after every command. */
export const SCREEN_LINES = 1000;

const SCREEN_PREFIX = 'calico-lab.screen.';

function screenKey(sessionKey: string): string {
  return SCREEN_PREFIX + sessionKey.slice(SESSION_PREFIX.length);
}

/** Whether a saved screen belongs to a shell with this history. */
export function screenFits(screen: SavedScreen, history: readonly string[]): boolean {
  return screen.historyLength === history.length && screen.lastCommand === (history.at(-1) ?? '');
}

function isScreen(v: unknown): v is SavedScreen {
  if (typeof v !== 'object' || v === null) return false;
  const s = v as Record<string, unknown>;
  return (
    Array.isArray(s.lines) &&
    s.lines.every((l) => typeof l === 'string') &&
    Array.isArray(s.blocks) &&
    s.blocks.every((b: unknown) => {
      const o = b as Record<string, unknown>;
      return typeof o === 'object' && o !== null && typeof o.command === 'string' && typeof o.node === 'string' && Number.isInteger(o.from) && Number.isInteger(o.to);
    }) &&
    Number.isInteger(s.historyLength) &&
    typeof s.lastCommand === 'string'
  );
}

/** The screens saved for a session slot, by terminal id; empty when none or unreadable. */
export async function screensLoad(sessionKey: string): Promise<Map<number, SavedScreen>> {
  const out = new Map<number, SavedScreen>();
  try {
    const raw = await progressGet(screenKey(sessionKey));
    const parsed = raw ? (JSON.parse(raw) as unknown) : null;
    if (typeof parsed !== 'object' || parsed === null) return out;
    for (const [id, screen] of Object.entries(parsed)) if (isScreen(screen)) out.set(Number(id), screen);
  } catch {
    /* a damaged entry only costs the old screen text */
  }
  return out;
}

export async function screensStore(sessionKey: string, screens: Map<number, SavedScreen>): Promise<void> {
  try {
    await progressPut(screenKey(sessionKey), JSON.stringify(Object.fromEntries(screens)));
  } catch (err) {
    console.warn('terminal screens not saved', err);
  }
}
