/**
 * `traceroute` (Debian's traceroute 2.1) and `tracepath` (iputils): real TTL-limited probes
 * through the dataplane, so each hop that answers is the router that really decremented the TTL
 * — the node, then (IPIP) the remote node's tunl0 address, then the pod.
 */
import type { CommandContext, CommandSpec } from '../../context';
import type { Endpoint } from '../../../emulator/net/trace';
import { packetSend, sourceAddress } from '../../../emulator/net/forward';
import { ipv4New } from '../../../emulator/net/packet/ipv4';
import { icmpEcho } from '../../../emulator/net/packet/icmp';
import { hostsRead, hostsResolve } from './hosts';
import type { Hosts } from './hosts';

const FIRST_PORT = 33434;
const WAIT_MS = 5000;

interface Probe {
  from: string | null; // who answered
  rttMs: number;
  final: boolean;
  flag: string; // !H, !N, ...
}

function probe(ctx: CommandContext, from: Endpoint, src: string, dst: string, ttl: number, seq: number, icmp: boolean): Probe {
  const sentAt = ctx.world.state.clock.epoch + ctx.world.now;
  const data = new Uint8Array(32).map((_, i) => 0x40 + (i % 32));
  const payload = icmp
    ? icmpEcho(8, 0x7a69, seq, data)
    : { kind: 'udp' as const, srcPort: 45000 + seq, dstPort: FIRST_PORT + seq, payload: { kind: 'raw' as const, bytes: data } };
  const t = packetSend(ctx.world, from, ipv4New({ src, dst, ttl, df: false, id: (seq * 101) & 0xffff, payload }));
  for (const d of t.deliveries) {
    if (d.to.node !== from.node || d.to.pod !== from.pod) continue;
    const pl = d.packet.payload;
    if (pl.kind !== 'icmp') continue;
    // Later probes of a hop find caches warm: a little faster, as real runs show.
    const rttMs = (d.timeMs - sentAt) * (1 - 0.07 * (seq % 3));
    if (pl.type === 11) return { from: d.packet.src, rttMs, final: false, flag: '' };
    if (pl.type === 0) return { from: d.packet.src, rttMs, final: true, flag: '' };
    if (pl.type === 3) {
      const flag = pl.code === 3 ? '' : pl.code === 1 ? ' !H' : pl.code === 0 ? ' !N' : pl.code === 13 ? ' !X' : ` !<${pl.code}>`;
      return { from: d.packet.src, rttMs, final: true, flag };
    }
  }
  return { from: null, rttMs: 0, final: false, flag: '' };
}

function ms(rtt: number): string {
  return Math.max(rtt, 0.01).toFixed(3);
}

function nameOf(hosts: Hosts, ip: string, numeric: boolean): string {
  if (numeric) return ip;
  const name = [...hosts.byName.entries()].find(([, ips]) => ips.includes(ip))?.[0];
  return `${name ?? ip} (${ip})`;
}

export async function tracerouteRun(ctx: CommandContext, from: Endpoint, srcFor: (dst: string) => string, argv: string[]): Promise<number> {
  let numeric = false;
  let icmp = false;
  let maxHops = 30;
  let target: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-n') numeric = true;
    else if (a === '-I' || a === '--icmp') icmp = true;
    else if (a === '-m') {
      const v = Number(argv[++i]);
      if (!Number.isInteger(v) || v < 1 || v > 255) return ctx.err(`Cannot handle \`-m' option with arg \`${argv[i] ?? ''}' (argc ${i})\n`), 2;
      maxHops = v;
    } else if (a.startsWith('-')) return ctx.err(`Bad option \`${a}' (argc ${i + 1})\n`), 2;
    else target ??= a;
  }
  if (!target) {
    ctx.err('Usage:\n  traceroute [ -46dFITnreAUDV ] [ -f first_ttl ] [ -g gate,... ] [ -i device ] [ -m max_ttl ] [ -N squeries ] [ -p port ] [ -t tos ] [ -l flow_label ] [ -w MAX,HERE,NEAR ] [ -q nqueries ] [ -s src_addr ] [ -z sendwait ] [ --fwmark=num ] host [ packetlen ]\n');
    return 2;
  }
  const hosts = hostsRead(ctx.node);
  const dst = hostsResolve(hosts, target);
  if (!dst) {
    ctx.err(`${target}: Temporary failure in name resolution\nCannot handle "host" cmdline arg \`${target}' on position 1 (argc 1)\n`);
    return 2;
  }
  ctx.out(`traceroute to ${target} (${dst}), ${maxHops} hops max, 60 byte packets\n`);
  const src = srcFor(dst);
  let seq = 0;
  for (let ttl = 1; ttl <= maxHops; ttl++) {
    let line = `${String(ttl).padStart(2)} `;
    let last: string | null = null;
    let done = false;
    for (let q = 0; q < 3; q++) {
      if (ctx.interrupted()) return 130;
      const p = probe(ctx, from, src, dst, ttl, seq++, icmp);
      if (!p.from) {
        line += ' *';
        await ctx.sleep(WAIT_MS);
        continue;
      }
      line += p.from === last ? `  ${ms(p.rttMs)} ms${p.flag}` : ` ${nameOf(hosts, p.from, numeric)}  ${ms(p.rttMs)} ms${p.flag}`;
      last = p.from;
      done ||= p.final;
    }
    ctx.out(line + '\n');
    if (done) break;
  }
  return 0;
}

export const traceroute: CommandSpec = {
  name: 'traceroute',
  summary: 'print the route packets trace to network host',
  usage: 'traceroute [-n] [-I] [-m max_ttl] host',
  run: (ctx) => tracerouteRun(ctx, { node: ctx.node.name }, (dst) => sourceAddress(ctx.node, dst), ctx.argv.slice(1)),
};

/** `tracepath`: one probe per hop with the path MTU, as iputils prints it. */
export const tracepath: CommandSpec = {
  name: 'tracepath',
  summary: 'traces path to a network host discovering MTU along this path',
  usage: 'tracepath [-n] destination',
  run(ctx) {
    const args = ctx.argv.slice(1);
    const numeric = args.includes('-n');
    const target = args.find((a) => !a.startsWith('-'));
    if (!target) return ctx.err('Usage\n  tracepath [options] <destination>\n'), 1;
    const hosts = hostsRead(ctx.node);
    const dst = hostsResolve(hosts, target);
    if (!dst) return ctx.err(`tracepath: ${target}: Temporary failure in name resolution\n`), 1;
    const from = { node: ctx.node.name };
    const src = sourceAddress(ctx.node, dst);
    const mtu = ctx.node.links.find((l) => l.name === 'eth0')?.mtu ?? 1500;
    ctx.out(` 1?: [LOCALHOST]                      pmtu ${mtu}\n`);
    for (let ttl = 1, seq = 0; ttl <= 30; ttl++) {
      const p = probe(ctx, from, src, dst, ttl, seq++, false);
      const who = p.from ? (numeric ? p.from : nameOf(hosts, p.from, false).replace(/ \(.*\)$/, '')) : 'no reply';
      ctx.out(`${String(ttl).padStart(2)}:  ${who.padEnd(54)}${p.from ? `${ms(p.rttMs)}ms ` : ''}${p.final ? 'reached' : ''}\n`);
      if (p.final) {
        ctx.out(`     Resume: pmtu ${mtu} hops ${ttl} back ${ttl} \n`);
        return 0;
      }
    }
    ctx.out(`     Too many hops: pmtu ${mtu}\n     Resume: pmtu ${mtu} \n`);
    return 0;
  },
};
