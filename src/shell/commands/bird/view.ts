/**
 * What BIRD 1.6 answers on its control socket, computed from the emulated BIRD: the protocol list
 * (nest/proto.c), BGP status and details (proto/bgp/bgp.c) and routes (nest/rt-table.c).
 * Shared by birdcl and `calicoctl node status`, which reads `show protocols` like the real one.
 */
import type { World } from '../../../emulator/world';
import type { NodeState } from '../../../emulator/state';
import type { BgpSession, BirdState } from '../../../emulator/calico/bird-types';
import { BGP_TIMERS } from '../../../emulator/calico/bird';
import { sentPrefixes } from '../../../emulator/calico/bird-rib';
import { sessionByName } from '../../../emulator/calico/bird-speakers';
import { birdAdjInEntries, birdRibEntries } from '../../../emulator/calico/bird-tables';

export const BIRD_VERSION = 'v0.3.3+birdv1.6.8';

export interface ProtocolRow {
  name: string;
  proto: 'Static' | 'Kernel' | 'Device' | 'Direct' | 'BGP';
  state: 'up' | 'start' | 'down';
  since: number;
  info: string;
  session?: BgpSession;
}

/** BIRD's `tf_proto`: the time of day within 20 hours, the date before that. */
export function birdSince(world: World, at: number): string {
  if (world.now - at < 20 * 3600_000) return world.timeOfDay(at);
  return new Date(world.state.clock.epoch + at).toISOString().slice(0, 10);
}

/** bgp_state_dsc: the larger connection state, `Passive` for an idle passive session after its error wait. */
export function bgpStateDsc(s: BgpSession): string {
  if (s.proto === 'down') return 'Down';
  if (s.state === 'Idle' && s.started && s.passive) return 'Passive';
  return s.state;
}

/** bgp_get_status: the state padded to 14, then the last error. */
export function bgpInfo(s: BgpSession): string {
  if (s.proto === 'down') return s.lastError;
  return bgpStateDsc(s).padEnd(14) + s.lastError;
}

/** The protocols of bird.cfg in configuration order. */
export function birdProtocols(bird: BirdState): ProtocolRow[] {
  const base = (name: string, proto: ProtocolRow['proto']): ProtocolRow => ({ name, proto, state: 'up', since: bird.startedAt, info: '' });
  const rows = bird.staticPeers ? [] : [base('static1', 'Static'), base('kernel1', 'Kernel'), base('device1', 'Device'), base('direct1', 'Direct')];
  for (const s of bird.sessions) rows.push({ name: s.name, proto: 'BGP', state: s.proto, since: s.since, info: bgpInfo(s), session: s });
  return rows;
}

export function protocolsHeader(): string {
  return 'name     proto    table    state  since       info';
}

/** `%-8s %-8s %-8s %-5s  %-10s  %s` of nest/proto.c. */
export function protocolLine(world: World, r: ProtocolRow): string {
  return `${r.name.padEnd(8)} ${r.proto.padEnd(8)} ${'master'.padEnd(8)} ${r.state.padEnd(5)}  ${birdSince(world, r.since).padEnd(10)}  ${r.info}`;
}

const n10 = (n: number) => String(n).padStart(10);
const dash = '       ---';

/** How many prefixes each protocol imported (Adj-RIB-In) and gave the best route of (Loc-RIB). */
export interface ProtocolCounts {
  imported: Map<string, number>;
  preferred: Map<string, number>;
}

/**
 * The counts of every protocol in one walk of each table: counted per protocol, a reflector's
 * `show protocols all` walked 500 prefixes for each of its 500 sessions (95 ms at 500 nodes).
 */
export function protocolCounts(bird: BirdState): ProtocolCounts {
  const imported = new Map<string, number>();
  for (const [, paths] of birdAdjInEntries(bird)) {
    for (const name in paths) if (paths[name]) imported.set(name, (imported.get(name) ?? 0) + 1);
  }
  const preferred = new Map<string, number>();
  for (const [, e] of birdRibEntries(bird)) preferred.set(e.from, (preferred.get(e.from) ?? 0) + 1);
  return { imported, preferred };
}

