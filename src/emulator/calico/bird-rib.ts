/**
 * BIRD's routing: the Adj-RIB-In of each session, the best path per prefix (Loc-RIB), the
 * UPDATEs sent to peers (with route reflection: originator and cluster list), and the kernel
 * protocol's export filter (calico_kernel_programming) into the node's routing table.
 */
import type { World } from '../world';
import type { NodeState } from '../state';
import type { BgpRoute, BgpSession, BirdState, RibEntry } from './bird-types';
import type { Route } from '../net/route';
import { routeCompare, routeTableLookup, routeTableSync } from '../net/route';
import { cidrAddress, cidrContains, cidrParts, cidrPrefix, ipv4ToInt, prefixMask } from '../net/ip';
import { prefixBits, prefixId, prefixNetwork, prefixText, tableSet } from './bird-tables';
import { storeKeys } from '../k8s/objects';
import type { KObj } from '../k8s/objects';
import type { PoolView } from './pools';
import { poolsAll } from './pools';
import { kindSignature } from './felix-inputs';
import { speakerByIp, speakers, sessionByName, sessionByPeer } from './bird-speakers';
import { birdRoutesWritten } from '../net/route-writes';

export const STATIC_PROTO = 'static1';

/**
 * Bytes of an UPDATE but its NLRI: header and attributes (ORIGIN, AS_PATH, NEXT_HOP, LOCAL_PREF,
 * RR attributes) of the group's first route. Each prefix then adds 5 bytes of path ID and length
 * and its address bytes.
 */
function updateHeaderBytes(r: BgpRoute): number {
  const attrs = 4 + 3 + 4 * (r.as?.length ?? 0) + 7 + 7 + (r.cl ? 7 + 3 + 4 * r.cl.length : 0);
  return 23 + attrs;
}

interface BlockOrigins {
  key: string;
  /** Per block key: its resourceVersion and what it makes each node originate. */
  blocks: Map<string, { rv: string; entries: [string, string][] }>;
  byNode: Map<string, string[]>;
}

const BLOCKS = new WeakMap<object, BlockOrigins>();

/** What one IPAM block makes nodes originate: the block for its affine node, borrowed /32s for the others. */
function blockEntries(b: KObj): [string, string][] {
  const node = String(b.spec.affinity ?? '').replace(/^host:/, '');
  const out: [string, string][] = [[node, b.spec.cidr]];
  (b.spec.allocations as (number | null)[]).forEach((a, ordinal) => {
    const user = a === null ? undefined : b.spec.attributes[a]?.secondary?.node;
    if (user && user !== node) out.push([user, `${cidrAddress(b.spec.cidr, ordinal)}/32`]);
  });
  return out;
}

/**
 * What each node originates, recomputed when an IPAMBlock changes: its affine blocks (static1's
 * blackholes) and, as `/32`s, the addresses it borrowed from other nodes' blocks. Real BIRD learns
 * those from Felix's workload routes (`protocol kernel { learn; }`) and calico_aggr lets through
 * only what lies outside the node's own blocks, so a borrowed pod stays reachable. Only the blocks
 * whose resourceVersion moved are read again, and only their nodes' lists are rebuilt (a list
 * keeps its identity while it does not change, so static1 skips unchanged nodes at a glance).
 */
export function blocksByNode(world: World): Map<string, string[]> {
  const key = kindSignature(world, 'IPAMBlock');
  let memo = BLOCKS.get(world.state);
  if (memo && memo.key === key) return memo.byNode;
  if (!memo) BLOCKS.set(world.state, (memo = { key, blocks: new Map(), byNode: new Map() }));
  memo.key = key;
  const api = world.state.api;
  const keys = storeKeys(api, 'IPAMBlock');
  const affected = new Set<string>();
  const live = new Set(keys);
  for (const [k, old] of memo.blocks) {
    if (live.has(k)) continue;
    for (const [n] of old.entries) affected.add(n);
    memo.blocks.delete(k);
  }
  for (const k of keys) {
    const b = api.objects[k];
    const old = memo.blocks.get(k);
    if (old && old.rv === b.metadata.resourceVersion) continue;
    const entries = blockEntries(b);
    if (old) for (const [n] of old.entries) affected.add(n);
    for (const [n] of entries) affected.add(n);
    memo.blocks.set(k, { rv: b.metadata.resourceVersion, entries });
  }
  if (!affected.size) return memo.byNode;
  const lists = new Map<string, string[]>();
  for (const n of affected) lists.set(n, []);
  // Blocks in the store's order, as a full rebuild reads them (the sort below is stable).
  for (const k of keys) for (const [n, p] of memo.blocks.get(k)!.entries) lists.get(n)?.push(p);
  const byNode = new Map(memo.byNode);
  for (const [n, list] of lists) {
    list.sort((a, b) => ipv4ToInt(a.split('/')[0]) - ipv4ToInt(b.split('/')[0]) || cidrPrefix(a) - cidrPrefix(b));
    const old = byNode.get(n);
    if (!list.length) byNode.delete(n);
    else if (!old || old.length !== list.length || old.some((p, i) => p !== list[i])) byNode.set(n, list);
  }
  memo.byNode = byNode;
  return byNode;
}

