/**
 * What a send did, hop by hop, as plain JSON for the packet inspector and for tests. Each hop's
 * header stack is read back from the bytes the hop would put on the wire, so every field
 * (lengths, checksums, flags, options) is the one a capture of that interface would show.
 */
import type { World } from '../world';
import type { EthernetFrame, Ipv4Packet } from './packet';
import type { IptDecision } from './iptables';
import { ETHERTYPE_ARP, ETHERTYPE_IPV4, ICMP_ECHO_REPLY, ICMP_ECHO_REQUEST, ICMP_UNREACH, IPPROTO_ICMP, IPPROTO_IPIP, IPPROTO_TCP, IPPROTO_UDP, UNREACH_NEEDFRAG, VXLAN_PORT, ethernetEmit, ipRead, ipv4Emit, macRead, tcpParse, u16, u32 } from './packet';

/** A packet's origin or destination: a node's own namespace or a pod's (`namespace/name`). */
export interface Endpoint {
  node: string;
  pod?: string;
}

export type HeaderSummary =
  | { proto: 'ethernet'; dst: string; src: string; ethertype: number }
  | { proto: 'arp'; htype: number; ptype: number; hlen: number; plen: number; op: number; senderMac: string; senderIp: string; targetMac: string; targetIp: string }
  | {
      proto: 'ipv4';
      version: number;
      ihl: number;
      tos: number;
      totalLength: number;
      id: number;
      df: boolean;
      mf: boolean;
      fragOffset: number;
      ttl: number;
      protocol: number;
      checksum: number;
      src: string;
      dst: string;
    }
  | { proto: 'icmp'; type: number; code: number; checksum: number; id?: number; seq?: number; mtu?: number; dataLength: number }
  | { proto: 'udp'; srcPort: number; dstPort: number; length: number; checksum: number }
  | {
      proto: 'tcp';
      srcPort: number;
      dstPort: number;
      seq: number;
      ack: number;
      dataOffset: number;
      flags: number;
      window: number;
      checksum: number;
      urgent: number;
      /** As tcpdump lists them: `mss 1440,sackOK,TS val 1 ecr 0,nop,wscale 7`. */
      options: string;
      dataLength: number;
    }
  | { proto: 'vxlan'; flags: number; vni: number };

export type HopAction = 'send' | 'receive' | 'route' | 'encap' | 'decap' | 'deliver' | 'drop' | 'icmp-error' | 'local-error';

/**
 * One iptables decision on the way: the rule that ended a table's walk (`-A cali-FORWARD … -j
 * ACCEPT`), or a built-in chain's policy (`-P FORWARD DROP`), as `iptables -t TABLE -S` prints it.
 */
export type RuleDecision = IptDecision;

export interface TraceHop {
  node: string;
  /** `host` or the pod (`namespace/name`) whose namespace the packet is in. */
  netns: string;
  iface: string;
  action: HopAction;
  /** The route used, as `ip route` prints it, when the hop routed. */
  route?: string;
  /** The iptables rules that let the packet through (or stopped it) just before this hop. */
  rules?: RuleDecision[];
  reason?: string;
  timeMs: number;
  headers: HeaderSummary[];
}

/** The header stack of a packet or frame, outermost first, read from its emitted bytes. */
export function headersOf(p: Ipv4Packet | EthernetFrame): HeaderSummary[] {
  const out: HeaderSummary[] = [];
  if (p.kind === 'ethernet') dissectEthernet(ethernetEmit(p), out);
  else dissectIpv4(ipv4Emit(p), out);
  return out;
}

function dissectEthernet(b: Uint8Array, out: HeaderSummary[]): void {
  if (b.length < 14) return;
  const ethertype = u16(b, 12);
  out.push({ proto: 'ethernet', dst: macRead(b, 0), src: macRead(b, 6), ethertype });
  const body = b.subarray(14);
  if (ethertype === ETHERTYPE_IPV4) dissectIpv4(body, out);
  else if (ethertype === ETHERTYPE_ARP && body.length >= 28) {
    out.push({ proto: 'arp', htype: u16(body, 0), ptype: u16(body, 2), hlen: body[4], plen: body[5], op: u16(body, 6), senderMac: macRead(body, 8), senderIp: ipRead(body, 14), targetMac: macRead(body, 18), targetIp: ipRead(body, 24) });
  }
}

