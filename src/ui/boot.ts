/**
 * The page's first moves, before the Svelte app (a separate chunk) has even been fetched: spawn
 * the session worker and send it `start` with the URL's options and the saved snapshot. The
 * worker's download, parse and world creation then overlap the app's; `WorkerClient` adopts the
 * worker and the pending start (`takeBoot`). Kept small: only comlink and saved-session here
 * (the saved session is read from IndexedDB while the worker loads).
 */
import { wrap, type Remote } from 'comlink';
import type { Locale, SessionApi, StartOptions, StartResult } from '../worker/protocol';
import { savedSessionKey, savedSessionLoad, type SavedLoad } from './saved-session';

export const LOCALE_KEY = 'calico-lab.locale';

export function initialLocale(): Locale {
  let saved: string | null = null;
  try {
    saved = globalThis.localStorage?.getItem(LOCALE_KEY) ?? null;
  } catch {
    /* storage disabled */
  }
  if (saved === 'en' || saved === 'zh-CN') return saved;
  return globalThis.navigator?.language?.startsWith('zh') ? 'zh-CN' : 'en';
}

export function spawnSessionWorker(): { worker: Worker; api: Remote<SessionApi> } {
  const worker = new Worker(new URL('../worker/session.worker.ts', import.meta.url), { type: 'module' });
  return { worker, api: wrap<SessionApi>(worker) };
}

/** `?nodes=N` for a bare scenario: a whole number the scenarios accept, else the scenario's own. */
export function nodesParam(params: URLSearchParams): number | undefined {
  const n = Number(params.get('nodes'));
  return params.has('nodes') && Number.isInteger(n) && n >= 1 && n <= 1000 ? n : undefined;
}

/** The start options the URL asks for: ?lab=ID, ?scenario=NAME[&nodes=N][&mode=M], ?sandbox; else the first lab (the worker checks the mode). */
export function startOptionsFor(params: URLSearchParams, locale: Locale): StartOptions {
  return {
    lab: params.get('lab') ?? undefined,
    scenario: params.get('scenario') ?? undefined,
    nodes: params.has('lab') ? undefined : nodesParam(params),
    mode: params.has('lab') ? undefined : (params.get('mode') ?? undefined),
    sandbox: params.has('sandbox'),
    locale,
    debug: params.has('debug'),
  };
}

/** The fragment text of a share link (`#share=…`), if the page was opened from one. */
export function shareFromHash(): string | undefined {
  const m = /^#share=(.*)$/.exec(globalThis.location?.hash ?? '');
  return m ? m[1] : undefined;
}

/** The saved session of the URL's slot (none with ?fresh), checked. */
export function loadSaved(params: URLSearchParams): Promise<SavedLoad> {
  return params.has('fresh') ? Promise.resolve({}) : savedSessionLoad(savedSessionKey(params));
}

/** What the early boot did once the saved session was read: the start sent, if any. */
export interface BootStart {
  /** The start already sent, with what it was sent with; absent when the save was refused. */
  start?: { opts: StartOptions; result: Promise<StartResult> };
  saved: SavedLoad;
  /** Nothing was read or sent: the app loads `?pack=URL` first, then starts (its labs may be in the pack). */
  deferred?: boolean;
}

export interface Boot {
  worker: Worker;
  api: Remote<SessionApi>;
  /** Settles once the saved session has been read from IndexedDB and `start` sent. */
  begun: Promise<BootStart>;
}

let boot: Boot | null = null;

async function beginStart(api: Remote<SessionApi>, params: URLSearchParams): Promise<BootStart> {
  if (params.has('pack')) return { saved: {}, deferred: true };
  const share = shareFromHash();
  if (share !== undefined) {
    // A share link starts in a slot of its own (the app marks the URL ?shared): the viewer's
    // saved work in this lab is not read here, and not overwritten later.
    const opts = { ...startOptionsFor(params, initialLocale()), share };
    const result = api.start(opts);
    result.catch(() => undefined);
    return { saved: {}, start: { opts, result } };
  }
  const saved = await loadSaved(params);
  if (saved.error !== undefined) return { saved };
  const opts = { ...startOptionsFor(params, initialLocale()), restore: saved.snapshot };
  performance.mark('calico-lab:start-sent'); // these marks: bench/browser.ts
  const result = api.start(opts);
  void result.then(() => performance.mark('calico-lab:start-answered'), () => undefined);
  result.catch(() => undefined); // the app reports it when it takes the boot
  return { saved, start: { opts, result } };
}

export function bootEarly(): void {
  const params = new URLSearchParams(location.search);
  const { worker, api } = spawnSessionWorker();
  // The worker downloads and parses while IndexedDB opens; `start` follows the read.
  boot = { worker, api, begun: beginStart(api, params) };
}

/** The early worker and its pending start, once; null when there is none (tests, a remount). */
export function takeBoot(): Boot | null {
  const b = boot;
  boot = null;
  return b;
}
