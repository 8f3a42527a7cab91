/**
 * The world's snapshot with BIRD's shared objects written once. In memory, the clients of a route
 * reflector share one paths object per prefix (bird-rib.ts, pathsWith), one Loc-RIB entry and one
 * BGP route, and every node that tunnels to a block shares one kernel route: plain JSON would
 * write each of them once per node (500 nodes with 5,000 pods: past V8's largest string). Here
 * they go to tables at the end (`shared`), referenced by index, and a restored world shares them
 * again. A snapshot without `shared` (saved before) restores as plain JSON.
 *
 * BIRD's per-prefix tables are arrays and sets by prefix number in memory (bird-tables.ts); the
 * numbers are the process's, so the snapshot writes prefixes as text and a restore numbers them
 * again (a snapshot from before the numbers restores the same way).
 */
import type { NodeState, WorldState } from './state';
import type { Route } from './net/route';
import type { BgpRoute, BgpSession, BirdState, RibEntry } from './calico/bird-types';
import { prefixId, prefixText, tableFromRecord, tableToRecord } from './calico/bird-tables';

interface SharedTables {
  /** BIRD's kernel routes (`proto bird`, never changed in place). */
  routes: Route[];
  bgp: BgpRoute[];
  /** Paths of a prefix: protocol -> index in `bgp`. */
  paths: Record<string, number>[];
}

type Paths = Record<string, BgpRoute>;

/**
 * Index of an object in its table, adding it the first time it is met (traversal order, so the
 * text is deterministic). With `content`, equal objects share an index: kernel routes and paths
 * are compared by their fields, never by identity, and a restored world (or the module-level
 * tunnel route cache) may hold equal copies where the original held one object.
 */
function indexer<T extends object, E = T>(table: E[], encode: (x: T) => E, content: boolean): (x: T) => number {
  const ids = new Map<T, number>();
  const byText = new Map<string, number>();
  return (x) => {
    let i = ids.get(x);
    if (i !== undefined) return i;
    const e = encode(x);
    const text = content ? JSON.stringify(e) : '';
    i = content ? byText.get(text) : undefined;
    if (i === undefined) {
      i = table.length;
      table.push(e);
      if (content) byText.set(text, i);
    }
    ids.set(x, i);
    return i;
  };
}

function mapValues<A, B>(o: Record<string, A>, f: (a: A) => B): Record<string, B> {
  const out: Record<string, B> = {};
  for (const k in o) out[k] = f(o[k]);
  return out;
}

export function snapshotEncode(state: WorldState): string {
  const tables: SharedTables = { routes: [], bgp: [], paths: [] };
  const route = indexer<Route>(tables.routes, (r) => r, true);
  // BGP routes by identity: BIRD's decision compares the Loc-RIB's route with the best path's by
  // identity, so a restored world must hold exactly the objects the original held.
  const bgp = indexer<BgpRoute>(tables.bgp, (r) => r, false);
  const paths = indexer<Paths, Record<string, number>>(tables.paths, (p) => mapValues(p, bgp), true);
  const node = (n: NodeState): unknown => ({
    ...n,
    routes: n.routes.map((r) => (r.proto === 'bird' ? route(r) : r)),
    bird: n.bird && {
      ...n.bird,
      adjIn: tableToRecord(n.bird.adjIn, paths),
      rib: tableToRecord(n.bird.rib, (e) => [e.from, bgp(e.route)]),
      changed: texts(n.bird.changed),
      sessions: n.bird.sessions.map(sessionEncode),
    },
  });
  return JSON.stringify({ ...state, nodes: state.nodes.map(node), routers: state.routers?.map(node), shared: tables });
}

/**
 * The format before shared tables (and still read by snapshotDecode): every path, entry and kernel
 * route written in place, BIRD's sets as objects keyed by prefix. Tests use it to check that
 * sessions saved in it still restore.
 */
