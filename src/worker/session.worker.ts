/**
 * The one comlink boundary: owns the LabSession, paces its clock with wall time and pushes state
 * updates (digest + lab view) to the UI only when they changed.
 */
import { expose } from 'comlink';
import { LabSession } from '../shell/lab-session';
import { explainLine } from '../emulator/explain';
import { LabRuntime } from '../labs/runtime';
import { labSources } from './lab-sources';
import { shareDecode, shareEncode } from '../shell/share';
import type { SharedState, ShareEvent } from '../shell/share';
import { packCheck } from '../labs/pack';
import { labLint } from '../labs/lint';
import type { LabSource } from '../labs/types';
import { traceLogNext, traceLogSince } from '../emulator/net/trace';
import { inspect } from './inspect';
import { contentDigest } from '../labs/receipt';
import { labReceiptOf, packReceiptOf, receiptVerify, type LoadedPack } from './receipts';

/** Inline labs of the workshop pack loaded last; startable like the bundled ones. */
let packLabs: LabSource[] = [];
/** The workshop pack loaded last, for its completion receipt. */
let loadedPack: LoadedPack | null = null;
const allLabs = (): LabSource[] => [...labSources(), ...packLabs];
import type { LabSummary, Locale, OutputSink, SessionApi, StateUpdate, UpdateListener } from './protocol';
import { isEncapChoice } from '../emulator/scenario-options';
import { startIsPrebuilt } from './start-snapshot';
import { prebuiltStart } from './start-prebuilt';

const TICK_MS = 250;

let session: LabSession | null = null;
let locale: Locale = 'en';
let running = true;
let speed = 1;
let listener: UpdateListener | null = null;
let lastSent = '';
let debug = false;
/** The first traced send the page has not been sent yet. */
let nextTrace = 1;
/** At most this many sends per update: the last few packets of the last command. */
const PACKETS_PER_UPDATE = 8;
/** The share link this session was opened from (for the replay scrubber), and where it is. */
let shared: { state: SharedState; position: number } | null = null;

function eventLabel(e: ShareEvent): string {
  if (e.k === 'open') return `[${e.term}] open a terminal on ${e.node}`;
  if (e.k === 'close') return `[${e.term}] close the terminal`;
  if (e.k === 'write') return `save ${e.node}:${e.path}`;
  return `[${e.term}] $ ${e.line}${e.stop !== undefined ? ' ^C' : ''}`;
}
/** Labs loaded for the picker (null: malformed, left out), by id; never used to run a lab. */
const catalogCache = new Map<string, LabRuntime | null>();

/**
 * Restores a saved snapshot and checks that it is usable: parsing alone accepts a world that
 * breaks on first use, so the digest, the lab view and every shell's prompt are computed once.
 */
function restoreChecked(snapshot: string, labs: ReturnType<typeof labSources>): LabSession {
  const s = LabSession.restore(snapshot, labs);
  s.digest();
  s.labView(locale);
  const terms = s.terminalList();
  for (const t of terms) s.prompt(t.id);
  return s;
}

function need(): LabSession {
  if (!session) throw new Error('session not started');
  return session;
}

function currentState(): StateUpdate {
  const s = need();
  let lab: StateUpdate['lab'] = null;
  try {
    lab = s.labView(locale) ?? null;
  } catch (err) {
    // A broken lab must not take the terminal and topology down with it.
    console.warn('lab view failed', err);
  }
  return { digest: s.digest(), lab };
}

/** Sends the state only when something visible changed (the clock at most once a second). */
function publish(force = false): void {
  if (!session || !listener) return;
  const state = currentState();
  const { time: _t, ...rest } = state.digest;
  const key = JSON.stringify([rest, state.lab]);
  const packets = traceLogSince(session.world, nextTrace).slice(-PACKETS_PER_UPDATE);
  if (packets.length > 0) nextTrace = packets[packets.length - 1].seq + 1;
  if (!force && key === lastSent && packets.length === 0) return;
  lastSent = key;
  void listener(packets.length > 0 ? { ...state, packets } : state);
}

setInterval(() => {
  if (!session || !running) return;
  try {
    session.tick(TICK_MS * speed);
  } catch (err) {
    console.error('tick failed', err);
  }
  publish();
}, TICK_MS);

