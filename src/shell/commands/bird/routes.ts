/**
 * `show route` of BIRD 1.6 (nest/rt-table.c rt_show_rte): `%-18s %s [%s %s%s]%s%s` — prefix, the
 * next hop, the protocol and its since (and `from` when a reflector passed it on), `*` on the best
 * route, then preference and, for BGP, the IGP metric and origin (`(100/0) [i]`).
 */
import type { World } from '../../../emulator/world';
import type { NodeState } from '../../../emulator/state';
import type { BgpRoute, BirdState } from '../../../emulator/calico/bird-types';
import { STATIC_PROTO } from '../../../emulator/calico/bird-rib';
import { cidrContains, cidrParts } from '../../../emulator/net/ip';
import { sessionByName } from '../../../emulator/calico/bird-speakers';
import { birdSince } from './view';
import { birdAdjInEntries, birdBest } from '../../../emulator/calico/bird-tables';

export interface BirdRoute {
  prefix: string;
  proto: string;
  pref: number;
  since: number;
  via: string; // `via 172.16.11.81 on eth0`, `blackhole`, `dev cali…`
  from?: string;
  bgp?: BgpRoute;
  type: string;
}

/** Every route in BIRD's master table, grouped by prefix, best first. */
export function birdTable(world: World, node: NodeState): Map<string, BirdRoute[]> {
  const bird = node.bird!;
  const table = new Map<string, BirdRoute[]>();
  for (const p of bird.ownBlocks) add(table, route(p, STATIC_PROTO, 200, birdBest(bird, p)?.route.at ?? bird.startedAt, 'blackhole', 'static unicast univ'));
  addLearned(table, node, bird);
  addKernel(table, node, bird);
  for (const [p, list] of table) if (list.length > 1) bestFirst(list, birdBest(bird, p)?.from);
  // Each prefix's numbers are looked up once, not in every comparison (a node has ~500 prefixes).
  const order = [...table.keys()].map((p) => ({ p, c: cidrParts(p)! }));
  order.sort((a, b) => a.c.network - b.c.network || a.c.prefix - b.c.prefix);
  return new Map(order.map(({ p }) => [p, table.get(p)!]));
}

// The table is built by small functions and every route has the same fields (absent ones
// undefined): V8 sees one shape of route, and no longer optimises one large function holding four.

function route(prefix: string, proto: string, pref: number, since: number, via: string, type: string, from?: string, bgp?: BgpRoute): BirdRoute {
  return { prefix, proto, pref, since, via, from, bgp, type };
}

function add(table: Map<string, BirdRoute[]>, r: BirdRoute): void {
  const list = table.get(r.prefix);
  if (list) list.push(r);
  else table.set(r.prefix, [r]);
}

/** The BGP paths of Adj-RIB-In, each through the device of its next hop's connected route. */
function addLearned(table: Map<string, BirdRoute[]>, node: NodeState, bird: BirdState): void {
  const connected = node.routes.filter((x) => x.proto === 'kernel');
  const devOf = new Map<string, string>();
  for (const [p, paths] of birdAdjInEntries(bird)) {
    for (const name in paths) {
      const r = paths[name];
      const s = sessionByName(bird, name);
      if (!s) continue;
      let dev = devOf.get(r.nh);
      if (dev === undefined) devOf.set(r.nh, (dev = connected.find((x) => cidrContains(x.dst, r.nh))?.dev ?? 'eth0'));
      add(table, route(p, name, 100, r.at, `via ${r.nh} on ${dev}`, 'BGP unicast univ', r.nh !== s.peerIp ? s.peerIp : undefined, r));
    }
  }
}

/** direct1 for the connected routes, kernel1 for the other kernel routes BIRD did not write. */
function addKernel(table: Map<string, BirdRoute[]>, node: NodeState, bird: BirdState): void {
  for (const r of node.routes) {
    if (r.proto === 'bird') continue;
    const prefix = r.dst.includes('/') ? r.dst : `${r.dst}/32`;
    if (r.proto === 'kernel') {
      add(table, route(prefix, 'direct1', 240, bird.startedAt, `dev ${r.dev}`, 'device unicast univ'));
      continue;
    }
    const via = r.type === 'blackhole' ? 'blackhole' : r.via ? `via ${r.via} on ${r.dev}` : `dev ${r.dev}`;
    add(table, route(prefix, 'kernel1', 10, bird.startedAt, via, 'inherited unicast univ'));
  }
}

/**
 * Higher preference first, then the route BIRD chose: a stable insertion sort in place (a prefix
 * has one route or two; `sort` with a comparator made per prefix allocated more than the table).
 */
function bestFirst(list: BirdRoute[], best: string | undefined): void {
  for (let i = 1; i < list.length; i++) {
    const r = list[i];
    let j = i - 1;
    for (; j >= 0 && (list[j].pref < r.pref || (list[j].pref === r.pref && r.proto === best)); j--) list[j + 1] = list[j];
    list[j + 1] = r;
  }
}

export function birdRouteLines(world: World, prefix: string, routes: BirdRoute[], all: boolean): string[] {
  const out: string[] = [];
  routes.forEach((r, i) => {
    const from = r.from ? ` from ${r.from}` : '';
    let info = ` (${r.pref})`;
    if (r.bgp) info = ` (${r.pref}/0) [${r.bgp.as?.length ? `AS${r.bgp.as[r.bgp.as.length - 1]}` : ''}i]`;
    out.push(`${(i === 0 ? prefix : '').padEnd(18)} ${r.via} [${r.proto} ${birdSince(world, r.since)}${from}]${i === 0 ? ' *' : ''}${info}`);
    if (!all) return;
    out.push(`\tType: ${r.type}`);
    if (r.bgp) {
      out.push('\tBGP.origin: IGP', `\tBGP.as_path: ${(r.bgp.as ?? []).join(' ')}`, `\tBGP.next_hop: ${r.bgp.nh}`, '\tBGP.local_pref: 100');
      if (r.bgp.cl) out.push(`\tBGP.originator_id: ${r.bgp.o}`, `\tBGP.cluster_list: ${r.bgp.cl.join(' ')}`);
    }
  });
  return out;
}
