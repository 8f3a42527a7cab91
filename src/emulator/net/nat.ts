/**
 * Calico's `natOutgoing`, as Felix programs it in `cali-nat-outgoing`:
 *   -A cali-nat-outgoing -m set --match-set cali40masq-ipam-pools src
 *      -m set ! --match-set cali40all-ipam-pools dst -j MASQUERADE --random-fully
 * A packet from a natOutgoing pool to an address outside every pool leaves eth0 with the node's
 * address; conntrack remembers the flow so the reply is rewritten back to the pod on arrival.
 * Kept small and separate on purpose: it belongs in iptables' nat table (POSTROUTING) once that
 * table is evaluated packet by packet.
 */
import type { World } from '../world';
import type { NodeState } from '../state';
import type { Link } from './link';
import type { Ipv4Packet } from './packet';
import { poolsAll } from '../calico/pools';
import { cidrContains } from './ip';

interface NatEntry {
  /** The pod's own address and port (or ICMP id) before masquerading. */
  origSrc: string;
  origPort: number;
}

/** Conntrack per world and node, transient like the neighbour cache (not part of the snapshot). */
const tables = new WeakMap<World, Map<string, NatEntry>>();

function flowPort(p: Ipv4Packet, side: 'src' | 'dst'): number | null {
  const pl = p.payload;
  if (pl.kind === 'tcp' || pl.kind === 'udp') return side === 'src' ? pl.srcPort : pl.dstPort;
  if (pl.kind === 'icmp' && (pl.type === 8 || pl.type === 0)) return pl.id ?? 0;
  return null;
}

function withPort(p: Ipv4Packet, side: 'src' | 'dst', port: number, ip: string): Ipv4Packet {
  const pl = p.payload;
  const addr = side === 'src' ? { src: ip } : { dst: ip };
  if (pl.kind === 'tcp' || pl.kind === 'udp') return { ...p, ...addr, payload: side === 'src' ? { ...pl, srcPort: port } : { ...pl, dstPort: port } } as Ipv4Packet;
  if (pl.kind === 'icmp') return { ...p, ...addr, payload: { ...pl, id: port } };
  return { ...p, ...addr };
}

function key(node: string, proto: number, nodePort: number, remote: string, remotePort: number): string {
  return `${node}|${proto}|${nodePort}|${remote}|${remotePort}`;
}

/**
 * The one NAT hook of the dataplane, called when a packet crosses a node's ethernet interface:
 * `Out` masquerades (POSTROUTING), `In` undoes it for replies conntrack knows (PREROUTING).
 */
export function natOutgoingHook(world: World, node: NodeState, link: Link, direction: 'In' | 'Out', p: Ipv4Packet): Ipv4Packet {
  if (link.kind !== 'ether' || !node.calico) return p;
  const table = tables.get(world) ?? new Map<string, NatEntry>();
  tables.set(world, table);
  if (direction === 'In') {
    if (p.dst !== node.ip) return p;
    const port = flowPort(p, 'dst');
    const remotePort = flowPort(p, 'src');
    if (port === null) return p;
    const e = table.get(key(node.name, p.protocol, port, p.src, p.payload.kind === 'icmp' ? 0 : remotePort ?? 0));
    return e ? withPort(p, 'dst', e.origPort, e.origSrc) : p;
  }
  const pools = poolsAll(world).filter((x) => !x.disabled);
  const from = pools.find((x) => cidrContains(x.cidr, p.src));
  if (!from?.natOutgoing || pools.some((x) => cidrContains(x.cidr, p.dst))) return p;
  const port = flowPort(p, 'src');
  const remotePort = flowPort(p, 'dst');
  if (port === null) return p;
  const k = key(node.name, p.protocol, port, p.dst, p.payload.kind === 'icmp' ? 0 : remotePort ?? 0);
  // The nat table sees only a connection's first packet: replies to connections made from
  // outside (an echo reply, a SYN-ACK) are never masqueraded.
  if (!table.has(k)) {
    if (!startsConnection(p)) return p;
    // MASQUERADE keeps the source port when no other flow of this node uses it.
    table.set(k, { origSrc: p.src, origPort: port });
  }
  return withPort(p, 'src', port, node.ip);
}

/** A packet conntrack would see as NEW: an echo request, a bare SYN, any UDP datagram. */
function startsConnection(p: Ipv4Packet): boolean {
  const pl = p.payload;
  if (pl.kind === 'icmp') return pl.type === 8;
  if (pl.kind === 'tcp') return (pl.flags & 0x12) === 0x02;
  return pl.kind === 'udp';
}

/** Forget every tracked flow (tests). */
export function natReset(world: World): void {
  tables.delete(world);
}
