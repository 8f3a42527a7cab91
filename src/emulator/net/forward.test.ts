import { describe, it, expect, beforeAll } from 'vitest';
import type { LabSession } from '../../shell/lab-session';
import { calicoCluster, webPods } from '../../../tests/dataplane/cluster';
import { packetSend, traceToJson } from './forward';
import { captureDrain, captureOpen, captureClose } from './capture';
import { icmpEcho, ipv4New, ipv4Parse, ethernetParse } from './packet';

let session: LabSession;
beforeAll(async () => {
  ({ session } = await calicoCluster());
}, 60_000);

const echo = (src: string, dst: string, size = 56, df = true) => ipv4New({ src, dst, df, id: 100, payload: icmpEcho(8, 7, 1, new Uint8Array(size)) });

describe('forwarding through the IPIP overlay', () => {
  it('carries a pod-to-pod ping between nodes in IPIP and brings the reply back', () => {
    const [a, b] = webPods(session).filter((p) => p.node !== 'k8s-master01');
    const t = packetSend(session.world, { node: a.node, pod: a.key }, echo(a.ip, b.ip));
    const delivered = t.deliveries.map((d) => [d.to.pod, d.packet.ttl, d.packet.payload.kind === 'icmp' && d.packet.payload.type]);
    // Two routing hops (the sender's node, then the receiver's) each take one from the TTL.
    expect(delivered).toEqual([[b.key, 62, 8], [a.key, 62, 0]]);
    const encap = t.hops.find((h) => h.action === 'encap')!;
    expect(encap.headers.slice(0, 2)).toMatchObject([{ proto: 'ipv4', src: session.world.node(a.node)!.ip, dst: session.world.node(b.node)!.ip, protocol: 4, ttl: 63 }, { proto: 'ipv4', src: a.ip, dst: b.ip, ttl: 63 }]);
    expect(JSON.parse(JSON.stringify(traceToJson(t)))).toEqual(traceToJson(t));
  });

  it('shows the outer node addresses and the inner pod addresses on eth0, and the bare inner packet on tunl0', () => {
    const [a, b] = webPods(session).filter((p) => p.node !== 'k8s-master01');
    const eth0 = captureOpen(session.world, b.node, 'eth0');
    const tunl0 = captureOpen(session.world, b.node, 'tunl0');
    packetSend(session.world, { node: a.node, pod: a.key }, echo(a.ip, b.ip));
    const onWire = captureDrain(eth0).map((c) => ethernetParse(c.data).payload);
    const inTunnel = captureDrain(tunl0).map((c) => ipv4Parse(c.data));
    captureClose(session.world, eth0);
    captureClose(session.world, tunl0);
    expect(onWire.map((p) => p.kind === 'ipv4' && [p.src, p.dst, p.protocol, p.payload.kind === 'ipv4' && p.payload.ttl])).toEqual([
      [session.world.node(a.node)!.ip, session.world.node(b.node)!.ip, 4, 63],
      [session.world.node(b.node)!.ip, session.world.node(a.node)!.ip, 4, 63],
    ]);
    expect(inTunnel.map((p) => [p.src, p.dst, p.ttl])).toEqual([[a.ip, b.ip, 63], [b.ip, a.ip, 63]]);
  });

  it('refuses a DF packet larger than the pod MTU with EMSGSIZE, and fragments one without DF', () => {
    const [a, b] = webPods(session).filter((p) => p.node !== 'k8s-master01');
    const big = packetSend(session.world, { node: a.node, pod: a.key }, echo(a.ip, b.ip, 1453));
    expect(big.error).toEqual({ errno: 'EMSGSIZE', mtu: 1480 });
    const frag = packetSend(session.world, { node: a.node, pod: a.key }, echo(a.ip, b.ip, 1453, false));
    expect(frag.deliveries.filter((d) => d.to.pod === b.key).length).toBe(2);
  });

  it('answers an address with no route with Network is unreachable, and a blackholed one with EINVAL', () => {
    const n = session.world.node('k8s-node01')!;
    const saved = n.routes;
    n.routes = n.routes.filter((r) => r.dst !== '0.0.0.0/0');
    expect(packetSend(session.world, { node: n.name }, echo(n.ip, '8.8.8.8')).error).toEqual({ errno: 'ENETUNREACH' });
    n.routes = saved;
    const block = n.routes.find((r) => r.type === 'blackhole')!;
    expect(packetSend(session.world, { node: n.name }, echo(n.ip, block.dst.replace(/\.0\/\d+$/, '.250'))).error).toEqual({ errno: 'EINVAL' });
  });

  it('drops at a powered-off node', () => {
    const [a, b] = webPods(session).filter((p) => p.node !== 'k8s-master01');
    session.world.node(b.node)!.power = 'off';
    const t = packetSend(session.world, { node: a.node, pod: a.key }, echo(a.ip, b.ip));
    session.world.node(b.node)!.power = 'on';
    expect(t.deliveries).toEqual([]);
    expect(t.hops.at(-1)).toMatchObject({ action: 'drop', reason: 'node powered off' });
  });
});

describe('proxy ARP on the cali veth', () => {
  it('has a pod ask for 169.254.1.1 and the host veth answer with ee:ee:ee:ee:ee:ee, once while the entry is fresh', () => {
    const [a, b] = webPods(session).filter((p) => p.node !== 'k8s-master01');
    const node = session.world.node(a.node)!;
    session.world.advance(60_000);
    const cap = captureOpen(session.world, a.node, node.pods[a.key].hostVeth);
    packetSend(session.world, { node: a.node, pod: a.key }, echo(a.ip, b.ip));
    packetSend(session.world, { node: a.node, pod: a.key }, echo(a.ip, b.ip));
    const frames = captureDrain(cap).map((c) => ethernetParse(c.data));
    captureClose(session.world, cap);
    const arp = frames.filter((f) => f.payload.kind === 'arp').map((f) => f.payload.kind === 'arp' && [f.payload.op, f.payload.senderMac, f.payload.targetIp]);
    expect(arp).toEqual([
      [1, node.pods[a.key].podMac, '169.254.1.1'],
      [2, 'ee:ee:ee:ee:ee:ee', a.ip],
    ]);
    expect(frames.length).toBe(6);
  });
});
