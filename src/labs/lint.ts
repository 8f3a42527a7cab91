/**
 * `npm run lab:lint`: every lab against the published JSON schema and the engine's own rules,
 * plus what only the world can tell (the scenario exists, checks name real nodes, commands parse,
 * every step has a text in every locale). Problems carry file and line.
 */
import { parseDocument, LineCounter } from 'yaml';
import type { LabSource, LabSpec } from './types';
import { LOCALES } from './types';
import { labSpecProblems } from './validate';
import { labTextParse } from './markdown-sections';
import { PREDICATES } from './checks';
import { predicateOf } from './runtime';
import { parse as parseShell, ParseError } from '../shell/parse/parser';
import { scenarioExists } from '../emulator/scenarios';
import { scenarioLayout } from '../emulator/scenarios-bgp';

export interface LintProblem {
  file: string;
  line: number;
  message: string;
}

export type SchemaCheck = (spec: unknown) => { path: string; message: string }[];

export function labLint(source: LabSource, schema: SchemaCheck): LintProblem[] {
  const file = source.path ?? `labs/${source.id}/lab.yaml`;
  const counter = new LineCounter();
  const doc = parseDocument(source.yaml, { lineCounter: counter });
  if (doc.errors.length) return doc.errors.map((e) => ({ file, line: counter.linePos(e.pos[0]).line, message: e.message.split('\n')[0] }));
  const spec = doc.toJS() as LabSpec;
  const lineOf = (path: (string | number)[]) => {
    const node = doc.getIn(path, true) as { range?: [number, number, number] } | undefined;
    return node?.range ? counter.linePos(node.range[0]).line : 1;
  };
  const problems: LintProblem[] = [];
  for (const e of schema(spec)) problems.push({ file, line: lineOf(e.path.split('/').filter(Boolean).map((p) => (/^\d+$/.test(p) ? Number(p) : p))), message: `${e.path || '/'} ${e.message}` });
  for (const m of labSpecProblems(spec)) if (!problems.some((p) => m.includes(p.message))) problems.push({ file, line: 1, message: m });
  if (problems.length) return problems;
  if (!scenarioExists(spec.scenario)) problems.push({ file, line: lineOf(['scenario']), message: `scenario "${spec.scenario}" does not exist` });
  const nodes = scenarioExists(spec.scenario) ? scenarioLayout(spec.scenario, spec.nodes).nodes.map((n) => n.name) : [];
  (spec.setup ?? []).forEach((cmd, k) => {
    try {
      parseShell(cmd);
    } catch (e) {
      if (e instanceof ParseError) problems.push({ file, line: lineOf(['setup', k]), message: `setup command does not parse: ${e.message}` });
    }
  });
  spec.steps.forEach((step, i) => {
    step.checks.forEach((check, j) => {
      const [name, args] = predicateOf(check);
      for (const n of PREDICATES[name].nodes?.(args) ?? []) {
        if (!nodes.includes(n)) problems.push({ file, line: lineOf(['steps', i, 'checks', j]), message: `check ${check.id}: no node "${n}" in scenario ${spec.scenario}` });
      }
      if (name === 'command' || name === 'iptables' || (name === 'file' && args.matches)) {
        try {
          new RegExp((args.matches as string) ?? '');
        } catch (e) {
          problems.push({ file, line: lineOf(['steps', i, 'checks', j]), message: `check ${check.id}: bad regular expression: ${(e as Error).message}` });
        }
      }
    });
    (step.solution ?? []).forEach((cmd, k) => {
      try {
        parseShell(cmd);
      } catch (e) {
        if (e instanceof ParseError) problems.push({ file, line: lineOf(['steps', i, 'solution', k]), message: `solution command does not parse: ${e.message}` });
      }
    });
  });
  for (const locale of LOCALES) {
    const textFile = file.replace(/lab\.yaml$/, `${locale}.md`);
    const md = source.texts[locale];
    if (!md) {
      problems.push({ file: textFile, line: 1, message: `missing ${locale} text` });
      continue;
    }
    const text = labTextParse(md);
    if (!text.title) problems.push({ file: textFile, line: 1, message: 'the text needs a "# Title" line' });
    for (const step of spec.steps) {
      if (!text.steps.some((s) => s.id === step.id)) problems.push({ file: textFile, line: 1, message: `no section "## … {#${step.id}}" for step ${step.id}` });
    }
    for (const s of text.steps) {
      if (!spec.steps.some((st) => st.id === s.id)) problems.push({ file: textFile, line: s.line, message: `section {#${s.id}} names no step of the lab` });
    }
    spec.steps.forEach((step, i) =>
      (step.hints ?? []).forEach((h, k) => {
        if (typeof h !== 'string' && !h[locale]) problems.push({ file, line: lineOf(['steps', i, 'hints', k]), message: `hint has no ${locale} text` });
      }),
    );
  }
  return problems;
}
