/**
 * BIRD inside calico-node: its BGP protocols (configured the way confd renders bird.cfg) and a
 * finite state machine per session on the simulated clock, with Calico's bgp_template timers:
 * connect delay 2 s, connect retry 5 s, error wait 5-30 s, hold 240 s / keepalive 80 s,
 * graceful restart 120 s. Routes move in bird-rib.ts.
 */
import { iptablesBgpBlocked } from '../net/iptables';
import type { World } from '../world';
import type { NodeState } from '../state';
import type { BgpSession, BirdState } from './bird-types';
import type { DesiredPeer } from './bird-peers';
import { confdHosts, confdPeers, confdSignature, globalAs } from './bird-peers';
import { routeTableLookup } from '../net/route';
import { cidrContains } from '../net/ip';
import { kindSignature, poolsCached } from './felix-inputs';
import type { PoolView } from './pools';
import { routesWrites, workloadRoutes } from '../net/route-writes';
import { birdFlushSession, birdMarkStale, birdRibSync, birdFlushStale, birdOwnBlocksSync, blocksByNode, sentReset } from './bird-rib';
import { speakerByIp, speakers, sessionByName, sessionByPeer } from './bird-speakers';
import { sessionFoldKeepalives } from './bird-stats';

export const BGP_TIMERS = {
  connectDelay: 2_000,
  connectRetry: 5_000,
  errorWaitMin: 5,
  errorWaitMax: 30,
  errorForget: 300_000,
  hold: 240_000,
  keepalive: 80_000,
  gracefulRestart: 120_000,
  /** How long the kernel tries ARP before a connect fails with EHOSTUNREACH. */
  arp: 3_000,
  /** confd's render after a datastore change (its watch batching). */
  confd: 1_000,
};

const MSG = { open: 61, keepalive: 19, notification: 21 };

type Ev = Record<string, unknown>;
const on = (fn: (world: World, node: NodeState, s: BgpSession, d: Ev) => void) => (world: World, d: Ev) => {
  const node = world.node(d.node as string) ?? world.state.routers?.find((r) => r.name === d.node);
  const s = node?.bird ? sessionByName(node.bird, d.name as string) : undefined;
  if (node && s && s.epoch === d.epoch) fn(world, node, s, d);
};

export const birdHandlers = {
  'bgp.start': on((world, node, s) => sessionStartup(world, node, s)),
  'bgp.connect': on((world, node, s) => sessionConnect(world, node, s)),
  'bgp.connfail': on((world, node, s, d) => sessionConnectFailed(world, node, s, d.error as string)),
  'bgp.open': on((world, node, s) => sessionOpen(world, node, s)),
  'bgp.hold': on((world, node, s) => {
    if (s.state === 'Established' && s.rxStoppedAt !== null) sessionDown(world, node, s, 'BGP Error: Hold timer expired', { errorWait: true, sent: MSG.notification });
  }),
  'bgp.rst': on((world, node, s) => {
    if (s.state === 'Established') sessionDown(world, node, s, 'Socket: Connection reset by peer', { gr: true });
  }),
  'bgp.grEnd': (world: World, d: Ev) => {
    const node = world.node(d.node as string) ?? world.state.routers?.find((r) => r.name === d.node);
    if (node?.bird) birdFlushStale(world, node, d.name as string);
  },
  'confd.render': (world: World) => {
    confdState(world).pending = false;
    for (const n of speakers(world)) if (n.bird && !n.bird.staticPeers) birdConfigure(world, n);
  },
};

/** Can TCP port 179 traffic go from `from` to `to`? Not if iptables drops it (`from`'s OUTPUT, `to`'s INPUT). */
export function bgpPortBlocked(world: World, fromNode: NodeState, toNode: NodeState): boolean {
  return iptablesBgpBlocked(world, fromNode, toNode);
}

