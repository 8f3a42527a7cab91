/**
 * Felix's iptables programming (felix/rules, v3.2x iptables dataplane): the hook rules that jump
 * to `cali-INPUT`/`cali-FORWARD`/`cali-OUTPUT` at the top of the built-in chains, the IPIP pair,
 * the workload dispatch chains, one `cali-tw-`/`cali-fw-` chain per local pod, profiles per
 * namespace, policy chains and the natOutgoing MASQUERADE. Hashes quoted in the reference
 * (§6.4) are Felix's own; the others are stable hashes of the chain and rule.
 * Chains whose rules did not change keep their counters, as with iptables-restore's diffs.
 */
import type { World } from '../world';
import type { NodeState } from '../state';
import type { IptMatch, IptRule, IptTableName, IptablesState } from '../net/iptables-types';
import { TABLES } from '../net/iptables-types';
import { iptablesOf } from '../net/iptables';
import { iptArgvSplit, ruleOption, ruleParseStart, ruleSpec, ruleFinish } from '../net/iptables-spec';
import { CALICO_NETWORK_POLICY, storeGet, storeList } from '../k8s/objects';
import type { KObj } from '../k8s/objects';
import { poolsEnabled } from './pools';
import { felixHash, felixHashOf, policiesAll, ruleTexts, selectorSetName } from './felix-policy-rules';
import type { Direction, PolicyView } from './felix-policy-rules';

type Chains = Record<string, string[]>;
interface Desired {
  chains: Record<IptTableName, Chains>;
  /** Felix's rules at the top (and the bottom) of the built-in chains. */
  hooks: Record<IptTableName, Record<string, { top: string[]; bottom: string[] }>>;
  ipsets: Record<string, string[]>;
}

const MARK_ACCEPT = '0x10000/0x10000';
const MEMO = new WeakMap<NodeState, string>();

