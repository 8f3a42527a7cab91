/**
 * A node's netfilter: packets walk the tables of each hook (raw, mangle, nat, filter) as the
 * kernel does, rule by rule, counting packets and bytes on every rule that matches; a jump
 * returns, a goto does not, a built-in chain's policy decides what falls off its end.
 * Connection tracking follows each connection (NEW, ESTABLISHED, RELATED ICMP errors) and the
 * source NAT the nat table gave it.
 */
import type { World } from '../world';
import type { NodeState } from '../state';
import type { IptChain, IptHook, IptMatch, IptRule, IptTableName, IptablesState } from './iptables-types';
import { BUILTINS, HOOK_TABLES, iptablesEmpty } from './iptables-types';
import { markApply, ruleSpec } from './iptables-spec';
import { cidrContains } from './ip';
import type { Ipv4Packet } from './packet';
import type { NatPoint } from './nat';
import { masqueradeAddress, natPickPort, natQuotedSource, natRewrite, natRewriteIcmpError } from './nat';
import { tcpHash } from './tcp-conn';

export type IptVerdict = 'ACCEPT' | 'DROP' | 'REJECT';

/** What netfilter looks at in a packet. */
export interface IptPacket {
  src: string;
  dst: string;
  proto: number;
  sport?: number;
  dport?: number;
  icmpType?: number;
  /** IPv4 total length, for the byte counters. */
  len: number;
  in?: string;
  out?: string;
}

export interface IptOptions {
  /** Evaluate only: no counters move, no connection is remembered (BGP's reachability checks). */
  dryRun?: boolean;
  /** The packet's state across the hooks of one node (the forwarder keeps one per packet). */
  pkt?: IptPacketState;
  /** Filled with the rule (or policy) that decided each table's walk, for the packet inspector. */
  explain?: IptDecision[];
}

/** The rule that ended one table's walk at one hook, as `iptables -S` prints it. */
export interface IptDecision {
  hook: IptHook;
  table: IptTableName;
  rule: string;
  verdict: string;
}

/** The node's tables, created empty (all policies ACCEPT) the first time anything asks. */
export function iptablesOf(node: NodeState): IptablesState {
  return (node.iptables ??= iptablesEmpty());
}

export function chainFind(st: IptablesState, table: IptTableName, name: string): IptChain | undefined {
  return st.tables[table].chains.find((c) => c.name === name);
}

export function chainIsBuiltin(table: IptTableName, name: string): boolean {
  return (BUILTINS[table] as string[]).includes(name);
}

/** How many rules of the table jump or go to `name` (the `(N references)` of `iptables -L`). */
export function chainReferences(st: IptablesState, table: IptTableName, name: string): number {
  let n = 0;
  for (const c of st.tables[table].chains) for (const r of c.rules) if (r.target === name) n++;
  return n;
}

const TERMINAL = new Set(['ACCEPT', 'DROP', 'REJECT', 'MASQUERADE', 'SNAT', 'DNAT']);

const TRACK_TIMEOUT_MS = { tcp: 432_000_000, other: 30_000 };

/** A connection conntrack follows: when it last saw a packet, and its source NAT if any. */
interface CtEntry {
  seen: number;
  proto: number;
  /** MASQUERADE's binding: the original source, and what it became on the wire. */
  snat?: { from: NatPoint; to: NatPoint };
  /** DNAT's binding (kube-proxy's KUBE-SEP-*): the address the client dialled, and the backend. */
  dnat?: { from: NatPoint; to: NatPoint };
}

/**
 * What the kernel keeps with one packet (its skb) while it crosses the hooks of one node: the
 * mark (KUBE-MARK-MASQ at PREROUTING is read by KUBE-POSTROUTING), the connection it belongs to
 * (looked up once, so a DNATed packet is still its connection's first at POSTROUTING) and the
 * DNAT chosen for a new connection, confirmed with it at POSTROUTING or INPUT.
 */
export interface IptPacketState {
  mark: number;
  ct?: { e: CtEntry; reply: boolean } | null;
  related?: CtEntry | null;
  dnat?: { from: NatPoint; to: NatPoint };
}

