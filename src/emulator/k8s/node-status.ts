/**
 * The kubelet's node status: Ready once a CNI network config exists in /etc/cni/net.d (Calico's
 * install-cni writes it), and the not-ready taint removed with it, as the node lifecycle controller does.
 * A kubelet that stops posting (stopped, powered off, or cut off from the API server) leaves the
 * status as it was until the node monitor grace period has passed; then the controller marks the
 * conditions Unknown. The NoExecute taints and what they do to pods are in taint-eviction.ts.
 */
import type { World } from '../world';
import type { NodeState } from '../state';
import { storeGet, storeList, storePut } from './objects';
import { fsList } from '../fs';
import { recordEvent } from './events';
import { NOT_READY_TAINT, UNREACHABLE_TAINT } from './tolerations';

/** kube-controller-manager's --node-monitor-grace-period default in 1.28. */
export const NODE_MONITOR_GRACE_MS = 40_000;

/** Since when this node's kubelet has posted nothing: stopped (systemctl, power off) or cut off. */
function kubeletSilentSince(node: NodeState): number | undefined {
  const a = node.kubeletStoppedAt;
  const b = node.kubeletCutOffAt;
  return a === undefined ? b : b === undefined ? a : Math.min(a, b);
}

/** The node whose kube-apiserver the kubelets reach (kubeadm's advertise address). */
function apiServerNode(world: World): NodeState | undefined {
  return world.state.nodes.find((n) => storeGet(world.state.api, 'Pod', 'kube-system', `kube-apiserver-${n.name}`));
}

function eth0Up(node: NodeState): boolean {
  return node.links.find((l) => l.name === 'eth0')?.up ?? true;
}

/**
 * The kubelet talks to the API server over eth0: with its own eth0 down, or the API server's,
 * its Lease and status stop. On the API server's node it talks to a local address, which still
 * answers with eth0 down.
 * The controller notices after the grace period: an event then re-reads the status.
 */
function kubeletReachTrack(world: World, node: NodeState, api: NodeState | undefined): void {
  const cut = node.power === 'on' && node !== api && (!eth0Up(node) || (!!api && api.power === 'on' && !eth0Up(api)));
  if (cut && node.kubeletCutOffAt === undefined) {
    node.kubeletCutOffAt = world.now;
    world.schedule(NODE_MONITOR_GRACE_MS, 'kubelet.status', { node: node.name, cutOffAt: world.now });
  } else if (!cut && node.kubeletCutOffAt !== undefined) delete node.kubeletCutOffAt;
}

/** The kubelet reaches the API server: it sees its pods and posts their status. */
export function kubeletConnected(node: NodeState): boolean {
  return node.power === 'on' && node.kubeletStoppedAt === undefined && node.kubeletCutOffAt === undefined;
}

/** Node status for every node (the controllers' pass): the API server's node is found once. */
export function nodesNetworkReady(world: World, names: Set<string> | null): void {
  const api = apiServerNode(world);
  for (const n of world.state.nodes) {
    if (!names || names.has(n.name)) {
      kubeletReachTrack(world, n, api);
      nodeNetworkReady(world, n);
    }
  }
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
  const silentSince = kubeletSilentSince(node);
  // Nobody posts, and the controller still trusts the last heartbeat.
  if (silentSince !== undefined && world.now - silentSince < NODE_MONITOR_GRACE_MS) return;
  const ready = node.power === 'on' && nodeHasCniConfig(node);
  const created = obj.metadata.creationTimestamp;
  const conditions = obj.status.conditions as { type: string; status: string; lastTransitionTime: string; lastHeartbeatTime: string; reason: string; message: string }[];
  const prev = conditions.find((c) => c.type === 'Ready');
  const status = silentSince !== undefined ? 'Unknown' : ready ? 'True' : 'False';
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
  // The NoSchedule taints follow the Ready condition at once (doNoScheduleTaintingPass); Unknown is
  // "unreachable". The NoExecute ones are the zone's business (taint-eviction.ts).
  const taints = ((obj.spec.taints ?? []) as { key: string; effect: string }[]).filter((t) => t.effect !== 'NoSchedule' || (t.key !== NOT_READY_TAINT && t.key !== UNREACHABLE_TAINT));
  const at = taints.findIndex((t) => t.effect === 'NoExecute' && (t.key === NOT_READY_TAINT || t.key === UNREACHABLE_TAINT));
  const noSchedule = status === 'False' ? [{ key: NOT_READY_TAINT, effect: 'NoSchedule' }] : status === 'Unknown' ? [{ key: UNREACHABLE_TAINT, effect: 'NoSchedule' }] : [];
  taints.splice(at < 0 ? taints.length : at, 0, ...noSchedule);
  obj.spec.taints = taints.length ? taints : undefined;
  if (!obj.spec.taints) delete obj.spec.taints;
  storePut(world.state.api, obj);
  if (status === 'Unknown' && prev?.status === 'True') {
    // RecordNodeStatusChange: the controller saw the node go from Ready to not ready.
    recordEvent(world, obj, 'Normal', 'NodeNotReady', `Node ${node.name} status is now: NodeNotReady`, 'node-controller');
  }
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
    if (lost) recordEvent(world, pod, 'Warning', 'NodeNotReady', 'Node is not ready', 'node-controller');
  }
}

export function nodeIsReady(world: World, name: string): boolean {
  const obj = storeGet(world.state.api, 'Node', undefined, name);
  return !!obj?.status?.conditions?.some((c: { type: string; status: string }) => c.type === 'Ready' && c.status === 'True');
}