export function birdStart(world: World, node: NodeState, staticPeers?: { ip: string; as: number }[], asn?: number): void {
  node.bird = {
    startedAt: world.now,
    routerId: node.calico?.bgpIp ?? node.ip,
    asn: asn ?? globalAs(world),
    clusterId: '',
    sessions: [],
    adjIn: [],
    rib: [],
    ownBlocks: [],
    changed: new Set(),
    fullSync: [],
    kernelDirty: true,
    staticPeers,
  };
  birdOwnBlocksSync(world, node);
  birdConfigure(world, node);
}

/**
 * BIRD stops. `graceful` (SIGTERM, as when the pod is deleted or the node shuts down cleanly):
 * every Established peer receives a Cease NOTIFICATION, "Administrative shutdown". Otherwise
 * (power cut) nothing is sent and the peers find out from their hold timers.
 */
export function birdStop(world: World, node: NodeState, graceful = true): void {
  const bird = node.bird;
  node.bird = null;
  if (!bird || !graceful) return;
  for (const s of bird.sessions) {
    const peer = speakerByIp(world, s.peerIp);
    const back = peer?.bird ? sessionToward(peer.bird, bird.routerId) : undefined;
    if (peer && back && back.state === 'Established' && back.conn === s.conn && pathOk(world, node, peer)) {
      sessionDown(world, peer, back, 'Received: Administrative shutdown', { received: MSG.notification });
    }
  }
}

/** Every session Established (calico-node's -bird-ready). */
export function birdReadiness(node: NodeState): boolean {
  return !!node.bird && node.bird.sessions.every((s) => s.state === 'Established');
}

export function sessionToward(bird: BirdState, ip: string): BgpSession | undefined {
  return sessionByPeer(bird, ip);
}

interface ConfdMemo {
  quick: string;
  sig: string;
  pending: boolean;
  hosts: ReturnType<typeof confdHosts>;
  fabric: string;
}
const CONFD = new WeakMap<object, ConfdMemo>();

function confdState(world: World): ConfdMemo {
  let m = CONFD.get(world.state);
  if (!m) CONFD.set(world.state, (m = { quick: '', sig: '', pending: false, hosts: [], fabric: '' }));
  return m;
}

/** Re-render bird.cfg (confd) and reconcile the protocols with it. */
export function birdConfigure(world: World, node: NodeState): void {
  const bird = node.bird;
  if (!bird) return;
  let desired: DesiredPeer[];
  if (bird.staticPeers) {
    desired = bird.staticPeers.map((p) => ({ name: `bgp_${p.ip.replace(/\./g, '_')}`, ip: p.ip, as: p.as, kind: 'global', passive: false, rrClient: false }));
  } else {
    const memo = confdState(world);
    if (!memo.hosts.some((h) => h.name === node.name)) memo.hosts = confdHosts(world);
    const self = memo.hosts.find((h) => h.name === node.name);
    if (!self) return;
    bird.asn = self.as;
    bird.clusterId = self.clusterId;
    desired = confdPeers(world, self, memo.hosts);
  }
  const wanted = new Map(desired.map((d) => [d.name, d]));
  const kept: BgpSession[] = [];
  for (const s of bird.sessions) {
    const d = wanted.get(s.name);
    if (d && d.ip === s.peerIp && d.as === s.peerAs && d.passive === s.passive && d.rrClient === s.rrClient) kept.push(s);
    else protocolRemoved(world, node, s, d ? 'Received: Configuration change' : 'Received: Peer de-configured');
  }
  const byName = new Map(kept.map((s) => [s.name, s]));
  const sessions: BgpSession[] = [];
  for (const d of desired) {
    let s = byName.get(d.name);
    if (!s) {
      s = sessionNew(world, d);
      sessions.push(s);
      sessionStartup(world, node, s);
    } else sessions.push(s);
  }
  bird.sessions = sessions;
}