function baseChains(world: World, d: Desired): void {
  const pools = poolsEnabled(world);
  const ipip = pools.some((p) => p.ipipMode !== 'Never');
  const f = d.chains.filter;
  f['cali-INPUT'] = [
    ...(ipip ? [
      '#PajejrV4aFdkZojI -p ipencap -m comment --comment "Allow IPIP packets from Calico hosts" -m set --match-set cali40all-hosts-net src -m addrtype --dst-type LOCAL -j ACCEPT',
      '#_wjq-Yrma8Ly1Svo -p ipencap -m comment --comment "Drop IPIP packets from non-Calico hosts" -j DROP'] : []),
    '#FewJpBykm9iJ-YNH -i cali+ -g cali-wl-to-host',
    `#hder3ARWznqqv8Va -m mark --mark ${MARK_ACCEPT} -j ACCEPT`,
    '#xgOu2uJft6H9oDGF -j MARK --set-xmark 0x0/0xf0000',
    '#_-d-qojMfHM6NwBo -j cali-from-host-endpoint',
    `#LqmE76MP94lZTGhA -m comment --comment "Host endpoint policy accepted packet." -m mark --mark ${MARK_ACCEPT} -j ACCEPT`,
  ];
  f['cali-FORWARD'] = [
    '#vjrMJCRpqwy5oRoX -j MARK --set-xmark 0x0/0xe0000',
    '#A_sPAO0mcxbT9mOV -m mark --mark 0x0/0x10000 -j cali-from-hep-forward',
    '#8ZoYfO5HKXWbB3pk -i cali+ -j cali-from-wl-dispatch',
    '#jdEuaPBe14V2hutn -o cali+ -j cali-to-wl-dispatch',
    '#12bc6HljsMKsmfr- -j cali-to-hep-forward',
    '#NOSxoaGx8OIstr1z -j cali-cidr-block',
  ];
  f['cali-OUTPUT'] = [
    `#Mq1_rAdXXH3YkrzW -m mark --mark ${MARK_ACCEPT} -j ACCEPT`,
    '#69FkRTJDvD5Vu6Vl -o cali+ -j RETURN',
    ...(ipip ? ['#AnEsmO6bDZbQntWW -p ipencap -m comment --comment "Allow IPIP packets to other Calico hosts" -m set --match-set cali40all-hosts-net dst -m addrtype --src-type LOCAL -j ACCEPT'] : []),
    '#9e9Uf3GU5tX--Lxy -j MARK --set-xmark 0x0/0xf0000',
    '#OB2pzPrvQn6PC89t -m conntrack ! --ctstate DNAT -j cali-to-host-endpoint',
    `#tvSSMDBWrme3CUqM -m comment --comment "Host endpoint policy accepted packet." -m mark --mark ${MARK_ACCEPT} -j ACCEPT`,
  ];
  f['cali-wl-to-host'] = ['#Ee9Sbo10IpVujdIY -j cali-from-wl-dispatch', '#nSZbcOoG1xPONxb8 -m comment --comment "Configured DefaultEndpointToHostAction" -j ACCEPT'];
  for (const c of ['cali-from-host-endpoint', 'cali-to-host-endpoint', 'cali-from-hep-forward', 'cali-to-hep-forward', 'cali-cidr-block']) f[c] = [];
  d.hooks.filter = {
    INPUT: { top: ['#Cz_u1IQiXIMmKD4c -j cali-INPUT'], bottom: [] },
    FORWARD: { top: ['#wUHhoiAYhphO9Mso -j cali-FORWARD'], bottom: [`#S93hcgKJrXEqnTfs -m comment --comment "Policy explicitly accepted packet." -m mark --mark ${MARK_ACCEPT} -j ACCEPT`, '#mp77cMpurHhyjLrM -j MARK --set-xmark 0x10000/0x10000'] },
    OUTPUT: { top: ['#tVnHkvAo15HuiPy0 -j cali-OUTPUT'], bottom: [] },
  };
  // natOutgoing: pool addresses leaving toward anything outside every pool are masqueraded.
  d.ipsets['cali40all-ipam-pools'] = pools.map((p) => p.cidr);
  d.ipsets['cali40masq-ipam-pools'] = pools.filter((p) => p.natOutgoing).map((p) => p.cidr);
  d.ipsets['cali40all-hosts-net'] = hostsNet(world);
  d.chains.nat = {
    'cali-PREROUTING': ['#r6XmIziWUJsdOK6Z -j cali-fip-dnat'],
    'cali-POSTROUTING': ['#Z-c7XtVd2Bq7s_hA -j cali-fip-snat', '#nYKhEzDlr11Jccal -j cali-nat-outgoing',
      ...(ipip ? ['#SXWvdsbh4Mw7wOln -o tunl0 -m addrtype ! --src-type LOCAL --limit-iface-out -m addrtype --src-type LOCAL -j MASQUERADE --random-fully'] : [])],
    'cali-OUTPUT': ['#GBTAv2p5CwevEyJm -j cali-fip-dnat'],
    'cali-fip-dnat': [],
    'cali-fip-snat': [],
    'cali-nat-outgoing': pools.some((p) => p.natOutgoing) ? ['#flqWnvo8yq4ULQLa -m set --match-set cali40masq-ipam-pools src -m set ! --match-set cali40all-ipam-pools dst -j MASQUERADE --random-fully'] : [],
  };
  d.hooks.nat = {
    PREROUTING: { top: ['#6gwbT8clXdHdC1b1 -j cali-PREROUTING'], bottom: [] },
    OUTPUT: { top: ['#tVnHkvAo15HuiPy0 -j cali-OUTPUT'], bottom: [] },
    POSTROUTING: { top: ['#O3lYWMrLQYEMJtB5 -j cali-POSTROUTING'], bottom: [] },
  };
  d.chains.mangle = { 'cali-PREROUTING': ['#6BJqBjBC7crtA-7- -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT', `#KX7AGNd6rMcDUai6 -m mark --mark ${MARK_ACCEPT} -j ACCEPT`, '#wNH7KsA3ILKJBsY9 -j cali-from-host-endpoint'], 'cali-from-host-endpoint': [] };
  d.hooks.mangle = { PREROUTING: { top: ['#6gwbT8clXdHdC1b1 -j cali-PREROUTING'], bottom: [] } };
  d.chains.raw = {
    'cali-PREROUTING': ['#XFX5xbM8B9qR10JG -j MARK --set-xmark 0x0/0xf0000', '#EWMPb0zVROM-woQp -i cali+ -j MARK --set-xmark 0x40000/0x40000', '#PWuxTAIaFCtsg5Qa -m mark --mark 0x0/0x40000 -j cali-from-host-endpoint', `#fSSbGND7dgyemWU7 -m mark --mark ${MARK_ACCEPT} -j ACCEPT`],
    'cali-OUTPUT': ['#njdnLwYeGqBJyMxW -j MARK --set-xmark 0x0/0xf0000', '#rz86uTUcEZAfFsh7 -j cali-to-host-endpoint', `#pN0F5zD0b8yf9W1Z -m mark --mark ${MARK_ACCEPT} -j ACCEPT`],
    'cali-from-host-endpoint': [],
    'cali-to-host-endpoint': [],
  };
  d.hooks.raw = { PREROUTING: { top: ['#6gwbT8clXdHdC1b1 -j cali-PREROUTING'], bottom: [] }, OUTPUT: { top: ['#tVnHkvAo15HuiPy0 -j cali-OUTPUT'], bottom: [] } };
}

