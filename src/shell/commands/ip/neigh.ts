/** `ip neigh`: the ARP entries of the addresses this node has talked to on its subnet. */
import type { CommandContext } from '../../context';
import { cidrContains } from '../../../emulator/net/ip';
import { ipError, matches } from './util';

export function ipNeigh(ctx: CommandContext, args: string[]): number {
  const sub = args[0] ?? 'show';
  if (!['show', 'list'].some((s) => matches(sub, s))) return ipError(ctx, `Command "${sub}" is unknown, try "ip neigh help".`, 255);
  const eth0 = ctx.node.links.find((l) => l.name === 'eth0');
  if (!eth0?.up) return 0;
  // The gateway and every BGP peer on the subnet have been resolved by ARP.
  const peers = new Set<string>([ctx.node.gateway]);
  for (const s of ctx.node.bird?.sessions ?? []) if (s.state === 'Established') peers.add(s.peerIp);
  for (const ip of [...peers].sort()) {
    if (!cidrContains(`${ctx.node.ip}/${ctx.node.prefix}`, ip)) continue;
    const peer = ctx.world.nodeByIp(ip);
    const mac = peer?.links.find((l) => l.name === 'eth0')?.mac ?? gatewayMac(ip);
    ctx.out(`${ip} dev eth0 lladdr ${mac} REACHABLE \n`);
  }
  return 0;
}

function gatewayMac(ip: string): string {
  const last = Number(ip.split('.')[3]);
  return `00:50:56:c0:00:${last.toString(16).padStart(2, '0')}`;
}
