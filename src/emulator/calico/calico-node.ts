/**
 * calico-node's start-up, as node/pkg/lifecycle/startup does it: record the node's BGP address,
 * create the default IP pool on first start (from the env vars of the DaemonSet), claim a tunnel
 * address, then start Felix and (with the bird backend) BIRD.
 */
import type { World } from '../world';
import type { NodeState } from '../state';
import type { KObj } from '../k8s/objects';
import { storeGet, storeList, storePut } from '../k8s/objects';
import { apiCreate } from '../k8s/factory';
import { cidrIsStrict, cidrNormalise, cidrParse } from '../net/ip';
import { encapModeFromEnv } from './pools';
import { clientv3Metadata } from './resources';
import { ipamAutoAssign, ipamReleaseHandle } from './ipam';
import { birdReadiness, birdStart, birdStop } from './bird';
import { rngUuid } from '../random';
import { autodetectIpv4 } from './autodetect';
import { calicoEtcdReachable } from './datastore-etcd';
import { procSysWrite } from '../system/procfs';

const CRD = 'crd.projectcalico.org/v1';

export const calicoNodeHandlers = {};

export function isCalicoNodePod(pod: KObj): boolean {
  return pod.metadata.labels?.['k8s-app'] === 'calico-node';
}

/** The container's environment with configMapKeyRef and fieldRef resolved, as the kubelet does. */
export function podEnv(world: World, pod: KObj, container = 0): Record<string, string> {
  const env: Record<string, string> = {};
  for (const e of pod.spec.containers[container]?.env ?? []) {
    if (typeof e.value === 'string') env[e.name] = e.value;
    else if (e.value !== undefined && e.value !== null) env[e.name] = String(e.value);
    else if (e.valueFrom?.configMapKeyRef) {
      const ref = e.valueFrom.configMapKeyRef;
      const cm = storeGet(world.state.api, 'ConfigMap', pod.metadata.namespace, ref.name);
      const v = cm?.data?.[ref.key];
      if (v !== undefined) env[e.name] = v;
    } else if (e.valueFrom?.fieldRef?.fieldPath === 'spec.nodeName') env[e.name] = pod.spec.nodeName;
  }
  return env;
}

/**
 * The calico-node container started. Returns the fatal start-up error when calico-node exits
 * (the kubelet then restarts it with back-off: CrashLoopBackOff), null when it runs.
 */
export function calicoNodeContainerStarted(world: World, node: NodeState, pod: KObj): string | null {
  const env = podEnv(world, pod);
  const backend = (env.CALICO_NETWORKING_BACKEND ?? 'bird') as 'bird' | 'vxlan' | 'none';
  node.fs['/var/lib/calico'] ??= { type: 'dir', content: '', mode: 0o755, mtime: world.now };
  node.fs['/var/lib/calico/nodename'] = { type: 'file', content: node.name, mode: 0o644, mtime: world.now };
  // etcd mode: the first datastore read (its own Node) times out when etcd_endpoints reaches no etcd.
  if (env.ETCD_ENDPOINTS !== undefined && !calicoEtcdReachable(world, node)) return 'Unable to query node configuration error=context deadline exceeded';
  const detected = autodetectIpv4(node, env);
  if (!detected.ok) return detected.error;
  const bgpIp = detected.ip;
  annotateNode(world, node.name, { 'projectcalico.org/IPv4Address': `${bgpIp}/${detected.prefix}` });
  setNetworkUnavailable(world, node.name);
  ensureClusterObjects(world, env);
  if (!ensureDefaultPool(world, env)) return `Unrecognized encapsulation or pool settings in the calico-node environment`;
  assignTunnelAddress(world, node);
  node.calico = { startedAt: world.now, bgpIp, backend };
  // Felix's configureKernel (IPForwarding Enabled, the default): ip_forward=1 at its start of day only.
  if (Object.keys(node.sysctlWritten ?? {}).some((k) => k === 'net.ipv4.ip_forward' || k.endsWith('.forwarding'))) procSysWrite(node, 'net.ipv4.ip_forward', '1');
  if (backend === 'bird') birdStart(world, node);
  return null;
}

/** calico-node stops: on SIGTERM (`graceful`) BIRD tells its peers; a power cut tells nobody. */
export function calicoNodeStop(world: World, node: NodeState, graceful = true): void {
  if (!node.calico) return;
  node.calico = null;
  birdStop(world, node, graceful);
}

/** calico-node -felix-ready -bird-ready: Felix is up and every BGP session is Established. */
export function calicoNodeReadiness(world: World, node: NodeState): boolean {
  if (!node.calico) return false;
  return node.calico.backend !== 'bird' || birdReadiness(node);
}

function annotateNode(world: World, name: string, annotations: Record<string, string>): void {
  const obj = storeGet(world.state.api, 'Node', undefined, name);
  if (!obj) return;
  obj.metadata.annotations = { ...(obj.metadata.annotations ?? {}), ...annotations };
  storePut(world.state.api, obj);
}

