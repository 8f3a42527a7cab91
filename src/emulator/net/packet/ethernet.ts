/** Ethernet II frames (IEEE 802.3 with an EtherType): 14 bytes of header, then the payload. */
import { concat, macBytes, macRead, u16, put16 } from './bytes';
import type { ArpPacket } from './arp';
import { arpEmit, arpParse } from './arp';
import type { Ipv4Packet } from './ipv4';
import { ipv4Emit, ipv4Parse } from './ipv4';

export const ETHERTYPE_IPV4 = 0x0800;
export const ETHERTYPE_ARP = 0x0806;
export const MAC_BROADCAST = 'ff:ff:ff:ff:ff:ff';

export interface EthernetFrame {
  kind: 'ethernet';
  dst: string;
  src: string;
  ethertype: number;
  payload: Ipv4Packet | ArpPacket | { kind: 'raw'; bytes: Uint8Array };
}

export function ethernetEmit(f: EthernetFrame): Uint8Array {
  const h = new Uint8Array(14);
  h.set(macBytes(f.dst), 0);
  h.set(macBytes(f.src), 6);
  put16(h, 12, f.ethertype);
  const p = f.payload;
  const body = p.kind === 'ipv4' ? ipv4Emit(p) : p.kind === 'arp' ? arpEmit(p) : p.bytes;
  return concat(h, body);
}

export function ethernetParse(b: Uint8Array): EthernetFrame {
  if (b.length < 14) throw new Error('truncated ethernet frame');
  const ethertype = u16(b, 12);
  const body = b.subarray(14);
  const payload =
    ethertype === ETHERTYPE_IPV4 ? ipv4Parse(body) : ethertype === ETHERTYPE_ARP ? arpParse(body) : { kind: 'raw' as const, bytes: body.slice() };
  return { kind: 'ethernet', dst: macRead(b, 0), src: macRead(b, 6), ethertype, payload };
}