/** The state of an answer the REJECT target sends: conntrack has attached it to the rejected packet's connection (RELATED). */
export function iptRelatedPacket(world: World): IptPacketState {
  return { mark: 0, ct: null, related: { seen: world.now, proto: 1 } };
}

/**
 * Conntrack per world: each connection under its original tuple (`o|`) and the tuple its replies
 * will carry (`r|`, the NATed source reversed). Transient like the kernel's table: not in the
 * snapshot; established TCP lives 5 days, ICMP and UDP 30 s after their last packet.
 */
const CONNTRACK = new WeakMap<object, Map<string, CtEntry>>();

function tuple(node: string, proto: number, src: string, dst: string, sport?: number, dport?: number): string {
  // ICMP echo flows are keyed by their id (in sport/dport), so an echo reply meets its request.
  return `${node}|${proto}|${src}|${dst}|${sport}|${dport}`;
}

function ctTable(world: World): Map<string, CtEntry> {
  let ct = CONNTRACK.get(world.state);
  if (!ct) CONNTRACK.set(world.state, (ct = new Map()));
  return ct;
}

function ctAlive(world: World, e: CtEntry | undefined): e is CtEntry {
  return !!e && world.now - e.seen < (e.proto === 6 ? TRACK_TIMEOUT_MS.tcp : TRACK_TIMEOUT_MS.other);
}

/** The connection a packet belongs to, and in which direction it travels. */
function ctFind(world: World, node: NodeState, p: IptPacket): { e: CtEntry; reply: boolean } | null {
  const ct = CONNTRACK.get(world.state);
  if (!ct) return null;
  const t = tuple(node.name, p.proto, p.src, p.dst, p.sport, p.dport);
  const o = ct.get('o|' + t);
  if (ctAlive(world, o)) return { e: o, reply: false };
  const r = ct.get('r|' + t);
  return ctAlive(world, r) ? { e: r, reply: true } : null;
}

/** An ICMP error quoting a packet of a tracked connection is RELATED to it (and un-NATed with it). */
function ctRelated(world: World, node: NodeState, pkt: Ipv4Packet): CtEntry | null {
  const q = natQuotedSource(pkt);
  const ct = q && CONNTRACK.get(world.state);
  if (!q || !ct) return null;
  // The quoted datagram left in the original direction: its reverse is the reply tuple.
  const e = ct.get('r|' + tuple(node.name, q.proto, q.dst, q.ip, q.dport, q.port)) ?? ct.get('o|' + tuple(node.name, q.proto, q.ip, q.dst, q.port, q.dport));
  return ctAlive(world, e) ? e : null;
}

/** Remember a new connection: `p` as it leaves (after DNAT), the original tuple before it. */
function ctConfirm(world: World, node: NodeState, p: IptPacket, snat?: { from: NatPoint; to: NatPoint }, dnat?: { from: NatPoint; to: NatPoint }): void {
  const ct = ctTable(world);
  if (ct.size > 4096) for (const [k, e] of ct) if (!ctAlive(world, e)) ct.delete(k);
  const e: CtEntry = { seen: world.now, proto: p.proto, ...(snat ? { snat } : {}), ...(dnat ? { dnat } : {}) };
  const dst = dnat?.from ?? { ip: p.dst, port: p.dport };
  ct.set('o|' + tuple(node.name, p.proto, p.src, dst.ip, p.sport, dst.port), e);
  ct.set('r|' + replyTuple(node, p, snat?.to ?? { ip: p.src, port: p.sport }), e);
}

/** The tuple replies to `p` carry once its source is `src`; an echo reply keeps the (NATed) id on both sides. */
function replyTuple(node: NodeState, p: IptPacket, src: NatPoint): string {
  return tuple(node.name, p.proto, p.dst, src.ip, p.proto === 1 ? src.port : p.dport, src.port);
}

function ctTaken(world: World, node: NodeState, p: IptPacket, src: NatPoint): boolean {
  return ctAlive(world, CONNTRACK.get(world.state)?.get('r|' + replyTuple(node, p, src)));
}

