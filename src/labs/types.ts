/** The lab format: what a lab.yaml says, and what the guide renders. */

export type Locale = 'en' | 'zh-CN';
export const LOCALES: Locale[] = ['en', 'zh-CN'];

/** A lab as files: lab.yaml plus one Markdown text per locale. */
export interface LabSource {
  id: string;
  yaml: string;
  texts: Partial<Record<Locale, string>>;
  /** Where it came from, for error messages (`labs/01-deploy-calico/lab.yaml`). */
  path?: string;
  /**
   * `yaml` already parsed, as JSON text (bundled labs: parsed at build time by prebuild.config.ts,
   * so a start parses no YAML); absent, or null when it did not parse, `yaml` is parsed.
   */
  specJson?: string | null;
}

export type Localised = string | Partial<Record<Locale, string>>;

export interface CheckSpec {
  id: string;
  /** Exactly one predicate key, e.g. `file:`, `route:`, `pods:`, `nodes:`, `bgp:`, `ippool:`, `command:`. */
  [predicate: string]: unknown;
}

export interface StepSpec {
  id: string;
  checks: CheckSpec[];
  hints?: Localised[];
  solution?: string[];
}

export interface LabSpec {
  id: string;
  title: Localised;
  level: 'beginner' | 'intermediate' | 'advanced';
  minutes: number;
  scenario: string;
  nodes?: number;
  /**
   * Commands run unseen on the first node before the student starts (a drill's fault); `ssh NODE
   * COMMAND` reaches another node. The world is deterministic: every student gets the same start.
   */
  setup?: string[];
  steps: StepSpec[];
}

export interface CheckView {
  id: string;
  text: string;
  passed: boolean;
  evidence: string | null;
}

export interface StepView {
  id: string;
  title: string;
  markdown: string;
  checks: CheckView[];
  hints: string[];
  solution: string[];
  done: boolean;
}

export interface LabView {
  id: string;
  title: string;
  intro: string;
  level: string;
  minutes: number;
  steps: StepView[];
  done: boolean;
}
