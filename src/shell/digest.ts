/** The state summary the topology and status bar render after each command and tick. */
import type { World } from '../emulator/world';
import type { WorldDigest } from './api';
import { storeList } from '../emulator/k8s/objects';
import { nodeIsReady } from '../emulator/k8s/node-status';
import { ipamBlocks } from '../emulator/calico/ipam';
import { ipv4ToInt } from '../emulator/net/ip';
import { sessionStats } from '../emulator/calico/bird-stats';
import { speakerByIp } from '../emulator/calico/bird-speakers';
import { sessionToward } from '../emulator/calico/bird';
import { birdRibSize } from '../emulator/calico/bird-tables';

export function worldDigest(world: World): WorldDigest {
  const pods = storeList(world.state.api, 'Pod').filter((p) => !p.spec.hostNetwork);
  const sessions: WorldDigest['sessions'] = [];
  let messages = 0;
  let bytes = 0;
  let established = 0;
  for (const n of world.state.nodes) {
    for (const s of n.bird?.sessions ?? []) {
      const st = sessionStats(s, world.now);
      messages += st.msgsOut;
      bytes += st.bytesOut;
      const peer = speakerByIp(world, s.peerIp);
      // Each session appears once in the digest, from the side with the lower address.
      if (peer && n.ip < peer.ip) {
        const back = peer.bird ? sessionToward(peer.bird, n.bird!.routerId) : undefined;
        const both = back ? sessionStats(back, world.now) : null;
        sessions.push({ from: n.name, to: peer.name, state: s.state, kind: s.kind, messages: st.msgsOut + (both?.msgsOut ?? 0), bytes: st.bytesOut + (both?.bytesOut ?? 0) });
        if (s.state === 'Established') established++;
      }
    }
  }
  // Blocks and pods grouped by node in one pass each: per node, a scan of every block and pod
  // was most of the digest at 500 nodes (it is computed after every command).
  const blocks = blocksByAffinity(world);
  const podsOn = new Map<string, WorldDigest['nodes'][number]['pods']>();
  for (const p of pods) {
    const list = podsOn.get(p.spec.nodeName) ?? [];
    list.push({ namespace: p.metadata.namespace!, name: p.metadata.name, ip: p.status?.podIP ?? null, phase: p.status?.phase ?? 'Pending' });
    podsOn.set(p.spec.nodeName, list);
  }
  return {
    time: world.now,
    clock: world.timeOfDay(),
    subnets: world.state.subnets.map((s) => ({ ...s })),
    nodes: world.state.nodes.map((n) => ({
      name: n.name,
      ip: n.ip,
      ready: nodeIsReady(world, n.name),
      power: n.power,
      blocks: blocks.get(n.name) ?? [],
      pods: podsOn.get(n.name) ?? [],
    })),
    sessions,
    bgp: { sessions: sessions.length, established, messages, bytes, routes: world.state.nodes.reduce((n, x) => n + (x.bird ? birdRibSize(x.bird) : 0), 0) },
  };
}

/** blocksOfNode for every node at once: each node's affine blocks, in address order. */
function blocksByAffinity(world: World): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const b of ipamBlocks(world)) {
    const affinity = b.spec.affinity;
    if (typeof affinity !== 'string' || !affinity.startsWith('host:')) continue;
    const node = affinity.slice('host:'.length);
    const list = out.get(node) ?? [];
    list.push(b.spec.cidr as string);
    out.set(node, list);
  }
  for (const list of out.values()) list.sort((a, b) => ipv4ToInt(a.split('/')[0]) - ipv4ToInt(b.split('/')[0]));
  return out;
}