/** static1: `route <block> blackhole` for each block affine to this node (and its borrowed /32s, see above). */
export function birdOwnBlocksSync(world: World, node: NodeState, byNode = blocksByNode(world)): void {
  const bird = node.bird!;
  if (bird.staticPeers) return;
  const blocks = byNode.get(node.name) ?? [];
  if (OWN_SOURCE.get(bird) === blocks) return;
  OWN_SOURCE.set(bird, blocks);
  if (blocks.length === bird.ownBlocks.length && blocks.every((b, i) => b === bird.ownBlocks[i])) return;
  for (const p of bird.ownBlocks.concat(blocks)) bird.changed.add(prefixId(p));
  bird.ownBlocks = blocks.slice();
}

/** The list static1 was last synced from (unchanged lists keep their identity). */
const OWN_SOURCE = new WeakMap<BirdState, string[]>();

/**
 * A prefix's paths (protocol -> route) are never changed in place: a change makes a new object
 * (same key order as a change in place would leave). Within one pass a reflector gives the same
 * route to all its clients, so the memo gives them all the same new object: 500 clients share
 * one paths object per prefix instead of holding 500 copies.
 */
type Paths = Record<string, BgpRoute>;
type PathsMemo = Map<Paths, Map<string, Map<BgpRoute | null, Paths>>>;

function pathsWith(paths: Paths, name: string, route: BgpRoute | null, memo?: PathsMemo): Paths {
  let byName = memo?.get(paths);
  if (memo && !byName) memo.set(paths, (byName = new Map()));
  let byRoute = byName?.get(name);
  if (byName && !byRoute) byName.set(name, (byRoute = new Map()));
  const hit = byRoute?.get(route);
  if (hit) return hit;
  // Built key by key (not by spread): objects with the same keys then share one hidden class.
  const out: Paths = {};
  for (const k in paths) if (route || k !== name) out[k] = paths[k];
  if (route) out[name] = route;
  byRoute?.set(route, out);
  return out;
}

/** The paths of a prefix nothing announced yet (shared: never written, see pathsWith). */
const NO_PATHS: Paths = {};

export function birdFlushSession(world: World, node: NodeState, name: string): void {
  const bird = node.bird!;
  const adjIn = bird.adjIn;
  for (let id = 0; id < adjIn.length; id++) {
    const paths = adjIn[id];
    if (paths?.[name]) {
      adjIn[id] = pathsWith(paths, name, null);
      bird.changed.add(id);
    }
  }
  void world;
}

/** Graceful restart: the session's routes stay, marked stale, until it comes back or the restart time ends. */
export function birdMarkStale(world: World, node: NodeState, name: string): void {
  const s = sessionByName(node.bird!, name);
  if (s) s.gr = true;
  const adjIn = node.bird!.adjIn;
  for (let id = 0; id < adjIn.length; id++) {
    const r = adjIn[id]?.[name];
    if (r) adjIn[id] = pathsWith(adjIn[id]!, name, { ...r, stale: true });
  }
  void world;
}

export function birdFlushStale(world: World, node: NodeState, name: string): void {
  const bird = node.bird;
  const s = bird ? sessionByName(bird, name) : undefined;
  if (!bird || !s?.gr) return;
  s.gr = false;
  const adjIn = bird.adjIn;
  for (let id = 0; id < adjIn.length; id++) {
    if (adjIn[id]?.[name]?.stale) {
      adjIn[id] = pathsWith(adjIn[id]!, name, null);
      bird.changed.add(id);
    }
  }
  void world;
}

type Candidate = { from: string; route: BgpRoute; s: BgpSession };

