/**
 * Runs parsed command lines: and-or lists, pipelines (each stage's stdout becomes the next
 * stage's stdin), redirects into the node's filesystem, variables and exit statuses, and the
 * compound commands (loops, `if`, `case`, subshells, groups, `[[ … ]]`).
 */
import type { World } from '../emulator/world';
import type { NodeState } from '../emulator/state';
import { fsList, fsMkdirP, fsRead, fsResolve, fsStat, fsWrite } from '../emulator/fs';
import { storeGet } from '../emulator/k8s/objects';
import { containerRootfs } from './commands/net/pod-exec';
import { procIsPath, procList, procWriteOpen, procWriteText } from '../emulator/system/procfs';
import type { AndOr, Command, CompoundCommand, CondExpr, FunctionDef, Pipeline, Redirect, SimpleCommand } from './parse/parser';
import { parse, ParseError } from './parse/parser';
import { andOrText } from './parse/unparse';
import type { CommandContext, JobControl, RunControl, ShellEffects, ShellState, Timekeeper } from './context';
import { editorOpen, shellNode } from './context';
import { BadSubstitution, expandPattern, expandRegex, expandWord, patternMatch } from './expand';
import type { ExpandEnv } from './expand';
import { commandLookup } from './registry';
import { onlyReads } from './reads-only';
import { controllersSettled } from '../emulator/k8s/controllers';
import { bashDashC, REMOTE_ENV } from './remote-bash';
import { notFoundMessage } from './command-not-found';
import { ArithError, arithEval } from './arith';
import { TestError, testBinary, testUnary } from './commands/test';

export type Write = (text: string) => void;

/**
 * A line's loops together may run this many iterations; then the line is interrupted as if the
 * student had pressed Ctrl-C (`while true; do echo; done` must not hold the worker forever).
 */
export const LOOP_ITERATION_LIMIT = 10_000;
/** The limit in force; the fuzz test lowers it so its thousands of endless loops end sooner. */
export const loopLimit = { iterations: LOOP_ITERATION_LIMIT };
/** Every so many iterations a loop lets the worker breathe, so Ctrl-C and the ticker get through. */
const YIELD_EVERY = 64;

/** The standard input of a list: `read` consumes it line by line, other commands see what is left. */
interface Stdin {
  rest: string;
}

/** Where a command reads and writes. */
interface Io {
  stdin: Stdin;
  out: Write;
  err: Write;
  tty: boolean;
  /** stdout feeds the next stage of a pipeline (`while true; do …; done | head -2`). */
  piped?: boolean;
}

/** `break N` / `continue N` unwinding to the loop they name. */
class LoopControl {
  constructor(
    public kind: 'break' | 'continue',
    public levels: number,
  ) {}
}

/** `exit` inside `( … )` ends the subshell only. */
class SubshellExit {
  constructor(public status: number) {}
}

/** `set -e`: a command failed where errexit applies; the shell (or subshell) exits with its status. */
class ErrExit {
  constructor(public status: number) {}
}

/** `return [N]` leaving a function or a sourced file. */
class FunctionReturn {
  constructor(public status: number) {}
}

/**
 * How deep functions may call each other: bash's FUNCNEST when it is set, else this (bash itself
 * would recurse until it crashes; the worker must not).
 */
export const FUNCTION_NESTING_LIMIT = 1000;

/** An error bash treats as fatal to the command line (`break x`, `$((1/0))`): the rest is skipped. */
class LineAbort {
  constructor(public status: number) {}
}

/**
 * Yield to the event loop (not just the microtask queue), so a worker hears Ctrl-C and its
 * ticker between loop iterations: setImmediate in Node, a MessageChannel in the browser (a
 * nested setTimeout is clamped to 4 ms there), setTimeout as the last resort.
 */
function macrotask(): Promise<void> {
  const g = globalThis as unknown as {
    setImmediate?: (f: () => void) => unknown;
    MessageChannel?: new () => { port1: { onmessage: (() => void) | null; close(): void }; port2: { postMessage(v: null): void; close(): void } };
    setTimeout?: (f: () => void, ms: number) => unknown;
  };
  return new Promise((resolve) => {
    if (g.setImmediate) g.setImmediate(resolve);
    else if (g.MessageChannel) {
      const ch = new g.MessageChannel();
      ch.port1.onmessage = () => {
        ch.port1.close();
        ch.port2.close();
        resolve();
      };
      ch.port2.postMessage(null);
    } else if (g.setTimeout) g.setTimeout(resolve, 0);
    else resolve();
  });
}

/** Builtins that only read the world: no reconcile after them (loops run them thousands of times). */
const PURE_SHELL = new Set([':', 'true', 'false', 'echo', 'printf', 'test', '[', 'read', 'seq', 'pwd']);

