/**
 * Captures covering every packet kind the dataplane produces, built from typed packets: the parity
 * suite writes them as pcaps for the real tcpdump, the unit tests round-trip them.
 */
import type { EthernetFrame, Ipv4Packet, TcpOption } from '../../src/emulator/net/packet';
import {
  ETHERTYPE_ARP, ETHERTYPE_IPV4, ICMP_ECHO_REPLY, ICMP_ECHO_REQUEST, ICMP_TIME_EXCEEDED, ICMP_UNREACH, LINKTYPE_ETHERNET, LINKTYPE_RAW,
  MAC_BROADCAST, TCP_ACK, TCP_FIN, TCP_PSH, TCP_SYN, UNREACH_NEEDFRAG, UNREACH_PORT, ethernetEmit, icmpEcho, icmpError, ipv4Emit, ipv4Fragment, ipv4New, tcpSynOptions,
} from '../../src/emulator/net/packet';

export const POD_A = '10.244.1.16';
export const POD_B = '10.244.3.16';
export const NODE_A = '172.16.11.81';
export const NODE_B = '172.16.11.83';
const MAC_A = '00:0c:29:3a:7c:11';
const MAC_B = '00:0c:29:9b:41:d2';
const POD_MAC = '4a:9c:21:7e:03:5b';
const CALI = 'ee:ee:ee:ee:ee:ee';
const VTEP_A = '66:4e:7f:c3:9a:12';
const VTEP_B = '66:d1:08:5a:2b:77';

const T0 = Date.UTC(2024, 4, 6, 6, 40, 12);

function payload(n: number): Uint8Array {
  // ping's pattern: 8 bytes of timestamp, then 0x10, 0x11, ...
  return Uint8Array.from({ length: n }, (_, i) => (i < 8 ? (i * 37) & 255 : (i + 8) & 255));
}

function eth(src: string, dst: string, ip: Ipv4Packet): EthernetFrame {
  return { kind: 'ethernet', src, dst, ethertype: ETHERTYPE_IPV4, payload: ip };
}

function echo(src: string, dst: string, type: 8 | 0, seq: number, ttl = 64): Ipv4Packet {
  return ipv4New({ src, dst, ttl, id: type === 8 ? 0x1a2b + seq : 0x3c00 + seq, df: type === 8, payload: icmpEcho(type, 42, seq, payload(56)) });
}

const ts = (val: number, ecr: number): TcpOption[] => [{ kind: 'nop' }, { kind: 'nop' }, { kind: 'ts', val, ecr }];

function tcp(src: string, dst: string, sp: number, dp: number, seq: number, ack: number, flags: number, options: TcpOption[], data = '', id = 0x4d2): Ipv4Packet {
  const bytes = new TextEncoder().encode(data);
  return ipv4New({ src, dst, id, payload: { kind: 'tcp', srcPort: sp, dstPort: dp, seq, ack, flags, window: flags & TCP_SYN ? 64800 : 507, urgent: 0, options, data: bytes } });
}

/** The notes' flow: 10.244.1.16:49490 -> 10.244.3.16:10016, a handshake, data and teardown. */
export function tcpFlow(port = 10016): Ipv4Packet[] {
  const a = 3056118245, b = 1201135571;
  const req = 'GET / HTTP/1.1\r\nHost: 10.244.3.16:10016\r\n\r\n';
  const res = 'HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello';
  return [
    tcp(POD_A, POD_B, 49490, port, a, 0, TCP_SYN, tcpSynOptions(1440, 2044906138), '', 0x9f01),
    tcp(POD_B, POD_A, port, 49490, b, a + 1, TCP_SYN | TCP_ACK, tcpSynOptions(1440, 88301, 2044906138), '', 0),
    tcp(POD_A, POD_B, 49490, port, a + 1, b + 1, TCP_ACK, ts(2044906139, 88301), '', 0x9f02),
    tcp(POD_A, POD_B, 49490, port, a + 1, b + 1, TCP_PSH | TCP_ACK, ts(2044906139, 88301), req, 0x9f03),
    tcp(POD_B, POD_A, port, 49490, b + 1, a + 1 + req.length, TCP_ACK, ts(88302, 2044906139), '', 0x5a10),
    tcp(POD_B, POD_A, port, 49490, b + 1, a + 1 + req.length, TCP_PSH | TCP_ACK, ts(88302, 2044906139), res, 0x5a11),
    tcp(POD_A, POD_B, 49490, port, a + 1 + req.length, b + 1 + res.length, TCP_FIN | TCP_ACK, ts(2044906140, 88302), '', 0x9f04),
    tcp(POD_B, POD_A, port, 49490, b + 1 + res.length, a + 2 + req.length, TCP_FIN | TCP_ACK, ts(88303, 2044906140), '', 0x5a12),
    tcp(POD_A, POD_B, 49490, port, a + 2 + req.length, b + 2 + res.length, TCP_ACK, ts(2044906141, 88303), '', 0x9f05),
  ];
}

function udp(src: string, dst: string, sp: number, dp: number, text: string): Ipv4Packet {
  return ipv4New({ src, dst, id: 0x2222, payload: { kind: 'udp', srcPort: sp, dstPort: dp, payload: { kind: 'raw', bytes: new TextEncoder().encode(text) } } });
}

