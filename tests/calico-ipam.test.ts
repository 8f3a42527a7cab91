/**
 * Calico IPAM past one block: a node fills its block, claims another up to MaxBlocksPerHost, then
 * borrows from other nodes' blocks (StrictAffinity false); borrowed addresses are routed as /32s.
 */
import { describe, it, expect } from 'vitest';
import { LabSession } from '../src/shell/lab-session';
import { manifestApply } from '../src/emulator/k8s/apply';
import { calicoManifest } from '../src/emulator/catalogue/calico-manifests';
import { apiCreate } from '../src/emulator/k8s/factory';
import { blocksOfNode, ipamAutoAssign, ipamBorrowedOnNode, ipamConfig, ipamReleaseHandle } from '../src/emulator/calico/ipam';
import { calicoKindLookup } from '../src/emulator/calico/resources';
import { calicoGet } from '../src/emulator/calico/resources';
import { calicoWrite } from '../src/emulator/calico/datastore';
import type { World } from '../src/emulator/world';

function installed(): { session: LabSession; world: World } {
  const session = LabSession.create({ time: 'instant' });
  const world = session.world;
  const r = manifestApply(world, calicoManifest('v3.26.1', 'bird').replace('192.168.0.0/16', '10.244.0.0/16'), 'default');
  expect(r.ok).toBe(true);
  world.reconcile();
  world.advance(120_000);
  return { session, world };
}

function fill(world: World, node: string, count: number, tag = 'p'): string[] {
  const ips: string[] = [];
  for (let i = 0; i < count; i++) {
    const r = ipamAutoAssign(world, `k8s-pod-network.${tag}${i}`, { node, namespace: 'default', pod: `${tag}-${i}` }, 'Workload');
    if (!r.ok) throw new Error(r.error);
    ips.push(r.ip);
  }
  world.reconcile();
  return ips;
}

/** Free addresses left in the blocks affine to a node. */
function freeInOwnBlocks(world: World, node: string): number {
  return blocksOfNode(world, node).reduce((n, cidr) => n + world.state.api.objects[`IPAMBlock//${cidr.replace(/[./]/g, '-')}`].spec.unallocated.length, 0);
}

async function run(session: LabSession, line: string): Promise<string> {
  const term = session.openTerminal();
  let out = '';
  await session.exec(term, line, (c) => (out += c.text));
  return out;
}

