/**
 * The node-level "break it" actions keep the world's rules: what they change lives in the
 * serialised state (and the clock's queue), so a world saved in the middle of the break and
 * restored goes on exactly as the original does.
 */
import { describe, expect, it } from 'vitest';
import { World } from '../src/emulator/world';
import { kubeletStart, kubeletStop } from '../src/emulator/system/kubelet-service';
import { nodeIsReady } from '../src/emulator/k8s/node-status';
import { procSysWrite } from '../src/emulator/system/procfs';
import { nodeForwardsFrom } from '../src/emulator/system/kernel';
import { storeGet } from '../src/emulator/k8s/objects';

function readyCondition(world: World, name: string): { status: string; reason: string } | undefined {
  return storeGet(world.state.api, 'Node', undefined, name)?.status.conditions.find((c: { type: string }) => c.type === 'Ready');
}

describe('node breaks survive snapshot and restore', () => {
  it('a stopped kubelet goes Unknown after 40 s in a restored world too, and Ready again after start', () => {
    const world = World.create({ scenario: 'installed' });
    const node = world.node('k8s-node02')!;
    kubeletStop(world, node);
    world.advance(20_000);
    expect(nodeIsReady(world, 'k8s-node02')).toBe(true);
    const restored = World.restore(world.snapshot());
    for (const w of [world, restored]) {
      w.advance(20_000);
      expect(readyCondition(w, 'k8s-node02')).toMatchObject({ status: 'Unknown', reason: 'NodeStatusUnknown' });
      kubeletStart(w, w.node('k8s-node02')!);
      w.advance(3_000);
      expect(nodeIsReady(w, 'k8s-node02')).toBe(true);
    }
  });

  it('forwarding written off stays off through a restore, on that node only', () => {
    const world = World.create({ scenario: 'installed' });
    procSysWrite(world.node('k8s-node01')!, 'net.ipv4.ip_forward', '0');
    const restored = World.restore(world.snapshot());
    const node = restored.node('k8s-node01')!;
    expect(nodeForwardsFrom(node, 'tunl0')).toBe(false);
    expect(nodeForwardsFrom(node, 'eth0')).toBe(false);
    expect(nodeForwardsFrom(restored.node('k8s-node02')!, 'tunl0')).toBe(true);
  });
});
