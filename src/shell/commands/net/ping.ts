/** iputils `ping` from a node or, through `kubectl exec`, from a pod: real echo requests through the dataplane. */
import type { CommandContext, CommandSpec } from '../../context';
import type { Endpoint } from '../../../emulator/net/trace';
import type { Trace } from '../../../emulator/net/forward';
import { packetSend, sourceAddress } from '../../../emulator/net/forward';
import { routeTableLookup } from '../../../emulator/net/route';
import { icmpEcho, ipv4New, u16 } from '../../../emulator/net/packet';
import { hostsRead, hostsResolve } from './hosts';
import { PING_USAGE, pingStatistics, rttText } from './ping-format';
import type { PingStats } from './ping-format';

interface PingOpts {
  count?: number;
  intervalMs: number;
  size: number;
  pmtu: 'do' | 'dont' | 'want';
  timeoutS: number;
  iface?: string;
  quiet: boolean;
  deadlineS?: number;
  target?: string;
}

const WITH_ARG = new Set(['c', 'i', 's', 'M', 'W', 'I', 'w', 't', 'p', 'l', 'm', 'Q', 'S', 'T', 'F', 'N']);

type Parsed = { ok: true; opts: PingOpts } | { ok: false; status: number };

function parse(ctx: CommandContext, argv: string[]): Parsed {
  const o: PingOpts = { intervalMs: 1000, size: 56, pmtu: 'want', timeoutS: 10, quiet: false };
  const bad = (v: string): Parsed => (ctx.err(`ping: invalid argument: '${v}'\n`), { ok: false, status: 1 });
  for (let i = 0; i < argv.length; i++) {
    const w = argv[i];
    if (!w.startsWith('-') || w === '-') {
      o.target ??= w;
      continue;
    }
    for (let j = 1; j < w.length; j++) {
      const c = w[j];
      if (!WITH_ARG.has(c)) {
        if (c === 'q') o.quiet = true;
        else if (!'aAbBdDfhLnOrRUv46'.includes(c)) {
          ctx.err(`ping: invalid option -- '${c}'\n${PING_USAGE}`);
          return { ok: false, status: 2 };
        }
        continue;
      }
      const v = j + 1 < w.length ? w.slice(j + 1) : argv[++i];
      if (v === undefined) {
        ctx.err(`ping: option requires an argument -- '${c}'\n${PING_USAGE}`);
        return { ok: false, status: 2 };
      }
      const num = Number(v);
      if (c === 'c') {
        if (!/^\d+$/.test(v)) return bad(v);
        if (num < 1) return ctx.err(`ping: invalid argument: '${v}': out of range: 1 <= value <= 9223372036854775807\n`), { ok: false, status: 1 };
        o.count = num;
      } else if (c === 'i') {
        if (!Number.isFinite(num) || num < 0) return ctx.err(`ping: bad timing interval: ${v}\n`), { ok: false, status: 1 };
        // As root ping accepts any interval; the emulator sends at most one probe per 10 ms so a
        // flood (-i 0) still lets simulated time move on.
        o.intervalMs = Math.max(num * 1000, 10);
      } else if (c === 's') {
        if (!/^\d+$/.test(v)) return bad(v);
        if (num > 65507) return ctx.err(`ping: invalid argument: '${v}': out of range: 0 <= value <= 65507\n`), { ok: false, status: 1 };
        o.size = num;
      } else if (c === 'M') {
        if (v !== 'do' && v !== 'dont' && v !== 'want') return ctx.err(`ping: invalid -M argument: ${v}\n`), { ok: false, status: 1 };
        o.pmtu = v;
      } else if (c === 'W') {
        if (!Number.isFinite(num)) ctx.err(`ping: option argument contains garbage: ${v}\nping: this will become fatal error in the future\n`);
        else o.timeoutS = num;
      } else if (c === 'w') {
        if (!/^\d+$/.test(v)) return bad(v);
        o.deadlineS = num;
      } else if (c === 'I') o.iface = v;
      break;
    }
  }
  return { ok: true, opts: o };
}

