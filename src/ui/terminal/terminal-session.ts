/**
 * One xterm.js instance bound to one shell terminal in the worker. Line editing happens here,
 * locally, so typing never waits for the worker; Enter sends the whole line.
 */
import { Terminal, type ITheme } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import type { EditorFile, ExecResult, OutputChunk } from '../../worker/protocol';
import { WorkerRestartedError, type WorkerClient } from '../worker-client.svelte';
import { HistoryCursor, LineBuffer, lineEdits } from './line-buffer';
import { keyAction, pasteLines, type KeyAction } from './key-map';
import { moveBelowSequence, redrawSequence } from './line-view';
import { commonPrefix, formatColumns } from './completion';
import { terminalThemeFor } from './theme';
import { theme } from '../theme.svelte';
import { OutputMap, nodeOfPrompt, type ExplainHover } from './output-explain';
import { screenFits, type SavedScreen } from './screen-store';

type Shell = Pick<WorkerClient, 'exec' | 'interrupt' | 'complete' | 'history' | 'prompt'>;

export interface TerminalEvents {
  onResult(result: ExecResult): void;
  /** The pointer is over an output line (or left it): the page shows its explanation. */
  onExplain?(hover: ExplainHover | null): void;
  /** A command (kubectl edit) opens the editor and waits: resolves with the text once it is closed. */
  onEdit?(file: EditorFile): Promise<string | null>;
}

