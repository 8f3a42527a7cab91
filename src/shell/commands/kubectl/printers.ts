/**
 * The server-side table columns of `kubectl get` per kind (kubernetes pkg/printers/internalversion),
 * computed from the stored objects. Kinds without a printer get `NAME   AGE`.
 */
import type { World } from '../../../emulator/world';
import type { Json, KObj } from '../../../emulator/k8s/objects';
import { ageSince } from '../../format/age';

export interface Printer {
  headers: string[];
  wideHeaders?: string[];
  row(o: KObj, world: World): string[];
  wideRow?(o: KObj, world: World): string[];
}

const none = (v: unknown) => (v === undefined || v === null || v === '' ? '<none>' : String(v));
const age = (o: KObj, w: World) => ageSince(w, o.metadata.creationTimestamp);
const selectorText = (m: Record<string, string> | undefined) => (m && Object.keys(m).length ? Object.entries(m).map(([k, v]) => `${k}=${v}`).join(',') : '<none>');
const containersOf = (podSpec: Json) => (podSpec?.containers ?? []) as { name: string; image: string }[];
const workloadWide = (o: KObj) => [
  containersOf(o.spec?.template?.spec).map((c) => c.name).join(','),
  containersOf(o.spec?.template?.spec).map((c) => c.image).join(','),
  selectorText(o.spec?.selector?.matchLabels),
];

/** printPod's READY, STATUS and RESTARTS (reference §1.4). */
export function podSummary(p: KObj, world: World): { ready: string; status: string; restarts: string } {
  const st = p.status ?? {};
  let reason: string = st.reason || st.phase || 'Pending';
  let restarts = 0;
  let lastRestart = 0;
  let readyCount = 0;
  const inits: Json[] = st.initContainerStatuses ?? [];
  const initTotal = (p.spec?.initContainers ?? []).length;
  let initializing = false;
  for (let i = 0; i < inits.length; i++) {
    const c = inits[i];
    restarts += c.restartCount ?? 0;
    lastRestart = Math.max(lastRestart, finishedAt(c));
    const term = c.state?.terminated;
    const wait = c.state?.waiting;
    if (term && term.exitCode === 0) continue;
    initializing = true;
    if (term) reason = term.reason ? `Init:${term.reason}` : term.signal ? `Init:Signal:${term.signal}` : `Init:ExitCode:${term.exitCode}`;
    else if (wait?.reason && wait.reason !== 'PodInitializing') reason = `Init:${wait.reason}`;
    else reason = `Init:${i}/${initTotal}`;
    break;
  }
  const initialized = (st.conditions ?? []).some((c: Json) => c.type === 'Initialized' && c.status === 'True');
  if (!initializing || initialized) {
    restarts = 0;
    lastRestart = 0;
    let hasRunning = false;
    const cs: Json[] = st.containerStatuses ?? [];
    for (let i = cs.length - 1; i >= 0; i--) {
      const c = cs[i];
      restarts += c.restartCount ?? 0;
      lastRestart = Math.max(lastRestart, finishedAt(c));
      const term = c.state?.terminated;
      if (c.state?.waiting?.reason) reason = c.state.waiting.reason;
      else if (term?.reason) reason = term.reason;
      else if (term) reason = term.signal ? `Signal:${term.signal}` : `ExitCode:${term.exitCode}`;
      else if (c.ready && c.state?.running) {
        hasRunning = true;
        readyCount++;
      }
    }
    if (reason === 'Completed' && hasRunning) {
      reason = (st.conditions ?? []).some((c: Json) => c.type === 'Ready' && c.status === 'True') ? 'Running' : 'NotReady';
    }
  }
  if (p.metadata.deletionTimestamp) reason = st.reason === 'NodeLost' ? 'Unknown' : 'Terminating';
  const ago = lastRestart ? ` (${ageSince(world, new Date(lastRestart).toISOString())} ago)` : '';
  return { ready: `${readyCount}/${(p.spec?.containers ?? []).length}`, status: reason, restarts: restarts ? `${restarts}${ago}` : '0' };
}

/**
 * When a container's last run ended, as epoch ms (0 when it has none). A function of its own, not
 * a closure per pod: `kubectl get pods -A` at 500 nodes summarises a thousand pods.
 */
function finishedAt(c: Json): number {
  const t = Date.parse(c.lastState?.terminated?.finishedAt ?? '');
  return Number.isNaN(t) ? 0 : t;
}

export function nodeStatus(n: KObj): string {
  const ready = (n.status?.conditions ?? []).find((c: Json) => c.type === 'Ready');
  // kubectl's printNode: NotReady for a Ready condition False or Unknown; Unknown only without one.
  let s = !ready ? 'Unknown' : ready.status === 'True' ? 'Ready' : 'NotReady';
  if (n.spec?.unschedulable) s += ',SchedulingDisabled';
  return s;
}