function dissectIpv4(b: Uint8Array, out: HeaderSummary[]): void {
  if (b.length < 20) return;
  const ihl = b[0] & 15;
  const flags = u16(b, 6);
  const protocol = b[9];
  const totalLength = u16(b, 2);
  const fragOffset = (flags & 0x1fff) * 8;
  const mf = (flags & 0x2000) !== 0;
  out.push({ proto: 'ipv4', version: b[0] >> 4, ihl, tos: b[1], totalLength, id: u16(b, 4), df: (flags & 0x4000) !== 0, mf, fragOffset, ttl: b[8], protocol, checksum: u16(b, 10), src: ipRead(b, 12), dst: ipRead(b, 16) });
  // A later fragment carries no upper-layer header; the first one does.
  if (fragOffset !== 0) return;
  const body = b.subarray(ihl * 4, Math.min(totalLength, b.length));
  if (protocol === IPPROTO_IPIP) return dissectIpv4(body, out);
  if (protocol === IPPROTO_ICMP && body.length >= 8) {
    const type = body[0];
    const echo = type === ICMP_ECHO_REQUEST || type === ICMP_ECHO_REPLY;
    const needFrag = type === ICMP_UNREACH && body[1] === UNREACH_NEEDFRAG;
    out.push({ proto: 'icmp', type, code: body[1], checksum: u16(body, 2), ...(echo ? { id: u16(body, 4), seq: u16(body, 6) } : {}), ...(needFrag ? { mtu: u16(body, 6) } : {}), dataLength: body.length - 8 });
    return;
  }
  if (protocol === IPPROTO_UDP && body.length >= 8) {
    const dstPort = u16(body, 2);
    out.push({ proto: 'udp', srcPort: u16(body, 0), dstPort, length: u16(body, 4), checksum: u16(body, 6) });
    if (dstPort === VXLAN_PORT && body.length >= 16) {
      out.push({ proto: 'vxlan', flags: body[8], vni: u32(body, 12) >>> 8 });
      dissectEthernet(body.subarray(16), out);
    }
    return;
  }
  if (protocol === IPPROTO_TCP && body.length >= 20) {
    const dataOffset = body[12] >> 4;
    const seg = tcpParse(body);
    out.push({
      proto: 'tcp', srcPort: seg.srcPort, dstPort: seg.dstPort, seq: seg.seq, ack: seg.ack, dataOffset, flags: seg.flags, window: seg.window,
      checksum: u16(body, 16), urgent: seg.urgent, options: tcpOptionsText(seg.options), dataLength: seg.data.length,
    });
  }
}

function tcpOptionsText(opts: ReturnType<typeof tcpParse>['options']): string {
  return opts
    .map((o) => (o.kind === 'mss' ? `mss ${o.value}` : o.kind === 'wscale' ? `wscale ${o.shift}` : o.kind === 'ts' ? `TS val ${o.val} ecr ${o.ecr}` : o.kind))
    .join(',');
}

/** What the page gets of one traced send: where it started, its hops, and what it delivered. */
export interface TraceRecord {
  /** Increases with every send in this world (transient: not part of the world's JSON). */
  seq: number;
  from: Endpoint;
  timeMs: number;
  hops: TraceHop[];
  error?: { errno: string; mtu?: number };
  deliveries: { to: Endpoint; timeMs: number; headers: HeaderSummary[] }[];
}

/** How many recent sends are kept for the page: the last few packets of the last command. */
export const TRACE_LOG_SIZE = 12;

interface LogEntry {
  seq: number;
  from: Endpoint;
  trace: { hops: TraceHop[]; error?: { errno: string; mtu?: number }; deliveries: { to: Endpoint; timeMs: number; packet: Ipv4Packet }[] };
}

/** Recent sends per world, a bounded ring beside the world like the capture sessions. */
const traceLogs = new WeakMap<World, { next: number; entries: LogEntry[] }>();

/** Called by the dataplane for every send; keeps the trace by reference (converted when read). */
export function traceLogAdd(world: World, from: Endpoint, trace: LogEntry['trace']): void {
  let log = traceLogs.get(world);
  if (!log) traceLogs.set(world, (log = { next: 1, entries: [] }));
  log.entries.push({ seq: log.next++, from, trace });
  if (log.entries.length > TRACE_LOG_SIZE) log.entries.splice(0, log.entries.length - TRACE_LOG_SIZE);
}

/** The sequence number the next send will get: read it before a command, then ask for what follows. */
export function traceLogNext(world: World): number {
  return traceLogs.get(world)?.next ?? 1;
}

/** The kept sends numbered `since` or later, oldest first, as plain JSON. */
export function traceLogSince(world: World, since: number): TraceRecord[] {
  const entries = traceLogs.get(world)?.entries ?? [];
  return entries
    .filter((e) => e.seq >= since)
    .map((e) => ({
      seq: e.seq,
      from: e.from,
      timeMs: e.trace.hops[0]?.timeMs ?? 0,
      hops: e.trace.hops,
      ...(e.trace.error ? { error: e.trace.error } : {}),
      deliveries: e.trace.deliveries.map((d) => ({ to: d.to, timeMs: d.timeMs, headers: headersOf(d.packet) })),
    }));
}
