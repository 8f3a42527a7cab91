/**
 * Everything one student has open: the world, its terminals and the current lab. The worker and
 * the command-line runner both drive this class; it only deals in plain data.
 */
import { World } from '../emulator/world';
import type { ScenarioOptions } from '../emulator/scenarios';
import { fsRead, fsWrite, fsResolve } from '../emulator/fs';
import type { Completion, ExecResult, OutputSink, WorldDigest } from './api';
import type { EditorHook, ShellState, Timekeeper } from './context';
import { Terminal, newShellState } from './terminal';
import { CLI_WAIT_LIMIT_MS, instantTimekeeper, RealtimeTimekeeper } from './timekeeper';
import { complete } from './completion';
import { worldDigest } from './digest';
import type { CheckSpec, LabSource, LabView } from '../labs/types';
import { LabRuntime, predicateOf } from '../labs/runtime';
import { PREDICATES, translator } from '../labs/checks';
import type { ShareEvent, SharedState } from './share';
import { SHARE_MAX_BYTES } from './share';

export interface SessionOptions extends ScenarioOptions {
  /** 'instant' for the command line and tests; 'realtime' in the browser. */
  time?: 'instant' | 'realtime';
  labs?: LabSource[];
  lab?: string;
  /** Longest simulated wait of one command line under the instant timekeeper (default 10 min). */
  waitLimitMs?: number;
}

interface SavedSession {
  world: string;
  terminals: { id: number; shell: ShellState }[];
  lab: ReturnType<LabRuntime['save']> | null;
  options: Omit<SessionOptions, 'labs'>;
  /** What the terminals did since the start (absent in saves older than share links). */
  log?: ShareEvent[];
}

/** More events than a share link may carry: the log stops and the session can no longer be shared. */
const MAX_LOG_EVENTS = 2000;

export class LabSession {
  private terminals = new Map<number, Terminal>();
  private nextId = 1;
  private timekeeper: Timekeeper;
  private realtime: RealtimeTimekeeper | null = null;
  readonly lab: LabRuntime | null;
  /**
   * Everything that changed the world since it was created (terminals opened and closed, lines
   * typed, files saved), for share links: a fresh session replaying it reaches the same state.
   * Null when it is unknown (a save from an older version) or grew too long.
   */
  private log: ShareEvent[] | null = [];
  /** Resolves once the lab's `setup:` commands have run; `exec` waits for it. */
  ready: Promise<void> = Promise.resolve();

  private constructor(public world: World, private options: SessionOptions, lab: LabRuntime | null) {
    if (options.time === 'realtime') {
      this.realtime = new RealtimeTimekeeper(world);
      this.timekeeper = this.realtime;
    } else this.timekeeper = instantTimekeeper(world, options.waitLimitMs);
    this.lab = lab;
    lab?.attach(world);
  }

  static create(options: SessionOptions = {}): LabSession {
    const source = options.lab ? options.labs?.find((l) => l.id === options.lab) : undefined;
    if (options.lab && !source) throw new Error(`unknown lab: ${options.lab}`);
    const lab = source ? LabRuntime.load(source) : null;
    // A lab picks its scenario and, with `nodes:`, the cluster size.
    const world = World.create({ ...options, scenario: lab?.lab.scenario ?? options.scenario, nodes: lab?.lab.nodes ?? options.nodes, mode: lab ? undefined : options.mode });
    lab?.setup(world);
    const session = new LabSession(world, options, lab);
    const setup = lab?.lab.setup ?? [];
    if (setup.length) session.ready = session.runSetup(setup);
    return session;
  }

  /**
   * A lab's `setup:` (a drill's fault, say): its commands run in a hidden shell on the first node
   * with instant time, before the student's first command and unseen by the lab's checks. The
   * world is deterministic, so the same seed gives every student the same start.
   */
  private async runSetup(lines: string[]): Promise<void> {
    const saved = this.timekeeper;
    this.timekeeper = instantTimekeeper(this.world, this.options.waitLimitMs);
    try {
      const term = new Terminal(() => this.world, newShellState(this.world.state.nodes[0].name), () => this.timekeeper, () => undefined);
      for (const line of lines) await term.exec(line, () => undefined);
    } finally {
      this.timekeeper = saved;
    }
  }

