/** The VXLAN overlay: the outer UDP 4789 line and the inner Ethernet frame between the 66: VTEPs. */
import { describe, it, expect, beforeAll } from 'vitest';
import type { LabSession } from '../../src/shell/lab-session';
import { calicoCluster, webPods } from './cluster';
import { packetSend } from '../../src/emulator/net/forward';
import { captureClose, captureDrain, captureOpen } from '../../src/emulator/net/capture';
import { TcpdumpPrinter } from '../../src/shell/commands/net/tcpdump/printer';
import { printOptionsDefault } from '../../src/shell/commands/net/tcpdump/options';
import { icmpEcho, ipv4New } from '../../src/emulator/net/packet';

let session: LabSession;
beforeAll(async () => {
  ({ session } = await calicoCluster('vxlan'));
}, 60_000);

describe('forwarding through vxlan.calico', () => {
  it('encapsulates pod traffic in UDP 4789 with VNI 4096 between the nodes and delivers it', () => {
    const [a, b] = webPods(session).filter((p) => p.node === 'k8s-node01' || p.node === 'k8s-node03');
    const cap = captureOpen(session.world, 'k8s-node03', 'eth0');
    const t = packetSend(session.world, { node: a.node, pod: a.key }, ipv4New({ src: a.ip, dst: b.ip, id: 1, payload: icmpEcho(8, 9, 1, new Uint8Array(56)) }));
    const seen = captureDrain(cap);
    captureClose(session.world, cap);
    expect(t.deliveries.map((d) => [d.to.pod, d.packet.ttl])).toEqual([[b.key, 62], [a.key, 62]]);
    const p = new TcpdumpPrinter(printOptionsDefault({ profile: '4.99' }));
    const text = p.print({ ...seen[0], prefix: '' }).replace(/^\S+ /, '');
    expect(text).toMatch(new RegExp(`^IP 172\\.16\\.11\\.81\\.\\d+ > 172\\.16\\.11\\.83\\.4789: VXLAN, flags \\[I\\] \\(0x08\\), vni 4096\\nIP ${a.ip} > ${b.ip}: ICMP echo request, id 9, seq 1, length 64\\n$`));
    const vteps = session.world.state.nodes.map((n) => n.links.find((l) => l.name === 'vxlan.calico')?.mac);
    const withE = new TcpdumpPrinter(printOptionsDefault({ profile: '4.99', link: true })).print(seen[0]).split('\n')[1];
    expect(withE.startsWith(`${vteps[1]} > ${vteps[3]}, ethertype IPv4 (0x0800), length 98:`)).toBe(true);
  });
});