function sessionNew(world: World, d: DesiredPeer): BgpSession {
  return {
    name: d.name,
    peerIp: d.ip,
    peerAs: d.as,
    kind: d.kind,
    passive: d.passive,
    rrClient: d.rrClient,
    proto: 'start',
    state: 'Idle',
    started: false,
    since: world.now,
    lastError: '',
    errorWait: 0,
    lastErrorAt: -Infinity,
    timerAt: 0,
    epoch: 0,
    conn: 0,
    establishedAt: 0,
    rxStoppedAt: null,
    sent: new Set(),
    stats: { msgsIn: 0, msgsOut: 0, bytesIn: 0, bytesOut: 0, impUpdates: 0, impWithdraws: 0, expUpdates: 0, expWithdraws: 0 },
  };
}

/** A protocol dropped from bird.cfg: BIRD shuts it down with a Cease the peer receives. */
function protocolRemoved(world: World, node: NodeState, s: BgpSession, peerError: string): void {
  if (s.state === 'Established') {
    const peer = speakerByIp(world, s.peerIp);
    const back = peer?.bird ? sessionToward(peer.bird, node.bird!.routerId) : undefined;
    if (peer && back && back.conn === s.conn && back.state === 'Established' && pathOk(world, node, peer)) {
      sessionDown(world, peer, back, peerError, { received: MSG.notification });
    }
  }
  birdFlushSession(world, node, s.name);
  s.epoch++;
}

function bump(world: World, s: BgpSession): void {
  s.epoch++;
  s.timerAt = 0;
  void world;
}

/** BIRD's bgp_startup: outgoing connection after the connect delay, or wait as a passive peer. */
function sessionStartup(world: World, node: NodeState, s: BgpSession): void {
  bump(world, s);
  s.started = true;
  if (s.passive) {
    s.state = 'Idle'; // shown as `Passive`
    return;
  }
  s.state = 'Active';
  s.timerAt = world.now + BGP_TIMERS.connectDelay;
  world.schedule(BGP_TIMERS.connectDelay, 'bgp.connect', { node: node.name, name: s.name, epoch: s.epoch });
}

type ConnectResult = 'ok' | 'refused' | 'closed' | 'netunreach' | 'noarp' | 'drop';

function eth0Up(n: NodeState): boolean {
  return n.power === 'on' && !!n.links.find((l) => l.name === 'eth0')?.up;
}

/** What a TCP SYN from `from` to `ip`:179 meets on the simulated fabric. */
function tcpConnect(world: World, from: NodeState, ip: string): ConnectResult {
  if (!eth0Up(from) || !routeTableLookup(from.routes.filter((r) => r.type === 'unicast' && r.proto !== 'bird'), ip)) return 'netunreach';
  const to = speakerByIp(world, ip);
  const sameSubnet = cidrContains(`${from.ip}/${from.prefix}`, ip);
  if (!to || !eth0Up(to)) return sameSubnet ? 'noarp' : 'drop';
  if (bgpPortBlocked(world, from, to)) return 'drop';
  if (!to.bird) return 'refused';
  const back = sessionToward(to.bird, from.bird!.routerId);
  if (!back || !back.started) return 'closed';
  return 'ok';
}

function sessionConnect(world: World, node: NodeState, s: BgpSession): void {
  const r = tcpConnect(world, node, s.peerIp);
  bump(world, s);
  const ev = { node: node.name, name: s.name, epoch: s.epoch };
  if (r === 'ok') {
    const peer = speakerByIp(world, s.peerIp)!;
    const back = sessionToward(peer.bird!, node.bird!.routerId)!;
    // The peer still had an Established session: it restarted on our side, so it keeps our
    // routes as stale (graceful restart) and takes the new connection.
    if (back.state === 'Established') sessionDown(world, peer, back, back.lastError, { gr: true, keepError: true });
    const conn = ++world.state.clock.seq;
    for (const x of [s, back]) {
      bump(world, x);
      x.state = 'OpenSent';
      x.conn = conn;
    }
    s.stats.msgsOut++;
    s.stats.bytesOut += MSG.open;
    back.stats.msgsIn++;
    back.stats.bytesIn += MSG.open;
    // OPEN/KEEPALIVE round trips: a few ms, the same for the same pair (BGP draws nothing from the
    // seeded generator, so pod names and MACs do not depend on session timing).
    world.schedule(5 + (pairHash(node.name, s.peerIp) % 35), 'bgp.open', { ...ev, epoch: s.epoch });
    return;
  }
  if (r === 'noarp') {
    s.state = 'Connect';
    world.schedule(BGP_TIMERS.arp, 'bgp.connfail', { ...ev, error: 'Socket: No route to host' });
    return;
  }
  if (r === 'drop') {
    // No answer: the connect retry timer closes the attempt and tries again.
    s.state = 'Connect';
    s.timerAt = world.now + BGP_TIMERS.connectRetry;
    world.schedule(BGP_TIMERS.connectRetry, 'bgp.connect', ev);
    return;
  }
  const errors = { refused: 'Socket: Connection refused', closed: 'Socket: Connection closed', netunreach: 'Socket: Network is unreachable' };
  sessionConnectFailed(world, node, s, errors[r]);
}

