/** The apply preview: what a file would change in BGP sessions and routes, without changing anything. */
import { describe, expect, it } from 'vitest';
import { World } from './world';
import { applyPreview, bgpDiff, bgpView, previewTool } from './apply-preview';

const installed = World.create({ scenario: 'installed' }).snapshot();

const BGP_NO_MESH = `apiVersion: projectcalico.org/v3
kind: BGPConfiguration
metadata:
  name: default
spec:
  nodeToNodeMeshEnabled: false
`;

const POOL_NEVER = `apiVersion: projectcalico.org/v3
kind: IPPool
metadata:
  name: default-ipv4-ippool
spec:
  cidr: 10.244.0.0/16
  blockSize: 24
  ipipMode: Never
  natOutgoing: true
`;

describe('apply preview', () => {
  it('nodeToNodeMeshEnabled: false removes every mesh session and withdraws the routes to remote blocks', () => {
    const p = applyPreview(installed, BGP_NO_MESH);
    if (!p.ok) throw new Error(p.error);
    expect(p.tool).toBe('calicoctl');
    expect(p.settled).toBe(true);
    const world = World.restore(installed);
    const meshSessions = world.state.nodes.flatMap((n) => n.bird!.sessions.map((s) => `${n.name} ${s.name}`)).sort();
    expect(meshSessions).toHaveLength(12);
    // Every session goes, none comes.
    expect(p.sessions.map((s) => `${s.node} ${s.name}`).sort()).toEqual(meshSessions);
    expect(p.sessions.every((s) => s.kind === 'mesh' && s.before === 'Established' && s.after === null)).toBe(true);
    // Each node loses its three routes to the other nodes' blocks, and gains nothing.
    const k8sNode01 = p.routes.filter((r) => r.node === 'k8s-node01');
    expect(k8sNode01.map((r) => [r.dst, r.before, r.after])).toEqual([
      ['10.244.0.0/24', 'via 172.16.11.80 dev tunl0 proto bird onlink', null],
      ['10.244.2.0/24', 'via 172.16.11.82 dev tunl0 proto bird onlink', null],
      ['10.244.3.0/24', 'via 172.16.11.83 dev tunl0 proto bird onlink', null],
    ]);
    expect(p.routes).toHaveLength(12);
  });

  it('ipipMode Never moves the routes to remote blocks from tunl0 to the node interface, and keeps the sessions', () => {
    const p = applyPreview(installed, POOL_NEVER);
    if (!p.ok) throw new Error(p.error);
    expect(p.sessions).toEqual([]);
    expect(p.routes).toHaveLength(12);
    const r = p.routes.find((x) => x.node === 'k8s-master01' && x.dst === '10.244.1.0/24');
    expect(r).toEqual({ node: 'k8s-master01', dst: '10.244.1.0/24', before: 'via 172.16.11.81 dev tunl0 proto bird onlink', after: expect.stringMatching(/^via 172\.16\.11\.81 dev (eth0|ens\d+) proto bird$/) });
  });

  it('changes nothing in the world it previews', () => {
    const world = World.restore(installed);
    const before = world.snapshot();
    applyPreview(world.snapshot(), BGP_NO_MESH);
    expect(world.snapshot()).toBe(before);
  });

  it('says that a NetworkPolicy moves no session and no route', () => {
    const p = applyPreview(installed, `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: deny-all
spec:
  podSelector: {}
  policyTypes: [Ingress]
`);
    expect(p).toMatchObject({ ok: true, tool: 'kubectl', sessions: [], routes: [] });
  });

  it('answers a file the tool would refuse with the reason, as the tool would', () => {
    expect(applyPreview(installed, POOL_NEVER.replace('ipipMode: Never', 'ipipMode: Always\n  vxlanMode: Always'))).toMatchObject({ ok: false, tool: 'calicoctl', error: expect.stringMatching(/^Failed to apply 'IPPool' resource: \[.*Cannot enable both VXLAN and IPIP on the same IPPool/) });
    expect(applyPreview(installed, 'apiVersion: projectcalico.org/v3\nkind: Widget\nmetadata:\n  name: x\n')).toEqual({ ok: false, tool: 'calicoctl', error: "resource type 'Widget' is not supported" });
    expect(applyPreview(installed, 'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: x\n')).toEqual({ ok: false, tool: 'kubectl', error: 'no matches for kind "Widget" in version "example.com/v1"' });
  });

  it('picks calicoctl only when every document is projectcalico.org/v3', () => {
    expect(previewTool(BGP_NO_MESH + '---\n' + POOL_NEVER)).toBe('calicoctl');
    expect(previewTool(BGP_NO_MESH.replace('projectcalico.org/v3', 'crd.projectcalico.org/v1'))).toBe('kubectl');
    expect(previewTool('')).toBe('kubectl');
  });

  it('diffs session states and moved routes', () => {
    const before = { sessions: [{ node: 'a', name: 'Mesh_1', peerIp: '1', kind: 'mesh' as const, state: 'Established' as const }], routes: [{ node: 'a', dst: '10.0.0.0/24', how: 'via 1 dev tunl0' }] };
    const after = { sessions: [{ ...before.sessions[0], state: 'Active' as const }], routes: [{ node: 'a', dst: '10.0.0.0/24', how: 'via 1 dev eth0' }] };
    expect(bgpDiff(before, after)).toEqual({
      sessions: [{ node: 'a', name: 'Mesh_1', peerIp: '1', kind: 'mesh', before: 'Established', after: 'Active' }],
      routes: [{ node: 'a', dst: '10.0.0.0/24', before: 'via 1 dev tunl0', after: 'via 1 dev eth0' }],
    });
    expect(bgpDiff(bgpView(World.restore(installed)), bgpView(World.restore(installed)))).toEqual({ sessions: [], routes: [] });
  });
});
