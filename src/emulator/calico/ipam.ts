/**
 * Calico IPAM over the Kubernetes datastore: IPAMBlock, BlockAffinity and IPAMHandle objects.
 *
 * Assignment is deterministic: a node uses its affine blocks first (in CIDR order, lowest free
 * ordinal first); when they are full it claims a free block of the first enabled pool that allows
 * the use, searching from the block whose index is the node's position in the cluster. So
 * k8s-master01 claims the pool's first block, k8s-node01 the second, and so on, as in the notes.
 */
import type { World } from '../world';
import type { KObj } from '../k8s/objects';
import { storeDelete, storeGet, storeList, storePut } from '../k8s/objects';
import { apiCreate } from '../k8s/factory';
import { cidrAddress, cidrContains, cidrFormat, cidrParse, cidrSize, ipv4ToInt } from '../net/ip';
import { blockObjectName } from './names';
import { poolsEnabled } from './pools';
import type { PoolView } from './pools';

export interface IpamAttrs {
  node: string;
  namespace?: string;
  pod?: string;
  type?: 'ipipTunnelAddress' | 'vxlanTunnelAddress';
}

export type AssignResult = { ok: true; ip: string } | { ok: false; error: string };

const CRD = 'crd.projectcalico.org/v1';

export function ipamConfig(world: World): { strictAffinity: boolean; autoAllocateBlocks: boolean; maxBlocksPerHost: number } {
  const obj = storeGet(world.state.api, 'IPAMConfig', undefined, 'default');
  return {
    strictAffinity: !!obj?.spec?.strictAffinity,
    autoAllocateBlocks: obj?.spec?.autoAllocateBlocks ?? true,
    maxBlocksPerHost: obj?.spec?.maxBlocksPerHost ?? 0,
  };
}

export function ipamBlocks(world: World): KObj[] {
  return storeList(world.state.api, 'IPAMBlock');
}

/** Blocks whose affinity is this node, in address order. */
export function blocksOfNode(world: World, node: string): string[] {
  return ipamBlocks(world)
    .filter((b) => b.spec.affinity === `host:${node}`)
    .map((b) => b.spec.cidr as string)
    .sort((a, b) => ipv4ToInt(a.split('/')[0]) - ipv4ToInt(b.split('/')[0]));
}

export function ipamAutoAssign(world: World, handle: string, attrs: IpamAttrs, use: 'Workload' | 'Tunnel', only?: (p: PoolView) => boolean): AssignResult {
  const pools = poolsEnabled(world).filter((p) => p.allowedUses.includes(use) && (!only || only(p)));
  if (pools.length === 0) return { ok: false, error: 'no configured Calico pools for node ' + attrs.node };
  const inPools = (cidr: string) => pools.some((p) => cidrContains(p.cidr, cidr.split('/')[0]));
  for (const cidr of blocksOfNode(world, attrs.node).filter(inPools)) {
    const ip = blockAllocate(world, cidr, handle, attrs);
    if (ip) return { ok: true, ip };
  }
  const cfg = ipamConfig(world);
  const limit = cfg.maxBlocksPerHost || 20;
  if (cfg.autoAllocateBlocks && blocksOfNode(world, attrs.node).length < limit) {
    for (const pool of pools) {
      const cidr = blockClaim(world, pool, attrs.node);
      if (cidr) return { ok: true, ip: blockAllocate(world, cidr, handle, attrs)! };
    }
  }
  if (!cfg.strictAffinity) {
    // Borrow: any block of the pools with a free address, whoever it is affine to.
    for (const b of ipamBlocks(world).filter((b) => inPools(b.spec.cidr))) {
      const ip = blockAllocate(world, b.spec.cidr, handle, attrs);
      if (ip) return { ok: true, ip };
    }
  } else if (cfg.autoAllocateBlocks && blocksOfNode(world, attrs.node).length >= limit) {
    return { ok: false, error: 'cannot allocate new block due to per host block limit' };
  }
  // AutoAssign finds nothing without an error; the CNI plugin turns that into this message.
  return { ok: false, error: 'failed to request 1 IPv4 addresses. IPAM allocated only 0' };
}

