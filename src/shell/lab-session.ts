/**
 * Everything one student has open: the world, its terminals and the current lab. The worker and
 * the command-line runner both drive this class; it only deals in plain data.
 */
import { World } from '../emulator/world';
import type { ScenarioOptions } from '../emulator/scenarios';
import { fsRead, fsWrite, fsResolve } from '../emulator/fs';
import type { Completion, ExecResult, OutputSink, WorldDigest } from './api';
import type { ShellState, Timekeeper } from './context';
import { Terminal, newShellState } from './terminal';
import { instantTimekeeper, RealtimeTimekeeper } from './timekeeper';
import { complete } from './completion';
import { worldDigest } from './digest';
import type { LabSource, LabView } from '../labs/types';
import { LabRuntime } from '../labs/runtime';

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
}

export class LabSession {
  private terminals = new Map<number, Terminal>();
  private nextId = 1;
  private timekeeper: Timekeeper;
  private realtime: RealtimeTimekeeper | null = null;
  readonly lab: LabRuntime | null;

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
    const world = World.create({ ...options, scenario: lab?.lab.scenario ?? options.scenario, nodes: lab?.lab.nodes ?? options.nodes });
    lab?.setup(world);
    return new LabSession(world, options, lab);
  }

  openTerminal(node = this.world.state.nodes[0].name, shell?: ShellState, id = this.nextId++): number {
    const term = new Terminal(() => this.world, shell ?? newShellState(node), () => this.timekeeper, (n, line, status) => this.lab?.recordCommand(n, line, status, this.world));
    this.terminals.set(id, term);
    this.nextId = Math.max(this.nextId, id + 1);
    return id;
  }

  /** The open terminals in id order, with the node each one is on (after a restore too). */
  terminalList(): { id: number; node: string }[] {
    return [...this.terminals].sort(([a], [b]) => a - b).map(([id, t]) => ({ id, node: t.node }));
  }

  /** A tab the student closed: its shell is dropped, so a restore does not bring it back. */
  closeTerminal(id: number): void {
    this.terminals.get(id)?.interrupt();
    this.terminals.delete(id);
  }

  private term(id: number): Terminal {
    const t = this.terminals.get(id);
    if (!t) throw new Error(`no terminal ${id}`);
    return t;
  }

  prompt(term: number): string {
    return this.term(term).prompt();
  }

  async exec(term: number, line: string, out: OutputSink): Promise<ExecResult> {
    const result = await this.term(term).exec(line, out);
    this.lab?.evaluate(this.world);
    return result;
  }

  interrupt(term: number): void {
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
    return fsWrite(n.fs, fsResolve('/root', path), content, this.world.now) === null;
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

  labView(locale: 'en' | 'zh-CN'): LabView | null {
    return this.lab?.view(locale) ?? null;
  }

  snapshot(): string {
    const saved: SavedSession = {
      world: this.world.snapshot(),
      terminals: [...this.terminals].map(([id, t]) => ({ id, shell: t.shell })),
      lab: this.lab?.save() ?? null,
      options: { ...this.options, labs: undefined } as Omit<SessionOptions, 'labs'>,
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
    return session;
  }
}