export function snapshotEncodePlain(state: WorldState): string {
  const keyed = (ids: Iterable<number>) => Object.fromEntries(texts(ids).map((p) => [p, true]));
  const node = (n: NodeState): unknown => ({
    ...n,
    bird: n.bird && {
      ...n.bird,
      adjIn: tableToRecord(n.bird.adjIn, (x) => x),
      rib: tableToRecord(n.bird.rib, (x) => x),
      changed: keyed(n.bird.changed),
      sessions: n.bird.sessions.map((s) => ({ ...s, sent: keyed(s.sent), sentRib: s.sentRib && { minus: keyed(s.sentRib.minus), plus: keyed(s.sentRib.plus) } })),
    },
  });
  return JSON.stringify({ ...state, nodes: state.nodes.map(node), routers: state.routers?.map(node) });
}

/** Prefix numbers as text (sorted by number: the snapshot's text is deterministic within a run). */
function texts(ids: Iterable<number>): string[] {
  return [...ids].sort((a, b) => a - b).map(prefixText);
}

function sessionEncode(s: BgpSession): unknown {
  return { ...s, sent: texts(s.sent), sentRib: s.sentRib && { minus: texts(s.sentRib.minus), plus: texts(s.sentRib.plus) } };
}

/** A set of prefixes as saved: a list of texts, or (before the numbers) an object keyed by them. */
function idSet(saved: string[] | Record<string, true> | undefined): Set<number> {
  return new Set((Array.isArray(saved) ? saved : Object.keys(saved ?? {})).map(prefixId));
}

type SavedBird = Omit<BirdState, 'adjIn' | 'rib' | 'changed' | 'sessions'> & {
  adjIn: Record<string, number | Paths>;
  rib: Record<string, [string, number] | RibEntry>;
  changed: string[] | Record<string, true>;
  sessions: (Omit<BgpSession, 'sent' | 'sentRib'> & { sent: string[] | Record<string, true>; sentRib?: { minus: string[] | Record<string, true>; plus: string[] | Record<string, true> } })[];
};

/** BIRD's state from the snapshot: shared objects by index (`shared`), or plain (older snapshots). */
function birdDecode(saved: SavedBird, paths: (x: number | Paths) => Paths, entry: (x: [string, number] | RibEntry) => RibEntry): BirdState {
  return {
    ...saved,
    adjIn: tableFromRecord(saved.adjIn, paths),
    rib: tableFromRecord(saved.rib, entry),
    changed: idSet(saved.changed),
    sessions: saved.sessions.map((s) => {
      const out: BgpSession = { ...s, sent: idSet(s.sent), sentRib: s.sentRib && { minus: idSet(s.sentRib.minus), plus: idSet(s.sentRib.plus) } };
      if (!s.sentRib) delete out.sentRib;
      return out;
    }),
  };
}

export function snapshotDecode(text: string): WorldState {
  const saved = JSON.parse(text) as WorldState & { shared?: SharedTables };
  const tables = saved.shared;
  if (!tables) {
    // Plain JSON: every path and entry written out in full.
    for (const n of [...saved.nodes, ...(saved.routers ?? [])]) {
      if (n.bird) n.bird = birdDecode(n.bird as unknown as SavedBird, (x) => x as Paths, (x) => x as RibEntry);
    }
    return saved;
  }
  delete saved.shared;
  const bgp = tables.bgp;
  const paths = tables.paths.map((p) => mapValues(p, (i) => bgp[i]));
  const entries = new Map<string, { from: string; route: BgpRoute }>();
  const entry = (x: [string, number] | RibEntry) => {
    const [from, i] = x as [string, number];
    const key = `${i} ${from}`;
    let e = entries.get(key);
    if (!e) entries.set(key, (e = { from, route: bgp[i] }));
    return e;
  };
  const node = (n: NodeState) => {
    n.routes = (n.routes as (Route | number)[]).map((r) => (typeof r === 'number' ? tables.routes[r] : r));
    if (n.bird) n.bird = birdDecode(n.bird as unknown as SavedBird, (i) => paths[i as number], entry);
  };
  saved.nodes.forEach(node);
  saved.routers?.forEach(node);
  return saved;
}
