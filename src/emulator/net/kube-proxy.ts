/**
 * kube-proxy in iptables mode (v1.28, pkg/proxy/iptables/proxier.go) on every node whose
 * kube-proxy pod runs: the nat table's KUBE-SERVICES → KUBE-SVC-* → KUBE-SEP-* chains that DNAT
 * a Service's ClusterIP (or a NodePort) to one ready endpoint, chosen by `-m statistic --mode
 * random --probability 1/n` in turn, KUBE-MARK-MASQ for traffic from outside the pod CIDR and
 * KUBE-POSTROUTING's MASQUERADE of marked packets. Chain names are kube-proxy's: base32 of the
 * sha256 of the service port name and protocol (and endpoint), 16 characters. Felix's cali-*
 * chains are left alone; Felix keeps its own jumps first in the built-in chains.
 *
 * Not emulated: the filter table's KUBE-* chains (the REJECT of a Service without endpoints,
 * KUBE-FORWARD), KUBE-PROXY-CANARY, session affinity, traffic policy Local, LoadBalancer.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import type { World } from '../world';
import type { NodeState } from '../state';
import type { IptRule } from './iptables-types';
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
    // No endpoints: kube-proxy writes a REJECT in the filter table only (not emulated here).
    if (!eps.length) continue;
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
  return { chains };
}

function parseRule(text: string): IptRule {
  const args = iptArgvSplit(text);
  const st = ruleParseStart();
  for (let i = 0; i < args.length; ) {
    const next = ruleOption(st, args, i);
    if (typeof next !== 'number') throw new Error(`kube-proxy rule: ${text}`);
    i = next;
  }
  return ruleFinish(st.rule);
}

/** The jumps kube-proxy ensures in the nat table's built-in chains. */
const JUMPS: [string, string][] = [
  ['PREROUTING', '-m comment --comment "kubernetes service portals" -j KUBE-SERVICES'],
  ['OUTPUT', '-m comment --comment "kubernetes service portals" -j KUBE-SERVICES'],
  ['POSTROUTING', '-m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING'],
];

const MEMO = new WeakMap<NodeState, string>();

/** The nodes whose kube-proxy pod runs (a powered-off node's rules stay as they were). */
function kubeProxyNodes(world: World): Set<string> {
  const out = new Set<string>();
  for (const p of storeList(world.state.api, 'Pod', 'kube-system')) {
    if (p.metadata.labels?.['k8s-app'] === 'kube-proxy' && p.status?.phase === 'Running' && p.spec?.nodeName) out.add(p.spec.nodeName);
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

function nodeSync(world: World, node: NodeState, sig: string): void {
  const st = iptablesOf(node);
  const nat = st.tables.nat;
  if (MEMO.get(node) === sig && nat.chains.some((c) => c.name === 'KUBE-SERVICES')) return;
  MEMO.set(node, sig);
  const d = desiredRules(world, world.state.podSubnet);
  let changed = false;
  // Stale service and endpoint chains go; kube-proxy's other chains are rewritten in place.
  const before = nat.chains.length;
  nat.chains = nat.chains.filter((c) => !/^KUBE-(SVC|SEP|EXT|SVL|FW)-/.test(c.name) || d.chains.has(c.name));
  changed ||= nat.chains.length !== before;
  for (const [name, texts] of d.chains) {
    const rules = texts.map(parseRule);
    const cur = nat.chains.find((c) => c.name === name);
    if (!cur) {
      nat.chains.push({ name, pkts: 0, bytes: 0, rules });
      changed = true;
      continue;
    }
    if (cur.rules.length === rules.length && cur.rules.every((r, i) => ruleSpec(r) === ruleSpec(rules[i]))) continue;
    for (const r of rules) {
      const old = cur.rules.find((o) => ruleSpec(o) === ruleSpec(r));
      if (old) [r.pkts, r.bytes] = [old.pkts, old.bytes];
    }
    cur.rules = rules;
    changed = true;
  }
  for (const [hook, text] of JUMPS) {
    const chain = nat.chains.find((c) => c.name === hook);
    const rule = parseRule(text);
    if (!chain || chain.rules.some((r) => ruleSpec(r) === ruleSpec(rule))) continue;
    // EnsureRule(Prepend): first among the rules that are not Felix's (Felix keeps its own on top).
    const at = chain.rules.findIndex((r) => !(r.matches[0]?.m === 'comment' && r.matches[0].text.startsWith('cali:')));
    chain.rules.splice(at < 0 ? chain.rules.length : at, 0, rule);
    changed = true;
  }
  if (changed) st.rev++;
}
