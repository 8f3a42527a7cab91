/**
 * Share links: a session as its seed, scenario or lab and the log of what each terminal did, in
 * JSON, deflated ('deflate-raw') and base64url-encoded into the URL's fragment. Nothing in a link
 * is code: decoding checks the size (encoded and inflated), parses the JSON and validates every
 * field against a closed schema before a session replays it. Errors are messages, never throws.
 *
 * Compression uses the platform's CompressionStream / DecompressionStream, which browsers and
 * Node ≥ 18 both provide, so the same module runs in the worker, the page and the tests.
 */
import { ENCAP_MODES, isEncapChoice } from '../emulator/scenario-options';
import type { EncapChoice } from '../emulator/scenario-options';

/** One thing that changed the world, in the order it happened (times are simulated ms). */
export type ShareEvent =
  /** A terminal was opened on a node. */
  | { k: 'open'; term: number; node: string }
  | { k: 'close'; term: number }
  /**
   * A line typed into a terminal at time `at`; `stop` when it was interrupted after that long;
   * `edits`: the texts its editor was closed with (`kubectl edit`), null when none was opened.
   */
  | { k: 'exec'; term: number; line: string; at: number; stop?: number; edits?: (string | null)[] }
  /** A file saved from the editor. */
  | { k: 'write'; node: string; path: string; content: string; at: number };

export interface SharedState {
  v: 1;
  seed?: number;
  scenario?: string;
  nodes?: number;
  /** The sandbox's encapsulation choice (scenario-options.ts). */
  mode?: EncapChoice;
  lab?: string;
  events: ShareEvent[];
  /** The simulated time when the link was made: the replay runs the clock up to it. */
  end: number;
}

export type ShareResult = { ok: true; state: SharedState } | { ok: false; error: string };

/** Inflated JSON beyond this is refused (a link is for a lesson's worth of commands). */
export const SHARE_MAX_BYTES = 64 * 1024;
/** The encoded text: base64 of at most a well-compressed SHARE_MAX_BYTES. */
export const SHARE_MAX_ENCODED = 96 * 1024;
const MAX_EVENTS = 2000;
const MAX_LINE = 4096;
const MAX_TIME = 1e12;

// The shell compiles without DOM types: the few platform APIs used here, declared narrowly.
interface ByteStream {
  readable: { getReader(): { read(): Promise<{ done: boolean; value?: Uint8Array }>; cancel(): Promise<void> } };
  writable: { getWriter(): { write(b: Uint8Array): Promise<void>; close(): Promise<void> } };
}
type StreamCtor = new (format: string) => ByteStream;
const g = globalThis as unknown as {
  CompressionStream?: StreamCtor;
  DecompressionStream?: StreamCtor;
  btoa(s: string): string;
  atob(s: string): string;
  TextEncoder: new () => { encode(s: string): Uint8Array };
  TextDecoder: new (label: string, o: { fatal: boolean }) => { decode(b: Uint8Array): string };
};
const btoa = (s: string) => g.btoa(s);
const atob = (s: string) => g.atob(s);

function base64urlEncode(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function base64urlDecode(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return null;
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4);
  try {
    const bin = atob(b64);
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  } catch {
    return null;
  }
}

async function pipe(ctor: StreamCtor, input: Uint8Array, limit: number): Promise<Uint8Array | 'too-big'> {
  const stream = new ctor('deflate-raw');
  const writer = stream.writable.getWriter();
  // Errors surface through the reader; the writer's own promises must not go unhandled.
  writer.write(input).catch(() => undefined);
  writer.close().catch(() => undefined);
  const reader = stream.readable.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done || !value) break;
    size += value.length;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      return 'too-big';
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}

/** The fragment text for a state (no leading `#share=`). Throws if the state is too big to share. */
export async function shareEncode(state: SharedState): Promise<string> {
  // A link that its own reader would refuse (a very long line, too many events) is not made.
  const valid = shareValidate(JSON.parse(JSON.stringify(state)));
  if (!valid.ok) throw new Error(`this session cannot be shared: ${valid.error}`);
  const json = new g.TextEncoder().encode(JSON.stringify(state));
  if (json.length > SHARE_MAX_BYTES) throw new Error(`this session is too large to share (${json.length} bytes; the limit is ${SHARE_MAX_BYTES})`);
  const packed = await pipe(g.CompressionStream!, json, Infinity);
  return base64urlEncode(packed as Uint8Array);
}

/** Decodes and validates a fragment's text; any problem is a message. */
export async function shareDecode(text: string): Promise<ShareResult> {
  try {
    if (typeof text !== 'string' || text.length === 0) return fail('the link holds no session');
    if (text.length > SHARE_MAX_ENCODED) return fail(`the link is too long (${text.length} characters; the limit is ${SHARE_MAX_ENCODED})`);
    const bytes = base64urlDecode(text);
    if (!bytes) return fail('the link is not valid base64url');
    let json: Uint8Array | 'too-big';
    try {
      json = await pipe(g.DecompressionStream!, bytes, SHARE_MAX_BYTES);
    } catch {
      return fail('the link is damaged (it does not decompress)');
    }
    if (json === 'too-big') return fail(`the link's session is larger than ${SHARE_MAX_BYTES} bytes`);
    let value: unknown;
    try {
      value = JSON.parse(new g.TextDecoder('utf-8', { fatal: true }).decode(json));
    } catch {
      return fail('the link is damaged (its content is not JSON)');
    }
    return shareValidate(value);
  } catch (e) {
    return fail(`the link could not be read (${e instanceof Error ? e.message : String(e)})`);
  }
}

