/**
 * Services as the control plane keeps them: the API server gives a Service its ClusterIP from the
 * service CIDR (kubeadm's `serviceSubnet: 10.96.0.0/12`) and a NodePort from 30000-32767; the
 * endpoints and endpointslice controllers of kube-controller-manager list the pods its selector
 * picks (ready ones as addresses, the others as not ready). kube-proxy (net/kube-proxy.ts) turns
 * Services and EndpointSlices into each node's nat rules.
 */
import type { WorldState } from '../state';
import type { World } from '../world';
import type { ApiStore, Json, KObj } from './objects';
import { storeDelete, storeGet, storeList, storePut } from './objects';
import { apiCreate, timestampAt } from './factory';
import { rngInt } from '../random';
import { K8S_SUFFIX_ALPHABET } from '../random';
import { ipv4FromInt, ipv4ToInt } from '../net/ip';
import { tcpHash } from '../net/tcp-conn';

export const SERVICE_CIDR = '10.96.0.0/12';
/** kubeadm's cluster DNS address: the tenth address of the service CIDR. */
export const KUBE_DNS_IP = '10.96.0.10';
const SERVICE_BASE = ipv4ToInt('10.96.0.0');
const SERVICE_SIZE = 1 << 20;
/** The allocator keeps the lowest addresses for Services that ask for one (min(max(16, size/16), 256)). */
const STATIC_BAND = 256;

export interface ServicePort {
  name?: string;
  port: number;
  protocol: string;
  targetPort: number | string;
  nodePort?: number;
}

export function servicePorts(svc: KObj): ServicePort[] {
  return (svc.spec?.ports ?? []) as ServicePort[];
}

/** Is `ip` inside the service CIDR? */
export function inServiceCidr(ip: string): boolean {
  const n = ipv4ToInt(ip);
  return n >= SERVICE_BASE && n < SERVICE_BASE + SERVICE_SIZE;
}

function usedClusterIps(store: ApiStore): Set<string> {
  return new Set(storeList(store, 'Service').map((s) => s.spec?.clusterIP as string).filter(Boolean));
}

/** A free ClusterIP, drawn from the upper (dynamic) band first as the API server's allocator does. */
function clusterIpAllocate(store: ApiStore, state: WorldState): string {
  const used = usedClusterIps(store);
  for (;;) {
    const ip = ipv4FromInt(SERVICE_BASE + rngInt(state.rng, STATIC_BAND, SERVICE_SIZE - 1));
    if (!used.has(ip)) return ip;
  }
}

function nodePortAllocate(store: ApiStore, state: WorldState): number {
  const used = new Set(storeList(store, 'Service').flatMap((s) => servicePorts(s).map((p) => p.nodePort)));
  for (;;) {
    const port = rngInt(state.rng, 30000, 32768);
    if (!used.has(port)) return port;
  }
}

/** What kubectl's expose/create and `kubectl apply` leave to the API server: its defaults and allocations. */
export function serviceDefaults(store: ApiStore, state: WorldState, svc: Json): void {
  const spec = (svc.spec ??= {});
  spec.type ??= 'ClusterIP';
  spec.sessionAffinity ??= 'None';
  spec.ports = ((spec.ports ?? []) as Json[]).map((p) => ({ ...p, protocol: p.protocol ?? 'TCP', targetPort: p.targetPort ?? p.port }));
  if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') {
    for (const p of spec.ports) p.nodePort ??= nodePortAllocate(store, state);
    spec.externalTrafficPolicy ??= 'Cluster';
  }
  if (!spec.clusterIP) spec.clusterIP = clusterIpAllocate(store, state);
  spec.clusterIPs ??= [spec.clusterIP];
  spec.internalTrafficPolicy ??= 'Cluster';
  spec.ipFamilies ??= ['IPv4'];
  spec.ipFamilyPolicy ??= 'SingleStack';
  svc.status ??= { loadBalancer: {} };
}

