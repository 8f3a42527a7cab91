/** The two ways waiting commands spend simulated time. */
import type { World } from '../emulator/world';
import type { RunControl, Timekeeper } from './context';

/** The command-line runner's limit: a command that would wait forever is interrupted as by Ctrl-C. */
export const CLI_WAIT_LIMIT_MS = 10 * 60_000;

interface Waiter {
  until: number;
  ctl: RunControl;
  resolve: () => void;
  wakeIf?: () => boolean;
}

function waiterDue(w: Waiter, now: number): boolean {
  return w.ctl.interrupted || now >= w.until || !!w.wakeIf?.();
}

/**
 * Command line and tests: time moves only while the foreground command waits. It advances the
 * world to the earliest deadline of any waiting command (foreground or background job), wakes
 * those due, lets them run until they wait again, and repeats — so `tcpdump … &` followed by
 * `ping` interleave as they would on a node, and the same inputs always give the same output.
 */
export class InstantTimekeeper implements Timekeeper {
  private background: Waiter[] = [];
  private jobs = new Set<RunControl>();

  /** The longest a foreground line may wait (a replay sets it per line). */
  constructor(private world: World, public limitMs = CLI_WAIT_LIMIT_MS) {}

  /** A background job starts or ends: the scheduler waits for running jobs to park. */
  track(ctl: RunControl, running: boolean): void {
    if (running) this.jobs.add(ctl);
    else this.jobs.delete(ctl);
  }

  async sleep(ms: number, ctl: RunControl, wakeIf?: () => boolean): Promise<void> {
    if (ctl.background) {
      if (ctl.interrupted) return;
      ctl.parked = true;
      await new Promise<void>((resolve) => this.background.push({ until: this.world.now + ms, ctl, resolve, wakeIf }));
      ctl.parked = false;
      return;
    }
    // At least a millisecond: a command that waits in a loop must always move time on.
    const until = this.world.now + Math.max(ms, 1);
    await this.settle();
    while (!ctl.interrupted && this.world.now < until) {
      const next = Math.min(until, ...this.background.map((w) => w.until));
      const step = Math.min(next - this.world.now, 1000, this.limitMs - ctl.waited);
      if (step <= 0) {
        ctl.interrupted = true;
        ctl.echo?.('^C');
        break;
      }
      this.world.advance(step);
      ctl.waited += step;
      this.wake();
      await this.settle();
    }
  }

  /** Wake background waiters whose deadline has come (or whose job was killed). */
  wake(): void {
    const due = this.background.filter((w) => waiterDue(w, this.world.now));
    this.background = this.background.filter((w) => !due.includes(w));
    for (const w of due) {
      // Running again from now on: settle() waits until it parks or ends.
      w.ctl.parked = false;
      w.resolve();
    }
  }

  /** Let every running background job reach its next wait (or its end). */
  async settle(): Promise<void> {
    for (let i = 0; i < 10_000; i++) {
      this.wake();
      if (![...this.jobs].some((c) => !c.parked)) return;
      await null;
    }
  }
}

/** The functional form kept for callers that only need a plain Timekeeper. */
export function instantTimekeeper(world: World, limitMs = CLI_WAIT_LIMIT_MS): InstantTimekeeper {
  return new InstantTimekeeper(world, limitMs);
}

/**
 * Browser: the worker's ticker advances the world with the wall clock; a waiting command resolves
 * when the simulated clock reaches its deadline, or at once on Ctrl-C.
 */
export class RealtimeTimekeeper implements Timekeeper {
  private waiters: Waiter[] = [];

  constructor(private world: World) {}

  track(): void {}

  async fastForward(ms: number, ctl: RunControl): Promise<void> {
    if (ctl.interrupted) return;
    this.world.advance(ms);
    this.wake();
  }

  sleep(ms: number, ctl: RunControl, wakeIf?: () => boolean): Promise<void> {
    return new Promise((resolve) => this.waiters.push({ until: this.world.now + ms, ctl, resolve, wakeIf }));
  }

  /** Called after the world advanced or a command was interrupted. */
  wake(): void {
    this.waiters = this.waiters.filter((w) => {
      if (waiterDue(w, this.world.now)) {
        w.resolve();
        return false;
      }
      return true;
    });
  }
}
