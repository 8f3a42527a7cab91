import { describe, it, expect, beforeAll } from 'vitest';
import { World } from '../world';
import type { NodeState } from '../state';
import { linkSetState } from '../net/link-state';
import { apiCreate } from '../k8s/factory';
import { storeGet, storePut } from '../k8s/objects';
import { nodePowerOff, nodePowerOn } from '../node-power';
import { calicoNodeStop } from './calico-node';
import { selectorMatches, selectorParse } from './selector';
import { sessionToward } from './bird';
import { birdBest, birdPaths } from './bird-tables';

const installed = World.create({ scenario: 'installed' }).snapshot();
const fresh = () => World.restore(installed);
const session = (n: NodeState, peer: string) => sessionToward(n.bird!, peer)!;
const birdRoutes = (n: NodeState) => n.routes.filter((r) => r.proto === 'bird' && r.type === 'unicast').map((r) => r.dst);

describe('the node-to-node mesh', () => {
  it('establishes every session and installs every block on every node', () => {
    const w = fresh();
    for (const n of w.state.nodes) {
      expect(n.bird!.sessions.map((s) => [s.name, s.state])).toEqual(
        w.state.nodes.filter((o) => o !== n).map((o) => [`Mesh_${o.ip.replace(/\./g, '_')}`, 'Established']),
      );
      expect(birdRoutes(n)).toHaveLength(3);
    }
  });

  it('puts `passive on` on the sessions whose peer address sorts higher as a string', () => {
    const w = fresh();
    const master = w.node('k8s-master01')!;
    expect(master.bird!.sessions.every((s) => s.passive)).toBe(true);
    expect(w.node('k8s-node03')!.bird!.sessions.some((s) => s.passive)).toBe(false);
  });
});

describe('the session FSM and its timers', () => {
  it('keeps a session Established until 240 s after the last KEEPALIVE, then withdraws the routes', () => {
    const w = fresh();
    const master = w.node('k8s-master01')!;
    const s = session(master, '172.16.11.83');
    const lastKeepalive = s.establishedAt + Math.floor((w.now - s.establishedAt) / 80_000) * 80_000;
    linkSetState(w.node('k8s-node03')!, 'eth0', false);
    w.reconcile();
    w.advance(lastKeepalive + 240_000 - w.now - 1);
    expect(session(master, '172.16.11.83').state).toBe('Established');
    expect(birdRoutes(master)).toContain('10.244.3.0/24');
    w.advance(1);
    const after = session(master, '172.16.11.83');
    expect([after.proto, after.state, after.lastError]).toEqual(['start', 'Idle', 'BGP Error: Hold timer expired']);
    expect(birdRoutes(master)).not.toContain('10.244.3.0/24');
    // The error wait is 5 s; then the passive session waits for its peer.
    w.advance(4_999);
    expect(session(master, '172.16.11.83').started).toBe(false);
    w.advance(1);
    expect(session(master, '172.16.11.83').started).toBe(true);
  });

  it('retries a refused connection every connect delay (2 s) as Active', () => {
    const w = fresh();
    const node03 = w.node('k8s-node03')!;
    calicoNodeStop(w, w.node('k8s-master01')!);
    w.reconcile();
    const s = session(node03, '172.16.11.80');
    // A Cease is no error: no error wait, the outgoing connection is retried after the connect delay.
    expect([s.proto, s.state, s.lastError]).toEqual(['start', 'Active', 'Received: Administrative shutdown']);
    expect(birdRoutes(node03)).not.toContain('10.244.0.0/24');
    w.advance(2_000);
    expect([session(node03, '172.16.11.80').state, session(node03, '172.16.11.80').lastError]).toEqual(['Active', 'Socket: Connection refused']);
    const epoch = session(node03, '172.16.11.80').epoch;
    w.advance(2_000);
    expect(session(node03, '172.16.11.80').epoch).toBeGreaterThan(epoch);
  });

  it('shows Connect while ARP goes unanswered, then "No route to host"', () => {
    const w = fresh();
    nodePowerOff(w, w.node('k8s-node02')!, true);
    const node03 = w.node('k8s-node03')!;
    w.advance(2_000);
    expect(session(node03, '172.16.11.82').state).toBe('Connect');
    w.advance(3_000);
    expect([session(node03, '172.16.11.82').state, session(node03, '172.16.11.82').lastError]).toEqual(['Active', 'Socket: No route to host']);
  });

  it('survives a link flap shorter than the hold time', () => {
    const w = fresh();
    const node01 = w.node('k8s-node01')!;
    linkSetState(node01, 'eth0', false);
    w.reconcile();
    w.advance(60_000);
    linkSetState(node01, 'eth0', true);
    w.reconcile();
    w.advance(300_000);
    expect(node01.bird!.sessions.every((s) => s.state === 'Established' && s.since < 0)).toBe(true);
    expect(birdRoutes(node01)).toHaveLength(3);
  });

  it('keeps the routes of a rebooted peer as stale (graceful restart) until it is back', () => {
    const w = fresh();
    const master = w.node('k8s-master01')!;
    const node02 = w.node('k8s-node02')!;
    nodePowerOff(w, node02, false);
    nodePowerOn(w, node02);
    w.advance(45_000);
    // Back within the hold time: the new BIRD connects, the old session restarts gracefully.
    w.advance(60_000);
    expect(session(master, '172.16.11.82').state).toBe('Established');
    expect(birdRoutes(master)).toContain('10.244.2.0/24');
    expect(session(master, '172.16.11.82').gr).toBeFalsy();
  });
});

