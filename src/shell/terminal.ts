/**
 * One terminal: a shell on a node with its own history, continuation lines (PS2) and Ctrl-C.
 */
import type { World } from '../emulator/world';
import type { ExecResult, OutputSink } from './api';
import type { EditorHook, RunControl, ShellState, Timekeeper } from './context';
import { Interpreter } from './interpreter';
import { parseIsIncomplete } from './parse/parser';
import { historyEntry } from './parse/history';
import { JobTable, jobLine, jobStateWord } from './jobs';
import { podPrompt } from './commands/net/pod-shell';

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
  readonly jobs: JobTable;
  /** Where background output goes: the running command's sink, a listener, or a buffer. */
  private activeSink: OutputSink | null = null;
  private listener: OutputSink | null = null;
  private buffered: { stream: 'stdout' | 'stderr'; text: string }[] = [];

  constructor(
    private world: () => World,
    public shell: ShellState,
    private time: () => Timekeeper,
    /** Told of every command line run, for lab checks on "a command was run". */
    private onCommand: (node: string, line: string, status: number) => void = () => {},
  ) {
    this.jobs = new JobTable(time);
  }

  /** A persistent listener for output of background jobs while no command runs (the browser). */
  setListener(sink: OutputSink | null): void {
    this.listener = sink;
    if (sink) this.flushBuffered(sink);
  }

  private backgroundWrite(stream: 'stdout' | 'stderr', text: string): void {
    const sink = this.activeSink ?? this.listener;
    if (sink) sink({ stream, text });
    else this.buffered.push({ stream, text });
  }

  private flushBuffered(sink: OutputSink): void {
    for (const chunk of this.buffered.splice(0)) sink(chunk);
  }

  /** bash reports finished jobs just before the next prompt. */
  private reportFinished(sink: OutputSink): void {
    for (const j of this.jobs.takeFinished()) sink({ stream: 'stdout', text: jobLine(j.id, j.marker, jobStateWord(j), j.text) + '\n' });
  }

  get node(): string {
    return this.shell.nodeStack[this.shell.nodeStack.length - 1];
  }

  prompt(): string {
    if (this.pending.length) return '> ';
    if (this.shell.pod) return podPrompt(this.shell.pod);
    const dir = this.shell.cwd === '/root' ? '~' : this.shell.cwd.startsWith('/root/') ? '~' + this.shell.cwd.slice(5) : this.shell.cwd;
    return `root@${this.node}:${dir}# `;
  }

  get busy(): boolean {
    return this.running !== null;
  }

  /** `editor`: what `kubectl edit` opens while the line runs (absent on the command line). */
  async exec(line: string, sink: OutputSink, editor?: EditorHook): Promise<ExecResult> {
    // Ctrl-D at `> ` ends the input: what was typed runs and meets bash's end-of-file error.
    const eof = line === '\u0004';
    const lines = eof ? this.pending : [...this.pending, line];
    const text = lines.join('\n') + (eof ? '\n' : '');
    if (!eof && parseIsIncomplete(text)) {
      this.pending.push(line);
      return this.result({});
    }
    this.pending = [];
    this.flushBuffered(sink);
    if (text.trim() === '') {
      this.reportFinished(sink);
      return this.result({});
    }
    this.shell.history.push(historyEntry(lines));
    const ctl: RunControl = { interrupted: false, waited: 0, echo: (t) => sink({ stream: 'stdout', text: t }), editor };
    this.running = ctl;
    this.activeSink = sink;
    const background = {
      out: (t: string) => this.backgroundWrite('stdout', t),
      err: (t: string) => this.backgroundWrite('stderr', t),
    };
    const interp = new Interpreter(this.world(), this.shell, this.time(), ctl, this.jobs, background);
    let status: number;
    try {
      status = await interp.run(text, (t) => sink({ stream: 'stdout', text: t }), (t) => sink({ stream: 'stderr', text: t }));
    } catch (e) {
      sink({ stream: 'stderr', text: `bash: internal error: ${e instanceof Error ? e.message : String(e)}\n` });
      status = 1;
    } finally {
      this.running = null;
    }
    await this.time().settle?.();
    this.activeSink = null;
    this.reportFinished(sink);
    this.shell.lastStatus = status;
    this.onCommand(this.node, text, status);
    return this.result(interp.effects, status);
  }

  /** Ctrl-C: interrupt the running command, or discard a half-typed multi-line command. */
  interrupt(): boolean {
    if (this.running) {
      this.running.interrupted = true;
      this.running.onInterrupt?.();
      this.time().wake?.();
      return true;
    }
    this.pending = [];
    this.shell.lastStatus = 130;
    return false;
  }

  private result(effects: { edit?: ExecResult['edit']; download?: ExecResult['download']; clear?: boolean; closed?: boolean }, exitCode = this.shell.lastStatus): ExecResult {
    return { exitCode, prompt: this.prompt(), node: this.node, ...effects };
  }
}
