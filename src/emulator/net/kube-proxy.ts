/**
 * kube-proxy in iptables mode (v1.28, pkg/proxy/iptables/proxier.go) on every node whose
 * kube-proxy pod runs: the nat table's KUBE-SERVICES → KUBE-SVC-* → KUBE-SEP-* chains that DNAT
 * a Service's ClusterIP (or a NodePort) to one ready endpoint, chosen by `-m statistic --mode
 * random --probability 1/n` in turn, KUBE-MARK-MASQ for traffic from outside the pod CIDR and
 * KUBE-POSTROUTING's MASQUERADE of marked packets. Chain names are kube-proxy's: base32 of the
 * sha256 of the service port name and protocol (and endpoint), 16 characters.
 *
 * The filter table: a Service port without ready endpoints gets no nat chains but a REJECT
 * (`"ns/name has no endpoints"`) in filter KUBE-SERVICES, and its NodePort one in
 * KUBE-EXTERNAL-SERVICES, so a client is refused at once instead of timing out; KUBE-FORWARD
 * accepts marked and established traffic; KUBE-NODEPORTS (health-check ports) and
 * KUBE-PROXY-FIREWALL (loadBalancerSourceRanges) stay empty here; KUBE-FIREWALL is kubelet's
 * localnet guard, which kube-proxy writes too. The jumps are EnsureRule(Prepend) in the order
 * of iptablesJumpChains, so the last one ends up first; Felix keeps its cali-* jumps above them
 * (and its "Policy explicitly accepted packet." rule below them in FORWARD).
 *
 * Not emulated: KUBE-PROXY-CANARY/KUBE-KUBELET-CANARY, session affinity, traffic policy Local,
 * LoadBalancer, externalIPs.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import type { World } from '../world';
import type { NodeState } from '../state';
import type { IptablesState } from './iptables-types';
import type { IptRule, IptTableName } from './iptables-types';
import type { KObj } from '../k8s/objects';
import { storeList } from '../k8s/objects';
import { iptablesOf } from './iptables';
import { iptArgvSplit, ruleFinish, ruleOption, ruleParseStart, ruleSpec } from './iptables-spec';
import { serviceReadyEndpoints, servicePorts } from '../k8s/services';
import type { ServicePort } from '../k8s/services';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** base32.StdEncoding of sha256(text), first 16 characters (proxier.go portProtoHash). */
export function kubeProxyHash(text: string): string {
  const b = sha256(utf8ToBytes(text));
  let out = '';
  let bits = 0;
  let acc = 0;
  for (let i = 0; out.length < 16; i++) {
    acc = (acc << 8) | b[i];
    bits += 8;
    while (bits >= 5 && out.length < 16) {
      out += BASE32[(acc >>> (bits - 5)) & 31];
      bits -= 5;
    }
    acc &= (1 << bits) - 1;
  }
  return out;
}

/** `namespace/name:portname` (no `:` for an unnamed port), as ServicePortName.String(). */
function portName(svc: KObj, p: ServicePort): string {
  return `${svc.metadata.namespace}/${svc.metadata.name}${p.name ? `:${p.name}` : ''}`;
}

export function svcChainName(svc: KObj, p: ServicePort): string {
  return 'KUBE-SVC-' + kubeProxyHash(portName(svc, p) + p.protocol.toLowerCase());
}

function sepChainName(svc: KObj, p: ServicePort, endpoint: string): string {
  return 'KUBE-SEP-' + kubeProxyHash(portName(svc, p) + p.protocol.toLowerCase() + endpoint);
}

function extChainName(svc: KObj, p: ServicePort): string {
  return 'KUBE-EXT-' + kubeProxyHash(portName(svc, p) + p.protocol.toLowerCase());
}

/** `%0.10f` of 1/n, as iptables-save prints it back (eleven decimals). */
function probability(n: number): string {
  return (1 / n).toFixed(10);
}

interface Desired {
  /** Chains in the order kube-proxy writes them, with rule texts in iptables-save form. */
  chains: Map<string, string[]>;
  /** The filter table's chains, likewise. */
  filter: Map<string, string[]>;
}

