/**
 * Each lab step's start state, so one step can be reset without losing the steps before it.
 *
 * When a step becomes the one to work on (the step before it is done, or the lab opens on it), the
 * session's snapshot (world, terminals, lab progress) and the terminals' screens are kept in the
 * progress store (IndexedDB) under `calico-lab.step-start.<slot>#<step>`. Resetting the step
 * restarts the worker from that snapshot: the cluster, every shell's history and the checks are
 * as they were then; later steps' starts are dropped (they describe a future that is undone). A
 * lab reset drops them all. A step first seen after a reload (progress saved before this existed)
 * starts where the student found it. No DOM, no Svelte: unit-tested in Node.
 */
import { screenFits, type SavedScreen } from '../terminal/screen-store';
import { SESSION_PREFIX } from './slots';

export const STEP_START_PREFIX = 'calico-lab.step-start.';

export interface StepStart {
  /** The session snapshot as the worker's `snapshot()` gave it. */
  snapshot: string;
  /** Each terminal's screen then, by terminal id, and the tab in front. */
  screens: [number, SavedScreen][];
  active: number | null;
}

/** The storage the starts live in (the progress store in the page, a Map in tests). */
export interface StepStartStorage {
  get(key: string): Promise<string | null>;
  put(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
  keys(prefix: string): Promise<string[]>;
}

/** The key of a step's start within a session slot (`calico-lab.session.lab:ID` → `lab:ID#step`). */
export function stepStartKey(sessionKey: string, stepId: string): string {
  return `${STEP_START_PREFIX}${sessionKey.slice(SESSION_PREFIX.length)}#${stepId}`;
}

/** Whether a session slot belongs to this lab (a page switching labs briefly shows the old one). */
export function slotIsLab(sessionKey: string, labId: string): boolean {
  return sessionKey.endsWith(`lab:${labId}`);
}

function parse(raw: string | null): StepStart | null {
  if (!raw) return null;
  try {
    const v = JSON.parse(raw) as StepStart;
    return typeof v?.snapshot === 'string' && Array.isArray(v.screens) ? v : null;
  } catch {
    return null;
  }
}

export class StepStarts {
  constructor(private store: StepStartStorage) {}

  async get(sessionKey: string, stepId: string): Promise<StepStart | null> {
    try {
      return parse(await this.store.get(stepStartKey(sessionKey, stepId)));
    } catch {
      return null;
    }
  }

  /** The steps of a slot that have a saved start. */
  async saved(sessionKey: string, stepIds: string[]): Promise<Set<string>> {
    try {
      const keys = new Set(await this.store.keys(stepStartKey(sessionKey, '')));
      return new Set(stepIds.filter((id) => keys.has(stepStartKey(sessionKey, id))));
    } catch {
      return new Set();
    }
  }

  /** Keeps a step's start unless one is kept already (the first time the step was current wins). */
  async keep(sessionKey: string, stepId: string, take: () => Promise<StepStart>): Promise<boolean> {
    const key = stepStartKey(sessionKey, stepId);
    try {
      if ((await this.store.get(key)) !== null) return false;
      await this.store.put(key, JSON.stringify(await take()));
      return true;
    } catch (err) {
      // Storage full or disabled: the step simply cannot be reset on its own.
      console.warn('step start not saved', err);
      return false;
    }
  }

  /** Drops the starts of the steps after `stepId` (order as in the lab); all of them without one. */
  async forget(sessionKey: string, stepIds: string[], after?: string): Promise<void> {
    const from = after === undefined ? 0 : stepIds.indexOf(after) + 1;
    const drop = new Set(stepIds.slice(from).map((id) => stepStartKey(sessionKey, id)));
    try {
      // Also starts of steps the lab no longer has (a lab edited since): they can never be used.
      for (const key of await this.store.keys(stepStartKey(sessionKey, ''))) {
        if (after === undefined || drop.has(key) || !stepIds.some((id) => stepStartKey(sessionKey, id) === key)) await this.store.delete(key);
      }
    } catch {
      /* storage disabled: nothing was kept either */
    }
  }
}

/**
 * The screen a restored shell shows: the one kept with the step's start when it belongs to that
 * shell's history (a command still running when the start was taken can make them differ), else
 * an empty one; either way with the reset's notice as its last line.
 */
export function screenWithNotice(screen: SavedScreen | undefined, notice: string, history: readonly string[]): SavedScreen {
  const base: SavedScreen = screen && screenFits(screen, history) ? screen : { lines: [], blocks: [], historyLength: history.length, lastCommand: history.at(-1) ?? '' };
  return { ...base, lines: [...base.lines, notice] };
}
