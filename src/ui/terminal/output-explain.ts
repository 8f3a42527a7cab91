/**
 * Which command printed each line of a terminal, so a hovered line can be explained: every
 * command's output is kept as a pair of xterm markers (they follow scrolling and vanish with
 * the scrollback), with the command line and the node it was typed on. An xterm link provider
 * turns each output line into a hover target without underlining it.
 */
import type { IDisposable, ILink, IMarker, Terminal } from '@xterm/xterm';
import type { ExplainRequest } from '../../worker/protocol';

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