/** Why a ClusterIP asked for cannot be had, in the API server's words; null when it can. */
export function clusterIpInvalid(store: ApiStore, ip: string): string | null {
  if (ip === 'None' || ip === '') return null;
  if (!/^\d+\.\d+\.\d+\.\d+$/.test(ip)) return `spec.clusterIPs: Invalid value: []string{"${ip}"}: must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)`;
  if (!inServiceCidr(ip)) return `spec.clusterIPs: Invalid value: []string{"${ip}"}: failed to allocate IP ${ip}: the provided IP (${ip}) is not in the valid range. The range of valid IPs is ${SERVICE_CIDR}`;
  if (usedClusterIps(store).has(ip)) return `spec.clusterIPs: Invalid value: []string{"${ip}"}: failed to allocate IP ${ip}: provided IP is already allocated`;
  return null;
}

/** The `kubernetes` and `kube-dns` Services kubeadm leaves (uids from hashes: the seeded generator is not consumed). */
export function kubeadmServices(state: WorldState, masterIp: string, at: number): void {
  const uid = (name: string) => hashUuid(`${state.seed}|svc|${name}`);
  apiCreate(state, {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'kubernetes', namespace: 'default', uid: uid('kubernetes'), labels: { component: 'apiserver', provider: 'kubernetes' } },
    spec: { clusterIP: '10.96.0.1', clusterIPs: ['10.96.0.1'], internalTrafficPolicy: 'Cluster', ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack', ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }], sessionAffinity: 'None', type: 'ClusterIP' },
    status: { loadBalancer: {} },
  }, at);
  // The API server keeps its own endpoints (it has no selector).
  apiCreate(state, {
    apiVersion: 'v1',
    kind: 'Endpoints',
    metadata: { name: 'kubernetes', namespace: 'default', uid: uid('ep/kubernetes'), labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } },
    subsets: [{ addresses: [{ ip: masterIp }], ports: [{ name: 'https', port: 6443, protocol: 'TCP' }] }],
  }, at);
  apiCreate(state, {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name: 'kubernetes', namespace: 'default', uid: uid('eps/kubernetes'), labels: { 'kubernetes.io/service-name': 'kubernetes' }, generation: 1 },
    addressType: 'IPv4',
    endpoints: [{ addresses: [masterIp], conditions: { ready: true } }],
    ports: [{ name: 'https', port: 6443, protocol: 'TCP' }],
  }, at);
  apiCreate(state, {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: 'kube-dns',
      namespace: 'kube-system',
      uid: uid('kube-dns'),
      annotations: { 'prometheus.io/port': '9153', 'prometheus.io/scrape': 'true' },
      labels: { 'k8s-app': 'kube-dns', 'kubernetes.io/cluster-service': 'true', 'kubernetes.io/name': 'CoreDNS' },
    },
    spec: {
      clusterIP: KUBE_DNS_IP, clusterIPs: [KUBE_DNS_IP], internalTrafficPolicy: 'Cluster', ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack',
      ports: [{ name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 }, { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 }, { name: 'metrics', port: 9153, protocol: 'TCP', targetPort: 9153 }],
      selector: { 'k8s-app': 'kube-dns' }, sessionAffinity: 'None', type: 'ClusterIP',
    },
    status: { loadBalancer: {} },
  }, at);
}