/** What came back for one probe. */
export type Outcome = { kind: 'reply'; ttl: number; rttMs: number } | { kind: 'error'; from: string; text: string; arp?: boolean } | { kind: 'local'; mtu: number } | { kind: 'lost' };

const ERRORS: Record<string, string> = { '3/0': 'Destination Net Unreachable', '3/1': 'Destination Host Unreachable', '3/3': 'Destination Port Unreachable', '11/0': 'Time to live exceeded' };

export function outcomeOf(t: Trace, me: Endpoint, id: number, seq: number, sentAt: number, nodeIp: (n: string) => string): Outcome {
  if (t.error?.errno === 'EMSGSIZE') return { kind: 'local', mtu: t.error.mtu ?? 0 };
  for (const d of t.deliveries) {
    if (d.to.node !== me.node || d.to.pod !== me.pod) continue;
    const pl = d.packet.payload;
    if (pl.kind !== 'icmp') continue;
    if (pl.type === 0 && pl.id === id && pl.seq === seq) return { kind: 'reply', ttl: d.packet.ttl, rttMs: d.timeMs - sentAt };
    const hl = (pl.data[0] & 15) * 4;
    if ((pl.type === 3 || pl.type === 11) && pl.data.length >= hl + 8 && u16(pl.data, hl + 4) === id) {
      const text = pl.type === 3 && pl.code === 4 ? `Frag needed and DF set (mtu = ${pl.mtu})` : ERRORS[`${pl.type}/${pl.code}`] ?? `Dest Unreachable, Bad Code: ${pl.code}`;
      return { kind: 'error', from: d.packet.src, text };
    }
  }
  const arp = t.hops.find((h) => h.action === 'drop' && h.reason?.startsWith('no host answers ARP'));
  if (arp) return { kind: 'error', from: nodeIp(arp.node), text: 'Destination Host Unreachable', arp: true };
  return { kind: 'lost' };
}

/** ping's payload: a timestamp, then the bytes 0x10, 0x11, ... */
export function payload(size: number, now: number): Uint8Array {
  return Uint8Array.from({ length: size }, (_, i) => (i < 8 ? (Math.floor(now / 256 ** (i % 4)) >> (i > 3 ? 3 : 0)) & 255 : (i + 8) & 255));
}

