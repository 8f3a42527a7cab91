/**
 * The one description of what crosses the worker boundary. The UI imports only types from here,
 * so the shell and emulator never end up in the main bundle.
 */
import type { Completion, ExecResult, OutputSink, WorldDigest } from '../shell/api';
import type { CheckSpec, LabView, Locale } from '../labs/types';
import type { PackView } from '../labs/pack';
import type { ApplyPreview } from '../emulator/apply-preview';
export type { ApplyPreview, RouteChange, SessionChange } from '../emulator/apply-preview';
import type { ExplainRequest, Explanation } from '../emulator/explain';
export type { ExplainHighlight, ExplainRequest, Explanation } from '../emulator/explain';
export type { PackView } from '../labs/pack';

export type { Completion, ExecResult, OutputChunk, OutputSink, WorldDigest } from '../shell/api';
import type { EditorHook } from '../shell/context';
export type { EditorFile, EditorHook } from '../shell/context';

export type { Locale } from '../labs/types';

export type { CheckSpec, CheckView, LabView, StepView } from '../labs/types';

/** A traced send (hops with their header stacks and deciding rules) for the packet inspector. */
export type { TraceRecord as PacketTrace, TraceHop, HeaderSummary, RuleDecision } from '../emulator/net/trace';
import type { TraceRecord } from '../emulator/net/trace';

/** Details of a clicked session, pod or block (src/worker/inspect.ts computes them). */
export type { BlockDetail, InspectDetail, InspectTarget, PodDetail, SessionDetail, SessionSide } from './inspect-types';
import type { InspectDetail, InspectTarget } from './inspect-types';

/** What `share` answers: the link's fragment text, or why the session cannot be shared. */
export interface ShareAnswer {
  code?: string;
  error?: string;
}

/** The replay scrubber's view of a share link: where it is, and a label per event. */
export interface ReplayInfo {
  position: number;
  labels: string[];
}

/** What `loadPack` answers: the pack, or every problem found in it. */
export interface PackAnswer {
  pack?: PackView;
  errors?: string[];
}

/** A pasted completion receipt as the app reads it (src/labs/receipt.ts, src/worker/receipts.ts). */
export interface ReceiptCheck {
  ok: boolean;
  /** Why it is not a valid receipt. */
  error?: string;
  kind?: 'lab' | 'pack';
  id?: string;
  title?: string;
  /** Completion time, wall ms since 1970. */
  time?: number;
  passed?: number;
  total?: number;
  /** The lab or pack here has the receipt's content ('same'), another version of it, or is not here. */
  content?: 'same' | 'changed' | 'unknown';
}

/** What `packReceipt` answers: the loaded pack's receipt, or its labs without a complete receipt. */
export interface PackReceiptAnswer {
  code?: string;
  missing?: string[];
}

/** One entry of the lab picker. */
export interface LabSummary {
  id: string;
  title: string;
  level: string;
  minutes: number;
}

/** Pushed to the UI whenever the world changes (after a command or a clock tick). */
export interface StateUpdate {
  digest: WorldDigest;
  lab: LabView | null;
  /** Sends traced since the last update (the last few packets), for the animation and inspector. */
  packets?: TraceRecord[];
}

export type UpdateListener = (update: StateUpdate) => void;

export interface StartOptions {
  lab?: string;
  scenario?: string;
  /** No lab at all: the scenario only. */
  sandbox?: boolean;
  seed?: number;
  /** Cluster size for a bare scenario (the sandbox's picker); a lab sets its own. */
  nodes?: number;
  /** The sandbox's encapsulation (ipip, ipip-crosssubnet, vxlan, vxlan-crosssubnet, none): Calico installed with that pool. */
  mode?: string;
  locale: Locale;
  /** A snapshot saved by an earlier visit: the world and lab progress continue from it. */
  restore?: string;
  /** A share link's fragment (after `#share=`): validated, then replayed into a fresh session. */
  share?: string;
  /** Test hooks (`?debug`): allows `debugHang`. */
  debug?: boolean;
}

