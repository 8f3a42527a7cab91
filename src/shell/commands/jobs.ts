/** Job control builtins: jobs, fg, kill, wait (bash's wording; reference linux-and-kubectl §5). */
import type { CommandContext, CommandSpec, JobControl } from '../context';
import { jobLine, jobStateWord } from '../jobs';
import { fail } from './builtins';

function table(ctx: CommandContext): JobControl | null {
  return ctx.jobs ?? null;
}

const jobsCmd: CommandSpec = {
  name: 'jobs',
  summary: 'display status of jobs',
  run(ctx) {
    const jobs = table(ctx);
    if (!jobs) return 0;
    const long = ctx.argv.includes('-l');
    for (const j of jobs.list()) {
      const state = j.state === 'Running' ? 'Running' : jobStateWord(j);
      const text = j.state === 'Running' ? `${j.text} &` : j.text;
      ctx.out(long ? `[${j.id}]${jobs.marker(j.id)} ${j.pid} ${state.padEnd(24)}${text}\n` : jobLine(j.id, jobs.marker(j.id), state, text) + '\n');
    }
    jobs.takeFinished();
    return 0;
  },
};

/** Wait for a job while letting simulated time move, so it can progress; Ctrl-C stops it. */
async function waitFor(ctx: CommandContext, jobs: JobControl, id: number, foreground: boolean): Promise<number> {
  let done = false;
  let status = 0;
  void jobs.await(id).then((s) => {
    done = true;
    status = s;
  });
  while (!done) {
    if (ctx.interrupted()) {
      // Ctrl-C reaches the foreground job only: `fg` passes it on, `wait` just stops waiting.
      if (!foreground) return 130;
      jobs.kill(id);
      await jobs.await(id);
      return 130;
    }
    await ctx.sleep(200);
    await null;
  }
  return status;
}

const fg: CommandSpec = {
  name: 'fg',
  summary: 'move a job to the foreground',
  async run(ctx) {
    const jobs = table(ctx);
    const spec = ctx.argv[1];
    const id = jobs?.resolve(spec) ?? null;
    if (!jobs || id === null) return fail(ctx, `bash: fg: ${spec ?? 'current'}: no such job`, 1);
    const job = jobs.list().find((j) => j.id === id)!;
    ctx.out(job.text + '\n');
    const status = await waitFor(ctx, jobs, id, true);
    jobs.takeFinished([id]);
    return status;
  },
};

const wait: CommandSpec = {
  name: 'wait',
  summary: 'wait for jobs to finish',
  async run(ctx) {
    const jobs = table(ctx);
    if (!jobs) return 0;
    const specs = ctx.argv.slice(1);
    const ids = specs.length ? specs.map((s) => jobs.resolve(s)) : jobs.list().map((j) => j.id);
    let status = 0;
    for (let k = 0; k < ids.length; k++) {
      const id = ids[k];
      if (id === null) {
        ctx.err(`bash: wait: ${specs[k]}: no such job\n`);
        status = 127;
        continue;
      }
      status = await waitFor(ctx, jobs, id, false);
      if (ctx.interrupted()) break;
    }
    // Interactive bash reports each job it reaped ("[1]+  Exit 3  ..."), named or not.
    const reaped = specs.length ? ids.filter((id): id is number => id !== null) : undefined;
    for (const j of jobs.takeFinished(reaped)) ctx.out(jobLine(j.id, j.marker, jobStateWord(j), j.text) + '\n');
    // A bare `wait` returns 0 whatever the jobs returned (bash's manual); `wait ID` returns ID's.
    return specs.length ? status : 0;
  },
};

const kill: CommandSpec = {
  name: 'kill',
  summary: 'send a signal to a job or process',
  run(ctx) {
    const args = ctx.argv.slice(1).filter((a) => !/^-(\d+|[A-Z]+|s)$/.test(a));
    if (args.length === 0) return fail(ctx, 'kill: usage: kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... or kill -l [sigspec]', 2);
    const jobs = table(ctx);
    let status = 0;
    for (const a of args) {
      const id = jobs?.resolve(a) ?? null;
      if (id !== null && jobs) jobs.kill(id);
      else if (a.startsWith('%')) {
        ctx.err(`bash: kill: ${a}: no such job\n`);
        status = 1;
      } else if (/^\d+$/.test(a)) {
        ctx.err(`bash: kill: (${a}) - No such process\n`);
        status = 1;
      } else {
        ctx.err(`bash: kill: ${a}: arguments must be process or job IDs\n`);
        status = 1;
      }
    }
    return status;
  },
};

export const jobCommands: CommandSpec[] = [jobsCmd, fg, wait, kill];
