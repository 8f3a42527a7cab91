/**
 * kubelet.service stopped and started by systemctl on a node. A stopped kubelet leaves the pods'
 * containers running (containerd owns them) but stops renewing its Lease and posting status: the
 * node lifecycle controller notices after the node monitor grace period (40 s in 1.28) and marks
 * the node's conditions Unknown ("Kubelet stopped posting node status."). A started kubelet posts
 * Ready again within seconds. Five minutes after the node is marked, the taint manager evicts its
 * pods (k8s/taint-eviction.ts). Powering a node off stops its kubelet the same way.
 */
import type { World } from '../world';
import type { NodeState } from '../state';
import { NODE_MONITOR_GRACE_MS, kubeletConnected, nodeNetworkReady } from '../k8s/node-status';
import { kubeletSync } from '../k8s/kubelet';

/** From `systemctl start kubelet` to its first node status (registration, runtime check): a guess. */
const FIRST_STATUS_MS = 2_000;

export function kubeletRunning(node: NodeState): boolean {
  return node.power === 'on' && node.kubeletStoppedAt === undefined;
}

export function kubeletStop(world: World, node: NodeState): void {
  if (node.kubeletStoppedAt !== undefined) return;
  node.kubeletStoppedAt = world.now;
  world.schedule(NODE_MONITOR_GRACE_MS, 'kubelet.status', { node: node.name, stoppedAt: world.now });
}

export function kubeletStart(world: World, node: NodeState): void {
  if (node.kubeletStoppedAt === undefined) return;
  node.kubeletLastStopAt = node.kubeletStoppedAt;
  delete node.kubeletStoppedAt;
  node.kubeletRestartedAt = world.now;
  world.schedule(FIRST_STATUS_MS, 'kubelet.status', { node: node.name });
}

export const kubeletServiceHandlers = {
  /** The controller's verdict after the grace period, or the restarted kubelet's first status. */
  'kubelet.status': (world: World, data: Record<string, unknown>) => {
    const node = world.node(data.node as string);
    if (!node) return;
    // A stop that a start has since undone (or a later stop) is not this event's business, nor a
    // cut-off (eth0 down) that has since healed.
    if (data.stoppedAt !== undefined && node.kubeletStoppedAt !== data.stoppedAt) return;
    if (data.cutOffAt !== undefined && node.kubeletCutOffAt !== data.cutOffAt) return;
    nodeNetworkReady(world, node);
    if (kubeletConnected(node)) kubeletSync(world, node);
  },
};
