/**
 * The Calico CNI plugin (`type: calico`, `ipam: calico-ipam`): on ADD it asks IPAM for an address,
 * creates the veth pair (host side `caliXXXXXXXXXXX`, MAC ee:ee:ee:ee:ee:ee) and the /32 route.
 */
import { podsWritten } from '../net/route-writes';
import type { World } from '../world';
import type { NodeState, PodNet } from '../state';
import type { KObj } from '../k8s/objects';
import { storeGet, storePut } from '../k8s/objects';
import { nodeHasCniConfig } from '../k8s/node-status';
import { rngHex, rngUuid } from '../random';
import { ipamAutoAssign, ipamReleaseHandle } from './ipam';
import { poolsAll } from './pools';
import type { PoolView } from './pools';
import { cidrParse, cidrFormat } from '../net/ip';
import { vethNameForPod } from './names';
import { felixVethMtu } from './felix';

export type CniResult = { ok: true; ip: string } | { ok: false; error: string };

export function cniAdd(world: World, node: NodeState, pod: KObj): CniResult {
  if (!nodeHasCniConfig(node)) {
    return { ok: false, error: 'no network config found in /etc/cni/net.d: cni plugin not initialized' };
  }
  if (!node.fs['/var/lib/calico/nodename']) {
    return { ok: false, error: 'plugin type="calico" failed (add): stat /var/lib/calico/nodename: no such file or directory: check that the calico/node container is running and has mounted /var/lib/calico/' };
  }
  const ns = pod.metadata.namespace!;
  const name = pod.metadata.name;
  const containerId = rngHex(world.state.rng, 64);
  const handle = `k8s-pod-network.${containerId}`;
  const requested = requestedPools(world, pod);
  if (!requested.ok) return { ok: false, error: `plugin type="calico" failed (add): ${requested.error}` };
  const r = requested.cidrs
    ? ipamAutoAssign(world, handle, { node: node.name, namespace: ns, pod: name }, 'Workload', (p) => requested.cidrs!.includes(p.cidr))
    : ipamAutoAssign(world, handle, { node: node.name, namespace: ns, pod: name }, 'Workload');
  if (!r.ok && requested.cidrs && r.error.startsWith('no configured Calico pools')) {
    // IPAM's answer when a requested pool is missing or disabled (libcalico-go determinePools).
    const enabled = (p: PoolView) => !p.disabled && p.allowedUses.includes('Workload');
    const bad = requested.cidrs.find((c) => !poolsAll(world).some((p) => p.cidr === c && enabled(p))) ?? requested.cidrs[0];
    return { ok: false, error: `plugin type="calico" failed (add): the given pool (${bad}) does not exist, or is not enabled` };
  }
  if (!r.ok) return { ok: false, error: `plugin type="calico" failed (add): ${r.error}` };
  const hostVeth = vethNameForPod(ns, name);
  const hostIfindex = node.nextIfindex++;
  const net: PodNet = {
    namespace: ns,
    pod: name,
    ip: r.ip,
    hostVeth,
    hostIfindex,
    podMac: randomLocalMac(world),
    netnsName: `cni-${rngUuid(world.state.rng)}`,
    handle,
  };
  node.pods[`${ns}/${name}`] = net;
  podsWritten(node);
  node.links.push({
    index: hostIfindex,
    name: hostVeth,
    kind: 'veth',
    mac: 'ee:ee:ee:ee:ee:ee',
    mtu: felixVethMtu(world),
    up: true,
    qdisc: 'noqueue',
    addrs: [],
    peer: { ifindex: 3, netns: net.netnsName },
  });
  pod.metadata.annotations = {
    ...(pod.metadata.annotations ?? {}),
    'cni.projectcalico.org/containerID': containerId,
    'cni.projectcalico.org/podIP': `${r.ip}/32`,
    'cni.projectcalico.org/podIPs': `${r.ip}/32`,
  };
  storePut(world.state.api, pod);
  return { ok: true, ip: r.ip };
}

const POOLS_ANNOTATION = 'cni.projectcalico.org/ipv4pools';

/**
 * The pools a pod asks for: its own `cni.projectcalico.org/ipv4pools` annotation, else its
 * namespace's (the pod's wins, as in the plugin's k8s.go); a JSON list of pool names or CIDRs,
 * resolved like utils.ResolvePools. `cidrs` undefined means any enabled pool.
 */
function requestedPools(world: World, pod: KObj): { ok: true; cidrs?: string[] } | { ok: false; error: string } {
  const nsObj = storeGet(world.state.api, 'Namespace', undefined, pod.metadata.namespace!);
  const raw: string | undefined = pod.metadata.annotations?.[POOLS_ANNOTATION] ?? nsObj?.metadata.annotations?.[POOLS_ANNOTATION];
  if (raw === undefined) return { ok: true };
  let names: unknown;
  try {
    names = JSON.parse(raw);
  } catch (e) {
    return { ok: false, error: `failed to parse '${raw}' as JSON: ${(e as Error).message}` };
  }
  if (!Array.isArray(names) || names.some((n) => typeof n !== 'string')) {
    const bad = Array.isArray(names) ? names.find((n) => typeof n !== 'string') : names;
    const goType = bad === null ? 'null' : Array.isArray(bad) ? 'array' : typeof bad === 'object' ? 'object' : typeof bad;
    const into = Array.isArray(names) ? 'string' : '[]string';
    return { ok: false, error: `failed to parse '${raw}' as JSON: json: cannot unmarshal ${goType} into Go value of type ${into}` };
  }
  const cidrs: string[] = [];
  for (const n of names as string[]) {
    const asCidr = cidrParse(n);
    const cidr = asCidr ? cidrFormat(asCidr.network, asCidr.prefix) : poolsAll(world).find((p) => p.name === n)?.cidr;
    if (!cidr) return { ok: false, error: `error parsing pool "${n}": invalid CIDR address: ${n}` };
    cidrs.push(cidr);
  }
  return { ok: true, cidrs };
}

export function cniDel(world: World, node: NodeState, pod: KObj): void {
  const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
  const net = node.pods[key];
  if (!net) return;
  ipamReleaseHandle(world, net.handle);
  node.links = node.links.filter((l) => l.name !== net.hostVeth);
  node.routes = node.routes.filter((r) => r.dev !== net.hostVeth);
  delete node.pods[key];
  podsWritten(node);
}

/** A random locally administered unicast MAC, as the kernel gives a new veth. */
function randomLocalMac(world: World): string {
  const hex = rngHex(world.state.rng, 12);
  const first = ((parseInt(hex.slice(0, 2), 16) & 0xfe) | 0x02).toString(16).padStart(2, '0');
  return [first, ...hex.slice(2).match(/../g)!].join(':');
}
