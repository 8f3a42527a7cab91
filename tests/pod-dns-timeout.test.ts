/**
 * What a pod's programs do when no CoreDNS answers, as measured with the real programs in a
 * network namespace whose nameserver dropped every query (Debian 12's glibc 2.36 and busybox 1.35):
 * getaddrinfo tries the first search name twice (5 s each), then the name as typed twice, and
 * gives up after 20 s (`wget: bad address 'web'`); BusyBox's nslookup gives up after 5 s.
 */
import { describe, expect, it } from 'vitest';
import { World } from '../src/emulator/world';
import { podResolve } from '../src/emulator/net/dns';
import { storeList, storePut } from '../src/emulator/k8s/objects';

describe('DNS with CoreDNS gone', () => {
  it('getaddrinfo waits 20 s: two tries of the first search name, two of the name as typed', () => {
    const world = World.create({ scenario: 'installed' });
    world.advance(60_000);
    const coredns = storeList(world.state.api, 'Deployment', 'kube-system').find((d) => d.metadata.name === 'coredns')!;
    coredns.spec.replicas = 0;
    storePut(world.state.api, coredns);
    world.reconcile();
    world.advance(60_000);
    const master = world.state.nodes[0];
    const [key, net] = Object.entries(master.pods).find(([k]) => k.startsWith('kube-system/calico-kube-controllers'))!;
    const from = { node: master.name, pod: key };
    expect(podResolve(world, from, net.ip, 'kube-system', 'kube-dns')).toEqual({ kind: 'timeout', waitedMs: 20_000 });
    // A name with five dots is asked as typed first: its timeout ends the lookup after 10 s.
    expect(podResolve(world, from, net.ip, 'kube-system', 'a.b.c.d.e.f')).toEqual({ kind: 'timeout', waitedMs: 10_000 });
  });
});
