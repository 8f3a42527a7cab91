/**
 * net-tools' `arp`: the node's ARP cache, the same entries `ip neigh` lists (the gateway and every
 * BGP peer on eth0's subnet with an Established session: their MACs were resolved by ARP).
 */
import type { CommandContext, CommandSpec } from '../../context';
import { cidrContains } from '../../../emulator/net/ip';
import { hostsRead } from '../net/hosts';
import { ARP_USAGE } from './usage-texts';

interface Entry {
  ip: string;
  mac: string;
  dev: string;
}

/** The cache as ip/neigh.ts derives it (kept in step with it). */
function arpEntries(ctx: CommandContext): Entry[] {
  const eth0 = ctx.node.links.find((l) => l.name === 'eth0');
  if (!eth0?.up) return [];
  const peers = new Set<string>([ctx.node.gateway]);
  for (const s of ctx.node.bird?.sessions ?? []) if (s.state === 'Established') peers.add(s.peerIp);
  return [...peers]
    .sort()
    .filter((ip) => cidrContains(`${ctx.node.ip}/${ctx.node.prefix}`, ip))
    .map((ip) => {
      const mac = ctx.world.nodeByIp(ip)?.links.find((l) => l.name === 'eth0')?.mac ?? `00:50:56:c0:00:${Number(ip.split('.')[3]).toString(16).padStart(2, '0')}`;
      return { ip, mac, dev: 'eth0' };
    });
}

export const arp: CommandSpec = {
  name: 'arp',
  summary: 'show the ARP cache (net-tools)',
  usage: 'arp [-n] [-a] [-i IF] [HOST]',
  run(ctx) {
    let numeric = false;
    let bsd = false;
    let dev: string | undefined;
    let host: string | undefined;
    const args = ctx.argv.slice(1);
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (a === '-n' || a === '--numeric') numeric = true;
      else if (a === '-a') bsd = true;
      else if (a === '-e' || a === '-v' || a === '--verbose') continue;
      else if (a === '-an' || a === '-na') (bsd = true), (numeric = true);
      else if (a === '-i' || a === '--device') dev = args[++i];
      else if (a.startsWith('-')) {
        ctx.err(`${a.startsWith('--') ? `arp: unrecognized option '${a}'` : `arp: invalid option -- '${a[1]}'`}\n${ARP_USAGE}`);
        return 3;
      } else host = a;
    }
    const hosts = hostsRead(ctx.node);
    const nameOf = (ip: string) => (ip === ctx.node.gateway ? '_gateway' : hosts.byIp.get(ip) ?? '?');
    let entries = arpEntries(ctx);
    if (dev) entries = entries.filter((e) => e.dev === dev);
    if (host) {
      const ip = hosts.byName.get(host)?.[0] ?? (/^\d+\.\d+\.\d+\.\d+$/.test(host) ? host : null);
      if (!ip) {
        ctx.err(`${host}: Unknown host\n`);
        return 255;
      }
      entries = entries.filter((e) => e.ip === ip);
      if (!entries.length) {
        ctx.out(`${host} (${ip}) -- no entry\n`);
        return 0;
      }
    }
    if (bsd) {
      ctx.out(entries.map((e) => `${numeric ? '?' : nameOf(e.ip)} (${e.ip}) at ${e.mac} [ether] on ${e.dev}\n`).join(''));
      if (!entries.length && dev) ctx.out(`arp: in ${arpEntries(ctx).length} entries no match found.\n`);
      return 0;
    }
    if (!entries.length && dev) {
      ctx.out(`arp: in ${arpEntries(ctx).length} entries no match found.\n`);
      return 0;
    }
    let out = `${'Address'.padEnd(25)}${'HWtype'.padEnd(8)}${'HWaddress'.padEnd(20)}${'Flags'.padEnd(6)}${'Mask'.padEnd(16)}Iface\n`;
    for (const e of entries) out += `${(numeric ? e.ip : nameOf(e.ip) === '?' ? e.ip : nameOf(e.ip)).padEnd(25)}${'ether'.padEnd(8)}${e.mac.padEnd(20)}${'C'.padEnd(6)}${''.padEnd(16)}${e.dev}\n`;
    ctx.out(out);
    return 0;
  },
  complete: (_args, word) => ['-n', '-a', '-i'].filter((c) => c.startsWith(word)),
};
