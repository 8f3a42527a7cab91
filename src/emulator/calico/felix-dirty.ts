/**
 * Which nodes' Felix has something to do after a batch of API changes: Felix reads the pools, its
 * own Node object, the blocks holding its tunnel addresses (every Node and block with VXLAN), the
 * policies (and then every pod's labels), and the node's own links, routes, pods and iptables.
 * A node none of whose inputs moved since its Felix last ran is skipped: running it would change
 * nothing. Kept beside the state; a restored world runs Felix everywhere once.
 */
import type { World } from '../world';
import type { NodeState } from '../state';
import type { ApiChanges } from '../k8s/changes';
import { storeKeys } from '../k8s/objects';
import { cidrParts, ipv4ToInt, prefixMask } from '../net/ip';
import { birdRoutesWrites, podsWrites, routesWrites } from '../net/route-writes';
import { poolsCached } from './felix-inputs';
import { IPIP_ADDR, VXLAN_ADDR } from './tunnel-addrs';
import { VXLAN_DEVICE, felixBlocked } from './felix';

/** Kinds Felix never reads. */
const IGNORED = new Set(['Event', 'ReplicaSet', 'Deployment', 'DaemonSet', 'IPAMHandle', 'BlockAffinity']);
const POLICY_KINDS = ['NetworkPolicy', 'NetworkPolicy.crd.projectcalico.org', 'GlobalNetworkPolicy'];

export interface FelixDirty {
  /** Every node must run (an input shared by all of them moved). */
  all: boolean;
  /** Nodes whose own Node object or tunnel-address block moved. */
  nodes: Set<string>;
  /** A Node or IPAMBlock moved: nodes with a VXLAN device read them all. */
  wide: boolean;
}

/** What the API changes mean for Felix. */
export function felixDirtyFromApi(world: World, changes: ApiChanges): FelixDirty {
  const out: FelixDirty = { all: false, nodes: new Set(), wide: false };
  if (!changes.keys.length) return out;
  const api = world.state.api;
  const policies = POLICY_KINDS.some((k) => storeKeys(api, k).length > 0);
  const vxlan = poolsCached(world).some((p) => p.vxlanMode !== 'Never');
  let blocks = false;
  for (const kind of changes.kinds()) {
    if (IGNORED.has(kind)) continue;
    if (kind === 'Pod') {
      if (policies) out.all = true;
    } else if (kind === 'Node') out.wide = true;
    else if (kind === 'IPAMBlock') {
      out.wide = true;
      blocks = true;
    } else out.all = true;
  }
  if (out.all || (vxlan && out.wide)) {
    out.all = true;
    return out;
  }
  for (const o of changes.objects('Node').live) out.nodes.add(o.metadata.name);
  if (changes.objects('Node').deleted) out.all = true;
  if (blocks) {
    const { live, deleted } = changes.objects('IPAMBlock');
    if (deleted) out.all = true;
    const owners = tunnelOwners(world);
    for (const b of live) {
      const p = cidrParts(b.spec.cidr);
      if (!p) continue;
      const mask = prefixMask(p.prefix);
      const net = (p.network & mask) >>> 0;
      for (const t of owners) if (((t.addr & mask) >>> 0) === net) out.nodes.add(t.node);
    }
  }
  return out;
}

/** Every node's tunnel addresses, read from the Node objects (recomputed when a Node changes). */
const OWNERS = new WeakMap<object, { keys: readonly string[]; rev: string; list: { addr: number; node: string }[] }>();

function tunnelOwners(world: World): { addr: number; node: string }[] {
  const api = world.state.api;
  const keys = storeKeys(api, 'Node');
  let rev = '';
  for (const k of keys) rev += `${api.objects[k].metadata.resourceVersion},`;
  const memo = OWNERS.get(world.state);
  if (memo && memo.keys === keys && memo.rev === rev) return memo.list;
  const list: { addr: number; node: string }[] = [];
  for (const k of keys) {
    const o = api.objects[k];
    for (const a of [IPIP_ADDR, VXLAN_ADDR]) {
      const ip = o.metadata.annotations?.[a];
      if (ip) list.push({ addr: ipv4ToInt(ip), node: o.metadata.name });
    }
  }
  OWNERS.set(world.state, { keys, rev, list });
  return list;
}

interface Seen {
  power: string;
  calico: unknown;
  links: unknown;
  linkCount: number;
  routes: unknown;
  /** Routes other than BIRD's, and in-place writes by others than BIRD. */
  routeCount: number;
  routeWrites: number;
  birdWrites: number;
  pods: unknown;
  podWrites: number;
  iptables: number;
}

/** What Felix last saw on each node itself: power, calico-node, links, routes, pods, iptables. */
const SEEN = new WeakMap<NodeState, Seen>();

function sameLocal(node: NodeState, s: Seen | undefined): boolean {
  return !!s && s.power === node.power && s.calico === node.calico && s.links === node.links && s.linkCount === node.links.length && s.routes === node.routes
    && s.routeCount === othersRoutes(node) && s.routeWrites === routesWrites(node) && s.pods === node.pods && s.podWrites === podsWrites(node) && s.iptables === (node.iptables?.rev ?? -1)
    // BIRD's routes matter only while one of them holds out a route Felix wants.
    && (!felixBlocked(node) || s.birdWrites === birdRoutesWrites(node));
}

/** How many routes are not BIRD's (BIRD keeps its own count). */
function othersRoutes(node: NodeState): number {
  return node.routes.length - (node.bird?.kernelRoutes ?? 0);
}

/** Should this node's Felix run? Remembers what it saw (call right before running it). */
export function felixShouldRun(node: NodeState, dirty: FelixDirty | null, unsettled: boolean): boolean {
  const seen = SEEN.get(node);
  const api = !dirty || dirty.all || dirty.nodes.has(node.name) || (dirty.wide && node.links.some((l) => l.name === VXLAN_DEVICE));
  if (!api && !unsettled && sameLocal(node, seen)) return false;
  SEEN.set(node, {
    power: node.power, calico: node.calico, links: node.links, linkCount: node.links.length, routes: node.routes, routeCount: othersRoutes(node),
    routeWrites: routesWrites(node), birdWrites: birdRoutesWrites(node), pods: node.pods, podWrites: podsWrites(node), iptables: node.iptables?.rev ?? -1,
  });
  return true;
}
