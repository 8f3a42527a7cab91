/**
 * The kubelet on each node: runs bound pods through sandbox (CNI ADD), init containers and
 * containers on the simulated clock, with image pulls, readiness probes and events.
 */
import type { World } from '../world';
import type { NodeState } from '../state';
import type { KObj } from './objects';
import { storeGet, storeListByInsertion, storePut } from './objects';
import { rngInt } from '../random';
import { cniAdd, cniDel } from '../calico/cni';
import { calicoNodeContainerStarted, calicoNodeReadiness, calicoNodeStop, isCalicoNodePod } from '../calico/calico-node';
import { recordEvent } from './events';
import { kubeletConnected } from './node-status';
import { podDelete } from './controllers';

/** Seconds to pull an image the node does not have yet (the registry is "far away"). */
const PULL_SECONDS: [RegExp, number][] = [
  [/calico\/node:/, 22],
  [/calico\/cni:/, 12],
  [/calico\/kube-controllers:/, 9],
  [/.*/, 4],
];

type ContainerStatus = {
  name: string;
  image: string;
  ready: boolean;
  restartCount: number;
  started?: boolean;
  state: { waiting?: { reason: string; message?: string }; running?: { startedAt: string }; terminated?: { exitCode: number; reason: string; startedAt: string; finishedAt: string } };
};

export const kubeletHandlers = {
  'pod.step': (world: World, data: Record<string, unknown>) => podStep(world, data.ns as string, data.name as string, data.uid as string),
  'pod.probe': (world: World, data: Record<string, unknown>) => podProbe(world, data.ns as string, data.name as string, data.uid as string, (data.failures as number | undefined) ?? 0),
  'pod.start': (world: World, data: Record<string, unknown>) => {
    const live = livePod(world, data.ns as string, data.name as string, data.uid as string);
    if (!live) return;
    startContainers(world, live.pod, live.node);
    schedulePodStep(world, live.pod, 1000);
  },
};

/** Notice pods newly bound to this node and start working on them. */
export function kubeletSync(world: World, node: NodeState, pods = podsOnNode(world, node.name)): void {
  // A kubelet stopped with systemctl (or cut off from the API server) notices nothing until it is back.
  if (!kubeletConnected(node)) return;
  for (const pod of pods) {
    // A pod deleted while the kubelet was away: it kills the containers and confirms the deletion.
    if (pod.metadata.deletionTimestamp) {
      podDelete(world, pod);
      continue;
    }
    if (pod.status?.startTime) continue;
    const spec = pod.spec;
    pod.status = {
      ...pod.status,
      phase: 'Pending',
      hostIP: node.ip,
      startTime: world.timestamp(),
      initContainerStatuses: (spec.initContainers ?? []).map((c: { name: string; image: string }) => waiting(c, 'PodInitializing')),
      containerStatuses: spec.containers.map((c: { name: string; image: string }) => waiting(c, spec.initContainers?.length ? 'PodInitializing' : 'ContainerCreating')),
    };
    if (!pod.status.initContainerStatuses.length) delete pod.status.initContainerStatuses;
    if (spec.hostNetwork) {
      pod.status.podIP = node.ip;
      pod.status.podIPs = [{ ip: node.ip }];
    }
    setCondition(world, pod, 'PodScheduled', 'True');
    storePut(world.state.api, pod);
    recordEvent(world, pod, 'Normal', 'Scheduled', `Successfully assigned ${pod.metadata.namespace}/${pod.metadata.name} to ${node.name}`, 'default-scheduler');
    schedulePodStep(world, pod, 500 + rngInt(world.state.rng, 0, 500));
  }
}

export function podsOnNode(world: World, nodeName: string): KObj[] {
  return storeListByInsertion(world.state.api, 'Pod').filter((o) => o.spec?.nodeName === nodeName);
}

function waiting(c: { name: string; image: string }, reason: string): ContainerStatus {
  return { name: c.name, image: c.image, ready: false, restartCount: 0, started: false, state: { waiting: { reason } } };
}

function schedulePodStep(world: World, pod: KObj, delayMs: number): void {
  world.schedule(delayMs, 'pod.step', { ns: pod.metadata.namespace, name: pod.metadata.name, uid: pod.metadata.uid });
}

function livePod(world: World, ns: string, name: string, uid: string): { pod: KObj; node: NodeState } | null {
  const pod = storeGet(world.state.api, 'Pod', ns, name);
  if (!pod || pod.metadata.uid !== uid) return null;
  const node = world.node(pod.spec.nodeName);
  if (!node || node.power !== 'on') return null;
  return { pod, node };
}

