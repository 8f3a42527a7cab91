/** VXLAN (RFC 7348): 8 bytes (flags 0x08 = valid VNI, 24-bit VNI) before an inner Ethernet frame. */
import { concat, u32 } from './bytes';
import type { EthernetFrame } from './ethernet';
import { ethernetEmit, ethernetParse } from './ethernet';

/** Calico's defaults (FelixConfiguration vxlanVNI, vxlanPort). */
export const CALICO_VXLAN_VNI = 4096;

export interface VxlanPacket {
  kind: 'vxlan';
  flags: number;
  vni: number;
  frame: EthernetFrame;
}

export function vxlanEmit(v: VxlanPacket): Uint8Array {
  const h = new Uint8Array(8);
  h[0] = v.flags;
  h[4] = (v.vni >>> 16) & 255;
  h[5] = (v.vni >>> 8) & 255;
  h[6] = v.vni & 255;
  return concat(h, ethernetEmit(v.frame));
}

export function vxlanParse(b: Uint8Array): VxlanPacket {
  if (b.length < 8 + 14) throw new Error('truncated vxlan');
  return { kind: 'vxlan', flags: b[0], vni: u32(b, 4) >>> 8, frame: ethernetParse(b.subarray(8)) };
}
