/**
 * Source NAT as netfilter performs it once the nat table chose MASQUERADE (Felix's
 * `cali-nat-outgoing` for natOutgoing pools, or a rule a student adds): the new source is the
 * outgoing interface's address; the port is kept when free, or — with `--random-fully`, as Felix
 * writes it — always drawn at random (the kernel's NF_NAT_RANGE_PROTO_RANDOM_FULLY). Conntrack
 * (iptables-conntrack.ts) keeps the binding, so later packets of the connection are rewritten
 * the same way and replies, and ICMP errors about the connection, are rewritten back.
 */
import type { NodeState } from '../state';
import type { Ipv4Packet } from './packet';
import { inetChecksum, ipBytes, ipRead, put16, u16 } from './packet';
import { tcpHash } from './tcp-conn';

/** An address and port (the ICMP echo id stands in for the port, as in conntrack's tuples). */
export interface NatPoint {
  ip: string;
  port?: number;
}

/** The flow port of a packet: TCP/UDP ports, or the echo id of ICMP echo requests and replies. */
export function natPort(p: Ipv4Packet, side: 'src' | 'dst'): number | undefined {
  const pl = p.payload;
  if (pl.kind === 'tcp' || pl.kind === 'udp') return side === 'src' ? pl.srcPort : pl.dstPort;
  if (pl.kind === 'icmp' && (pl.type === 8 || pl.type === 0)) return pl.id ?? 0;
  return undefined;
}

/** The packet with its source (or destination) address and port replaced. */
export function natRewrite(p: Ipv4Packet, side: 'src' | 'dst', to: NatPoint): Ipv4Packet {
  const pl = p.payload;
  const addr = side === 'src' ? { src: to.ip } : { dst: to.ip };
  if (to.port === undefined) return { ...p, ...addr };
  if (pl.kind === 'tcp' || pl.kind === 'udp') return { ...p, ...addr, payload: side === 'src' ? { ...pl, srcPort: to.port } : { ...pl, dstPort: to.port } } as Ipv4Packet;
  if (pl.kind === 'icmp' && (pl.type === 8 || pl.type === 0)) return { ...p, ...addr, payload: { ...pl, id: to.port } };
  return { ...p, ...addr };
}

/** The address MASQUERADE uses: the primary address of the interface the packet leaves by. */
export function masqueradeAddress(node: NodeState, outIf: string | undefined): string {
  const link = node.links.find((l) => l.name === outIf);
  return link?.addrs[0]?.cidr.split('/')[0] ?? node.ip;
}

/**
 * nf_nat_l4proto_unique_tuple: ports below 512 stay below 512, below 1024 stay in 600-1023, the
 * rest in 1024-65535; ICMP ids anywhere. `taken` says whether a candidate collides with another
 * connection. Without random-fully a free port is kept. The draw is a hash of the flow and the
 * time, so worlds replay identically without consuming the seeded generator.
 */
export function natPickPort(orig: number, proto: number, randomFully: boolean, seed: string, taken: (port: number) => boolean): number {
  if (!randomFully && !taken(orig)) return orig;
  const [min, size] = proto === 1 ? [0, 65536] : orig < 512 ? [1, 511] : orig < 1024 ? [600, 424] : [1024, 64512];
  const off = tcpHash(`nat|${seed}`);
  for (let i = 0; i < size; i++) {
    const port = min + ((off + i) % size);
    if (!taken(port)) return port;
  }
  return orig;
}

/** Where the quoted datagram of an ICMP error starts, and its protocol; null for other packets. */
function quoted(p: Ipv4Packet): { data: Uint8Array; hl: number; proto: number } | null {
  const pl = p.payload;
  if (pl.kind !== 'icmp' || (pl.type !== 3 && pl.type !== 11) || pl.data.length < 28) return null;
  const hl = (pl.data[0] & 15) * 4;
  return pl.data.length >= hl + 8 ? { data: pl.data, hl, proto: pl.data[9] } : null;
}

/** The quoted datagram's source as an ICMP error carries it (the connection's NATed side). */
export function natQuotedSource(p: Ipv4Packet): (NatPoint & { dst: string; dport?: number; proto: number }) | null {
  const q = quoted(p);
  if (!q) return null;
  const { data, hl, proto } = q;
  const ports = proto === 6 || proto === 17 ? { port: u16(data, hl), dport: u16(data, hl + 2) } : proto === 1 ? { port: u16(data, hl + 4), dport: u16(data, hl + 4) } : {};
  return { ip: ipRead(data, 12), dst: ipRead(data, 16), proto, ...ports };
}

/**
 * An ICMP error about a NATed packet goes back to the original sender: the outer destination
 * and the quoted source are rewritten (nf_nat_icmp_reply_translation), checksums fixed.
 */
export function natRewriteIcmpError(p: Ipv4Packet, to: NatPoint): Ipv4Packet {
  const q = quoted(p);
  if (!q || p.payload.kind !== 'icmp') return p;
  const data = q.data.slice();
  const { hl, proto } = q;
  data.set(ipBytes(to.ip), 12);
  put16(data, 10, 0);
  put16(data, 10, inetChecksum(data.subarray(0, hl)));
  const before = q.data;
  // Checksums of the quoted transport header follow the change incrementally (RFC 1624), as
  // Linux's manip does: UDP's covers the address (pseudo-header) and port, ICMP's the echo id.
  const fix = (at: number, from: number[], into: number[]) => {
    if (data.length < at + 2 || (proto === 17 && u16(data, at) === 0)) return;
    let sum = ~u16(data, at) & 0xffff;
    for (let i = 0; i < from.length; i += 2) sum += (~((from[i] << 8) | from[i + 1]) & 0xffff) + ((into[i] << 8) | into[i + 1]);
    while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
    put16(data, at, ~sum & 0xffff);
  };
  const bytes = (b: Uint8Array, at: number, n: number) => Array.from(b.subarray(at, at + n));
  if (proto === 17) fix(hl + 6, bytes(before, 12, 4), bytes(data, 12, 4));
  if (to.port !== undefined) {
    const at = proto === 1 ? hl + 4 : hl;
    const old = bytes(before, at, 2);
    if (proto === 6 || proto === 17 || proto === 1) put16(data, at, to.port);
    if (proto === 17) fix(hl + 6, old, bytes(data, at, 2));
    if (proto === 1) fix(hl + 2, old, bytes(data, at, 2));
  }
  return { ...p, dst: to.ip, payload: { ...p.payload, data } };
}
