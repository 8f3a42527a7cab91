/** ipipMode Never: BIRD routes pod blocks via the peer's eth0, so a capture shows only the pod addresses. */
import { it, expect } from 'vitest';
import { calicoCluster, webPods } from './cluster';
import { packetSend } from '../../src/emulator/net/forward';
import { captureClose, captureDrain, captureOpen } from '../../src/emulator/net/capture';
import { TcpdumpPrinter } from '../../src/shell/commands/net/tcpdump/printer';
import { printOptionsDefault } from '../../src/shell/commands/net/tcpdump/options';
import { icmpEcho, ipv4New } from '../../src/emulator/net/packet';

it('carries pod traffic unencapsulated on eth0 when the pool has ipipMode Never', async () => {
  const { session } = await calicoCluster('none');
  const [a, b] = webPods(session).filter((p) => p.node === 'k8s-node01' || p.node === 'k8s-node03');
  expect(session.world.node(a.node)!.routes.some((r) => r.dev === 'tunl0')).toBe(false);
  const cap = captureOpen(session.world, 'k8s-node03', 'eth0');
  const t = packetSend(session.world, { node: a.node, pod: a.key }, ipv4New({ src: a.ip, dst: b.ip, id: 1, payload: icmpEcho(8, 9, 1, new Uint8Array(56)) }));
  const seen = captureDrain(cap);
  captureClose(session.world, cap);
  expect(t.deliveries.map((d) => [d.to.pod, d.packet.ttl])).toEqual([[b.key, 62], [a.key, 62]]);
  const p = new TcpdumpPrinter(printOptionsDefault({ profile: '4.9' }));
  expect(seen.map((s) => p.print(s).replace(/^\S+ /, ''))).toEqual([
    `IP ${a.ip} > ${b.ip}: ICMP echo request, id 9, seq 1, length 64\n`,
    `IP ${b.ip} > ${a.ip}: ICMP echo reply, id 9, seq 1, length 64\n`,
  ]);
}, 60_000);
