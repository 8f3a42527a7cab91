/**
 * net-tools' `route` (and `netstat -r`): the node's main routing table in the old fixed columns,
 * the same routes `ip route` prints, in the kernel's FIB order. Calico's IPIP routes are `UG` on
 * tunl0 (onlink via the peer), a pod's `/32` is `UH` on its cali veth, the node's own block a
 * blackhole (`U`, interface `*`). Without -n, 0.0.0.0 is `default`, the gateway `_gateway`
 * (systemd's nss-myhostname) and nodes their /etc/hosts names.
 */
import type { CommandContext, CommandSpec } from '../../context';
import { cidrParts, ipv4FromInt, prefixMask } from '../../../emulator/net/ip';
import { routeCompare } from '../../../emulator/net/route';
import { hostsRead } from '../net/hosts';
import { ROUTE_USAGE, ROUTE_USAGE_FAMILIES } from './usage-texts';

/** The table as `route -n` or `netstat -rn` prints it. */
export function routeTable(ctx: CommandContext, numeric: boolean, style: 'route' | 'netstat'): string {
  const hosts = hostsRead(ctx.node);
  const name = (ip: string, isDst: boolean) => {
    if (numeric) return ip;
    if (ip === '0.0.0.0') return isDst ? 'default' : '0.0.0.0';
    if (!isDst && ip === ctx.node.gateway) return '_gateway';
    return (isDst ? ip : hosts.byIp.get(ip) ?? ip).slice(0, 15);
  };
  const head =
    style === 'route'
      ? 'Destination     Gateway         Genmask         Flags Metric Ref    Use Iface'
      : 'Destination     Gateway         Genmask         Flags   MSS Window  irtt Iface';
  let out = `Kernel IP routing table\n${head}\n`;
  for (const r of [...ctx.node.routes].sort(routeCompare)) {
    const p = cidrParts(r.dst);
    if (!p) continue;
    const dst = ipv4FromInt(p.network);
    const mask = ipv4FromInt(prefixMask(p.prefix));
    const gw = r.via ?? '0.0.0.0';
    const flags = 'U' + (r.via ? 'G' : '') + (p.prefix === 32 ? 'H' : '');
    const iface = r.type === 'blackhole' ? '*' : r.dev ?? '*';
    const cols = `${name(dst, true).padEnd(15)} ${name(gw, false).padEnd(15)} ${mask.padEnd(15)} `;
    out +=
      style === 'route'
        ? `${cols}${flags.padEnd(5)} ${String(r.metric ?? 0).padEnd(6)} ${'0'.padEnd(2)} ${'0'.padStart(7)} ${iface}\n`
        : `${cols}${flags.padEnd(5)} ${'0'.padStart(5)} ${'0'.padEnd(6)} ${'0'.padStart(5)} ${iface}\n`;
  }
  return out;
}

export const route: CommandSpec = {
  name: 'route',
  summary: 'show the IP routing table (net-tools)',
  usage: 'route [-n] [-e]',
  run(ctx) {
    let numeric = false;
    for (const a of ctx.argv.slice(1)) {
      if (a === '-n' || a === '--numeric' || a === '-4' || a === '-A' || a === 'inet' || a === '--inet' || a === '-F' || a === '--fib') {
        if (a === '-n' || a === '--numeric') numeric = true;
        continue;
      }
      if (a === '-h' || a === '--help') {
        ctx.out(ROUTE_USAGE);
        ctx.err(ROUTE_USAGE_FAMILIES);
        return 0;
      }
      const bad = a.startsWith('--') ? `route: unrecognized option '${a}'` : a.startsWith('-') ? `route: invalid option -- '${a[1]}'` : null;
      if (bad) ctx.err(bad + '\n');
      ctx.out(ROUTE_USAGE);
      ctx.err(ROUTE_USAGE_FAMILIES);
      return 0;
    }
    ctx.out(routeTable(ctx, numeric, 'route'));
    return 0;
  },
  complete: (_args, word) => ['-n', '-e'].filter((c) => c.startsWith(word)),
};
