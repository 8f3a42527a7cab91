/**
 * The page's first moves, before the Svelte app (a separate chunk) has even been fetched: spawn
 * the session worker and send it `start` with the URL's options and the saved snapshot. The
 * worker's download, parse and world creation then overlap the app's; `WorkerClient` adopts the
 * worker and the pending start (`takeBoot`). Kept small: only comlink and saved-session here.
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

/** The start options the URL asks for: ?lab=ID, ?scenario=NAME, ?sandbox; else the first lab. */
export function startOptionsFor(params: URLSearchParams, locale: Locale): StartOptions {
  return {
    lab: params.get('lab') ?? undefined,
    scenario: params.get('scenario') ?? undefined,
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
export function loadSaved(params: URLSearchParams): SavedLoad {
  return params.has('fresh') ? {} : savedSessionLoad(savedSessionKey(params));
}

export interface Boot {
  worker: Worker;
  api: Remote<SessionApi>;
  /** The start already sent, with what it was sent with; absent when the save was refused. */
  start?: { opts: StartOptions; result: Promise<StartResult> };
  saved: SavedLoad;
}

let boot: Boot | null = null;

export function bootEarly(): void {
  const params = new URLSearchParams(location.search);
  const { worker, api } = spawnSessionWorker();
  const saved = loadSaved(params);
  boot = { worker, api, saved };
  const share = shareFromHash();
  if (share !== undefined) {
    // A share link replaces the slot's saved state: the trainer sees the student's session.
    boot.saved = {};
    const opts = { ...startOptionsFor(params, initialLocale()), share };
    const result = api.start(opts);
    result.catch(() => undefined);
    boot.start = { opts, result };
  } else if (saved.error === undefined) {
    const opts = { ...startOptionsFor(params, initialLocale()), restore: saved.snapshot };
    const result = api.start(opts);
    result.catch(() => undefined); // the app reports it when it takes the boot
    boot.start = { opts, result };
  }
}

/** The early worker and its pending start, once; null when there is none (tests, a remount). */
export function takeBoot(): Boot | null {
  const b = boot;
  boot = null;
  return b;
}
