/** IP pools as the datastore holds them (crd.projectcalico.org/v1 IPPool objects). */
import type { World } from '../world';
import type { KObj } from '../k8s/objects';
import { storeList } from '../k8s/objects';
import { cidrContains, cidrOverlaps } from '../net/ip';

export type EncapMode = 'Always' | 'CrossSubnet' | 'Never';

export interface PoolView {
  name: string;
  cidr: string;
  blockSize: number;
  ipipMode: EncapMode;
  vxlanMode: EncapMode;
  natOutgoing: boolean;
  disabled: boolean;
  nodeSelector: string;
  allowedUses: string[];
}

export function poolView(obj: KObj): PoolView {
  const s = obj.spec ?? {};
  return {
    name: obj.metadata.name,
    cidr: s.cidr,
    blockSize: s.blockSize ?? 26,
    ipipMode: s.ipipMode || 'Never',
    vxlanMode: s.vxlanMode || 'Never',
    natOutgoing: !!s.natOutgoing,
    disabled: !!s.disabled,
    nodeSelector: s.nodeSelector || 'all()',
    allowedUses: s.allowedUses ?? ['Workload', 'Tunnel'],
  };
}

export function poolsAll(world: World): PoolView[] {
  return storeList(world.state.api, 'IPPool').map(poolView);
}

export function poolsEnabled(world: World): PoolView[] {
  return poolsAll(world).filter((p) => !p.disabled);
}

/** The pool that contains an address or a block. */
export function poolForCidr(world: World, cidr: string): PoolView | undefined {
  const ip = cidr.split('/')[0];
  return poolsAll(world).find((p) => cidrContains(p.cidr, ip) && cidrOverlaps(p.cidr, cidr));
}

/** Parse an encapsulation mode from calico-node's environment, as startup does (case-insensitive). */
export function encapModeFromEnv(value: string | undefined): EncapMode | null {
  const v = (value ?? '').toLowerCase();
  if (v === 'always') return 'Always';
  if (v === 'crosssubnet' || v === 'cross-subnet') return 'CrossSubnet';
  if (v === '' || v === 'never' || v === 'off') return 'Never';
  return null;
}
