/**
 * BIRD's objects that route reflection shares between nodes (a prefix's paths, Loc-RIB entries,
 * BGP routes, BIRD's kernel routes) are written once in a snapshot (src/emulator/snapshot-shared.ts),
 * and a reflector's Adj-RIB-Out toward a client is kept relative to its Loc-RIB (BgpSession.sentRib).
 * A world restored from such a snapshot, or from one in the plain JSON saved before, must answer
 * and evolve exactly as the world it was saved from.
 */
import { describe, expect, it } from 'vitest';
import { LabSession } from '../src/shell/lab-session';
import { World } from '../src/emulator/world';
import { manifestApply } from '../src/emulator/k8s/apply';
import { notesCalicoManifest } from '../src/emulator/scenarios-bgp';
import { apiCreate } from '../src/emulator/k8s/factory';
import { storeGet, storePut } from '../src/emulator/k8s/objects';
import { BINARY_MAGIC } from '../src/shell/binary';
import { snapshotEncodePlain } from '../src/emulator/snapshot-shared';

async function run(session: LabSession, term: number, line: string): Promise<string> {
  let out = '';
  await session.exec(term, line, (c) => (out += c.text));
  return `$ ${line}\n${out}`;
}

const LINES = ['ip r', 'birdcl show route all', 'birdcl show protocols all', 'calicoctl node status'];

async function answers(session: LabSession, nodes: string[]): Promise<string> {
  const term = session.openTerminal();
  let out = '';
  for (const node of nodes) {
    out += await run(session, term, `ssh ${node}`);
    for (const line of LINES) out += await run(session, term, line);
    out += await run(session, term, 'exit');
  }
  return out;
}

/** 12 nodes, k8s-node01 and k8s-node02 reflectors for the rest, the mesh off (the docs' end state). */
function reflectorWorld(): World {
  const world = World.create({ nodes: 12 });
  for (const name of ['k8s-node01', 'k8s-node02']) {
    const n = storeGet(world.state.api, 'Node', undefined, name)!;
    n.metadata.labels = { ...n.metadata.labels, 'route-reflector': 'true' };
    n.metadata.annotations = { ...n.metadata.annotations, 'projectcalico.org/RouteReflectorClusterID': '244.0.0.1' };
    storePut(world.state.api, n);
  }
  expect(manifestApply(world, notesCalicoManifest(), 'default').ok).toBe(true);
  apiCreate(world.state, { apiVersion: 'crd.projectcalico.org/v1', kind: 'BGPConfiguration', metadata: { name: 'default' }, spec: { nodeToNodeMeshEnabled: false } });
  apiCreate(world.state, { apiVersion: 'crd.projectcalico.org/v1', kind: 'BGPPeer', metadata: { name: 'peer-with-route-reflectors' }, spec: { nodeSelector: 'all()', peerSelector: "route-reflector == 'true'" } });
  world.reconcile();
  world.advance(90_000);
  for (const n of world.state.nodes) n.fs['/usr/local/bin/calicoctl'] = { type: 'file', content: `${BINARY_MAGIC}calicoctl v3.26.1`, mode: 0o755, mtime: world.now };
  return world;
}

function session(worldSnapshot: string): LabSession {
  return LabSession.restore(JSON.stringify({ world: worldSnapshot, terminals: [], lab: null, options: { time: 'instant' } }));
}

describe('a restored route-reflector world', () => {
  it('shares what the original shared, answers as it, and evolves as it (also from a plain JSON snapshot)', async () => {
    const world = reflectorWorld();
    const nodes = ['k8s-node01', 'k8s-node05', 'k8s-node11'];
    const original = session(world.snapshot());
    const restored = LabSession.restore(original.snapshot());
    // A snapshot in the plain JSON of before: no shared tables, every object written in place.
    const plain = session(snapshotEncodePlain(original.world.state));
    const before = await answers(original, nodes);
    expect(before).toContain('Established');
    expect(before).toContain('BGP.cluster_list: 244.0.0.1');
    expect(await answers(restored, nodes)).toBe(before);
    expect(await answers(plain, nodes)).toBe(before);
    // What the original shares, the restored world shares (and the plain one does not).
    const distinct = (s: LabSession) => {
      const seen = new Set<object>();
      for (const n of s.world.state.nodes) for (const paths of n.bird!.adjIn) if (paths) seen.add(paths);
      return seen.size;
    };
    expect(distinct(restored)).toBe(distinct(original));
    expect(distinct(plain)).toBeGreaterThan(distinct(original));
    expect(original.world.snapshot().length).toBeLessThan(snapshotEncodePlain(original.world.state).length);
    // The same changes on all three: pods on every node, a client's link down past the hold
    // time and back (withdrawals, then a new full table), a reflector restarted.
    const changes = ['kubectl create deployment web --image=nginx --replicas=40', 'sleep 30', 'ssh k8s-node07', 'ip link set eth0 down', 'sleep 250', 'ip link set eth0 up', 'exit', 'sleep 60', 'kubectl -n kube-system delete pod -l k8s-app=calico-node --field-selector spec.nodeName=k8s-node02', 'sleep 90', 'kubectl scale deployment web --replicas=12', 'sleep 30'];
    for (const s of [original, restored, plain]) {
      const term = s.openTerminal();
      for (const line of changes) await s.exec(term, line, () => {});
    }
    const after = await answers(original, [...nodes, 'k8s-node07', 'k8s-node02']);
    expect(after).not.toBe(before);
    expect(await answers(restored, [...nodes, 'k8s-node07', 'k8s-node02'])).toBe(after);
    expect(await answers(plain, [...nodes, 'k8s-node07', 'k8s-node02'])).toBe(after);
    // The whole state too, but the event sequence numbers (see restore-caches.test.ts).
    const unsequenced = (s: LabSession) => s.world.snapshot().replace(/"seq":\d+/g, '"seq":0');
    expect(unsequenced(restored) === unsequenced(original)).toBe(true);
    // The plain world holds copies where the original shares: the same state, written out in full.
    const full = (s: LabSession) => snapshotEncodePlain(s.world.state).replace(/"seq":\d+/g, '"seq":0');
    expect(full(plain) === full(original)).toBe(true);
  }, 300_000);

  it('restores a ToR router (a speaker outside the nodes) with its routes', async () => {
    const original = LabSession.create({ scenario: 'tor', time: 'instant' });
    const restored = LabSession.restore(original.snapshot());
    const before = await answers(original, ['k8s-node01']);
    expect(before).toContain('Established');
    expect(await answers(restored, ['k8s-node01'])).toBe(before);
    // The restored confd renders once on its first pass (its memo is empty): let it run.
    for (const s of [original, restored]) await s.exec(s.openTerminal(), 'sleep 5', () => {});
    const unsequenced = (s: LabSession) => s.world.snapshot().replace(/"seq":\d+/g, '"seq":0');
    expect(unsequenced(restored) === unsequenced(original)).toBe(true);
  }, 120_000);
});
