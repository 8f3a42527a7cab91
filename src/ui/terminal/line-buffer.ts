import type { KeyAction } from './key-map';

/** The line being typed at a prompt: text plus cursor, edited like readline does. */
export class LineBuffer {
  text = '';
  cursor = 0;

  set(text: string, cursor = text.length): void {
    this.text = text;
    this.cursor = Math.max(0, Math.min(cursor, text.length));
  }

  insert(s: string): void {
    this.text = this.text.slice(0, this.cursor) + s + this.text.slice(this.cursor);
    this.cursor += s.length;
  }

  /** Replaces text[from, cursor) with `s`, as completion does. */
  replaceBeforeCursor(from: number, s: string): void {
    this.text = this.text.slice(0, from) + s + this.text.slice(this.cursor);
    this.cursor = from + s.length;
  }

  backspace(): void {
    if (this.cursor === 0) return;
    this.text = this.text.slice(0, this.cursor - 1) + this.text.slice(this.cursor);
    this.cursor--;
  }

  deleteForward(): void {
    this.text = this.text.slice(0, this.cursor) + this.text.slice(this.cursor + 1);
  }

  left(): void {
    if (this.cursor > 0) this.cursor--;
  }

  right(): void {
    if (this.cursor < this.text.length) this.cursor++;
  }

  home(): void {
    this.cursor = 0;
  }

  end(): void {
    this.cursor = this.text.length;
  }

  /** Ctrl-U: kill from the start of the line to the cursor. */
  killToStart(): void {
    this.text = this.text.slice(this.cursor);
    this.cursor = 0;
  }

  /** Ctrl-K: kill from the cursor to the end of the line. */
  killToEnd(): void {
    this.text = this.text.slice(0, this.cursor);
  }

  /** Ctrl-W: kill the whitespace-delimited word before the cursor (readline's unix-word-rubout). */
  killWordBack(): void {
    let i = this.cursor;
    while (i > 0 && this.text[i - 1] === ' ') i--;
    while (i > 0 && this.text[i - 1] !== ' ') i--;
    this.text = this.text.slice(0, i) + this.text.slice(this.cursor);
    this.cursor = i;
  }

  take(): string {
    const t = this.text;
    this.set('');
    return t;
  }
}

/** Up/Down through past lines; the line being typed is kept as a draft at the bottom. */
export class HistoryCursor {
  #entries: string[] = [];
  #index = 0;
  #draft = '';

  get entries(): readonly string[] {
    return this.#entries;
  }

  reset(entries: string[]): void {
    this.#entries = entries;
    this.#index = entries.length;
    this.#draft = '';
  }

  up(current: string): string | null {
    if (this.#index === 0) return null;
    if (this.#index === this.#entries.length) this.#draft = current;
    return this.#entries[--this.#index] ?? null;
  }

  down(): string | null {
    if (this.#index >= this.#entries.length) return null;
    this.#index++;
    return this.#index === this.#entries.length ? this.#draft : (this.#entries[this.#index] ?? '');
  }
}

/** The key actions that are plain edits of the line. */
export const lineEdits: Partial<Record<KeyAction, (l: LineBuffer) => void>> = {
  backspace: (l) => l.backspace(),
  delete: (l) => l.deleteForward(),
  left: (l) => l.left(),
  right: (l) => l.right(),
  home: (l) => l.home(),
  end: (l) => l.end(),
  'kill-start': (l) => l.killToStart(),
  'kill-end': (l) => l.killToEnd(),
  'kill-word': (l) => l.killWordBack(),
};
