/**
 * Runs parsed command lines: and-or lists, pipelines (each stage's stdout becomes the next
 * stage's stdin), redirects into the node's filesystem, variables and exit statuses.
 */
import type { World } from '../emulator/world';
import { fsRead, fsResolve, fsStat, fsWrite } from '../emulator/fs';
import type { AndOr, Pipeline, Redirect, SimpleCommand } from './parse/parser';
import { parse, ParseError } from './parse/parser';
import { andOrText } from './parse/unparse';
import type { CommandContext, JobControl, RunControl, ShellEffects, ShellState, Timekeeper } from './context';
import { editorOpen, shellNode } from './context';
import { expandWord } from './expand';
import type { ExpandEnv } from './expand';
import { commandLookup } from './registry';

export type Write = (text: string) => void;

export class Interpreter {
  effects: ShellEffects = {};

  constructor(
    private world: World,
    private shell: ShellState,
    private time: Timekeeper,
    private ctl: RunControl,
    private jobs?: JobControl,
    /** Where background jobs write: the terminal, whenever it next shows output. */
    private background?: { out: Write; err: Write },
  ) {}

  /** Run a full command text; returns the exit status of the last command. */
  async run(text: string, out: Write, err: Write, stdoutIsTty = true): Promise<number> {
    let list: AndOr[];
    try {
      list = parse(text);
    } catch (e) {
      if (!(e instanceof ParseError)) throw e;
      err(`bash: ${e.incomplete && e.message.startsWith('here-document') ? 'warning: ' + e.message : e.message}\n`);
      this.shell.lastStatus = 2;
      return 2;
    }
    for (const item of list) {
      if (this.ctl.interrupted) break;
      if (item.background && this.jobs && this.background) {
        this.startJob(item, err);
        continue;
      }
      await this.runItem(item, out, err, stdoutIsTty);
      if (this.effects.closed) break;
    }
    return this.shell.lastStatus;
  }

  private async runItem(item: AndOr, out: Write, err: Write, stdoutIsTty: boolean): Promise<number> {
    let status = await this.pipeline(item.first, out, err, stdoutIsTty);
    this.shell.lastStatus = status;
    for (const { op, pipeline } of item.rest) {
      if ((op === '&&') !== (status === 0)) continue;
      status = await this.pipeline(pipeline, out, err, stdoutIsTty);
      this.shell.lastStatus = status;
    }
    return status;
  }

  /** `cmd &`: bash prints `[1] 13324` and goes on; the job writes to the terminal as it runs. */
  private startJob(item: AndOr, err: Write): void {
    const bg = this.background!;
    const job = this.jobs!.start(andOrText(item), async (ctl) => {
      const sub = new Interpreter(this.world, this.shell, this.time, ctl, this.jobs, bg);
      const saved = this.shell.lastStatus;
      const status = await sub.runItem(item, bg.out, bg.err, true);
      this.shell.lastStatus = saved;
      return ctl.interrupted ? 143 : status;
    });
    err(`[${job.id}] ${job.pid}\n`);
    this.shell.env['!'] = String(job.pid);
    this.shell.lastStatus = 0;
  }

  private async pipeline(p: Pipeline, out: Write, err: Write, stdoutIsTty: boolean): Promise<number> {
    let input = '';
    let status = 0;
    for (let i = 0; i < p.commands.length; i++) {
      const last = i === p.commands.length - 1;
      let captured = '';
      const write: Write = last ? out : (t) => (captured += t);
      status = await this.simple(p.commands[i], input, write, err, last && stdoutIsTty);
      input = captured;
      // Ctrl-C signals the whole pipeline: stages after an interrupted one never run.
      if (this.ctl.interrupted && !last) return 130;
    }
    return p.negate ? (status === 0 ? 1 : 0) : status;
  }

  private expandEnv(): ExpandEnv {
    return {
      vars: this.shell.env,
      lastStatus: this.shell.lastStatus,
      cwd: this.shell.cwd,
      fs: shellNode(this.world, this.shell).fs,
      substitute: async (cmd) => {
        let captured = '';
        await this.run(cmd, (t) => (captured += t), () => {}, false);
        return captured;
      },
    };
  }