/** proto_show_basic_info and proto_show_stats, plus bgp_show_proto_info for BGP. */
export function protocolDetails(world: World, node: NodeState, r: ProtocolRow, counts = protocolCounts(node.bird!)): string[] {
  const bird = node.bird!;
  const out: string[] = [];
  const stats = (imported: number, exported: number, preferred: number, iu: number, iw: number, eu: number, ew: number) => {
    out.push(`  Routes:         ${imported} imported, ${exported} exported, ${preferred} preferred`);
    out.push('  Route change stats:     received   rejected   filtered    ignored   accepted');
    out.push(`    Import updates:     ${n10(iu)} ${n10(0)} ${n10(0)} ${n10(0)} ${n10(iu)}`);
    out.push(`    Import withdraws:   ${n10(iw)} ${n10(0)} ${dash} ${n10(0)} ${n10(iw)}`);
    out.push(`    Export updates:     ${n10(eu)} ${n10(0)} ${n10(0)} ${dash} ${n10(eu)}`);
    out.push(`    Export withdraws:   ${n10(ew)} ${dash} ${dash} ${dash} ${n10(ew)}`);
  };
  const ribFrom = (name: string) => counts.preferred.get(name) ?? 0;
  if (r.proto === 'Static') {
    const n = bird.ownBlocks.length;
    out.push('  Preference:     200', '  Input filter:   ACCEPT', '  Output filter:  REJECT');
    stats(n, 0, ribFrom('static1'), n, 0, 0, 0);
  } else if (r.proto === 'Kernel') {
    const learned = node.routes.filter((x) => x.proto !== 'bird' && x.proto !== 'kernel').length;
    const exported = node.routes.filter((x) => x.proto === 'bird').length;
    out.push('  Preference:     10', '  Input filter:   ACCEPT', '  Output filter:  calico_kernel_programming');
    stats(learned, exported, learned, learned, 0, exported, 0);
  } else if (r.proto === 'Device') {
    out.push('  Preference:     240', '  Input filter:   ACCEPT', '  Output filter:  REJECT');
    stats(0, 0, 0, 0, 0, 0, 0);
  } else if (r.proto === 'Direct') {
    const n = node.routes.filter((x) => x.proto === 'kernel').length;
    out.push('  Preference:     240', '  Input filter:   ACCEPT', '  Output filter:  REJECT');
    stats(n, 0, n, n, 0, 0, 0);
  } else {
    const s = r.session!;
    out.push('  Description:    Connection to BGP peer', '  Preference:     100', '  Input filter:   ACCEPT', '  Output filter:  (unnamed)');
    if (s.proto !== 'down') {
      const imported = counts.imported.get(s.name) ?? 0;
      stats(imported, sentPrefixes(bird, s).length, ribFrom(s.name), s.stats.impUpdates, s.stats.impWithdraws, s.stats.expUpdates, s.stats.expWithdraws);
    }
    out.push(...bgpDetails(world, bird, s));
  }
  return out;
}

function bgpDetails(world: World, bird: BirdState, s: BgpSession): string[] {
  const out = [`  BGP state:          ${bgpStateDsc(s)}`, `    Neighbor address: ${s.peerIp}`, `    Neighbor AS:      ${s.peerAs}`];
  const secs = (ms: number) => Math.max(0, Math.ceil(ms / 1000));
  if (s.proto === 'start') {
    if (!s.started && s.timerAt > world.now) out.push(`    Error wait:       ${secs(s.timerAt - world.now)}/${s.errorWait}`);
    if (s.state === 'Active' && s.timerAt > world.now) out.push(`    Start delay:      ${secs(s.timerAt - world.now)}/${BGP_TIMERS.connectDelay / 1000}`);
  } else if (s.proto === 'up') {
    const internal = s.peerAs === bird.asn;
    const ka = BGP_TIMERS.keepalive;
    const lastRx = s.rxStoppedAt ?? s.establishedAt + Math.floor((world.now - s.establishedAt) / ka) * ka;
    const nextTx = s.establishedAt + (Math.floor((world.now - s.establishedAt) / ka) + 1) * ka;
    out.push(`    Neighbor ID:      ${s.peerIp}`);
    out.push('    Neighbor caps:    refresh enhanced-refresh restart-able llgr-aware AS4 add-path-rx add-path-tx');
    out.push(`    Session:          ${internal ? 'internal' : 'external'} multihop${s.rrClient ? ' route-reflector' : ''} AS4 add-path-rx add-path-tx`);
    out.push(`    Source address:   ${bird.routerId}`);
    out.push(`    Hold timer:       ${secs(lastRx + BGP_TIMERS.hold - world.now)}/${BGP_TIMERS.hold / 1000}`);
    out.push(`    Keepalive timer:  ${secs(nextTx - world.now)}/${ka / 1000}`);
  }
  if (s.lastError) out.push(`    Last error:       ${s.lastError}`);
  return out;
}

export function protocolByName(bird: BirdState, name: string): BgpSession | undefined {
  return sessionByName(bird, name);
}