/** bgp_sock_err then bgp_decision: the outgoing connection goes Active, retrying after the connect delay. */
function sessionConnectFailed(world: World, node: NodeState, s: BgpSession, error: string): void {
  bump(world, s);
  s.state = 'Active';
  s.lastError = error;
  s.timerAt = world.now + BGP_TIMERS.connectDelay;
  world.schedule(BGP_TIMERS.connectDelay, 'bgp.connect', { node: node.name, name: s.name, epoch: s.epoch });
}

/** OPEN and KEEPALIVE exchanged both ways: Established, and each side sends its table. */
function sessionOpen(world: World, node: NodeState, s: BgpSession): void {
  const peer = speakerByIp(world, s.peerIp);
  const back = peer?.bird ? sessionToward(peer.bird, node.bird!.routerId) : undefined;
  if (!peer || !back || s.state !== 'OpenSent' || back.state !== 'OpenSent' || back.conn !== s.conn) return;
  for (const [x, owner] of [[s, node], [back, peer]] as const) {
    bump(world, x);
    x.state = 'Established';
    x.proto = 'up';
    x.since = world.now;
    x.lastError = '';
    x.establishedAt = world.now;
    x.rxStoppedAt = null;
    sentReset(x);
    // OPEN from the peer (ours was counted at connect) and the first KEEPALIVE each way.
    x.stats.msgsIn += 2;
    x.stats.bytesIn += MSG.keepalive;
    x.stats.msgsOut += 1;
    x.stats.bytesOut += MSG.keepalive;
    birdFlushStale(world, owner, x.name);
    owner.bird!.fullSync.push(x.name);
  }
  back.stats.bytesIn += MSG.open;
  s.stats.bytesIn += MSG.open;
  back.stats.msgsOut++;
  back.stats.bytesOut += MSG.open;
  s.stats.msgsIn--;
}

interface DownOpts {
  errorWait?: boolean;
  gr?: boolean;
  keepError?: boolean;
  received?: number;
  sent?: number;
}

/**
 * The session leaves Established (or any state): routes are withdrawn (or kept stale for graceful
 * restart), then the protocol starts again, after the error wait when the cause was an error.
 */
export function sessionDown(world: World, node: NodeState, s: BgpSession, error: string, opts: DownOpts = {}): void {
  sessionFoldKeepalives(s, world.now);
  if (opts.received) {
    s.stats.msgsIn++;
    s.stats.bytesIn += opts.received;
  }
  if (opts.sent) {
    s.stats.msgsOut++;
    s.stats.bytesOut += opts.sent;
  }
  if (opts.gr && s.state === 'Established') {
    birdMarkStale(world, node, s.name);
    world.schedule(BGP_TIMERS.gracefulRestart, 'bgp.grEnd', { node: node.name, name: s.name });
  } else birdFlushSession(world, node, s.name);
  bump(world, s);
  if (s.proto === 'up') s.since = world.now;
  s.proto = 'start';
  s.state = 'Idle';
  s.started = false;
  s.conn = 0;
  s.rxStoppedAt = null;
  sentReset(s);
  if (!opts.keepError) s.lastError = error;
  if (opts.errorWait) {
    // bgp_update_startup_delay: 5 s, doubling to 30 s while errors come within 300 s of each other.
    if (world.now - s.lastErrorAt >= BGP_TIMERS.errorForget) s.errorWait = 0;
    s.lastErrorAt = world.now;
    s.errorWait = s.errorWait ? Math.min(2 * s.errorWait, BGP_TIMERS.errorWaitMax) : BGP_TIMERS.errorWaitMin;
    s.timerAt = world.now + s.errorWait * 1000;
    world.schedule(s.errorWait * 1000, 'bgp.start', { node: node.name, name: s.name, epoch: s.epoch });
  } else sessionStartup(world, node, s);
}

