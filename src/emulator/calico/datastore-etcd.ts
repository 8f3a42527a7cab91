/**
 * Calico's etcdv3 datastore: the etcd a scenario runs for Calico (calico-etcd.yaml), and the keys
 * Calico keeps in it, laid out as libcalico-go's etcdv3 backend writes them (model keys):
 *
 *   /calico/resources/v3/projectcalico.org/<plural>/[<namespace>/]<name>   v3 resources, JSON
 *   /calico/ipam/v2/assignment/ipv4/block/<cidr with - for />              AllocationBlock
 *   /calico/ipam/v2/host/<node>/ipv4/block/<cidr>                          BlockAffinity
 *   /calico/ipam/v2/handle/<handle>                                        IPAMHandle
 *   /calico/ipam/v2/config                                                 IPAMConfig
 *
 * One representation: the control loops (IPAM, Felix, BIRD, calicoctl) keep reading Calico's objects
 * from the world's object store whatever the datastore; in etcd mode the Kubernetes API serves no
 * Calico kinds (no CRDs are installed) and this module is the etcd view of those objects. Writes
 * with etcdctl go through to the objects without Calico's validation, as a raw etcd write does;
 * keys outside Calico's layout are kept as they were written.
 */
import type { World } from '../world';
import type { NodeState } from '../state';
import type { Json, KObj } from '../k8s/objects';
import { CALICO_NETWORK_POLICY, storeDelete, storeGet, storeList, storePut } from '../k8s/objects';
import { apiCreate } from '../k8s/factory';
import { CRD_V1, V3, calicoNodeV3, k8sPolicyV3, workloadEndpointsV3 } from './resources';
import { blockObjectName } from './names';

export interface EtcdServerState {
  /** The node it runs on, and its member name. */
  node: string;
  /** Client URL (it also listens on 127.0.0.1:2379 of its node). */
  clientUrl: string;
  peerUrl: string;
  /** Member and cluster IDs, hex as etcdctl prints them. */
  memberId: string;
  clusterId: string;
  /** Keys written with etcdctl that are not Calico objects, in write order. */
  extra: Record<string, string>;
}

export const ETCD_VERSION = '3.5.9';
export const ETCD_PORT = 2379;

const RESOURCES = '/calico/resources/v3/projectcalico.org/';
const IPAM = '/calico/ipam/v2/';

/** Stored v1 kinds that live under /calico/resources/v3 by their v3 plural. */
const STORED: { plural: string; v3: string; stored: string }[] = [
  { plural: 'bgpconfigurations', v3: 'BGPConfiguration', stored: 'BGPConfiguration' },
  { plural: 'bgppeers', v3: 'BGPPeer', stored: 'BGPPeer' },
  { plural: 'clusterinformations', v3: 'ClusterInformation', stored: 'ClusterInformation' },
  { plural: 'felixconfigurations', v3: 'FelixConfiguration', stored: 'FelixConfiguration' },
  { plural: 'globalnetworkpolicies', v3: 'GlobalNetworkPolicy', stored: 'GlobalNetworkPolicy' },
  { plural: 'ippools', v3: 'IPPool', stored: 'IPPool' },
];

/** The etcd endpoints calico-config names, when Calico was installed with the etcd manifest. */
export function calicoEtcdEndpoints(world: World): string | null {
  const cm = storeGet(world.state.api, 'ConfigMap', 'kube-system', 'calico-config');
  const v = cm?.data?.etcd_endpoints;
  return typeof v === 'string' ? v : null;
}

/** Which datastore the installed Calico uses: the etcd manifest's calico-config says etcdv3. */
export function calicoDatastoreType(world: World): 'etcdv3' | 'kubernetes' {
  return calicoEtcdEndpoints(world) !== null ? 'etcdv3' : 'kubernetes';
}

/** Start the scenario's etcd for Calico on a node: a single-member cluster on plain HTTP. */
export function etcdStart(world: World, node: NodeState): EtcdServerState {
  const etcd: EtcdServerState = {
    node: node.name,
    clientUrl: `http://${node.ip}:${ETCD_PORT}`,
    peerUrl: `http://${node.ip}:2380`,
    memberId: hashHex(`member:${node.name}`, 16),
    clusterId: hashHex(`cluster:${node.name}`, 16),
    extra: {},
  };
  world.state.etcd = etcd;
  return etcd;
}

export type EtcdReach = { ok: true; etcd: EtcdServerState } | { ok: false; error: 'refused' | 'timeout' | 'unreachable' };

/**
 * What a client on `from` reaches at an endpoint (`host:port` or `http://host:port`): our etcd when
 * it runs there, else the TCP outcome (a node answers with a RST, an unknown address never answers).
 */
