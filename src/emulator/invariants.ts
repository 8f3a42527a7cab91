/**
 * Consistency rules the world must keep whatever the student types; the fuzz tests check them
 * after every batch of commands. Each broken rule is returned as a sentence.
 */
import type { World } from './world';
import { storeList } from './k8s/objects';
import { ipamLookup } from './calico/ipam';

export function worldInvariants(world: World): string[] {
  const problems: string[] = [];
  // IPAM: no address handed out twice, and every pod address is allocated to that pod.
  const seen = new Map<string, string>();
  for (const block of storeList(world.state.api, 'IPAMBlock')) {
    const allocations: (number | null)[] = block.spec.allocations;
    const free = new Set<number>(block.spec.unallocated);
    allocations.forEach((a, ordinal) => {
      if (a !== null && free.has(ordinal)) problems.push(`block ${block.spec.cidr}: ordinal ${ordinal} is both allocated and free`);
      if (a === null && !free.has(ordinal)) problems.push(`block ${block.spec.cidr}: ordinal ${ordinal} is neither allocated nor free`);
    });
    const key = block.spec.cidr as string;
    if (seen.has(key)) problems.push(`block ${key} exists twice`);
    seen.set(key, block.metadata.name);
  }
  for (const node of world.state.nodes) {
    for (const [key, net] of Object.entries(node.pods)) {
      if (!node.links.some((l) => l.name === net.hostVeth)) problems.push(`${node.name}: pod ${key} has no veth ${net.hostVeth}`);
      const owner = ipamLookup(world, net.ip);
      if (!owner) problems.push(`${node.name}: pod ${key} uses ${net.ip}, which IPAM has not allocated`);
      else if (owner.handle !== net.handle) problems.push(`${node.name}: ${net.ip} of pod ${key} is allocated to ${owner.handle}`);
    }
    // Every link-scoped pod route points at an existing veth.
    for (const r of node.routes) {
      if (r.dev && !node.links.some((l) => l.name === r.dev)) problems.push(`${node.name}: route ${r.dst} uses missing device ${r.dev}`);
    }
  }
  // A pod that the API says has an address on a node has its network there.
  for (const pod of storeList(world.state.api, 'Pod')) {
    if (pod.spec.hostNetwork || !pod.status?.podIP || !pod.spec.nodeName) continue;
    const node = world.node(pod.spec.nodeName);
    if (node && !node.pods[`${pod.metadata.namespace}/${pod.metadata.name}`]) problems.push(`pod ${pod.metadata.namespace}/${pod.metadata.name} has IP ${pod.status.podIP} but no network on ${node.name}`);
  }
  return problems;
}
