/**
 * Felix, calico-node's dataplane agent: keeps tunl0, vxlan.calico and the workload routes of the
 * node in line with the IP pools and the local pods. BIRD programs IPIP and no-encap routes;
 * Felix programs VXLAN ones (felix/dataplane/linux/vxlan_mgr.go, reference §8.4/§8.5).
 */
import type { World } from '../world';
import type { NodeState } from '../state';
import type { Route } from '../net/route';
import { routeTableSync } from '../net/route';
import { workloadRoutesSet } from '../net/route-writes';
import { storeGet } from '../k8s/objects';
import { poolsEnabled } from './pools';
import { tunnelAddrsSync, VXLAN_ADDR, VXLAN_MAC } from './tunnel-addrs';
import { vtepMacForNode } from './names';
import { cidrContains, cidrOverlaps } from '../net/ip';
import { felixPolicySync } from './felix-policy';
import { IPIP_ADDR } from './tunnel-addrs';
import { blockOfAddress, blocksOfNodeCached, borrowedOnNodeCached, kindSignature, nodeObjectVersion, poolsCached } from './felix-inputs';

export const IPIP_OVERHEAD = 20;
export const VXLAN_OVERHEAD = 50;

/** Auto MTU (veth_mtu "0"): the host MTU minus the largest overhead of the enabled encapsulations. */
export function felixVethMtu(world: World, hostMtu = 1500): number {
  const pools = poolsEnabled(world);
  if (pools.some((p) => p.vxlanMode !== 'Never')) return hostMtu - VXLAN_OVERHEAD;
  if (pools.some((p) => p.ipipMode !== 'Never')) return hostMtu - IPIP_OVERHEAD;
  return hostMtu;
}

export function nodeAnnotation(world: World, node: string, key: string): string | undefined {
  return storeGet(world.state.api, 'Node', undefined, node)?.metadata.annotations?.[key];
}

/**
 * What Felix last computed from the datastore for a node: the signature of its inputs and the
 * VXLAN routes it wants. Kept beside the state (a restored world computes again).
 */
const COMPUTED = new WeakMap<NodeState, { inputs: string; vxlanRoutes: Route[] }>();

/**
 * Everything the datastore half of felixSync reads, as a short string; '' when it cannot be
 * summarised (a tunnel address still to claim depends on every block), so Felix computes again.
 * IPIP-only nodes depend on their Node object, the pools and the blocks holding their tunnel
 * addresses; with VXLAN, on every Node and every block (the routes to the other VTEPs).
 */
function felixInputs(world: World, node: NodeState): string {
  const pools = poolsCached(world);
  const obj = storeGet(world.state.api, 'Node', undefined, node.name);
  const ann = obj?.metadata.annotations ?? {};
  const enabled = pools.filter((p) => !p.disabled);
  let tunnels = '';
  for (const [key, used] of [[IPIP_ADDR, enabled.some((p) => p.ipipMode !== 'Never')], [VXLAN_ADDR, enabled.some((p) => p.vxlanMode !== 'Never')]] as const) {
    const have = ann[key];
    if (used && !have) return '';
    if (have) tunnels += `${have}@${blockOfAddress(world, have)?.metadata.resourceVersion ?? '-'},`;
  }
  const dev = (name: string) => {
    const l = node.links.find((x) => x.name === name);
    return l ? `${l.index}${l.mac}${l.addrs.map((a) => a.cidr).join()}` : '';
  };
  const vxlan = pools.some((p) => p.vxlanMode !== 'Never') || node.links.some((l) => l.name === VXLAN_DEVICE);
  const wide = vxlan ? `${kindSignature(world, 'Node')}/${kindSignature(world, 'IPAMBlock')}/${world.state.nodes.length}` : '';
  return `${kindSignature(world, 'IPPool')}|${nodeObjectVersion(world, node)}|${tunnels}|${node.links.length}:${dev('tunl0')}:${dev(VXLAN_DEVICE)}|${wide}`;
}

/** Felix could not summarise its inputs last time (a tunnel address still to claim): it runs again. */
export function felixUnsettled(node: NodeState): boolean {
  return !!node.calico && node.power === 'on' && !COMPUTED.get(node)?.inputs;
}

/**
 * Nodes where Felix wants a route the kernel refused (EEXIST: another protocol's route to the same
 * prefix): only there do BIRD's route changes matter to Felix.
 */
const BLOCKED = new WeakSet<NodeState>();

export function felixBlocked(node: NodeState): boolean {
  return BLOCKED.has(node);
}

export function felixSync(world: World, node: NodeState): void {
  if (!node.calico || node.power !== 'on') return;
  let computed = COMPUTED.get(node);
  if (!computed || !computed.inputs || computed.inputs !== felixInputs(world, node)) {
    tunnelAddrsSync(world, node);
    syncTunl0(world, node);
    syncVxlanDevice(world, node);
    computed = { inputs: felixInputs(world, node), vxlanRoutes: vxlanRoutesWanted(world, node) };
    COMPUTED.set(node, computed);
  }
  let blocked = !syncVxlanRoutes(node, computed.vxlanRoutes);
  felixPolicySync(world, node);
  const desired: Route[] = Object.values(node.pods).map((p) => ({
    type: 'unicast',
    dst: `${p.ip}/32`,
    dev: p.hostVeth,
    proto: 'boot',
    scope: 'link',
  }));
  const owns = (r: Route) => r.proto === 'boot' && !!r.dev?.startsWith('cali');
  const current = node.routes.filter(owns);
  let count = current.length;
  if (!(current.length === desired.length && desired.every((d) => current.some((c) => c.dst === d.dst && c.dev === d.dev)))) {
    node.routes = routeTableSync(node.routes, owns, desired);
    count = node.routes.filter(owns).length;
    if (count !== desired.length) blocked = true;
  }
  workloadRoutesSet(node, count);
  if (blocked) BLOCKED.add(node);
  else BLOCKED.delete(node);
}

