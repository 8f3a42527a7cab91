/**
 * The one description of what crosses the worker boundary. The UI imports only types from here,
 * so the shell and emulator never end up in the main bundle.
 */
import type { Completion, ExecResult, OutputSink, WorldDigest } from '../shell/api';

export type { Completion, ExecResult, OutputChunk, OutputSink, WorldDigest } from '../shell/api';

export type Locale = 'en' | 'zh-CN';

/** One named check of a lab step, as the lab engine evaluated it. */
export interface LabCheckView {
  id: string;
  text: string;
  passed: boolean;
  evidence?: string;
}

export interface LabStepView {
  id?: string;
  title?: string;
  /** Markdown body of the step. */
  text: string;
  checks: LabCheckView[];
  hints: string[];
  solution: string[];
}

export interface LabView {
  id?: string;
  title: string;
  /** Optional markdown introduction shown above the steps. */
  intro?: string;
  steps: LabStepView[];
}

/** Pushed to the UI whenever the world changes (after a command or a clock tick). */
export interface StateUpdate {
  digest: WorldDigest;
  lab: LabView | null;
}

export type UpdateListener = (update: StateUpdate) => void;

/** The API the worker exposes through comlink. Every method is async across the boundary. */
export interface SessionApi {
  start(opts: { scenario?: string; lab?: string; seed?: number; locale: Locale }): Promise<void>;
  subscribe(listener: UpdateListener): void;
  setLocale(locale: Locale): void;
  setRunning(running: boolean): void;
  openTerminal(node?: string): number;
  prompt(term: number): string;
  exec(term: number, line: string, out: OutputSink): Promise<ExecResult>;
  interrupt(term: number): void;
  complete(term: number, line: string, cursor: number): Completion;
  history(term: number): string[];
  readFile(node: string, path: string): string | null;
  writeFile(node: string, path: string, content: string): void;
  state(): StateUpdate;
}