function setNetworkUnavailable(world: World, name: string): void {
  const obj = storeGet(world.state.api, 'Node', undefined, name);
  if (!obj) return;
  const conds = obj.status.conditions.filter((c: { type: string }) => c.type !== 'NetworkUnavailable');
  conds.unshift({ type: 'NetworkUnavailable', status: 'False', lastHeartbeatTime: world.timestamp(), lastTransitionTime: world.timestamp(), reason: 'CalicoIsUp', message: 'Calico is running on this node' });
  obj.status.conditions = conds;
  storePut(world.state.api, obj);
}

/** ClusterInformation and the default FelixConfiguration, written once by the first calico-node. */
function ensureClusterObjects(world: World, env: Record<string, string>): void {
  const api = world.state.api;
  if (!storeGet(api, 'ClusterInformation', undefined, 'default')) {
    const kubeadm = storeGet(api, 'ConfigMap', 'kube-system', 'kubeadm-config') ? ',kubeadm' : '';
    apiCreate(world.state, {
      apiVersion: CRD,
      kind: 'ClusterInformation',
      metadata: { name: 'default', ...clientv3Metadata(world.state, 'ClusterInformation', 'default') },
      spec: { calicoVersion: world.state.calicoVersion, clusterGUID: rngUuid(world.state.rng).replace(/-/g, ''), clusterType: `${env.CLUSTER_TYPE ?? 'k8s,bgp'}${kubeadm}${env.DATASTORE_TYPE === 'kubernetes' ? ',kdd' : ''}`, datastoreReady: true },
    });
  }
  if (!storeGet(api, 'FelixConfiguration', undefined, 'default')) {
    apiCreate(world.state, { apiVersion: CRD, kind: 'FelixConfiguration', metadata: { name: 'default', ...clientv3Metadata(world.state, 'FelixConfiguration', 'default') }, spec: { bpfLogLevel: '', floatingIPs: 'Disabled', logSeverityScreen: 'Info', reportingInterval: '0s' } });
  }
}

/**
 * The default pool, only when no pool exists: CALICO_IPV4POOL_CIDR, else kubeadm's podSubnet,
 * else 192.168.0.0/16. Returns false when the env is fatal (calico-node exits, as the real one does).
 */
function ensureDefaultPool(world: World, env: Record<string, string>): boolean {
  const api = world.state.api;
  if (storeList(api, 'IPPool').length > 0 || env.NO_DEFAULT_POOLS === 'true') return true;
  let cidr = env.CALICO_IPV4POOL_CIDR;
  if (!cidr) cidr = kubeadmPodSubnet(world) ?? '192.168.0.0/16';
  if (cidr === 'none') return true;
  const ipip = encapModeFromEnv(env.CALICO_IPV4POOL_IPIP);
  const vxlan = encapModeFromEnv(env.CALICO_IPV4POOL_VXLAN);
  const blockSize = Number(env.CALICO_IPV4POOL_BLOCK_SIZE ?? 26);
  if (!cidrParse(cidr) || ipip === null || vxlan === null || !Number.isInteger(blockSize) || blockSize < 20 || blockSize > 32) return false;
  const normal = cidrNormalise(cidr)!;
  if (!cidrIsStrict(cidr) && normal !== cidr) cidr = normal;
  apiCreate(world.state, {
    apiVersion: CRD,
    kind: 'IPPool',
    metadata: { name: 'default-ipv4-ippool', ...clientv3Metadata(world.state, 'IPPool', 'default-ipv4-ippool') },
    spec: {
      allowedUses: ['Workload', 'Tunnel'],
      blockSize,
      cidr,
      ipipMode: ipip,
      natOutgoing: (env.CALICO_IPV4POOL_NAT_OUTGOING ?? 'true').toLowerCase() !== 'false',
      nodeSelector: env.CALICO_IPV4POOL_NODE_SELECTOR ?? 'all()',
      vxlanMode: vxlan,
    },
  });
  return true;
}

function kubeadmPodSubnet(world: World): string | undefined {
  const cm = storeGet(world.state.api, 'ConfigMap', 'kube-system', 'kubeadm-config');
  return /podSubnet:\s*(\S+)/.exec(cm?.data?.ClusterConfiguration ?? '')?.[1];
}

/** The IPIP tunnel address: the first free address of the node's block (usually its `.0`). */
function assignTunnelAddress(world: World, node: NodeState): void {
  const obj = storeGet(world.state.api, 'Node', undefined, node.name);
  const key = 'projectcalico.org/IPv4IPIPTunnelAddr';
  if (!obj || obj.metadata.annotations?.[key]) return;
  const handle = `ipip-tunnel-addr-${node.name}`;
  const ipipPool = (p: { ipipMode: string }) => p.ipipMode !== 'Never';
  ipamReleaseHandle(world, handle);
  const r = ipamAutoAssign(world, handle, { node: node.name, type: 'ipipTunnelAddress' }, 'Tunnel', ipipPool);
  if (r.ok) annotateNode(world, node.name, { [key]: r.ip });
}
