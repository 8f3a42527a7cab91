/**
 * The policies Felix renders for a workload, in Calico's model: Kubernetes NetworkPolicies become
 * `knp.default.<name>` (order 1000), Calico NetworkPolicies `default.<name>`, GlobalNetworkPolicies
 * apply everywhere; each rule becomes iptables text whose selectors are ipsets (`cali40s:<hash>`).
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import type { World } from '../world';
import type { KObj, Json } from '../k8s/objects';
import { CALICO_NETWORK_POLICY, storeGet, storeList } from '../k8s/objects';
import { selectorMatches } from './selector';
import type { Labels } from './selector';

export type Direction = 'ingress' | 'egress';

export interface PolicyView {
  /** Felix's policy id: `ns/knp.default.name`, `ns/default.name` or `default.name`. */
  id: string;
  order: number;
  appliesTo: (pod: KObj) => boolean;
  types: Direction[];
  rules: Record<Direction, CalicoRule[]>;
}

interface Entity {
  /** Pods whose addresses form an ipset. */
  pods?: (pod: KObj) => boolean;
  setKey?: string;
  nets?: string[];
  ports?: string[];
}

export interface CalicoRule {
  action: 'Allow' | 'Deny' | 'Pass' | 'Log';
  protocol?: string;
  source: Entity;
  destination: Entity;
}

/** base64url of SHA-256, as Felix shortens names (hashutils.GetLengthLimitedID). */
export function felixHash(text: string, len: number): string {
  // Felix reprograms a node's chains on every pod change and hashes every rule again: a quarter
  // of the CPU of starting 1,000 pods on 100 nodes. The hash is pure: remember it.
  // Flat strings (join): a template literal's key stays a chain of pieces in the map.
  const key = [len, text].join(':');
  let h = HASHES.get(key);
  if (h === undefined) {
    if (HASHES.size >= 50_000) HASHES.clear();
    HASHES.set(key, (h = felixHashOf(text, len)));
  }
  return h;
}

const HASHES = new Map<string, string>();

/** The hash itself, not remembered (for callers that remember it their own way). */
export function felixHashOf(text: string, len: number): string {
  const b = sha256(utf8ToBytes(text));
  const s: string[] = [];
  const A = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  for (let i = 0; i + 2 < b.length && s.length < len; i += 3) {
    const n = (b[i] << 16) | (b[i + 1] << 8) | b[i + 2];
    s.push(A[(n >> 18) & 63], A[(n >> 12) & 63], A[(n >> 6) & 63], A[n & 63]);
  }
  // One flat string of exactly `len` characters (`+=` then `slice` kept three objects per hash).
  s.length = Math.min(s.length, len);
  return s.join('');
}

export function nsLabels(world: World, ns: string): Labels {
  return { ...(storeGet(world.state.api, 'Namespace', undefined, ns)?.metadata.labels ?? {}), 'kubernetes.io/metadata.name': ns };
}

/** The labels Calico's selectors see on a pod's workload endpoint. */
export function podCalicoLabels(pod: KObj): Labels {
  return { ...(pod.metadata.labels ?? {}), 'projectcalico.org/namespace': pod.metadata.namespace ?? '', 'projectcalico.org/orchestrator': 'k8s' };
}

/** A Kubernetes LabelSelector (matchLabels and matchExpressions). */
function labelSelector(sel: Json): (l: Labels) => boolean {
  if (!sel) return () => true;
  return (l) =>
    Object.entries((sel.matchLabels ?? {}) as Labels).every(([k, v]) => l[k] === v) &&
    ((sel.matchExpressions ?? []) as { key: string; operator: string; values?: string[] }[]).every((e) => {
      const has = e.key in l;
      if (e.operator === 'In') return has && !!e.values?.includes(l[e.key]);
      if (e.operator === 'NotIn') return !has || !e.values?.includes(l[e.key]);
      if (e.operator === 'Exists') return has;
      return !has;
    });
}

function k8sPorts(ports: Json[] | undefined): Map<string, string[]> {
  const byProto = new Map<string, string[]>();
  for (const p of ports ?? []) {
    const proto = String(p.protocol ?? 'TCP').toLowerCase();
    const list = byProto.get(proto) ?? [];
    if (p.port !== undefined) list.push(p.endPort ? `${p.port}:${p.endPort}` : String(p.port));
    byProto.set(proto, list);
  }
  return byProto;
}

/** kube-controllers' conversion of a NetworkPolicy: one Calico rule per peer and protocol. */
function fromK8s(world: World, np: KObj): PolicyView {
  const ns = np.metadata.namespace ?? 'default';
  const spec = np.spec ?? {};
  const podSel = labelSelector(spec.podSelector);
  const types: Direction[] = spec.policyTypes?.map((t: string) => t.toLowerCase()) ?? (spec.egress ? ['ingress', 'egress'] : ['ingress']);
  const rules = { ingress: [] as CalicoRule[], egress: [] as CalicoRule[] };
  for (const dir of ['ingress', 'egress'] as Direction[]) {
    for (const r of (spec[dir] ?? []) as Json[]) {
      const peers: Json[] = (dir === 'ingress' ? r.from : r.to) ?? [null];
      const ports = k8sPorts(r.ports);
      const protos: (string | undefined)[] = ports.size ? [...ports.keys()] : [undefined];
      for (const peer of peers) {
        const entity: Entity = {};
        if (peer?.ipBlock) entity.nets = [peer.ipBlock.cidr];
        else if (peer) {
          const nsSel = peer.namespaceSelector ? labelSelector(peer.namespaceSelector) : (n: Labels) => n['kubernetes.io/metadata.name'] === ns;
          const ps = labelSelector(peer.podSelector);
          entity.pods = (pod) => nsSel(nsLabels(world, pod.metadata.namespace ?? '')) && ps(pod.metadata.labels ?? {});
          entity.setKey = `k8s:${ns}:${JSON.stringify(peer)}`;
        }
        for (const proto of protos) {
          const other: Entity = proto && ports.get(proto)!.length ? { ports: ports.get(proto) } : {};
          rules[dir].push({ action: 'Allow', protocol: proto, source: dir === 'ingress' ? entity : {}, destination: dir === 'ingress' ? other : { ...entity, ...other } });
        }
      }
    }
  }
  return { id: `${ns}/knp.default.${np.metadata.name}`, order: 1000, appliesTo: (pod) => pod.metadata.namespace === ns && podSel(pod.metadata.labels ?? {}), types, rules };
}

