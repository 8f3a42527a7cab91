/**
 * The explanation on screen: the hovered (or keyboard-chosen) output line's explanation from the
 * worker, where to show it, and the objects the topology highlights meanwhile. One at a time for
 * the whole page, so the terminal and the topology agree.
 */
import type { ExplainHighlight, ExplainRequest, Explanation } from '../../worker/protocol';
import type { ExplainHover } from './output-explain';

type Ask = (req: ExplainRequest) => Promise<Explanation | null>;

class ExplainFocus {
  explanation = $state.raw<Explanation | null>(null);
  /** Viewport position of the pointer that asked (null: shown in the keyboard panel instead). */
  at = $state.raw<{ x: number; y: number } | null>(null);
  pinned = $state(false);
  /** Set when the line had nothing to explain (the keyboard panel says so). */
  nothing = $state(false);
  #asked = 0;

  get highlight(): ExplainHighlight | null {
    return this.explanation?.highlight ?? null;
  }

  /** A hover from a terminal (null: the pointer left the line; a pinned tooltip stays). */
  async hover(h: ExplainHover | null, ask: Ask): Promise<void> {
    if (!h) {
      if (!this.pinned) this.clear();
      return;
    }
    if (this.pinned && !h.pinned) return;
    await this.show(h.request, ask, { x: h.x, y: h.y }, h.pinned);
  }

  /** Asks the worker; an answer that arrives after a newer question is dropped. */
  async show(req: ExplainRequest, ask: Ask, at: { x: number; y: number } | null, pinned = false): Promise<void> {
    const n = ++this.#asked;
    let e: Explanation | null = null;
    try {
      e = await ask(req);
    } catch {
      /* the worker restarted: nothing to show */
    }
    if (n !== this.#asked) return;
    this.explanation = e;
    this.nothing = e === null;
    this.at = at;
    this.pinned = pinned && e !== null;
  }

  clear(): void {
    this.#asked++;
    this.explanation = null;
    this.nothing = false;
    this.at = null;
    this.pinned = false;
  }
}

export const explainFocus = new ExplainFocus();
