import { describe, it, expect } from 'vitest';
import { World } from './world';
import { storeList } from './k8s/objects';
import { nodeIsReady } from './k8s/node-status';
import { clockNew, clockSchedule, clockNextDue } from './clock';

describe('the default scenario', () => {
  it('is the notes kubeadm cluster before Calico: four NotReady nodes, coredns Pending', () => {
    const w = World.create();
    expect(w.state.nodes.map((n) => `${n.name} ${n.ip}`)).toEqual(['k8s-master01 172.16.11.80', 'k8s-node01 172.16.11.81', 'k8s-node02 172.16.11.82', 'k8s-node03 172.16.11.83']);
    expect(w.state.nodes.every((n) => !nodeIsReady(w, n.name))).toBe(true);
    const pods = storeList(w.state.api, 'Pod', 'kube-system');
    expect(pods.filter((p) => p.metadata.name.startsWith('coredns')).map((p) => p.status.phase)).toEqual(['Pending', 'Pending']);
    expect(pods.filter((p) => p.metadata.name.startsWith('kube-proxy')).every((p) => p.status.phase === 'Running')).toBe(true);
  });

  it('is deterministic: the same seed builds the same world, byte for byte', () => {
    expect(World.create({ seed: 7 }).snapshot()).toBe(World.create({ seed: 7 }).snapshot());
    expect(World.create({ seed: 7 }).snapshot()).not.toBe(World.create({ seed: 8 }).snapshot());
  });

  it('survives a snapshot and restore, and both copies advance identically', () => {
    const a = World.create();
    const b = World.restore(a.snapshot());
    a.advance(30_000);
    b.advance(30_000);
    expect(b.snapshot()).toBe(a.snapshot());
  });

  it('scales the node list with --nodes', () => {
    const w = World.create({ nodes: 6 });
    expect(w.state.nodes.map((n) => n.name).slice(-2)).toEqual(['k8s-node04', 'k8s-node05']);
    expect(w.state.nodes[5].ip).toBe('172.16.11.85');
  });

  it('has every node of a large cluster join, and every object made, before now (no <invalid> ages)', () => {
    const w = World.create({ nodes: 150 });
    const now = w.timestamp();
    const made = Object.values(w.state.api.objects).map((o) => o.metadata.creationTimestamp);
    expect(made.filter((t) => t > now)).toEqual([]);
    // Workers still join three a minute up to a hundred nodes: the notes' four-node history is unchanged.
    const small = World.create({ nodes: 4 });
    const joins = Object.values(small.state.api.objects).filter((o) => o.kind === 'Node').map((o) => o.metadata.creationTimestamp);
    expect(joins).toEqual(['2024-05-06T05:17:00Z', '2024-05-06T05:23:00Z', '2024-05-06T05:23:00Z', '2024-05-06T05:24:00Z']);
  }, 60_000);
});

describe('the simulated clock', () => {
  it('runs events in time order, and same-time events in the order they were scheduled', () => {
    const c = clockNew(0);
    clockSchedule(c, 50, 'b');
    clockSchedule(c, 10, 'a');
    clockSchedule(c, 50, 'c');
    const order: string[] = [];
    for (let e; (e = clockNextDue(c, 100)); ) order.push(`${e.type}@${e.at}`);
    expect(order).toEqual(['a@10', 'b@50', 'c@50']);
  });

  it('leaves events beyond the horizon queued', () => {
    const c = clockNew(0);
    clockSchedule(c, 5000, 'later');
    expect(clockNextDue(c, 1000)).toBeUndefined();
    expect(c.events).toHaveLength(1);
  });
});