  /** A fresh session replaying a shared state: the same terminals, history and world. */
  static async replay(state: SharedState, options: Pick<SessionOptions, 'labs' | 'time' | 'waitLimitMs'> = {}, upTo = state.events.length): Promise<LabSession> {
    const session = LabSession.create({ ...options, seed: state.seed, scenario: state.scenario, nodes: state.nodes, mode: state.mode, lab: state.lab });
    await session.ready;
    await session.replayEvents(state.events, state.end, upTo);
    return session;
  }

  /**
   * Replays events with instant time: the clock is moved to each event's time first, and a line
   * that was interrupted waits at most as long as it did. `upTo` stops after that many events.
   */
  async replayEvents(events: ShareEvent[], end: number, upTo = events.length): Promise<void> {
    const saved = this.timekeeper;
    const tk = instantTimekeeper(this.world, this.options.waitLimitMs);
    this.timekeeper = tk;
    const moveTo = async (t: number) => {
      if (t > this.world.now) {
        this.world.advance(t - this.world.now);
        tk.wake();
        await tk.settle();
      }
    };
    try {
      for (const e of events.slice(0, upTo)) {
        if (e.k === 'open') {
          this.openTerminal(e.node, undefined, e.term);
        } else if (e.k === 'close') {
          this.closeTerminal(e.term);
        } else if (e.k === 'write') {
          await moveTo(e.at);
          this.writeFile(e.node, e.path, e.content);
        } else {
          if (!this.terminals.has(e.term)) continue;
          await moveTo(e.at);
          tk.limitMs = e.stop !== undefined ? Math.max(1, e.stop) : (this.options.waitLimitMs ?? CLI_WAIT_LIMIT_MS);
          // The editor's answers (kubectl edit) come back in the order they were given.
          const answers = [...(e.edits ?? [])];
          await this.exec(e.term, e.line, () => undefined, e.edits ? async () => answers.shift() ?? null : undefined);
        }
      }
      if (upTo >= events.length) await moveTo(end);
      this.lab?.evaluate(this.world);
    } finally {
      this.timekeeper = saved;
    }
  }

  /** The state as a share link carries it; throws when it cannot be shared. */
  shareState(): SharedState {
    if (!this.log) throw new Error('this session cannot be shared: its history is incomplete (it was saved by an older version, or is too long); reset the lab to start a shareable one');
    const o = this.options;
    return {
      v: 1,
      ...(o.seed !== undefined ? { seed: o.seed } : {}),
      ...(o.lab ? { lab: o.lab } : { ...(o.scenario ? { scenario: o.scenario } : {}), ...(o.nodes ? { nodes: o.nodes } : {}), ...(o.mode ? { mode: o.mode } : {}) }),
      events: this.log.slice(),
      end: this.world.now,
    };
  }

  /** The log's size as JSON: past what a share link may carry it is dropped (and not saved). */
  private logBytes = 0;

  private record(e: ShareEvent): ShareEvent {
    if (this.log) {
      this.logBytes += JSON.stringify(e).length + 1;
      if (this.log.length >= MAX_LOG_EVENTS || this.logBytes > SHARE_MAX_BYTES) this.log = null;
      else this.log.push(e);
    }
    return e;
  }

  openTerminal(node = this.world.state.nodes[0].name, shell?: ShellState, id = this.nextId++): number {
    const term = new Terminal(() => this.world, shell ?? newShellState(node), () => this.timekeeper, (n, line, status) => this.lab?.recordCommand(n, line, status, this.world));
    this.terminals.set(id, term);
    this.nextId = Math.max(this.nextId, id + 1);
    if (!shell) this.record({ k: 'open', term: id, node });
    return id;
  }

  /** The open terminals in id order, with the node each one is on (after a restore too). */
  terminalList(): { id: number; node: string }[] {
    return [...this.terminals].sort(([a], [b]) => a - b).map(([id, t]) => ({ id, node: t.node }));
  }

  /** A tab the student closed: its shell is dropped, so a restore does not bring it back. */
  closeTerminal(id: number): void {
    if (!this.terminals.has(id)) return;
    this.terminals.get(id)?.interrupt();
    this.terminals.delete(id);
    this.record({ k: 'close', term: id });
  }

  private term(id: number): Terminal {
    const t = this.terminals.get(id);
    if (!t) throw new Error(`no terminal ${id}`);
    return t;
  }

  prompt(term: number): string {
    return this.term(term).prompt();
  }

