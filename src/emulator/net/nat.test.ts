import { describe, expect, it } from 'vitest';
import { World } from '../world';
import { natOutgoingHook } from './nat';
import { ipv4New } from './packet';
import type { TcpSegment } from './packet';

const seg = (srcPort: number, dstPort: number): TcpSegment => ({ kind: 'tcp', srcPort, dstPort, seq: 1, ack: 0, flags: 2, window: 64800, urgent: 0, options: [], data: new Uint8Array(0) });

describe('natOutgoing', () => {
  const world = World.create({ scenario: 'installed' });
  const node = world.state.nodes[1];
  const eth0 = node.links.find((l) => l.name === 'eth0')!;

  it('masquerades a pod packet to an address outside every pool and rewrites the reply back', () => {
    const out = natOutgoingHook(world, node, eth0, 'Out', ipv4New({ src: '10.244.1.5', dst: '192.0.2.10', payload: seg(40000, 80) }));
    expect(out.src).toBe(node.ip);
    expect((out.payload as TcpSegment).srcPort).toBe(40000);
    const back = natOutgoingHook(world, node, eth0, 'In', ipv4New({ src: '192.0.2.10', dst: node.ip, payload: seg(80, 40000) }));
    expect(back.dst).toBe('10.244.1.5');
  });

  it('leaves pod-to-pod traffic and the node\'s own traffic alone', () => {
    const p = ipv4New({ src: '10.244.1.5', dst: '10.244.3.7', payload: seg(40001, 80) });
    expect(natOutgoingHook(world, node, eth0, 'Out', p)).toBe(p);
    const q = ipv4New({ src: node.ip, dst: '192.0.2.10', payload: seg(40002, 80) });
    expect(natOutgoingHook(world, node, eth0, 'Out', q)).toBe(q);
  });
});