/**
 * Every node's address, sorted: one array for all nodes while the addresses stay (ipsets are
 * replaced, never changed in place). 500 nodes each held their own 500 entries, and a restored
 * world its own copy of every address string in each.
 */
const HOSTS = new WeakMap<World, string[]>();
function hostsNet(world: World): string[] {
  const list = world.state.nodes.map((n) => n.calico?.bgpIp ?? n.ip).sort();
  const last = HOSTS.get(world);
  if (last && last.length === list.length && last.every((x, i) => x === list[i])) return last;
  HOSTS.set(world, list);
  return list;
}

/** `cali-pi-_<hash>`: Felix limits chain names to 28 characters by hashing the policy's id. */
function policyChain(dir: Direction, p: PolicyView): string {
  return `cali-p${dir === 'ingress' ? 'i' : 'o'}-_${felixHash(`default/${p.id}`, 19)}`;
}

function workloadChains(world: World, node: NodeState, d: Desired): void {
  const f = d.chains.filter;
  const policies = policiesAll(world);
  const pods = Object.values(node.pods).sort((a, b) => (a.hostVeth < b.hostVeth ? -1 : 1));
  // By key: a list of every pod searched per local pod made a node's sync grow with the cluster's pods.
  const podObj = (ns: string, name: string) => storeGet(world.state.api, 'Pod', ns, name);
  let everyPod: KObj[] | null = null;
  const used = new Set<PolicyView>();
  f['cali-from-wl-dispatch'] = [...pods.map((p) => `-i ${p.hostVeth} -g cali-fw-${p.hostVeth}`), '-m comment --comment "Unknown interface" -j DROP'];
  f['cali-to-wl-dispatch'] = [...pods.map((p) => `-o ${p.hostVeth} -g cali-tw-${p.hostVeth}`), '-m comment --comment "Unknown interface" -j DROP'];
  for (const pod of pods) {
    const obj = podObj(pod.namespace, pod.pod);
    const sa = `ksa.${pod.namespace}.${obj?.spec?.serviceAccountName ?? 'default'}`;
    for (const dir of ['ingress', 'egress'] as Direction[]) {
      const [chain, prof] = dir === 'ingress' ? [`cali-tw-${pod.hostVeth}`, 'cali-pri-'] : [`cali-fw-${pod.hostVeth}`, 'cali-pro-'];
      const rules = ['-m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT', '-m conntrack --ctstate INVALID -j DROP', '-j MARK --set-xmark 0x0/0x10000'];
      if (dir === 'egress') rules.push('-p udp -m comment --comment "Drop VXLAN encapped packets originating in workloads" -m multiport --dports 4789 -j DROP', '-p ipencap -m comment --comment "Drop IPinIP encapped packets originating in workloads" -j DROP');
      const applied = obj ? policies.filter((p) => p.types.includes(dir) && p.appliesTo(obj)) : [];
      if (applied.length) {
        rules.push('-m comment --comment "Start of policies" -j MARK --set-xmark 0x0/0x20000');
        for (const p of applied) {
          used.add(p);
          rules.push(`-m mark --mark 0x0/0x20000 -j ${policyChain(dir, p)}`, `-m comment --comment "Return if policy accepted" -m mark --mark ${MARK_ACCEPT} -j RETURN`);
        }
        rules.push('-m comment --comment "Drop if no policies passed packet" -m mark --mark 0x0/0x20000 -j DROP');
      }
      const saChain = `${prof}_${felixHash(sa, 19)}`;
      rules.push(`-j ${prof}kns.${pod.namespace}`, `-m comment --comment "Return if profile accepted" -m mark --mark ${MARK_ACCEPT} -j RETURN`, `-j ${saChain}`, `-m comment --comment "Return if profile accepted" -m mark --mark ${MARK_ACCEPT} -j RETURN`, '-m comment --comment "Drop if no profiles matched" -j DROP');
      f[chain] = rules;
      // Profiles: a namespace's allows everything (kube-controllers' default), a service account's has no rules.
      f[`${prof}kns.${pod.namespace}`] = [`-j MARK --set-xmark ${MARK_ACCEPT}`, `-m mark --mark ${MARK_ACCEPT} -j RETURN`];
      f[saChain] = [];
    }
  }
  for (const p of used) {
    for (const dir of p.types) {
      const texts: string[] = [];
      for (const r of p.rules[dir]) {
        for (const e of [r.source, r.destination]) {
          if (e.setKey && e.pods) d.ipsets[selectorSetName(e.setKey)] = (everyPod ??= storeList(world.state.api, 'Pod')).filter((o) => o.status?.podIP && e.pods!(o)).map((o: KObj) => o.status.podIP as string).sort();
          if (e.nets && e.nets.length > 1) d.ipsets[selectorSetName('nets:' + e.nets.join(','))] = e.nets;
        }
        texts.push(...ruleTexts(r, dir));
      }
      f[policyChain(dir, p)] = texts;
    }
  }
}