/** Time to make an image available: a pull the first time, nearly nothing afterwards. */
function pullMs(world: World, node: NodeState, image: string): number {
  if (node.images.includes(image)) return 300;
  node.images.push(image);
  const secs = PULL_SECONDS.find(([re]) => re.test(image))![1];
  return secs * 1000 + rngInt(world.state.rng, 0, 2000);
}

function podStep(world: World, ns: string, name: string, uid: string): void {
  const live = livePod(world, ns, name, uid);
  if (!live) return;
  const { pod, node } = live;
  const st = pod.status;
  if (!pod.spec.hostNetwork && !st.podIP) {
    const r = cniAdd(world, node, pod);
    if (!r.ok) {
      recordEvent(world, pod, 'Warning', 'FailedCreatePodSandBox', `Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "${sandboxId(pod)}": ${r.error}`, 'kubelet');
      schedulePodStep(world, pod, 10_000);
      return;
    }
    st.podIP = r.ip;
    st.podIPs = [{ ip: r.ip }];
    storePut(world.state.api, pod);
    schedulePodStep(world, pod, 200);
    return;
  }
  const inits: ContainerStatus[] = st.initContainerStatuses ?? [];
  const next = inits.find((c) => !c.state.terminated);
  if (next) {
    if (next.state.running) {
      next.state = { terminated: { exitCode: 0, reason: 'Completed', startedAt: next.state.running.startedAt, finishedAt: world.timestamp() } };
      if (next.name === 'install-cni') calicoInstallCni(world, node, pod);
      storePut(world.state.api, pod);
      schedulePodStep(world, pod, 300);
    } else {
      const delay = pullMs(world, node, next.image);
      recordEvent(world, pod, 'Normal', 'Pulled', `Container image "${next.image}" already present on machine`, 'kubelet');
      next.state = { running: { startedAt: world.timestamp(world.now + delay) } };
      storePut(world.state.api, pod);
      schedulePodStep(world, pod, delay + 500 + rngInt(world.state.rng, 0, 1500));
    }
    return;
  }
  const containers: ContainerStatus[] = st.containerStatuses;
  // A crashed container's restart is already scheduled with its back-off.
  if (containers.some((c) => c.state.waiting?.reason === 'CrashLoopBackOff')) return;
  if (containers.some((c) => !c.state.running)) {
    const delay = Math.max(...containers.map((c) => pullMs(world, node, c.image)));
    world.schedule(delay, 'pod.start', { ns, name, uid });
    return;
  }
  // Containers running: readiness.
  if (isCalicoNodePod(pod)) {
    world.schedule(10_000, 'pod.probe', { ns, name, uid });
  } else {
    for (const c of containers) c.ready = true;
    setCondition(world, pod, 'ContainersReady', 'True');
    setCondition(world, pod, 'Ready', 'True');
    storePut(world.state.api, pod);
  }
}

/** Containers start once their images are present. */
function startContainers(world: World, pod: KObj, node: NodeState): void {
  const st = pod.status;
  for (const c of st.containerStatuses as ContainerStatus[]) {
    c.state = { running: { startedAt: world.timestamp() } };
    c.started = true;
  }
  st.phase = 'Running';
  setCondition(world, pod, 'Initialized', 'True');
  storePut(world.state.api, pod);
  recordEvent(world, pod, 'Normal', 'Started', `Started container ${pod.spec.containers[0].name}`, 'kubelet');
  if (isCalicoNodePod(pod)) {
    const fatal = calicoNodeContainerStarted(world, node, pod);
    if (fatal) crashContainer(world, pod, fatal);
  }
}

/**
 * The container exited with an error: the kubelet restarts it with exponential back-off
 * (10 s, 20 s, ... 5 min), and `kubectl get pods` shows CrashLoopBackOff meanwhile.
 */
