/**
 * Which command printed each line of a terminal, so a hovered line can be explained: every
 * command's output is kept as a pair of xterm markers (they follow scrolling and vanish with
 * the scrollback), with the command line and the node it was typed on. An xterm link provider
 * turns each output line into a hover target without underlining it.
 */
import type { IDisposable, ILink, IMarker, Terminal } from '@xterm/xterm';
import type { ExplainRequest } from '../../worker/protocol';
import { SCREEN_LINES, type SavedBlock } from './screen-store';

interface OutputBlock {
  start: IMarker;
  end: IMarker | null;
  command: string;
  node: string;
}

/** A hovered line: what to ask the worker, and where the pointer is (for the tooltip). */
export interface ExplainHover {
  request: ExplainRequest;
  x: number;
  y: number;
  /** Clicked rather than hovered: the tooltip stays until dismissed. */
  pinned: boolean;
}

/** Output blocks remembered per terminal; older ones are forgotten (their markers disposed). */
const BLOCKS_KEPT = 200;

/** `root@k8s-node01:~# ` -> `k8s-node01`. */
export function nodeOfPrompt(prompt: string): string | null {
  return /@([^:\s]+)/.exec(prompt)?.[1] ?? null;
}

/** The logical lines (wrapped rows joined) of buffer rows [from, to), with the row each starts at. */
export function logicalLines(term: Terminal, from: number, to: number): { text: string; row: number; rows: number }[] {
  const buf = term.buffer.active;
  const out: { text: string; row: number; rows: number }[] = [];
  for (let y = from; y < to; y++) {
    const line = buf.getLine(y);
    if (!line) break;
    const text = line.translateToString(true);
    const last = out.at(-1);
    if (line.isWrapped && last) {
      last.text += text;
      last.rows++;
    } else out.push({ text, row: y, rows: 1 });
  }
  return out;
}

export class OutputMap {
  #blocks: OutputBlock[] = [];
  #links: IDisposable;

  constructor(
    private term: Terminal,
    private onHover: (hover: ExplainHover | null) => void,
  ) {
    this.#links = term.registerLinkProvider({ provideLinks: (y, cb) => cb(this.#linksAt(y - 1)) });
  }

  /** Called once the command line has been written: the output starts on the cursor's row. */
  begin(command: string, node: string): void {
    const start = this.term.registerMarker(0);
    if (!start) return;
    this.#blocks.push({ start, end: null, command, node });
    while (this.#blocks.length > BLOCKS_KEPT) {
      const old = this.#blocks.shift();
      old?.start.dispose();
      old?.end?.dispose();
    }
  }

  /** Called when the command finished, before the next prompt is drawn. */
  finish(): void {
    const open = this.#blocks.at(-1);
    if (open && !open.end) open.end = this.term.registerMarker(0) ?? null;
  }

  /**
   * The screen as text, up to the cursor's row (the prompt being typed is not kept), with each
   * finished command's output as a range of its logical lines.
   */
  capture(): { lines: string[]; blocks: SavedBlock[] } {
    const buf = this.term.buffer.active;
    const cursorRow = buf.baseY + buf.cursorY;
    const all = logicalLines(this.term, 0, cursorRow);
    const first = Math.max(0, all.length - SCREEN_LINES);
    const indexOfRow = new Map(all.map((l, i) => [l.row, i]));
    const blocks: SavedBlock[] = [];
    for (const b of this.#blocks) {
      if (b.start.isDisposed || !b.end || b.end.isDisposed) continue;
      const from = indexOfRow.get(b.start.line);
      const to = b.end.line >= cursorRow ? all.length : indexOfRow.get(b.end.line);
      if (from === undefined || to === undefined || from < first) continue;
      blocks.push({ command: b.command, node: b.node, from: from - first, to: to - first });
    }
    return { lines: all.slice(first).map((l) => l.text), blocks };
  }

  /**
   * Writes a saved screen back (after a reload) and marks its command outputs again, so restored
   * lines are explained like fresh ones. Resolves once the text is on screen.
   */
  async restore(screen: { lines: string[]; blocks: SavedBlock[] }): Promise<void> {
    const write = (data: string) => new Promise<void>((r) => this.term.write(data, r));
    const starts = new Map<number, SavedBlock[]>();
    const ends = new Map<number, OutputBlock[]>();
    for (const b of screen.blocks) if (b.from < b.to && b.to <= screen.lines.length) starts.set(b.from, [...(starts.get(b.from) ?? []), b]);
    // Markers sit on the cursor's row: each one is registered when the writing reaches its line.
    const stops = [...new Set([...screen.blocks.flatMap((b) => [b.from, b.to]), screen.lines.length])].sort((a, b) => a - b);
    let at = 0;
    for (const stop of stops) {
      if (stop > at) await write(screen.lines.slice(at, stop).map((l) => l + '\r\n').join(''));
      at = Math.max(at, stop);
      for (const block of ends.get(at) ?? []) block.end = this.term.registerMarker(0) ?? null;
      for (const b of starts.get(at) ?? []) {
        const start = this.term.registerMarker(0);
        if (!start) continue;
        const block: OutputBlock = { start, end: null, command: b.command, node: b.node };
        this.#blocks.push(block);
        ends.set(b.to, [...(ends.get(b.to) ?? []), block]);
      }
    }
  }

  /** The last finished command's output (the keyboard's way to the explanations). */
  lastOutput(): { request: Omit<ExplainRequest, 'index'>; count: number } | null {
    for (let i = this.#blocks.length - 1; i >= 0; i--) {
      const b = this.#blocks[i];
      const lines = this.#lines(b);
      if (lines && lines.some((l) => l.text.trim() !== '')) {
        return { request: { node: b.node, command: b.command, lines: lines.map((l) => l.text) }, count: lines.length };
      }
    }
    return null;
  }

  dispose(): void {
    this.#links.dispose();
    for (const b of this.#blocks) {
      b.start.dispose();
      b.end?.dispose();
    }
    this.#blocks = [];
  }

  #lines(b: OutputBlock) {
    if (b.start.isDisposed || b.start.line < 0) return null;
    const end = b.end && !b.end.isDisposed ? b.end.line : this.term.buffer.active.cursorY + this.term.buffer.active.baseY;
    return logicalLines(this.term, b.start.line, end);
  }

  #linksAt(row: number): ILink[] | undefined {
    const block = this.#blocks.find((b) => !b.start.isDisposed && b.start.line <= row && (!b.end || (!b.end.isDisposed && row < b.end.line)));
    if (!block) return undefined;
    const lines = this.#lines(block);
    const index = lines?.findIndex((l) => row >= l.row && row < l.row + l.rows) ?? -1;
    const hit = lines?.[index];
    if (!lines || !hit || hit.text.trim() === '') return undefined;
    const request: ExplainRequest = { node: block.node, command: block.command, lines: lines.map((l) => l.text), index };
    const cols = this.term.cols;
    const lastLen = hit.text.length - (hit.rows - 1) * cols;
    const link: ILink = {
      range: { start: { x: 1, y: hit.row + 1 }, end: { x: Math.max(1, lastLen), y: hit.row + hit.rows } },
      text: hit.text,
      decorations: { pointerCursor: false, underline: false },
      hover: (e) => this.onHover({ request, x: e.clientX, y: e.clientY, pinned: false }),
      leave: () => this.onHover(null),
      activate: (e) => this.onHover({ request, x: e.clientX, y: e.clientY, pinned: true }),
    };
    return [link];
  }
}