/** Claim the lowest unclaimed block of a pool for a node: an IPAMBlock plus a BlockAffinity. */
function blockClaim(world: World, pool: PoolView, node: string): string | null {
  const p = cidrParse(pool.cidr)!;
  const count = 2 ** (pool.blockSize - p.prefix);
  const size = 2 ** (32 - pool.blockSize);
  const taken = new Set(ipamBlocks(world).map((b) => b.spec.cidr as string));
  // Start at the block whose index is the node's position in the cluster, so the picture does
  // not depend on which calico-node happened to start first (real Calico randomises the start).
  const first = Math.max(0, world.state.nodes.findIndex((n) => n.name === node)) % count;
  for (let k = 0; k < count; k++) {
    const i = (first + k) % count;
    const cidr = cidrFormat((p.network + i * size) >>> 0, pool.blockSize);
    if (taken.has(cidr)) continue;
    apiCreate(world.state, {
      apiVersion: CRD,
      kind: 'IPAMBlock',
      metadata: { name: blockObjectName(cidr) },
      spec: {
        affinity: `host:${node}`,
        allocations: new Array(size).fill(null),
        attributes: [],
        cidr,
        deleted: false,
        sequenceNumber: 0,
        sequenceNumberForAllocation: {},
        strictAffinity: false,
        unallocated: Array.from({ length: size }, (_, k) => k),
      },
    });
    apiCreate(world.state, {
      apiVersion: CRD,
      kind: 'BlockAffinity',
      metadata: { name: `${node}-${blockObjectName(cidr)}` },
      spec: { cidr, deleted: 'false', node, state: 'confirmed' },
    });
    return cidr;
  }
  return null;
}

function blockAllocate(world: World, cidr: string, handle: string, attrs: IpamAttrs): string | null {
  const block = storeGet(world.state.api, 'IPAMBlock', undefined, blockObjectName(cidr));
  if (!block || block.spec.unallocated.length === 0) return null;
  const ordinal: number = block.spec.unallocated.shift();
  const secondary: Record<string, string> = { node: attrs.node, timestamp: goTime(world) };
  if (attrs.namespace) secondary.namespace = attrs.namespace;
  if (attrs.pod) secondary.pod = attrs.pod;
  if (attrs.type) secondary.type = attrs.type;
  block.spec.attributes.push({ handle_id: handle, secondary });
  block.spec.allocations[ordinal] = block.spec.attributes.length - 1;
  block.spec.sequenceNumber++;
  storePut(world.state.api, block);
  const h = storeGet(world.state.api, 'IPAMHandle', undefined, handle.toLowerCase());
  if (h) {
    h.spec.block[cidr] = (h.spec.block[cidr] ?? 0) + 1;
    storePut(world.state.api, h);
  } else {
    apiCreate(world.state, { apiVersion: CRD, kind: 'IPAMHandle', metadata: { name: handle.toLowerCase() }, spec: { block: { [cidr]: 1 }, deleted: false, handleID: handle } });
  }
  return cidrAddress(cidr, ordinal);
}

/** Release every address of a handle (CNI DEL, tunnel address removal). Freed ordinals go last. */
export function ipamReleaseHandle(world: World, handle: string): string[] {
  const released: string[] = [];
  for (const block of ipamBlocks(world)) {
    const attrsIdx = block.spec.attributes.findIndex((a: { handle_id: string }) => a.handle_id === handle);
    if (attrsIdx < 0) continue;
    block.spec.allocations.forEach((a: number | null, ordinal: number) => {
      if (a !== null && block.spec.attributes[a]?.handle_id === handle) {
        block.spec.allocations[ordinal] = null;
        block.spec.unallocated.push(ordinal);
        released.push(cidrAddress(block.spec.cidr, ordinal));
      }
    });
    compactAttributes(block);
    block.spec.sequenceNumber++;
    storeBlockAfterRelease(world, block);
  }
  storeDelete(world.state.api, 'IPAMHandle', undefined, handle.toLowerCase());
  return released;
}

/** libcalico-go's releaseIPs: a block left empty with no affinity is deleted, any other is updated. */
function storeBlockAfterRelease(world: World, block: KObj): void {
  if (!block.spec.affinity && blockInUse(block) === 0) storeDelete(world.state.api, 'IPAMBlock', undefined, block.metadata.name);
  else storePut(world.state.api, block);
}

/**
 * ReleasePoolAffinities, the step of libcalico-go's IPPool Delete between disabling the pool and
 * deleting it: every block of the pool loses its node's BlockAffinity; an empty block is deleted
 * with it, a block still holding addresses stays without an affinity (its pods keep their
 * addresses; the block goes when the last of them is released).
 */
