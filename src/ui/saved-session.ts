/**
 * Keeps the student's session across page loads: the worker's snapshot goes to localStorage,
 * one slot per lab choice, and a reset clears it.
 */
const PREFIX = 'calico-lab.session.';

export function savedSessionKey(params: URLSearchParams): string {
  if (params.has('lab')) return PREFIX + 'lab:' + params.get('lab');
  if (params.has('scenario')) return PREFIX + 'scenario:' + params.get('scenario');
  return PREFIX + (params.has('sandbox') ? 'sandbox' : 'default');
}

export function savedSessionLoad(key: string): string | undefined {
  return globalThis.localStorage?.getItem(key) ?? undefined;
}

export function savedSessionStore(key: string, snapshot: string): void {
  try {
    localStorage.setItem(key, snapshot);
  } catch {
    // Storage full or disabled: the lab still works, it just will not survive a reload.
  }
}

export function savedSessionClear(key: string): void {
  globalThis.localStorage?.removeItem(key);
}