function desiredRules(world: World, clusterCidr: string): Desired {
  const api = world.state.api;
  const chains = new Map<string, string[]>();
  const services: string[] = [];
  const nodeports: string[] = [];
  chains.set('KUBE-SERVICES', services);
  chains.set('KUBE-NODEPORTS', nodeports);
  chains.set('KUBE-POSTROUTING', [
    '-m mark ! --mark 0x4000/0x4000 -j RETURN',
    '-j MARK --xor-mark 0x4000',
    '-m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully',
  ]);
  chains.set('KUBE-MARK-MASQ', ['-j MARK --or-mark 0x4000']);
  const filter = new Map<string, string[]>();
  const rejects: string[] = [];
  const externalRejects: string[] = [];
  filter.set('KUBE-SERVICES', rejects);
  filter.set('KUBE-EXTERNAL-SERVICES', externalRejects);
  filter.set('KUBE-FORWARD', [
    // Unconditional in 1.28 (1.29 made it depend on nf_conntrack_tcp_be_liberal).
    '-m conntrack --ctstate INVALID -j DROP',
    '-m comment --comment "kubernetes forwarding rules" -m mark --mark 0x4000/0x4000 -j ACCEPT',
    '-m comment --comment "kubernetes forwarding conntrack rule" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
  ]);
  filter.set('KUBE-NODEPORTS', []);
  filter.set('KUBE-PROXY-FIREWALL', []);
  // route_localnet is on for localhost NodePorts: nothing from outside may reach 127.0.0.0/8.
  filter.set('KUBE-FIREWALL', ['! -s 127.0.0.0/8 -d 127.0.0.0/8 -m comment --comment "block incoming localnet connections" -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP']);
  const ports: { svc: KObj; p: ServicePort; name: string }[] = [];
  for (const svc of storeList(api, 'Service')) {
    const ip = svc.spec?.clusterIP as string | undefined;
    if (!ip || ip === 'None') continue;
    for (const p of servicePorts(svc)) ports.push({ svc, p, name: portName(svc, p) });
  }
  ports.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.p.protocol < b.p.protocol ? -1 : 1));
  for (const { svc, p, name } of ports) {
    const proto = p.protocol.toLowerCase();
    const ip = svc.spec.clusterIP as string;
    const eps = serviceReadyEndpoints(api, svc, p);
    // No endpoints: no nat chains, only the filter table's REJECT for the ClusterIP and the NodePort.
    if (!eps.length) {
      const comment = `-m comment --comment "${name} has no endpoints"`;
      rejects.push(`-d ${ip}/32 -p ${proto} ${comment} -m ${proto} --dport ${p.port} -j REJECT --reject-with icmp-port-unreachable`);
      if (p.nodePort) externalRejects.push(`-p ${proto} ${comment} -m addrtype --dst-type LOCAL -m ${proto} --dport ${p.nodePort} -j REJECT --reject-with icmp-port-unreachable`);
      continue;
    }
    const svcChain = svcChainName(svc, p);
    const match = `-d ${ip}/32 -p ${proto} -m comment --comment "${name} cluster IP" -m ${proto} --dport ${p.port}`;
    services.push(`${match} -j ${svcChain}`);
    const svcRules = [`! -s ${clusterCidr} ${match} -j KUBE-MARK-MASQ`];
    chains.set(svcChain, svcRules);
    if (p.nodePort) {
      const ext = extChainName(svc, p);
      nodeports.push(`-p ${proto} -m comment --comment "${name}" -m ${proto} --dport ${p.nodePort} -j ${ext}`);
      chains.set(ext, [`-m comment --comment "masquerade traffic for ${name} external destinations" -j KUBE-MARK-MASQ`, `-j ${svcChain}`]);
    }
    eps.forEach((e, i) => {
      const endpoint = `${e.ip}:${e.port}`;
      const sep = sepChainName(svc, p, endpoint);
      const stat = i < eps.length - 1 ? ` -m statistic --mode random --probability ${probability(eps.length - i)}` : '';
      svcRules.push(`-m comment --comment "${name} -> ${endpoint}"${stat} -j ${sep}`);
      chains.set(sep, [`-s ${e.ip}/32 -m comment --comment "${name}" -j KUBE-MARK-MASQ`, `-p ${proto} -m comment --comment "${name}" -m ${proto} -j DNAT --to-destination ${endpoint}`]);
    });
  }
  services.push('-m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS');
  return { chains, filter };
}

/**
 * Parsed once per text for all nodes (500 nodes parse the same rules); each node gets its own
 * copy, since a rule's counters are per node. Matches are never changed after parsing: shared.
 */
const PARSED = new Map<string, IptRule>();
function parseRule(text: string): IptRule {
  let r = PARSED.get(text);
  if (!r) {
    if (PARSED.size > 20_000) PARSED.clear();
    PARSED.set(text, (r = parseRuleText(text)));
  }
  return { ...r, pkts: 0, bytes: 0 };
}

function parseRuleText(text: string): IptRule {
  const args = iptArgvSplit(text);
  const st = ruleParseStart();
  for (let i = 0; i < args.length; ) {
    const next = ruleOption(st, args, i);
    if (typeof next !== 'number') throw new Error(`kube-proxy rule: ${text}`);
    i = next;
  }
  return ruleFinish(st.rule);
}

