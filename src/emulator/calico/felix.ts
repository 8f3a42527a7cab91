/**
 * Felix, calico-node's dataplane agent: keeps tunl0 and the workload routes of the node in line
 * with the IP pools and the local pods. (BIRD, not Felix, programs IPIP and no-encap routes.)
 */
import type { World } from '../world';
import type { NodeState } from '../state';
import type { Route } from '../net/route';
import { routeTableSync } from '../net/route';
import { storeGet } from '../k8s/objects';
import { poolsEnabled } from './pools';

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

export function felixSync(world: World, node: NodeState): void {
  if (!node.calico || node.power !== 'on') return;
  syncTunl0(world, node);
  const desired: Route[] = Object.values(node.pods).map((p) => ({
    type: 'unicast',
    dst: `${p.ip}/32`,
    dev: p.hostVeth,
    proto: 'boot',
    scope: 'link',
  }));
  const owns = (r: Route) => r.proto === 'boot' && !!r.dev?.startsWith('cali');
  const current = node.routes.filter(owns);
  if (current.length === desired.length && desired.every((d) => current.some((c) => c.dst === d.dst && c.dev === d.dev))) return;
  node.routes = routeTableSync(node.routes, owns, desired);
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
