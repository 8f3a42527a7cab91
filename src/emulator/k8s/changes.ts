/**
 * What changed in the API since a control loop last ran, read from the store's journal: the
 * loops of a pass look only at the objects written or deleted since their previous run, instead
 * of every node and pod after every event. A loop's cursor is the journal position at the start
 * of its last run, so what it wrote itself is seen again on its next run (a loop that changed
 * something runs once more and finds nothing to do).
 */
import type { ApiStore, KObj } from './objects';
import { storeJournal, storeJournalTrim } from './objects';

/** The keys written or deleted since a cursor, with a few questions answered once. */
export class ApiChanges {
  private kindSet: Set<string> | null = null;
  constructor(private readonly store: ApiStore, readonly keys: readonly string[]) {}

  /** Kinds with a written or deleted object. */
  kinds(): Set<string> {
    if (!this.kindSet) {
      this.kindSet = new Set();
      for (const k of this.keys) this.kindSet.add(k.slice(0, k.indexOf('/')));
    }
    return this.kindSet;
  }

  has(kind: string): boolean {
    return this.kinds().has(kind);
  }

  /** Changed objects of one kind that still exist, and whether one of that kind was deleted. */
  objects(kind: string): { live: KObj[]; deleted: boolean } {
    const prefix = `${kind}/`;
    const seen = new Set<string>();
    const live: KObj[] = [];
    let deleted = false;
    for (const k of this.keys) {
      if (!k.startsWith(prefix) || seen.has(k)) continue;
      seen.add(k);
      const o = this.store.objects[k];
      if (o) live.push(o);
      else deleted = true;
    }
    return { live, deleted };
  }
}

/** Cursors of the loops over one store (beside the state: a restored world starts with full passes). */
export class LoopCursors {
  private readonly at = new Map<string, number>();
  constructor(private readonly store: ApiStore) {}

  /** The changes since `loop` last ran (null the first time: look at everything); moves its cursor to now. */
  take(loop: string): ApiChanges | null {
    const j = storeJournal(this.store);
    const end = j.start + j.keys.length;
    const from = this.at.get(loop);
    this.at.set(loop, end);
    if (from === undefined) return null;
    return new ApiChanges(this.store, j.keys.slice(from - j.start));
  }

  /** Drop what every loop has read. */
  trim(): void {
    let min = Infinity;
    for (const v of this.at.values()) min = Math.min(min, v);
    if (min !== Infinity) storeJournalTrim(this.store, min);
  }
}