export function etcdReach(world: World, from: NodeState, endpoint: string): EtcdReach {
  const m = /^(?:(https?|unix):\/\/)?\[?([^\]/:]+)\]?(?::(\d+))?\/?$/.exec(endpoint.trim());
  if (!m) return { ok: false, error: 'timeout' };
  let host = m[2];
  const port = Number(m[3] ?? (m[1] === 'https' ? 443 : 80));
  if (host === 'localhost' || host === '127.0.0.1') host = from.ip;
  else {
    const byName = world.node(host);
    if (byName) host = byName.ip;
  }
  const target = world.nodeByIp(host);
  if (!target) return { ok: false, error: 'timeout' };
  if (from.power !== 'on' || target.power !== 'on') return { ok: false, error: target === from ? 'refused' : 'timeout' };
  const etcd = world.state.etcd;
  if (etcd && etcd.node === target.name && port === ETCD_PORT && m[1] !== 'https') return { ok: true, etcd };
  return { ok: false, error: 'refused' };
}

/** Does calico-config's etcd_endpoints reach the scenario's etcd from this node? */
export function calicoEtcdReachable(world: World, from: NodeState): boolean {
  const eps = calicoEtcdEndpoints(world);
  if (eps === null) return true;
  return eps.split(',').some((ep) => etcdReach(world, from, ep).ok);
}

// ---------------------------------------------------------------------------------------------
// The key-value view.

