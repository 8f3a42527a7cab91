/**
 * BIRD inside calico-node: its BGP sessions (configured the way confd renders bird.cfg), a
 * finite state machine per session on the simulated clock, and the routes it programs.
 *
 * Timers follow Calico's bgp_template: connect delay 2 s, connect retry 5 s.
 */
import type { World } from '../world';
import type { NodeState } from '../state';
import type { BgpSession, BirdState } from './bird-types';
import { storeGet, storeList } from '../k8s/objects';
import { birdProtocolName } from './names';
import { blocksOfNode } from './ipam';
import { poolForCidr } from './pools';
import type { Route } from '../net/route';
import { routeTableLookup, routeTableSync } from '../net/route';
import { cidrContains } from '../net/ip';
import { rngInt } from '../random';

const CONNECT_DELAY_MS = 2_000;
const CONNECT_RETRY_MS = 5_000;
const DEFAULT_AS = 64512;

export const birdHandlers = {
  'bgp.connect': (world: World, d: Record<string, unknown>) => bgpConnect(world, d.node as string, d.peer as string),
  'bgp.open': (world: World, d: Record<string, unknown>) => bgpOpen(world, d.node as string, d.peer as string),
};

export function birdStart(world: World, node: NodeState): void {
  node.bird = { startedAt: world.now, routerId: node.calico!.bgpIp, asn: globalAs(world), sessions: [] };
  birdConfigure(world, node);
}

export function birdStop(world: World, node: NodeState): void {
  const bird = node.bird;
  node.bird = null;
  if (!bird) return;
  // Peers receive a Cease NOTIFICATION and drop the session; their routes from us go with it.
  for (const s of bird.sessions) {
    const peer = world.nodeByIp(s.peerIp);
    const back = peer?.bird?.sessions.find((x) => x.peerIp === node.calico?.bgpIp || x.peerIp === node.ip);
    if (peer && back && back.state === 'Established') {
      sessionDown(world, peer, back, 'Received: Administrative shutdown');
      birdSyncKernel(world, peer);
    }
  }
}

/** Every session Established (calico-node's -bird-ready). */
export function birdReadiness(node: NodeState): boolean {
  return !!node.bird && node.bird.sessions.every((s) => s.state === 'Established');
}

function globalAs(world: World): number {
  return storeGet(world.state.api, 'BGPConfiguration', undefined, 'default')?.spec?.asNumber ?? DEFAULT_AS;
}

function meshEnabled(world: World): boolean {
  return storeGet(world.state.api, 'BGPConfiguration', undefined, 'default')?.spec?.nodeToNodeMeshEnabled !== false;
}

/** The peers confd would render for this node: the node-to-node mesh with every other Calico node. */
function desiredPeers(world: World, node: NodeState): { name: string; ip: string; kind: 'mesh' }[] {
  if (!meshEnabled(world)) return [];
  const out: { name: string; ip: string; kind: 'mesh' }[] = [];
  for (const n of storeList(world.state.api, 'Node')) {
    const addr = n.metadata.annotations?.['projectcalico.org/IPv4Address'];
    if (!addr || n.metadata.name === node.name) continue;
    const ip = addr.split('/')[0];
    out.push({ name: birdProtocolName('Mesh', ip), ip, kind: 'mesh' });
  }
  return out;
}

/** Re-render the configuration (confd) and reconcile the sessions with it. */
export function birdConfigure(world: World, node: NodeState): void {
  const bird = node.bird;
  if (!bird) return;
  const desired = desiredPeers(world, node);
  bird.sessions = bird.sessions.filter((s) => desired.some((d) => d.name === s.name));
  for (const d of desired) {
    if (bird.sessions.some((s) => s.name === d.name)) continue;
    const s: BgpSession = {
      name: d.name,
      peerIp: d.ip,
      peerAs: bird.asn,
      kind: d.kind,
      // confd: `passive on` when the peer's IP sorts higher as a string ("the peer will connect to us").
      passive: d.ip > bird.routerId,
      state: 'Active',
      proto: 'start',
      since: world.now,
      lastError: '',
      routesIn: [],
      establishedAt: 0,
      msgsIn: 0,
      msgsOut: 0,
    };
    bird.sessions.push(s);
    if (!s.passive) world.schedule(CONNECT_DELAY_MS, 'bgp.connect', { node: node.name, peer: d.ip });
  }
  bird.sessions.sort((a, b) => a.name.localeCompare(b.name));
}

/** Runs after every event: confd re-renders on datastore changes, BIRD re-announces its blocks. */
export function birdReconcile(world: World): void {
  for (const node of world.state.nodes) {
    if (!node.bird) continue;
    const want = desiredPeers(world, node).length;
    if (want !== node.bird.sessions.length) birdConfigure(world, node);
  }
  for (const node of world.state.nodes) {
    if (!node.bird) continue;
    const exported = birdExported(world, node);
    for (const s of node.bird.sessions) {
      if (s.state !== 'Established') continue;
      const peer = world.nodeByIp(s.peerIp);
      const back = peer?.bird?.sessions.find((x) => x.peerIp === node.bird!.routerId);
      if (!peer || !back || sameList(back.routesIn, exported)) continue;
      back.routesIn = exported;
      s.msgsOut++;
      back.msgsIn++;
      birdSyncKernel(world, peer);
    }
    birdSyncKernel(world, node);
  }
}