/** Forget every tracked connection (tests). */
export function conntrackFlush(world: World): void {
  CONNTRACK.delete(world.state);
}

/** `cali+` matches every name starting with `cali`. */
function ifaceMatches(pattern: string, name: string | undefined): boolean {
  if (name === undefined) return false;
  return pattern.endsWith('+') ? name.startsWith(pattern.slice(0, -1)) : name === pattern;
}

function portMatches(spec: string, port: number | undefined): boolean {
  if (port === undefined) return false;
  return spec.split(',').some((s) => {
    const [lo, hi] = s.split(':');
    return port >= Number(lo || 0) && port <= Number(hi === undefined ? lo : hi || 65535);
  });
}

interface Walk {
  world: World;
  node: NodeState;
  st: IptablesState;
  table: IptTableName;
  p: IptPacket;
  mark: number;
  ct: 'NEW' | 'ESTABLISHED' | 'RELATED';
  dryRun: boolean;
  /** Set when the nat table's walk ended in MASQUERADE. */
  masquerade?: { randomFully: boolean };
  /** Set when the nat table's walk ended in DNAT (`--to-destination IP[:PORT]`). */
  dnat?: NatPoint;
  /** REJECT's `--reject-with` type when a REJECT rule ended the walk. */
  rejectWith?: string;
  /** Where the walk is, for the statistic match's draw. */
  at?: string;
  hook: IptHook;
  explain?: IptDecision[];
}

function isLocal(node: NodeState, ip: string): boolean {
  return node.ip === ip || ip.startsWith('127.') || node.links.some((l) => l.addrs.some((a) => a.cidr.split('/')[0] === ip));
}

function matchOk(w: Walk, m: IptMatch): boolean {
  const p = w.p;
  switch (m.m) {
    case 'comment': return true;
    case 'tcp': case 'udp':
      if (p.proto !== (m.m === 'tcp' ? 6 : 17)) return false;
      if (m.dport !== undefined && portMatches(m.dport, p.dport) === !!m.negDport) return false;
      return m.sport === undefined || portMatches(m.sport, p.sport) !== !!m.negSport;
    case 'icmp': return p.proto === 1 && (m.type < 0 || p.icmpType === m.type);
    case 'multiport': return portMatches(m.dports, p.dport);
    case 'set': {
      const set = w.st.ipsets[m.name];
      const ip = m.dir === 'src' ? p.src : p.dst;
      const hit = !!set && set.members.some((c) => (c.includes('/') ? cidrContains(c, ip) : c === ip));
      return hit !== !!m.neg;
    }
    case 'conntrack': return m.states.includes(w.ct) !== !!m.neg;
    case 'addrtype': {
      // --limit-iface-out: "local" means an address of the outgoing interface only.
      const out = m.limitOut ? w.node.links.find((l) => l.name === p.out) : undefined;
      const local = (ip: string) => (out ? out.addrs.some((a) => a.cidr.split('/')[0] === ip) : isLocal(w.node, ip));
      if (m.srcType === 'LOCAL' && local(p.src) === !!m.negSrc) return false;
      return m.dstType !== 'LOCAL' || isLocal(w.node, p.dst) !== !!m.negDst;
    }
    case 'mark': return ((w.mark & m.mask) === m.value) !== !!m.neg;
    case 'length': return (p.len >= m.min && p.len <= m.max) !== !!m.neg;
    case 'statistic': {
      // The kernel draws prandom_u32; here a hash of the world's seed, the flow, the time and the
      // rule, so a replayed world picks the same endpoint and the generator is not consumed.
      const h = tcpHash(`stat|${w.world.state.seed}|${w.node.name}|${p.proto}|${p.src}:${p.sport}>${p.dst}:${p.dport}|${w.world.now}|${w.at}`);
      return h / 0x100000000 < m.probability;
    }
  }
}

