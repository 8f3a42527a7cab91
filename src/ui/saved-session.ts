/**
 * Keeps the student's session across page loads: the worker's snapshot goes to localStorage,
 * one slot per lab choice, and a reset clears it. Beside it, the UI's own state (which tab was
 * in front). A saved value is checked before use: a corrupted one is reported, not trusted.
 */
import { isObject, snapshotProblem } from './snapshot-check';

export { snapshotProblem };

const PREFIX = 'calico-lab.session.';
const UI_PREFIX = 'calico-lab.ui.';

export function savedSessionKey(params: URLSearchParams): string {
  if (params.has('lab')) return PREFIX + 'lab:' + params.get('lab');
  if (params.has('scenario')) return PREFIX + 'scenario:' + params.get('scenario');
  return PREFIX + (params.has('sandbox') ? 'sandbox' : 'default');
}

export type SavedLoad = { snapshot?: string; error?: undefined } | { snapshot?: undefined; error: string };

/** The saved snapshot if there is one and it looks sane; else the reason it was refused. */
export function savedSessionLoad(key: string): SavedLoad {
  let raw: string | null = null;
  try {
    raw = globalThis.localStorage?.getItem(key) ?? null;
  } catch (err) {
    return { error: `storage unreadable (${err instanceof Error ? err.message : String(err)})` };
  }
  if (raw === null) return {};
  const problem = snapshotProblem(raw);
  return problem ? { error: problem } : { snapshot: raw };
}

export function savedSessionStore(key: string, snapshot: string): void {
  try {
    localStorage.setItem(key, snapshot);
  } catch {
    // Storage full or disabled: the lab still works, it just will not survive a reload.
  }
}

export function savedSessionClear(key: string): void {
  try {
    globalThis.localStorage?.removeItem(key);
    globalThis.localStorage?.removeItem(key.replace(PREFIX, UI_PREFIX));
  } catch {
    /* storage disabled */
  }
}

/** Which terminal tab was in front, per session slot. */
export function savedActiveTab(key: string): number | null {
  try {
    const v = JSON.parse(globalThis.localStorage?.getItem(key.replace(PREFIX, UI_PREFIX)) ?? 'null') as unknown;
    return isObject(v) && typeof v.active === 'number' ? v.active : null;
  } catch {
    return null;
  }
}

export function storeActiveTab(key: string, active: number | null): void {
  try {
    localStorage.setItem(key.replace(PREFIX, UI_PREFIX), JSON.stringify({ active }));
  } catch {
    /* storage full or disabled */
  }
}
