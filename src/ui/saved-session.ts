/**
 * Keeps the student's session across page loads: the worker's snapshot goes to localStorage,
 * one slot per lab choice, and a reset clears it. Beside it, the UI's own state (which tab was
 * in front). A saved value is checked before use: a corrupted one is reported, not trusted.
 */
const PREFIX = 'calico-lab.session.';
const UI_PREFIX = 'calico-lab.ui.';

export function savedSessionKey(params: URLSearchParams): string {
  if (params.has('lab')) return PREFIX + 'lab:' + params.get('lab');
  if (params.has('scenario')) return PREFIX + 'scenario:' + params.get('scenario');
  return PREFIX + (params.has('sandbox') ? 'sandbox' : 'default');
}

export type SavedLoad = { snapshot?: string; error?: undefined } | { snapshot?: undefined; error: string };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Why a stored snapshot cannot be a LabSession snapshot, or null when its shape is right:
 * `{ world: string (JSON of an object with nodes[]), terminals: [{ id, shell }], lab, options }`.
 * The worker checks the rest (restoring it and computing a digest) before it is used.
 */
export function snapshotProblem(raw: string): string | null {
  let saved: unknown;
  try {
    saved = JSON.parse(raw);
  } catch (err) {
    return `not JSON (${err instanceof Error ? err.message : String(err)})`;
  }
  if (!isObject(saved)) return 'not an object';
  if (typeof saved.world !== 'string') return 'no world';
  let world: unknown;
  try {
    world = JSON.parse(saved.world);
  } catch {
    return 'the world is not JSON';
  }
  if (!isObject(world) || !Array.isArray(world.nodes) || world.nodes.length === 0) return 'the world has no nodes';
  if (!Array.isArray(saved.terminals)) return 'no terminal list';
  for (const t of saved.terminals) {
    if (!isObject(t) || typeof t.id !== 'number' || !isObject(t.shell)) return 'a terminal is malformed';
    const sh = t.shell;
    if (!Array.isArray(sh.history) || !Array.isArray(sh.nodeStack) || typeof sh.cwd !== 'string') {
      return `terminal ${t.id} has a malformed shell`;
    }
  }
  if (!isObject(saved.options)) return 'no options';
  return null;
}

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
