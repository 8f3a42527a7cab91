/**
 * Details the topology shows when the student clicks a BGP session, a pod or a block: read from
 * the world on demand (the digest stays small), as plain JSON for the page.
 */
import type { World } from '../emulator/world';
import type { NodeState } from '../emulator/state';
import type { BgpSession } from '../emulator/calico/bird-types';
import { BGP_TIMERS } from '../emulator/calico/bird';
import { sentPrefixes } from '../emulator/calico/bird-rib';
import { speakerByIp, speakers } from '../emulator/calico/bird-speakers';
import { sessionStats } from '../emulator/calico/bird-stats';
import { blockCapacity, blockInUse, ipamBlocks } from '../emulator/calico/ipam';
import { cidrContains } from '../emulator/net/ip';
import { routeText } from '../emulator/net/route-text';
import type { BlockDetail, InspectDetail, InspectTarget, PodDetail, SessionSide } from './inspect-types';
import { birdAdjInEntries, birdBest, prefixText } from '../emulator/calico/bird-tables';

export function inspect(world: World, target: InspectTarget): InspectDetail | null {
  if (target.kind === 'session') return sessionDetail(world, target.a, target.b);
  if (target.kind === 'pod') return podDetail(world, target.node, `${target.namespace}/${target.name}`);
  return blockDetail(world, target.cidr);
}

function speakerNamed(world: World, name: string): NodeState | undefined {
  return speakers(world).find((n) => n.name === name);
}

/** One end's view of the session: BIRD's protocol, its timers, and the routes each way. */
function side(world: World, node: NodeState, s: BgpSession): SessionSide {
  const bird = node.bird!;
  const st = sessionStats(s, world.now);
  const imported = birdAdjInEntries(bird)
    .filter(([, byProto]) => byProto[s.name])
    .map(([prefix, byProto]) => `${prefix} via ${byProto[s.name].nh}${byProto[s.name].stale ? ' (stale)' : ''}${birdBest(bird, prefix)?.from === s.name ? ' *' : ''}`)
    .sort();
  return {
    node: node.name,
    protocol: s.name,
    peerIp: s.peerIp,
    peerAs: s.peerAs,
    localAs: bird.asn,
    kind: s.kind,
    rrClient: s.rrClient,
    passive: s.passive,
    proto: s.proto,
    state: s.state,
    sinceSec: Math.max(0, Math.round((world.now - s.since) / 1000)),
    lastError: s.lastError,
    holdSec: BGP_TIMERS.hold / 1000,
    keepaliveSec: BGP_TIMERS.keepalive / 1000,
    // While keepalives are lost, the hold timer runs down from the last one received.
    holdLeftSec: s.state === 'Established' && s.rxStoppedAt !== null ? Math.max(0, Math.round((s.rxStoppedAt + BGP_TIMERS.hold - world.now) / 1000)) : null,
    imported,
    exported: sentPrefixes(bird, s).map(prefixText).sort(),
    messagesIn: st.msgsIn,
    messagesOut: st.msgsOut,
    updatesIn: st.impUpdates,
    withdrawsIn: st.impWithdraws,
  };
}

function sessionDetail(world: World, a: string, b: string): InspectDetail | null {
  const na = speakerNamed(world, a);
  const nb = speakerNamed(world, b);
  if (!na || !nb) return null;
  const sides: SessionSide[] = [];
  for (const [n, peer] of [[na, nb], [nb, na]] as const) {
    const s = n.bird?.sessions.find((x) => speakerByIp(world, x.peerIp) === peer);
    if (s) sides.push(side(world, n, s));
  }
  return sides.length > 0 ? { kind: 'session', a, b, sides } : null;
}

function blockOf(world: World, ip: string): { cidr: string; owner: string | null } | null {
  const block = ipamBlocks(world).find((bl) => cidrContains(bl.spec.cidr as string, ip));
  if (!block) return null;
  const aff = block.spec.affinity as string | null | undefined;
  return { cidr: block.spec.cidr as string, owner: aff?.startsWith('host:') ? aff.slice(5) : null };
}

function podDetail(world: World, nodeName: string, key: string): PodDetail | null {
  const node = world.node(nodeName);
  const pod = node?.pods[key];
  if (!node || !pod) return null;
  const route = node.routes.find((r) => r.dst === `${pod.ip}/32` || r.dst === pod.ip);
  const block = blockOf(world, pod.ip);
  return {
    kind: 'pod',
    node: node.name,
    namespace: pod.namespace,
    name: pod.pod,
    ip: pod.ip,
    mac: pod.podMac,
    veth: pod.hostVeth,
    ifindex: pod.hostIfindex,
    netns: pod.netnsName,
    hostRoute: route ? routeText(route) : null,
    block: block?.cidr ?? null,
    blockOwner: block?.owner ?? null,
  };
}

function blockDetail(world: World, cidr: string): BlockDetail | null {
  const block = ipamBlocks(world).find((bl) => bl.spec.cidr === cidr);
  if (!block) return null;
  const aff = block.spec.affinity as string | null | undefined;
  const owner = aff?.startsWith('host:') ? aff.slice(5) : null;
  // Which nodes' pods hold addresses in it (a block borrowed from shows more than its owner).
  const users = world.state.nodes.filter((n) => Object.values(n.pods).some((p) => cidrContains(cidr, p.ip))).map((n) => n.name);
  return { kind: 'block', cidr, owner, inUse: blockInUse(block), capacity: blockCapacity(block), usedBy: users };
}