/** Both hosts up with eth0 up, a route each way, and tcp/179 not dropped. */
export function pathOk(world: World, a: NodeState, b: NodeState): boolean {
  if (!eth0Up(a) || !eth0Up(b)) return false;
  const uni = (n: NodeState) => n.routes.filter((r) => r.type === 'unicast' && r.proto !== 'bird');
  if (!routeTableLookup(uni(a), b.ip) || !routeTableLookup(uni(b), a.ip)) return false;
  return !bgpPortBlocked(world, a, b) && !bgpPortBlocked(world, b, a);
}

/** The last KEEPALIVE received on an Established session at `t`. */
function lastKeepalive(s: BgpSession, t: number): number {
  return s.establishedAt + Math.floor((t - s.establishedAt) / BGP_TIMERS.keepalive) * BGP_TIMERS.keepalive;
}

/**
 * What each host looked like to TCP and to the kernel protocol: power, eth0, tunl0, its underlay
 * routes, BIRD running, iptables. A pod's veth and its `/32 dev cali…` route are not underlay: no
 * host address is reached through them, so a pod starting does not make BIRD look again.
 */
interface HostSeen {
  power: string;
  eth0: boolean;
  tunl0: boolean;
  routes: number;
  writes: number;
  bird: boolean;
  iptables: number;
}

function underlayRouteCount(n: NodeState): number {
  let routes = n.routes.length - workloadRoutes(n);
  if (n.bird?.kernelRoutes !== undefined) routes -= n.bird.kernelRoutes;
  else for (const r of n.routes) if (r.proto === 'bird') routes--;
  return routes;
}

/**
 * Has the host changed since `seen`? 'kernel' when its routes or links did (the kernel protocol
 * looks again), 'path' when only its iptables did (only the sessions' paths are checked again).
 * Updates `seen`; numbers are compared, no string is built per host.
 */
function hostChanged(n: NodeState, seen: HostSeen | undefined, memo: FabricMemo): 'kernel' | 'path' | null {
  const routes = underlayRouteCount(n);
  const writes = routesWrites(n);
  // kube-proxy's nat-only changes cannot block BGP (IptablesState.natRevs).
  const iptables = n.iptables ? n.iptables.rev - (n.iptables.natRevs ?? 0) : 0;
  const tunl0 = n.links.some((l) => l.name === 'tunl0');
  const eth0 = eth0Up(n);
  const kernel = !seen || seen.power !== n.power || seen.routes !== routes || seen.writes !== writes || seen.tunl0 !== tunl0 || seen.bird !== !!n.bird || seen.eth0 !== eth0;
  if (!kernel && seen.iptables === iptables) return null;
  memo.hosts.set(n.name, { power: n.power, eth0, tunl0, routes, writes, bird: !!n.bird, iptables });
  return kernel ? 'kernel' : 'path';
}

interface FabricMemo {
  pools: PoolView[] | null;
  hosts: Map<string, HostSeen>;
}
const FABRIC = new WeakMap<object, FabricMemo>();

/**
 * Keepalives stop or resume when the fabric changes: a broken path arms the hold timer from the
 * last KEEPALIVE received; a path that comes back resumes the session, unless the far end lost it
 * (rebooted, restarted), in which case its kernel answers our next KEEPALIVE with a RST.
 * Only hosts whose signature changed, and the sessions toward them, are looked at.
 */