describe('IPAM beyond one block', () => {
  it('claims a second block when the first is full', () => {
    const { world } = installed();
    expect(blocksOfNode(world, 'k8s-master01')).toHaveLength(1);
    fill(world, 'k8s-master01', freeInOwnBlocks(world, 'k8s-master01') + 1);
    expect(blocksOfNode(world, 'k8s-master01')).toHaveLength(2);
  });

  it('borrows from another node once MaxBlocksPerHost is reached, and routes the borrowed address as a /32', () => {
    const { world } = installed();
    apiCreate(world.state, { apiVersion: 'crd.projectcalico.org/v1', kind: 'IPAMConfig', metadata: { name: 'default' }, spec: { autoAllocateBlocks: true, maxBlocksPerHost: 1, strictAffinity: false } });
    expect(ipamConfig(world).maxBlocksPerHost).toBe(1);
    const own = blocksOfNode(world, 'k8s-master01');
    const ips = fill(world, 'k8s-master01', freeInOwnBlocks(world, 'k8s-master01') + 1);
    expect(blocksOfNode(world, 'k8s-master01')).toEqual(own);
    const borrowed = ipamBorrowedOnNode(world, 'k8s-master01');
    expect(borrowed).toHaveLength(1);
    expect(ips).toContain(borrowed[0]);
    expect(own.some((b) => b.startsWith(borrowed[0]))).toBe(false);

    // VXLAN routes are Felix's: the other nodes reach the borrowed address through the master's VTEP.
    const pool = calicoGet(world, calicoKindLookup('ippool')!, 'default-ipv4-ippool')!;
    pool.spec.ipipMode = 'Never';
    pool.spec.vxlanMode = 'Always';
    expect(calicoWrite(world, calicoKindLookup('ippool')!, 'apply', pool)).toEqual({ ok: true });
    world.reconcile();
    const vtep = world.state.api.objects['Node//k8s-master01'].metadata.annotations!['projectcalico.org/IPv4VXLANTunnelAddr'];
    const node01 = world.node('k8s-node01')!;
    expect(node01.routes).toContainEqual({ type: 'unicast', dst: `${borrowed[0]}/32`, via: vtep, dev: 'vxlan.calico', proto: 'boot', scope: 'global', onlink: true });
  });

  it('refuses to borrow with StrictAffinity and says why', () => {
    const { world } = installed();
    apiCreate(world.state, { apiVersion: 'crd.projectcalico.org/v1', kind: 'IPAMConfig', metadata: { name: 'default' }, spec: { autoAllocateBlocks: true, maxBlocksPerHost: 1, strictAffinity: true } });
    fill(world, 'k8s-master01', freeInOwnBlocks(world, 'k8s-master01'));
    const r = ipamAutoAssign(world, 'k8s-pod-network.extra', { node: 'k8s-master01', namespace: 'default', pod: 'extra' }, 'Workload');
    expect(r).toEqual({ ok: false, error: 'cannot allocate new block due to per host block limit' });
  });

  it('stops claiming blocks when AutoAllocateBlocks is false', () => {
    const { world } = installed();
    apiCreate(world.state, { apiVersion: 'crd.projectcalico.org/v1', kind: 'IPAMConfig', metadata: { name: 'default' }, spec: { autoAllocateBlocks: false, maxBlocksPerHost: 0, strictAffinity: true } });
    fill(world, 'k8s-master01', freeInOwnBlocks(world, 'k8s-master01'));
    const r = ipamAutoAssign(world, 'k8s-pod-network.extra', { node: 'k8s-master01', namespace: 'default', pod: 'extra' }, 'Workload');
    expect(r).toEqual({ ok: false, error: 'failed to request 1 IPv4 addresses. IPAM allocated only 0' });
  });

  it('frees addresses on release; kube-controllers then releases the emptied second block, and the next pods reuse the first', () => {
    const { world } = installed();
    const n = freeInOwnBlocks(world, 'k8s-master01') + 1;
    fill(world, 'k8s-master01', n);
    expect(blocksOfNode(world, 'k8s-master01')).toHaveLength(2);
    for (let i = 0; i < n; i++) ipamReleaseHandle(world, `k8s-pod-network.p${i}`);
    world.reconcile();
    expect(blocksOfNode(world, 'k8s-master01')).toHaveLength(1);
    fill(world, 'k8s-master01', 10, 'q');
    expect(blocksOfNode(world, 'k8s-master01')).toHaveLength(1);
    expect(ipamBorrowedOnNode(world, 'k8s-master01')).toEqual([]);
  });

  it('shows the claimed blocks with ipam show --show-blocks', async () => {
    const { session, world } = installed();
    fill(world, 'k8s-master01', freeInOwnBlocks(world, 'k8s-master01') + 6);
    const out = await run(session, 'curl -sLo /usr/local/bin/calicoctl https://github.com/projectcalico/calico/releases/download/v3.26.1/calicoctl-linux-amd64 && chmod +x /usr/local/bin/calicoctl && calicoctl ipam show --show-blocks');
    const blocks = blocksOfNode(world, 'k8s-master01');
    expect(blocks).toHaveLength(2);
    expect(out).toContain(`| Block    | ${blocks[0].padEnd(15)} |        64 | 64 (100%)  | 0 (0%)       |`);
    expect(out).toMatch(/\| IP Pool  \| 10\.244\.0\.0\/16 +\| +65536 \| \d+ \(0%\) +\|/);
  });
});
