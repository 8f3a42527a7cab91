/**
 * The Calico CNI plugin (`type: calico`, `ipam: calico-ipam`): on ADD it asks IPAM for an address,
 * creates the veth pair (host side `caliXXXXXXXXXXX`, MAC ee:ee:ee:ee:ee:ee) and the /32 route.
 */
import type { World } from '../world';
import type { NodeState, PodNet } from '../state';
import type { KObj } from '../k8s/objects';
import { storePut } from '../k8s/objects';
import { nodeHasCniConfig } from '../k8s/node-status';
import { rngHex, rngUuid } from '../random';
import { ipamAutoAssign, ipamReleaseHandle } from './ipam';
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
  const r = ipamAutoAssign(world, handle, { node: node.name, namespace: ns, pod: name }, 'Workload');
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

export function cniDel(world: World, node: NodeState, pod: KObj): void {
  const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
  const net = node.pods[key];
  if (!net) return;
  ipamReleaseHandle(world, net.handle);
  node.links = node.links.filter((l) => l.name !== net.hostVeth);
  node.routes = node.routes.filter((r) => r.dev !== net.hostVeth);
  delete node.pods[key];
}

/** A random locally administered unicast MAC, as the kernel gives a new veth. */
function randomLocalMac(world: World): string {
  const hex = rngHex(world.state.rng, 12);
  const first = ((parseInt(hex.slice(0, 2), 16) & 0xfe) | 0x02).toString(16).padStart(2, '0');
  return [first, ...hex.slice(2).match(/../g)!].join(':');
}
