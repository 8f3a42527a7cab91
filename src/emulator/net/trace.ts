/** What a send did, hop by hop, as plain JSON for the packet inspector and for tests. */
import type { EthernetFrame, Ipv4Packet } from './packet';

/** A packet's origin or destination: a node's own namespace or a pod's (`namespace/name`). */
export interface Endpoint {
  node: string;
  pod?: string;
}

export type HeaderSummary =
  | { proto: 'ethernet'; src: string; dst: string; ethertype: number }
  | { proto: 'arp'; op: number; senderIp: string; targetIp: string }
  | { proto: 'ipv4'; src: string; dst: string; ttl: number; id: number; df: boolean; protocol: number; fragOffset: number }
  | { proto: 'icmp'; type: number; code: number; id?: number; seq?: number }
  | { proto: 'udp'; srcPort: number; dstPort: number }
  | { proto: 'tcp'; srcPort: number; dstPort: number; flags: number; seq: number; ack: number }
  | { proto: 'vxlan'; vni: number };

export type HopAction = 'send' | 'receive' | 'route' | 'encap' | 'decap' | 'deliver' | 'drop' | 'icmp-error' | 'local-error';

export interface TraceHop {
  node: string;
  /** `host` or the pod (`namespace/name`) whose namespace the packet is in. */
  netns: string;
  iface: string;
  action: HopAction;
  /** The route used, as `ip route` prints it, when the hop routed. */
  route?: string;
  reason?: string;
  timeMs: number;
  headers: HeaderSummary[];
}

export function headersOf(p: Ipv4Packet | EthernetFrame): HeaderSummary[] {
  if (p.kind === 'ethernet') {
    const head: HeaderSummary = { proto: 'ethernet', src: p.src, dst: p.dst, ethertype: p.ethertype };
    const pl = p.payload;
    if (pl.kind === 'ipv4') return [head, ...headersOf(pl)];
    if (pl.kind === 'arp') return [head, { proto: 'arp', op: pl.op, senderIp: pl.senderIp, targetIp: pl.targetIp }];
    return [head];
  }
  const ip: HeaderSummary = { proto: 'ipv4', src: p.src, dst: p.dst, ttl: p.ttl, id: p.id, df: p.df, protocol: p.protocol, fragOffset: p.fragOffset };
  const pl = p.payload;
  switch (pl.kind) {
    case 'ipv4':
      return [ip, ...headersOf(pl)];
    case 'icmp':
      return [ip, { proto: 'icmp', type: pl.type, code: pl.code, id: pl.id, seq: pl.seq }];
    case 'tcp':
      return [ip, { proto: 'tcp', srcPort: pl.srcPort, dstPort: pl.dstPort, flags: pl.flags, seq: pl.seq, ack: pl.ack }];
    case 'udp': {
      const udp: HeaderSummary = { proto: 'udp', srcPort: pl.srcPort, dstPort: pl.dstPort };
      return pl.payload.kind === 'vxlan' ? [ip, udp, { proto: 'vxlan', vni: pl.payload.vni }, ...headersOf(pl.payload.frame)] : [ip, udp];
    }
    default:
      return [ip];
  }
}
