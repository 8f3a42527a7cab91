/** What a command sees while it runs: its arguments, its streams, the node and the world. */
import type { World } from '../emulator/world';
import type { NodeState } from '../emulator/state';
import type { FunctionDef } from './parse/parser';

/** Per-terminal shell state: survives between command lines, saved with the session. */
export interface ShellState {
  /** Nodes entered with `ssh`, innermost last; `exit` pops one. */
  nodeStack: string[];
  cwd: string;
  env: Record<string, string>;
  history: string[];
  lastStatus: number;
  /** A shell inside a pod (`kubectl run -it`, `kubectl exec -it POD -- sh`): lines run there until `exit`. */
  pod?: PodShellState;
  /** Shell functions by name, as parsed when defined (`f() { …; }`). */
  functions?: Record<string, FunctionDef>;
  /** `alias NAME=VALUE` definitions, expanded where a command starts. */
  aliases?: Record<string, string>;
  /** `$1`, `$2`, …: set by `set --`, a function call or `source FILE ARGS`. */
  positional?: string[];
  /** `set -x` (xtrace) and `set -e` (errexit). */
  options?: { xtrace?: boolean; errexit?: boolean };
}

/** The pod a terminal is attached to, and the shell it runs there. */
export interface PodShellState {
  namespace: string;
  name: string;
  container: string;
  image: string;
  node: string;
  /** BusyBox ash, Debian's dash, bash, or bash run as `sh` (calico/node): the prompt and error wording differ. */
  shell: 'ash' | 'dash' | 'bash' | 'sh';
  cwd: string;
  /** `kubectl run --rm`: the pod is deleted when the shell exits. */
  rm: boolean;
  /** Who attached: `kubectl exec -it`, or `kubectl run -it` with the pod's restart policy. */
  via: 'exec' | 'run';
  restart?: string;
}

/** How waiting is done: instantly on the command line, in step with the wall clock in the browser. */
export interface Timekeeper {
  /**
   * Advance (or wait for) `ms` of simulated time; resolves early if the command is interrupted,
   * or as soon as `wakeIf` says there is something to do (a capture that received a packet).
   */
  sleep(ms: number, ctl: RunControl, wakeIf?: () => boolean): Promise<void>;
  /** A background job started (true) or ended (false). */
  track(ctl: RunControl, running: boolean): void;
  /** Wake waiters that are due or interrupted (after Ctrl-C or `kill %N`). */
  wake?(): void;
  /** Let running background jobs reach their next wait, so their output and end are seen. */
  settle?(): Promise<void>;
  /** `sleep N`: move time on at once, even in the browser where waits follow the wall clock. */
  fastForward?(ms: number, ctl: RunControl): Promise<void>;
}

/** Interrupt state of the command line being run (Ctrl-C). */
export interface RunControl {
  interrupted: boolean;
  /** Simulated ms this line has waited; the command-line runner interrupts after 10 minutes. */
  waited: number;
  /** Set for background jobs (`cmd &`): they wait without moving time themselves. */
  background?: boolean;
  /** True while the job waits in `sleep` (the scheduler knows it cannot run now). */
  parked?: boolean;
  /** How the terminal echoes an interrupt it did not receive from a key (`^C` at the time limit). */
  echo?: (text: string) => void;
  /** The editor a foreground command may open and wait for (`kubectl edit`); absent: none. */
  editor?: EditorHook;
  /** Called once when the line is interrupted (Ctrl-C), for a wait that is not a `sleep`. */
  onInterrupt?: () => void;
}

/** A file an editor opens while its command waits (kubectl edit's temporary file). */
export interface EditorFile {
  node: string;
  path: string;
  content: string;
}

/**
 * Opens an editor on a file and resolves when the student closes it: with the file's text then
 * (saved or not), or null when no editor could be opened (the command-line runner). The browser's
 * hook opens the editor drawer; Node tests script the edit.
 */
export type EditorHook = (file: EditorFile) => Promise<string | null>;

