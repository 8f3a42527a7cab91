/**
 * Keeps the student's session across page loads: the worker's snapshot goes to the progress store
 * (IndexedDB, `progress/store.ts`), one slot per lab choice, and a reset clears it. Beside it, the
 * UI's own state (which tab was in front) stays in localStorage. A saved value is checked before
 * use: a corrupted one is reported, not trusted.
 *
 * A page opened from a share link (`?shared` once the fragment is read) saves into a slot of its
 * own, so looking at someone else's session never overwrites the viewer's work in that lab.
 */
import { isObject, snapshotProblem } from './snapshot-check';
import { progressDelete, progressGet, progressPut } from './progress/store';
import { SESSION_PREFIX } from './progress/slots';

export { snapshotProblem };
export { ownSessionKey, savedSessionKey, SESSION_PREFIX, SHARED_PARAM } from './progress/slots';

const UI_PREFIX = 'calico-lab.ui.';

export type SavedLoad = { snapshot?: string; error?: undefined } | { snapshot?: undefined; error: string };

/** The saved snapshot if there is one and it looks sane; else the reason it was refused. */
export async function savedSessionLoad(key: string): Promise<SavedLoad> {
  let raw: string | null = null;
  try {
    raw = await progressGet(key);
  } catch (err) {
    return { error: `storage unreadable (${err instanceof Error ? err.message : String(err)})` };
  }
  if (raw === null) return {};
  const problem = snapshotProblem(raw);
  return problem ? { error: problem } : { snapshot: raw };
}

/** Whether the slot holds anything (the "back to my work" offer). */
export async function savedSessionExists(key: string): Promise<boolean> {
  try {
    return (await progressGet(key)) !== null;
  } catch {
    return false;
  }
}

export async function savedSessionStore(key: string, snapshot: string): Promise<void> {
  try {
    await progressPut(key, snapshot);
  } catch (err) {
    // Storage full or disabled: the lab still works, it just will not survive a reload.
    console.warn('progress not saved', err);
  }
}

export async function savedSessionClear(key: string): Promise<void> {
  try {
    globalThis.localStorage?.removeItem(key.replace(SESSION_PREFIX, UI_PREFIX));
    await progressDelete(key);
  } catch {
    /* storage disabled */
  }
}

/** Which terminal tab was in front, per session slot. */
export function savedActiveTab(key: string): number | null {
  try {
    const v = JSON.parse(globalThis.localStorage?.getItem(key.replace(SESSION_PREFIX, UI_PREFIX)) ?? 'null') as unknown;
    return isObject(v) && typeof v.active === 'number' ? v.active : null;
  } catch {
    return null;
  }
}

export function storeActiveTab(key: string, active: number | null): void {
  try {
    localStorage.setItem(key.replace(SESSION_PREFIX, UI_PREFIX), JSON.stringify({ active }));
  } catch {
    /* storage full or disabled */
  }
}
