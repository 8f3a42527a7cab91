/**
 * Owns the session worker. Components read `digest` and `lab` (replaced whole on each update,
 * hence $state.raw) and call the methods; nothing here computes network facts.
 */
import { wrap, proxy, releaseProxy, type Remote } from 'comlink';
import type {
  Completion,
  ExecResult,
  LabSummary,
  LabView,
  Locale,
  OutputSink,
  SessionApi,
  StartOptions,
  StateUpdate,
  WorldDigest,
} from '../worker/protocol';

export class WorkerClient {
  digest = $state.raw<WorldDigest | null>(null);
  lab = $state.raw<LabView | null>(null);
  catalog = $state.raw<LabSummary[]>([]);
  ready = $state(false);
  error = $state<string | null>(null);
  /** Whether the simulated clock follows wall time (the student can pause it). */
  running = $state(true);
  speed = $state(1);

  #worker: Worker;
  #api: Remote<SessionApi>;

  constructor() {
    this.#worker = new Worker(new URL('../worker/session.worker.ts', import.meta.url), {
      type: 'module',
    });
    this.#api = wrap<SessionApi>(this.#worker);
  }

  async start(opts: StartOptions) {
    try {
      await this.#api.start(opts);
      if (!this.ready) {
        await this.#api.subscribe(
          proxy((u: StateUpdate) => {
            this.digest = u.digest;
            this.lab = u.lab;
          }),
        );
      }
      this.ready = true;
    } catch (err) {
      this.error = err instanceof Error ? err.message : String(err);
      throw err;
    }
  }

  toggleClock() {
    this.running = !this.running;
    return this.#api.setRunning(this.running);
  }

  /** Cycles 1x -> 4x -> 16x -> 1x. */
  cycleSpeed() {
    this.speed = this.speed >= 16 ? 1 : this.speed * 4;
    return this.#api.setSpeed(this.speed);
  }

  async setLocale(locale: Locale) {
    await this.#api.setLocale(locale);
    this.catalog = await this.#api.labCatalog(locale);
  }

  openTerminal(node?: string): Promise<number> {
    return this.#api.openTerminal(node);
  }

  prompt(term: number): Promise<string> {
    return this.#api.prompt(term);
  }

  async exec(term: number, line: string, out: OutputSink): Promise<ExecResult> {
    // The proxied callback streams output while the command runs.
    return this.#api.exec(term, line, proxy(out));
  }

  snapshot(): Promise<string> {
    return this.#api.snapshot();
  }

  interrupt(term: number) {
    return this.#api.interrupt(term);
  }

  complete(term: number, line: string, cursor: number): Promise<Completion> {
    return this.#api.complete(term, line, cursor);
  }

  history(term: number): Promise<string[]> {
    return this.#api.history(term);
  }

  readFile(node: string, path: string): Promise<string | null> {
    return this.#api.readFile(node, path);
  }

  writeFile(node: string, path: string, content: string): Promise<boolean> {
    return this.#api.writeFile(node, path, content);
  }

  dispose() {
    this.#api[releaseProxy]();
    this.#worker.terminate();
  }
}