/** BIRD's bgp_rte_better, the parts that differ here: eBGP over iBGP, shorter AS path and cluster list, lower originator, lower neighbour. */
function better(bird: BirdState, a: Candidate, b: Candidate): boolean {
  const ea = a.s.peerAs !== bird.asn;
  const eb = b.s.peerAs !== bird.asn;
  if ((a.route.as?.length ?? 0) !== (b.route.as?.length ?? 0)) return (a.route.as?.length ?? 0) < (b.route.as?.length ?? 0);
  if (ea !== eb) return ea;
  if ((a.route.cl?.length ?? 0) !== (b.route.cl?.length ?? 0)) return (a.route.cl?.length ?? 0) < (b.route.cl?.length ?? 0);
  if (a.route.o !== b.route.o) return ipv4ToInt(a.route.o) < ipv4ToInt(b.route.o);
  return ipv4ToInt(a.s.peerIp) < ipv4ToInt(b.s.peerIp);
}

/**
 * Best-path choices made in one pass, for speakers that see their sessions alike (same AS, same
 * protocol names, neighbours and their ASes): the 500 clients of two reflectors each choose
 * between the same two shared paths objects for every prefix, so the choice is made once.
 */
type DecideMemo = Map<string, Map<Paths, RibEntry | null>>;

/** This speaker's share of the pass's choices, or none for a speaker with many sessions (a reflector's view is its own). */
function decideMemoOf(memo: DecideMemo, bird: BirdState): Map<Paths, RibEntry | null> | undefined {
  if (bird.sessions.length > 8) return undefined;
  let key = String(bird.asn);
  for (const s of bird.sessions) key += `|${s.name} ${s.peerAs} ${s.peerIp}`;
  let m = memo.get(key);
  if (!m) memo.set(key, (m = new Map()));
  return m;
}

function decide(world: World, bird: BirdState, id: number, memo?: Map<Paths, RibEntry | null>): RibEntry | null {
  const p = prefixText(id);
  if (bird.ownBlocks.includes(p)) {
    const cur = bird.rib[id];
    return cur?.from === STATIC_PROTO ? cur : { from: STATIC_PROTO, route: { p, nh: bird.routerId, o: bird.routerId, at: world.now } };
  }
  let best: Candidate | null = null;
  const paths = bird.adjIn[id];
  if (!paths) return null;
  const hit = memo?.get(paths);
  if (hit !== undefined) return hit;
  for (const from in paths) {
    const s = sessionByName(bird, from);
    if (!s) continue;
    const c = { from, route: paths[from], s };
    if (!best || better(bird, c, best)) best = c;
  }
  const out = best ? ribEntry(best.from, best.route) : null;
  memo?.set(paths, out);
  return out;
}

const RIB_ENTRIES = new WeakMap<BgpRoute, RibEntry>();

/**
 * A Loc-RIB entry, shared by every speaker that picks the same route from a protocol of the same
 * name: the clients of a reflector all do (entries are never changed; a restored world has copies).
 */
function ribEntry(from: string, route: BgpRoute): RibEntry {
  let e = RIB_ENTRIES.get(route);
  if (!e || e.from !== from) RIB_ENTRIES.set(route, (e = { from, route }));
  return e;
}

let POOL_OF: { sig: string; pools?: PoolView[]; map: (PoolView | null | undefined)[] } = { sig: '', map: [] };

/** The pool containing a (numbered) prefix, remembered while the pools stay the same. */
function inPool(pools: PoolView[], id: number): PoolView | undefined {
  if (POOL_OF.pools !== pools) {
    const sig = JSON.stringify(pools);
    if (sig !== POOL_OF.sig) POOL_OF = { sig, map: [] };
    POOL_OF.pools = pools;
  }
  const hit = POOL_OF.map[id];
  if (hit !== undefined) return hit ?? undefined;
  const ip = prefixText(id).split('/')[0];
  const pool = pools.find((x) => cidrContains(x.cidr, ip));
  tableSet(POOL_OF.map, id, pool ?? null);
  return pool;
}

