/**
 * confd's part of calico-node: which BGP protocols bird.cfg gets on a node, computed from the
 * datastore the way Calico's bird.cfg.template and confd's client.go compute them.
 */
import type { World } from '../world';
import type { KObj } from '../k8s/objects';
import { storeGet, storeList } from '../k8s/objects';
import { birdProtocolName } from './names';
import { selectorMatches } from './selector';
import type { PeerKind } from './bird-types';

export const DEFAULT_AS = 64512;
export const RR_CLUSTER_ID_ANNOTATION = 'projectcalico.org/RouteReflectorClusterID';
const AS_ANNOTATION = 'projectcalico.org/ASNumber';
const IPV4_ANNOTATION = 'projectcalico.org/IPv4Address';

export interface DesiredPeer {
  name: string;
  ip: string;
  as: number;
  kind: PeerKind;
  passive: boolean;
  rrClient: boolean;
}

/** A Calico node as confd sees it under /host/<name>. */
export interface ConfdHost {
  name: string;
  ip: string;
  as: number;
  clusterId: string;
  labels: Record<string, string>;
}

export function bgpConfigDefault(world: World): KObj | undefined {
  return storeGet(world.state.api, 'BGPConfiguration', undefined, 'default');
}

export function globalAs(world: World): number {
  return Number(bgpConfigDefault(world)?.spec?.asNumber ?? DEFAULT_AS);
}

export function meshEnabled(world: World): boolean {
  return bgpConfigDefault(world)?.spec?.nodeToNodeMeshEnabled !== false;
}

/** Nodes that calico-node has registered (they carry the BGP address annotation), by name. */
export function confdHosts(world: World): ConfdHost[] {
  const asn = globalAs(world);
  const out: ConfdHost[] = [];
  for (const n of storeList(world.state.api, 'Node')) {
    const ann = n.metadata.annotations ?? {};
    const addr = ann[IPV4_ANNOTATION];
    if (!addr) continue;
    out.push({
      name: n.metadata.name,
      ip: addr.split('/')[0],
      as: ann[AS_ANNOTATION] ? Number(ann[AS_ANNOTATION]) : asn,
      clusterId: ann[RR_CLUSTER_ID_ANNOTATION] ?? n.spec?.bgp?.routeReflectorClusterID ?? '',
      labels: n.metadata.labels ?? {},
    });
  }
  return out;
}

/** What changes confd's output: hosts, peers and the global settings. Cheap to compare. */
export function confdSignature(world: World, hosts: ConfdHost[]): string {
  const peers = storeList(world.state.api, 'BGPPeer').map((p) => [p.metadata.name, p.spec]);
  return JSON.stringify([hosts, peers, meshEnabled(world), globalAs(world)]);
}

interface HostIndex {
  byIp: Map<string, ConfdHost>;
  /** The hosts a selector matches, in the hosts' order. */
  matching(selector: string): Set<ConfdHost>;
}

const INDEXES = new WeakMap<ConfdHost[], HostIndex>();

/**
 * One confd render reads the same hosts for every node: each selector is evaluated once per host
 * for all of them (500 nodes evaluated a reflector peerSelector 250,000 times).
 */
function hostIndex(hosts: ConfdHost[]): HostIndex {
  let index = INDEXES.get(hosts);
  if (index) return index;
  const bySelector = new Map<string, Set<ConfdHost>>();
  index = {
    byIp: new Map(hosts.map((h) => [h.ip, h])),
    matching(selector) {
      let set = bySelector.get(selector);
      if (!set) bySelector.set(selector, (set = new Set(hosts.filter((h) => selectorMatches(selector, h.labels)))));
      return set;
    },
  };
  INDEXES.set(hosts, index);
  return index;
}

/**
 * The protocols bird.cfg gets on `self`: Mesh_ (unless this node is a reflector), Global_ for
 * BGPPeers without node/nodeSelector, Node_ for node-scoped ones and the reverse peerings that
 * peerSelector peers imply; `rr client` when this node has a cluster ID the peer does not share.
 */
export function confdPeers(world: World, self: ConfdHost, hosts: ConfdHost[]): DesiredPeer[] {
  const mesh: DesiredPeer[] = [];
  const make = (ip: string, as: number, kind: PeerKind, peerCluster: string): DesiredPeer => ({
    name: birdProtocolName(kind === 'mesh' ? 'Mesh' : kind === 'global' ? 'Global' : 'Node', ip),
    ip,
    as,
    kind,
    // Mesh sessions are unidirectional: the peer with the higher address (as a string) connects.
    passive: kind === 'mesh' && ip > self.ip,
    rrClient: as === self.as && self.clusterId !== '' && peerCluster !== self.clusterId,
  });
  if (meshEnabled(world) && !self.clusterId) {
    for (const h of hosts) {
      if (h.ip === self.ip || h.clusterId) continue;
      mesh.push(make(h.ip, h.as, 'mesh', ''));
    }
  }
  const global = new Map<string, DesiredPeer>();
  const node = new Map<string, DesiredPeer>();
  const index = hostIndex(hosts);
  for (const peer of storeList(world.state.api, 'BGPPeer')) {
    const spec = peer.spec ?? {};
    const scoped = !!spec.node || !!spec.nodeSelector;
    const applies = spec.node ? spec.node === self.name : spec.nodeSelector ? index.matching(spec.nodeSelector).has(self) : true;
    const target = scoped ? node : global;
    if (applies) {
      if (spec.peerIP) {
        const ip = String(spec.peerIP).replace(/:\d+$/, '');
        if (ip !== self.ip) target.set(ip, make(ip, Number(spec.asNumber ?? self.as), scoped ? 'node' : 'global', index.byIp.get(ip)?.clusterId ?? ''));
      } else if (spec.peerSelector) {
        for (const h of index.matching(spec.peerSelector)) {
          if (h.ip !== self.ip) target.set(h.ip, make(h.ip, h.as, scoped ? 'node' : 'global', h.clusterId));
        }
      }
    }
    // Reverse peerings: when this node is selected by peerSelector, it peers back with every node
    // the BGPPeer applies to (so reflectors get a Node_ session to each client).
    if (spec.peerSelector && index.matching(spec.peerSelector).has(self)) {
      for (const h of hosts) {
        if (h.ip === self.ip) continue;
        const hApplies = spec.node ? spec.node === h.name : spec.nodeSelector ? index.matching(spec.nodeSelector).has(h) : true;
        if (hApplies && !node.has(h.ip)) node.set(h.ip, make(h.ip, h.as, 'node', h.clusterId));
      }
    }
  }
  // A global and a node-specific peering to the same address: only the global one is emitted.
  for (const ip of global.keys()) node.delete(ip);
  const byIpString = (a: DesiredPeer, b: DesiredPeer) => (a.ip < b.ip ? -1 : a.ip > b.ip ? 1 : 0);
  return [...mesh, ...[...global.values()].sort(byIpString), ...[...node.values()].sort(byIpString)];
}