export class Interpreter {
  effects: ShellEffects = {};
  /** Loops entered and not left (`break` outside one is an error). */
  private loopDepth = 0;
  /** The exit status of the last `$(…)` of the simple command being expanded. */
  private substitutionStatus = 0;
  private subshellDepth = 0;
  /** Loop iterations this line has run, against loopLimit. */
  private iterations = 0;
  /** Functions being run, innermost last; each frame keeps what its `local`s hid. */
  private frames: { saved: Record<string, string | undefined> }[] = [];
  /** Files being read by `source`, for `return` outside a function. */
  private sourceDepth = 0;
  /** `$(…)` nesting, for set -x's `++` prefix. */
  private substDepth = 0;
  /** Inside `bash -c` (ssh NODE 'cmd') or a program's own command line (xargs, watch): no interactive handler. */
  private nonInteractive = 0;
  /** Conditions being run (`if`, `while`, `until`, before `&&`/`||`): set -e does not apply there. */
  private errexitExempt = 0;
  /** Nested `run` calls: the outermost is the terminal's line. */
  private runDepth = 0;

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
  async run(text: string, out: Write, err: Write, stdoutIsTty = true, stdin: Stdin = { rest: '' }, sourced = false): Promise<number> {
    this.runDepth++;
    try {
      return await this.runText(text, out, err, stdoutIsTty, stdin);
    } catch (e) {
      if (!(e instanceof ErrExit)) throw e;
      // set -e: a sourced file's failure is the sourcing shell's, a subshell's ends the subshell,
      // a nested line (watch, xargs) just ends; the terminal's own shell exits.
      if (sourced || this.subshellDepth > 0) throw e;
      this.shell.lastStatus = e.status;
      if (this.runDepth === 1) this.errexitLeave(err);
      return e.status;
    } finally {
      this.runDepth--;
    }
  }

  /** The interactive shell exits under set -e: an ssh session ends, the terminal's login closes. */
  private errexitLeave(err: Write): void {
    if (this.shell.pod) return;
    if (this.shell.nodeStack.length > 1) {
      const left = this.shell.nodeStack.pop()!;
      this.shell.cwd = '/root';
      this.shell.options = { ...this.shell.options, errexit: false };
      err(`Connection to ${left} closed.\n`);
      return;
    }
    this.effects.closed = true;
  }

  private async runText(text: string, out: Write, err: Write, stdoutIsTty: boolean, stdin: Stdin): Promise<number> {
    let list: AndOr[];
    try {
      list = parse(text, this.shell.aliases);
    } catch (e) {
      if (!(e instanceof ParseError)) throw e;
      err(`bash: ${e.incomplete && e.message.startsWith('here-document') ? 'warning: ' + e.message : e.message}\n`);
      if (!e.keepStatus) this.shell.lastStatus = 2;
      return this.shell.lastStatus;
    }
    try {
      await this.runList(list, { stdin, out, err, tty: stdoutIsTty });
    } catch (e) {
      if (e instanceof LineAbort) this.shell.lastStatus = e.status;
      else if (e instanceof FunctionReturn && (this.frames.length > 0 || this.sourceDepth > 0)) throw e;
      else if (e instanceof ArithError || e instanceof BadSubstitution) {
        // From a redirect target, a `case` word or a `[[ ]]` operand: the line stops as in bash.
        err(`bash: ${e.message}\n`);
        this.shell.lastStatus = 1;
      }
      // `break` inside `$(…)` or a nested line has no loop of ours to leave.
      else if (!(e instanceof LoopControl) || this.loopDepth > 0) throw e;
    }
    return this.shell.lastStatus;
  }

  /** Items of a list in order; `&` items start as jobs. Stops on Ctrl-C and after `exit`. */
  private async runList(list: AndOr[], io: Io): Promise<number> {
    for (const item of list) {
      if (this.ctl.interrupted || this.effects.closed) break;
      if (item.background && this.jobs && this.background) {
        this.startJob(item, io.err);
        continue;
      }
      await this.runItem(item, io);
    }
    return this.shell.lastStatus;
  }

  private async runItem(item: AndOr, io: Io): Promise<number> {
    // Commands before the last `&&`/`||` are conditions: set -e ignores their failures.
    const finalPipeline = item.rest.length ? item.rest[item.rest.length - 1].pipeline : item.first;
    let last = item.first;
    let status = await (last === finalPipeline ? this.pipeline(last, io) : this.exempt(() => this.pipeline(item.first, io)));
    this.shell.lastStatus = status;
    for (const { op, pipeline } of item.rest) {
      if (this.ctl.interrupted || this.effects.closed) break;
      if ((op === '&&') !== (status === 0)) continue;
      status = await (pipeline === finalPipeline ? this.pipeline(pipeline, io) : this.exempt(() => this.pipeline(pipeline, io)));
      last = pipeline;
      this.shell.lastStatus = status;
    }
    if (status !== 0 && this.shell.options?.errexit && !this.errexitExempt && last === finalPipeline && !last.negate && !this.stopped()) throw new ErrExit(status);
    return status;
  }

  /** `cmd &`: bash prints `[1] 13324` and goes on; the job writes to the terminal as it runs. */
  private startJob(item: AndOr, err: Write): void {
    const bg = this.background!;
    const job = this.jobs!.start(andOrText(item), async (ctl) => {
      // A job is a forked shell: its `cd`, variables and `$?` are its own, so the foreground's
      // `$?` cannot change under it when the job ends.
      const jobShell: ShellState = { ...this.shell, env: { ...this.shell.env }, nodeStack: [...this.shell.nodeStack] };
      const sub = new Interpreter(this.world, jobShell, this.time, ctl, this.jobs, bg);
      let status: number;
      try {
        status = await sub.runItem(item, { stdin: { rest: '' }, out: bg.out, err: bg.err, tty: true });
      } catch (e) {
        if (!(e instanceof LineAbort || e instanceof LoopControl || e instanceof ErrExit)) throw e;
        status = e instanceof LoopControl ? 0 : e.status;
      }
      return ctl.interrupted ? 143 : status;
    });
    err(`[${job.id}] ${job.pid}\n`);
    this.shell.env['!'] = String(job.pid);
    this.shell.lastStatus = 0;
  }