/** What `s`'s peer gets for prefix `p` from us, or null: calico_export_to_bgp_peers plus iBGP and reflection rules. */
function exportRoute(world: World, bird: BirdState, s: BgpSession, id: number, pools: PoolView[]): BgpRoute | null {
  const best = bird.rib[id];
  if (!best || best.from === s.name) return null;
  // Calico exports only what lies in its IP pools (a ToR router exports what it has).
  if (!bird.staticPeers && !inPool(pools, id)) return null;
  const p = prefixText(id);
  const ebgpTarget = s.peerAs !== bird.asn;
  const at = world.now;
  if (best.from === STATIC_PROTO) return { p, nh: bird.routerId, o: bird.routerId, as: ebgpTarget ? [bird.asn] : [], at };
  const src = sessionByName(bird, best.from);
  if (!src) return null;
  const ebgpSource = src.peerAs !== bird.asn;
  if (ebgpTarget) return { p, nh: bird.routerId, o: bird.routerId, as: [bird.asn, ...(best.route.as ?? [])], at };
  if (ebgpSource) return { p, nh: best.route.nh, o: best.route.o, as: best.route.as ?? [], at };
  // iBGP to iBGP only through a reflector, from or to one of its clients (RFC 4456).
  if (!src.rrClient && !s.rrClient) return null;
  return { p, nh: best.route.nh, o: best.route.o, as: best.route.as ?? [], cl: [bird.clusterId || bird.routerId, ...(best.route.cl ?? [])], at };
}

/** The peer's import: drop our own routes coming back (ORIGINATOR_ID) and reflection loops (CLUSTER_LIST). */
function deliver(peer: NodeState, back: BgpSession, id: number, route: BgpRoute | null, memo: PathsMemo): void {
  const bird = peer.bird!;
  if (route && (route.o === bird.routerId || (bird.clusterId && route.cl?.includes(bird.clusterId)))) route = null;
  // eBGP loop prevention: a path that already went through our AS.
  if (route && back.peerAs !== bird.asn && route.as?.includes(bird.asn)) route = null;
  const paths = bird.adjIn[id] ?? NO_PATHS;
  const old = paths[back.name];
  if (route) {
    if (old && (old === route || (!old.stale && old.nh === route.nh && old.o === route.o && sameList(old.cl, route.cl) && sameList(old.as, route.as)))) return;
    tableSet(bird.adjIn, id, pathsWith(paths, back.name, route, memo));
    back.stats.impUpdates++;
  } else {
    if (!old) return;
    tableSet(bird.adjIn, id, pathsWith(paths, back.name, null, memo));
    back.stats.impWithdraws++;
  }
  bird.changed.add(id);
}

