/** UDP (RFC 768) with the pseudo-header checksum; port 4789 carries VXLAN. */
import { concat, inetChecksum, pseudoHeaderSum, put16, u16 } from './bytes';
import type { VxlanPacket } from './vxlan';
import { vxlanEmit, vxlanParse } from './vxlan';

export const VXLAN_PORT = 4789;

export interface UdpDatagram {
  kind: 'udp';
  srcPort: number;
  dstPort: number;
  payload: VxlanPacket | { kind: 'raw'; bytes: Uint8Array };
}

export function udpEmit(u: UdpDatagram, src: string, dst: string): Uint8Array {
  const body = u.payload.kind === 'vxlan' ? vxlanEmit(u.payload) : u.payload.bytes;
  const h = new Uint8Array(8);
  put16(h, 0, u.srcPort);
  put16(h, 2, u.dstPort);
  put16(h, 4, 8 + body.length);
  const b = concat(h, body);
  const sum = inetChecksum(b, pseudoHeaderSum(src, dst, 17, b.length));
  put16(b, 6, sum === 0 ? 0xffff : sum);
  return b;
}

export function udpParse(b: Uint8Array): UdpDatagram {
  if (b.length < 8) throw new Error('truncated udp');
  const dstPort = u16(b, 2);
  const body = b.subarray(8, Math.min(u16(b, 4), b.length));
  let payload: UdpDatagram['payload'] = { kind: 'raw', bytes: body.slice() };
  if (dstPort === VXLAN_PORT) {
    try {
      payload = vxlanParse(body);
    } catch {
      // not VXLAN after all: keep the bytes
    }
  }
  return { kind: 'udp', srcPort: u16(b, 0), dstPort, payload };
}
