import { describe, expect, it } from 'vitest';
import { World } from '../world';
import type { Json } from '../k8s/objects';
import { serviceDefaults } from '../k8s/services';
import { chainFind, conntrackFlush, iptablesHook } from './iptables';
import type { IptPacketState } from './iptables';
import { kubeProxyHash } from './kube-proxy';
import { ipv4New } from './packet';
import type { TcpSegment } from './packet';
import { podResolve } from './dns';
import { storeList } from '../k8s/objects';

const seg = (srcPort: number, dstPort: number, flags = 2): TcpSegment => ({ kind: 'tcp', srcPort, dstPort, seq: 1, ack: 0, flags, window: 64800, urgent: 0, options: [], data: new Uint8Array(0) });

describe('kube-proxy', () => {
  it('names chains as proxier.go does: base32 of sha256(port name + protocol), 16 characters', () => {
    // The chains every kubeadm cluster has, as `iptables-save` shows them on real nodes.
    expect(kubeProxyHash('default/kubernetes:httpstcp')).toBe('NPX46M4PTMTKRN6Y');
    expect(kubeProxyHash('kube-system/kube-dns:dnsudp')).toBe('TCOU7JCQXEZGVUNU');
    expect(kubeProxyHash('kube-system/kube-dns:dns-tcptcp')).toBe('ERIFXISQEP7F7OF4');
    expect(kubeProxyHash('kube-system/kube-dns:metricstcp')).toBe('JD5MR3NA4I4DYORP');
  });

  const world = World.create({ scenario: 'installed' });
  world.advance(60_000);
  const node = world.state.nodes[2];

  it('DNATs a ClusterIP to the endpoints in turn (statistic 0.5, then the last) and un-DNATs the replies', () => {
    conntrackFlush(world);
    const seen = new Set<string>();
    for (let port = 40000; port < 40040; port++) {
      const pkt: IptPacketState = { mark: 0 };
      const syn = ipv4New({ src: '10.244.2.7', dst: '10.96.0.10', payload: seg(port, 53) });
      const pre = iptablesHook(world, node, 'PREROUTING', syn, 60, 'cali1234', undefined, { pkt }).packet;
      iptablesHook(world, node, 'POSTROUTING', pre, 60, 'cali1234', 'tunl0', { pkt });
      seen.add(pre.dst);
      expect((pre.payload as TcpSegment).dstPort).toBe(53);
      // The backend's answer comes back from the ClusterIP once conntrack has seen it.
      const reply = ipv4New({ src: pre.dst, dst: '10.244.2.7', payload: seg(53, port, 0x12) });
      const rpkt: IptPacketState = { mark: 0 };
      const r1 = iptablesHook(world, node, 'PREROUTING', reply, 60, 'tunl0', undefined, { pkt: rpkt }).packet;
      const r2 = iptablesHook(world, node, 'POSTROUTING', r1, 60, 'tunl0', 'cali1234', { pkt: rpkt }).packet;
      expect(r2.src).toBe('10.96.0.10');
    }
    const slice = storeList(world.state.api, 'EndpointSlice', 'kube-system').find((s) => s.metadata.labels?.['kubernetes.io/service-name'] === 'kube-dns')!;
    const backends = (slice.endpoints as { addresses: string[] }[]).map((e) => e.addresses[0]);
    expect(backends.length).toBe(2);
    expect([...seen].sort()).toEqual([...backends].sort());
    const sep = chainFind(node.iptables!, 'nat', 'KUBE-SVC-ERIFXISQEP7F7OF4')!;
    expect(sep.rules[1].matches.some((m) => m.m === 'statistic')).toBe(true);
  });

  it('marks traffic from outside the pod CIDR for masquerade (KUBE-MARK-MASQ, then KUBE-POSTROUTING)', () => {
    conntrackFlush(world);
    const pkt: IptPacketState = { mark: 0 };
    const syn = ipv4New({ src: node.ip, dst: '10.96.0.1', payload: seg(41000, 443) });
    const out = iptablesHook(world, node, 'OUTPUT', syn, 60, undefined, 'eth0', { pkt }).packet;
    expect(out.dst).toBe('172.16.11.80');
    expect(pkt.mark & 0x4000).toBe(0x4000);
    const post = iptablesHook(world, node, 'POSTROUTING', out, 60, undefined, 'eth0', { pkt });
    // KUBE-POSTROUTING xors the mark away and masquerades (to the same address here: eth0's).
    expect(pkt.mark & 0x4000).toBe(0);
    expect(post.packet.src).toBe(node.ip);
  });

  it('gives a new Service a ClusterIP in 10.96.0.0/12 outside the static band', () => {
    const obj: Json = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'x', namespace: 'default' }, spec: { ports: [{ port: 80 }], selector: { app: 'x' } } };
    serviceDefaults(world.state.api, world.state, obj);
    const ip: string = obj.spec.clusterIP;
    const n = ip.split('.').map(Number);
    expect(n[0]).toBe(10);
    expect(n[1] >= 96 && n[1] < 112).toBe(true);
    expect(!(n[1] === 96 && n[2] === 0)).toBe(true);
  });

  it('resolves a Service name through the search list with a real query to CoreDNS', () => {
    // calico-kube-controllers on the control plane asks, as any pod in kube-system would.
    const master = world.state.nodes[0];
    const [key, net] = Object.entries(master.pods).find(([k]) => k.startsWith('kube-system/calico-kube-controllers'))!;
    const from = { node: master.name, pod: key };
    expect(podResolve(world, from, net.ip, 'kube-system', 'kube-dns')).toMatchObject({ kind: 'ok', name: 'kube-dns.kube-system.svc.cluster.local', ips: ['10.96.0.10'] });
    expect(podResolve(world, from, net.ip, 'kube-system', 'kubernetes.default')).toMatchObject({ kind: 'ok', name: 'kubernetes.default.svc.cluster.local', ips: ['10.96.0.1'] });
    expect(podResolve(world, from, net.ip, 'kube-system', 'nosuch').kind).toBe('nxdomain');
  });
});
