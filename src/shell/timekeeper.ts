/** The two ways a waiting command spends simulated time. */
import type { World } from '../emulator/world';
import type { RunControl, Timekeeper } from './context';

/** The command-line runner's limit: a command that would wait forever is interrupted as by Ctrl-C. */
export const CLI_WAIT_LIMIT_MS = 10 * 60_000;

/** Command line and tests: waiting advances the world at once, in steps so long waits stay interruptible. */
export function instantTimekeeper(world: World, limitMs = CLI_WAIT_LIMIT_MS): Timekeeper {
  return {
    async sleep(ms, ctl) {
      let left = ms;
      while (left > 0 && !ctl.interrupted) {
        const step = Math.min(left, 1000, limitMs - ctl.waited);
        if (step <= 0) {
          ctl.interrupted = true;
          break;
        }
        world.advance(step);
        ctl.waited += step;
        left -= step;
      }
    },
  };
}

/**
 * Browser: the worker's ticker advances the world with the wall clock; a waiting command resolves
 * when the simulated clock reaches its deadline, or at once on Ctrl-C.
 */
export class RealtimeTimekeeper implements Timekeeper {
  private waiters: { until: number; ctl: RunControl; resolve: () => void }[] = [];

  constructor(private world: World) {}

  sleep(ms: number, ctl: RunControl): Promise<void> {
    return new Promise((resolve) => this.waiters.push({ until: this.world.now + ms, ctl, resolve }));
  }

  /** Called after the world advanced or a command was interrupted. */
  wake(): void {
    this.waiters = this.waiters.filter((w) => {
      if (w.ctl.interrupted || this.world.now >= w.until) {
        w.resolve();
        return false;
      }
      return true;
    });
  }
}