  /** The exec event of each terminal's running line, to note an interruption on it. */
  private running = new Map<number, { e: ShareEvent & { k: 'exec' }; interrupted: boolean }>();

  /**
   * Runs a line in a terminal. `editor` is what `kubectl edit` opens (the page's editor drawer, a
   * test's scripted edit); its answers are logged with the line, so a replay gets them again.
   */
  async exec(term: number, line: string, out: OutputSink, editor?: EditorHook): Promise<ExecResult> {
    await this.ready;
    const t = this.term(term);
    const e = this.record({ k: 'exec', term, line, at: this.world.now }) as ShareEvent & { k: 'exec' };
    const run = { e, interrupted: false };
    this.running.set(term, run);
    const logged: EditorHook | undefined = editor
      ? async (file) => {
          const text = await editor(file);
          if (this.running.get(term) !== run) return text; // the line ended first (Ctrl-C): not part of it
          (e.edits ??= []).push(text);
          this.logBytes += JSON.stringify(text).length + 1;
          return text;
        }
      : undefined;
    try {
      const result = await t.exec(line, out, logged);
      this.lab?.evaluate(this.world);
      return result;
    } finally {
      this.running.delete(term);
      if (run.interrupted) e.stop = this.world.now - e.at;
    }
  }

  interrupt(term: number): void {
    const run = this.running.get(term);
    if (run) run.interrupted = true;
    this.term(term).interrupt();
    this.realtime?.wake();
  }

  complete(term: number, line: string, cursor: number): Completion {
    const t = this.term(term);
    return complete(this.world, t.shell, line, cursor);
  }

  history(term: number): string[] {
    return [...this.term(term).shell.history];
  }

  terminalNode(term: number): string {
    return this.term(term).node;
  }

  readFile(node: string, path: string): string | null {
    const n = this.world.node(node);
    if (!n) return null;
    const c = fsRead(n.fs, fsResolve('/root', path));
    return c === 'ENOENT' || c === 'EISDIR' || c === 'ENOTDIR' ? null : c;
  }

  writeFile(node: string, path: string, content: string): boolean {
    const n = this.world.node(node);
    if (!n) return false;
    const ok = fsWrite(n.fs, fsResolve('/root', path), content, this.world.now) === null;
    if (ok) this.record({ k: 'write', node, path, content, at: this.world.now });
    return ok;
  }

  digest(): WorldDigest {
    return worldDigest(this.world);
  }

  /** Wall-time pacing in the browser: advance the simulated clock and wake waiting commands. */
  tick(ms: number): void {
    this.world.advance(ms);
    this.realtime?.wake();
    this.lab?.evaluate(this.world);
  }

  /**
   * Checks outside any lab (an exam's hands-on tasks) on this world: whether each passes now.
   * An unknown predicate or malformed arguments count as not passed.
   */
  evaluateChecks(checks: CheckSpec[]): boolean[] {
    const commands = this.lab?.save().commands ?? [];
    return checks.map((c) => {
      try {
        const [name, args] = predicateOf(c);
        const p = PREDICATES[name];
        return !!p && p.evaluate(args, { world: this.world, commands }, translator('en')).passed;
      } catch {
        return false;
      }
    });
  }

  labView(locale: 'en' | 'zh-CN'): LabView | null {
    return this.lab?.view(locale) ?? null;
  }

  snapshot(): string {
    const saved: SavedSession = {
      world: this.world.snapshot(),
      terminals: [...this.terminals].map(([id, t]) => ({ id, shell: t.shell })),
      lab: this.lab?.save() ?? null,
      options: { ...this.options, labs: undefined } as Omit<SessionOptions, 'labs'>,
      log: this.log ?? undefined,
    };
    return JSON.stringify(saved);
  }

  static restore(snapshot: string, labs: LabSource[] = []): LabSession {
    const saved = JSON.parse(snapshot) as SavedSession;
    const source = saved.options.lab ? labs.find((l) => l.id === saved.options.lab) : undefined;
    const lab = source ? LabRuntime.load(source) : null;
    if (lab && saved.lab) lab.restore(saved.lab);
    const session = new LabSession(World.restore(saved.world), { ...saved.options, labs }, lab);
    for (const t of saved.terminals) session.openTerminal(undefined, t.shell, t.id);
    session.log = Array.isArray(saved.log) ? saved.log : null;
    session.logBytes = session.log ? JSON.stringify(session.log).length : 0;
    return session;
  }
}