function ruleMatches(w: Walk, r: IptRule): boolean {
  const p = w.p;
  if (r.proto !== undefined && (p.proto === Number(r.proto)) === !!r.negProto) return false;
  if (r.src !== undefined && cidrContains(r.src, p.src) === !!r.negSrc) return false;
  if (r.dst !== undefined && cidrContains(r.dst, p.dst) === !!r.negDst) return false;
  if (r.in !== undefined && ifaceMatches(r.in, p.in) === !!r.negIn) return false;
  if (r.out !== undefined && ifaceMatches(r.out, p.out) === !!r.negOut) return false;
  return r.matches.every((m) => matchOk(w, m));
}

type ChainResult = IptVerdict | 'RETURN';

/** Walk one chain: a terminal verdict, or RETURN when the packet falls off the end (or RETURNs). */
function chainWalk(w: Walk, chain: IptChain, depth: number): ChainResult {
  if (depth > 32) return 'DROP'; // the kernel refuses loops when the rules load; be safe here
  for (let i = 0; i < chain.rules.length; i++) {
    const r = chain.rules[i];
    w.at = `${chain.name}/${i}`;
    if (!ruleMatches(w, r)) continue;
    if (!w.dryRun) {
      r.pkts++;
      r.bytes += w.p.len;
    }
    const t = r.target;
    if (t === undefined || t === 'LOG') continue;
    if (t === 'RETURN') return 'RETURN';
    if (t === 'MARK') {
      const [v, m] = (r.targetOpts?.[1] ?? '0x0/0x0').split('/').map(Number);
      w.mark = markApply(w.mark, v, m);
      continue;
    }
    if (TERMINAL.has(t)) {
      if (t === 'MASQUERADE') w.masquerade = { randomFully: !!r.targetOpts?.includes('--random-fully') };
      if (t === 'DNAT') {
        const [ip, port] = (r.targetOpts?.[1] ?? '').split(':');
        w.dnat = { ip, ...(port ? { port: Number(port) } : {}) };
      }
      if (t === 'REJECT') w.rejectWith = r.targetOpts?.[1] ?? 'icmp-port-unreachable';
      w.explain?.push({ hook: w.hook, table: w.table, rule: `-A ${chain.name} ${ruleSpec(r)}`, verdict: t });
      return t === 'DROP' || t === 'REJECT' ? t : 'ACCEPT';
    }
    const sub = chainFind(w.st, w.table, t);
    if (!sub) continue;
    const res = chainWalk(w, sub, depth + 1);
    if (res !== 'RETURN') return res;
    // A goto's RETURN goes back past this chain, to the one that jumped here.
    if (r.goto) return 'RETURN';
  }
  return 'RETURN';
}

/** Walk the tables of one hook; `masquerade` is set when the nat table chose MASQUERADE. */
function traverse(world: World, node: NodeState, st: IptablesState, hook: IptHook, p: IptPacket, opts: IptOptions, ct: Walk['ct']): { v: IptVerdict; w: Walk } {
  const w: Walk = { world, node, st, table: 'filter', p, mark: opts.pkt?.mark ?? 0, ct, dryRun: !!opts.dryRun, hook, explain: opts.explain };
  for (const table of HOOK_TABLES[hook]) {
    // Only a connection's first packet sees the nat table.
    if (table === 'nat' && w.ct !== 'NEW') continue;
    const chain = chainFind(st, table, hook);
    if (!chain) continue;
    w.table = table;
    let v = chainWalk(w, chain, 0);
    if (v === 'RETURN') {
      v = chain.policy ?? 'ACCEPT';
      // A policy decides when it is not ACCEPT, or when the filter table's rules all let it fall through.
      if (v !== 'ACCEPT' || (table === 'filter' && chain.rules.length > 0)) opts.explain?.push({ hook, table, rule: `-P ${hook} ${v}`, verdict: v });
      if (!w.dryRun) {
        chain.pkts++;
        chain.bytes += p.len;
      }
    }
    if (v !== 'ACCEPT') return { v, w };
  }
  if (opts.pkt) opts.pkt.mark = w.mark;
  return { v: 'ACCEPT', w };
}