const NEW = '-m conntrack --ctstate NEW ';
/** iptablesJumpChains in proxier.go's order; each is prepended, so the last listed comes first. */
const JUMPS: [IptTableName, string, string][] = [
  ['filter', 'INPUT', `${NEW}-m comment --comment "kubernetes externally-visible service portals" -j KUBE-EXTERNAL-SERVICES`],
  ['filter', 'FORWARD', `${NEW}-m comment --comment "kubernetes externally-visible service portals" -j KUBE-EXTERNAL-SERVICES`],
  ['filter', 'INPUT', '-m comment --comment "kubernetes health check service ports" -j KUBE-NODEPORTS'],
  ['filter', 'FORWARD', `${NEW}-m comment --comment "kubernetes service portals" -j KUBE-SERVICES`],
  ['filter', 'OUTPUT', `${NEW}-m comment --comment "kubernetes service portals" -j KUBE-SERVICES`],
  ['filter', 'FORWARD', '-m comment --comment "kubernetes forwarding rules" -j KUBE-FORWARD'],
  ['filter', 'INPUT', `${NEW}-m comment --comment "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL`],
  ['filter', 'OUTPUT', `${NEW}-m comment --comment "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL`],
  ['filter', 'FORWARD', `${NEW}-m comment --comment "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL`],
  ['nat', 'OUTPUT', '-m comment --comment "kubernetes service portals" -j KUBE-SERVICES'],
  ['nat', 'PREROUTING', '-m comment --comment "kubernetes service portals" -j KUBE-SERVICES'],
  ['nat', 'POSTROUTING', '-m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING'],
];

/** kubelet's own jumps (EnsureRule(Append), before kube-proxy started): last in INPUT and OUTPUT. */
const KUBELET_JUMPS: [IptTableName, string, string][] = [
  ['filter', 'INPUT', '-j KUBE-FIREWALL'],
  ['filter', 'OUTPUT', '-j KUBE-FIREWALL'],
];

const MEMO = new WeakMap<NodeState, string>();

/**
 * The rules are the same on every node: computed once per change of the inputs, not once per
 * node (a BIRD restart moves kube-dns's EndpointSlice, and 500 nodes then rebuilt the same rules).
 */
const DESIRED = new WeakMap<World, { key: string; rules: Desired }>();
function desiredFor(world: World, sig: string): Desired {
  const key = `${sig}|${world.state.podSubnet}`;
  const hit = DESIRED.get(world);
  if (hit?.key === key) return hit.rules;
  const rules = desiredRules(world, world.state.podSubnet);
  DESIRED.set(world, { key, rules });
  return rules;
}

/** A pod of the kube-proxy DaemonSet: its phase decides which nodes kube-proxy programs. */
export function isKubeProxyPod(p: KObj): boolean {
  return p.metadata.labels?.['k8s-app'] === 'kube-proxy';
}

/** The nodes whose kube-proxy pod runs (a powered-off node's rules stay as they were). */
function kubeProxyNodes(world: World): Set<string> {
  const out = new Set<string>();
  for (const p of storeList(world.state.api, 'Pod', 'kube-system')) {
    if (isKubeProxyPod(p) && p.status?.phase === 'Running' && p.spec?.nodeName) out.add(p.spec.nodeName);
  }
  return out;
}

/** What kube-proxy's rules follow: every Service and EndpointSlice at its revision. */
function inputsSignature(world: World): string {
  const api = world.state.api;
  return [...storeList(api, 'Service'), ...storeList(api, 'EndpointSlice')].map((o) => `${o.metadata.uid}@${o.metadata.resourceVersion}`).join();
}

/** syncProxyRules on every node whose kube-proxy runs (the inputs are read once for all). */
export function kubeProxySyncAll(world: World): void {
  const running = kubeProxyNodes(world);
  const sig = inputsSignature(world);
  for (const n of world.state.nodes) if (n.power === 'on' && running.has(n.name)) nodeSync(world, n, sig);
}

/** syncProxyRules for one node: rewrite its KUBE-* nat chains when Services or endpoints changed. */
export function kubeProxySync(world: World, node: NodeState): void {
  if (node.power === 'on' && kubeProxyNodes(world).has(node.name)) nodeSync(world, node, inputsSignature(world));
}

function isFelixRule(r: IptRule): boolean {
  return r.matches[0]?.m === 'comment' && r.matches[0].text.startsWith('cali:');
}

