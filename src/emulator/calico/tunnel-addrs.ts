/**
 * calico-node's tunnel address allocator (node/pkg/allocateip): while an enabled pool uses IPIP
 * the node holds an IPIP tunnel address, while one uses VXLAN a VXLAN tunnel address and a VTEP
 * MAC; when the last such pool changes mode the address is released and the annotation goes, and
 * an address whose pool is disabled or gone is exchanged for one from an enabled pool.
 */
import type { World } from '../world';
import type { NodeState } from '../state';
import { storeGet, storePut } from '../k8s/objects';
import { ipamAutoAssign, ipamLookup, ipamReleaseHandle } from './ipam';
import { poolsEnabled } from './pools';
import type { PoolView } from './pools';
import { vtepMacForNode } from './names';
import { cidrContains } from '../net/ip';

export const IPIP_ADDR = 'projectcalico.org/IPv4IPIPTunnelAddr';
export const VXLAN_ADDR = 'projectcalico.org/IPv4VXLANTunnelAddr';
export const VXLAN_MAC = 'projectcalico.org/VXLANTunnelMACAddr';

type Tunnel = { key: string; handle: string; type: 'ipipTunnelAddress' | 'vxlanTunnelAddress'; uses: (p: PoolView) => boolean };

const TUNNELS: Tunnel[] = [
  { key: IPIP_ADDR, handle: 'ipip-tunnel-addr-', type: 'ipipTunnelAddress', uses: (p) => p.ipipMode !== 'Never' },
  { key: VXLAN_ADDR, handle: 'vxlan-tunnel-addr-', type: 'vxlanTunnelAddress', uses: (p) => p.vxlanMode !== 'Never' },
];

/** Bring the node's tunnel addresses in line with the pools' modes. Cheap when nothing changes. */
export function tunnelAddrsSync(world: World, node: NodeState): void {
  const obj = storeGet(world.state.api, 'Node', undefined, node.name);
  if (!obj) return;
  const pools = poolsEnabled(world);
  for (const t of TUNNELS) {
    const have = obj.metadata.annotations?.[t.key];
    const want = pools.some(t.uses);
    const handle = t.handle + node.name;
    // allocateip keeps an address only while it lies in an enabled pool of this kind: disabling
    // the pool that holds it (a pool migration) releases it and assigns one from another pool.
    const stillValid = have && pools.some((p) => t.uses(p) && cidrContains(p.cidr, have));
    if (want && stillValid && ipamLookup(world, have)?.handle === handle) continue;
    if (!want && !have) continue;
    const ann = { ...(obj.metadata.annotations ?? {}) };
    ipamReleaseHandle(world, handle);
    delete ann[t.key];
    if (t.type === 'vxlanTunnelAddress') delete ann[VXLAN_MAC];
    if (want) {
      const r = ipamAutoAssign(world, handle, { node: node.name, type: t.type }, 'Tunnel', t.uses);
      if (r.ok) {
        ann[t.key] = r.ip;
        if (t.type === 'vxlanTunnelAddress') ann[VXLAN_MAC] = vtepMacForNode(node.name);
      }
    }
    obj.metadata.annotations = ann;
    storePut(world.state.api, obj);
  }
}
