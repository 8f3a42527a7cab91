/**
 * Taint-based eviction (src/emulator/k8s/taint-eviction.ts, tolerations.ts) against the rules of
 * kube-controller-manager 1.28's node lifecycle controller and taint manager and the API server's
 * DefaultTolerationSeconds plugin. The golden system/eviction shows the student's view.
 */
import { describe, expect, it } from 'vitest';
import { World } from '../src/emulator/world';
import type { KObj } from '../src/emulator/k8s/objects';
import { storeGet, storeList } from '../src/emulator/k8s/objects';
import { admitDefaultTolerations, noExecuteTolerance, toleratesTaint } from '../src/emulator/k8s/tolerations';
import { manifestApply } from '../src/emulator/k8s/apply';
import { nodePowerOff } from '../src/emulator/node-power';
import { kubeletStart, kubeletStop } from '../src/emulator/system/kubelet-service';
import { linkSetState } from '../src/emulator/net/link-state';

const UNREACHABLE = { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' };

describe('tolerations', () => {
  it('match taints as ToleratesTaint does', () => {
    expect(toleratesTaint({ operator: 'Exists' }, UNREACHABLE)).toBe(true);
    expect(toleratesTaint({ operator: 'Exists', effect: 'NoSchedule' }, UNREACHABLE)).toBe(false);
    expect(toleratesTaint({ key: 'node.kubernetes.io/unreachable', operator: 'Exists' }, UNREACHABLE)).toBe(true);
    // Equal (the default) compares values; an empty key matches any key with the same value.
    expect(toleratesTaint({ key: 'node.kubernetes.io/unreachable' }, UNREACHABLE)).toBe(true);
    expect(toleratesTaint({ key: 'node.kubernetes.io/unreachable', value: 'x' }, UNREACHABLE)).toBe(false);
    expect(toleratesTaint({ value: '' }, UNREACHABLE)).toBe(true);
    expect(toleratesTaint({ key: 'other', operator: 'Exists' }, UNREACHABLE)).toBe(false);
  });

  it('take the shortest tolerationSeconds of those used; none means for ever', () => {
    const taints = [UNREACHABLE, { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' }];
    expect(noExecuteTolerance([{ operator: 'Exists', effect: 'NoExecute' }], taints)).toEqual({ all: true, seconds: null });
    expect(noExecuteTolerance([{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', tolerationSeconds: 60 }, { operator: 'Exists', tolerationSeconds: 300 }], taints)).toEqual({ all: true, seconds: 60 });
    expect(noExecuteTolerance([{ key: 'node.kubernetes.io/unreachable', operator: 'Exists' }], taints).all).toBe(false);
  });

  it('DefaultTolerationSeconds adds only what the pod does not already tolerate', () => {
    const pod = (tolerations?: object[]) => ({ kind: 'Pod', spec: { containers: [], tolerations } }) as unknown as KObj;
    const plain = pod();
    admitDefaultTolerations(plain);
    expect(plain.spec.tolerations).toEqual([
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    ]);
    const everything = pod([{ operator: 'Exists' }]);
    admitDefaultTolerations(everything);
    expect(everything.spec.tolerations).toEqual([{ operator: 'Exists' }]);
    const short = pod([{ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 30 }]);
    admitDefaultTolerations(short);
    expect(short.spec.tolerations.map((t: { key: string; tolerationSeconds: number }) => `${t.key}/${t.tolerationSeconds}`)).toEqual(['node.kubernetes.io/unreachable/30', 'node.kubernetes.io/not-ready/300']);
  });
});

function webWorld(replicas = 4): World {
  const world = World.create({ scenario: 'installed' });
  manifestApply(world, `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: ${replicas}
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: nginx
`);
  world.reconcile();
  world.advance(60_000);
  return world;
}

function podsOn(world: World, node: string, app = 'web'): KObj[] {
  return storeList(world.state.api, 'Pod', 'default').filter((p) => p.spec.nodeName === node && p.metadata.labels?.app === app);
}

function noExecuteTaints(world: World, node: string): string[] {
  return (storeGet(world.state.api, 'Node', undefined, node)?.spec.taints ?? []).filter((t: { effect: string }) => t.effect === 'NoExecute').map((t: { key: string }) => t.key);
}

describe('taint-based eviction', () => {
  it('a node off for 40 s is tainted unreachable:NoExecute; its pods go 300 s later, DaemonSet pods stay', () => {
    const world = webWorld();
    const victim = podsOn(world, 'k8s-node02')[0];
    expect(victim).toBeDefined();
    nodePowerOff(world, world.node('k8s-node02')!, false);
    world.advance(40_000);
    expect(noExecuteTaints(world, 'k8s-node02')).toEqual([]);
    // The tainting queue's worker, 100 ms later.
    world.advance(100);
    expect(noExecuteTaints(world, 'k8s-node02')).toEqual(['node.kubernetes.io/unreachable']);
    world.advance(299_900);
    expect(storeGet(world.state.api, 'Pod', 'default', victim.metadata.name)?.metadata.deletionTimestamp).toBeUndefined();
    world.advance(1_000);
    const terminating = storeGet(world.state.api, 'Pod', 'default', victim.metadata.name)!;
    expect(terminating.metadata.deletionTimestamp).toBeDefined();
    expect(terminating.status.conditions.at(-1)).toMatchObject({ type: 'DisruptionTarget', reason: 'DeletionByTaintManager' });
    // The replacement goes elsewhere; calico-node and kube-proxy stay bound to the lost node.
    const live = storeList(world.state.api, 'Pod', 'default').filter((p) => !p.metadata.deletionTimestamp);
    expect(live).toHaveLength(4);
    expect(live.every((p) => p.spec.nodeName !== 'k8s-node02')).toBe(true);
    const daemons = storeList(world.state.api, 'Pod', 'kube-system').filter((p) => p.spec.nodeName === 'k8s-node02');
    expect(daemons.map((p) => p.metadata.name.replace(/-[a-z0-9]+$/, '')).sort()).toEqual(['calico-node', 'kube-proxy']);
    expect(daemons.every((p) => !p.metadata.deletionTimestamp)).toBe(true);
  });

  it('a Terminating pod survives a snapshot and is deleted when the kubelet comes back', () => {
    const world = webWorld();
    const victim = podsOn(world, 'k8s-node01')[0];
    kubeletStop(world, world.node('k8s-node01')!);
    world.advance(345_000);
    expect(storeGet(world.state.api, 'Pod', 'default', victim.metadata.name)?.metadata.deletionTimestamp).toBeDefined();
    const restored = World.restore(world.snapshot());
    for (const w of [world, restored]) {
      w.advance(600_000);
      expect(storeGet(w.state.api, 'Pod', 'default', victim.metadata.name)).toBeDefined();
      kubeletStart(w, w.node('k8s-node01')!);
      w.advance(3_000);
      expect(storeGet(w.state.api, 'Pod', 'default', victim.metadata.name)).toBeUndefined();
    }
  });

  it('a node back within 300 s keeps its pods, and the deletion is cancelled with an event', () => {
    const world = webWorld();
    const pod = podsOn(world, 'k8s-node03')[0];
    linkSetState(world.node('k8s-node03')!, 'eth0', false);
    world.reconcile();
    world.advance(100_000);
    expect(noExecuteTaints(world, 'k8s-node03')).toEqual(['node.kubernetes.io/unreachable']);
    linkSetState(world.node('k8s-node03')!, 'eth0', true);
    world.reconcile();
    world.advance(400_000);
    expect(storeGet(world.state.api, 'Pod', 'default', pod.metadata.name)?.metadata.deletionTimestamp).toBeUndefined();
    const events = storeList(world.state.api, 'Event', 'default').filter((e) => e.reason === 'TaintManagerEviction');
    expect(events.map((e) => e.message)).toContain(`Cancelling deletion of Pod default/${pod.metadata.name}`);
  });

  it('two nodes lost together are tainted 10 s apart (the zone\'s rate limit)', () => {
    const world = webWorld();
    for (const n of ['k8s-node01', 'k8s-node02']) nodePowerOff(world, world.node(n)!, false);
    world.advance(40_100);
    expect([noExecuteTaints(world, 'k8s-node01'), noExecuteTaints(world, 'k8s-node02')]).toEqual([['node.kubernetes.io/unreachable'], []]);
    world.advance(10_000);
    expect(noExecuteTaints(world, 'k8s-node02')).toEqual(['node.kubernetes.io/unreachable']);
  });

  it('with 3 of 4 nodes lost (partial disruption of a small zone) no more NoExecute taints are added', () => {
    const world = webWorld();
    for (const n of ['k8s-node01', 'k8s-node02', 'k8s-node03']) nodePowerOff(world, world.node(n)!, false);
    world.advance(400_000);
    // The queue's worker sees all three lost at once.
    for (const n of ['k8s-node01', 'k8s-node02', 'k8s-node03']) expect(noExecuteTaints(world, n)).toEqual([]);
    expect(storeList(world.state.api, 'Pod', 'default').some((p) => p.metadata.deletionTimestamp)).toBe(false);
  });

  it('the API server\'s node losing its link cuts every other kubelet off: they go Unknown, nothing is evicted', () => {
    const world = webWorld();
    linkSetState(world.node('k8s-master01')!, 'eth0', false);
    world.reconcile();
    world.advance(400_000);
    const ready = (n: string) => storeGet(world.state.api, 'Node', undefined, n)!.status.conditions.find((c: { type: string }) => c.type === 'Ready').status;
    expect(['k8s-master01', 'k8s-node01', 'k8s-node02', 'k8s-node03'].map(ready)).toEqual(['True', 'Unknown', 'Unknown', 'Unknown']);
    expect(storeList(world.state.api, 'Pod', 'default').some((p) => p.metadata.deletionTimestamp)).toBe(false);
  });

  it('before Calico every node is NotReady (full disruption): only the NoSchedule taints', () => {
    const world = World.create({ scenario: 'default' });
    world.advance(400_000);
    for (const n of world.state.nodes) expect(noExecuteTaints(world, n.name)).toEqual([]);
  });
});
