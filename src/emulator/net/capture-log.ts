/**
 * What captures have seen, kept in the world state (bounded) so lab checks can ask "did a
 * tcpdump on k8s-node01 eth0 see an IPIP packet?" after the capture has ended.
 */
import type { World } from '../world';

export type PacketKind = 'ipip' | 'vxlan' | 'icmp' | 'tcp' | 'udp' | 'arp' | 'bgp';

export interface CaptureRecord {
  node: string;
  iface: string;
  at: number;
  kinds: Partial<Record<PacketKind, number>>;
}

const MAX_RECORDS = 100;

/** Classify a packet by its outermost interesting header, as a student reads the tcpdump line. */
export function packetKind(v: { ethertype: number; proto?: number; sport?: number; dport?: number }): PacketKind | null {
  if (v.ethertype === 0x0806) return 'arp';
  if (v.ethertype !== 0x0800) return null;
  if (v.proto === 4) return 'ipip';
  if (v.proto === 17 && (v.dport === 4789 || v.sport === 4789)) return 'vxlan';
  if (v.proto === 6 && (v.dport === 179 || v.sport === 179)) return 'bgp';
  return v.proto === 1 ? 'icmp' : v.proto === 6 ? 'tcp' : v.proto === 17 ? 'udp' : null;
}

/** Start a record for a new capture session; returns it for counting. */
export function captureLogOpen(world: World, node: string, iface: string): CaptureRecord {
  const log = (world.state.captures ??= []);
  const rec: CaptureRecord = { node, iface, at: world.now, kinds: {} };
  log.push(rec);
  if (log.length > MAX_RECORDS) log.shift();
  return rec;
}

export function captureLogCount(rec: CaptureRecord, kind: PacketKind | null): void {
  if (kind) rec.kinds[kind] = (rec.kinds[kind] ?? 0) + 1;
}

export function captureLogFind(world: World, node: string, iface: string | undefined): CaptureRecord[] {
  return (world.state.captures ?? []).filter((r) => r.node === node && (!iface || r.iface === iface));
}