  private async pipeline(p: Pipeline, io: Io): Promise<number> {
    let stdin = io.stdin;
    let status = 0;
    for (let i = 0; i < p.commands.length; i++) {
      const last = i === p.commands.length - 1;
      let captured = '';
      const write: Write = last ? io.out : (t) => (captured += t);
      const cmd = p.commands[i];
      const stageIo: Io = { stdin, out: write, err: io.err, tty: last && io.tty, piped: last ? io.piped : true };
      // A compound stage of a real pipeline runs in a subshell: `… | while read x; do n=$x; done` leaves n alone.
      status = p.commands.length > 1 && cmd.kind !== 'simple' ? await this.subshell(cmd.redirects, [{ first: { negate: false, commands: [{ ...cmd, redirects: [] }] }, rest: [], background: false, text: '' }], stageIo) : await this.command(cmd, stageIo);
      stdin = { rest: captured };
      // Ctrl-C signals the whole pipeline: stages after an interrupted one never run.
      if (this.ctl.interrupted && !last) return 130;
    }
    return p.negate ? (status === 0 ? 1 : 0) : status;
  }

  private command(cmd: Command, io: Io): Promise<number> {
    if (cmd.kind === 'simple') return this.simple(cmd, io);
    if (cmd.kind === 'function') {
      this.shell.functions = { ...this.shell.functions, [cmd.name]: cmd };
      return Promise.resolve(0);
    }
    if (cmd.kind === 'subshell') return this.subshell(cmd.redirects, cmd.body, io);
    return this.compound(cmd, io);
  }

  /** `( list )`: the list runs on a copy of the shell's state; `cd`, variables and `exit` stay inside. */
  private async subshell(redirects: Redirect[], body: AndOr[], io: Io): Promise<number> {
    const streams = await this.redirects(redirects, io.stdin.rest, io.out, io.err, this.expandEnv());
    if (typeof streams === 'number') return streams;
    const leave = this.enterSubshell();
    const savedLoops = this.loopDepth;
    let status: number;
    try {
      status = await this.runList(body, this.streamsIo(streams, io));
    } catch (e) {
      if (e instanceof SubshellExit || e instanceof ErrExit) status = e.status;
      else if (e instanceof LoopControl) status = this.shell.lastStatus;
      else throw e;
    } finally {
      this.loopDepth = savedLoops;
      leave();
    }
    return status;
  }

  /**
   * A subshell (`( … )` or `$(…)`) runs on a copy of the shell's state: its `cd`, variables,
   * functions, aliases, positional parameters, options and ssh hops stay inside it. Returns the
   * way back. State is replaced, never changed in place, so keeping the references restores it.
   */
  private enterSubshell(options?: ShellState['options']): () => void {
    const saved = { cwd: this.shell.cwd, env: this.shell.env, nodeStack: this.shell.nodeStack, functions: this.shell.functions, aliases: this.shell.aliases, positional: this.shell.positional, options: this.shell.options };
    this.shell.env = { ...saved.env };
    this.shell.nodeStack = [...saved.nodeStack];
    this.shell.options = { ...saved.options, ...options };
    this.subshellDepth++;
    return () => {
      this.subshellDepth--;
      Object.assign(this.shell, saved);
    };
  }

  /**
   * `ssh NODE 'LINE'`: the node's `bash -c LINE` (remote-bash.ts), a new process: the login's
   * environment and directory, none of this shell's functions, aliases or options, and an `exit`
   * that ends it alone.
   */
  async remote(node: string, text: string, out: Write, err: Write): Promise<number> {
    const leave = this.enterSubshell({});
    const loops = this.loopDepth;
    this.nonInteractive++;
    Object.assign(this.shell, { nodeStack: [...this.shell.nodeStack, node], cwd: '/root', env: { ...REMOTE_ENV }, functions: {}, aliases: {}, positional: [], options: {} });
    this.loopDepth = 0;
    try {
      return await bashDashC(text, out, err, (piece, o, e) => this.run(piece, o, e, false), () => this.frames.length > 0);
    } catch (e) {
      if (!(e instanceof SubshellExit || e instanceof ErrExit)) throw e;
      return e.status;
    } finally {
      this.nonInteractive--;
      this.loopDepth = loops;
      leave();
    }
  }

  private streamsIo(streams: Streams, io: Io): Io {
    return { stdin: streams.stdinRedirected ? { rest: streams.stdin } : io.stdin, out: streams.out, err: streams.err, tty: io.tty && !streams.redirectedOut, piped: io.piped && !streams.redirectedOut };
  }

