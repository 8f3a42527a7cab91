import { describe, expect, it } from 'vitest';
import { World } from '../world';
import { iptablesHook, conntrackFlush } from './iptables';
import { chainFind } from './iptables';
import { icmpError, ipv4Emit, ipv4New } from './packet';
import type { IcmpPacket, TcpSegment } from './packet';
import { natPickPort, natQuotedSource } from './nat';

const seg = (srcPort: number, dstPort: number, flags = 2): TcpSegment => ({ kind: 'tcp', srcPort, dstPort, seq: 1, ack: 0, flags, window: 64800, urgent: 0, options: [], data: new Uint8Array(0) });

describe('natOutgoing in the nat table', () => {
  const world = World.create({ scenario: 'installed' });
  world.advance(60_000);
  const node = world.state.nodes[1];
  const post = (p: ReturnType<typeof ipv4New>) => iptablesHook(world, node, 'POSTROUTING', p, 60, 'cali123', 'eth0');
  const pre = (p: ReturnType<typeof ipv4New>) => iptablesHook(world, node, 'PREROUTING', p, 60, 'eth0');

  it('masquerades a pod connection to an address outside every pool (random port), counts on cali-nat-outgoing, and rewrites the reply back', () => {
    conntrackFlush(world);
    const rule = chainFind(node.iptables!, 'nat', 'cali-nat-outgoing')!.rules[0];
    const before = rule.pkts;
    const out = post(ipv4New({ src: '10.244.1.5', dst: '192.0.2.10', payload: seg(40000, 80) })).packet;
    expect(out.src).toBe(node.ip);
    const port = (out.payload as TcpSegment).srcPort;
    expect(port).toBeGreaterThanOrEqual(1024);
    expect(port).not.toBe(40000); // --random-fully always draws
    expect(rule.pkts).toBe(before + 1);
    // The connection's next packet is rewritten the same way, without walking the nat table again.
    const again = post(ipv4New({ src: '10.244.1.5', dst: '192.0.2.10', payload: seg(40000, 80, 0x10) })).packet;
    expect((again.payload as TcpSegment).srcPort).toBe(port);
    expect(rule.pkts).toBe(before + 1);
    const back = pre(ipv4New({ src: '192.0.2.10', dst: node.ip, payload: seg(80, port, 0x12) })).packet;
    expect(back.dst).toBe('10.244.1.5');
    expect((back.payload as TcpSegment).dstPort).toBe(40000);
  });

  it('rewrites an ICMP error about a masqueraded packet back to the pod (RELATED)', () => {
    conntrackFlush(world);
    const out = post(ipv4New({ src: '10.244.1.5', dst: '192.0.2.10', payload: { kind: 'udp', srcPort: 33434, dstPort: 33434, payload: { kind: 'raw', bytes: new Uint8Array(4) } } })).packet;
    const err = ipv4New({ src: '172.16.11.1', dst: node.ip, payload: icmpError(11, 0, ipv4Emit(out)) });
    const back = pre(err).packet;
    expect(back.dst).toBe('10.244.1.5');
    expect(natQuotedSource(back)).toMatchObject({ ip: '10.244.1.5', port: 33434, dst: '192.0.2.10' });
    expect((back.payload as IcmpPacket).type).toBe(11);
  });

  it("leaves pod-to-pod traffic and the node's own traffic alone", () => {
    conntrackFlush(world);
    const p = ipv4New({ src: '10.244.1.5', dst: '10.244.3.7', payload: seg(40001, 80) });
    expect(post(p).packet).toBe(p);
    const q = ipv4New({ src: node.ip, dst: '192.0.2.10', payload: seg(40002, 80) });
    expect(iptablesHook(world, node, 'POSTROUTING', q, 60, undefined, 'eth0').packet).toBe(q);
  });

  it('keeps a free port without --random-fully and keeps low ports low', () => {
    expect(natPickPort(40000, 6, false, 's', () => false)).toBe(40000);
    expect(natPickPort(40000, 6, false, 's', (x) => x === 40000)).toBeGreaterThanOrEqual(1024);
    const low = natPickPort(123, 17, true, 's', () => false);
    expect(low).toBeGreaterThanOrEqual(1);
    expect(low).toBeLessThan(512);
  });
});
