/**
 * Packet taps: every interface a packet crosses hands a copy to the capture sessions registered
 * on that node and interface (or on `any`), the way AF_PACKET sockets see traffic. Sessions are
 * transient (a running tcpdump), so they live beside the world, not in its JSON state.
 */
import type { World } from '../world';

export type Direction = 'In' | 'Out';

export interface CapturedPacket {
  /** Milliseconds since the Unix epoch, with sub-millisecond precision. */
  timeMs: number;
  ifname: string;
  ifindex: number;
  direction: Direction;
  /** LINKTYPE_ETHERNET (1) or LINKTYPE_RAW (101) as the interface itself delivers it. */
  linktype: number;
  data: Uint8Array;
}

export interface CaptureSession {
  id: number;
  node: string;
  /** An interface name or `any`. */
  iface: string;
  /** Packets not yet read, at most `limit` of them (a ring: the oldest are dropped). */
  queue: CapturedPacket[];
  limit: number;
  received: number;
  dropped: number;
}

const sessions = new WeakMap<World, CaptureSession[]>();
let nextId = 1;

export const CAPTURE_RING_DEFAULT = 4096;

export function captureOpen(world: World, node: string, iface: string, limit = CAPTURE_RING_DEFAULT): CaptureSession {
  const s: CaptureSession = { id: nextId++, node, iface, queue: [], limit, received: 0, dropped: 0 };
  const list = sessions.get(world) ?? [];
  list.push(s);
  sessions.set(world, list);
  return s;
}

export function captureClose(world: World, s: CaptureSession): void {
  sessions.set(world, (sessions.get(world) ?? []).filter((x) => x !== s));
}

/** Take what has arrived since the last read. */
/** Packets are waiting to be read (a sleeping tcpdump should wake). */
export function captureHasPending(s: CaptureSession): boolean {
  return s.queue.length > 0;
}

export function captureDrain(s: CaptureSession): CapturedPacket[] {
  return s.queue.splice(0);
}

export function captureTap(world: World, node: string, pkt: CapturedPacket): void {
  for (const s of sessions.get(world) ?? []) {
    if (s.node !== node || (s.iface !== 'any' && s.iface !== pkt.ifname)) continue;
    s.received++;
    s.queue.push(pkt);
    if (s.queue.length > s.limit) {
      s.queue.shift();
      s.dropped++;
    }
  }
}