  private async compound(cmd: CompoundCommand, outer: Io): Promise<number> {
    const env = this.expandEnv();
    const streams = await this.redirects(cmd.redirects, outer.stdin.rest, outer.out, outer.err, env);
    if (typeof streams === 'number') return streams;
    const io = this.streamsIo(streams, outer);
    switch (cmd.kind) {
      case 'subshell':
        return this.subshell([], cmd.body, io);
      case 'group':
        return this.runList(cmd.body, io);
      case 'if': {
        for (const b of cmd.branches) {
          await this.exempt(() => this.runList(b.cond, io));
          if (this.stopped()) return this.shell.lastStatus;
          if (this.shell.lastStatus === 0) return this.runList(b.body, io);
        }
        return cmd.otherwise ? this.runList(cmd.otherwise, io) : 0;
      }
      case 'for': {
        if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(cmd.name)) {
          io.err(`bash: \`${cmd.name}': not a valid identifier\n`);
          return 1;
        }
        const values: string[] = [];
        if (cmd.words === null) values.push(...(this.shell.positional ?? []));
        else for (const w of cmd.words) values.push(...(await this.expand(w, env)));
        let status = 0;
        for (const v of values) {
          if (!(await this.iterate(io))) break;
          this.shell.env[cmd.name] = v;
          const r = await this.loopBody(cmd.body, io);
          status = this.shell.lastStatus;
          if (r === 'break') break;
        }
        return this.loopEnd(status);
      }
      case 'while':
      case 'until': {
        let status = 0;
        for (;;) {
          if (!(await this.iterate(io))) break;
          this.loopDepth++;
          try {
            await this.exempt(() => this.runList(cmd.cond, io));
          } finally {
            this.loopDepth--;
          }
          if (this.stopped()) return this.shell.lastStatus;
          if ((this.shell.lastStatus === 0) !== (cmd.kind === 'while')) break;
          const r = await this.loopBody(cmd.body, io);
          status = this.shell.lastStatus;
          if (r === 'break') break;
        }
        return this.loopEnd(status);
      }
      case 'case': {
        const subject = await this.expandPlain(cmd.word, env);
        // `;&` runs the next arm's body without testing it; `;;&` goes on testing the next arms.
        let fallThrough = false;
        let status = 0;
        for (const item of cmd.items) {
          let hit = fallThrough;
          for (const p of item.patterns) {
            if (hit) break;
            hit = patternMatch(await expandPattern(p, env), subject);
          }
          if (!hit) continue;
          status = item.body.length ? await this.runList(item.body, io) : 0;
          if (item.next === ';;' || this.stopped()) break;
          fallThrough = item.next === ';&';
        }
        return status;
      }
      case 'arith':
        return (await this.arithCommand(cmd.expr, env, io)) ? 0 : 1;
      case 'cfor': {
        if ((await this.arithCommand(cmd.init, env, io)) === null) return 1;
        let status = 0;
        for (;;) {
          if (!(await this.iterate(io))) break;
          const test = cmd.test.trim() === '' ? 1 : await this.arithCommand(cmd.test, env, io);
          if (test === null) return 1;
          if (test === 0) break;
          const r = await this.loopBody(cmd.body, io);
          status = this.shell.lastStatus;
          if (r === 'break' || this.stopped()) break;
          if ((await this.arithCommand(cmd.step, env, io)) === null) return 1;
        }
        return this.loopEnd(status);
      }
      case 'cond': {
        if (!cmd.expr) return 1;
        try {
          return (await this.cond(cmd.expr, env)) ? 0 : 1;
        } catch (e) {
          if (e instanceof TestError || e instanceof ArithError) {
            io.err(`bash: ${e.message}\n`);
            return e instanceof ArithError ? 1 : 2;
          }
          throw e;
        }
      }
    }
  }

  /** Run a condition: set -e does not end the shell when it fails. */
  private async exempt<T>(f: () => Promise<T>): Promise<T> {
    this.errexitExempt++;
    try {
      return await f();
    } finally {
      this.errexitExempt--;
    }
  }

  /**
   * `(( expr ))` and the parts of `for (( ; ; ))`: the value, or null after an error, which bash
   * reports as `((: …` (parameters in the expression are expanded first).
   */
  private async arithCommand(expr: string, env: ExpandEnv, io: Io): Promise<number | null> {
    try {
      const text = expr.includes('$') ? (await expandWord([{ text: expr, quote: 'double' }], { ...env, noSplit: true })).join('') : expr;
      return arithEval(text, this.shell.env);
    } catch (e) {
      if (!(e instanceof ArithError)) throw e;
      io.err(`bash: ((: ${e.message}\n`);
      return null;
    }
  }

  /** A loop's status: its last body's, or 130 when Ctrl-C ended it (SIGINT kills the loop in bash). */
  private loopEnd(status: number): number {
    if (this.ctl.interrupted) return 130;
    return this.effects.closed ? this.shell.lastStatus : status;
  }

  /** Ctrl-C, `exit` or the end of the terminal: nothing more of the line runs. */
  private stopped(): boolean {
    return this.ctl.interrupted || !!this.effects.closed;
  }

  /** Count one loop iteration; false when the line must stop (Ctrl-C, `exit`, the limit). */
  private async iterate(io: Io): Promise<boolean> {
    if (this.stopped()) return false;
    this.iterations++;
    if (this.iterations % YIELD_EVERY === 0) {
      await macrotask();
      if (this.stopped()) return false;
    }
    if (this.iterations > loopLimit.iterations) {
      // Writing into a pipe, the loop ends the way SIGPIPE ends it once `head` has read enough.
      if (io.piped) return false;
      this.ctl.interrupted = true;
      this.ctl.echo?.('^C');
      this.shell.lastStatus = 130;
      return false;
    }
    return true;
  }

  /** One pass of a loop body; `break`/`continue` for this loop end here, deeper levels go on up. */
  private async loopBody(body: AndOr[], io: Io): Promise<'break' | 'continue' | 'done'> {
    this.loopDepth++;
    try {
      await this.runList(body, io);
      return 'done';
    } catch (e) {
      if (!(e instanceof LoopControl)) throw e;
      if (e.levels > 1) {
        e.levels--;
        throw e;
      }
      return e.kind;
    } finally {
      this.loopDepth--;
    }
  }

  /** `[[ … ]]`: no word splitting or globbing; `==` matches a pattern, `=~` a regular expression. */
  private async cond(e: CondExpr, env: ExpandEnv): Promise<boolean> {
    const testEnv = { node: shellNode(this.world, this.shell), cwd: this.shell.cwd, vars: this.shell.env };
    switch (e.op) {
      case '&&':
        return (await this.cond(e.left, env)) && this.cond(e.right, env);
      case '||':
        return (await this.cond(e.left, env)) || this.cond(e.right, env);
      case '!':
        return !(await this.cond(e.arg, env));
      case 'word':
        return (await this.expandPlain(e.arg, env)) !== '';
      case 'unary':
        return testUnary(e.test, await this.expandPlain(e.arg, env), testEnv);
      case 'binary': {
        const left = await this.expandPlain(e.left, env);
        if (e.test === '==' || e.test === '=' || e.test === '!=') {
          const hit = patternMatch(await expandPattern(e.right, env), left);
          return e.test === '!=' ? !hit : hit;
        }
        if (e.test === '=~') {
          try {
            const m = new RegExp(await expandRegex(e.right, env)).exec(left);
            if (m) this.shell.env.BASH_REMATCH = m[0];
            return !!m;
          } catch {
            return false; // bash returns 2 for a bad regex; close enough for a teaching shell
          }
        }
        const right = await this.expandPlain(e.right, env);
        // Inside [[ ]] the integer operators evaluate their operands as arithmetic.
        return testBinary(e.test, left, right, testEnv, '', (s) => arithEval(s, this.shell.env));
      }
    }
  }

  /** A word expanded without splitting or globbing (`case` subjects, `[[ ]]` operands). */
  private async expandPlain(w: import('./parse/lexer').WordPart[], env: ExpandEnv): Promise<string> {
    return (await expandWord(w, { ...env, noSplit: true })).join(' ');
  }

  private async expand(w: import('./parse/lexer').WordPart[], env: ExpandEnv): Promise<string[]> {
    try {
      return await expandWord(w, env);
    } catch (e) {
      if (e instanceof ArithError || e instanceof BadSubstitution) {
        env.err?.(`bash: ${e.message}\n`);
        throw new LineAbort(1);
      }
      throw e;
    }
  }

  private expandEnv(err?: Write): ExpandEnv {
    const shell = this.shell;
    return {
      vars: this.shell.env,
      // Read when `$?` is expanded: a `$(…)` earlier in the same line has already set it.
      get lastStatus() {
        return shell.lastStatus;
      },
      cwd: this.shell.cwd,
      fs: shellNode(this.world, this.shell).fs,
      // Globs over the node's /proc (`conf/cali*/proxy_arp`) list what system/procfs.ts derives.
      list: (dir) => (this.shell.pod ? null : procList(this.world, shellNode(this.world, this.shell), dir)) ?? fsList(shellNode(this.world, this.shell).fs, dir),
      positional: this.shell.positional ?? [],
      substitute: async (cmd) => {
        let captured = '';
        // `$(…)` is a subshell: a `break` in it has no loop of ours to leave, and its `cd`,
        // assignments and `exit` stay inside it.
        const loops = this.loopDepth;
        // bash does not pass set -e into $(…) (without shopt inherit_errexit).
        const leave = this.enterSubshell({ errexit: false });
        this.loopDepth = 0;
        this.substDepth++;
        try {
          // Only stdout is captured: the command's errors still reach the terminal, as in bash.
          this.substitutionStatus = await this.run(cmd, (t) => (captured += t), err ?? (() => {}), false);
        } catch (e) {
          if (!(e instanceof SubshellExit)) throw e;
          this.substitutionStatus = this.shell.lastStatus = e.status;
        } finally {
          this.substDepth--;
          this.loopDepth = loops;
          leave();
        }
        return captured;
      },
      err,
    };
  }

  private async simple(cmd: SimpleCommand, outer: Io): Promise<number> {
    const env = this.expandEnv(outer.err);
    this.substitutionStatus = 0;
    const argv: string[] = [];
    for (const w of cmd.words) argv.push(...(await this.expand(w, env)));
    const assigned: Record<string, string> = {};
    for (const a of cmd.assignments) assigned[a.name] = (await this.expand(a.value, { ...env, noSplit: true })).join(' ');
    if (this.shell.options?.xtrace) this.trace(assigned, argv, outer.err);
    if (argv.length === 0) {
      Object.assign(this.shell.env, assigned);
      // `x=$(false)` fails: a line of assignments has the status of its last substitution.
      return this.substitutionStatus;
    }
    const streams = await this.redirects(cmd.redirects, outer.stdin.rest, outer.out, outer.err, env);
    if (typeof streams === 'number') return streams;
    const io = streams;
    if (argv[0] === 'break' || argv[0] === 'continue') return this.loopControl(argv, io.err);
    if (argv[0] === 'exit' && this.subshellDepth > 0) {
      const code = argv[1] !== undefined ? Number(argv[1]) & 255 : this.shell.lastStatus;
      throw new SubshellExit(Number.isNaN(code) ? 0 : code);
    }
    if (argv[0] === 'return') return this.returnBuiltin(argv, io.err);
    if (argv[0] === 'local') return this.localBuiltin(argv, io.err);
    // Functions come before builtins and programs, as in bash.
    const fn = this.shell.functions?.[argv[0]];
    if (fn) return this.callFunction(fn, argv, assigned, this.streamsIo(streams, outer));
    if (argv[0] === 'source' || argv[0] === '.') return this.source(argv, assigned, this.streamsIo(streams, outer));
    const spec = commandLookup(argv[0], shellNode(this.world, this.shell), this.shell);
    if (!spec.ok) {
      // On a node, the interactive bash hands an unknown name to Ubuntu's command-not-found.
      io.err(`${this.nonInteractive === 0 && !this.shell.pod ? notFoundMessage(spec.message, argv[0]) : spec.message}\n`);
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
      stdoutIsTty: outer.tty && !io.redirectedOut,
      out: io.out,
      err: io.err,
      sleep: (ms, wakeIf) => this.time.sleep(ms, this.ctl, wakeIf),
      // `sleep` jumps the clock, except inside a loop: `while …; do curl …; sleep 1; done` shows
      // one line a second in the browser, and Ctrl-C reaches it between the waits.
      fastForward: (ms) => (this.time.fastForward && this.loopDepth === 0 ? this.time.fastForward(ms, this.ctl) : this.time.sleep(ms, this.ctl)),
      interrupted: () => this.ctl.interrupted,
      effects: this.effects,
      editor: (file) => editorOpen(this.ctl, file),
      jobs: this.jobs,
      run: async (line, o, e) => {
        this.nonInteractive++;
        try {
          return await this.run(line, o, e, false);
        } finally {
          this.nonInteractive--;
        }
      },
      remote: (node, line, o, e) => this.remote(node, line, o, e),
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
    // `read` takes its line from the list's input; the next `read` gets the line after it.
    if (spec.command.name === 'read' && !io.stdinRedirected) {
      const nl = outer.stdin.rest.indexOf('\n');
      outer.stdin.rest = nl < 0 ? '' : outer.stdin.rest.slice(nl + 1);
    }
    // A command that only looked, on a world already settled, leaves nothing to reconcile.
    if (!PURE_SHELL.has(spec.command.name) && !(cmd.redirects.length === 0 && onlyReads(spec.command.name, argv.slice(1)) && controllersSettled(this.world))) this.world.reconcile();
    // A program that handles SIGINT (tcpdump, ping) chooses its own status; others return 130.
    return status;
  }

  /** set -x: `+ cmd args` on stderr, words quoted the way bash quotes them; `++` inside `$(…)`. */
  private trace(assigned: Record<string, string>, argv: string[], err: Write): void {
    const prefix = '+'.repeat(this.substDepth + 1) + ' ';
    for (const [k, v] of Object.entries(assigned)) err(`${prefix}${k}=${traceQuote(v)}\n`);
    if (argv.length) err(prefix + argv.map(traceQuote).join(' ') + '\n');
  }

  /**
   * Run a shell function: its arguments become `$1…`, its `local`s are undone when it returns,
   * and a call past the nesting limit abandons the line as bash does with FUNCNEST. Each call
   * counts against the line's iteration budget, so recursion cannot hold the worker either.
   */
  private async callFunction(fn: FunctionDef, argv: string[], assigned: Record<string, string>, io: Io): Promise<number> {
    const funcnest = Number(this.shell.env.FUNCNEST);
    const limit = Number.isInteger(funcnest) && funcnest > 0 ? funcnest : FUNCTION_NESTING_LIMIT;
    if (this.frames.length >= limit) {
      io.err(`bash: ${fn.name}: maximum function nesting level exceeded (${this.frames.length})\n`);
      throw new LineAbort(1);
    }
    if (!(await this.iterate(io))) return this.ctl.interrupted ? 130 : this.shell.lastStatus;
    const savedPositional = this.shell.positional;
    this.shell.positional = argv.slice(1);
    // `X=1 f` gives the function X for the call only, like a local.
    const frame = { saved: {} as Record<string, string | undefined> };
    for (const [k, v] of Object.entries(assigned)) {
      frame.saved[k] = this.shell.env[k];
      this.shell.env[k] = v;
    }
    this.frames.push(frame);
    const loops = this.loopDepth;
    this.loopDepth = 0;
    let status: number;
    try {
      status = await this.command(fn.body, io);
    } catch (e) {
      if (!(e instanceof FunctionReturn)) throw e;
      status = e.status;
    } finally {
      this.loopDepth = loops;
      this.frames.pop();
      this.shell.positional = savedPositional;
      for (const [k, v] of Object.entries(frame.saved)) {
        if (v === undefined) delete this.shell.env[k];
        else this.shell.env[k] = v;
      }
    }
    return status;
  }

  /** `return [N]`: leave the function (or sourced file) with N, or with `$?`. */
  private returnBuiltin(argv: string[], err: Write): number {
    if (this.frames.length === 0 && this.sourceDepth === 0) {
      err("bash: return: can only `return' from a function or sourced script\n");
      return 2;
    }
    const arg = argv[1];
    let status = this.shell.lastStatus;
    if (arg !== undefined) {
      if (!/^\s*[-+]?\d+\s*$/.test(arg)) {
        err(`bash: return: ${arg}: numeric argument required\n`);
        status = 2;
      } else status = Number(arg) & 255;
    }
    throw new FunctionReturn(status);
  }

  /** `local NAME[=VALUE]…`: the variable is the function's until it returns. */
  private localBuiltin(argv: string[], err: Write): number {
    const frame = this.frames.at(-1);
    if (!frame) {
      err('bash: local: can only be used in a function\n');
      return 1;
    }
    let status = 0;
    for (const a of argv.slice(1)) {
      const m = /^([A-Za-z_][A-Za-z0-9_]*)(?:=([\s\S]*))?$/.exec(a);
      if (!m) {
        err(`bash: local: \`${a}': not a valid identifier\n`);
        status = 1;
        continue;
      }
      if (!(m[1] in frame.saved)) frame.saved[m[1]] = this.shell.env[m[1]];
      if (m[2] !== undefined) this.shell.env[m[1]] = m[2];
      else delete this.shell.env[m[1]];
    }
    return status;
  }

  /** `source FILE [ARGS]` / `. FILE`: the file's lines run in this shell; `return` ends it. */
  private async source(argv: string[], assigned: Record<string, string>, io: Io): Promise<number> {
    const name = argv[0];
    const file = argv[1];
    if (file === undefined) {
      io.err(`bash: ${name}: filename argument required\n${name}: usage: ${name} filename [arguments]\n`);
      return 2;
    }
    const node = shellNode(this.world, this.shell);
    // Without a slash bash looks on $PATH first, then in the current directory.
    const candidates = file.includes('/') ? [fsResolve(this.shell.cwd, file)] : [...(this.shell.env.PATH ?? '').split(':').filter(Boolean).map((d) => `${d}/${file}`), fsResolve(this.shell.cwd, file)];
    const path = candidates.find((c) => fsStat(node.fs, c)?.type === 'file') ?? candidates.at(-1)!;
    const text = fsRead(node.fs, path);
    if (text === 'EISDIR') {
      io.err(`bash: ${name}: ${file}: is a directory\n`);
      return 1;
    }
    if (text === 'ENOENT' || text === 'ENOTDIR' || text === 'EEXIST') {
      io.err(`bash: ${file}: No such file or directory\n`);
      return 1;
    }
    const savedPositional = this.shell.positional;
    if (argv.length > 2) this.shell.positional = argv.slice(2);
    const savedEnv: Record<string, string | undefined> = {};
    for (const [k, v] of Object.entries(assigned)) {
      savedEnv[k] = this.shell.env[k];
      this.shell.env[k] = v;
    }
    this.sourceDepth++;
    try {
      await this.run(text, io.out, io.err, io.tty, io.stdin, true);
    } catch (e) {
      if (!(e instanceof FunctionReturn)) throw e;
      this.shell.lastStatus = e.status;
    } finally {
      this.sourceDepth--;
      if (argv.length > 2) this.shell.positional = savedPositional;
      for (const [k, v] of Object.entries(savedEnv)) {
        if (v === undefined) delete this.shell.env[k];
        else this.shell.env[k] = v;
      }
    }
    return this.shell.lastStatus;
  }

  /** `break [N]` and `continue [N]`: unwind to the N-th enclosing loop (all of them if fewer). */
  private loopControl(argv: string[], err: Write): number {
    const name = argv[0] as 'break' | 'continue';
    const arg = argv[1];
    let levels = 1;
    if (arg !== undefined) {
      if (!/^\s*[-+]?\d+\s*$/.test(arg)) {
        err(`bash: ${name}: ${arg}: numeric argument required\n`);
        throw new LineAbort(128);
      }
      levels = Number(arg);
      if (levels < 1) {
        err(`bash: ${name}: ${arg}: loop count out of range\n`);
        return 1;
      }
    }
    if (this.loopDepth === 0) {
      err(`bash: ${name}: only meaningful in a \`for', \`while', or \`until' loop\n`);
      return 0;
    }
    this.shell.lastStatus = 0;
    throw new LoopControl(name, Math.min(levels, this.loopDepth));
  }

  /**
   * Where a redirect's file lives: the node the shell is on, or, in a pod's shell, the container's
   * root filesystem on the pod's node (relative to the pod shell's own directory).
   */
  private filePlace(): { node: NodeState; root: string; cwd: string } {
    const sess = this.shell.pod;
    const pod = sess && storeGet(this.world.state.api, 'Pod', sess.namespace, sess.name);
    const podNode = sess && this.world.node(sess.node);
    if (sess && pod && podNode) return { node: podNode, root: containerRootfs(pod, sess.container), cwd: sess.cwd };
    return { node: shellNode(this.world, this.shell), root: '', cwd: this.shell.cwd };
  }

  /** Apply redirects: returns the streams the command should use, or an exit status on failure. */
  private async redirects(list: Redirect[], stdin: string, out: Write, err: Write, env: ExpandEnv): Promise<Streams | number> {
    let input = stdin;
    let stdinRedirected = false;
    const { node, root, cwd } = this.filePlace();
    let outTarget: { path: string; append: boolean } | null = null;
    let errTarget: { path: string; append: boolean } | 'stdout' | null = null;
    let outToErr = false;
    for (const r of list) {
      if (r.op === '<<') {
        input = r.heredoc!.expand ? await expandHeredoc(r.heredoc!.body, env) : r.heredoc!.body;
        stdinRedirected = true;
        continue;
      }
      if (r.op === '<<<') {
        input = (await expandWord(r.target!, { ...env, noSplit: true })).join(' ') + '\n';
        stdinRedirected = true;
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
      const seen = fsResolve(cwd, words[0]);
      const path = root + seen;
      if (seen === '/dev/null') {
        // The bit bucket: reads are empty, writes vanish.
        if (r.op === '<') {
          input = '';
          stdinRedirected = true;
        }
        else if (r.fd === 1) {
          outTarget = { path, append: false };
          if (r.dupFd === 2) errTarget = outTarget;
        } else errTarget = { path, append: false };
        continue;
      }
      if (r.op === '<') {
        const content = fsRead(node.fs, path);
        if (content === 'ENOENT' || content === 'ENOTDIR') {
          const sh = this.shell.pod?.shell;
          // BusyBox ash and dash word it their own way (checked with busybox 1.35 and dash 0.5.12; dash fails with 2).
          err(sh === 'ash' ? `sh: can't open ${words[0]}: no such file\n` : sh === 'dash' ? `sh: 1: cannot open ${words[0]}: No such file\n` : `bash: ${words[0]}: No such file or directory\n`);
          return sh === 'dash' ? 2 : 1;
        }
        if (content === 'EISDIR') {
          err(`bash: ${words[0]}: Is a directory\n`);
          return 1;
        }
        input = content;
        stdinRedirected = true;
        continue;
      }
      const target = { path, append: r.op === '>>' };
      // The image's own directories exist in a container's root filesystem before anything is written there.
      const parent = seen.slice(0, seen.lastIndexOf('/')) || '/';
      if (root && IMAGE_DIRS.includes(parent)) fsMkdirP(node.fs, root + parent, this.world.now);
      // /proc is the kernel's: only /proc/sys files open for writing, and nothing is created there.
      const e = !root && procIsPath(path) ? procWriteOpen(this.world, node, path) : fsWrite(node.fs, path, '', this.world.now, target.append);
      if (e === 'EACCES') {
        err(`bash: ${words[0]}: Permission denied\n`);
        return 1;
      }
      const sh = this.shell.pod?.shell;
      if (e === 'ENOENT' && (sh === 'ash' || sh === 'dash')) {
        err(sh === 'ash' ? `sh: can't create ${words[0]}: nonexistent directory\n` : `sh: 1: cannot create ${words[0]}: Directory nonexistent\n`);
        return sh === 'dash' ? 2 : 1;
      }
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
      if (!root && procIsPath(t.path)) procWriteText(node, t.path, text);
      else if (t.path !== '/dev/null' && fsStat(node.fs, t.path)?.type === 'file') fsWrite(node.fs, t.path, text, this.world.now, true);
    };
    const o: Write = outToErr ? err : outTarget ? (t) => writeFile(outTarget!, t) : out;
    const e: Write = errTarget === 'stdout' ? o : errTarget ? (t) => writeFile(errTarget as { path: string }, t) : err;
    return {
      stdin: input,
      stdinRedirected,
      out: o,
      err: e,
      redirectedOut: !!outTarget || outToErr,
      flush: () => {},
    };
  }
}

/** Directories every image's root filesystem has, so `> /tmp/x` works in a fresh container. */
const IMAGE_DIRS = ['/', '/tmp', '/root', '/etc', '/var', '/var/tmp', '/home', '/usr/share/nginx/html'];

/** The streams a command runs with once its redirects are applied. */
interface Streams {
  stdin: string;
  /** True when `<`, `<<` or `< /dev/null` replaced the list's input for this command. */
  stdinRedirected: boolean;
  out: Write;
  err: Write;
  redirectedOut: boolean;
  flush(): void;
}

/** A word as set -x shows it: bare when plain, else in single quotes (`'it'\\''s'`). */
function traceQuote(w: string): string {
  if (w !== '' && !/[\s'"\\|&;()<>!{}*[\]?^$`~#]/.test(w)) return w;
  return "'" + w.replace(/'/g, "'\\''") + "'";
}

async function expandHeredoc(body: string, env: ExpandEnv): Promise<string> {
  const fields = await expandWord([{ text: body, quote: 'double' }], env);
  return fields.join('');
}
