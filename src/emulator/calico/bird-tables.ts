/**
 * How BIRD's per-prefix tables are held in memory: arrays indexed by a prefix's number, not
 * objects keyed by its text. At 500 nodes with 5,000 pods every node learns ~5,000 prefixes; as
 * dictionaries the Adj-RIB-In and Loc-RIB of 500 nodes took ~200 MB (a hash entry is three
 * pointers, the table twice the entries) and every route moved paid a string-keyed hash lookup
 * per table. A prefix gets its number the first time any speaker meets it (the numbers are the
 * process's, never the world's: the snapshot writes prefixes as text, snapshot-shared.ts, and a
 * restored world numbers them again). Nothing printed may depend on the numbers' order: readers
 * sort, as BIRD's own output is sorted by prefix.
 */
import type { BgpRoute, BirdState, RibEntry } from './bird-types';
import { cidrParts } from '../net/ip';

const IDS = new Map<string, number>();
const TEXTS: string[] = [];
/** Network address (as an unsigned integer) and length of each numbered prefix. */
const NETWORKS: number[] = [];
const BITS: number[] = [];

/** The number of a prefix (`10.244.1.0/24`), given the first time it is asked for. */
export function prefixId(p: string): number {
  let id = IDS.get(p);
  if (id === undefined) {
    id = TEXTS.length;
    IDS.set(p, id);
    TEXTS.push(p);
    const parts = cidrParts(p);
    NETWORKS.push(parts?.network ?? 0);
    BITS.push(parts?.prefix ?? 32);
  }
  return id;
}

/** The prefix a number stands for. */
export function prefixText(id: number): string {
  return TEXTS[id];
}

export function prefixNetwork(id: number): number {
  return NETWORKS[id];
}

/** The prefix length of a numbered prefix (`/24` → 24). */
export function prefixBits(id: number): number {
  return BITS[id];
}

/** A prefix's number if some speaker has met it, without giving one (lookups of unknown text). */
function knownId(p: string): number | undefined {
  return IDS.get(p);
}

/** The paths of a prefix in the Adj-RIB-In: protocol name -> route. */
export function birdPaths(bird: BirdState, p: string): Record<string, BgpRoute> | undefined {
  const id = knownId(p);
  return id === undefined ? undefined : bird.adjIn[id];
}

/** The Loc-RIB's best path for a prefix. */
export function birdBest(bird: BirdState, p: string): RibEntry | undefined {
  const id = knownId(p);
  return id === undefined ? undefined : bird.rib[id];
}

/** Every prefix of the Adj-RIB-In with its paths (in no particular order). */
export function birdAdjInEntries(bird: BirdState): [string, Record<string, BgpRoute>][] {
  const out: [string, Record<string, BgpRoute>][] = [];
  const a = bird.adjIn;
  for (let i = 0; i < a.length; i++) if (a[i]) out.push([TEXTS[i], a[i]!]);
  return out;
}

/** Every prefix of the Loc-RIB with its best path (in no particular order). */
export function birdRibEntries(bird: BirdState): [string, RibEntry][] {
  const out: [string, RibEntry][] = [];
  const r = bird.rib;
  for (let i = 0; i < r.length; i++) if (r[i]) out.push([TEXTS[i], r[i]!]);
  return out;
}

/** How many prefixes the Loc-RIB holds. */
export function birdRibSize(bird: BirdState): number {
  let n = 0;
  for (const e of bird.rib) if (e) n++;
  return n;
}

/** How many prefixes a protocol has in the Adj-RIB-In (`Routes: N imported`). */
export function birdImported(bird: BirdState, name: string): number {
  let n = 0;
  for (const paths of bird.adjIn) if (paths?.[name]) n++;
  return n;
}

/** A table by prefix text, for the snapshot: `map` writes each entry. */
export function tableToRecord<T, U>(table: (T | undefined)[], map: (t: T) => U): Record<string, U> {
  const out: Record<string, U> = {};
  for (let i = 0; i < table.length; i++) if (table[i] !== undefined) out[TEXTS[i]] = map(table[i]!);
  return out;
}

/** A table from the snapshot's record by prefix text. */
export function tableFromRecord<T, U>(record: Record<string, U>, map: (u: U) => T): (T | undefined)[] {
  const out: (T | undefined)[] = [];
  for (const p in record) tableSet(out, prefixId(p), map(record[p]));
  return out;
}

/**
 * Write a table's entry. The array grows by explicit `undefined`s: a write far past its end
 * would leave a gap V8 answers by turning the array into a dictionary, the cost this avoids.
 */
export function tableSet<T>(table: (T | undefined)[], id: number, value: T | undefined): void {
  while (table.length < id) table.push(undefined);
  table[id] = value;
}