function ipip(inner: Ipv4Packet, outerSrc: string, outerDst: string): Ipv4Packet {
  return ipv4New({ src: outerSrc, dst: outerDst, ttl: inner.ttl, df: inner.df, tos: inner.tos, id: inner.id + 7, payload: inner });
}

function vxlan(inner: Ipv4Packet, sport: number): Ipv4Packet {
  const frame = eth(VTEP_A, VTEP_B, inner);
  return ipv4New({ src: NODE_A, dst: NODE_B, df: false, id: inner.id + 9, payload: { kind: 'udp', srcPort: sport, dstPort: 4789, payload: { kind: 'vxlan', flags: 0x08, vni: 4096, frame } } });
}

export interface Capture {
  name: string;
  linktype: number;
  frames: { timeMs: number; data: Uint8Array }[];
}

function frames(list: Uint8Array[]): Capture['frames'] {
  return list.map((data, i) => ({ timeMs: T0 + i * 1000 + 0.114233 * (i + 1), data }));
}

export function corpus(): Capture[] {
  const pod = (p: Ipv4Packet, out: boolean) => (out ? eth(POD_MAC, CALI, p) : eth(CALI, POD_MAC, p));
  const wire = (p: Ipv4Packet, out = true) => (out ? eth(MAC_A, MAC_B, p) : eth(MAC_B, MAC_A, p));
  const icmp = [echo(POD_A, POD_B, ICMP_ECHO_REQUEST, 1), echo(POD_B, POD_A, ICMP_ECHO_REPLY, 1, 63)];
  const arp: EthernetFrame[] = [
    { kind: 'ethernet', src: POD_MAC, dst: MAC_BROADCAST, ethertype: ETHERTYPE_ARP, payload: { kind: 'arp', op: 1, senderMac: POD_MAC, senderIp: POD_A, targetMac: '00:00:00:00:00:00', targetIp: '169.254.1.1' } },
    { kind: 'ethernet', src: CALI, dst: POD_MAC, ethertype: ETHERTYPE_ARP, payload: { kind: 'arp', op: 2, senderMac: CALI, senderIp: '169.254.1.1', targetMac: POD_MAC, targetIp: POD_A } },
  ];
  const big = echo(POD_A, POD_B, ICMP_ECHO_REQUEST, 3);
  const errors = [
    ipv4New({ src: '172.16.11.1', dst: POD_A, ttl: 64, id: 77, df: false, payload: icmpError(ICMP_UNREACH, UNREACH_NEEDFRAG, ipv4Emit(big), 1400) }),
    ipv4New({ src: NODE_B, dst: POD_A, ttl: 64, id: 78, df: false, payload: icmpError(ICMP_UNREACH, UNREACH_PORT, ipv4Emit(udp(POD_A, NODE_B, 40000, 33434, 'x'))) }),
    ipv4New({ src: '172.16.11.1', dst: POD_A, ttl: 64, id: 79, df: false, payload: icmpError(ICMP_TIME_EXCEEDED, 0, ipv4Emit({ ...big, ttl: 1 })) }),
  ];
  const all = (list: EthernetFrame[]) => list.map(ethernetEmit);
  return [
    { name: 'icmp-echo', linktype: LINKTYPE_ETHERNET, frames: frames(all(icmp.map((p, i) => pod(p, i === 0)))) },
    { name: 'tcp-flow', linktype: LINKTYPE_ETHERNET, frames: frames(all(tcpFlow().map((p) => pod(p, p.src === POD_A)))) },
    { name: 'http', linktype: LINKTYPE_ETHERNET, frames: frames(all(tcpFlow(80).map((p) => pod(p, p.src === POD_A)))) },
    { name: 'fragments', linktype: LINKTYPE_ETHERNET, frames: frames(all(ipv4Fragment(ipv4New({ src: POD_A, dst: POD_B, df: false, id: 4321, payload: icmpEcho(8, 42, 5, payload(2000)) }), 1480).map((p) => pod(p, true)))) },
    { name: 'udp', linktype: LINKTYPE_ETHERNET, frames: frames(all([udp(POD_A, POD_B, 40000, 5000, 'hello'), udp(POD_B, POD_A, 5000, 40000, 'world!')].map((p) => pod(p, p.src === POD_A)))) },
    { name: 'arp', linktype: LINKTYPE_ETHERNET, frames: frames(all(arp)) },
    { name: 'icmp-errors', linktype: LINKTYPE_ETHERNET, frames: frames(all(errors.map((p) => pod(p, false)))) },
    { name: 'ipip-icmp', linktype: LINKTYPE_ETHERNET, frames: frames(all([wire(ipip(icmp[0], NODE_A, NODE_B)), wire(ipip(echo(POD_B, POD_A, 0, 1), NODE_B, NODE_A), false)])) },
    { name: 'ipip-tcp', linktype: LINKTYPE_ETHERNET, frames: frames(all(tcpFlow().map((p) => (p.src === POD_A ? wire(ipip(p, NODE_A, NODE_B)) : wire(ipip(p, NODE_B, NODE_A), false))))) },
    { name: 'tunl0-raw', linktype: LINKTYPE_RAW, frames: frames([ipv4Emit(icmp[0]), ipv4Emit(icmp[1])]) },
    { name: 'vxlan-icmp', linktype: LINKTYPE_ETHERNET, frames: frames(all([wire(vxlan(icmp[0], 53412)), wire(vxlan({ ...icmp[1], ttl: 64 }, 41000))])) },
  ];
}
