/**
 * Owns the session worker and supervises it. Components read `digest` and `lab` (replaced whole
 * on each update, hence $state.raw) and call the methods; nothing here computes network facts.
 *
 * Supervision: a heartbeat (`ping`) every second; a worker that throws an uncaught error, or
 * does not answer a ping within `hangMs` of wall time (a command stuck in a loop, a terminated
 * worker), is replaced by a new one started from the last saved snapshot. Calls in flight on the
 * old worker reject with `WorkerRestartedError`; calls made during the restart wait for it.
 */
import { proxy, releaseProxy, type Remote } from 'comlink';
import { spawnSessionWorker } from './boot';
import type {
  ApplyPreview,
  CheckSpec,
  Completion,
  EditorHook,
  ExecResult,
  ExplainRequest,
  Explanation,
  InspectDetail,
  InspectTarget,
  LabSummary,
  LabView,
  Locale,
  OutputSink,
  PacketTrace,
  PackAnswer,
  PackReceiptAnswer,
  ReceiptCheck,
  ReplayInfo,
  SessionApi,
  ShareAnswer,
  StartOptions,
  StartResult,
  StateUpdate,
  TerminalInfo,
  WorldDigest,
} from '../worker/protocol';

/** A call that was in flight when its worker was replaced: its answer is lost. */
export class WorkerRestartedError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'WorkerRestartedError';
  }
}

// Background calls in flight when the worker was replaced (a save, the lab catalog, a hover's
// explanation) reject with WorkerRestartedError; the restart notice already tells the student, so
// such a rejection left uncaught is expected, not a page error.
globalThis.addEventListener?.('unhandledrejection', (e: PromiseRejectionEvent) => {
  if (e.reason instanceof WorkerRestartedError) e.preventDefault();
});

export interface SupervisorOptions {
  /** Wall ms without an answer to a ping before the worker counts as hung (default 10 s). */
  hangMs?: number;
  /** Called with every snapshot taken, to persist it. */
  onSnapshot?: (snapshot: string) => void;
  /** Called after a replacement worker has restored the session. */
  onRestarted?: () => void | Promise<void>;
  /** A worker spawned early by src/ui/boot.ts, adopted instead of spawning one. */
  worker?: { worker: Worker; api: Remote<SessionApi> };
}

const HEARTBEAT_MS = 1000;
/** Traced sends the page keeps for the packet inspector. */
const PACKETS_KEPT = 12;
/** Clock speeds the student can pick: slow motion for packets, fast-forward for roll-outs and hold timers. */
export const CLOCK_SPEEDS = [0.5, 1, 2, 5, 10, 20];
/** A restart that itself fails this many times in a row gives up and shows the error. */
const MAX_RESTARTS_IN_A_ROW = 3;

export class WorkerClient {
  digest = $state.raw<WorldDigest | null>(null);
  lab = $state.raw<LabView | null>(null);
  /** The last few traced sends (newest last), for the packet animation and inspector. */
  packets = $state.raw<PacketTrace[]>([]);
  catalog = $state.raw<LabSummary[]>([]);
  ready = $state(false);
  error = $state<string | null>(null);
  /** Why the worker was last restarted (shown to the student until dismissed). */
  restartNotice = $state<string | null>(null);
  restarting = $state(false);
  restarts = $state(0);
  /** Whether the simulated clock follows wall time (the student can pause it). */
  running = $state(true);
  speed = $state(1);

  #worker!: Worker;
  #api!: Remote<SessionApi>;
  #kill!: (err: Error) => void;
  #dead!: Promise<never>;
  #restartDone: Promise<void> = Promise.resolve();
  #opts: SupervisorOptions;
  #hangMs: number;
  #startOpts: StartOptions | null = null;
  #snapshot: string | undefined;
  #locale: Locale = 'en';
  #pingSentAt: number | null = null;
  #heartbeat: ReturnType<typeof setInterval>;
  #failuresInARow = 0;
  #subscribed: Remote<SessionApi> | null = null;

  constructor(opts: SupervisorOptions = {}) {
    this.#opts = opts;
    this.#hangMs = opts.hangMs ?? 10_000;
    this.#spawn(opts.worker);
    this.#heartbeat = setInterval(() => this.#beat(), HEARTBEAT_MS);
  }