const api: SessionApi = {
  async start(opts) {
    locale = opts.locale;
    debug = opts.debug === true;
    // Realtime: waiting commands (sleep, ping, tcpdump) finish as the ticker below moves the clock.
    const labs = allLabs();
    const lab = opts.lab ?? (opts.scenario || opts.sandbox ? undefined : labs[0]?.id);
    session = null;
    shared = null;
    if (opts.share) {
      // Validated before anything runs; then replayed into a fresh session (instant time).
      const decoded = await shareDecode(opts.share);
      if (!decoded.ok) return { restoreFailed: decoded.error };
      try {
        session = await LabSession.replay(decoded.state, { labs, time: 'realtime' });
        shared = { state: decoded.state, position: decoded.state.events.length };
      } catch (err) {
        return { restoreFailed: err instanceof Error ? err.message : String(err) };
      }
    } else if (opts.restore) {
      try {
        session = restoreChecked(opts.restore, labs);
      } catch (err) {
        // Corrupted, or from an older version of the app: the UI asks before throwing it away.
        return { restoreFailed: err instanceof Error ? err.message : String(err) };
      }
    }
    if (!session) {
      const mode = isEncapChoice(opts.mode) && !lab ? opts.mode : undefined;
      const create = { scenario: opts.scenario, nodes: opts.nodes, mode, lab, seed: opts.seed };
      if (startIsPrebuilt(prebuiltStart, create)) {
        // The session this would create, computed at build time (start-snapshot.ts).
        session = LabSession.restore(prebuiltStart.snapshot, labs);
      } else {
        const fresh = LabSession.create({ ...create, time: 'realtime', labs });
        await fresh.ready; // a lab's setup: (a drill's fault) runs before the student sees the world
        session = fresh;
      }
    }
    lastSent = '';
    nextTrace = traceLogNext(session.world); // a lab's setup traffic is not the student's
    publish(true); // a reset keeps the subscriber; it must see the fresh world at once
    return {};
  },
  ping: () => true,
  subscribe(l) {
    listener = l;
    publish(true);
  },
  setLocale(l) {
    locale = l;
    publish(true);
  },
  setRunning(r) {
    running = r;
  },
  fastForward(ms) {
    // One jump of the simulated clock (timers, hold times, roll-outs), at most 10 minutes.
    need().tick(Math.max(0, Math.min(600_000, ms)));
    publish();
  },
  setSpeed(s) {
    speed = Math.max(0.5, Math.min(20, s));
  },
  openTerminal: (node) => need().openTerminal(node),
  terminals: () => need().terminalList(),
  closeTerminal: (term) => need().closeTerminal(term),
  prompt: (term) => need().prompt(term),
  async exec(term, line, out, editor) {
    // Output travels on the callback's own port; waiting for every delivery keeps it ahead of
    // the result, so the next prompt never lands before the command's last line.
    const delivered: Promise<unknown>[] = [];
    const sink: OutputSink = (chunk) => {
      delivered.push(Promise.resolve(out(chunk)).catch(() => undefined));
    };
    try {
      // `kubectl edit` waits for the page's editor drawer through the proxied `editor`.
      return await need().exec(term, line, sink, editor ? (file) => editor(file) : undefined);
    } finally {
      await Promise.all(delivered);
      publish();
    }
  },
  interrupt: (term) => need().interrupt(term),
  complete: (term, line, cursor) => need().complete(term, line, cursor),
  history: (term) => need().history(term),
  readFile: (node, path) => need().readFile(node, path),
  explain: (req) => explainLine(need().world, req, locale),
  writeFile(node, path, content) {
    const ok = need().writeFile(node, path, content);
    publish();
    return ok;
  },
  state: () => currentState(),
  inspect: (target) => inspect(need().world, target),
  snapshot: () => need().snapshot(),
  replayInfo: () => (shared ? { position: shared.position, labels: shared.state.events.map(eventLabel) } : null),
  async replayTo(upTo) {
    if (!shared) throw new Error('this session was not opened from a share link');
    const n = Math.max(0, Math.min(shared.state.events.length, Math.floor(upTo)));
    const next = await LabSession.replay(shared.state, { labs: allLabs(), time: 'realtime' }, n);
    session = next;
    shared.position = n;
    lastSent = '';
    nextTrace = traceLogNext(next.world);
    publish(true);
    return { position: n, labels: shared.state.events.map(eventLabel) };
  },
  loadPack(text) {
    // The browser has no JSON-schema validator: the lab engine's own rules and the lint's
    // world checks (scenario, nodes, commands, texts) apply; `npm run lab:lint` adds the schema.
    const r = packCheck(text, { known: labSources().map((l) => l.id), lint: (src) => labLint(src, () => []), file: 'pack' });
    if (!r.ok) return { errors: r.errors.slice(0, 50) };
    packLabs = r.sources;
    loadedPack = { view: r.pack, digest: contentDigest(text) };
    return { pack: r.pack };
  },
  labReceipt: (time) => labReceiptOf(need(), allLabs(), time),
  packReceipt: (codes) => packReceiptOf(loadedPack, codes, allLabs()),
  verifyReceipt: (code) => receiptVerify(code, allLabs(), loadedPack, locale),
  gradeTasks(tasks) {
    const out: Record<string, boolean> = {};
    for (const t of tasks) out[t.id] = need().evaluateChecks(t.checks).every(Boolean);
    return out;
  },
  async share() {
    try {
      return { code: await shareEncode(need().shareState()) };
    } catch (err) {
      return { error: err instanceof Error ? err.message : String(err) };
    }
  },
  async labCatalog(l) {
    // Loading a lab (YAML, validation, Markdown) costs tens of ms each: the catalog yields between
    // labs so a command typed meanwhile is not held up, and keeps what it loaded for next time.
    const out: LabSummary[] = [];
    for (const src of labSources()) {
      let lab = catalogCache.get(src.id);
      if (lab === undefined) {
        await new Promise((r) => setTimeout(r, 0));
        try {
          lab = LabRuntime.load(src);
        } catch (err) {
          console.warn('lab left out of the picker', err);
          lab = null;
        }
        catalogCache.set(src.id, lab);
      }
      if (!lab) continue;
      const v = lab.view(l);
      out.push({ id: v.id, title: v.title, level: v.level, minutes: v.minutes });
    }
    return out;
  },
  async editorSchema() {
    // Lazily: only a student who opens the editor pays for the schemas.
    const { manifestSchema } = await import('../emulator/schemas');
    return manifestSchema();
  },
  async previewApply(content) {
    const { applyPreview } = await import('../emulator/apply-preview');
    return applyPreview(need().world.snapshot(), content);
  },
  debugHang() {
    if (!debug) throw new Error('debugHang needs start({ debug: true })');
    for (;;) {
      /* a stuck command, as the supervisor sees it */
    }
  },
};

expose(api);
