/**
 * Calico's v3 API (projectcalico.org/v3) over the Kubernetes datastore, as libcalico-go's KDD
 * backend presents it to calicoctl: most kinds are the crd.projectcalico.org/v1 objects with the
 * v3 apiVersion; Nodes are built from Kubernetes Nodes and their annotations, WorkloadEndpoints
 * from pods.
 */
import type { World } from '../world';
import type { Json, KObj } from '../k8s/objects';
import { deepClone, storeGet, storeList, storedKind } from '../k8s/objects';
import { blockObjectName } from './names';
import type { WorldState } from '../state';
import { timestampAt } from '../k8s/factory';
import { stableHex64 } from '../system/host';

export const V3 = 'projectcalico.org/v3';
export const CRD_V1 = 'crd.projectcalico.org/v1';

export interface CalicoKind {
  /** v3 kind, as calicoctl prints it. */
  kind: string;
  /** The v1 CRD kind it is stored as, or null when derived (Node, WorkloadEndpoint). */
  stored: string | null;
  /** CRD plural, for the Kubernetes "not found" message. */
  plural: string;
  names: string[];
  namespaced: boolean;
  /** calicoctl only reads these (IPAM internals, derived kinds). */
  readOnly?: boolean;
}

export const CALICO_KINDS: CalicoKind[] = [
  { kind: 'BGPConfiguration', stored: 'BGPConfiguration', plural: 'bgpconfigurations', names: ['bgpconfiguration', 'bgpconfigurations', 'bgpconfig', 'bgpconfigs'], namespaced: false },
  { kind: 'BGPPeer', stored: 'BGPPeer', plural: 'bgppeers', names: ['bgppeer', 'bgppeers', 'bgpp', 'bgpps', 'bp', 'bps'], namespaced: false },
  { kind: 'BlockAffinity', stored: 'BlockAffinity', plural: 'blockaffinities', names: ['blockaffinity', 'blockaffinities', 'affinity', 'affinities'], namespaced: false, readOnly: true },
  { kind: 'ClusterInformation', stored: 'ClusterInformation', plural: 'clusterinformations', names: ['clusterinformation', 'clusterinformations', 'clusterinfo', 'clusterinfos'], namespaced: false },
  { kind: 'FelixConfiguration', stored: 'FelixConfiguration', plural: 'felixconfigurations', names: ['felixconfiguration', 'felixconfigurations', 'felixconfig', 'felixconfigs'], namespaced: false },
  { kind: 'GlobalNetworkPolicy', stored: 'GlobalNetworkPolicy', plural: 'globalnetworkpolicies', names: ['globalnetworkpolicy', 'globalnetworkpolicies', 'gnp', 'gnps'], namespaced: false },
  { kind: 'IPAMBlock', stored: 'IPAMBlock', plural: 'ipamblocks', names: ['ipamblock', 'ipamblocks'], namespaced: false, readOnly: true },
  { kind: 'IPAMConfiguration', stored: 'IPAMConfig', plural: 'ipamconfigs', names: ['ipamconfiguration', 'ipamconfigurations', 'ipamconfig', 'ipamconfigs'], namespaced: false },
  { kind: 'IPPool', stored: 'IPPool', plural: 'ippools', names: ['ippool', 'ippools', 'ipp', 'ipps', 'pool', 'pools'], namespaced: false },
  { kind: 'NetworkPolicy', stored: 'NetworkPolicy', plural: 'networkpolicies', names: ['networkpolicy', 'networkpolicies', 'policy', 'np', 'policies', 'pol', 'pols'], namespaced: true },
  { kind: 'Node', stored: null, plural: 'nodes', names: ['node', 'nodes', 'no', 'nos'], namespaced: false },
  { kind: 'WorkloadEndpoint', stored: null, plural: 'workloadendpoints', names: ['workloadendpoint', 'workloadendpoints', 'wep', 'weps'], namespaced: true, readOnly: true },
];

/** calicoctl's kind lookup: case-insensitive, singular, plural or short name. */
export function calicoKindLookup(typed: string): CalicoKind | undefined {
  const t = typed.toLowerCase();
  return CALICO_KINDS.find((k) => k.names.includes(t) || k.kind.toLowerCase() === t);
}

export function calicoKindByV3(kind: string): CalicoKind | undefined {
  return CALICO_KINDS.find((k) => k.kind === kind);
}