/** tunl0 exists with the node's IPIP tunnel address while an enabled pool uses IPIP. */
function syncTunl0(world: World, node: NodeState): void {
  const ipip = poolsEnabled(world).some((p) => p.ipipMode !== 'Never');
  const addr = nodeAnnotation(world, node.name, 'projectcalico.org/IPv4IPIPTunnelAddr');
  let tunl0 = node.links.find((l) => l.name === 'tunl0');
  if (ipip && !tunl0) {
    tunl0 = { index: node.nextIfindex++, name: 'tunl0', kind: 'ipip', mac: '0.0.0.0', mtu: 1500 - IPIP_OVERHEAD, up: true, qdisc: 'noqueue', addrs: [] };
    node.links.push(tunl0);
    node.links.sort((a, b) => a.index - b.index);
  }
  if (!tunl0) return;
  const want = ipip && addr ? [{ cidr: `${addr}/32`, scope: 'global' as const }] : [];
  if (JSON.stringify(tunl0.addrs) !== JSON.stringify(want)) tunl0.addrs = want;
}

export const VXLAN_DEVICE = 'vxlan.calico';
export const VXLAN_VNI = 4096;
export const VXLAN_PORT = 4789;

/** vxlan.calico exists while an enabled pool uses VXLAN: VTEP MAC `66:…`, the tunnel address as a /32. */
function syncVxlanDevice(world: World, node: NodeState): void {
  const vxlan = poolsEnabled(world).some((p) => p.vxlanMode !== 'Never');
  const addr = nodeAnnotation(world, node.name, VXLAN_ADDR);
  let dev = node.links.find((l) => l.name === VXLAN_DEVICE);
  if (!vxlan || !addr) {
    // Felix deletes its VXLAN device when VXLAN is off; the kernel drops the routes through it.
    if (dev) {
      node.links = node.links.filter((l) => l !== dev);
      node.routes = node.routes.filter((r) => r.dev !== VXLAN_DEVICE);
    }
    return;
  }
  const mac = nodeAnnotation(world, node.name, VXLAN_MAC) ?? vtepMacForNode(node.name);
  if (!dev) {
    dev = { index: node.nextIfindex++, name: VXLAN_DEVICE, kind: 'vxlan', mac, mtu: 1500 - VXLAN_OVERHEAD, up: true, qdisc: 'noqueue', addrs: [] };
    node.links.push(dev);
    node.links.sort((a, b) => a.index - b.index);
  }
  dev.mac = mac;
  const want = [{ cidr: `${addr}/32`, scope: 'global' as const }];
  if (JSON.stringify(dev.addrs) !== JSON.stringify(want)) dev.addrs = want;
}

/**
 * Felix's VXLAN routes: a blackhole (proto 80) per local block of a VXLAN pool; each remote
 * block (and address borrowed by a remote node) via the remote VTEP on vxlan.calico, onlink, proto
 * boot; with CrossSubnet, same-subnet nodes directly via their eth0 address, proto 80, onlink.
 */
function vxlanRoutesWanted(world: World, node: NodeState): Route[] {
  const desired: Route[] = [];
  const hasDev = node.links.some((l) => l.name === VXLAN_DEVICE);
  const pools = poolsCached(world);
  const isVxlan = (cidr: string) => {
    const ip = cidr.split('/')[0];
    const p = pools.find((x) => cidrContains(x.cidr, ip) && cidrOverlaps(x.cidr, cidr));
    return p && !p.disabled && p.vxlanMode !== 'Never' ? p : undefined;
  };
  if (!pools.some((p) => p.vxlanMode !== 'Never')) return desired;
  for (const cidr of blocksOfNodeCached(world, node.name)) {
    if (isVxlan(cidr)) desired.push({ type: 'blackhole', dst: cidr, proto: '80', scope: 'global' });
  }
  if (hasDev) {
    for (const remote of world.state.nodes) {
      if (remote === node) continue;
      const vtep = nodeAnnotation(world, remote.name, VXLAN_ADDR);
      if (!vtep) continue;
      const sameSubnet = cidrContains(`${node.ip}/${node.prefix}`, remote.ip);
      const dsts = [...blocksOfNodeCached(world, remote.name), ...borrowedOnNodeCached(world, remote.name).map((ip) => `${ip}/32`)];
      for (const dst of dsts) {
        const pool = isVxlan(dst);
        if (!pool) continue;
        desired.push(pool.vxlanMode === 'CrossSubnet' && sameSubnet
          ? { type: 'unicast', dst, via: remote.ip, dev: 'eth0', proto: '80', scope: 'global', onlink: true }
          : { type: 'unicast', dst, via: vtep, dev: VXLAN_DEVICE, proto: 'boot', scope: 'global', onlink: true });
      }
    }
  }
  return desired;
}

const routeKey = (r: Route) => JSON.stringify(r);

/** Felix's VXLAN routes in the kernel as wanted; a route someone deleted comes back. False when one is held out (EEXIST). */
function syncVxlanRoutes(node: NodeState, desired: Route[]): boolean {
  const owns = (r: Route) => r.proto === '80' || r.dev === VXLAN_DEVICE;
  const current = node.routes.filter(owns);
  if (current.length === desired.length) {
    const have = new Set(current.map(routeKey));
    if (desired.every((d) => have.has(routeKey(d)))) return true;
  }
  node.routes = routeTableSync(node.routes, owns, desired);
  return node.routes.filter(owns).length === desired.length;
}
