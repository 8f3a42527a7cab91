/**
 * Link layers and one packet's whole line: print-ether.c (`-e`), print-arp.c, raw IP (tunl0) and
 * Linux cooked v2 (`-i any`), then the `-A`/`-X` dumps of the bytes after the link header.
 */
import { ipRead, macRead, u16 } from '../../../../emulator/net/packet/bytes';
import { LINKTYPE_ETHERNET, LINKTYPE_LINUX_SLL2, LINKTYPE_RAW } from '../../../../emulator/net/packet/pcap';
import type { IpPrintState } from './print-ip';
import { ipPrint } from './print-ip';
import { asciiDump, hexAsciiDump } from './hexdump';
import type { PrintOptions } from './options';

const ETHERTYPES: Record<number, string> = { 0x0800: 'IPv4', 0x0806: 'ARP', 0x86dd: 'IPv6' };

function arpPrint(b: Uint8Array, o: PrintOptions, prefix: boolean): string {
  const op = u16(b, 6);
  let s = (prefix ? 'ARP, ' : '') + (o.verbose ? 'Ethernet (len 6), IPv4 (len 4), ' : '');
  const tha = macRead(b, 18);
  if (op === 1) s += `Request who-has ${o.host(ipRead(b, 24))}${tha !== '00:00:00:00:00:00' ? ` (${tha})` : ''} tell ${o.host(ipRead(b, 14))}`;
  else if (op === 2) s += `Reply ${o.host(ipRead(b, 14))} is-at ${macRead(b, 8)}`;
  else s += `op ${op}`;
  return s + ', length 28';
}

/** An Ethernet frame: `-e` adds the MACs, ethertype and frame length and drops the `IP ` word. */
export function etherPrint(f: Uint8Array, st: IpPrintState): string {
  const o = st.opts;
  const type = u16(f, 12);
  const body = f.subarray(14);
  const head = o.link ? `${macRead(f, 6)} > ${macRead(f, 0)}, ethertype ${ETHERTYPES[type] ?? 'Unknown'} (0x${type.toString(16).padStart(4, '0')}), length ${f.length}: ` : '';
  if (type === 0x0800) return head + ipPrint(body, st, !o.link);
  if (type === 0x0806) return head + arpPrint(body, o, !o.link);
  return head + (o.link ? '' : `ethertype Unknown (0x${type.toString(16).padStart(4, '0')}), length ${f.length}: `);
}

export interface Frame {
  linktype: number;
  data: Uint8Array;
}

/** The text after the timestamp, and the bytes `-A`/`-X` dump. */
export function framePrint(frame: Frame, st: IpPrintState): string {
  const o = st.opts;
  let text: string;
  let l3: Uint8Array;
  if (frame.linktype === LINKTYPE_ETHERNET) {
    text = etherPrint(frame.data, st);
    l3 = frame.data.subarray(14);
  } else if (frame.linktype === LINKTYPE_RAW) {
    text = (o.link ? 'ip: ' : '') + ipPrint(frame.data, st, !o.link);
    l3 = frame.data;
  } else if (frame.linktype === LINKTYPE_LINUX_SLL2) {
    const d = frame.data;
    const proto = u16(d, 0);
    l3 = d.subarray(20);
    text = proto === 0x0806 ? arpPrint(l3, o, true) : ipPrint(l3, st, true);
  } else {
    text = '';
    l3 = frame.data;
  }
  if (o.hex) text += hexAsciiDump(l3);
  else if (o.ascii) text += asciiDump(l3);
  return text;
}
