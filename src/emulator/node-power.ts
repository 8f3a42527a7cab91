/**
 * Powering a node off and on, as a VM's console would: a clean `poweroff` stops the services first
 * (BIRD gets SIGTERM and sends its peers a Cease), a forced one (`poweroff -f`, `virsh destroy`)
 * just cuts the power and the peers find out from their hold timers. Booting brings the kernel
 * back with only its boot-time routes; the kubelet then starts every pod bound to the node again.
 */
import type { World } from './world';
import type { NodeState } from './state';
import { calicoNodeStop } from './calico/calico-node';
import { cniDel } from './calico/cni';
import { storeList, storePut } from './k8s/objects';
import { kubeletStop } from './system/kubelet-service';

/** Seconds from power-on until the kubelet runs (BIOS, kernel, systemd). */
export const BOOT_MS = 40_000;

export const nodePowerHandlers = {
  'node.boot': (world: World, d: Record<string, unknown>) => {
    const node = world.node(d.node as string);
    if (node && node.power === 'off') nodeBooted(world, node);
  },
};

export function nodePowerOff(world: World, node: NodeState, graceful: boolean): void {
  if (node.power === 'off') return;
  calicoNodeStop(world, node, graceful);
  // The kubelet goes with the rest: its Lease stops, and 40 s later the controller notices.
  kubeletStop(world, node);
  node.power = 'off';
  node.bird = null;
  node.calico = null;
}

/** Press the power button: the node is back after BOOT_MS. Returns false when it is on or booting. */
export function nodePowerOn(world: World, node: NodeState): boolean {
  if (node.power !== 'off' || nodeBooting(world, node)) return false;
  world.schedule(BOOT_MS, 'node.boot', { node: node.name });
  return true;
}

export function nodeBooting(world: World, node: NodeState): boolean {
  return world.state.clock.events.some((e) => e.type === 'node.boot' && e.data.node === node.name);
}

function nodeBooted(world: World, node: NodeState): void {
  // What did not survive: pod sandboxes (their veths and IPs), Calico's tunnel devices, routes.
  for (const pod of storeList(world.state.api, 'Pod')) {
    if (pod.spec?.nodeName !== node.name) continue;
    cniDel(world, node, pod);
    pod.status = { phase: 'Pending', qosClass: pod.status?.qosClass, conditions: [] };
    storePut(world.state.api, pod);
  }
  node.pods = {};
  node.links = node.links.filter((l) => l.kind === 'loopback' || l.kind === 'ether');
  for (const l of node.links) l.up = true;
  node.routes = [
    { type: 'unicast', dst: '0.0.0.0/0', via: node.gateway, dev: 'eth0', proto: 'static', scope: 'global' },
    { type: 'unicast', dst: `${cidrNetwork(node.ip, node.prefix)}/${node.prefix}`, dev: 'eth0', proto: 'kernel', scope: 'link', src: node.ip },
  ];
  node.power = 'on';
  node.bootedAt = world.now - BOOT_MS;
  // sysctl -w lasts until the reboot (kubeadm's /etc/sysctl.d/k8s.conf sets ip_forward=1 again).
  delete node.sysctlWritten;
  delete node.kubeletStoppedAt;
  delete node.kubeletRestartedAt;
  delete node.kubeletLastStopAt;
  delete node.kubeletCutOffAt;
}

function cidrNetwork(ip: string, prefix: number): string {
  const n = ip.split('.').reduce((a, o) => (a << 8) + Number(o), 0) >>> 0;
  const masked = prefix === 0 ? 0 : (n & (~0 << (32 - prefix))) >>> 0;
  return [24, 16, 8, 0].map((s) => (masked >>> s) & 255).join('.');
}
