/** IPv4 (RFC 791): a 20-byte header (no options) with TTL, identification, DF/MF and checksum. */
import { concat, inetChecksum, ipBytes, ipRead, put16, u16 } from './bytes';
import type { IcmpPacket } from './icmp';
import { icmpEmit, icmpParse } from './icmp';
import type { UdpDatagram } from './udp';
import { udpEmit, udpParse } from './udp';
import type { TcpSegment } from './tcp';
import { tcpEmit, tcpParse } from './tcp';

export const IPPROTO_ICMP = 1;
export const IPPROTO_IPIP = 4;
export const IPPROTO_TCP = 6;
export const IPPROTO_UDP = 17;

export interface RawPayload {
  kind: 'raw';
  bytes: Uint8Array;
}

export type Ipv4Payload = IcmpPacket | UdpDatagram | TcpSegment | Ipv4Packet | RawPayload;

export interface Ipv4Packet {
  kind: 'ipv4';
  tos: number;
  id: number;
  df: boolean;
  mf: boolean;
  /** Fragment offset in bytes (a multiple of 8). */
  fragOffset: number;
  ttl: number;
  protocol: number;
  src: string;
  dst: string;
  payload: Ipv4Payload;
}

export function ipv4New(p: Partial<Ipv4Packet> & Pick<Ipv4Packet, 'src' | 'dst' | 'payload'>): Ipv4Packet {
  const protocol = p.protocol ?? protocolOf(p.payload);
  return { kind: 'ipv4', tos: 0, id: 0, df: true, mf: false, fragOffset: 0, ttl: 64, ...p, protocol };
}

function protocolOf(payload: Ipv4Payload): number {
  switch (payload.kind) {
    case 'icmp': return IPPROTO_ICMP;
    case 'udp': return IPPROTO_UDP;
    case 'tcp': return IPPROTO_TCP;
    case 'ipv4': return IPPROTO_IPIP;
    default: return 255;
  }
}

export function ipv4PayloadEmit(p: Ipv4Packet): Uint8Array {
  const pl = p.payload;
  switch (pl.kind) {
    case 'icmp': return icmpEmit(pl);
    case 'udp': return udpEmit(pl, p.src, p.dst);
    case 'tcp': return tcpEmit(pl, p.src, p.dst);
    case 'ipv4': return ipv4Emit(pl);
    default: return pl.bytes;
  }
}

export function ipv4Emit(p: Ipv4Packet): Uint8Array {
  const body = ipv4PayloadEmit(p);
  const h = new Uint8Array(20);
  h[0] = 0x45;
  h[1] = p.tos;
  put16(h, 2, 20 + body.length);
  put16(h, 4, p.id & 0xffff);
  put16(h, 6, (p.df ? 0x4000 : 0) | (p.mf ? 0x2000 : 0) | ((p.fragOffset >> 3) & 0x1fff));
  h[8] = p.ttl;
  h[9] = p.protocol;
  h.set(ipBytes(p.src), 12);
  h.set(ipBytes(p.dst), 16);
  put16(h, 10, inetChecksum(h));
  return concat(h, body);
}

export function ipv4Length(p: Ipv4Packet): number {
  return ipv4Emit(p).length;
}

export function ipv4Parse(b: Uint8Array): Ipv4Packet {
  if (b.length < 20 || b[0] >> 4 !== 4) throw new Error('not an IPv4 packet');
  const ihl = (b[0] & 15) * 4;
  const total = Math.min(u16(b, 2), b.length);
  const flags = u16(b, 6);
  const protocol = b[9];
  const fragOffset = (flags & 0x1fff) * 8;
  const mf = (flags & 0x2000) !== 0;
  const src = ipRead(b, 12);
  const dst = ipRead(b, 16);
  const body = b.subarray(ihl, total);
  let payload: Ipv4Payload = { kind: 'raw', bytes: body.slice() };
  if (fragOffset === 0 && !mf) {
    try {
      if (protocol === IPPROTO_ICMP) payload = icmpParse(body);
      else if (protocol === IPPROTO_UDP) payload = udpParse(body);
      else if (protocol === IPPROTO_TCP) payload = tcpParse(body);
      else if (protocol === IPPROTO_IPIP) payload = ipv4Parse(body);
    } catch {
      // A truncated or malformed upper layer stays raw bytes, as a capture would keep it.
    }
  }
  return { kind: 'ipv4', tos: b[1], id: u16(b, 4), df: (flags & 0x4000) !== 0, mf, fragOffset, ttl: b[8], protocol, src, dst, payload };
}

/** Whether the header checksum of raw bytes verifies (sums to zero). */
export function ipv4ChecksumOk(b: Uint8Array): boolean {
  return inetChecksum(b.subarray(0, (b[0] & 15) * 4)) === 0;
}

/**
 * Linux's ip_fragment: split an IPv4 packet into fragments whose payloads are multiples of 8 bytes
 * and fit `mtu`; each keeps the ID, the first carries the upper-layer header.
 */
export function ipv4Fragment(p: Ipv4Packet, mtu: number): Ipv4Packet[] {
  const body = ipv4PayloadEmit(p);
  const max = Math.floor((mtu - 20) / 8) * 8;
  const out: Ipv4Packet[] = [];
  for (let at = 0; at < body.length; at += max) {
    const chunk = body.slice(at, at + max);
    out.push({ ...p, df: false, mf: at + max < body.length || p.mf, fragOffset: p.fragOffset + at, payload: { kind: 'raw', bytes: chunk } });
  }
  return out;
}
