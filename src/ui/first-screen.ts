/**
 * What the first screen does after the terminal: the student's first command must not wait for
 * the guide's Markdown or the topology's graph, so those render once the first prompt is up, one
 * small task per idle moment (a keystroke waits for one slice at most, never for all of them).
 * Work that needs no world (loading a renderer, creating an empty graph) may use the idle time
 * while the worker builds the cluster (`whenIdle` alone, without `afterPrompt`).
 */

/** Without a prompt (a refused saved session, a pack that failed to load) the rest shows anyway. */
const PROMPT_FALLBACK_MS = 4000;

let shown = false;
let release: () => void = () => undefined;
const prompted = new Promise<void>((resolve) => (release = resolve));
setTimeout(() => promptShown(), PROMPT_FALLBACK_MS);

/** Called once the first terminal shows its prompt (App.svelte). */
export function promptShown(): void {
  if (shown) return;
  shown = true;
  lastInput = performance.now();
  release();
}

/** Whether the first prompt is up: later renders need not queue. */
export function firstScreenDone(): boolean {
  return shown;
}

/** Settles once the first prompt is up (or after the fallback delay). */
export function afterPrompt(): Promise<void> {
  return prompted;
}

type Deadline = { timeRemaining(): number };
type IdleRequest = (cb: (deadline: Deadline) => void, opts: { timeout: number }) => void;
/** Safari has no requestIdleCallback: a short timeout stands in for it (one task each time). */
const requestIdle: IdleRequest =
  typeof requestIdleCallback === 'function'
    ? (cb, opts) => void requestIdleCallback(cb, opts)
    : (cb) => void setTimeout(() => cb({ timeRemaining: () => 0 }), 16);

/** How long an idle slice may wait before it runs anyway (a busy page still gets its guide). */
const IDLE_TIMEOUT_MS = 1000;
/**
 * Typing comes first: once the prompt shows, and while keys are being pressed (a student who
 * types at once, a paste), the queued renders wait until the keyboard has been quiet this long.
 */
const INPUT_QUIET_MS = 300;
/** The last keystroke, or the moment the first prompt showed. */
let lastInput = -Infinity;
if (typeof addEventListener === 'function') {
  addEventListener('keydown', () => (lastInput = performance.now()), { capture: true, passive: true });
}

const queue: (() => void)[] = [];
let draining = false;

function next(): void {
  if (queue.length === 0) {
    draining = false;
    return;
  }
  const quiet = performance.now() - lastInput;
  if (quiet < INPUT_QUIET_MS) setTimeout(next, INPUT_QUIET_MS - quiet);
  else requestIdle(drain, { timeout: IDLE_TIMEOUT_MS });
}

function drain(deadline: Deadline): void {
  // At least one task, more while the idle period lasts; input and the worker's messages get
  // the main thread in between.
  do {
    const task = queue.shift();
    if (!task) break;
    task();
  } while (queue.length > 0 && deadline.timeRemaining() > 8 && performance.now() - lastInput >= INPUT_QUIET_MS);
  next();
}

/** Runs `task` in an idle moment, after the tasks queued before it; resolves with its result. */
export function whenIdle<T>(task: () => T): Promise<Awaited<T>> {
  return new Promise<Awaited<T>>((resolve, reject) => {
    queue.push(() => {
      try {
        resolve(task() as Awaited<T> | PromiseLike<Awaited<T>>);
      } catch (err) {
        reject(err);
      }
    });
    if (!draining) {
      draining = true;
      next();
    }
  });
}

/** Runs `task` in an idle moment after the first prompt. */
export async function afterPromptIdle<T>(task: () => T): Promise<Awaited<T>> {
  await prompted;
  return whenIdle(task);
}