export function nodeRoles(n: KObj): string {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(n.metadata.labels ?? {})) {
    if (k.startsWith('node-role.kubernetes.io/') && k.length > 24) roles.add(k.slice(24));
    else if (k === 'kubernetes.io/role' && v) roles.add(v);
  }
  return roles.size ? [...roles].sort().join(',') : '<none>';
}

const address = (n: KObj, type: string) => none((n.status?.addresses ?? []).find((a: Json) => a.type === type)?.address);

const PRINTERS: Record<string, Printer> = {
  Node: {
    headers: ['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION'],
    wideHeaders: ['INTERNAL-IP', 'EXTERNAL-IP', 'OS-IMAGE', 'KERNEL-VERSION', 'CONTAINER-RUNTIME'],
    row: (n, w) => [n.metadata.name, nodeStatus(n), nodeRoles(n), age(n, w), n.status?.nodeInfo?.kubeletVersion ?? ''],
    wideRow: (n) => {
      const i = n.status?.nodeInfo ?? {};
      return [address(n, 'InternalIP'), address(n, 'ExternalIP'), i.osImage || '<unknown>', i.kernelVersion || '<unknown>', i.containerRuntimeVersion || '<unknown>'];
    },
  },
  Pod: {
    headers: ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'],
    wideHeaders: ['IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES'],
    row: (p, w) => {
      const s = podSummary(p, w);
      return [p.metadata.name, s.ready, s.status, s.restarts, age(p, w)];
    },
    wideRow: (p) => [none(p.status?.podIP), none(p.spec?.nodeName), none(p.status?.nominatedNodeName), p.spec?.readinessGates?.length ? String(p.spec.readinessGates.length) : '<none>'],
  },
  Namespace: { headers: ['NAME', 'STATUS', 'AGE'], row: (o, w) => [o.metadata.name, o.status?.phase ?? 'Active', age(o, w)] },
  Deployment: {
    headers: ['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE'],
    wideHeaders: ['CONTAINERS', 'IMAGES', 'SELECTOR'],
    row: (o, w) => [o.metadata.name, `${o.status?.readyReplicas ?? 0}/${o.spec?.replicas ?? 1}`, String(o.status?.updatedReplicas ?? 0), String(o.status?.availableReplicas ?? 0), age(o, w)],
    wideRow: workloadWide,
  },
  DaemonSet: {
    headers: ['NAME', 'DESIRED', 'CURRENT', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'NODE SELECTOR', 'AGE'],
    wideHeaders: ['CONTAINERS', 'IMAGES', 'SELECTOR'],
    row: (o, w) => {
      const s = o.status ?? {};
      return [o.metadata.name, String(s.desiredNumberScheduled ?? 0), String(s.currentNumberScheduled ?? 0), String(s.numberReady ?? 0), String(s.updatedNumberScheduled ?? 0), String(s.numberAvailable ?? 0), selectorText(o.spec?.template?.spec?.nodeSelector), age(o, w)];
    },
    wideRow: workloadWide,
  },
  ReplicaSet: {
    headers: ['NAME', 'DESIRED', 'CURRENT', 'READY', 'AGE'],
    wideHeaders: ['CONTAINERS', 'IMAGES', 'SELECTOR'],
    row: (o, w) => {
      const pods = Object.values(w.state.api.objects).filter((p) => p.kind === 'Pod' && p.metadata.ownerReferences?.some((r) => r.uid === o.metadata.uid));
      const ready = pods.filter((p) => (p.status?.conditions ?? []).some((c: Json) => c.type === 'Ready' && c.status === 'True')).length;
      return [o.metadata.name, String(o.spec?.replicas ?? 1), String(pods.length), String(ready), age(o, w)];
    },
    wideRow: workloadWide,
  },
  ConfigMap: { headers: ['NAME', 'DATA', 'AGE'], row: (o, w) => [o.metadata.name, String(Object.keys(o.data ?? {}).length + Object.keys(o.binaryData ?? {}).length), age(o, w)] },
  Secret: { headers: ['NAME', 'TYPE', 'DATA', 'AGE'], row: (o, w) => [o.metadata.name, o.type ?? 'Opaque', String(Object.keys(o.data ?? {}).length), age(o, w)] },
  ServiceAccount: { headers: ['NAME', 'SECRETS', 'AGE'], row: (o, w) => [o.metadata.name, String((o.secrets ?? []).length), age(o, w)] },
  Service: {
    headers: ['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE'],
    wideHeaders: ['SELECTOR'],
    row: (o, w) => [o.metadata.name, o.spec?.type ?? 'ClusterIP', none(o.spec?.clusterIP), o.spec?.type === 'LoadBalancer' ? '<pending>' : '<none>', (o.spec?.ports ?? []).map((p: Json) => `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol ?? 'TCP'}`).join(',') || '<none>', age(o, w)],
    wideRow: (o) => [selectorText(o.spec?.selector)],
  },
  Endpoints: { headers: ['NAME', 'ENDPOINTS', 'AGE'], row: (o, w) => [o.metadata.name, endpointsText(o), age(o, w)] },
  EndpointSlice: {
    headers: ['NAME', 'ADDRESSTYPE', 'PORTS', 'ENDPOINTS', 'AGE'],
    row: (o, w) => {
      const ports = ((o.ports ?? []) as Json[]).map((p) => (p.port === null || p.port === undefined ? '' : String(p.port))).filter(Boolean);
      return [o.metadata.name, o.addressType ?? 'IPv4', ports.length ? ports.join(',') : '<unset>', firstThree(((o.endpoints ?? []) as Json[]).flatMap((e) => e.addresses ?? [])) || '<unset>', age(o, w)];
    },
  },
  Event: {
    headers: ['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE'],
    row: (o, w) => [ageSince(w, o.lastTimestamp ?? o.metadata.creationTimestamp), o.type ?? '', o.reason ?? '', `${String(o.involvedObject?.kind ?? '').toLowerCase()}/${o.involvedObject?.name ?? ''}`, String(o.message ?? '').trim()],
  },
  CustomResourceDefinition: { headers: ['NAME', 'CREATED AT'], row: (o) => [o.metadata.name, o.metadata.creationTimestamp] },
  ClusterRole: { headers: ['NAME', 'CREATED AT'], row: (o) => [o.metadata.name, o.metadata.creationTimestamp] },
  Role: { headers: ['NAME', 'CREATED AT'], row: (o) => [o.metadata.name, o.metadata.creationTimestamp] },
  ClusterRoleBinding: { headers: ['NAME', 'ROLE', 'AGE'], row: (o, w) => [o.metadata.name, `${o.roleRef?.kind ?? ''}/${o.roleRef?.name ?? ''}`, age(o, w)] },
  RoleBinding: { headers: ['NAME', 'ROLE', 'AGE'], row: (o, w) => [o.metadata.name, `${o.roleRef?.kind ?? ''}/${o.roleRef?.name ?? ''}`, age(o, w)] },
  PodDisruptionBudget: {
    headers: ['NAME', 'MIN AVAILABLE', 'MAX UNAVAILABLE', 'ALLOWED DISRUPTIONS', 'AGE'],
    row: (o, w) => [o.metadata.name, o.spec?.minAvailable !== undefined ? String(o.spec.minAvailable) : 'N/A', o.spec?.maxUnavailable !== undefined ? String(o.spec.maxUnavailable) : 'N/A', String(o.status?.disruptionsAllowed ?? 0), age(o, w)],
  },
  NetworkPolicy: { headers: ['NAME', 'POD-SELECTOR', 'AGE'], row: (o, w) => [o.metadata.name, selectorText(o.spec?.podSelector?.matchLabels), age(o, w)] },
};