/** What `start` reports: a snapshot that could not be restored leaves no session started. */
export interface StartResult {
  /** Why the saved snapshot was refused; the UI offers a reset instead of a blank page. */
  restoreFailed?: string;
}

/** One open shell in the worker, as a restore gives it back. */
export interface TerminalInfo {
  id: number;
  node: string;
}

/** The API the worker exposes through comlink. Every method is async across the boundary. */
export interface SessionApi {
  /** Starts (or restarts) the world: a lab by id, a bare scenario, or by default the first lab. */
  start(opts: StartOptions): Promise<StartResult>;
  /** Heartbeat for the UI's supervisor: answers at once unless the worker is stuck. */
  ping(): boolean;
  subscribe(listener: UpdateListener): void;
  setLocale(locale: Locale): void;
  setRunning(running: boolean): void;
  /** Simulated ms per wall ms (1 = real time), 0.5 to 20 as issue #6 asks; fast-forward for slow roll-outs. */
  setSpeed(speed: number): void;
  /** Moves the simulated clock ahead by `ms` at once (the clock's fast-forward button). */
  fastForward(ms: number): void;
  /** One output line explained from the world as it is now (hover in the terminal), or null. */
  explain(req: ExplainRequest): Explanation | null;
  openTerminal(node?: string): number;
  /** The shells the session has (a restored session keeps the saved ones with their ids). */
  terminals(): TerminalInfo[];
  closeTerminal(term: number): void;
  prompt(term: number): string;
  /** `editor`: opens the page's editor on a file and resolves with its text once closed (`kubectl edit`). */
  exec(term: number, line: string, out: OutputSink, editor?: EditorHook): Promise<ExecResult>;
  interrupt(term: number): void;
  complete(term: number, line: string, cursor: number): Completion;
  history(term: number): string[];
  readFile(node: string, path: string): string | null;
  /** False when the path cannot be written (a directory, a missing parent). */
  writeFile(node: string, path: string, content: string): boolean;
  state(): StateUpdate;
  /** Details of a clicked session, pod or block (null when it no longer exists). */
  inspect(target: InspectTarget): InspectDetail | null;
  /** The whole session as a string, for the UI to keep across page loads. */
  snapshot(): string;
  /** The session as a share link's fragment text, or why it cannot be shared. */
  share(): Promise<ShareAnswer>;
  /** After a share link: its events as one-line labels (the replay scrubber), else null. */
  replayInfo(): ReplayInfo | null;
  /** The scrubber: a fresh session replaying the share link's first `upTo` events. */
  replayTo(upTo: number): Promise<ReplayInfo>;
  /** A workshop pack file: checked (with the lab lint for inline labs); its inline labs become startable. */
  loadPack(text: string): PackAnswer;
  /** The current lab's completion receipt (completed at `time`, wall ms), or null until every check passed. */
  labReceipt(time: number): string | null;
  /** The loaded pack's receipt from the student's lab receipts, or the labs still missing one. */
  packReceipt(labCodes: string[]): PackReceiptAnswer;
  /** A pasted receipt checked: valid or why not, what it names, whether its content is the one here. */
  verifyReceipt(code: string): ReceiptCheck;
  /** Exam tasks: whether each group of lab checks passes on the current world. */
  gradeTasks(tasks: { id: string; checks: CheckSpec[] }[]): Record<string, boolean>;
  /** The labs bundled with the app, titled in `locale`; malformed labs are left out. */
  labCatalog(locale: Locale): Promise<LabSummary[]>;
  /** The editor's schema of Calico and Kubernetes manifests (monaco-yaml), loaded on first use. */
  editorSchema(): Promise<Record<string, unknown>>;
  /** What applying `content` would change in BGP sessions and routes, worked out on a copy of the world. */
  previewApply(content: string): Promise<ApplyPreview>;
  /** Test hook, only after `start({ debug: true })`: blocks the worker forever, as a bug would. */
  debugHang(): void;
}