describe('route reflectors', () => {
  let w: World;
  beforeAll(() => {
    w = World.create({ scenario: 'rr' });
    for (const name of ['k8s-rr01', 'k8s-rr02']) {
      const n = storeGet(w.state.api, 'Node', undefined, name)!;
      n.metadata.labels = { ...n.metadata.labels, 'route-reflector': 'true' };
      n.metadata.annotations = { ...n.metadata.annotations, 'projectcalico.org/RouteReflectorClusterID': '244.0.0.1' };
      storePut(w.state.api, n);
    }
    apiCreate(w.state, { apiVersion: 'crd.projectcalico.org/v1', kind: 'BGPPeer', metadata: { name: 'peer-with-route-reflectors' }, spec: { nodeSelector: 'all()', peerSelector: "route-reflector == 'true'" } });
    apiCreate(w.state, { apiVersion: 'crd.projectcalico.org/v1', kind: 'BGPConfiguration', metadata: { name: 'default' }, spec: { nodeToNodeMeshEnabled: false } });
    w.reconcile();
    w.advance(30_000);
  });

  it('gives clients one node-specific session per reflector and reflectors one per node', () => {
    expect(w.node('k8s-node01')!.bird!.sessions.map((s) => `${s.name} ${s.state} ${s.rrClient}`)).toEqual(['Node_172_16_11_91 Established false', 'Node_172_16_11_92 Established false']);
    const rr = w.node('k8s-rr01')!.bird!;
    expect(rr.sessions).toHaveLength(7);
    expect(rr.sessions.filter((s) => s.rrClient)).toHaveLength(6);
    expect(sessionToward(rr, '172.16.11.92')!.rrClient).toBe(false);
  });

  it('reflects every client block with originator and cluster list, and prefers the lower reflector', () => {
    const client = w.node('k8s-node01')!.bird!;
    const paths = birdPaths(client, '10.244.5.0/24')!;
    expect(Object.keys(paths).sort()).toEqual(['Node_172_16_11_91', 'Node_172_16_11_92']);
    expect(paths.Node_172_16_11_91).toMatchObject({ nh: '172.16.11.85', o: '172.16.11.85', cl: ['244.0.0.1'] });
    expect(birdBest(client, '10.244.5.0/24')!.from).toBe('Node_172_16_11_91');
  });

  it('drops reflected routes that carry its own cluster ID (no loop between the reflectors)', () => {
    const rr2 = w.node('k8s-rr02')!.bird!;
    expect(Object.keys(birdPaths(rr2, '10.244.5.0/24')!)).toEqual(['Node_172_16_11_85']);
  });

  it('keeps every route when one reflector stops, and loses them when both do', () => {
    const w2 = World.restore(w.snapshot());
    const client = w2.node('k8s-node01')!;
    const remote = () => birdRoutes(client).length;
    expect(remote()).toBe(7);
    nodePowerOff(w2, w2.node('k8s-rr01')!, true);
    w2.reconcile();
    expect(remote()).toBe(6); // rr01's own block is gone, every other block stays via rr02
    nodePowerOff(w2, w2.node('k8s-rr02')!, true);
    w2.reconcile();
    expect(remote()).toBe(0);
  });
});

describe('selectors', () => {
  it.each([
    ['all()', {}, true],
    ["route-reflector == 'true'", { 'route-reflector': 'true' }, true],
    ["route-reflector == 'true'", {}, false],
    ["route-reflector != 'true'", {}, true],
    ['has(calico-route-reflector)', { 'calico-route-reflector': '' }, true],
    ['!has(calico-route-reflector)', { 'calico-route-reflector': '' }, false],
    ["has(a) && b == 'x'", { a: '1', b: 'x' }, true],
    ["has(a) || b == 'x'", { b: 'y' }, false],
    ["(has(a) || b == 'x') && !has(c)", { b: 'x' }, true],
  ] as const)('%s on %j is %s', (sel, labels, want) => {
    expect(selectorMatches(sel, labels as Record<string, string>)).toBe(want);
  });

  it('rejects what Calico rejects', () => {
    expect(selectorParse("a == 'b")).toBeNull();
    expect(selectorParse('a ==')).toBeNull();
  });
});

describe('determinism', () => {
  it('gives the same world for the same scenario and the same faults', () => {
    const run = () => {
      const x = fresh();
      linkSetState(x.node('k8s-node01')!, 'eth0', false);
      x.reconcile();
      x.advance(400_000);
      nodePowerOff(x, x.node('k8s-node02')!, false);
      x.advance(300_000);
      return x.snapshot();
    };
    expect(run()).toBe(run());
  });
});
