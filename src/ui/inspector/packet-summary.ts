/**
 * Small facts about a traced packet that both the topology's animation and the (lazy) packet
 * inspector need: what a hop's header stack carries and whether it is encapsulated.
 */
import type { HeaderSummary, PacketTrace, TraceHop } from '../../worker/protocol';

export type Encapsulation = 'ipip' | 'vxlan' | null;

/** IPIP when an IPv4 header follows another, VXLAN when a VXLAN header is in the stack. */
export function encapsulationOf(headers: HeaderSummary[]): Encapsulation {
  if (headers.some((h) => h.proto === 'vxlan')) return 'vxlan';
  return headers.filter((h) => h.proto === 'ipv4').length > 1 ? 'ipip' : null;
}

type Ipv4Header = Extract<HeaderSummary, { proto: 'ipv4' }>;

/** The outermost and innermost IPv4 headers (the same one when not encapsulated). */
export function ipHeaders(headers: HeaderSummary[]): { outer?: Ipv4Header; inner?: Ipv4Header } {
  const ips = headers.filter((h): h is Ipv4Header => h.proto === 'ipv4');
  return { outer: ips[0], inner: ips[ips.length - 1] };
}

/** What the innermost packet is, tcpdump-style: `ICMP echo request`, `TCP 80 [S]`, `ARP who-has`. */
export function payloadName(headers: HeaderSummary[]): string {
  const last = headers[headers.length - 1];
  if (!last) return '?';
  switch (last.proto) {
    case 'icmp':
      return last.type === 8 ? 'ICMP echo request' : last.type === 0 ? 'ICMP echo reply' : last.type === 3 ? 'ICMP unreachable' : last.type === 11 ? 'ICMP time exceeded' : `ICMP type ${last.type}`;
    case 'tcp':
      return `TCP ${last.srcPort} > ${last.dstPort} [${tcpFlagsText(last.flags)}]`;
    case 'udp':
      return `UDP ${last.srcPort} > ${last.dstPort}`;
    case 'arp':
      return last.op === 1 ? `ARP who-has ${last.targetIp}` : `ARP ${last.senderIp} is-at ${last.senderMac}`;
    case 'ipv4':
      return last.fragOffset > 0 ? `IP fragment +${last.fragOffset}` : `IP proto ${last.protocol}`;
    default:
      return last.proto.toUpperCase();
  }
}

/** tcpdump's flag letters: S, F, R, P, U, and `.` for ACK. */
export function tcpFlagsText(flags: number): string {
  let s = '';
  if (flags & 0x02) s += 'S';
  if (flags & 0x01) s += 'F';
  if (flags & 0x04) s += 'R';
  if (flags & 0x08) s += 'P';
  if (flags & 0x20) s += 'U';
  if (flags & 0x10) s += '.';
  return s || 'none';
}

/** A one-line name for a traced send: what it carried, from where to where. */
export function traceLabel(t: PacketTrace): string {
  const first = t.hops.find((h) => h.headers.some((x) => x.proto === 'ipv4')) ?? t.hops[0];
  if (!first) return `#${t.seq}`;
  const { inner } = ipHeaders(first.headers);
  return `${payloadName(first.headers)}${inner ? ` ${inner.src} → ${inner.dst}` : ''}`;
}

/** Where a hop happens: the pod's namespace or the node's own. */
export function hopPlace(h: TraceHop): string {
  return h.netns === 'host' ? `${h.node}${h.iface ? ` ${h.iface}` : ''}` : `${h.netns.split('/')[1] ?? h.netns} ${h.iface}`;
}

/**
 * The inspector's events: every hop, plus the wire between two nodes (a frame leaving one node's
 * interface and arriving at another's), which the trace has no hop of its own for.
 */
export interface TraceEvent {
  hop: number;
  /** The wire crossed just before hop `hop` (from the previous hop's node). */
  wire: boolean;
}

export function traceEvents(t: PacketTrace): TraceEvent[] {
  const out: TraceEvent[] = [];
  t.hops.forEach((h, i) => {
    const prev = t.hops[i - 1];
    if (prev && prev.node !== h.node && h.action === 'receive' && h.netns === 'host') out.push({ hop: i, wire: true });
    out.push({ hop: i, wire: false });
  });
  return out;
}