function crashContainer(world: World, pod: KObj, message: string): void {
  const c = (pod.status.containerStatuses as ContainerStatus[])[0];
  const started = c.state.running?.startedAt ?? world.timestamp();
  c.restartCount++;
  c.ready = false;
  c.started = false;
  const backoff = Math.min(10_000 * 2 ** (c.restartCount - 1), 300_000);
  c.state = { waiting: { reason: 'CrashLoopBackOff', message: `back-off ${backoff / 1000}s restarting failed container=${pod.spec.containers[0].name} pod=${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})` } };
  (c as ContainerStatus & { lastState?: unknown }).lastState = { terminated: { exitCode: 1, reason: 'Error', message, startedAt: started, finishedAt: world.timestamp() } };
  setCondition(world, pod, 'ContainersReady', 'False');
  setCondition(world, pod, 'Ready', 'False');
  storePut(world.state.api, pod);
  recordEvent(world, pod, 'Warning', 'BackOff', `Back-off restarting failed container ${pod.spec.containers[0].name} in pod ${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`, 'kubelet');
  world.schedule(backoff, 'pod.start', { ns: pod.metadata.namespace, name: pod.metadata.name, uid: pod.metadata.uid });
}

/** The readiness probe's failureThreshold (Kubernetes' default; calico.yaml sets none). */
const PROBE_FAILURES = 3;

function podProbe(world: World, ns: string, name: string, uid: string, failures: number): void {
  const live = livePod(world, ns, name, uid);
  if (!live) return;
  const { pod, node } = live;
  const ok = calicoNodeReadiness(world, node);
  const containers: ContainerStatus[] = pod.status.containerStatuses;
  // A ready container turns unready only after failureThreshold failures in a row (30 s), so a
  // peer's BIRD restarting (a calico-node rollout) does not make every node unready at once.
  failures = ok ? 0 : failures + 1;
  const ready = ok || (containers[0].ready && failures < PROBE_FAILURES);
  if (containers[0].ready !== ready) {
    for (const c of containers) c.ready = ready;
    setCondition(world, pod, 'ContainersReady', ready ? 'True' : 'False');
    setCondition(world, pod, 'Ready', ready ? 'True' : 'False');
    storePut(world.state.api, pod);
  }
  world.schedule(10_000, 'pod.probe', failures ? { ns, name, uid, failures } : { ns, name, uid });
}

function setCondition(world: World, pod: KObj, type: string, status: string): void {
  const conds: { type: string; status: string; lastTransitionTime: string }[] = (pod.status.conditions ??= []);
  const c = conds.find((x) => x.type === type);
  if (c) {
    if (c.status !== status) Object.assign(c, { status, lastTransitionTime: world.timestamp() });
  } else conds.push({ type, status, lastTransitionTime: world.timestamp() });
}

function sandboxId(pod: KObj): string {
  return (pod.metadata.uid.replace(/-/g, '') + pod.metadata.uid.replace(/-/g, '')).slice(0, 64);
}

/** Calico's install-cni init container writes the CNI config that makes the node network-ready. */
function calicoInstallCni(world: World, node: NodeState, pod: KObj): void {
  const cm = storeGet(world.state.api, 'ConfigMap', pod.metadata.namespace, 'calico-config');
  const template = (cm?.data?.cni_network_config ?? '{}')
    .replace(/__CNI_MTU__/g, '1480')
    .replace(/__KUBECONFIG_FILEPATH__/g, '/etc/cni/net.d/calico-kubeconfig')
    // etcd mode (calico-etcd.yaml): the endpoints from calico-config, TLS paths empty without certificates.
    .replace(/__ETCD_ENDPOINTS__/g, cm?.data?.etcd_endpoints ?? '')
    .replace(/__ETCD_(KEY|CERT|CA_CERT)_FILE__/g, '');
  node.fs['/etc/cni/net.d/10-calico.conflist'] = { type: 'file', content: template + (template.endsWith('\n') ? '' : '\n'), mode: 0o644, mtime: world.now };
  node.fs['/etc/cni/net.d/calico-kubeconfig'] = { type: 'file', content: '# Kubeconfig file for Calico CNI plugin.\napiVersion: v1\nkind: Config\n', mode: 0o600, mtime: world.now };
  node.fs['/opt/cni/bin/calico'] = { type: 'file', content: '\x7fELF', mode: 0o755, mtime: world.now };
  node.fs['/opt/cni/bin/calico-ipam'] = { type: 'file', content: '\x7fELF', mode: 0o755, mtime: world.now };
}

/** The pod is gone from the API: tear down its sandbox (CNI DEL) and its processes. */
export function kubeletPodGone(world: World, nodeName: string, pod: KObj): void {
  const node = world.node(nodeName);
  if (!node) return;
  if (isCalicoNodePod(pod)) calicoNodeStop(world, node);
  if (!pod.spec.hostNetwork) cniDel(world, node, pod);
}