function hashUuid(text: string): string {
  const h = [0, 1, 2, 3].map((i) => tcpHash(`${text}|${i}`).toString(16).padStart(8, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function hashSuffix(text: string): string {
  let s = '';
  for (let i = 0; i < 5; i++) s += K8S_SUFFIX_ALPHABET[tcpHash(`${text}|${i}`) % K8S_SUFFIX_ALPHABET.length];
  return s;
}

function labelsMatch(selector: Record<string, string>, labels: Record<string, string> | undefined): boolean {
  return Object.entries(selector).every(([k, v]) => labels?.[k] === v);
}

/**
 * Could these changed pods move some Service's endpoints? Only when one matches a selector in its
 * namespace or is already one of the Service's endpoints (its labels may have changed): a BIRD
 * restart flips 500 calico-node pods' readiness, and no Service selects them.
 */
export function podsTouchEndpoints(world: World, pods: KObj[]): boolean {
  if (!pods.length) return false;
  const api = world.state.api;
  for (const svc of storeList(api, 'Service')) {
    const sel = svc.spec?.selector as Record<string, string> | undefined;
    if (!sel || Object.keys(sel).length === 0) continue;
    const ns = svc.metadata.namespace;
    const ep = storeGet(api, 'Endpoints', ns, svc.metadata.name);
    const listed = new Set<string>();
    for (const sub of (ep?.subsets ?? []) as { addresses?: { targetRef?: { name?: string } }[]; notReadyAddresses?: { targetRef?: { name?: string } }[] }[]) {
      for (const a of [...(sub.addresses ?? []), ...(sub.notReadyAddresses ?? [])]) if (a.targetRef?.name) listed.add(a.targetRef.name);
    }
    for (const p of pods) if (p.metadata.namespace === ns && (labelsMatch(sel, p.metadata.labels) || listed.has(p.metadata.name))) return true;
  }
  return false;
}

function podIsReady(p: KObj): boolean {
  return !!p.status?.conditions?.some((c: { type: string; status: string }) => c.type === 'Ready' && c.status === 'True');
}

/** A named targetPort is looked up among the pod's container ports. */
function targetPortOf(p: ServicePort, pod: KObj): number | null {
  if (typeof p.targetPort === 'number') return p.targetPort;
  if (/^\d+$/.test(p.targetPort)) return Number(p.targetPort);
  for (const c of pod.spec?.containers ?? []) for (const cp of c.ports ?? []) if (cp.name === p.targetPort) return cp.containerPort;
  return null;
}

interface Backend {
  pod: KObj;
  ready: boolean;
}

function backendsOf(world: World, svc: KObj): Backend[] {
  const sel = svc.spec?.selector as Record<string, string> | undefined;
  if (!sel || Object.keys(sel).length === 0) return [];
  return storeList(world.state.api, 'Pod', svc.metadata.namespace)
    .filter((p) => p.status?.podIP && !p.metadata.deletionTimestamp && labelsMatch(sel, p.metadata.labels) && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed')
    .sort((a, b) => ipv4ToInt(a.status.podIP) - ipv4ToInt(b.status.podIP))
    .map((pod) => ({ pod, ready: podIsReady(pod) }));
}

const targetRef = (pod: KObj) => ({ kind: 'Pod', name: pod.metadata.name, namespace: pod.metadata.namespace, uid: pod.metadata.uid });

/** The endpoints controller's subsets: one per distinct port set (here: all pods share one). */
function endpointsSubsets(svc: KObj, backends: Backend[]): Json[] | undefined {
  if (!backends.length) return undefined;
  const ports = (pod: KObj) => servicePorts(svc).map((p) => ({ ...(p.name ? { name: p.name } : {}), port: targetPortOf(p, pod) ?? 0, protocol: p.protocol }));
  const addr = (b: Backend) => ({ ip: b.pod.status.podIP, nodeName: b.pod.spec.nodeName, targetRef: targetRef(b.pod) });
  const ready = backends.filter((b) => b.ready).map(addr);
  const notReady = backends.filter((b) => !b.ready).map(addr);
  return [{ ...(ready.length ? { addresses: ready } : {}), ...(notReady.length ? { notReadyAddresses: notReady } : {}), ports: ports(backends[0].pod) }];
}

function sliceEndpoints(backends: Backend[]): Json[] {
  return backends.map((b) => ({
    addresses: [b.pod.status.podIP],
    conditions: { ready: b.ready, serving: b.ready, terminating: false },
    nodeName: b.pod.spec.nodeName,
    targetRef: targetRef(b.pod),
  }));
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The Service's EndpointSlice made by the endpointslice controller (`<service>-xxxxx`). */
export function serviceSlices(store: ApiStore, svc: KObj): KObj[] {
  return storeList(store, 'EndpointSlice', svc.metadata.namespace).filter((s) => s.metadata.labels?.['kubernetes.io/service-name'] === svc.metadata.name);
}

/**
 * The endpoints and endpointslice controllers: Endpoints and an EndpointSlice per Service with a
 * selector, rewritten only when what they list changed (so an idle cluster writes nothing).
 */
export function endpointsSync(world: World): void {
  const state = world.state;
  const api = state.api;
  const services = storeList(api, 'Service');
  const live = new Set(services.map((s) => `${s.metadata.namespace}/${s.metadata.name}`));
  for (const svc of services) {
    if (!svc.spec?.selector || Object.keys(svc.spec.selector).length === 0) continue;
    const ns = svc.metadata.namespace!;
    const name = svc.metadata.name;
    const backends = backendsOf(world, svc);
    const subsets = endpointsSubsets(svc, backends);
    const ep = storeGet(api, 'Endpoints', ns, name);
    const labels = { ...(svc.metadata.labels ?? {}) };
    if (!ep) {
      apiCreate(state, {
        apiVersion: 'v1', kind: 'Endpoints',
        metadata: { name, namespace: ns, uid: hashUuid(`${svc.metadata.uid}|ep`), labels, annotations: { 'endpoints.kubernetes.io/last-change-trigger-time': timestampAt(state, world.now) } },
        ...(subsets ? { subsets } : {}),
      });
    } else if (!sameJson(ep.subsets, subsets)) {
      const next: KObj = { ...ep, metadata: { ...ep.metadata, annotations: { ...(ep.metadata.annotations ?? {}), 'endpoints.kubernetes.io/last-change-trigger-time': timestampAt(state, world.now) } } };
      if (subsets) next.subsets = subsets;
      else delete next.subsets;
      storePut(api, next);
    }
    const ports = servicePorts(svc).map((p) => ({ name: p.name ?? '', port: backends[0] ? targetPortOf(p, backends[0].pod) ?? 0 : null, protocol: p.protocol }));
    const endpoints = sliceEndpoints(backends);
    const slice = serviceSlices(api, svc)[0];
    if (!slice) {
      apiCreate(state, {
        apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice',
        metadata: {
          name: `${name}-${hashSuffix(`${svc.metadata.uid}|eps`)}`, namespace: ns, uid: hashUuid(`${svc.metadata.uid}|eps`), generation: 1,
          generateName: `${name}-`,
          labels: { ...labels, 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io', 'kubernetes.io/service-name': name },
          annotations: { 'endpoints.kubernetes.io/last-change-trigger-time': timestampAt(state, world.now) },
          ownerReferences: [{ apiVersion: 'v1', controller: true, kind: 'Service', name, uid: svc.metadata.uid }],
        },
        addressType: 'IPv4',
        endpoints,
        ports: backends.length ? ports : null,
      });
    } else if (!sameJson(slice.endpoints, endpoints) || !sameJson(slice.ports, backends.length ? ports : null)) {
      storePut(api, { ...slice, metadata: { ...slice.metadata, generation: (slice.metadata.generation ?? 1) + 1 }, endpoints, ports: backends.length ? ports : null });
    }
  }
  // Endpoints and slices of deleted Services go with them (owner references, garbage collector).
  for (const kind of ['Endpoints', 'EndpointSlice']) {
    for (const o of storeList(api, kind)) {
      const svc = kind === 'Endpoints' ? o.metadata.name : o.metadata.labels?.['kubernetes.io/service-name'];
      if (svc && !live.has(`${o.metadata.namespace}/${svc}`)) storeDelete(api, kind, o.metadata.namespace, o.metadata.name);
    }
  }
}

/** A Service's backends as kube-proxy reads them from its EndpointSlices: ready endpoints only. */
export function serviceReadyEndpoints(store: ApiStore, svc: KObj, port: ServicePort): { ip: string; port: number; node?: string }[] {
  const out: { ip: string; port: number; node?: string }[] = [];
  for (const s of serviceSlices(store, svc)) {
    const sp = ((s.ports ?? []) as { name?: string; port: number | null; protocol: string }[]).find((x) => (x.name ?? '') === (port.name ?? '') && x.protocol === port.protocol);
    if (!sp || sp.port === null) continue;
    for (const e of (s.endpoints ?? []) as Json[]) if (e.conditions?.ready !== false) out.push({ ip: e.addresses[0], port: sp.port, node: e.nodeName });
  }
  return out;
}

/** Name resolution as CoreDNS's kubernetes plugin answers it: `svc`, `svc.ns`, `svc.ns.svc.cluster.local`. */
export function serviceByDnsName(store: ApiStore, fqdn: string): KObj | null {
  const m = /^([a-z0-9-]+)\.([a-z0-9-]+)\.svc\.cluster\.local\.?$/.exec(fqdn.toLowerCase());
  if (!m) return null;
  return storeGet(store, 'Service', m[2], m[1]) ?? null;
}