/**
 * Netfilter at one hook of `node`: each table's built-in chain in turn; DROP or REJECT ends it.
 * Nodes without iptables state (never touched by Felix or the iptables command) accept everything.
 */
export function iptablesTraverse(world: World, node: NodeState, hook: IptHook, p: IptPacket, opts: IptOptions = {}): IptVerdict {
  const st = node.iptables;
  if (!st) return 'ACCEPT';
  const { v } = traverse(world, node, st, hook, p, opts, ctFind(world, node, p) ? 'ESTABLISHED' : 'NEW');
  if (v === 'ACCEPT' && !opts.dryRun && (hook === 'INPUT' || hook === 'POSTROUTING') && !ctFind(world, node, p)) ctConfirm(world, node, p);
  return v;
}

/**
 * Netfilter at one hook for a packet the dataplane forwards, with conntrack's NAT: at
 * POSTROUTING a new connection the nat table MASQUERADEs leaves with the interface's address
 * (later packets of it too); at PREROUTING its replies, and ICMP errors about it, are rewritten
 * back to the original sender before routing.
 */
export function iptablesHook(world: World, node: NodeState, hook: IptHook, packet: Ipv4Packet, len: number, inIf?: string, outIf?: string, opts: IptOptions = {}): { verdict: IptVerdict; packet: Ipv4Packet; rejectWith?: string } {
  const st = node.iptables;
  if (!st) return { verdict: 'ACCEPT', packet };
  const p = iptPacketOf(packet, len, inIf, outIf);
  const ps = opts.pkt;
  // The connection is looked up once per packet and node (the skb keeps it across hooks).
  let found: { e: CtEntry; reply: boolean } | null;
  let related: CtEntry | null;
  if (ps && ps.ct !== undefined) [found, related] = [ps.ct, ps.related ?? null];
  else {
    found = ctFind(world, node, p);
    related = !found && p.proto === 1 && p.icmpType !== 0 && p.icmpType !== 8 ? ctRelated(world, node, packet) : null;
    if (ps) [ps.ct, ps.related] = [found, related];
  }
  const { v, w } = traverse(world, node, st, hook, p, opts, found ? 'ESTABLISHED' : related ? 'RELATED' : 'NEW');
  if (v === 'REJECT') return { verdict: v, packet, rejectWith: w.rejectWith };
  if (v !== 'ACCEPT') return { verdict: v, packet };
  if (found) found.e.seen = world.now;
  const fresh = !found && !related;
  if (hook === 'PREROUTING' || hook === 'OUTPUT') {
    // Destination NAT happens where a packet enters (PREROUTING) or is made (OUTPUT).
    if (found?.reply && found.e.snat && hook === 'PREROUTING') packet = natRewrite(packet, 'dst', found.e.snat.from);
    else if (found && !found.reply && found.e.dnat) packet = natRewrite(packet, 'dst', found.e.dnat.to);
    else if (related?.snat && hook === 'PREROUTING' && natQuotedSource(packet)?.ip === related.snat.to.ip) packet = natRewriteIcmpError(packet, related.snat.from);
    else if (fresh && w.dnat) {
      const dnat = { from: { ip: p.dst, port: p.dport }, to: { ip: w.dnat.ip, port: w.dnat.port ?? p.dport } };
      packet = natRewrite(packet, 'dst', dnat.to);
      if (ps) ps.dnat = dnat;
      else if (!opts.dryRun) ctConfirm(world, node, iptPacketOf(packet, len, inIf, outIf), undefined, dnat);
    }
    return { verdict: v, packet };
  }
  if (hook === 'POSTROUTING' || hook === 'INPUT') {
    // Source NAT where a packet leaves (POSTROUTING) or is delivered (INPUT); replies of a
    // DNATed connection get the address the client dialled back as their source.
    if (found?.reply && found.e.dnat) packet = natRewrite(packet, 'src', found.e.dnat.from);
    if (found && !found.reply && found.e.snat && hook === 'POSTROUTING') packet = natRewrite(packet, 'src', found.e.snat.to);
    if (!fresh || opts.dryRun) return { verdict: v, packet };
    const dnat = ps?.dnat;
    if (hook === 'POSTROUTING' && w.masquerade) {
      const from = { ip: p.src, port: p.sport };
      const ip = masqueradeAddress(node, outIf);
      const port = p.sport === undefined ? undefined : natPickPort(p.sport, p.proto, w.masquerade.randomFully, `${node.name}|${p.proto}|${p.src}:${p.sport}>${p.dst}:${p.dport}|${world.now}`,
        (x) => ctTaken(world, node, p, { ip, port: x }));
      const to = { ip, port };
      packet = natRewrite(packet, 'src', to);
      ctConfirm(world, node, p, { from, to }, dnat);
      return { verdict: v, packet };
    }
    ctConfirm(world, node, p, undefined, dnat);
  }
  return { verdict: v, packet };
}

