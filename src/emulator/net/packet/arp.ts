/** ARP for IPv4 over Ethernet (RFC 826): 28 bytes. */
import { ipBytes, ipRead, macBytes, macRead, put16, u16 } from './bytes';

export const ARP_REQUEST = 1;
export const ARP_REPLY = 2;

export interface ArpPacket {
  kind: 'arp';
  op: number;
  senderMac: string;
  senderIp: string;
  targetMac: string;
  targetIp: string;
}

export function arpEmit(a: ArpPacket): Uint8Array {
  const b = new Uint8Array(28);
  put16(b, 0, 1); // hardware type Ethernet
  put16(b, 2, 0x0800);
  b[4] = 6;
  b[5] = 4;
  put16(b, 6, a.op);
  b.set(macBytes(a.senderMac), 8);
  b.set(ipBytes(a.senderIp), 14);
  b.set(macBytes(a.targetMac), 18);
  b.set(ipBytes(a.targetIp), 24);
  return b;
}

export function arpParse(b: Uint8Array): ArpPacket {
  if (b.length < 28) throw new Error('truncated arp packet');
  return { kind: 'arp', op: u16(b, 6), senderMac: macRead(b, 8), senderIp: ipRead(b, 14), targetMac: macRead(b, 18), targetIp: ipRead(b, 24) };
}
