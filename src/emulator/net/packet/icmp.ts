/** ICMP (RFC 792): echo, destination unreachable (with RFC 1191's next-hop MTU), time exceeded. */
import { concat, inetChecksum, put16, u16 } from './bytes';

export const ICMP_ECHO_REPLY = 0;
export const ICMP_UNREACH = 3;
export const ICMP_ECHO_REQUEST = 8;
export const ICMP_TIME_EXCEEDED = 11;

/** Codes of destination unreachable. */
export const UNREACH_NET = 0;
export const UNREACH_HOST = 1;
export const UNREACH_PROTOCOL = 2;
export const UNREACH_PORT = 3;
export const UNREACH_NEEDFRAG = 4;

export interface IcmpPacket {
  kind: 'icmp';
  type: number;
  code: number;
  /** Echo: identifier and sequence number (bytes 4-7). */
  id?: number;
  seq?: number;
  /** Unreachable/need-frag: the next-hop MTU (bytes 6-7). */
  mtu?: number;
  /** Echo data, or the quoted IP header + 8 bytes of the offending datagram. */
  data: Uint8Array;
}

export function icmpEcho(type: typeof ICMP_ECHO_REQUEST | typeof ICMP_ECHO_REPLY, id: number, seq: number, data: Uint8Array): IcmpPacket {
  return { kind: 'icmp', type, code: 0, id, seq, data };
}

/** An error about `quoted` (its emitted bytes): the header plus the first 8 bytes of its payload. */
export function icmpError(type: number, code: number, quoted: Uint8Array, mtu?: number): IcmpPacket {
  const hl = (quoted[0] & 15) * 4;
  return { kind: 'icmp', type, code, mtu, data: quoted.slice(0, hl + 8) };
}

export function icmpEmit(p: IcmpPacket): Uint8Array {
  const h = new Uint8Array(8);
  h[0] = p.type;
  h[1] = p.code;
  if (p.type === ICMP_ECHO_REQUEST || p.type === ICMP_ECHO_REPLY) {
    put16(h, 4, p.id ?? 0);
    put16(h, 6, p.seq ?? 0);
  } else if (p.mtu !== undefined) put16(h, 6, p.mtu);
  const b = concat(h, p.data);
  put16(b, 2, inetChecksum(b));
  return b;
}

export function icmpParse(b: Uint8Array): IcmpPacket {
  if (b.length < 8) throw new Error('truncated icmp');
  const type = b[0];
  const p: IcmpPacket = { kind: 'icmp', type, code: b[1], data: b.slice(8) };
  if (type === ICMP_ECHO_REQUEST || type === ICMP_ECHO_REPLY) {
    p.id = u16(b, 4);
    p.seq = u16(b, 6);
  } else if (type === ICMP_UNREACH && b[1] === UNREACH_NEEDFRAG) p.mtu = u16(b, 6);
  return p;
}