export function ipamReleasePoolAffinities(world: World, poolCidr: string): void {
  for (const block of ipamBlocks(world)) {
    const affinity: string = block.spec.affinity ?? '';
    if (!affinity.startsWith('host:') || !cidrContains(poolCidr, block.spec.cidr.split('/')[0])) continue;
    if (blockInUse(block) === 0) storeDelete(world.state.api, 'IPAMBlock', undefined, block.metadata.name);
    else {
      delete block.spec.affinity;
      storePut(world.state.api, block);
    }
    storeDelete(world.state.api, 'BlockAffinity', undefined, `${affinity.slice(5)}-${block.metadata.name}`);
  }
}

/** Drop attribute entries no allocation points at, renumbering the allocations. */
function compactAttributes(block: KObj): void {
  const used = new Map<number, number>();
  const attrs: unknown[] = [];
  block.spec.allocations = block.spec.allocations.map((a: number | null) => {
    if (a === null) return null;
    if (!used.has(a)) {
      used.set(a, attrs.length);
      attrs.push(block.spec.attributes[a]);
    }
    return used.get(a)!;
  });
  block.spec.attributes = attrs;
}

/** Who holds an address, if anyone: its handle and attributes. */
export function ipamLookup(world: World, ip: string): { handle: string; attrs: Record<string, string>; block: string } | null {
  for (const block of ipamBlocks(world)) {
    if (!cidrContains(block.spec.cidr, ip)) continue;
    const ordinal = ipv4ToInt(ip) - ipv4ToInt(block.spec.cidr.split('/')[0]);
    const a = block.spec.allocations[ordinal];
    if (a === null || a === undefined) return null;
    const attr = block.spec.attributes[a];
    return { handle: attr.handle_id, attrs: attr.secondary, block: block.spec.cidr };
  }
  return null;
}

export function blockInUse(block: KObj): number {
  return block.spec.allocations.filter((a: number | null) => a !== null).length;
}

export function blockCapacity(block: KObj): number {
  return cidrSize(block.spec.cidr);
}

/** Go's time.Time.String() in UTC, which Calico stores as the allocation timestamp. */
function goTime(world: World): string {
  const d = new Date(world.state.clock.epoch + world.now);
  const iso = d.toISOString();
  const nanos = String(d.getUTCMilliseconds()).padStart(3, '0') + String((world.now * 7919) % 1_000_000).padStart(6, '0');
  // Joined: a template literal's result stays in pieces, and every allocation keeps one.
  return [iso.slice(0, 10), ' ', iso.slice(11, 19), '.', nanos, ' +0000 UTC'].join('');
}

/** `calicoctl ipam release --ip`: free one address whatever its handle. False if not allocated. */
export function ipamReleaseIp(world: World, ip: string): boolean {
  for (const block of ipamBlocks(world)) {
    if (!cidrContains(block.spec.cidr, ip)) continue;
    const ordinal = ipv4ToInt(ip) - ipv4ToInt(block.spec.cidr.split('/')[0]);
    const a = block.spec.allocations[ordinal];
    if (a === null || a === undefined) return false;
    const handle: string = block.spec.attributes[a]?.handle_id;
    block.spec.allocations[ordinal] = null;
    block.spec.unallocated.push(ordinal);
    compactAttributes(block);
    block.spec.sequenceNumber++;
    storeBlockAfterRelease(world, block);
    const h = handle ? storeGet(world.state.api, 'IPAMHandle', undefined, handle.toLowerCase()) : undefined;
    if (h) {
      const left = (h.spec.block[block.spec.cidr] ?? 1) - 1;
      if (left > 0) h.spec.block[block.spec.cidr] = left;
      else delete h.spec.block[block.spec.cidr];
      if (Object.keys(h.spec.block).length === 0) storeDelete(world.state.api, 'IPAMHandle', undefined, h.metadata.name);
      else storePut(world.state.api, h);
    }
    return true;
  }
  return false;
}

/**
 * Addresses this node uses from blocks affine to another node (or to none): borrowed when its
 * own blocks were full and StrictAffinity is false. BIRD exports each as a /32.
 */
export function ipamBorrowedOnNode(world: World, node: string): string[] {
  const out: string[] = [];
  for (const block of ipamBlocks(world)) {
    if (block.spec.affinity === `host:${node}`) continue;
    block.spec.allocations.forEach((a: number | null, ordinal: number) => {
      if (a !== null && block.spec.attributes[a]?.secondary?.node === node) out.push(cidrAddress(block.spec.cidr, ordinal));
    });
  }
  return out.sort((a, b) => ipv4ToInt(a) - ipv4ToInt(b));
}
