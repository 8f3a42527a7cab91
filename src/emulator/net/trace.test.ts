import { describe, it, expect, beforeAll } from 'vitest';
import type { LabSession } from '../../shell/lab-session';
import { calicoCluster, webPods } from '../../../tests/dataplane/cluster';
import { packetSend } from './forward';
import { TRACE_LOG_SIZE, headersOf, traceLogNext, traceLogSince } from './trace';
import { ETHERTYPE_IPV4, TCP_SYN, icmpEcho, ipv4Emit, ipv4New, ipv4ChecksumOk, tcpSynOptions } from './packet';

let session: LabSession;
let term: number;
beforeAll(async () => {
  ({ session, term } = await calicoCluster());
}, 60_000);

const echo = (src: string, dst: string) => ipv4New({ src, dst, id: 100, payload: icmpEcho(8, 7, 1, new Uint8Array(56)) });

describe('the header stack of a hop', () => {
  it('lists every IPv4 and ICMP field as the wire bytes carry them, checksums and lengths included', () => {
    const p = echo('10.244.1.2', '10.244.2.3');
    const [ip, icmp] = headersOf(p);
    expect(ip).toEqual({ proto: 'ipv4', version: 4, ihl: 5, tos: 0, totalLength: 84, id: 100, df: true, mf: false, fragOffset: 0, ttl: 64, protocol: 1, checksum: expect.any(Number), src: '10.244.1.2', dst: '10.244.2.3' });
    const bytes = ipv4Emit(p);
    expect(ipv4ChecksumOk(bytes)).toBe(true);
    expect(ip.proto === 'ipv4' && ip.checksum).toBe((bytes[10] << 8) | bytes[11]);
    expect(icmp).toMatchObject({ proto: 'icmp', type: 8, code: 0, id: 7, seq: 1, dataLength: 56 });
  });

  it('opens a VXLAN packet down to the inner frame: outer IP, UDP 4789, VNI, inner Ethernet, inner IP, ICMP', () => {
    const inner = echo('10.244.1.2', '10.244.2.3');
    const frame = { kind: 'ethernet' as const, src: '66:00:00:00:00:01', dst: '66:00:00:00:00:02', ethertype: ETHERTYPE_IPV4, payload: inner };
    const outer = ipv4New({ src: '172.16.11.81', dst: '172.16.11.82', df: false, payload: { kind: 'udp', srcPort: 40000, dstPort: 4789, payload: { kind: 'vxlan', flags: 0x08, vni: 4096, frame } } });
    const h = headersOf(outer);
    expect(h.map((x) => x.proto)).toEqual(['ipv4', 'udp', 'vxlan', 'ethernet', 'ipv4', 'icmp']);
    // 8 (UDP) + 8 (VXLAN) + 14 (inner Ethernet) + 84 (inner IP): Calico's 50 bytes of overhead with the outer IP.
    expect(h[1]).toMatchObject({ srcPort: 40000, dstPort: 4789, length: 114 });
    expect(h[0]).toMatchObject({ totalLength: 134, protocol: 17 });
    expect(h[2]).toEqual({ proto: 'vxlan', flags: 8, vni: 4096 });
    expect(h[3]).toEqual({ proto: 'ethernet', src: '66:00:00:00:00:01', dst: '66:00:00:00:00:02', ethertype: 0x0800 });
  });

  it('prints a SYN’s TCP options the way tcpdump lists them', () => {
    const syn = ipv4New({ src: '10.244.1.2', dst: '10.244.2.3', payload: { kind: 'tcp', srcPort: 41000, dstPort: 80, seq: 1, ack: 0, flags: TCP_SYN, window: 64800, urgent: 0, options: tcpSynOptions(1440, 5, 0), data: new Uint8Array(0) } });
    expect(headersOf(syn)[1]).toMatchObject({ proto: 'tcp', dataOffset: 10, flags: 2, window: 64800, options: 'mss 1440,sackOK,TS val 5 ecr 0,nop,wscale 7', dataLength: 0 });
  });
});

describe('a traced pod-to-pod ping across nodes (IPIP)', () => {
  it('carries the outer and inner IP headers on the encapsulated hops, and Felix’s FORWARD rule on the routing hop', () => {
    const [a, b] = webPods(session).filter((p) => p.node !== 'k8s-master01');
    const t = packetSend(session.world, { node: a.node, pod: a.key }, echo(a.ip, b.ip));
    const encap = t.hops.find((h) => h.action === 'encap')!;
    const [outer, inner] = encap.headers;
    expect(outer).toMatchObject({ proto: 'ipv4', protocol: 4, src: session.world.node(a.node)!.ip, dst: session.world.node(b.node)!.ip });
    expect(inner).toMatchObject({ proto: 'ipv4', protocol: 1, src: a.ip, dst: b.ip });
    expect(outer.proto === 'ipv4' && inner.proto === 'ipv4' && outer.totalLength - inner.totalLength).toBe(20);
    const routed = t.hops.find((h) => h.action === 'route' && h.node === a.node && h.iface === 'tunl0')!;
    expect(routed.route).toMatch(/dev tunl0/);
    expect(routed.rules?.find((r) => r.hook === 'FORWARD' && r.table === 'filter')).toMatchObject({ verdict: 'ACCEPT', rule: expect.stringMatching(/^-A \S+ .*-j ACCEPT$/) });
  });

  it('names the iptables rule that dropped a packet', async () => {
    const [a, b] = webPods(session).filter((p) => p.node !== 'k8s-master01');
    const say = (line: string) => session.exec(term, line, () => {});
    await say(`ssh ${b.node}`);
    await say(`iptables -I FORWARD -d ${b.ip} -j DROP`);
    const t = packetSend(session.world, { node: a.node, pod: a.key }, echo(a.ip, b.ip));
    await say(`iptables -D FORWARD -d ${b.ip} -j DROP`);
    await say('exit');
    const drop = t.hops.at(-1)!;
    expect(drop).toMatchObject({ node: b.node, action: 'drop', reason: 'iptables FORWARD: DROP' });
    expect(drop.rules?.at(-1)).toEqual({ hook: 'FORWARD', table: 'filter', rule: `-A FORWARD -d ${b.ip}/32 -j DROP`, verdict: 'DROP' });
  });
});

describe('the trace log the page reads', () => {
  it('keeps the last sends in order, numbered, as plain JSON', () => {
    const [a, b] = webPods(session).filter((p) => p.node !== 'k8s-master01');
    const first = traceLogNext(session.world);
    for (let i = 0; i < TRACE_LOG_SIZE + 3; i++) packetSend(session.world, { node: a.node, pod: a.key }, echo(a.ip, b.ip));
    const kept = traceLogSince(session.world, first);
    expect(kept.map((r) => r.seq)).toEqual(Array.from({ length: TRACE_LOG_SIZE }, (_, i) => first + 3 + i));
    expect(kept[0]).toMatchObject({ from: { node: a.node, pod: a.key } });
    expect(kept[0].deliveries.map((d) => d.to.pod)).toEqual([b.key, a.key]);
    expect(traceLogSince(session.world, traceLogNext(session.world))).toEqual([]);
    expect(JSON.parse(JSON.stringify(kept))).toEqual(kept);
  });
});
