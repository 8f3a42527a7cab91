/** connect(2) as curl and nc see it: SYN retransmissions on Linux's schedule, then the outcome. */
import type { CommandContext } from '../../context';
import type { Endpoint } from '../../../emulator/net/trace';
import { TcpSession } from '../../../emulator/net/tcp-session';

/** tcp_syn_retries = 6: retransmissions 1, 3, 7, 15, 31 and 63 s after the first SYN, ETIMEDOUT at 127 s. */
const SYN_AT = [0, 1000, 3000, 7000, 15000, 31000, 63000];
const SYN_GIVE_UP = 127000;

export type Connected =
  | { kind: 'established'; session: TcpSession; elapsedMs: number }
  | { kind: 'refused' | 'unreachable' | 'timeout' | 'kernel-timeout' | 'interrupted' | 'local-error'; session: TcpSession; elapsedMs: number; errno?: string };

/** Connect, waiting in simulated time; `timeoutMs` is the program's own limit (curl --connect-timeout, nc -w). */
export async function tcpConnect(ctx: CommandContext, from: Endpoint, srcIp: string, dstIp: string, port: number, timeoutMs?: number): Promise<Connected> {
  const session = new TcpSession(ctx.world, from, srcIp, dstIp, port);
  const start = ctx.world.now;
  const elapsed = () => ctx.world.now - start + session.aheadMs();
  for (let i = 0; ; i++) {
    const o = session.syn();
    if (o.kind === 'established' || o.kind === 'refused') {
      const elapsedMs = ctx.world.now - start + session.aheadMs();
      await ctx.sleep(session.aheadMs());
      return { kind: o.kind, session, elapsedMs };
    }
    if (o.kind === 'unreachable') {
      // tcp_v4_err in SYN-SENT: icmp_err_convert turns port unreachable (REJECT's default) into
      // ECONNREFUSED, net unreachable/prohibited into ENETUNREACH, the rest into EHOSTUNREACH.
      if (o.code === 3) return { kind: 'refused', session, elapsedMs: elapsed() };
      if (o.code === 0 || o.code === 9) return { kind: 'local-error', session, elapsedMs: elapsed(), errno: 'ENETUNREACH' };
      return { kind: 'unreachable', session, elapsedMs: elapsed() };
    }
    if (o.kind === 'local-error') return { kind: 'local-error', session, elapsedMs: 0, errno: o.errno };
    const next = i + 1 < SYN_AT.length ? SYN_AT[i + 1] : SYN_GIVE_UP;
    const limit = Math.min(next, timeoutMs ?? Infinity);
    await ctx.sleep(Math.max(0, limit - (ctx.world.now - start)));
    if (ctx.interrupted()) return { kind: 'interrupted', session, elapsedMs: ctx.world.now - start };
    if (timeoutMs !== undefined && ctx.world.now - start >= timeoutMs) return { kind: 'timeout', session, elapsedMs: ctx.world.now - start };
    if (next === SYN_GIVE_UP) return { kind: 'kernel-timeout', session, elapsedMs: ctx.world.now - start };
  }
}

/**
 * Let an established conversation run in simulated time: sleep to where it has got, and run what
 * it waits for — a retransmission on the RTO, a server that answers later — when that is due.
 * Ends when nothing waits, at `deadline` (world ms: curl -m), or on Ctrl-C.
 */
export async function tcpDrive(ctx: CommandContext, s: TcpSession, deadline?: number): Promise<'done' | 'deadline' | 'interrupted'> {
  for (;;) {
    if (!s.pending) {
      await ctx.sleep(s.aheadMs());
      return ctx.interrupted() ? 'interrupted' : 'done';
    }
    const wait = Math.max(0, s.pending.at - (ctx.world.state.clock.epoch + ctx.world.now));
    if (deadline !== undefined && ctx.world.now + wait > deadline) {
      await ctx.sleep(Math.max(0, deadline - ctx.world.now));
      return ctx.interrupted() ? 'interrupted' : 'deadline';
    }
    await ctx.sleep(wait);
    if (ctx.interrupted()) return 'interrupted';
    s.runPending();
  }
}
