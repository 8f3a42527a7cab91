/** Message and byte counters of a BGP session, KEEPALIVEs included without an event per keepalive. */
import type { BgpSession, BgpStats } from './bird-types';

const KEEPALIVE_MS = 80_000;
const KEEPALIVE_BYTES = 19;

/** KEEPALIVEs sent (and received) since the session was Established, up to `now` or until they stopped. */
export function sessionKeepalives(s: BgpSession, now: number): number {
  if (s.state !== 'Established') return 0;
  const until = s.rxStoppedAt ?? now;
  return Math.max(0, Math.floor((until - s.establishedAt) / KEEPALIVE_MS));
}

/** Counters as of `now`. */
export function sessionStats(s: BgpSession, now: number): BgpStats {
  const k = sessionKeepalives(s, now);
  return { ...s.stats, msgsIn: s.stats.msgsIn + k, msgsOut: s.stats.msgsOut + k, bytesIn: s.stats.bytesIn + k * KEEPALIVE_BYTES, bytesOut: s.stats.bytesOut + k * KEEPALIVE_BYTES };
}

/** Before a session leaves Established, its keepalives become stored counts. */
export function sessionFoldKeepalives(s: BgpSession, now: number): void {
  const k = sessionKeepalives(s, now);
  s.stats.msgsIn += k;
  s.stats.msgsOut += k;
  s.stats.bytesIn += k * KEEPALIVE_BYTES;
  s.stats.bytesOut += k * KEEPALIVE_BYTES;
}
