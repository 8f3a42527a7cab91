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

export { snapshotProblem };

export const SESSION_PREFIX = 'calico-lab.session.';
const UI_PREFIX = 'calico-lab.ui.';
/** The URL parameter that marks a page showing a share link's session. */
export const SHARED_PARAM = 'shared';

/** The viewer's own slot for the URL's lab choice, whether or not a shared session is shown. */
export function ownSessionKey(params: URLSearchParams): string {
  if (params.has('lab')) return SESSION_PREFIX + 'lab:' + params.get('lab');
  // A scenario's size is part of its slot: 4 nodes and 12 nodes are different clusters.
  const size = params.has('nodes') ? '@' + params.get('nodes') : '';
  const scenario = params.get('scenario');
  // The sandbox's scenarios have slots of their own (the exam clears `scenario:installed`).
  if (params.has('sandbox')) return SESSION_PREFIX + 'sandbox' + (scenario ? ':' + scenario : '') + size;
  if (scenario !== null) return SESSION_PREFIX + 'scenario:' + scenario + size;
  return SESSION_PREFIX + 'default';
}

/** The slot the page saves into: the shared session's own slot while one is shown. */
export function savedSessionKey(params: URLSearchParams): string {
  const own = ownSessionKey(params);
  return params.has(SHARED_PARAM) ? SESSION_PREFIX + 'shared:' + own.slice(SESSION_PREFIX.length) : own;
}

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
