/** Finding BGP speakers (nodes and routers) by address and protocols by name, with indexes kept beside the state. */
import type { World } from '../world';
import type { NodeState } from '../state';
import type { BgpSession, BirdState } from './bird-types';

/** Every host that may run BIRD: the cluster's nodes, then the fabric's routers. */
export function speakers(world: World): NodeState[] {
  const routers = world.state.routers;
  return routers?.length ? world.state.nodes.concat(routers) : world.state.nodes;
}

const BY_IP = new WeakMap<object, { count: number; map: Map<string, NodeState> }>();

/** The speaker answering on `ip` (node addresses do not change; the index follows the host count). */
export function speakerByIp(world: World, ip: string): NodeState | undefined {
  const count = world.state.nodes.length + (world.state.routers?.length ?? 0);
  let memo = BY_IP.get(world.state);
  if (!memo || memo.count !== count) {
    memo = { count, map: new Map(speakers(world).map((n) => [n.ip, n])) };
    BY_IP.set(world.state, memo);
  }
  return memo.map.get(ip);
}

const BY_NAME = new WeakMap<BgpSession[], Map<string, BgpSession>>();

export function sessionByName(bird: BirdState, name: string): BgpSession | undefined {
  let map = BY_NAME.get(bird.sessions);
  if (!map) BY_NAME.set(bird.sessions, (map = new Map(bird.sessions.map((s) => [s.name, s]))));
  return map.get(name);
}

const BY_PEER = new WeakMap<BgpSession[], Map<string, BgpSession>>();

/** The protocol of `bird` whose neighbour is `ip` (BIRD accepts a connection by neighbour address). */
export function sessionByPeer(bird: BirdState, ip: string): BgpSession | undefined {
  let map = BY_PEER.get(bird.sessions);
  if (!map) {
    map = new Map();
    for (const s of bird.sessions) if (!map.has(s.peerIp)) map.set(s.peerIp, s);
    BY_PEER.set(bird.sessions, map);
  }
  return map.get(ip);
}
