/**
 * The kubelet's node status: Ready once a CNI network config exists in /etc/cni/net.d (Calico's
 * install-cni writes it), and the not-ready taint removed with it, as the node lifecycle controller does.
 */
import type { World } from '../world';
import type { NodeState } from '../state';
import { storeGet, storeList, storePut } from './objects';
import { fsList } from '../fs';

const NOT_READY_TAINT = 'node.kubernetes.io/not-ready';
const UNREACHABLE_TAINT = 'node.kubernetes.io/unreachable';
/** kube-controller-manager's --node-monitor-grace-period default in 1.28. */
export const NODE_MONITOR_GRACE_MS = 40_000;

/** The kubelet was stopped (systemctl) long enough ago that the node lifecycle controller gave up on it. */
function kubeletSilent(world: World, node: NodeState): boolean {
  return node.kubeletStoppedAt !== undefined && world.now - node.kubeletStoppedAt >= NODE_MONITOR_GRACE_MS;
}

export function nodeHasCniConfig(node: NodeState): boolean {
  // The usual answer without listing the whole filesystem: Calico's own file.
  if (node.fs['/etc/cni/net.d/10-calico.conflist']?.type === 'file') return true;
  const files = fsList(node.fs, '/etc/cni/net.d');
  return Array.isArray(files) && files.some((f) => f.endsWith('.conflist') || f.endsWith('.conf'));
}

export function nodeNetworkReady(world: World, node: NodeState): void {
  const obj = storeGet(world.state.api, 'Node', undefined, node.name);
  if (!obj) return;
  const ready = node.power === 'on' && nodeHasCniConfig(node);
  const created = obj.metadata.creationTimestamp;
  const conditions = obj.status.conditions as { type: string; status: string; lastTransitionTime: string; lastHeartbeatTime: string; reason: string; message: string }[];
  const prev = conditions.find((c) => c.type === 'Ready');
  const status = node.power === 'off' || kubeletSilent(world, node) ? 'Unknown' : ready ? 'True' : 'False';
  if (prev && prev.status === status) return;
  const now = world.timestamp();
  const since = prev ? now : created;
  // The controller's tryUpdateNodeHealth: every kubelet condition goes Unknown, heartbeats kept.
  const silent = (c: { type: string; lastHeartbeatTime: string } | undefined, type: string) => ({ type, status: 'Unknown', lastHeartbeatTime: c?.lastHeartbeatTime ?? now, lastTransitionTime: now, reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' });
  const base = (type: string, reason: string, message: string) =>
    status === 'Unknown' ? silent(conditions.find((c) => c.type === type), type) : { type, status: 'False', lastHeartbeatTime: now, lastTransitionTime: prev?.status === 'Unknown' ? now : created, reason, message };
  const keep = conditions.filter((c) => c.type === 'NetworkUnavailable');
  obj.status.conditions = [
    ...keep,
    base('MemoryPressure', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
    base('DiskPressure', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
    base('PIDPressure', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
    status === 'True'
      ? { type: 'Ready', status, lastHeartbeatTime: now, lastTransitionTime: since, reason: 'KubeletReady', message: 'kubelet is posting ready status. AppArmor enabled' }
      : status === 'Unknown'
        ? silent(prev, 'Ready')
        : { type: 'Ready', status, lastHeartbeatTime: now, lastTransitionTime: since, reason: 'KubeletNotReady', message: 'container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized' },
  ];
  const taints = ((obj.spec.taints ?? []) as { key: string; effect: string }[]).filter((t) => t.key !== NOT_READY_TAINT && t.key !== UNREACHABLE_TAINT);
  // Ready Unknown is "unreachable" (NoSchedule, and NoExecute for the taint eviction manager).
  if (status === 'False') taints.push({ key: NOT_READY_TAINT, effect: 'NoSchedule' });
  if (status === 'Unknown') taints.push({ key: UNREACHABLE_TAINT, effect: 'NoSchedule' }, { key: UNREACHABLE_TAINT, effect: 'NoExecute', timeAdded: now } as { key: string; effect: string });
  obj.spec.taints = taints.length ? taints : undefined;
  if (!obj.spec.taints) delete obj.spec.taints;
  storePut(world.state.api, obj);
  if (status === 'Unknown' || prev?.status === 'Unknown') podsReadyFollowNode(world, node.name, status === 'Unknown', now);
}

/**
 * The controller's MarkPodsNotReady: a node gone Unknown takes its pods' Ready condition to False
 * (Endpoints list them as not ready; their containers, and kubectl's READY column, are unchanged);
 * the kubelet's status manager sets it from its containers again once it posts.
 */
function podsReadyFollowNode(world: World, nodeName: string, lost: boolean, now: string): void {
  for (const pod of storeList(world.state.api, 'Pod')) {
    if (pod.spec?.nodeName !== nodeName) continue;
    const ready = (pod.status?.conditions ?? []).find((c: { type: string }) => c.type === 'Ready') as { status: string; lastTransitionTime: string } | undefined;
    if (!ready) continue;
    const containers = (pod.status.containerStatuses ?? []) as { ready?: boolean }[];
    const want = !lost && containers.length > 0 && containers.every((c) => c.ready) ? 'True' : 'False';
    if (ready.status === want) continue;
    Object.assign(ready, { status: want, lastTransitionTime: now });
    storePut(world.state.api, pod);
  }
}

export function nodeIsReady(world: World, name: string): boolean {
  const obj = storeGet(world.state.api, 'Node', undefined, name);
  return !!obj?.status?.conditions?.some((c: { type: string; status: string }) => c.type === 'Ready' && c.status === 'True');
}