export class TerminalSession {
  readonly term: Terminal;
  #fit = new FitAddon();
  #line = new LineBuffer();
  #history = new HistoryCursor();
  #prompt = '';
  #offset = 0; // cells from the prompt's start to the cursor
  #busy = false;
  #typeahead: string[] = [];
  #interrupted = false;
  /** Which command printed which lines, for hover explanations. */
  #outputs: OutputMap;
  #opened!: () => void;
  /** Resolves once the first prompt is on screen; commands typed for us wait for it. */
  readonly ready = new Promise<void>((r) => (this.#opened = r));

  constructor(
    private shell: Shell,
    readonly id: number,
    private events: TerminalEvents,
  ) {
    this.term = new Terminal({
      cursorBlink: true,
      fontFamily: '"DejaVu Sans Mono", "Cascadia Mono", Menlo, Consolas, monospace',
      fontSize: theme.terminalFontSize,
      scrollback: 5000,
      theme: terminalThemeFor(theme.current),
    });
    this.term.loadAddon(this.#fit);
    this.#outputs = new OutputMap(this.term, (h) => this.events.onExplain?.(h));
    this.term.onData((d) => this.#input(d));
    this.term.attachCustomKeyEventHandler((e) => this.#browserKeys(e));
  }

  /** Copy and paste belong to the browser; returning false makes xterm leave the key alone. */
  #browserKeys(e: KeyboardEvent): boolean {
    if (e.type !== 'keydown' || !e.ctrlKey) return true;
    const key = e.key.toLowerCase();
    if (key === 'v') return false;
    if (key === 'c' && (e.shiftKey || this.term.hasSelection())) return false;
    return true;
  }

  /** The shell's prompt and history as the tab that opened it just asked for them: `open` need not ask again. */
  known: { prompt: string; history: string[] } | null = null;

  /** The screen an earlier page saved for this shell (screen-store.ts), written back on open if it fits. */
  savedScreen: SavedScreen | null = null;

  async open(host: HTMLElement): Promise<void> {
    this.term.open(host);
    this.fit();
    const known = this.known;
    this.known = null;
    const [prompt, history] = known ? [known.prompt, known.history] : await Promise.all([this.shell.prompt(this.id), this.shell.history(this.id)]);
    this.#prompt = prompt;
    this.#history.reset(history);
    if (this.savedScreen && screenFits(this.savedScreen, this.#history.entries)) await this.#outputs.restore(this.savedScreen);
    this.savedScreen = null;
    this.#showPrompt();
    this.#opened();
  }

  /** The screen to save: its text, the command outputs in it, and the history it goes with. */
  screen(): SavedScreen {
    if (this.savedScreen) return this.savedScreen; // not on screen yet: keep what was saved
    const entries = this.#history.entries;
    return { ...this.#outputs.capture(), historyLength: entries.length, lastCommand: entries.at(-1) ?? '' };
  }

  /** Resizes to the host element; a hidden tab has no size and is left alone. */
  fit(): void {
    const el = this.term.element;
    if (!el || el.offsetParent === null) return;
    try {
      this.#fit.fit();
    } catch {
      /* not laid out yet */
    }
  }

  focus(): void {
    this.term.focus();
  }

  /** Types a command as if the student had, then runs it (click-to-run in the guide). */
  async run(line: string): Promise<void> {
    await this.ready;
    this.focus();
    if (this.#busy) {
      this.#typeahead.push(line + '\r');
      return;
    }
    this.#line.set(line);
    this.#redraw();
    void this.#submit();
  }

  /** Said in the terminal when a restart loses the command in flight (set by the UI's locale). */
  lostMessage: () => string = () => 'the simulator restarted; this command was lost';

  dispose(): void {
    this.#outputs.dispose();
    this.term.dispose();
  }

  /** The last command's output lines, for the keyboard's explain panel. */
  lastOutput() {
    return this.#outputs.lastOutput();
  }

  /** Theme colours and font size (light/dark, projector mode) changed. */
  restyle(theme: ITheme, fontSize: number): void {
    this.term.options.theme = theme;
    if (this.term.options.fontSize !== fontSize) {
      this.term.options.fontSize = fontSize;
      this.fit();
    }
  }

  #input(data: string): void {
    if (this.#busy) {
      if (data.includes('\x03')) {
        // The tty echoes ^C; the shell only stops the command.
        this.#interrupted = true;
        this.#typeahead = []; // a tty flushes pending input on SIGINT
        this.term.write('^C');
        void this.shell.interrupt(this.id);
      } else this.#typeahead.push(data);
      return;
    }
    const action = keyAction(data);
    if (action) {
      this.#act(action);
      return;
    }
    const [first = '', ...rest] = pasteLines(data);
    this.#line.insert(first.replace(/\t/g, ' ').replace(/[\x00-\x1f\x7f]/g, ''));
    this.#redraw();
    if (rest.length > 0) {
      // A pasted newline runs the line; what follows waits, like typeahead in a real tty.
      if (rest.some((r) => r.length > 0)) this.#typeahead.unshift(rest.join('\r'));
      void this.#submit();
    }
  }

  #act(action: KeyAction): void {
    const line = this.#line;
    switch (action) {
      case 'enter':
        void this.#submit();
        return;
      case 'interrupt':
        this.term.write('^C' + this.#below());
        line.set('');
        // Also drops a half-typed multi-line command (the "> " prompt) in the shell.
        void this.shell
          .interrupt(this.id)
          .then(() => this.shell.prompt(this.id))
          .then((p) => {
            this.#prompt = p;
            this.#showPrompt();
          });
        return;
      case 'clear':
        this.term.write('\x1b[H\x1b[2J');
        this.#offset = 0;
        break;
      case 'complete':
        void this.#complete();
        return;
      case 'up':
      case 'down': {
        const next = action === 'up' ? this.#history.up(line.text) : this.#history.down();
        if (next !== null) line.set(next);
        break;
      }
      case 'eof':
        // Ctrl-D on an empty line ends input: heredoc/continuation, or the shell itself.
        if (line.text !== '') line.deleteForward();
        else {
          const continuation = this.#prompt === '> ';
          line.set(continuation ? '\u0004' : 'exit');
          if (!continuation) this.#redraw();
          void this.#submit();
          return;
        }
        break;
      case 'ignore':
        return;
      default:
        lineEdits[action]?.(line);
    }
    this.#redraw();
  }

  async #submit(): Promise<void> {
    const line = this.#line.take();
    const node = nodeOfPrompt(this.#prompt);
    // The output starts where the cursor is once the command line is written (markers need it parsed).
    this.term.write(moveBelowSequence(this.#prompt.length, line.length, this.#offset, this.term.cols), () => {
      if (node && line.trim() !== '') this.#outputs.begin(line, node);
    });
    this.#busy = true;
    this.#interrupted = false;
    let result: ExecResult | null = null;
    try {
      const edit = this.events.onEdit;
      result = await this.shell.exec(this.id, line, (c) => this.#output(c), edit ? (f) => edit(f) : undefined);
    } catch (err) {
      if (err instanceof WorkerRestartedError) {
        // The supervisor restarted the worker from the last save: only this command is lost.
        this.term.write(`\r\n\x1b[33m[${this.lostMessage()}]\x1b[0m\r\n`);
        try {
          this.#prompt = await this.shell.prompt(this.id);
        } catch {
          /* the tab's shell is gone; the tabs resync after the restart */
        }
      } else this.term.write(`internal error: ${err instanceof Error ? err.message : String(err)}\r\n`);
    }
    if (this.#interrupted) {
      // Like bash after SIGINT: the next prompt starts on a fresh line.
      await new Promise<void>((r) => this.term.write('', r));
      if (this.term.buffer.active.cursorX !== 0) this.term.write('\r\n');
    }
    if (result) {
      this.#prompt = result.prompt;
      if (result.clear) this.term.clear();
    }
    try {
      this.#history.reset(await this.shell.history(this.id));
    } catch {
      /* keep the old history */
    }
    // The output's end is marked and the history is current before the result is announced: the
    // session is saved then, with this screen (screen-store.ts) matching the shell's history.
    await new Promise<void>((r) => this.term.write('', r));
    this.#outputs.finish();
    if (result) this.events.onResult(result);
    this.#busy = false;
    this.#showPrompt();
    while (!this.#busy && this.#typeahead.length > 0) this.#input(this.#typeahead.shift() ?? '');
  }

  #output(chunk: OutputChunk): void {
    this.term.write(chunk.text.replace(/\r?\n/g, '\r\n'));
  }

  async #complete(): Promise<void> {
    const { text, cursor } = this.#line;
    const { from, candidates } = await this.shell.complete(this.id, text, cursor);
    // The student may have typed on while the worker answered; a stale answer is dropped.
    if (this.#busy || text !== this.#line.text || cursor !== this.#line.cursor) return;
    const word = text.slice(from, cursor);
    if (candidates.length === 1) {
      const only = candidates[0] ?? '';
      const spacer = /[/= ]$/.test(only) ? '' : ' ';
      this.#line.replaceBeforeCursor(from, only + spacer);
    } else if (candidates.length > 1) {
      const prefix = commonPrefix(candidates);
      if (prefix.length > word.length) {
        this.#line.replaceBeforeCursor(from, prefix);
      } else {
        this.term.write(this.#below() + formatColumns(candidates, this.term.cols) + '\r\n');
        this.#offset = 0;
      }
    }
    this.#redraw();
  }

  #below(): string {
    return moveBelowSequence(this.#prompt.length, this.#line.text.length, this.#offset, this.term.cols);
  }

  #showPrompt(): void {
    this.#offset = 0;
    this.#redraw();
  }

  #redraw(): void {
    const { text, cursor } = this.#line;
    const r = redrawSequence(this.#prompt, text, cursor, this.#offset, this.term.cols);
    this.#offset = r.offset;
    this.term.write(r.seq);
  }
}
