/** The shape check of a saved LabSession snapshot: no DOM, so unit tests run it in Node. */
export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

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

