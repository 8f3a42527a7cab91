/**
 * A capture and the traffic it waits for, from two terminals of one session. With the instant
 * timekeeper, sleeps cost no wall time, so the traffic starts once tcpdump has printed its
 * "listening on" banner, as a student would wait for it; both then run interleaved.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import type { LabSession } from '../../src/shell/lab-session';
import { calicoCluster, webPods } from './cluster';

let session: LabSession;
let term: number;
beforeAll(async () => {
  ({ session, term } = await calicoCluster());
}, 60_000);

async function captureWhile(node: string, capture: string, traffic: string): Promise<{ capture: string; traffic: string }> {
  const cap = session.openTerminal(node);
  let out = '';
  let listening!: () => void;
  const ready = new Promise<void>((r) => (listening = r));
  const done = session.exec(cap, capture, (c) => {
    out += c.text;
    if (out.includes('listening on')) listening();
  });
  await ready;
  let t = '';
  await session.exec(term, traffic, (c) => (t += c.text));
  await done;
  return { capture: out, traffic: t };
}

describe('tcpdump sees the traffic ping sends', () => {
  it('shows the outer node addresses and the inner pod addresses of IPIP on eth0, with (ipip-proto-4) on tcpdump 4.9', async () => {
    const [a, b] = webPods(session).filter((p) => p.node === 'k8s-node01' || p.node === 'k8s-node03');
    const r = await captureWhile('k8s-node03', 'tcpdump -i eth0 -nn -c 2 ip host k8s-node01 and host k8s-node03', `kubectl exec ${a.key.split('/')[1]} -- ping -c 1 ${b.ip}`);
    const lines = r.capture.split('\n').filter((l) => / IP /.test(l));
    expect(lines.map((l) => l.replace(/^\S+ /, ''))).toEqual([
      `IP 172.16.11.81 > 172.16.11.83: IP ${a.ip} > ${b.ip}: ICMP echo request, id ${/id (\d+)/.exec(lines[0])![1]}, seq 0, length 64 (ipip-proto-4)`,
      `IP 172.16.11.83 > 172.16.11.81: IP ${b.ip} > ${a.ip}: ICMP echo reply, id ${/id (\d+)/.exec(lines[0])![1]}, seq 0, length 64 (ipip-proto-4)`,
    ]);
    expect(r.capture).toContain('2 packets captured\n');
    // BusyBox ping (the demoapp image is Alpine) counts from seq 0.
    expect(r.traffic).toMatch(/seq=0 ttl=62 time=/);
  });

  it('prints as tcpdump 4.99 on a node whose OS ships it, and writes a pcap that -r reads back', async () => {
    const [a, b] = webPods(session).filter((p) => p.node === 'k8s-node01' || p.node === 'k8s-node03');
    session.world.node('k8s-node03')!.tcpdumpVersion = '4.99';
    const r = await captureWhile('k8s-node03', 'tcpdump -i tunl0 -c 2 -w /root/tunl0.pcap', `kubectl exec ${a.key.split('/')[1]} -- ping -c 1 ${b.ip}`);
    expect(r.capture).toBe('tcpdump: listening on tunl0, link-type RAW (Raw IP), snapshot length 262144 bytes\n2 packets captured\n2 packets received by filter\n0 packets dropped by kernel\n');
    const cap = session.openTerminal('k8s-node03');
    let out = '';
    await session.exec(cap, 'tcpdump -nn -r tunl0.pcap icmp', (c) => (out += c.text));
    expect(out.split('\n').slice(0, 2).map((l) => l.replace(/^\d\d:\d\d:\d\d\.\d{6} /, '').replace(/id \d+/, 'id N'))).toEqual([
      'reading from file tunl0.pcap, link-type RAW (Raw IP), snapshot length 262144',
      `IP ${a.ip} > ${b.ip}: ICMP echo request, id N, seq 0, length 64`,
    ]);
    session.world.node('k8s-node03')!.tcpdumpVersion = undefined;
  });
});
