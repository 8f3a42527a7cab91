/**
 * `calicoctl node status` (calicoctl/commands/node/status.go): needs root, looks for the Calico
 * processes on this host, then asks BIRD `show protocols` over its socket and keeps the BGP rows
 * named Global_/Node_/Mesh_, in BIRD's order, as a box table (reference §1).
 */
import type { CommandContext } from '../../context';
import { boxTable } from '../../format/box-table';
import { birdProtocols, birdSince } from '../bird/view';

const PEER_TYPES: Record<string, string> = { Mesh: 'node-to-node mesh', Global: 'global', Node: 'node specific' };

export function calicoctlNodeStatus(ctx: CommandContext, args: string[]): number {
  const extra = args.filter((a) => a !== '--allow-version-mismatch');
  if (extra.length) {
    ctx.out(`Invalid option: 'calicoctl node status ${extra.join(' ')}'. Use flag '--help' to read about a specific subcommand.\n`);
    return 1;
  }
  if ((ctx.shell.env.USER ?? 'root') !== 'root') {
    ctx.out('Need super user privileges: Operation not permitted\n');
    return 1;
  }
  const node = ctx.node;
  if (!node.calico || node.power !== 'on') {
    ctx.err('Calico process is not running.\n');
    return 1;
  }
  ctx.out('Calico process is running.\n');
  const bird = node.bird;
  if (!bird) {
    ctx.out('\nThe BGP backend process (BIRD) is not running.\n\n');
    return 0;
  }
  const rows: string[][] = [];
  for (const r of birdProtocols(bird)) {
    const peer = r.proto === 'BGP' ? peerOf(r.name) : null;
    if (!peer) continue;
    rows.push([peer.address, peer.type, r.state, birdSince(ctx.world, r.since), r.info.trim().replace(/\s+/g, ' ')]);
  }
  ctx.out('\nIPv4 BGP status\n');
  ctx.out(rows.length ? boxTable(['Peer address', 'Peer type', 'State', 'Since', 'Info'], rows) : 'No IPv4 peers found.\n');
  ctx.out('\nIPv6 BGP status\nNo IPv6 peers found.\n\n');
  return 0;
}

/** `Node_172_16_11_81` -> `172.16.11.81`, `node specific`; null for a protocol that is no peer. */
function peerOf(name: string): { address: string; type: string } | null {
  let p = PEERS.get(name);
  if (p === undefined) {
    const m = /^(Global|Node|Mesh)_(.+)$/.exec(name);
    p = m ? { address: m[2].replace(/_port_\d+$/, '').replace(/_/g, '.'), type: PEER_TYPES[m[1]] } : null;
    // Remembered: a reflector's table asks for the same 500 names on every run.
    if (PEERS.size > 10_000) PEERS.clear();
    PEERS.set(name, p);
  }
  return p;
}

const PEERS = new Map<string, { address: string; type: string } | null>();