  #spawn(early?: { worker: Worker; api: Remote<SessionApi> }): void {
    const { worker, api } = early ?? spawnSessionWorker();
    this.#worker = worker;
    this.#worker.addEventListener('error', (e) => {
      e.preventDefault();
      void this.#restart(`the simulator threw an error (${e.message || 'unknown'})`);
    });
    this.#api = api;
    this.#dead = new Promise<never>((_, reject) => (this.#kill = reject));
    this.#dead.catch(() => undefined);
    this.#pingSentAt = null;
  }

  /** Every API call goes through here: it waits out a restart and fails if its worker dies. */
  async #call<T>(f: (api: Remote<SessionApi>) => Promise<T>): Promise<T> {
    await this.#restartDone;
    return Promise.race([f(this.#api), this.#dead]);
  }

  #beat(): void {
    // Hidden tabs have their timers throttled; a missed beat there proves nothing.
    if (!this.ready || this.restarting || document.visibilityState === 'hidden') return;
    if (this.#pingSentAt !== null) {
      if (Date.now() - this.#pingSentAt > this.#hangMs) {
        void this.#restart(`the simulator stopped answering for ${Math.round(this.#hangMs / 1000)} s`);
      }
      return;
    }
    const sentAt = Date.now();
    const dead = this.#dead;
    this.#pingSentAt = sentAt;
    void Promise.race([this.#api.ping(), dead]).then(
      () => {
        if (this.#pingSentAt === sentAt) this.#pingSentAt = null;
      },
      () => undefined,
    );
  }

  async #startOn(opts: StartOptions, sent?: Promise<StartResult>): Promise<StartResult> {
    const api = this.#api;
    const result = await Promise.race([sent ?? api.start(opts), this.#dead]);
    if (result.restoreFailed || this.#subscribed === api) return result;
    this.#subscribed = api;
    await api.subscribe(
      proxy((u: StateUpdate) => {
        if (api !== this.#api) return; // a late update from a replaced worker
        this.digest = u.digest;
        this.lab = u.lab;
        if (u.packets) {
          // A new world (another lab, a reset, a restarted worker) numbers its sends from 1 again.
          const last = this.packets[this.packets.length - 1]?.seq ?? 0;
          this.packets = (u.packets[0].seq > last ? [...this.packets, ...u.packets] : u.packets).slice(-PACKETS_KEPT);
        }
      }),
    );
    return result;
  }

  /**
   * Starts the session (fresh or from `opts.restore`). A snapshot the worker cannot use comes
   * back as `restoreFailed` and nothing is started: the caller offers a reset. `sent` is the
   * answer of a start already sent with `opts` (src/ui/boot.ts).
   */
  async start(opts: StartOptions, sent?: Promise<StartResult>): Promise<StartResult> {
    await this.#restartDone;
    this.#locale = opts.locale;
    try {
      const result = await this.#startOn(opts, sent);
      if (result.restoreFailed) return result;
      this.#startOpts = { ...opts, restore: undefined, share: undefined };
      this.#snapshot = opts.restore;
      this.#pingSentAt = null;
      this.error = null;
      this.ready = true;
      return result;
    } catch (err) {
      this.error = err instanceof Error ? err.message : String(err);
      throw err;
    }
  }

  /** Replaces the worker and restores the last snapshot taken (at most one command old). */
  async #restart(reason: string): Promise<void> {
    if (this.restarting || !this.#startOpts) return;
    this.restarting = true;
    this.restartNotice = reason;
    let done!: () => void;
    this.#restartDone = new Promise<void>((r) => (done = r));
    const old = this.#worker;
    const oldApi = this.#api;
    this.#kill(new WorkerRestartedError(reason));
    try {
      oldApi[releaseProxy]();
    } catch {
      /* the port may already be gone */
    }
    old.terminate();
    try {
      this.#spawn();
      let result = await this.#startOn({ ...this.#startOpts, locale: this.#locale, restore: this.#snapshot });
      if (result.restoreFailed) {
        // The last snapshot itself is unusable: better a fresh cluster than none.
        console.warn('restart: snapshot refused, starting afresh', result.restoreFailed);
        this.#snapshot = undefined;
        result = await this.#startOn({ ...this.#startOpts, locale: this.#locale });
      }
      await this.#api.setRunning(this.running);
      await this.#api.setSpeed(this.speed);
      this.restarts++;
      this.#failuresInARow = 0;
    } catch (err) {
      this.#failuresInARow++;
      console.error('restart failed', err);
      if (this.#failuresInARow >= MAX_RESTARTS_IN_A_ROW) {
        this.error = err instanceof Error ? err.message : String(err);
        this.ready = false;
      }
    } finally {
      this.#pingSentAt = null;
      this.restarting = false;
      done();
    }
    if (this.ready) await this.#opts.onRestarted?.();
  }

  toggleClock() {
    this.running = !this.running;
    return this.#call((a) => a.setRunning(this.running));
  }

  /** Cycles through CLOCK_SPEEDS (0.5x slow motion to 20x fast-forward), back to the start. */
  cycleSpeed() {
    const next = CLOCK_SPEEDS.find((s) => s > this.speed);
    return this.setSpeed(next ?? CLOCK_SPEEDS[0]);
  }

  /** Jumps the simulated clock ahead (a minute by default). */
  fastForward(ms = 60_000) {
    return this.#call((a) => a.fastForward(ms));
  }

  setSpeed(speed: number) {
    this.speed = speed;
    return this.#call((a) => a.setSpeed(speed));
  }

  /** One output line explained by the worker from the world as it is now. */
  explain(req: ExplainRequest): Promise<Explanation | null> {
    return this.#call((a) => a.explain(req));
  }

  async setLocale(locale: Locale) {
    this.#locale = locale;
    await this.#call((a) => a.setLocale(locale));
    this.catalog = await this.#call((a) => a.labCatalog(locale));
  }

  openTerminal(node?: string): Promise<number> {
    return this.#call((a) => a.openTerminal(node));
  }

  terminals(): Promise<TerminalInfo[]> {
    return this.#call((a) => a.terminals());
  }

  closeTerminal(term: number): Promise<void> {
    return this.#call((a) => a.closeTerminal(term));
  }

  prompt(term: number): Promise<string> {
    return this.#call((a) => a.prompt(term));
  }

  async exec(term: number, line: string, out: OutputSink, editor?: EditorHook): Promise<ExecResult> {
    // The proxied callbacks stream output and open the editor (`kubectl edit`) while the command runs.
    return this.#call((a) => a.exec(term, line, proxy(out), editor ? proxy(editor) : undefined));
  }

  /** The session as a string; kept as the restart point and handed to `onSnapshot`. */
  async snapshot(): Promise<string> {
    const s = await this.#call((a) => a.snapshot());
    this.#snapshot = s;
    this.#opts.onSnapshot?.(s);
    return s;
  }

  loadPack(text: string): Promise<PackAnswer> {
    return this.#call((a) => a.loadPack(text));
  }

  labReceipt(time: number): Promise<string | null> {
    return this.#call((a) => a.labReceipt(time));
  }

  packReceipt(labCodes: string[]): Promise<PackReceiptAnswer> {
    return this.#call((a) => a.packReceipt(labCodes));
  }

  verifyReceipt(code: string): Promise<ReceiptCheck> {
    return this.#call((a) => a.verifyReceipt(code));
  }

  replayInfo(): Promise<ReplayInfo | null> {
    return this.#call((a) => a.replayInfo());
  }

  replayTo(upTo: number): Promise<ReplayInfo> {
    return this.#call((a) => a.replayTo(upTo));
  }

  gradeTasks(tasks: { id: string; checks: CheckSpec[] }[]): Promise<Record<string, boolean>> {
    return this.#call((a) => a.gradeTasks(tasks));
  }

  /** The session as a share link's fragment text, or why it cannot be shared. */
  share(): Promise<ShareAnswer> {
    return this.#call((a) => a.share());
  }

  interrupt(term: number) {
    return this.#call((a) => a.interrupt(term));
  }

  complete(term: number, line: string, cursor: number): Promise<Completion> {
    return this.#call((a) => a.complete(term, line, cursor));
  }

  history(term: number): Promise<string[]> {
    return this.#call((a) => a.history(term));
  }

  readFile(node: string, path: string): Promise<string | null> {
    return this.#call((a) => a.readFile(node, path));
  }

  /** Details of a clicked BGP session, pod or block. */
  inspect(target: InspectTarget): Promise<InspectDetail | null> {
    return this.#call((a) => a.inspect(target) as Promise<InspectDetail | null>);
  }

  writeFile(node: string, path: string, content: string): Promise<boolean> {
    return this.#call((a) => a.writeFile(node, path, content));
  }

  editorSchema(): Promise<Record<string, unknown>> {
    return this.#call((a) => a.editorSchema());
  }

  previewApply(content: string): Promise<ApplyPreview> {
    // Typed explicitly: comlink's Remote<> spreads the union of results into a union of promises.
    return this.#call<ApplyPreview>((a) => a.previewApply(content) as Promise<ApplyPreview>);
  }

  /** Test hook (`?debug`): the worker dies without a word, as when the browser kills it. */
  debugKill(): void {
    this.#worker.terminate();
  }

  /** Test hook (`?debug`): the worker spins forever, as a command stuck in a loop would. */
  debugHang(): void {
    void this.#api.debugHang();
  }

  dispose() {
    clearInterval(this.#heartbeat);
    this.#api[releaseProxy]();
    this.#worker.terminate();
  }
}