function watchPaths(world: World): void {
  let memo = FABRIC.get(world.state);
  if (!memo) FABRIC.set(world.state, (memo = { pools: null, hosts: new Map() }));
  // Pool modes decide how the kernel protocol programs each learned block.
  const pools = poolsCached(world);
  const allKernels = pools !== memo.pools && !samePoolModes(pools, memo.pools);
  memo.pools = pools;
  const changed = new Set<string>();
  const all = speakers(world);
  const kernels = new Set<string>();
  for (const n of all) {
    const how = hostChanged(n, memo.hosts.get(n.name), memo);
    if (how) changed.add(n.ip);
    if (how === 'kernel') kernels.add(n.ip);
  }
  if (!changed.size && !allKernels) return;
  for (const node of all) {
    const bird = node.bird;
    if (!bird) continue;
    const self = changed.has(node.ip);
    if (kernels.has(node.ip) || allKernels) bird.kernelDirty = true;
    if (!changed.size) continue;
    for (const s of bird.sessions) {
      if (s.state === 'Established' && (self || changed.has(s.peerIp))) sessionCheckPath(world, node, bird, s);
    }
  }
}

function samePoolModes(a: PoolView[], b: PoolView[] | null): boolean {
  return !!b && a.length === b.length && a.every((p, i) => p.cidr === b[i].cidr && p.ipipMode === b[i].ipipMode && p.vxlanMode === b[i].vxlanMode && p.disabled === b[i].disabled);
}

function sessionCheckPath(world: World, node: NodeState, bird: BirdState, s: BgpSession): void {
  const peer = speakerByIp(world, s.peerIp);
  const ok = !!peer && pathOk(world, node, peer);
  const back = peer?.bird ? sessionToward(peer.bird, bird.routerId) : undefined;
  const alive = !!back && back.state === 'Established' && back.conn === s.conn;
  if (!ok && s.rxStoppedAt === null) {
    s.rxStoppedAt = lastKeepalive(s, world.now);
    bump(world, s);
    world.schedule(s.rxStoppedAt + BGP_TIMERS.hold - world.now, 'bgp.hold', { node: node.name, name: s.name, epoch: s.epoch });
  } else if (ok && (s.rxStoppedAt !== null || !alive)) {
    s.rxStoppedAt = null;
    bump(world, s);
    if (!alive) world.schedule(lastKeepalive(s, world.now) + BGP_TIMERS.keepalive - world.now, 'bgp.rst', { node: node.name, name: s.name, epoch: s.epoch });
  }
}

/** Runs after every event: confd re-renders on datastore changes, sessions watch the fabric, routes move. */
export function birdReconcile(world: World, eventType = ''): void {
  const all = speakers(world);
  // BGP's own events change neither the datastore nor the fabric: only routes move.
  if (eventType.startsWith('bgp.') || eventType === 'confd.render') {
    birdRibSync(world);
    return;
  }
  if (!all.some((n) => n.bird)) return;
  const memo = confdState(world);
  const quick = confdQuickSignature(world);
  if (quick !== memo.quick) {
    memo.quick = quick;
    const hosts = confdHosts(world);
    const sig = confdSignature(world, hosts);
    if (sig !== memo.sig) {
      memo.sig = sig;
      memo.hosts = hosts;
      if (!memo.pending) {
        memo.pending = true;
        world.schedule(BGP_TIMERS.confd, 'confd.render', {});
      }
    }
  }
  watchPaths(world);
  const blocks = blocksByNode(world);
  for (const n of all) if (n.bird) birdOwnBlocksSync(world, n, blocks);
  birdRibSync(world);
}

/** Count and newest resourceVersion of each kind confd watches: changes whenever one of them does. */
function confdQuickSignature(world: World): string {
  return `${kindSignature(world, 'Node')}|${kindSignature(world, 'BGPPeer')}|${kindSignature(world, 'BGPConfiguration')}`;
}

export type { BirdState };

function pairHash(a: string, b: string): number {
  let h = 2166136261;
  for (const c of a + '|' + b) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0;
  return h;
}
