/**
 * Bash's job control for one terminal: `cmd &` runs a command line concurrently; `jobs`, `fg`,
 * `kill %N` and `wait` act on it; finished jobs are reported before the next prompt.
 */
import type { JobControl, JobInfo, RunControl, Timekeeper } from './context';

interface Job extends JobInfo {
  ctl: RunControl;
  done: Promise<number>;
  reported: boolean;
}

/** PIDs look like a node's: counting up from where a freshly booted shell would be. */
const FIRST_PID = 13324;

export class JobTable implements JobControl {
  private jobs: Job[] = [];
  private nextPid = FIRST_PID;

  constructor(private time: () => Timekeeper) {}

  start(text: string, run: (ctl: RunControl) => Promise<number>): JobInfo {
    const id = (this.jobs.length ? Math.max(...this.jobs.map((j) => j.id)) : 0) + 1;
    const ctl: RunControl = { interrupted: false, waited: 0, background: true, parked: false };
    const job = { id, pid: this.nextPid++, text, state: 'Running', status: 0, ctl, reported: false } as Job;
    const time = this.time();
    time.track(ctl, true);
    job.done = run(ctl)
      .catch(() => 1)
      .then((status) => {
        time.track(ctl, false);
        job.status = status;
        job.state = ctl.interrupted ? 'Terminated' : status === 0 ? 'Done' : 'Exit';
        return status;
      });
    this.jobs.push(job);
    return job;
  }

  list(): JobInfo[] {
    return this.jobs.slice();
  }

  marker(id: number): '+' | '-' | ' ' {
    const ids = this.jobs.map((j) => j.id);
    if (id === ids[ids.length - 1]) return '+';
    if (id === ids[ids.length - 2]) return '-';
    return ' ';
  }

  resolve(spec: string | undefined): number | null {
    if (!this.jobs.length) return null;
    if (spec === undefined || spec === '%%' || spec === '%+' || spec === '%') return this.jobs[this.jobs.length - 1].id;
    if (spec === '%-') return this.jobs[this.jobs.length - 2]?.id ?? null;
    const m = /^%(\d+)$/.exec(spec);
    if (m) return this.jobs.some((j) => j.id === Number(m[1])) ? Number(m[1]) : null;
    if (/^\d+$/.test(spec)) return this.jobs.find((j) => j.pid === Number(spec))?.id ?? null;
    return null;
  }

  await(id: number): Promise<number> {
    const job = this.jobs.find((j) => j.id === id);
    return job ? job.done : Promise.resolve(127);
  }

  kill(id: number): void {
    const job = this.jobs.find((j) => j.id === id);
    if (!job || job.state !== 'Running') return;
    job.ctl.interrupted = true;
    this.time().wake?.();
  }

  /** Finished jobs not yet reported, removed from the table as bash does after reporting. */
  takeFinished(ids?: number[]): (JobInfo & { marker: string })[] {
    const out = this.jobs.filter((j) => j.state !== 'Running' && !j.reported && (!ids || ids.includes(j.id)));
    const marked = out.map((j) => ({ id: j.id, pid: j.pid, text: j.text, state: j.state, status: j.status, marker: this.marker(j.id) }));
    for (const j of out) j.reported = true;
    this.jobs = this.jobs.filter((j) => !j.reported);
    return marked;
  }

  /** Interrupt every job (the terminal closes). */
  killAll(): void {
    for (const j of this.jobs) this.kill(j.id);
  }
}

/** `[1]+  Done                    sleep 1` — state left-justified in 24 columns. */
export function jobLine(id: number, marker: string, state: string, text: string): string {
  return `[${id}]${marker}  ${state.padEnd(24)}${text}`;
}

export function jobStateWord(j: JobInfo): string {
  return j.state === 'Exit' ? `Exit ${j.status}` : j.state;
}