/** The store key kind of a stored Calico kind (NetworkPolicy is group-qualified, see storedKind). */
export function calicoStoreKind(k: CalicoKind): string {
  return storedKind(CRD_V1, k.stored!);
}

/** calicoctl's prefix for the Kubernetes NetworkPolicies the KDD backend lists beside Calico's. */
export const K8S_POLICY_PREFIX = 'knp.default.';

/** Calico is installed when its CRDs are (the KDD backend needs them). */
export function calicoCrdsInstalled(world: World): boolean {
  return !!storeGet(world.state.api, 'CustomResourceDefinition', undefined, 'ippools.crd.projectcalico.org');
}

/** Where libcalico-go's KDD backend keeps the v3 metadata the CRD object has no field for. */
export const V3_METADATA_ANNOTATION = 'projectcalico.org/metadata';

/**
 * The metadata clientv3's Create sends to the API server: clientv3 gives the resource a uid and a
 * creation time of its own, which the KDD backend keeps as JSON in projectcalico.org/metadata
 * (`kubectl get ippools -o yaml` shows it beside the CRD object's own uid), and the API server
 * starts every custom resource at generation 1. The uid comes from a hash, not the seeded
 * generator, so adding it moved no other random number.
 */
export function clientv3Metadata(state: WorldState, kind: string, name: string, namespace?: string): { annotations: Record<string, string>; generation: number } {
  const h = stableHex64(`${state.seed}|v3|${kind}|${namespace ?? ''}|${name}|${state.clock.now}`);
  const uid = `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${'89ab'[parseInt(h[16], 16) % 4]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  return { annotations: { [V3_METADATA_ANNOTATION]: JSON.stringify({ uid, creationTimestamp: timestampAt(state, state.clock.now) }) }, generation: 1 };
}

/** metadata as the KDD backend returns it: v3 fields only, its uid and creation time from the annotation. */
function v3Meta(obj: KObj, extra: Json = {}): Json {
  let v3: { uid?: string; creationTimestamp?: string } = {};
  try {
    v3 = JSON.parse(obj.metadata.annotations?.[V3_METADATA_ANNOTATION] ?? '{}') ?? {};
  } catch {
    v3 = {};
  }
  const m: Json = { creationTimestamp: v3.creationTimestamp ?? obj.metadata.creationTimestamp, name: obj.metadata.name, ...(obj.metadata.namespace ? { namespace: obj.metadata.namespace } : {}), resourceVersion: obj.metadata.resourceVersion, uid: v3.uid ?? obj.metadata.uid, ...extra };
  const ann = { ...(obj.metadata.annotations ?? {}) };
  delete ann['projectcalico.org/metadata'];
  delete ann['kubectl.kubernetes.io/last-applied-configuration'];
  if (Object.keys(ann).length) m.annotations = ann;
  if (obj.metadata.labels && Object.keys(obj.metadata.labels).length) m.labels = { ...obj.metadata.labels };
  return m;
}

/** A stored v1 object seen through the v3 API. */
export function v1ToV3(k: CalicoKind, obj: KObj): KObj {
  const spec = deepClone(obj.spec ?? {});
  if (k.kind === 'IPAMBlock') {
    // The v3 IPAMBlock hides nothing; BlockAffinity's `deleted` is a string in the CRD.
  }
  return { apiVersion: V3, kind: k.kind, metadata: v3Meta(obj), spec } as KObj;
}

/** The Calico Node resource for a Kubernetes Node (libcalico-go K8sNodeToCalico). */
export function calicoNodeV3(node: KObj): KObj {
  const a = node.metadata.annotations ?? {};
  const spec: Json = {};
  const addrs: Json[] = [];
  const v4 = a['projectcalico.org/IPv4Address'];
  if (v4) addrs.push({ address: v4, type: 'CalicoNodeIP' });
  for (const na of node.status?.addresses ?? []) if (na.type === 'InternalIP') addrs.push({ address: na.address, type: 'InternalIP' });
  if (addrs.length) spec.addresses = addrs;
  if (v4) {
    spec.bgp = { ipv4Address: v4 };
    if (a['projectcalico.org/IPv4IPIPTunnelAddr']) spec.bgp.ipv4IPIPTunnelAddr = a['projectcalico.org/IPv4IPIPTunnelAddr'];
    if (a['projectcalico.org/ASNumber']) spec.bgp.asNumber = Number(a['projectcalico.org/ASNumber']);
    if (a['projectcalico.org/RouteReflectorClusterID']) spec.bgp.routeReflectorClusterID = a['projectcalico.org/RouteReflectorClusterID'];
  }
  if (a['projectcalico.org/IPv4VXLANTunnelAddr']) spec.ipv4VXLANTunnelAddr = a['projectcalico.org/IPv4VXLANTunnelAddr'];
  spec.orchRefs = [{ nodeName: node.metadata.name, orchestrator: 'k8s' }];
  if (a['projectcalico.org/VXLANTunnelMACAddr']) spec.vxlanTunnelMACAddr = a['projectcalico.org/VXLANTunnelMACAddr'];
  const meta: Json = { creationTimestamp: node.metadata.creationTimestamp, name: node.metadata.name, resourceVersion: node.metadata.resourceVersion, uid: node.metadata.uid };
  if (node.metadata.labels) meta.labels = { ...node.metadata.labels };
  return { apiVersion: V3, kind: 'Node', metadata: meta, spec, status: {} } as KObj;
}

/** WorkloadEndpoint name: `<node>-k8s-<pod, dashes doubled>-eth0`, as the KDD converter builds it. */
export function wepName(node: string, pod: string): string {
  return `${node.replace(/-/g, '--')}-k8s-${pod.replace(/-/g, '--')}-eth0`;
}

export function workloadEndpointsV3(world: World, namespace?: string): KObj[] {
  const out: KObj[] = [];
  for (const node of world.state.nodes) {
    for (const net of Object.values(node.pods)) {
      if (namespace !== undefined && net.namespace !== namespace) continue;
      const pod = storeGet(world.state.api, 'Pod', net.namespace, net.pod);
      if (!pod) continue;
      const sa = pod.spec?.serviceAccountName ?? 'default';
      out.push({
        apiVersion: V3,
        kind: 'WorkloadEndpoint',
        metadata: { creationTimestamp: pod.metadata.creationTimestamp, labels: { ...(pod.metadata.labels ?? {}), 'projectcalico.org/namespace': net.namespace, 'projectcalico.org/orchestrator': 'k8s', 'projectcalico.org/serviceaccount': sa }, name: wepName(node.name, net.pod), namespace: net.namespace, resourceVersion: pod.metadata.resourceVersion, uid: pod.metadata.uid },
        spec: {
          containerID: pod.metadata.annotations?.['cni.projectcalico.org/containerID'] ?? '',
          endpoint: 'eth0',
          interfaceName: net.hostVeth,
          ipNetworks: [`${net.ip}/32`],
          node: node.name,
          orchestrator: 'k8s',
          pod: net.pod,
          profiles: [`kns.${net.namespace}`, `ksa.${net.namespace}.${sa}`],
          serviceAccountName: sa,
        },
      } as KObj);
    }
  }
  return out.sort((a, b) => (a.metadata.namespace! + '/' + a.metadata.name).localeCompare(b.metadata.namespace! + '/' + b.metadata.name));
}

/** Every v3 resource of a kind, sorted by name as the datastore lists them. */
export function calicoList(world: World, k: CalicoKind, namespace?: string): KObj[] {
  if (k.kind === 'Node') return storeList(world.state.api, 'Node').map(calicoNodeV3);
  if (k.kind === 'WorkloadEndpoint') return workloadEndpointsV3(world, namespace);
  const stored = storeList(world.state.api, calicoStoreKind(k), namespace).map((o) => v1ToV3(k, o));
  // The KDD backend lists Kubernetes NetworkPolicies after Calico's, converted (read-only).
  if (k.kind === 'NetworkPolicy') return stored.concat(storeList(world.state.api, 'NetworkPolicy', namespace).map(k8sPolicyV3));
  return stored;
}

/** libcalico-go's K8sNetworkPolicyToCalico: a Kubernetes NetworkPolicy as calicoctl shows it. */
export function k8sPolicyV3(np: KObj): KObj {
  const spec: Json = np.spec ?? {};
  const ns = np.metadata.namespace ?? 'default';
  const ingress = ((spec.ingress ?? []) as Json[]).flatMap((r) => k8sRuleV3(r?.from, r?.ports, true));
  const egress = ((spec.egress ?? []) as Json[]).flatMap((r) => k8sRuleV3(r?.to, r?.ports, false));
  const typesIn: string[] = Array.isArray(spec.policyTypes) ? spec.policyTypes : [];
  const types = ['Ingress', 'Egress'].filter((t) => typesIn.includes(t));
  if (!types.length) types.push('Ingress');
  const out: Json = { order: 1000, selector: k8sSelectorV3(spec.podSelector, true), types };
  if (ingress.length) out.ingress = ingress;
  if (egress.length) out.egress = egress;
  return {
    apiVersion: V3,
    kind: 'NetworkPolicy',
    metadata: { creationTimestamp: np.metadata.creationTimestamp, name: K8S_POLICY_PREFIX + np.metadata.name, namespace: ns, resourceVersion: np.metadata.resourceVersion, uid: np.metadata.uid },
    spec: out,
  } as KObj;
}

/** A label selector in Calico's syntax; pod selectors are limited to Kubernetes workloads. */
function k8sSelectorV3(sel: Json, pod: boolean): string {
  const parts: string[] = pod ? ["projectcalico.org/orchestrator == 'k8s'"] : [];
  if (sel === undefined || sel === null) return parts.join(' && ');
  const labels: Record<string, string> = sel.matchLabels ?? {};
  const exprs: Json[] = Array.isArray(sel.matchExpressions) ? sel.matchExpressions : [];
  if (!pod && !Object.keys(labels).length && !exprs.length) return 'all()';
  for (const k of Object.keys(labels).sort()) parts.push(`${k} == '${labels[k]}'`);
  for (const e of exprs) {
    const values = (e.values ?? []).join("', '");
    if (e.operator === 'In') parts.push(`${e.key} in { '${values}' }`);
    else if (e.operator === 'NotIn') parts.push(`${e.key} not in { '${values}' }`);
    else if (e.operator === 'Exists') parts.push(`has(${e.key})`);
    else if (e.operator === 'DoesNotExist') parts.push(`! has(${e.key})`);
  }
  return parts.join(' && ');
}

/** One Kubernetes rule becomes one Calico rule per protocol and peer (k8sRuleToCalico). */
function k8sRuleV3(peers: Json[] | undefined, ports: Json[] | undefined, ingress: boolean): Json[] {
  const byProto = new Map<string, (number | string)[] | null>();
  for (const p of ports?.length ? ports : [null]) {
    if (!p || p.port === undefined) {
      if (!p) {
        byProto.clear();
        byProto.set('', null);
        break;
      }
      byProto.set(p.protocol ?? 'TCP', null);
      continue;
    }
    const proto = p.protocol ?? 'TCP';
    const port = p.endPort ? `${p.port}:${p.endPort}` : p.port;
    const have = byProto.get(proto);
    if (have === undefined) byProto.set(proto, [port]);
    else if (have) have.push(port);
  }
  const rules: Json[] = [];
  for (const proto of [...byProto.keys()].sort()) {
    const portList = byProto.get(proto);
    for (const peer of peers?.length ? peers : [null]) {
      const entity: Json = {};
      if (peer?.ipBlock) {
        entity.nets = [peer.ipBlock.cidr];
        if (peer.ipBlock.except?.length) entity.notNets = [...peer.ipBlock.except];
      } else if (peer) {
        const selector = k8sSelectorV3(peer.podSelector, true);
        const nsSelector = peer.namespaceSelector === undefined ? '' : k8sSelectorV3(peer.namespaceSelector, false);
        if (selector) entity.selector = selector;
        if (nsSelector) entity.namespaceSelector = nsSelector;
      }
      const dst: Json = portList ? { ports: portList } : {};
      const rule: Json = { action: 'Allow' };
      if (proto) rule.protocol = proto;
      if (ingress) Object.assign(rule, { source: entity, destination: dst });
      else Object.assign(rule, { destination: { ...dst, ...entity } });
      if (!ingress) rule.source = {};
      rules.push(rule);
    }
  }
  return rules;
}

export function calicoGet(world: World, k: CalicoKind, name: string, namespace?: string): KObj | undefined {
  return calicoList(world, k, namespace).find((o) => o.metadata.name === name);
}

/** The error libcalico-go returns for a missing resource, wrapping the Kubernetes "not found". */
export function notExistError(k: CalicoKind, name: string, namespace?: string): string {
  const id = k.namespaced ? `${k.kind}(${namespace ?? 'default'}/${name})` : `${k.kind}(${name})`;
  const plural = k.kind === 'Node' ? 'nodes' : `${k.plural}.crd.projectcalico.org`;
  return `resource does not exist: ${id} with error: ${plural} "${name}" not found`;
}

export { blockObjectName };