/**
 * Is a TCP SYN to port 179 from `from` to `to` dropped, by `from`'s OUTPUT/POSTROUTING or `to`'s
 * PREROUTING/INPUT, or its SYN-ACK on the way back? Evaluated without counting: BIRD asks whenever the fabric changes.
 */
export function iptablesBgpBlocked(world: World, from: NodeState, to: NodeState): boolean {
  // Asked for every BGP message: the answer only changes with either node's rules (rev counts
  // every change to rules and ipsets) or addresses, so it is remembered until they do.
  const a = from.iptables;
  const b = to.iptables;
  if (!a || !b) return bgpBlockedWalk(world, from, to);
  // kube-proxy's nat-only changes cannot block it (IptablesState.natRevs).
  const key = `${a.rev - (a.natRevs ?? 0)}|${b.rev - (b.natRevs ?? 0)}|${from.ip}|${to.ip}`;
  let memo = BGP_BLOCKED.get(a);
  if (!memo) BGP_BLOCKED.set(a, (memo = new Map()));
  const hit = memo.get(to.name);
  if (hit && hit.to === b && hit.key === key) return hit.blocked;
  const blocked = bgpBlockedWalk(world, from, to);
  memo.set(to.name, { to: b, key, blocked });
  return blocked;
}

const BGP_BLOCKED = new WeakMap<IptablesState, Map<string, { to: IptablesState; key: string; blocked: boolean }>>();

function bgpBlockedWalk(world: World, from: NodeState, to: NodeState): boolean {
  const syn: IptPacket = { src: from.ip, dst: to.ip, proto: 6, sport: 40179, dport: 179, len: 60 };
  const dry = { dryRun: true };
  const out = { ...syn, out: 'eth0' };
  const inn = { ...syn, in: 'eth0' };
  // The SYN-ACK comes back from port 179: a rule on `--sport 179` stops the handshake too.
  const ack: IptPacket = { src: to.ip, dst: from.ip, proto: 6, sport: 179, dport: 40179, len: 60 };
  const pass = (n: NodeState, hook: IptHook, p: IptPacket) => iptablesTraverse(world, n, hook, p, dry) === 'ACCEPT';
  return !(pass(from, 'OUTPUT', out) && pass(from, 'POSTROUTING', out) && pass(to, 'PREROUTING', inn) && pass(to, 'INPUT', inn)
    && pass(to, 'OUTPUT', { ...ack, out: 'eth0' }) && pass(from, 'INPUT', { ...ack, in: 'eth0' }));
}

/** The fields netfilter reads from a packet the dataplane forwards. */
export function iptPacketOf(p: Ipv4Packet, len: number, inIf?: string, outIf?: string): IptPacket {
  const pl = p.payload;
  // ICMP echo flows are told apart by their id, as conntrack does; it stands in for the ports.
  const ports = pl.kind === 'tcp' || pl.kind === 'udp' ? { sport: pl.srcPort, dport: pl.dstPort } : pl.kind === 'icmp' && pl.id !== undefined ? { sport: pl.id, dport: pl.id } : {};
  return { src: p.src, dst: p.dst, proto: p.protocol, ...ports, ...(pl.kind === 'icmp' ? { icmpType: pl.type } : {}), len, in: inIf, out: outIf };
}