function fail(error: string): ShareResult {
  return { ok: false, error };
}

const NAME = /^[a-z0-9][a-z0-9.-]{0,62}$/;
const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const isInt = (v: unknown, min: number, max: number): v is number => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
const isStr = (v: unknown, max: number): v is string => typeof v === 'string' && v.length <= max;

function onlyKeys(o: Record<string, unknown>, allowed: string[], where: string): string | null {
  const extra = Object.keys(o).find((k) => !allowed.includes(k));
  return extra === undefined ? null : `${where}: unknown field "${extra.slice(0, 40)}"`;
}

/** The schema, by hand: closed objects, bounded numbers and strings, names as names. */
export function shareValidate(value: unknown): ShareResult {
  if (!isObj(value)) return fail('the session is not an object');
  const top = onlyKeys(value, ['v', 'seed', 'scenario', 'nodes', 'mode', 'lab', 'events', 'end'], 'session');
  if (top) return fail(top);
  if (value.v !== 1) return fail('unsupported session version (expected v: 1)');
  if (value.seed !== undefined && !isInt(value.seed, -(2 ** 31), 2 ** 32)) return fail('seed must be an integer');
  if (value.scenario !== undefined && !(isStr(value.scenario, 63) && NAME.test(value.scenario))) return fail('scenario must be a name');
  if (value.lab !== undefined && !(isStr(value.lab, 63) && NAME.test(value.lab))) return fail('lab must be a lab id');
  if (value.nodes !== undefined && !isInt(value.nodes, 1, 64)) return fail('nodes must be an integer from 1 to 64');
  if (value.mode !== undefined && !isEncapChoice(value.mode)) return fail(`mode must be one of ${ENCAP_MODES.join(', ')}`);
  if (!isInt(value.end, 0, MAX_TIME)) return fail('end must be a time in ms');
  if (!Array.isArray(value.events)) return fail('events must be a list');
  if (value.events.length > MAX_EVENTS) return fail(`too many events (${value.events.length}; the limit is ${MAX_EVENTS})`);
  const open = new Set<number>();
  let last = 0;
  for (let i = 0; i < value.events.length; i++) {
    const e = value.events[i] as unknown;
    const where = `events[${i}]`;
    if (!isObj(e)) return fail(`${where} is not an object`);
    const term = () => isInt(e.term, 1, 10_000);
    const time = (v: unknown) => isInt(v, 0, MAX_TIME);
    let bad: string | null = null;
    switch (e.k) {
      case 'open':
        bad = onlyKeys(e, ['k', 'term', 'node'], where);
        if (!bad && !term()) bad = `${where}.term must be a terminal number`;
        if (!bad && !(isStr(e.node, 63) && NAME.test(e.node))) bad = `${where}.node must be a node name`;
        if (!bad && open.has(e.term as number)) bad = `${where}: terminal ${e.term} is already open`;
        if (!bad) open.add(e.term as number);
        break;
      case 'close':
        bad = onlyKeys(e, ['k', 'term'], where);
        if (!bad && !(term() && open.has(e.term as number))) bad = `${where}: no open terminal ${String(e.term).slice(0, 20)}`;
        if (!bad) open.delete(e.term as number);
        break;
      case 'exec':
        bad = onlyKeys(e, ['k', 'term', 'line', 'at', 'stop', 'edits'], where);
        if (!bad && !(term() && open.has(e.term as number))) bad = `${where}: no open terminal ${String(e.term).slice(0, 20)}`;
        if (!bad && !isStr(e.line, MAX_LINE)) bad = `${where}.line must be a string of at most ${MAX_LINE} characters`;
        if (!bad && !time(e.at)) bad = `${where}.at must be a time in ms`;
        if (!bad && e.stop !== undefined && !time(e.stop)) bad = `${where}.stop must be a duration in ms`;
        if (!bad && e.edits !== undefined && !(Array.isArray(e.edits) && e.edits.length <= 100 && e.edits.every((x) => x === null || isStr(x, SHARE_MAX_BYTES)))) {
          bad = `${where}.edits must be a list of texts`;
        }
        break;
      case 'write':
        bad = onlyKeys(e, ['k', 'node', 'path', 'content', 'at'], where);
        if (!bad && !(isStr(e.node, 63) && NAME.test(e.node))) bad = `${where}.node must be a node name`;
        if (!bad && !(isStr(e.path, 1024) && e.path.length > 0)) bad = `${where}.path must be a path`;
        if (!bad && !isStr(e.content, SHARE_MAX_BYTES)) bad = `${where}.content must be text`;
        if (!bad && !time(e.at)) bad = `${where}.at must be a time in ms`;
        break;
      default:
        bad = `${where}.k must be open, close, exec or write`;
    }
    if (bad) return fail(bad);
    if ('at' in e) {
      if ((e.at as number) < last) return fail(`${where}.at goes back in time`);
      last = e.at as number;
    }
  }
  if ((value.end as number) < last) return fail('end is before the last event');
  return { ok: true, state: value as unknown as SharedState };
}
