/**
 * BusyBox ping (networking/ping.c, v1.36), the ping of the busybox and Alpine images: the same
 * echo requests through the dataplane as iputils' (net/ping.ts), BusyBox's wording — `PING host
 * (ip): 56 data bytes`, `seq=` from 0, `time=` with three decimals, `N packets received`, an
 * integer loss and `round-trip min/avg/max`; ICMP errors are a warning on stderr.
 */
import type { CommandContext } from '../../context';
import type { Endpoint } from '../../../emulator/net/trace';
import { packetSend } from '../../../emulator/net/forward';
import { icmpEcho, ipv4New } from '../../../emulator/net/packet';
import { outcomeOf, payload } from './ping';

export const BUSYBOX_PING_USAGE = `BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.

Usage: ping [OPTIONS] HOST

Send ICMP ECHO_REQUESTs to HOST

	-4,-6		Force IP or IPv6 name resolution
	-c CNT		Send only CNT pings
	-s SIZE		Send SIZE data bytes in packets (default 56)
	-i SECS		Interval
	-A		Ping as soon as reply is received
	-t TTL		Set TTL
	-I IFACE/IP	Source interface or IP address
	-W SEC		Seconds to wait for the first response (default 10)
			(after all -c CNT packets are sent)
	-w SEC		Seconds until ping exits (default:infinite)
			(can exit earlier with -c CNT)
	-q		Quiet, only display output at start/finish
	-p HEXBYTE	Payload pattern
`;

const ICMP_NAMES: Record<number, string> = { 3: 'Destination Unreachable', 11: 'Time Exceeded' };

/** `host` is what was typed, `dst` its address (the caller resolved it), `via` where the probes go (the pod's own address for its loopback). */
export async function busyboxPingRun(ctx: CommandContext, from: Endpoint, srcIp: string, host: string, dst: string, argv: string[], via = dst): Promise<number> {
  let count: number | undefined;
  let size = 56;
  let intervalMs = 1000;
  let waitS = 10;
  let deadlineS: number | undefined;
  let quiet = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const m = /^-([csiWwtIp])(.*)$/.exec(a);
    if (m) {
      const v = m[2] || argv[++i];
      if (v === undefined) return ctx.err(`ping: option requires an argument -- '${m[1]}'\n${BUSYBOX_PING_USAGE}`), 1;
      if (m[1] === 'c') count = Number(v);
      else if (m[1] === 's') size = Number(v);
      else if (m[1] === 'i') intervalMs = Number(v) * 1000;
      else if (m[1] === 'W') waitS = Number(v);
      else if (m[1] === 'w') deadlineS = Number(v);
    } else if (a === '-q') quiet = true;
    else if (a === '-4' || a === '-A') continue;
    else if (a.startsWith('-') && a.length > 1) return ctx.err(`ping: invalid option -- '${a[1]}'\n${BUSYBOX_PING_USAGE}`), 1;
  }
  ctx.out(`PING ${host} (${dst}): ${size} data bytes\n`);
  const id = (ctx.world.now * 7919 + 0x2b) & 0xffff;
  const start = ctx.world.now;
  const rtts: number[] = [];
  let sent = 0;
  let answered = true;
  for (let seq = 0; ; seq++) {
    const sentAt = ctx.world.state.clock.epoch + ctx.world.now;
    const t = packetSend(ctx.world, from, ipv4New({ src: via === dst ? srcIp : via, dst: via, df: false, id: (id + seq * 263) & 0xffff, payload: icmpEcho(8, id, seq, payload(size, sentAt)) }));
    sent++;
    const r = outcomeOf(t, from, id, seq, sentAt, (n) => ctx.world.node(n)?.ip ?? '');
    answered = r.kind === 'reply';
    if (r.kind === 'reply') {
      rtts.push(r.rttMs);
      if (!quiet) ctx.out(`${size + 8} bytes from ${dst}: seq=${seq} ttl=${r.ttl} time=${r.rttMs.toFixed(3)} ms\n`);
    } else if (r.kind === 'error') {
      const type = r.text.startsWith('Time') ? 11 : 3;
      ctx.err(`ping: warning: got ICMP ${type} (${ICMP_NAMES[type]})\n`);
    }
    const done = (count !== undefined && sent >= count) || (deadlineS !== undefined && ctx.world.now - start + intervalMs > deadlineS * 1000);
    if (done || ctx.interrupted()) break;
    await ctx.sleep(intervalMs);
    if (ctx.interrupted()) break;
  }
  if (!answered && !ctx.interrupted()) await ctx.sleep(waitS * 1000);
  const loss = Math.floor(((sent - rtts.length) * 100) / sent);
  let out = `\n--- ${host} ping statistics ---\n${sent} packets transmitted, ${rtts.length} packets received, ${loss}% packet loss\n`;
  if (rtts.length) {
    const avg = rtts.reduce((a, b) => a + b, 0) / rtts.length;
    out += `round-trip min/avg/max = ${[Math.min(...rtts), avg, Math.max(...rtts)].map((x) => x.toFixed(3)).join('/')} ms\n`;
  }
  ctx.out(out);
  return rtts.length ? 0 : 1;
}
