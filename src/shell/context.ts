/** What a command sees while it runs: its arguments, its streams, the node and the world. */
import type { World } from '../emulator/world';
import type { NodeState } from '../emulator/state';

/** Per-terminal shell state: survives between command lines, saved with the session. */
export interface ShellState {
  /** Nodes entered with `ssh`, innermost last; `exit` pops one. */
  nodeStack: string[];
  cwd: string;
  env: Record<string, string>;
  history: string[];
  lastStatus: number;
}

/** How waiting is done: instantly on the command line, in step with the wall clock in the browser. */
export interface Timekeeper {
  /** Advance (or wait for) `ms` of simulated time; resolves early if the command is interrupted. */
  sleep(ms: number, ctl: RunControl): Promise<void>;
}

/** Interrupt state of the command line being run (Ctrl-C). */
export interface RunControl {
  interrupted: boolean;
  /** Simulated ms this line has waited; the command-line runner interrupts after 10 minutes. */
  waited: number;
}

export interface ShellEffects {
  edit?: { path: string; content: string };
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
  sleep(ms: number): Promise<void>;
  interrupted(): boolean;
  effects: ShellEffects;
  /** Run a nested command line (for `watch`, `$(...)`, `kubectl exec`). */
  run(line: string, out: (t: string) => void, err: (t: string) => void): Promise<number>;
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