function calicoEntity(world: World, e: Json, ns: string | undefined): Entity {
  const out: Entity = {};
  if (e?.nets) out.nets = e.nets;
  if (e?.ports) out.ports = (e.ports as (number | string)[]).map(String);
  if (e?.selector || e?.namespaceSelector) {
    const sel = e.selector as string | undefined;
    const nsSel = e.namespaceSelector as string | undefined;
    out.pods = (pod) =>
      (nsSel ? selectorMatches(nsSel, nsLabels(world, pod.metadata.namespace ?? '')) : ns === undefined || pod.metadata.namespace === ns) &&
      (!sel || selectorMatches(sel, podCalicoLabels(pod)));
    out.setKey = `calico:${ns ?? ''}:${sel ?? ''}:${nsSel ?? ''}`;
  }
  return out;
}

/** A crd.projectcalico.org/v1 NetworkPolicy (namespaced) or GlobalNetworkPolicy. */
function fromCalico(world: World, p: KObj, global: boolean): PolicyView {
  const ns = global ? undefined : p.metadata.namespace ?? 'default';
  const spec = p.spec ?? {};
  const name = p.metadata.name.startsWith('default.') ? p.metadata.name : `default.${p.metadata.name}`;
  const types: Direction[] = spec.types?.map((t: string) => t.toLowerCase()) ?? (spec.egress && !spec.ingress ? ['egress'] : spec.egress ? ['ingress', 'egress'] : ['ingress']);
  const rules = { ingress: [] as CalicoRule[], egress: [] as CalicoRule[] };
  for (const dir of ['ingress', 'egress'] as Direction[]) {
    for (const r of (spec[dir] ?? []) as Json[]) {
      rules[dir].push({ action: r.action ?? 'Allow', protocol: r.protocol ? String(r.protocol).toLowerCase() : undefined, source: calicoEntity(world, r.source, ns), destination: calicoEntity(world, r.destination, ns) });
    }
  }
  return {
    id: global ? name : `${ns}/${name}`,
    order: typeof spec.order === 'number' ? spec.order : Number.POSITIVE_INFINITY,
    appliesTo: (pod) => (global || pod.metadata.namespace === ns) && selectorMatches(spec.selector ?? 'all()', podCalicoLabels(pod)),
    types,
    rules,
  };
}

/** Every policy in the datastore, in the order Felix applies them (order, then name). */
export function policiesAll(world: World): PolicyView[] {
  const api = world.state.api;
  const out: PolicyView[] = [];
  for (const np of storeList(api, 'NetworkPolicy')) out.push(fromK8s(world, np));
  for (const np of storeList(api, CALICO_NETWORK_POLICY)) out.push(fromCalico(world, np, false));
  for (const g of storeList(api, 'GlobalNetworkPolicy')) out.push(fromCalico(world, g, true));
  return out.sort((a, b) => a.order - b.order || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** `cali40s:<hash>`: the ipset of the pods a selector picks. */
export function selectorSetName(key: string): string {
  return `cali40s:${felixHash(key, 22)}`;
}

/** A rule's iptables text (without Felix's hash comment): its matches, then the action's target. */
export function ruleTexts(rule: CalicoRule, dir: Direction): string[] {
  const m: string[] = [];
  if (rule.protocol) m.push(`-p ${rule.protocol}`);
  for (const [e, side] of [[rule.source, 'src'], [rule.destination, 'dst']] as const) {
    if (e.nets?.length === 1) m.push(`${side === 'src' ? '-s' : '-d'} ${e.nets[0]}`);
    else if (e.nets?.length) m.push(`-m set --match-set ${selectorSetName('nets:' + e.nets.join(','))} ${side}`);
    if (e.setKey) m.push(`-m set --match-set ${selectorSetName(e.setKey)} ${side}`);
    if (e.ports?.length) m.push(`-m multiport --${side === 'src' ? 'sports' : 'dports'} ${e.ports.join(',')}`);
  }
  void dir;
  const match = m.join(' ');
  switch (rule.action) {
    case 'Deny': return [`${match} -j DROP`];
    case 'Log': return [`${match} -j LOG --log-prefix "calico-packet: " --log-level 5`];
    case 'Pass': return [`${match} -j MARK --set-xmark 0x20000/0x20000`, `-m mark --mark 0x20000/0x20000 -j RETURN`];
    default: return [`${match} -j MARK --set-xmark 0x10000/0x10000`, `-m mark --mark 0x10000/0x10000 -m comment --comment "Return if policy accepted" -j RETURN`];
  }
}