  private async simple(cmd: SimpleCommand, stdin: string, out: Write, err: Write, stdoutIsTty: boolean): Promise<number> {
    const env = this.expandEnv();
    const argv: string[] = [];
    for (const w of cmd.words) argv.push(...(await expandWord(w, env)));
    const assigned: Record<string, string> = {};
    for (const a of cmd.assignments) assigned[a.name] = (await expandWord(a.value, env)).join(' ');
    if (argv.length === 0) {
      Object.assign(this.shell.env, assigned);
      return 0;
    }
    const io = await this.redirects(cmd.redirects, stdin, out, err, env);
    if (typeof io === 'number') return io;
    const spec = commandLookup(argv[0], shellNode(this.world, this.shell), this.shell);
    if (!spec.ok) {
      io.err(`${spec.message}\n`);
      io.flush();
      return spec.status;
    }
    const savedEnv = { ...this.shell.env };
    Object.assign(this.shell.env, assigned);
    const ctx: CommandContext = {
      world: this.world,
      node: shellNode(this.world, this.shell),
      shell: this.shell,
      argv,
      version: spec.version,
      stdin: io.stdin,
      stdoutIsTty: stdoutIsTty && !io.redirectedOut,
      out: io.out,
      err: io.err,
      sleep: (ms, wakeIf) => this.time.sleep(ms, this.ctl, wakeIf),
      fastForward: (ms) => (this.time.fastForward ? this.time.fastForward(ms, this.ctl) : this.time.sleep(ms, this.ctl)),
      interrupted: () => this.ctl.interrupted,
      effects: this.effects,
      editor: (file) => editorOpen(this.ctl, file),
      jobs: this.jobs,
      run: (line, o, e) => this.run(line, o, e, false),
    };
    let status: number;
    try {
      status = await spec.command.run(ctx);
    } catch (e) {
      // A bug in a command must never take the terminal down: report it like a crash and go on.
      io.err(`${argv[0]}: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
      status = 1;
    }
    if (Object.keys(assigned).length) {
      for (const k of Object.keys(assigned)) {
        if (k in savedEnv) this.shell.env[k] = savedEnv[k];
        else delete this.shell.env[k];
      }
    }
    io.flush();
    this.world.reconcile();
    // A program that handles SIGINT (tcpdump, ping) chooses its own status; others return 130.
    return status;
  }

  /** Apply redirects: returns the streams the command should use, or an exit status on failure. */
  private async redirects(list: Redirect[], stdin: string, out: Write, err: Write, env: ExpandEnv) {
    let input = stdin;
    const node = shellNode(this.world, this.shell);
    let outTarget: { path: string; append: boolean } | null = null;
    let errTarget: { path: string; append: boolean } | 'stdout' | null = null;
    let outToErr = false;
    for (const r of list) {
      if (r.op === '<<') {
        input = r.heredoc!.expand ? await expandHeredoc(r.heredoc!.body, env) : r.heredoc!.body;
        continue;
      }
      if (r.op === '>&') {
        if (r.fd === 2 && r.dupFd === 1) errTarget = outTarget ?? 'stdout';
        if (r.fd === 1 && r.dupFd === 2) outToErr = true;
        continue;
      }
      const words = await expandWord(r.target!, env);
      if (words.length !== 1) {
        err(`bash: ${r.target!.map((p) => p.text).join('')}: ambiguous redirect\n`);
        return 1;
      }
      const path = fsResolve(this.shell.cwd, words[0]);
      if (path === '/dev/null') {
        // The bit bucket: reads are empty, writes vanish.
        if (r.op === '<') input = '';
        else if (r.fd === 1) {
          outTarget = { path, append: false };
          if (r.dupFd === 2) errTarget = outTarget;
        } else errTarget = { path, append: false };
        continue;
      }
      if (r.op === '<') {
        const content = fsRead(node.fs, path);
        if (content === 'ENOENT' || content === 'ENOTDIR') {
          err(`bash: ${words[0]}: No such file or directory\n`);
          return 1;
        }
        if (content === 'EISDIR') {
          err(`bash: ${words[0]}: Is a directory\n`);
          return 1;
        }
        input = content;
        continue;
      }
      const target = { path, append: r.op === '>>' };
      // Create or truncate now, like open(2) does before the command runs.
      const e = fsWrite(node.fs, path, '', this.world.now, target.append);
      if (e) {
        err(`bash: ${words[0]}: ${e === 'EISDIR' ? 'Is a directory' : e === 'ENOTDIR' ? 'Not a directory' : 'No such file or directory'}\n`);
        return 1;
      }
      if (r.fd === 1) {
        outTarget = target;
        if (r.dupFd === 2) errTarget = target;
      } else errTarget = target;
    }
    // Written through as the command produces it (so `tail` of a growing file works and a
    // long-running command sent to /dev/null keeps nothing).
    const writeFile = (t: { path: string }, text: string) => {
      if (t.path !== '/dev/null' && fsStat(node.fs, t.path)?.type === 'file') fsWrite(node.fs, t.path, text, this.world.now, true);
    };
    const o: Write = outToErr ? err : outTarget ? (t) => writeFile(outTarget!, t) : out;
    const e: Write = errTarget === 'stdout' ? o : errTarget ? (t) => writeFile(errTarget as { path: string }, t) : err;
    return {
      stdin: input,
      out: o,
      err: e,
      redirectedOut: !!outTarget || outToErr,
      flush: () => {},
    };
  }
}

async function expandHeredoc(body: string, env: ExpandEnv): Promise<string> {
  const fields = await expandWord([{ text: body, quote: 'double' }], env);
  return fields.join('');
}
