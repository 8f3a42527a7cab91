/**
 * The emulator's caches (the API journal and the loops' cursors, Felix's and BIRD's "what did I
 * last see" memos, static1's origins, the kernel's write counters) live beside the state, never in
 * the snapshot. A restored world starts without them and must answer exactly as the world it was
 * saved from, which keeps its warm caches: before and after both go through the same changes.
 */
import { describe, expect, it } from 'vitest';
import { LabSession } from '../src/shell/lab-session';
import { manifestApply } from '../src/emulator/k8s/apply';
import { notesCalicoManifest } from '../src/emulator/scenarios-bgp';
import { BINARY_MAGIC } from '../src/shell/binary';

async function run(session: LabSession, term: number, line: string): Promise<string> {
  let out = '';
  await session.exec(term, line, (c) => (out += c.text));
  return `$ ${line}\n${out}`;
}

/** The same commands on a few nodes: routes, BGP, Calico's view and the pods. */
async function answers(session: LabSession): Promise<string> {
  const term = session.openTerminal();
  let out = '';
  for (const node of ['k8s-node01', 'k8s-node25', 'k8s-node49']) {
    out += await run(session, term, `ssh ${node}`);
    for (const line of ['ip r', 'birdcl show route', 'birdcl show protocols', 'calicoctl node status', 'iptables-save -t nat | grep -c cali']) out += await run(session, term, line);
    out += await run(session, term, 'exit');
  }
  out += await run(session, term, 'kubectl get pods -A -o wide | sort | md5sum');
  return out;
}

describe('a restored 50-node world', () => {
  it('answers as the original, before and after the same changes', async () => {
    const original = LabSession.create({ nodes: 50, time: 'instant' });
    const world = original.world;
    for (const n of world.state.nodes) n.fs['/usr/local/bin/calicoctl'] = { type: 'file', content: `${BINARY_MAGIC}calicoctl v3.26.1`, mode: 0o755, mtime: world.now };
    expect(manifestApply(world, notesCalicoManifest(), 'default').ok).toBe(true);
    world.reconcile();
    world.advance(60_000);
    const restored = LabSession.restore(original.snapshot());
    const before = await answers(original);
    expect(before).toContain('Established');
    expect(await answers(restored)).toBe(before);
    // The same changes on both: a Deployment spread over the nodes, a node's link down and up.
    const changes = ['kubectl create deployment web --image=nginx --replicas=120', 'sleep 30', 'ssh k8s-node07', 'ip link set eth0 down', 'sleep 5', 'ip link set eth0 up', 'exit', 'sleep 30'];
    for (const session of [original, restored]) {
      const term = session.openTerminal();
      for (const line of changes) await session.exec(term, line, () => {});
    }
    const after = await answers(original);
    expect(after).not.toBe(before);
    expect(await answers(restored)).toBe(after);
    // Everything else in the state too, but the event sequence numbers: the restored confd renders
    // once more on its first pass (its memo is empty), which takes a number and changes nothing.
    const unsequenced = (session: LabSession) => session.world.snapshot().replace(/"seq":\d+/g, '"seq":0');
    expect(unsequenced(restored)).toBe(unsequenced(original));
  }, 300_000);
});
