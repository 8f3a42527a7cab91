/** The state summary the topology and status bar render after each command and tick. */
import type { World } from '../emulator/world';
import type { WorldDigest } from './api';
import { storeList } from '../emulator/k8s/objects';
import { nodeIsReady } from '../emulator/k8s/node-status';
import { blocksOfNode } from '../emulator/calico/ipam';
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
  return {
    time: world.now,
    clock: world.timeOfDay(),
    subnets: world.state.subnets.map((s) => ({ ...s })),
    nodes: world.state.nodes.map((n) => ({
      name: n.name,
      ip: n.ip,
      ready: nodeIsReady(world, n.name),
      power: n.power,
      blocks: blocksOfNode(world, n.name),
      pods: pods
        .filter((p) => p.spec.nodeName === n.name)
        .map((p) => ({ namespace: p.metadata.namespace!, name: p.metadata.name, ip: p.status?.podIP ?? null, phase: p.status?.phase ?? 'Pending' })),
    })),
    sessions,
    bgp: { sessions: sessions.length, established, messages, bytes, routes: world.state.nodes.reduce((n, x) => n + (x.bird ? birdRibSize(x.bird) : 0), 0) },
  };
}