/** Two CLUSTER_LISTs or AS paths are the same (as their printed forms would be). */
function sameList(a: readonly (string | number)[] | undefined, b: readonly (string | number)[] | undefined): boolean {
  if (a === b) return true;
  if (!a || !b) return String(a) === String(b);
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * What exportRoute gives depends on the prefix and on three things about the target session:
 * eBGP or iBGP, rr client or not, and whether the best path came from it. Within one pass of a
 * speaker (its Loc-RIB and the clock fixed) every session of the same class gets the same
 * route object: a reflector with 500 clients builds each reflected route once. Routes are
 * never modified after they are made (graceful restart copies them), so sharing is safe.
 */
function exportShared(world: World, bird: BirdState, s: BgpSession, id: number, pools: PoolView[], memo: ExportMemo): BgpRoute | null {
  const best = bird.rib[id];
  if (!best || best.from === s.name) return null;
  const byPrefix = s.peerAs !== bird.asn ? memo.ebgp : s.rrClient ? memo.client : memo.ibgp;
  let r = byPrefix.get(id);
  if (r === undefined) byPrefix.set(id, (r = exportRoute(world, bird, s, id, pools)));
  return r;
}

/** exportShared's routes of one pass, per class of target session. */
interface ExportMemo {
  ebgp: Map<number, BgpRoute | null>;
  client: Map<number, BgpRoute | null>;
  ibgp: Map<number, BgpRoute | null>;
}

/** Does the peer of `s` have prefix `id` from us? */
function sentHas(bird: BirdState, s: BgpSession, id: number): boolean {
  const c = s.sentRib;
  if (!c) return s.sent.has(id);
  return bird.rib[id] ? !c.minus.has(id) : c.plus.has(id);
}

function sentAdd(bird: BirdState, s: BgpSession, id: number): void {
  const c = s.sentRib;
  if (!c) s.sent.add(id);
  else if (bird.rib[id]) c.minus.delete(id);
  else c.plus.add(id);
}

function sentDelete(bird: BirdState, s: BgpSession, id: number): void {
  const c = s.sentRib;
  if (!c) s.sent.delete(id);
  else if (bird.rib[id]) c.minus.add(id);
  else c.plus.delete(id);
}

/** Prefixes entered in the Loc-RIB in the current node pass (`enteredMark[id] === enteredStamp`). */
const enteredMark: number[] = [];
let enteredStamp = 0;

/**
 * Prefixes new in the Loc-RIB, for one session held relative to it: the peer had a prefix only if
 * it was among the extras (`plus`); otherwise it is now one the peer lacks (`minus`).
 */
function settleEntered(c: NonNullable<BgpSession['sentRib']>, entered: number[]): void {
  for (const id of entered) if (!c.plus.delete(id)) c.minus.add(id);
}

/** Prefix `id` leaves the Loc-RIB: sessions held relative to it keep what they had sent. */
function sentRibLeft(bird: BirdState, id: number): void {
  for (const s of bird.sessions) {
    const c = s.sentRib;
    if (c && !c.minus.delete(id)) c.plus.add(id);
  }
}

/** Our Adj-RIB-Out toward the peer of `s`: the prefixes (by number) it has from us. */
export function sentPrefixes(bird: BirdState, s: BgpSession): number[] {
  const c = s.sentRib;
  if (!c) return [...s.sent];
  const out: number[] = [];
  const rib = bird.rib;
  for (let id = 0; id < rib.length; id++) if (rib[id] && !c.minus.has(id)) out.push(id);
  for (const id of c.plus) out.push(id);
  return out;
}

/** The session starts again with nothing sent. */
export function sentReset(s: BgpSession): void {
  s.sent = new Set();
  delete s.sentRib;
}

/** Move routes until every speaker has decided and announced: runs after every event. */
export function birdRibSync(world: World): void {
  const queue = speakers(world).filter((n) => n.bird && (n.bird.kernelDirty || n.bird.fullSync.length || n.bird.changed.size));
  const queued = new Set(queue);
  // Disabled pools stay in confd's pool list: their blocks are still exported and tunnelled
  // (bird_ipam.cfg.template rejects only disableBGPExport pools), so running pods keep working.
  const pools = queue.length ? poolsAll(world) : [];
  // The kernel protocol runs once per speaker after the routes have settled, with every prefix
  // that changed on the way (the table only depends on the final Loc-RIB, and nothing reads the
  // kernel while routes move).
  const kernel = new Map<NodeState, Set<number>>();
  const pathsMemo: PathsMemo = new Map();
  const decideMemo: DecideMemo = new Map();
  let guard = 0;
  while (queue.length) {
    if (++guard > 1_000_000) throw new Error('BGP route storm');
    const node = queue.shift()!;
    queued.delete(node);
    const bird = node.bird;
    if (!bird) continue;
    const ribChanged: number[] = [];
    const kernelChanged: number[] = [];
    // Prefixes new in the Loc-RIB: what a relay's sessions had sent of them is settled per session
    // below (see settleEntered), mostly as it exports them.
    const entered: number[] = [];
    const enteredAt = ++enteredStamp;
    let exportChanged = false;
    const changed = bird.changed;
    bird.changed = new Set();
    const choices = changed.size ? decideMemoOf(decideMemo, bird) : undefined;
    for (const id of changed) {
      const cur = bird.rib[id];
      const best = decide(world, bird, id, choices);
      if (cur && best && cur.from === best.from && cur.route === best.route) continue;
      if (!cur && !best) continue;
      if (cur?.from === STATIC_PROTO || best?.from === STATIC_PROTO) exportChanged = true;
      tableSet(bird.rib, id, best ?? undefined);
      if (best && !cur) {
        entered.push(id);
        enteredMark[id] = enteredAt;
      } else if (cur && !best) sentRibLeft(bird, id);
      ribChanged.push(id);
      if (kernelMoves(cur, best)) kernelChanged.push(id);
    }
    const full = new Set(bird.fullSync);
    bird.fullSync = [];
    const relays = bird.staticPeers || bird.sessions.some((s) => s.rrClient || s.peerAs !== bird.asn);
    const relevant = relays || exportChanged ? ribChanged : [];
    const exported: ExportMemo = { ebgp: new Map(), client: new Map(), ibgp: new Map() };
    let ribIds: number[] | null = null;
    let ownIds: number[] | null = null;
    for (const s of bird.sessions) {
      const sentRib = s.sentRib;
      if (s.state !== 'Established' || (!full.has(s.name) && !relevant.length)) {
        if (sentRib) settleEntered(sentRib, entered);
        continue;
      }
      const peer = speakerByIp(world, s.peerIp);
      const back = peer?.bird ? sessionByPeer(peer.bird, bird.routerId) : undefined;
      if (!peer || !back || back.conn !== s.conn || back.state !== 'Established') {
        if (sentRib) settleEntered(sentRib, entered);
        continue;
      }
      // A session held relative to the Loc-RIB that gets this pass's changes settles each new
      // prefix as it goes out (or not); any other settles them all now.
      const settling = sentRib && !full.has(s.name) ? sentRib : null;
      if (sentRib && !settling) settleEntered(sentRib, entered);
      // A full table: everything for a relay (reflector, eBGP); otherwise only our own blocks can go out.
      const candidates = relays ? (ribIds ??= ribPrefixIds(bird)) : (ownIds ??= bird.ownBlocks.map(prefixId));
      const sentBefore = full.has(s.name) ? sentPrefixes(bird, s) : [];
      const prefixes = full.has(s.name) ? (sentBefore.length ? [...new Set(candidates.concat(sentBefore))] : candidates) : relevant;
      // A relay's full table to a peer that has nothing yet: what goes out is the Loc-RIB but
      // what it refuses, so the Adj-RIB-Out is kept as that difference (see BgpSession.sentRib).
      const minus = relays && full.has(s.name) && !sentBefore.length ? new Set<number>() : null;
      // One UPDATE per group of routes with the same next hop and originator (their attributes
      // are the same), one for withdrawals, and End-of-RIB after a full table.
      const stamp = ++groupStamp;
      let groupCount = 0;
      let bytes = 0;
      let announced = 0;
      let withdrawn = 0;
      for (const id of prefixes) {
        const r = exportShared(world, bird, s, id, pools, exported);
        if (settling && enteredMark[id] === enteredAt) {
          // New in the Loc-RIB: the peer had it only if it was among the extras (`plus`).
          const had = settling.plus.delete(id);
          if (!r) {
            settling.minus.add(id);
            if (had) {
              withdrawn++;
              deliver(peer, back, id, null, pathsMemo);
            }
            continue;
          }
        } else if (r && !minus) sentAdd(bird, s, id);
        if (r) {
          announced++;
          bytes += 5 + Math.ceil(prefixBits(id) / 8);
          const g = groupOf(r);
          if (groupSeen[g] !== stamp) {
            groupSeen[g] = stamp;
            groupCount++;
            bytes += updateHeaderBytes(r);
          }
          deliver(peer, back, id, r, pathsMemo);
        } else if (minus) minus.add(id);
        else if (sentHas(bird, s, id)) {
          sentDelete(bird, s, id);
          withdrawn++;
          deliver(peer, back, id, null, pathsMemo);
        }
      }
      if (minus) {
        s.sent = new Set();
        s.sentRib = { minus, plus: new Set() };
      }
      const msgs = groupCount + (withdrawn ? 1 : 0) + (full.has(s.name) ? 1 : 0);
      bytes += (withdrawn ? 23 + withdrawn * 8 : 0) + (full.has(s.name) ? 23 : 0);
      if (!msgs) continue;
      s.stats.msgsOut += msgs;
      s.stats.bytesOut += bytes;
      back.stats.msgsIn += msgs;
      back.stats.bytesIn += bytes;
      s.stats.expUpdates += announced;
      s.stats.expWithdraws += withdrawn;
      if (!queued.has(peer) && peer.bird!.changed.size) {
        queue.push(peer);
        queued.add(peer);
      }
    }
    let k = kernel.get(node);
    if (!k) kernel.set(node, (k = new Set()));
    for (const id of kernelChanged) k.add(id);
  }
  for (const [node, prefixes] of kernel) {
    const bird = node.bird;
    if (!bird) continue;
    if (bird.kernelDirty) birdSyncKernel(world, node, pools);
    else if (prefixes.size) birdSyncKernelPrefixes(world, node, pools, [...prefixes]);
  }
}

/**
 * UPDATE groups: a number per (next hop, originator) pair, and the session visit that last
 * counted it (a visit counts each group once without building a map of its own).
 */
const GROUPS = new Map<string, Map<string, number>>();
const groupSeen: number[] = [];
let groupStamp = 0;

function groupOf(r: BgpRoute): number {
  let byO = GROUPS.get(r.nh);
  if (!byO) GROUPS.set(r.nh, (byO = new Map()));
  let g = byO.get(r.o);
  if (g === undefined) {
    byO.set(r.o, (g = groupSeen.length));
    groupSeen.push(0);
  }
  return g;
}

/** The numbers of the prefixes in the Loc-RIB. */
function ribPrefixIds(bird: BirdState): number[] {
  const out: number[] = [];
  const rib = bird.rib;
  for (let id = 0; id < rib.length; id++) if (rib[id]) out.push(id);
  return out;
}

/**
 * Does a Loc-RIB change move the kernel route? Only when the prefix comes or goes, static1 takes
 * or gives it up, or the next hop moves: a reflector's second copy of a route (same next hop,
 * another neighbour) makes the same kernel route (pools and links are fixed within a pass;
 * their changes mark the whole table dirty).
 */
function kernelMoves(cur: RibEntry | undefined, best: RibEntry | null): boolean {
  if (!cur || !best) return true;
  if ((cur.from === STATIC_PROTO) !== (best.from === STATIC_PROTO)) return true;
  return cur.route.nh !== best.route.nh;
}

/**
 * The kernel protocol with calico_kernel_programming: blackholes for our blocks; learned blocks by
 * their pool's mode (IPIP Always via tunl0 onlink, CrossSubnet by subnet, no encapsulation via the
 * next hop, VXLAN left to Felix); a next hop that no route reaches stays out of the kernel.
 */
export function birdSyncKernel(world: World, node: NodeState, pools = poolsAll(world)): void {
  const bird = node.bird;
  if (!bird) return;
  bird.kernelDirty = false;
  if (node.power !== 'on') return;
  const k = kernelNode(node, pools);
  const desired: Route[] = [];
  for (let id = 0; id < bird.rib.length; id++) {
    const r = bird.rib[id] && kernelRoute(k, id);
    if (r) desired.push(r);
  }
  const key = (r: Route) => `${r.type} ${r.dst} ${r.via ?? ''} ${r.dev ?? ''} ${r.onlink ? 1 : 0}`;
  const owns = (r: Route) => r.proto === 'bird';
  const current = new Set(node.routes.filter(owns).map(key));
  if (!(current.size === desired.length && desired.every((d) => current.has(key(d))))) node.routes = routeTableSync(node.routes, owns, desired);
  bird.kernelRoutes = node.routes.filter(owns).length;
}

/**
 * The IPIP route to a block is the same on every node but its origin: one object serves them all
 * (kernel routes are never modified in place; a restored world simply has copies). With 500 nodes
 * and borrowed /32s this is most of the 1.2M kernel routes.
 */
const TUNNEL_ROUTES = new Map<string, Map<string, Route>>();

function sharedTunnelRoute(dst: string, via: string): Route {
  let byVia = TUNNEL_ROUTES.get(dst);
  if (!byVia) {
    if (TUNNEL_ROUTES.size > 100_000) TUNNEL_ROUTES.clear();
    TUNNEL_ROUTES.set(dst, (byVia = new Map()));
  }
  let r = byVia.get(via);
  if (!r) byVia.set(via, (r = { type: 'unicast', dst, via, dev: 'tunl0', proto: 'bird', scope: 'global', onlink: true }));
  return r;
}

/** calico_kernel_programming for one prefix of the Loc-RIB: the route BIRD puts in the kernel, if any. */
/** What the kernel protocol reads of its node, read once per sync rather than once per prefix. */
interface KernelNode {
  node: NodeState;
  bird: BirdState;
  pools: PoolView[];
  /** The node's own routes (not BIRD's), read when a next hop off our subnet must be resolved. */
  underlay: () => Route[];
  /** Our subnet (network and mask as unsigned integers). */
  network: number;
  mask: number;
  eth0Up: boolean;
  tunl0: boolean;
}

function kernelNode(node: NodeState, pools: PoolView[]): KernelNode {
  const mask = prefixMask(node.prefix);
  let underlay: Route[] | null = null;
  return {
    node,
    bird: node.bird!,
    pools,
    underlay: () => (underlay ??= node.routes.filter((r) => r.type === 'unicast' && r.proto !== 'bird')),
    network: (ipv4ToInt(node.ip) & mask) >>> 0,
    mask,
    eth0Up: !!node.links.find((l) => l.name === 'eth0')?.up,
    tunl0: node.links.some((l) => l.name === 'tunl0'),
  };
}

function kernelRoute(k: KernelNode, id: number): Route | null {
  const { bird, pools } = k;
  const best = bird.rib[id];
  if (!best) return null;
  // A router outside the cluster knows nothing of Calico's pools: plain next hops.
  const pool = bird.staticPeers ? undefined : inPool(pools, id);
  if (pool && pool.vxlanMode !== 'Never') return null;
  const p = prefixText(id);
  if (best.from === STATIC_PROTO) {
    // A borrowed /32 is Felix's `dev cali…` route already (and a /32 block has nothing to blackhole).
    return prefixBits(id) === 32 ? null : { type: 'blackhole', dst: p, proto: 'bird', scope: 'global' };
  }
  const nh = best.route.nh;
  const sameSubnet = ((ipv4ToInt(nh) & k.mask) >>> 0) === k.network;
  // A next hop on our own subnet resolves through the connected route, while eth0 has it.
  const connected = sameSubnet && k.eth0Up;
  const via = connected ? { dev: 'eth0' } as Route : routeTableLookup(k.underlay(), nh);
  if (!via) return null;
  const tunnel = !!pool && (pool.ipipMode === 'Always' || (pool.ipipMode === 'CrossSubnet' && !sameSubnet));
  if (tunnel) return k.tunl0 ? sharedTunnelRoute(p, nh) : null;
  if (sameSubnet || !via.via) return { type: 'unicast', dst: p, via: nh, dev: via.dev ?? 'eth0', proto: 'bird', scope: 'global' };
  return { type: 'unicast', dst: p, via: via.via, dev: via.dev ?? 'eth0', proto: 'bird', scope: 'global' };
}

/** The kernel protocol after a few Loc-RIB changes: replace just those routes in place, keeping FIB order. */
function birdSyncKernelPrefixes(world: World, node: NodeState, pools: PoolView[], prefixes: number[]): void {
  if (node.power !== 'on') return;
  if (prefixes.length >= KERNEL_MERGE_AT) {
    birdSyncKernelMerge(node, pools, prefixes);
    return;
  }
  const bird = node.bird!;
  const routes = node.routes;
  let count = bird.kernelRoutes ?? routes.filter((r) => r.proto === 'bird').length;
  const k = kernelNode(node, pools);
  for (const id of prefixes) {
    const want = kernelRoute(k, id);
    const p = prefixText(id);
    const network = prefixNetwork(id);
    const bits = prefixBits(id);
    // The routes for this prefix sit together: find them by binary search.
    let lo = 0;
    let hi = routes.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const m = cidrParts(routes[mid].dst)!;
      if (m.network < network || (m.network === network && m.prefix > bits)) lo = mid + 1;
      else hi = mid;
    }
    let taken = false;
    for (let i = lo; i < routes.length && routes[i].dst === p; ) {
      if (routes[i].proto === 'bird') {
        routes.splice(i, 1);
        count--;
      } else {
        if ((routes[i].metric ?? 0) === 0) taken = true;
        i++;
      }
    }
    if (want && !taken) {
      routes.splice(lo, 0, want);
      count++;
    }
  }
  bird.kernelRoutes = count;
  birdRoutesWritten(node);
  void world;
}

