/**
 * Every field of a header as the inspector lists it: a name (a message key) and the value written
 * the way Wireshark or tcpdump would show it. Pure, so it is tested without a page.
 */
import type { HeaderSummary } from '../../worker/protocol';
import type { InspectorKey } from './strings';
import { tcpFlagsText } from './packet-summary';

export interface Field {
  name: InspectorKey;
  value: string;
}

const hex = (n: number, width: number) => `0x${n.toString(16).padStart(width, '0')}`;

const ETHERTYPES: Record<number, string> = { 0x0800: 'IPv4', 0x0806: 'ARP' };
const PROTOCOLS: Record<number, string> = { 1: 'ICMP', 4: 'IPIP', 6: 'TCP', 17: 'UDP' };
const ICMP_TYPES: Record<number, string> = { 0: 'echo reply', 3: 'destination unreachable', 8: 'echo request', 11: 'time exceeded' };

export function headerFields(h: HeaderSummary): Field[] {
  switch (h.proto) {
    case 'ethernet':
      return [
        { name: 'hdrDstMac', value: h.dst },
        { name: 'hdrSrcMac', value: h.src },
        { name: 'hdrEthertype', value: `${hex(h.ethertype, 4)} (${ETHERTYPES[h.ethertype] ?? '?'})` },
      ];
    case 'arp':
      return [
        { name: 'hdrHtype', value: `${h.htype}${h.htype === 1 ? ' (Ethernet)' : ''}` },
        { name: 'hdrPtype', value: `${hex(h.ptype, 4)} (${ETHERTYPES[h.ptype] ?? '?'})` },
        { name: 'hdrHlen', value: String(h.hlen) },
        { name: 'hdrPlen', value: String(h.plen) },
        { name: 'hdrOp', value: `${h.op} (${h.op === 1 ? 'request' : h.op === 2 ? 'reply' : '?'})` },
        { name: 'hdrSenderMac', value: h.senderMac },
        { name: 'hdrSenderIp', value: h.senderIp },
        { name: 'hdrTargetMac', value: h.targetMac },
        { name: 'hdrTargetIp', value: h.targetIp },
      ];
    case 'ipv4':
      return [
        { name: 'hdrVersion', value: String(h.version) },
        { name: 'hdrIhl', value: `${h.ihl} (${h.ihl * 4} bytes)` },
        { name: 'hdrTos', value: hex(h.tos, 2) },
        { name: 'hdrTotalLength', value: String(h.totalLength) },
        { name: 'hdrId', value: `${hex(h.id, 4)} (${h.id})` },
        { name: 'hdrFlags', value: [h.df ? 'DF' : '', h.mf ? 'MF' : ''].filter(Boolean).join(', ') || 'none' },
        { name: 'hdrFragOffset', value: String(h.fragOffset) },
        { name: 'hdrTtl', value: String(h.ttl) },
        { name: 'hdrProtocol', value: `${h.protocol} (${PROTOCOLS[h.protocol] ?? '?'})` },
        { name: 'hdrChecksum', value: hex(h.checksum, 4) },
        { name: 'hdrSrcIp', value: h.src },
        { name: 'hdrDstIp', value: h.dst },
      ];
    case 'icmp':
      return [
        { name: 'hdrIcmpType', value: `${h.type} (${ICMP_TYPES[h.type] ?? '?'})` },
        { name: 'hdrIcmpCode', value: String(h.code) },
        { name: 'hdrChecksum', value: hex(h.checksum, 4) },
        ...(h.id !== undefined ? [{ name: 'hdrIcmpId' as const, value: `${h.id} (${hex(h.id, 4)})` }] : []),
        ...(h.seq !== undefined ? [{ name: 'hdrIcmpSeq' as const, value: String(h.seq) }] : []),
        ...(h.mtu !== undefined ? [{ name: 'hdrMtu' as const, value: String(h.mtu) }] : []),
        { name: 'hdrDataLength', value: `${h.dataLength}` },
      ];
    case 'udp':
      return [
        { name: 'hdrSrcPort', value: String(h.srcPort) },
        { name: 'hdrDstPort', value: `${h.dstPort}${h.dstPort === 4789 ? ' (VXLAN)' : ''}` },
        { name: 'hdrUdpLength', value: String(h.length) },
        { name: 'hdrChecksum', value: hex(h.checksum, 4) },
      ];
    case 'tcp':
      return [
        { name: 'hdrSrcPort', value: String(h.srcPort) },
        { name: 'hdrDstPort', value: String(h.dstPort) },
        { name: 'hdrSeq', value: String(h.seq) },
        { name: 'hdrAck', value: String(h.ack) },
        { name: 'hdrDataOffset', value: `${h.dataOffset} (${h.dataOffset * 4} bytes)` },
        { name: 'hdrTcpFlags', value: `[${tcpFlagsText(h.flags)}] ${hex(h.flags, 3)}` },
        { name: 'hdrWindow', value: String(h.window) },
        { name: 'hdrChecksum', value: hex(h.checksum, 4) },
        { name: 'hdrUrgent', value: String(h.urgent) },
        { name: 'hdrOptions', value: h.options || 'none' },
        { name: 'hdrDataLength', value: String(h.dataLength) },
      ];
    case 'vxlan':
      return [
        { name: 'hdrVxlanFlags', value: `${hex(h.flags, 2)}${h.flags & 0x08 ? ' (I: VNI valid)' : ''}` },
        { name: 'hdrVni', value: String(h.vni) },
      ];
  }
}

/** Which headers of a stack belong to the outer packet (before the tunnel's inner frame). */
export function innerStart(headers: HeaderSummary[]): number {
  const vx = headers.findIndex((h) => h.proto === 'vxlan');
  if (vx >= 0) return vx + 1;
  const ips = headers.flatMap((h, i) => (h.proto === 'ipv4' ? [i] : []));
  return ips.length > 1 ? ips[1] : headers.length;
}

export const LAYER_NAMES: Record<HeaderSummary['proto'], string> = {
  ethernet: 'Ethernet',
  arp: 'ARP',
  ipv4: 'IPv4',
  icmp: 'ICMP',
  udp: 'UDP',
  tcp: 'TCP',
  vxlan: 'VXLAN',
};
