/**
 * A lab in progress: its spec and texts, the commands the student ran, and which checks have
 * passed. Checks latch: once a step's check has passed it stays ticked, like a finished exercise.
 */
import { parse as parseYaml } from 'yaml';
import type { World } from '../emulator/world';
import type { CheckView, LabSource, LabSpec, LabView, Locale, Localised, StepView } from './types';
import { LOCALES } from './types';
import type { CommandRecord } from './checks';
import { PREDICATES, translator } from './checks';
import { labTextParse } from './markdown-sections';
import type { LabText } from './markdown-sections';
import { labSpecProblems } from './validate';

export interface LabProgress {
  passed: string[]; // `${step}/${check}`
  commands: CommandRecord[];
}

const MAX_COMMANDS_KEPT = 500;

export class LabRuntime {
  private passed = new Set<string>();
  private commands: CommandRecord[] = [];

  private constructor(public lab: LabSpec, private texts: Partial<Record<Locale, LabText>>) {}

  /** Parse and validate a lab; throws an Error listing the problems when it is malformed. */
  static load(source: LabSource): LabRuntime {
    // JSON.parse gives each load objects of its own, as parseYaml does.
    const spec = (typeof source.specJson === 'string' ? JSON.parse(source.specJson) : parseYaml(source.yaml)) as LabSpec;
    const problems = labSpecProblems(spec);
    if (problems.length) throw new Error(`${source.path ?? source.id}: ${problems.join('; ')}`);
    const texts: Partial<Record<Locale, LabText>> = {};
    for (const l of LOCALES) if (source.texts[l]) texts[l] = labTextParse(source.texts[l]!);
    return new LabRuntime(spec, texts);
  }

  /** Lab-specific start state beyond the scenario (none yet: scenarios carry the state). */
  setup(_world: World): void {}

  recordCommand(node: string, line: string, status: number, world: World): void {
    this.commands.push({ node, line, status });
    if (this.commands.length > MAX_COMMANDS_KEPT) this.commands.shift();
    this.evaluate(world);
  }

  /** Evaluate every check that has not passed yet. */
  evaluate(world: World): void {
    const t = translator('en');
    for (const step of this.lab.steps) {
      for (const check of step.checks) {
        const key = `${step.id}/${check.id}`;
        if (this.passed.has(key)) continue;
        const [name, args] = predicateOf(check);
        if (PREDICATES[name].evaluate(args, { world, commands: this.commands }, t).passed) this.passed.add(key);
      }
    }
  }

  /** Every check with its sentence and, when unmet, its evidence in the given language. */
  viewWith(world: World | null, locale: Locale): LabView {
    const t = translator(locale);
    const text = this.texts[locale] ?? this.texts.en;
    const steps: StepView[] = this.lab.steps.map((step) => {
      const section = text?.steps.find((s) => s.id === step.id);
      const checks: CheckView[] = step.checks.map((check) => {
        const [name, args] = predicateOf(check);
        const passed = this.passed.has(`${step.id}/${check.id}`);
        const evidence = passed || !world ? null : PREDICATES[name].evaluate(args, { world, commands: this.commands }, t).evidence;
        return { id: check.id, text: PREDICATES[name].describe(args, t), passed, evidence };
      });
      return {
        id: step.id,
        title: section?.title ?? step.id,
        markdown: section?.markdown ?? '',
        checks,
        hints: (step.hints ?? []).map((h) => localised(h, locale)),
        solution: step.solution ?? [],
        done: checks.every((c) => c.passed),
      };
    });
    return {
      id: this.lab.id,
      title: text?.title || localised(this.lab.title, locale),
      intro: text?.intro ?? '',
      level: this.lab.level,
      minutes: this.lab.minutes,
      steps,
      done: steps.every((s) => s.done),
    };
  }

  private lastWorld: World | null = null;

  view(locale: Locale): LabView {
    return this.viewWith(this.lastWorld, locale);
  }

  attach(world: World): void {
    this.lastWorld = world;
  }

  save(): LabProgress {
    return { passed: [...this.passed], commands: this.commands.slice() };
  }

  restore(p: LabProgress): void {
    this.passed = new Set(p.passed);
    this.commands = p.commands.slice();
  }

  /** Forget progress of one step (reset). */
  resetStep(stepId: string): void {
    for (const k of [...this.passed]) if (k.startsWith(`${stepId}/`)) this.passed.delete(k);
  }
}

export function predicateOf(check: { id: string; [k: string]: unknown }): [string, Record<string, unknown>] {
  const name = Object.keys(check).find((k) => k !== 'id')!;
  return [name, check[name] as Record<string, unknown>];
}

export function localised(v: Localised, locale: Locale): string {
  return typeof v === 'string' ? v : (v[locale] ?? v.en ?? Object.values(v)[0] ?? '');
}