/** From this many changed prefixes on, one merge pass over the table beats a splice per prefix. */
const KERNEL_MERGE_AT = 16;

/**
 * birdSyncKernelPrefixes for a batch (a full table from a new session): the same table, built in
 * one pass. BIRD's routes for the changed prefixes go; the wanted ones go in front of whatever
 * else has their destination, unless another protocol's route holds it at metric 0 (EEXIST).
 */
function birdSyncKernelMerge(node: NodeState, pools: PoolView[], prefixes: number[]): void {
  const bird = node.bird!;
  const changed = new Set(prefixes.map(prefixText));
  const kept: Route[] = [];
  const taken = new Set<string>();
  let count = bird.kernelRoutes ?? node.routes.filter((r) => r.proto === 'bird').length;
  for (const r of node.routes) {
    if (changed.has(r.dst)) {
      if (r.proto === 'bird') {
        count--;
        continue;
      }
      if ((r.metric ?? 0) === 0) taken.add(r.dst);
    }
    kept.push(r);
  }
  const k = kernelNode(node, pools);
  const wanted: { route: Route; network: number; prefix: number }[] = [];
  for (const id of prefixes) {
    const want = kernelRoute(k, id);
    if (!want || taken.has(want.dst)) continue;
    wanted.push({ route: want, network: prefixNetwork(id), prefix: prefixBits(id) });
  }
  wanted.sort((a, b) => (a.network !== b.network ? a.network - b.network : b.prefix - a.prefix));
  const out: Route[] = [];
  let w = 0;
  for (const r of kept) {
    if (w === wanted.length) {
      out.push(r);
      continue;
    }
    const m = cidrParts(r.dst)!;
    // A wanted route goes before the first route that does not sort before it (as the binary search finds).
    while (w < wanted.length && !(m.network < wanted[w].network || (m.network === wanted[w].network && m.prefix > wanted[w].prefix))) out.push(wanted[w++].route);
    out.push(r);
  }
  while (w < wanted.length) out.push(wanted[w++].route);
  count += wanted.length;
  node.routes.length = 0;
  for (const r of out) node.routes.push(r);
  birdRoutesWritten(node);
  bird.kernelRoutes = count;
}
