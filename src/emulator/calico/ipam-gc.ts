/**
 * calico-kube-controllers' IPAM controller (kube-controllers pkg/controllers/node/ipam.go): it syncs
 * after every batch of block updates it sees, so in the emulator it runs in the controllers' pass,
 * while a calico-kube-controllers pod is Running.
 *
 * - Empty blocks (checkEmptyBlocks): a block affine to a node, with no allocation left, loses its
 *   affinity (ReleaseBlockAffinity, which deletes the empty block) when the node has at least one
 *   other affine block and those other blocks have 3 or more free addresses between them; so a
 *   node always keeps one block, and a node whose other blocks are full keeps the empty one too.
 *   The CNI plugin itself never releases an affine block.
 * - Deleted nodes (checkAllocations, cleanupNode): a node in IPAM that is gone from the Kubernetes
 *   API has its tunnel address and the addresses of pods that no longer exist released, then all
 *   its affinities (ReleaseHostAffinities with requireEmpty: a block that still holds another
 *   node's borrowed address keeps its affinity, and the controller retries). A node whose pods still exist is
 *   left alone ("IPs still in use").
 */
import type { World } from '../world';
import type { KObj } from '../k8s/objects';
import { storeDelete, storeGet, storeList } from '../k8s/objects';
import { blockInUse, ipamBlocks, ipamReleaseIp } from './ipam';
import { cidrAddress } from '../net/ip';

/** Free addresses the other blocks must have before an empty block is given back. */
const MIN_FREE_ELSEWHERE = 3;

export function ipamGarbageCollect(world: World): void {
  const api = world.state.api;
  const running = storeList(api, 'Pod', 'kube-system').some((p) => p.metadata.labels?.['k8s-app'] === 'calico-kube-controllers' && p.status?.phase === 'Running');
  if (!running) return;
  releaseDeletedNodes(world);
  releaseEmptyBlocks(world);
}

function affineNode(b: KObj): string {
  const a: string = b.spec.affinity ?? '';
  return a.startsWith('host:') ? a.slice(5) : '';
}

function releaseEmptyBlocks(world: World): void {
  const blocks = ipamBlocks(world);
  const byNode = new Map<string, KObj[]>();
  for (const b of blocks) {
    const n = affineNode(b);
    if (n) byNode.set(n, [...(byNode.get(n) ?? []), b]);
  }
  for (const [node, mine] of byNode) {
    let left = [...mine];
    for (const b of mine) {
      if (blockInUse(b) > 0 || left.length <= 1) continue;
      const free = left.filter((o) => o !== b).reduce((sum, o) => sum + o.spec.unallocated.length, 0);
      if (free < MIN_FREE_ELSEWHERE) continue;
      releaseAffinity(world, node, b);
      left = left.filter((o) => o !== b);
    }
  }
}

/** ReleaseBlockAffinity with requireEmpty: the affinity and the empty block are deleted together. */
function releaseAffinity(world: World, node: string, b: KObj): void {
  if (blockInUse(b) > 0) return; // "block '<cidr>' is not empty": kube-controllers retries later.
  storeDelete(world.state.api, 'BlockAffinity', undefined, `${node}-${b.metadata.name}`);
  storeDelete(world.state.api, 'IPAMBlock', undefined, b.metadata.name);
}

function releaseDeletedNodes(world: World): void {
  const api = world.state.api;
  const inIpam = new Set<string>();
  for (const b of ipamBlocks(world)) {
    const n = affineNode(b);
    if (n) inIpam.add(n);
    for (const a of b.spec.attributes ?? []) if (a?.secondary?.node) inIpam.add(a.secondary.node);
  }
  for (const node of inIpam) {
    if (storeGet(api, 'Node', undefined, node)) continue;
    // Every allocation of the node must be a leak (its pod gone) or its tunnel address.
    const leaks: string[] = [];
    let inUse = false;
    for (const b of ipamBlocks(world)) {
      b.spec.allocations.forEach((idx: number | null, ordinal: number) => {
        if (idx === null) return;
        const sec = b.spec.attributes[idx]?.secondary ?? {};
        if (sec.node !== node) return;
        const tunnel = typeof sec.type === 'string' && sec.type.endsWith('TunnelAddress');
        if (!tunnel && sec.namespace && sec.pod && storeGet(api, 'Pod', sec.namespace, sec.pod)) inUse = true;
        else leaks.push(cidrAddress(b.spec.cidr, ordinal));
      });
    }
    if (inUse) continue;
    for (const ip of leaks) ipamReleaseIp(world, ip);
    for (const b of ipamBlocks(world)) if (affineNode(b) === node) releaseAffinity(world, node, b);
  }
}