/** Parse a rule text; `#HASH` at the start names a hash the reference quotes. */
function felixRule(chain: string, index: number, text: string, memo?: ChainComments): IptRule {
  let hash = '';
  const m = /^#(\S{16}) (.*)$/.exec(text);
  if (m) [hash, text] = [m[1], m[2]];
  const parsed = parsedRule(text);
  // Its own object for its counters and its own comment; the matches, target options and
  // strings are the shared parse's. The comment is joined, so that it is one flat string.
  let comment: string;
  if (!hash && memo?.parsed[index] === parsed) comment = memo.comments[index];
  else {
    comment = ['cali:', hash || felixHashOf([chain, index, text].join('/'), 16)].join('');
    if (!hash && memo) [memo.parsed[index], memo.comments[index]] = [parsed, comment];
  }
  // concat, not [c, ...rest]: an array literal with a spread keeps room to grow (~130 bytes a rule).
  return { ...parsed, matches: [{ m: 'comment', text: comment } as IptMatch].concat(parsed.matches), pkts: 0, bytes: 0 };
}

/**
 * The `cali:` comments of a chain's rules by position, with the parse each came from (the same
 * parse is the same text): Felix writes a node's chains again on every change of its pods, and
 * hashing every rule again was a quarter of the CPU of starting pods. One entry per chain, not one
 * per rule keyed by its whole text (~200 bytes a rule: 5,000 pods held ~10 MB). A pure function's
 * memo, beside the state.
 */
interface ChainComments {
  parsed: IptRule[];
  comments: string[];
}
const COMMENTS = new Map<string, ChainComments>();
function chainComments(table: IptTableName, chain: string): ChainComments {
  const key = [table, chain].join(' ');
  let memo = COMMENTS.get(key);
  if (!memo) {
    if (COMMENTS.size >= 20_000) COMMENTS.clear();
    COMMENTS.set(key, (memo = { parsed: [], comments: [] }));
  }
  return memo;
}

/**
 * Each rule text parsed once for every node and pod: 500 nodes carry the same base chains and
 * every pod's chains the same dozen texts, and parsing each copy afresh held ~5,000 pods × 18
 * rules of identical match objects. Shared, so never changed in place (nothing changes a rule's
 * matches after parsing; counters live on the rule). A cache beside the state: a restored world
 * holds copies until Felix next syncs the node.
 */
const PARSED = new Map<string, IptRule>();
function parsedRule(text: string): IptRule {
  let r = PARSED.get(text);
  if (r) return r;
  const args = iptArgvSplit(text);
  const st = ruleParseStart();
  for (let i = 0; i < args.length; ) {
    const next = ruleOption(st, args, i);
    if (typeof next !== 'number') throw new Error(`felix rule: ${text}`);
    i = next;
  }
  if (PARSED.size >= 20_000) PARSED.clear();
  PARSED.set(text, (r = ruleFinish(st.rule)));
  return r;
}