export async function pingRun(ctx: CommandContext, from: Endpoint, srcIp: string, argv: string[]): Promise<number> {
  const parsed = parse(ctx, argv);
  if (!parsed.ok) return parsed.status;
  const o = parsed.opts;
  if (!o.target) return ctx.err('ping: usage error: Destination address required\n'), 1;
  const dst = hostsResolve(hostsRead(ctx.node), o.target);
  if (!dst) return ctx.err(`ping: ${o.target}: Name or service not known\n`), 2;
  if (!from.pod) {
    const r = routeTableLookup(ctx.node.routes, dst);
    if (!r) return ctx.err('ping: connect: Network is unreachable\n'), 2;
    if (r.type === 'blackhole') return ctx.err('ping: connect: Invalid argument\n'), 2;
  }
  const who = o.target === dst ? dst : `${o.target} (${dst})`;
  // With -I, iputils names the source: `from ADDR DEVICE: ` (DEVICE empty when -I was an address).
  const from_ = o.iface ? `from ${srcIp} ${/^[\d.]+$/.test(o.iface) ? '' : o.iface}: ` : '';
  ctx.out(`PING ${o.target} (${dst}) ${from_}${o.size}(${o.size + 28}) bytes of data.\n`);
  const id = (ctx.world.now * 7919 + 0x2a) & 0xffff;
  const start = ctx.world.now;
  const stats: PingStats = { target: o.target, transmitted: 0, received: 0, errors: 0, elapsedMs: 0, rtts: [] };
  let answered = true;
  let lastSend = start;
  for (let seq = 1; ; seq++) {
    const sentAt = ctx.world.state.clock.epoch + ctx.world.now;
    const mk = (df: boolean) => ipv4New({ src: srcIp, dst, df, id: (id + seq * 263) & 0xffff, payload: icmpEcho(8, id, seq, payload(o.size, sentAt)) });
    let t = packetSend(ctx.world, from, mk(o.pmtu !== 'dont'));
    // `want` (the default) fragments locally what does not fit the first hop.
    if (t.error?.errno === 'EMSGSIZE' && o.pmtu === 'want') t = packetSend(ctx.world, from, mk(false));
    stats.transmitted++;
    const r = outcomeOf(t, from, id, seq, sentAt, (n) => ctx.world.node(n)?.ip ?? '');
    lastSend = ctx.world.now;
    answered = r.kind === 'reply';
    if (r.kind === 'reply') {
      stats.received++;
      stats.rtts.push(r.rttMs);
      if (!o.quiet) ctx.out(`${o.size + 8} bytes from ${who}: icmp_seq=${seq} ttl=${r.ttl} time=${rttText(r.rttMs)} ms\n`);
    } else if (r.kind === 'error') {
      stats.errors++;
      // ARP gives up after about 3 s: that many probes are in flight when the errors come.
      if (r.arp) stats.pipe = Math.min(stats.transmitted, Math.ceil(3000 / Math.max(o.intervalMs, 1)));
      if (!o.quiet) ctx.out(`From ${r.from} icmp_seq=${seq} ${r.text}\n`);
    } else if (r.kind === 'local') {
      stats.errors++;
      ctx.err(`ping: local error: message too long, mtu=${r.mtu}\n`);
    }
    const done = (o.count !== undefined && seq >= o.count) || (o.deadlineS !== undefined && ctx.world.now - start + o.intervalMs > o.deadlineS * 1000);
    if (done || ctx.interrupted()) break;
    await ctx.sleep(o.intervalMs);
    if (ctx.interrupted()) break;
  }
  // After the last probe ping lingers for its reply (-W, 10 s by default) before the statistics.
  if (!answered && !ctx.interrupted()) await ctx.sleep(Math.min(o.timeoutS, 10) * 1000);
  // `time` runs from the first probe to the last one's reply (or its send when none came).
  stats.elapsedMs = lastSend - start + (answered ? stats.rtts.at(-1) ?? 0 : 0);
  ctx.out(pingStatistics(stats));
  return stats.received > 0 ? 0 : 1;
}

/** `kubectl exec POD -- ping ...`: the pod's namespace is the source (its eth0 address). */
export function pingInPod(ctx: CommandContext, nodeName: string, podKey: string, argv: string[]): Promise<number> | number {
  const net = ctx.world.node(nodeName)?.pods[podKey];
  if (!net) return ctx.err('ping: connect: Network is unreachable\n'), 2;
  return pingRun(ctx, { node: nodeName, pod: podKey }, net.ip, argv.slice(1));
}

export const ping: CommandSpec = {
  name: 'ping',
  summary: 'send ICMP ECHO_REQUEST to network hosts',
  usage: 'ping [-c count] [-i interval] [-s size] [-M do|dont|want] [-W timeout] [-w deadline] [-I interface] [-q] destination',
  run(ctx) {
    const args = ctx.argv.slice(1);
    const target = args.find((a, i) => !a.startsWith('-') && !/^-[cisMWIwtplmQSTFN]$/.test(args[i - 1] ?? ''));
    const dst = target ? hostsResolve(hostsRead(ctx.node), target) : null;
    const iface = args[args.indexOf('-I') + 1];
    let src = dst ? sourceAddress(ctx.node, dst) : ctx.node.ip;
    if (args.includes('-I') && iface) {
      // -I takes an address of this node or an interface name (whose first address is used).
      const link = ctx.node.links.find((l) => l.name === iface);
      const owned = ctx.node.links.some((l) => l.addrs.some((a) => a.cidr.split('/')[0] === iface));
      if (!link && !owned) return ctx.err(`ping: ${/^[\d.]+$/.test(iface) ? 'bind' : `SO_BINDTODEVICE ${iface}`}: ${/^[\d.]+$/.test(iface) ? 'Cannot assign requested address' : 'No such device'}\n`), 2;
      src = owned ? iface : link!.addrs[0]?.cidr.split('/')[0] ?? src;
    }
    return pingRun(ctx, { node: ctx.node.name }, src, args);
  },
  complete(_args, _word, ctx) {
    return [...hostsRead(ctx.node).byName.keys()];
  },
};