/** Up to three items, then ` + N more...` (printers.go formatEndpoints). */
function firstThree(items: string[]): string {
  return items.length > 3 ? `${items.slice(0, 3).join(',')} + ${items.length - 3} more...` : items.join(',');
}

/** `IP:PORT` of every ready address and port, as `kubectl get endpoints` prints them. */
function endpointsText(o: KObj): string {
  const list: string[] = [];
  for (const ss of (o.subsets ?? []) as Json[]) {
    const addrs = ((ss.addresses ?? []) as Json[]).map((a) => a.ip as string);
    if (!(ss.ports ?? []).length) list.push(...addrs);
    else for (const p of ss.ports) for (const ip of addrs) list.push(`${ip}:${p.port}`);
  }
  return firstThree(list) || '<none>';
}

const GENERIC: Printer = { headers: ['NAME', 'AGE'], row: (o, w) => [o.metadata.name, age(o, w)] };

export function printerFor(kind: string): Printer {
  return PRINTERS[kind] ?? GENERIC;
}

/** One table row, with -o wide's extra columns when asked. */
export function printerRow(p: Printer, o: KObj, world: World, wide: boolean): string[] {
  return wide && p.wideRow ? [...p.row(o, world), ...p.wideRow(o, world)] : p.row(o, world);
}

export function printerHeaders(p: Printer, wide: boolean): string[] {
  return wide && p.wideHeaders ? [...p.headers, ...p.wideHeaders] : p.headers;
}

/** `--show-labels`: `k=v,k2=v2` in stored order, `<none>` without labels. */
export function labelsText(o: KObj): string {
  const l = o.metadata.labels ?? {};
  return Object.keys(l).length ? Object.entries(l).map(([k, v]) => `${k}=${v}`).sort().join(',') : '<none>';
}
