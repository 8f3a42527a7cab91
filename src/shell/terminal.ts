/**
 * One terminal: a shell on a node with its own history, continuation lines (PS2) and Ctrl-C.
 */
import type { World } from '../emulator/world';
import type { ExecResult, OutputSink } from './api';
import type { RunControl, ShellState, Timekeeper } from './context';
import { Interpreter } from './interpreter';
import { parseIsIncomplete } from './parse/parser';

export function newShellState(node: string): ShellState {
  return {
    nodeStack: [node],
    cwd: '/root',
    env: { HOME: '/root', USER: 'root', SHELL: '/bin/bash', PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', PWD: '/root', TERM: 'xterm-256color', LANG: 'C.UTF-8' },
    history: [],
    lastStatus: 0,
  };
}

export class Terminal {
  /** Lines typed so far of a command that is not complete yet (open quote, heredoc, trailing |). */
  private pending: string[] = [];
  private running: RunControl | null = null;

  constructor(
    private world: () => World,
    public shell: ShellState,
    private time: () => Timekeeper,
    /** Told of every command line run, for lab checks on "a command was run". */
    private onCommand: (node: string, line: string, status: number) => void = () => {},
  ) {}

  get node(): string {
    return this.shell.nodeStack[this.shell.nodeStack.length - 1];
  }

  prompt(): string {
    if (this.pending.length) return '> ';
    const dir = this.shell.cwd === '/root' ? '~' : this.shell.cwd.startsWith('/root/') ? '~' + this.shell.cwd.slice(5) : this.shell.cwd;
    return `root@${this.node}:${dir}# `;
  }

  get busy(): boolean {
    return this.running !== null;
  }

  async exec(line: string, sink: OutputSink): Promise<ExecResult> {
    const text = [...this.pending, line].join('\n');
    if (parseIsIncomplete(text) && line !== '\u0004') {
      this.pending.push(line);
      return this.result({});
    }
    this.pending = [];
    if (text.trim() === '') return this.result({});
    this.shell.history.push(text);
    const ctl: RunControl = { interrupted: false, waited: 0 };
    this.running = ctl;
    const interp = new Interpreter(this.world(), this.shell, this.time(), ctl);
    let status: number;
    try {
      status = await interp.run(text, (t) => sink({ stream: 'stdout', text: t }), (t) => sink({ stream: 'stderr', text: t }));
    } catch (e) {
      sink({ stream: 'stderr', text: `bash: internal error: ${e instanceof Error ? e.message : String(e)}\n` });
      status = 1;
    } finally {
      this.running = null;
    }
    if (ctl.interrupted) status = 130;
    this.shell.lastStatus = status;
    this.onCommand(this.node, text, status);
    return this.result(interp.effects, status);
  }

  /** Ctrl-C: interrupt the running command, or discard a half-typed multi-line command. */
  interrupt(): boolean {
    if (this.running) {
      this.running.interrupted = true;
      return true;
    }
    this.pending = [];
    this.shell.lastStatus = 130;
    return false;
  }

  private result(effects: { edit?: ExecResult['edit']; clear?: boolean; closed?: boolean }, exitCode = this.shell.lastStatus): ExecResult {
    return { exitCode, prompt: this.prompt(), node: this.node, ...effects };
  }
}