/** What a command sees after it opened an editor: the text, no editor at all, or Ctrl-C. */
export type EditorAnswer = string | null | 'interrupted';

/** Runs the line's editor hook, answering 'interrupted' as soon as Ctrl-C arrives. */
export function editorOpen(ctl: RunControl, file: EditorFile): Promise<EditorAnswer> {
  const hook = ctl.editor;
  if (!hook || ctl.background) return Promise.resolve(null);
  if (ctl.interrupted) return Promise.resolve('interrupted');
  return new Promise<EditorAnswer>((resolve) => {
    ctl.onInterrupt = () => resolve('interrupted');
    hook(file).then(resolve, () => resolve(null));
  }).finally(() => (ctl.onInterrupt = undefined));
}

/** A job started with `&`, as `jobs` lists it. */
export interface JobInfo {
  id: number;
  pid: number;
  text: string;
  state: 'Running' | 'Done' | 'Exit' | 'Terminated';
  status: number;
}

/** The terminal's job table, for the `jobs`, `fg`, `kill` and `wait` builtins. */
export interface JobControl {
  list(): JobInfo[];
  /** `+` current (most recent), `-` previous. */
  marker(id: number): '+' | '-' | ' ';
  /** Resolve `%N`, `%+`, `%-`, `%%` or a PID to a job id. */
  resolve(spec: string | undefined): number | null;
  /** Wait for a job (for `fg` and `wait`); resolves to its exit status. */
  await(id: number): Promise<number>;
  kill(id: number): void;
  /** Jobs that finished and were not yet reported; marks them reported. */
  takeFinished(ids?: number[]): (JobInfo & { marker: string })[];
  /** Start a parsed command in the background; returns its job id. */
  start(text: string, run: (ctl: RunControl) => Promise<number>): JobInfo;
}

export interface ShellEffects {
  edit?: { path: string; content: string };
  /** Files `download` hands to the browser (bytes as the file holds them). */
  download?: { name: string; data: Uint8Array }[];
  clear?: boolean;
  closed?: boolean;
}

export interface CommandContext {
  world: World;
  node: NodeState;
  shell: ShellState;
  argv: string[];
  /** For programs found as files on $PATH (calicoctl): the version the file says it is. */
  version?: string;
  stdin: string;
  /** True when stdout reaches the terminal directly (not a pipe or a file): curl's meter depends on it. */
  stdoutIsTty: boolean;
  out(text: string): void;
  err(text: string): void;
  sleep(ms: number, wakeIf?: () => boolean): Promise<void>;
  /** Move simulated time on by `ms` at once (the `sleep` command). */
  fastForward(ms: number): Promise<void>;
  interrupted(): boolean;
  effects: ShellEffects;
  /** Opens the terminal's editor on a file and waits for it (`kubectl edit`). */
  editor?(file: EditorFile): Promise<EditorAnswer>;
  jobs?: JobControl;
  /** Run a nested command line (for `watch`, `$(...)`, `kubectl exec`). */
  run(line: string, out: (t: string) => void, err: (t: string) => void): Promise<number>;
  /** Run a line as `bash -c` on a node, in a shell of its own (`ssh NODE 'LINE'`). */
  remote(node: string, line: string, out: (t: string) => void, err: (t: string) => void): Promise<number>;
}

export interface CommandSpec {
  name: string;
  summary: string;
  usage?: string;
  /** Not on a fresh node: runs only when a file on $PATH says it is this program (calicoctl). */
  installable?: boolean;
  /** Returns the exit status. May print; must not throw for bad input (throw only for bugs). */
  run(ctx: CommandContext): Promise<number> | number;
  /** Tab completion of arguments: candidates for the word being typed (`args` excludes it). */
  complete?(args: string[], word: string, ctx: Pick<CommandContext, 'world' | 'node' | 'shell'>): string[];
}

export function shellNode(world: World, shell: ShellState): NodeState {
  return world.node(shell.nodeStack[shell.nodeStack.length - 1])!;
}