/** Every key and value in the etcd, sorted by key as etcd's range reads return them. */
export function etcdEntries(world: World): [string, string][] {
  const out = new Map<string, string>(Object.entries(world.state.etcd?.extra ?? {}));
  if (calicoDatastoreType(world) === 'etcdv3') for (const [k, v] of calicoEntries(world)) out.set(k, v);
  return [...out.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function calicoEntries(world: World): [string, string][] {
  const api = world.state.api;
  const out: [string, string][] = [];
  const res = (plural: string, name: string, value: Json) => out.push([`${RESOURCES}${plural}/${name}`, JSON.stringify(value)]);
  for (const s of STORED) for (const o of storeList(api, s.stored)) res(s.plural, o.metadata.name, resourceValue(s.v3, o));
  // Namespaced policies sit under their namespace; kube-controllers' policy controller writes each
  // Kubernetes NetworkPolicy there too, converted and named knp.default.<name>.
  for (const o of storeList(api, CALICO_NETWORK_POLICY)) res('networkpolicies', `${o.metadata.namespace}/${o.metadata.name}`, resourceValue('NetworkPolicy', o));
  if (kubeControllersRunning(world)) {
    for (const o of storeList(api, 'NetworkPolicy')) {
      const v3 = k8sPolicyV3(o);
      res('networkpolicies', `${v3.metadata.namespace}/${v3.metadata.name}`, { kind: 'NetworkPolicy', apiVersion: V3, metadata: { name: v3.metadata.name, namespace: v3.metadata.namespace, uid: v3.metadata.uid, creationTimestamp: v3.metadata.creationTimestamp }, spec: v3.spec });
    }
  }
  // calico-node writes each node's own FelixConfiguration in etcd mode (KDD has none).
  for (const n of world.state.nodes) {
    if (!n.calico) continue;
    const k8s = storeGet(api, 'Node', undefined, n.name);
    res('felixconfigurations', `node.${n.name}`, derived('FelixConfiguration', `node.${n.name}`, k8s, { defaultEndpointToHostAction: 'Return' }));
  }
  if (kubeControllersRunning(world)) {
    res('kubecontrollersconfigurations', 'default', derived('KubeControllersConfiguration', 'default', storeGet(api, 'ClusterInformation', undefined, 'default'), KCC_SPEC));
    // The namespace and serviceaccount controllers mirror Kubernetes objects as profiles.
    for (const ns of storeList(api, 'Namespace')) {
      const name = ns.metadata.name;
      res('profiles', `kns.${name}`, derived('Profile', `kns.${name}`, ns, {
        ingress: [{ action: 'Allow', source: {}, destination: {} }],
        egress: [{ action: 'Allow', source: {}, destination: {} }],
        labelsToApply: { 'pcns.kubernetes.io/metadata.name': name, 'pcns.projectcalico.org/name': name },
      }));
    }
    const sas = new Set<string>(storeList(api, 'Namespace').map((ns) => `${ns.metadata.name}.default`));
    for (const sa of storeList(api, 'ServiceAccount')) sas.add(`${sa.metadata.namespace}.${sa.metadata.name}`);
    for (const sa of [...sas].sort()) {
      const name = sa.slice(sa.indexOf('.') + 1);
      res('profiles', `ksa.${sa}`, derived('Profile', `ksa.${sa}`, undefined, { labelsToApply: { 'pcsa.projectcalico.org/name': name } }));
    }
  }
  for (const n of storeList(api, 'Node')) {
    if (!world.node(n.metadata.name)?.calico && !n.metadata.annotations?.['projectcalico.org/IPv4Address']) continue;
    res('nodes', n.metadata.name, stripRv(calicoNodeV3(n)));
  }
  for (const wep of workloadEndpointsV3(world)) res('workloadendpoints', `${wep.metadata.namespace}/${wep.metadata.name}`, stripRv(wep));
  for (const b of storeList(api, 'IPAMBlock')) {
    const key = String(b.spec.cidr).replace('/', '-');
    out.push([`${IPAM}assignment/ipv4/block/${key}`, JSON.stringify(blockValue(b))]);
  }
  for (const a of storeList(api, 'BlockAffinity')) {
    out.push([`${IPAM}host/${a.spec.node}/ipv4/block/${String(a.spec.cidr).replace('/', '-')}`, JSON.stringify({ state: a.spec.state, deleted: a.spec.deleted === 'true' || a.spec.deleted === true })]);
  }
  for (const h of storeList(api, 'IPAMHandle')) out.push([`${IPAM}handle/${h.spec.handleID ?? h.metadata.name}`, JSON.stringify({ block: h.spec.block, deleted: !!h.spec.deleted })]);
  const cfg = storeGet(api, 'IPAMConfig', undefined, 'default');
  if (cfg) {
    const v: Json = {};
    if (cfg.spec.strictAffinity) v.strict_affinity = true;
    if (cfg.spec.autoAllocateBlocks ?? true) v.auto_allocate_blocks = true;
    if (cfg.spec.maxBlocksPerHost) v.maxBlocksPerHost = cfg.spec.maxBlocksPerHost;
    out.push([`${IPAM}config`, JSON.stringify(v)]);
  }
  return out;
}

const KCC_SPEC: Json = {
  logSeverityScreen: 'Info',
  healthChecks: 'Enabled',
  etcdV3CompactionPeriod: '10m0s',
  controllers: {
    node: { reconcilerPeriod: '5m0s', syncLabels: 'Enabled', hostEndpoint: { autoCreate: 'Disabled' } },
    policy: { reconcilerPeriod: '5m0s' },
    workloadEndpoint: { reconcilerPeriod: '5m0s' },
    serviceAccount: { reconcilerPeriod: '5m0s' },
    namespace: { reconcilerPeriod: '5m0s' },
  },
};

function kubeControllersRunning(world: World): boolean {
  return storeList(world.state.api, 'Pod', 'kube-system').some((p) => p.metadata.labels?.['k8s-app'] === 'calico-kube-controllers' && p.status?.phase === 'Running');
}

/** The v3 resource as the etcdv3 backend stores it: kind, apiVersion, metadata without resourceVersion. */
function resourceValue(kind: string, o: KObj): Json {
  const meta: Json = { name: o.metadata.name, ...(o.metadata.namespace ? { namespace: o.metadata.namespace } : {}), uid: o.metadata.uid, creationTimestamp: o.metadata.creationTimestamp };
  const ann = { ...(o.metadata.annotations ?? {}) };
  delete ann['projectcalico.org/metadata'];
  delete ann['kubectl.kubernetes.io/last-applied-configuration'];
  if (o.metadata.labels && Object.keys(o.metadata.labels).length) meta.labels = { ...o.metadata.labels };
  if (Object.keys(ann).length) meta.annotations = ann;
  return { kind, apiVersion: V3, metadata: meta, spec: kind === 'IPPool' ? ippoolSpecOrder(o.spec ?? {}) : (o.spec ?? {}) };
}

/** IPPoolSpec's field order in Go (json.Marshal follows the struct). */
function ippoolSpecOrder(spec: Json): Json {
  const order = ['cidr', 'vxlanMode', 'ipipMode', 'natOutgoing', 'disabled', 'disableBGPExport', 'blockSize', 'nodeSelector', 'allowedUses'];
  const out: Json = {};
  for (const k of order) if (spec[k] !== undefined && spec[k] !== false) out[k] = spec[k];
  for (const k of Object.keys(spec)) if (!(k in out) && !order.includes(k)) out[k] = spec[k];
  return out;
}

function derived(kind: string, name: string, source: KObj | undefined, spec: Json): Json {
  return { kind, apiVersion: V3, metadata: { name, uid: uuidFrom(`${kind}/${name}`), creationTimestamp: source?.metadata.creationTimestamp ?? null }, spec };
}

function stripRv(o: KObj): Json {
  const meta: Json = { ...o.metadata };
  delete meta.resourceVersion;
  return { kind: o.kind, apiVersion: o.apiVersion, metadata: meta, spec: o.spec };
}

function blockValue(b: KObj): Json {
  const s = b.spec;
  return {
    cidr: s.cidr,
    affinity: s.affinity ?? null,
    allocations: s.allocations,
    unallocated: s.unallocated,
    attributes: s.attributes,
    sequenceNumber: s.sequenceNumber ?? 0,
    sequenceNumberForAllocation: s.sequenceNumberForAllocation ?? {},
    deleted: !!s.deleted,
  };
}

// ---------------------------------------------------------------------------------------------
// Writes with etcdctl.

/** `etcdctl put`: a Calico resource key updates (or creates) the object, unvalidated; others are kept. */
export function etcdPut(world: World, key: string, value: string): void {
  const etcd = world.state.etcd;
  if (!etcd) return;
  const hit = calicoDatastoreType(world) === 'etcdv3' ? storedFor(key) : null;
  let doc: Json = null;
  try {
    doc = JSON.parse(value);
  } catch {
    doc = null;
  }
  if (hit && doc && typeof doc === 'object' && !Array.isArray(doc)) {
    const existing = storeGet(world.state.api, hit.stored, undefined, hit.name);
    if (existing) {
      existing.spec = doc.spec ?? {};
      if (doc.metadata?.labels) existing.metadata.labels = { ...doc.metadata.labels };
      storePut(world.state.api, existing);
    } else {
      apiCreate(world.state, { apiVersion: CRD_V1, kind: hit.stored, metadata: { name: hit.name, annotations: {} }, spec: doc.spec ?? {} });
    }
    delete etcd.extra[key];
    return;
  }
  etcd.extra[key] = value;
}

/**
 * `etcdctl del`: deletes the keys and the objects behind Calico's keys. Keys that Calico's agents
 * own (nodes, workload endpoints, profiles) are written again by them at once, as kube-controllers
 * and calico-node re-sync them from the Kubernetes objects. Returns how many keys were deleted.
 */
export function etcdDelete(world: World, keys: string[]): number {
  const etcd = world.state.etcd;
  if (!etcd) return 0;
  const api = world.state.api;
  let n = 0;
  for (const key of keys) {
    n++;
    if (key in etcd.extra) {
      delete etcd.extra[key];
      continue;
    }
    const hit = storedFor(key);
    if (hit) {
      storeDelete(api, hit.stored, undefined, hit.name);
      continue;
    }
    let m = /^\/calico\/ipam\/v2\/assignment\/ipv4\/block\/([^/]+)$/.exec(key);
    if (m) {
      storeDelete(api, 'IPAMBlock', undefined, blockObjectName(m[1].replace('-', '/')));
      continue;
    }
    m = /^\/calico\/ipam\/v2\/host\/([^/]+)\/ipv4\/block\/([^/]+)$/.exec(key);
    if (m) {
      storeDelete(api, 'BlockAffinity', undefined, `${m[1]}-${blockObjectName(m[2].replace('-', '/'))}`);
      continue;
    }
    m = /^\/calico\/ipam\/v2\/handle\/([^/]+)$/.exec(key);
    if (m) {
      storeDelete(api, 'IPAMHandle', undefined, m[1].toLowerCase());
      continue;
    }
    if (key === `${IPAM}config`) storeDelete(api, 'IPAMConfig', undefined, 'default');
  }
  return n;
}

function storedFor(key: string): { stored: string; name: string } | null {
  if (!key.startsWith(RESOURCES)) return null;
  const [plural, name, more] = key.slice(RESOURCES.length).split('/');
  const s = STORED.find((x) => x.plural === plural);
  if (!s || !name || more !== undefined || (plural === 'felixconfigurations' && name.startsWith('node.'))) return null;
  return { stored: s.stored, name };
}

// ---------------------------------------------------------------------------------------------

function hashHex(text: string, length: number): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  let out = '';
  for (let round = 0; out.length < length; round++) {
    for (const ch of `${round}:${text}`) {
      h1 = Math.imul(h1 ^ ch.charCodeAt(0), 0x01000193) >>> 0;
      h2 = Math.imul(h2 + ch.charCodeAt(0), 0x5bd1e995) >>> 0;
    }
    out += (h1 ^ h2).toString(16).padStart(8, '0');
  }
  return out.slice(0, length).replace(/^0/, '8');
}

/** A stable UUID for keys whose object the emulator derives rather than stores. */
function uuidFrom(text: string): string {
  const h = hashHex(text, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