function sameList(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** What this BIRD announces: its own blocks (static1), "the block, nothing beneath it". */
export function birdExported(world: World, node: NodeState): string[] {
  return blocksOfNode(world, node.name);
}

/** Can a TCP connection from `from` reach `toIp` on port 179, and what answers? */
function tcpConnect(world: World, from: NodeState, toIp: string): 'ok' | 'refused' | 'unreachable' | 'closed' {
  const eth0 = from.links.find((l) => l.name === 'eth0');
  if (from.power !== 'on' || !eth0?.up) return 'unreachable';
  if (!routeTableLookup(from.routes.filter((r) => r.type === 'unicast'), toIp)) return 'unreachable';
  const to = world.nodeByIp(toIp);
  const toEth0 = to?.links.find((l) => l.name === 'eth0');
  if (!to || to.power !== 'on' || !toEth0?.up) return 'unreachable';
  if (!to.bird) return 'refused';
  if (!to.bird.sessions.some((s) => s.peerIp === from.bird?.routerId)) return 'closed';
  return 'ok';
}

const SOCKET_ERRORS = {
  refused: 'Socket: Connection refused',
  unreachable: 'Socket: No route to host',
  closed: 'Socket: Connection closed',
};

function bgpConnect(world: World, nodeName: string, peerIp: string): void {
  const node = world.node(nodeName);
  const s = node?.bird?.sessions.find((x) => x.peerIp === peerIp);
  if (!node || !s || s.state === 'Established') return;
  const result = tcpConnect(world, node, peerIp);
  if (result === 'ok') {
    const peer = world.nodeByIp(peerIp)!;
    const back = peer.bird!.sessions.find((x) => x.peerIp === node.bird!.routerId)!;
    s.state = 'OpenSent';
    back.state = 'OpenSent';
    s.msgsOut++; // OPEN
    back.msgsIn++;
    world.schedule(rngInt(world.state.rng, 5, 40), 'bgp.open', { node: nodeName, peer: peerIp });
    return;
  }
  setState(world, s, 'Active', SOCKET_ERRORS[result]);
  world.schedule(CONNECT_RETRY_MS, 'bgp.connect', { node: nodeName, peer: peerIp });
}

/** OPEN and KEEPALIVE exchanged both ways: the session is Established and UPDATEs flow. */
function bgpOpen(world: World, nodeName: string, peerIp: string): void {
  const node = world.node(nodeName);
  const s = node?.bird?.sessions.find((x) => x.peerIp === peerIp);
  const peer = world.nodeByIp(peerIp);
  const back = peer?.bird?.sessions.find((x) => x.peerIp === node?.bird?.routerId);
  if (!node || !s || !peer || !back || s.state !== 'OpenSent') return;
  for (const [a, b, from] of [[s, back, peer], [back, s, node]] as const) {
    setState(world, a, 'Established', '');
    a.proto = 'up';
    a.establishedAt = world.now;
    a.routesIn = birdExported(world, from);
    // OPEN (one side already counted), KEEPALIVE, one UPDATE with the routes, End-of-RIB.
    a.msgsIn += 3;
    b.msgsOut += 3;
  }
  s.msgsIn += 1;
  back.msgsOut += 1;
  birdSyncKernel(world, node);
  birdSyncKernel(world, peer);
}

function setState(world: World, s: BgpSession, state: BgpSession['state'], error: string): void {
  if (s.state !== state || s.lastError !== error) {
    if ((s.state === 'Established') !== (state === 'Established')) s.since = world.now;
    s.state = state;
    s.lastError = error;
  }
}

function sessionDown(world: World, node: NodeState, s: BgpSession, error: string): void {
  setState(world, s, 'Active', error);
  s.proto = 'start';
  s.since = world.now;
  s.routesIn = [];
  if (!s.passive) world.schedule(CONNECT_RETRY_MS, 'bgp.connect', { node: node.name, peer: s.peerIp });
}

/**
 * BIRD's kernel protocol: blackholes for our blocks, and each learned block per its pool's mode
 * (IPIP Always via tunl0 onlink, CrossSubnet by subnet, no encapsulation via eth0, VXLAN left to Felix).
 */
export function birdSyncKernel(world: World, node: NodeState): void {
  const bird = node.bird;
  if (!bird) return;
  const desired: Route[] = [];
  for (const cidr of birdExported(world, node)) {
    const pool = poolForCidr(world, cidr);
    if (pool && pool.vxlanMode === 'Never') desired.push({ type: 'blackhole', dst: cidr, proto: 'bird', scope: 'global' });
  }
  const seen = new Set<string>();
  for (const s of bird.sessions) {
    if (s.state !== 'Established') continue;
    for (const cidr of s.routesIn) {
      const pool = poolForCidr(world, cidr);
      if (!pool || pool.vxlanMode !== 'Never' || seen.has(cidr)) continue;
      seen.add(cidr);
      const sameSubnet = cidrContains(`${node.ip}/${node.prefix}`, s.peerIp);
      const tunnel = pool.ipipMode === 'Always' || (pool.ipipMode === 'CrossSubnet' && !sameSubnet);
      desired.push(tunnel
        ? { type: 'unicast', dst: cidr, via: s.peerIp, dev: 'tunl0', proto: 'bird', scope: 'global', onlink: true }
        : { type: 'unicast', dst: cidr, via: s.peerIp, dev: 'eth0', proto: 'bird', scope: 'global' });
    }
  }
  const owns = (r: Route) => r.proto === 'bird';
  const current = node.routes.filter(owns);
  if (current.length === desired.length && desired.every((d) => current.some((c) => JSON.stringify(c) === JSON.stringify(d)))) return;
  node.routes = routeTableSync(node.routes, owns, desired);
}

export type { BirdState };
