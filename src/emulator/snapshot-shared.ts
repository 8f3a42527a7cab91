/**
 * The world's snapshot with BIRD's shared objects written once. In memory, the clients of a route
 * reflector share one paths object per prefix (bird-rib.ts, pathsWith), one Loc-RIB entry and one
 * BGP route, and every node that tunnels to a block shares one kernel route: plain JSON would
 * write each of them once per node (500 nodes with 5,000 pods: past V8's largest string). Here
 * they go to tables at the end (`shared`), referenced by index, and a restored world shares them
 * again. A snapshot without `shared` (saved before) restores as plain JSON.
 */
import type { NodeState, WorldState } from './state';
import type { Route } from './net/route';
import type { BgpRoute, BirdState } from './calico/bird-types';

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
    bird: n.bird && { ...n.bird, adjIn: mapValues(n.bird.adjIn, paths), rib: mapValues(n.bird.rib, (e) => [e.from, bgp(e.route)]) },
  });
  return JSON.stringify({ ...state, nodes: state.nodes.map(node), routers: state.routers?.map(node), shared: tables });
}

export function snapshotDecode(text: string): WorldState {
  const saved = JSON.parse(text) as WorldState & { shared?: SharedTables };
  const tables = saved.shared;
  if (!tables) return saved;
  delete saved.shared;
  const bgp = tables.bgp;
  const paths = tables.paths.map((p) => mapValues(p, (i) => bgp[i]));
  const entries = new Map<string, { from: string; route: BgpRoute }>();
  const entry = ([from, i]: [string, number]) => {
    const key = `${i} ${from}`;
    let e = entries.get(key);
    if (!e) entries.set(key, (e = { from, route: bgp[i] }));
    return e;
  };
  const node = (n: NodeState) => {
    n.routes = (n.routes as (Route | number)[]).map((r) => (typeof r === 'number' ? tables.routes[r] : r));
    const bird = n.bird as (Omit<BirdState, 'adjIn' | 'rib'> & { adjIn: Record<string, number>; rib: Record<string, [string, number]> }) | null;
    if (bird) n.bird = { ...bird, adjIn: mapValues(bird.adjIn, (i) => paths[i]), rib: mapValues(bird.rib, entry) };
  };
  saved.nodes.forEach(node);
  saved.routers?.forEach(node);
  return saved;
}