/** Rewrite one table's kube-proxy chains to `want`; stale service chains go. */
function tableSync(chains: IptablesState['tables'][IptTableName], want: Map<string, string[]>): boolean {
  let changed = false;
  const before = chains.chains.length;
  chains.chains = chains.chains.filter((c) => !/^KUBE-(SVC|SEP|EXT|SVL|FW)-/.test(c.name) || want.has(c.name));
  changed ||= chains.chains.length !== before;
  for (const [name, texts] of want) {
    const rules = texts.map(parseRule);
    const cur = chains.chains.find((c) => c.name === name);
    if (!cur) {
      chains.chains.push({ name, pkts: 0, bytes: 0, rules });
      changed = true;
      continue;
    }
    if (cur.rules.length === rules.length && cur.rules.every((r, i) => sameRule(r, rules[i]))) {
      // The same rules: keep their counters on the new objects, which share the parse (a
      // restored world's rules are copies from JSON, and would stay so on all 500 nodes).
      rules.forEach((r, i) => ([r.pkts, r.bytes] = [cur.rules[i].pkts, cur.rules[i].bytes]));
      cur.rules = rules;
      continue;
    }
    for (const r of rules) {
      const old = cur.rules.find((o) => ruleSpec(o) === ruleSpec(r));
      if (old) [r.pkts, r.bytes] = [old.pkts, old.bytes];
    }
    cur.rules = rules;
    changed = true;
  }
  return changed;
}

/**
 * Two rules are the same rule: at once when both are copies of one parse (they share its match
 * list), else by their specifications. Every node compares its chains after each EndpointSlice
 * change; building both texts for every rule was most of kube-proxy's time at 500 nodes.
 */
function sameRule(a: IptRule, b: IptRule): boolean {
  if (a.matches === b.matches && sameFields(a, b) && sameFields(b, a)) return true;
  return ruleSpec(a) === ruleSpec(b);
}

/** Every field of `a` but its counters is the same value in `b` (shared lists by identity). */
function sameFields(a: IptRule, b: IptRule): boolean {
  const x = a as unknown as Record<string, unknown>;
  const y = b as unknown as Record<string, unknown>;
  for (const k in x) if (k !== 'pkts' && k !== 'bytes' && x[k] !== y[k]) return false;
  return true;
}

/** The iptables revision each node was left at by its last sync: unchanged, its jumps are still in place. */
const JUMPS_AT = new WeakMap<IptablesState, number>();

function nodeSync(world: World, node: NodeState, sig: string): void {
  const st = iptablesOf(node);
  if (MEMO.get(node) === sig) {
    // Untouched since the last sync (every pod's start rewrites Felix's chains, and 500 nodes
    // searched theirs for KUBE-SERVICES after each), or flushed since and missing its chains.
    if (JUMPS_AT.get(st) === st.rev) return;
    if (st.tables.nat.chains.some((c) => c.name === 'KUBE-SERVICES') && st.tables.filter.chains.some((c) => c.name === 'KUBE-FORWARD')) return;
  }
  MEMO.set(node, sig);
  const d = desiredFor(world, sig);
  let changed = tableSync(st.tables.nat, d.chains);
  let filtering = tableSync(st.tables.filter, d.filter);
  changed ||= filtering;
  const ensure = (table: IptTableName, hook: string, text: string, append: boolean) => {
    const chain = st.tables[table].chains.find((c) => c.name === hook);
    const rule = parseRule(text);
    if (!chain || chain.rules.some((r) => r.matches === rule.matches && sameRule(r, rule))) return;
    const spec = ruleSpec(rule);
    if (chain.rules.some((r) => ruleSpec(r) === spec)) return;
    if (append) {
      // kubelet's Append (INPUT and OUTPUT carry no Felix rules at their bottom).
      chain.rules.push(rule);
    } else {
      // EnsureRule(Prepend): below Felix's jumps to its cali-* chains, which Felix keeps on top.
      let at = 0;
      while (at < chain.rules.length && isFelixRule(chain.rules[at]) && chain.rules[at].target?.startsWith('cali-')) at++;
      chain.rules.splice(at, 0, rule);
    }
    changed = true;
    if (table !== 'nat') filtering = true;
  };
  // Nothing has touched the tables since the last sync put the jumps in: they are there.
  if (JUMPS_AT.get(st) !== st.rev || changed) {
    for (const [table, hook, text] of KUBELET_JUMPS) ensure(table, hook, text, true);
    for (const [table, hook, text] of JUMPS) ensure(table, hook, text, false);
  }
  if (changed) st.rev++;
  if (changed && !filtering) st.natRevs = (st.natRevs ?? 0) + 1;
  JUMPS_AT.set(st, st.rev);
}