function rulesSame(a: IptRule[], b: IptRule[]): boolean {
  return a.length === b.length && a.every((r, i) => ruleSpec(r) === ruleSpec(b[i]));
}

function isFelixRule(r: IptRule): boolean {
  const c = r.matches[0];
  return c?.m === 'comment' && c.text.startsWith('cali:');
}

/** Write the desired chains; returns whether anything changed. */
function apply(st: IptablesState, d: Desired): boolean {
  let changed = false;
  for (const t of TABLES) {
    const table = st.tables[t];
    const want = d.chains[t];
    const before = table.chains.length;
    table.chains = table.chains.filter((c) => c.policy || !c.name.startsWith('cali') || c.name in want);
    changed ||= table.chains.length !== before;
    for (const [name, texts] of Object.entries(want)) {
      const memo = chainComments(t, name);
      const rules = texts.map((x, i) => felixRule(name, i, x, memo));
      const cur = table.chains.find((c) => c.name === name);
      if (!cur) table.chains.push({ name, pkts: 0, bytes: 0, rules });
      else if (!rulesSame(cur.rules, rules)) {
        for (const r of rules) {
          const old = cur.rules.find((o) => ruleSpec(o) === ruleSpec(r));
          if (old) [r.pkts, r.bytes] = [old.pkts, old.bytes];
        }
        cur.rules = rules;
      } else {
        // The same rules: keep their counters on the new objects, which share the parse (a
        // restored world's rules are copies from JSON, and would stay so).
        rules.forEach((r, i) => ([r.pkts, r.bytes] = [cur.rules[i].pkts, cur.rules[i].bytes]));
        cur.rules = rules;
        continue;
      }
      changed = true;
    }
    for (const c of table.chains) {
      if (!c.policy) continue;
      const h = d.hooks[t][c.name] ?? { top: [], bottom: [] };
      const top = h.top.map((x, i) => felixRule(c.name, i, x));
      const bottom = h.bottom.map((x, i) => felixRule(c.name, 100 + i, x));
      const user = c.rules.filter((r) => !isFelixRule(r));
      const keep = (r: IptRule) => c.rules.find((o) => ruleSpec(o) === ruleSpec(r)) ?? r;
      const next = [...top.map(keep), ...user, ...bottom.map(keep)];
      if (!rulesSame(next, c.rules)) {
        c.rules = next;
        changed = true;
      }
    }
  }
  const sets = JSON.stringify(d.ipsets);
  const cur = JSON.stringify(Object.fromEntries(Object.entries(st.ipsets).map(([k, v]) => [k, v.members])));
  if (sets !== cur) {
    st.ipsets = Object.fromEntries(Object.entries(d.ipsets).map(([k, v]) => [k, { type: k.startsWith('cali40s') && !v.some((x) => x.includes('/')) ? 'hash:ip' : 'hash:net', members: v }]));
    changed = true;
  } else {
    // The same members: take the shared lists (a restored world's are copies from JSON).
    for (const [k, v] of Object.entries(d.ipsets)) st.ipsets[k].members = v;
  }
  return changed;
}

/** Called from felixSync: reprogram when the datastore or the node's pods changed. */
export function felixPolicySync(world: World, node: NodeState): void {
  // Without policies only the local pods and the pools matter; with policies any pod's labels may.
  const api = world.state.api;
  const hasPolicies = storeList(api, 'NetworkPolicy').length + storeList(api, CALICO_NETWORK_POLICY).length + storeList(api, 'GlobalNetworkPolicy').length > 0;
  const pools = poolsEnabled(world).map((p) => `${p.cidr}${p.ipipMode}${p.natOutgoing}`).join();
  const key = `${hasPolicies ? api.revision : ''}|${Object.keys(node.pods).join()}|${world.state.nodes.length}|${pools}`;
  if (MEMO.get(node) === key && node.iptables) return;
  MEMO.set(node, key);
  const d: Desired = { chains: { filter: {}, nat: {}, mangle: {}, raw: {} }, hooks: { filter: {}, nat: {}, mangle: {}, raw: {} }, ipsets: {} };
  baseChains(world, d);
  workloadChains(world, node, d);
  const st = iptablesOf(node);
  if (apply(st, d)) st.rev++;
}
