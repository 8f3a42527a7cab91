/**
 * Classic libpcap capture files (the format `tcpdump -w` writes, magic 0xa1b2c3d4, microsecond
 * timestamps, little-endian as on x86). The node filesystem stores strings, so a pcap on a node is
 * kept as a binary string with one char per byte (`pcapToBinaryString`).
 */

export const LINKTYPE_ETHERNET = 1;
/** Raw IPv4/IPv6 with no link header: what tunl0 (an IPIP device) captures as. */
export const LINKTYPE_RAW = 101;
/** Linux cooked capture v2: `tcpdump -i any`. */
export const LINKTYPE_LINUX_SLL2 = 276;

export const SNAPLEN = 262144;

export interface PcapRecord {
  /** Milliseconds since the Unix epoch (fractions give microseconds). */
  timeMs: number;
  data: Uint8Array;
  /** Length on the wire when `data` was cut by the snap length. */
  origLen?: number;
}

export function pcapWrite(linktype: number, records: readonly PcapRecord[], snaplen = SNAPLEN): Uint8Array {
  const size = 24 + records.reduce((n, r) => n + 16 + r.data.length, 0);
  const out = new Uint8Array(size);
  const v = new DataView(out.buffer);
  v.setUint32(0, 0xa1b2c3d4, true);
  v.setUint16(4, 2, true);
  v.setUint16(6, 4, true);
  v.setUint32(16, snaplen, true);
  v.setUint32(20, linktype, true);
  let at = 24;
  for (const r of records) {
    const us = Math.round(r.timeMs * 1000);
    v.setUint32(at, Math.floor(us / 1e6), true);
    v.setUint32(at + 4, us % 1e6, true);
    v.setUint32(at + 8, r.data.length, true);
    v.setUint32(at + 12, r.origLen ?? r.data.length, true);
    out.set(r.data, at + 16);
    at += 16 + r.data.length;
  }
  return out;
}

export interface PcapFile {
  linktype: number;
  snaplen: number;
  records: PcapRecord[];
}

/** Reads either byte order and both microsecond and nanosecond magics; null when not a pcap. */
export function pcapRead(b: Uint8Array): PcapFile | null {
  if (b.length < 24) return null;
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const magicLe = v.getUint32(0, true);
  const le = magicLe === 0xa1b2c3d4 || magicLe === 0xa1b23c4d;
  const magic = v.getUint32(0, le);
  if (magic !== 0xa1b2c3d4 && magic !== 0xa1b23c4d) return null;
  const div = magic === 0xa1b23c4d ? 1e6 : 1e3;
  const records: PcapRecord[] = [];
  for (let at = 24; at + 16 <= b.length; ) {
    const incl = v.getUint32(at + 8, le);
    const timeMs = v.getUint32(at, le) * 1000 + v.getUint32(at + 4, le) / div;
    records.push({ timeMs, data: b.slice(at + 16, at + 16 + incl), origLen: v.getUint32(at + 12, le) });
    at += 16 + incl;
  }
  return { linktype: v.getUint32(20, le), snaplen: v.getUint32(16, le), records };
}

export function pcapToBinaryString(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i += 8192) s += String.fromCharCode(...b.subarray(i, i + 8192));
  return s;
}

export function pcapFromBinaryString(s: string): Uint8Array {
  const b = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) b[i] = s.charCodeAt(i) & 255;
  return b;
}

/**
 * An SLL2 header (20 bytes) for a packet seen on `ifindex`: `In` (0), `Out` (4) as the kernel
 * labels them, the hardware type (1 Ethernet, 768 IPIP) and the source link address.
 */
export function sll2Header(protocol: number, ifindex: number, hatype: number, pkttype: number, addr: number[]): Uint8Array {
  const h = new Uint8Array(20);
  const v = new DataView(h.buffer);
  v.setUint16(0, protocol);
  v.setUint32(4, ifindex);
  v.setUint16(8, hatype);
  h[10] = pkttype;
  h[11] = addr.length;
  h.set(addr.slice(0, 8), 12);
  return h;
}
