/**
 * Simulated time. Nothing in the emulator reads the wall clock: the world advances this clock,
 * and every timer is a plain-data event in a queue so the whole world can be snapshotted.
 */

export interface SimEvent {
  at: number; // simulated ms
  seq: number; // tie-breaker: events at the same instant run in the order they were scheduled
  type: string;
  data: Record<string, unknown>;
}

export interface ClockState {
  now: number;
  seq: number;
  /** Wall time of simulated ms 0, as epoch ms; lets commands print dates. */
  epoch: number;
  events: SimEvent[];
}

export function clockNew(epoch: number): ClockState {
  return { now: 0, seq: 0, epoch, events: [] };
}

/** Queue an event `delayMs` from now. Returns its sequence number (usable to recognise it). */
export function clockSchedule(
  clock: ClockState,
  delayMs: number,
  type: string,
  data: Record<string, unknown> = {},
): number {
  const ev: SimEvent = { at: clock.now + Math.max(0, delayMs), seq: ++clock.seq, type, data };
  // Binary insertion keeps the queue sorted by (at, seq).
  let lo = 0;
  let hi = clock.events.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const e = clock.events[mid];
    if (e.at < ev.at || (e.at === ev.at && e.seq < ev.seq)) lo = mid + 1;
    else hi = mid;
  }
  clock.events.splice(lo, 0, ev);
  return ev.seq;
}

/** Remove queued events that match. */
export function clockCancel(clock: ClockState, match: (e: SimEvent) => boolean): void {
  clock.events = clock.events.filter((e) => !match(e));
}

/** Pop the next event due at or before `until`, moving `now` to it. */
export function clockNextDue(clock: ClockState, until: number): SimEvent | undefined {
  const ev = clock.events[0];
  if (!ev || ev.at > until) return undefined;
  clock.events.shift();
  clock.now = Math.max(clock.now, ev.at);
  return ev;
}

/** Simulated wall time as a Date. */
export function clockDate(clock: ClockState, atMs = clock.now): Date {
  return new Date(clock.epoch + atMs);
}

/** `HH:MM:SS` in UTC, the way BIRD and tcpdump print times of day (a table prints thousands). */
export function clockTimeOfDay(clock: ClockState, atMs = clock.now): string {
  const t = clock.epoch + atMs;
  if (!Number.isFinite(t)) return clockDate(clock, atMs).toISOString().slice(11, 19);
  const secs = ((Math.floor(t / 1000) % 86400) + 86400) % 86400;
  return `${twoDigits(Math.floor(secs / 3600))}:${twoDigits(Math.floor(secs / 60) % 60)}:${twoDigits(secs % 60)}`;
}

// At module level: a closure made per call cost more than the formatting in a 500-row table.
function twoDigits(n: number): string {
  return (n < 10 ? '0' : '') + n;
}
