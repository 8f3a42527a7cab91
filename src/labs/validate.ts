/**
 * Structural checks of a lab.yaml, shared by the app (which refuses a malformed lab instead of
 * breaking) and `npm run lab:lint` (which also applies the published JSON schema).
 */
import type { LabSpec } from './types';
import { PREDICATES } from './checks';

export function labSpecProblems(spec: unknown): string[] {
  const p: string[] = [];
  if (!spec || typeof spec !== 'object') return ['lab.yaml is not a mapping'];
  const s = spec as Partial<LabSpec>;
  if (typeof s.id !== 'string' || !/^[a-z0-9-]+$/.test(s.id)) p.push('id must be lower-case letters, digits and dashes');
  if (!s.title) p.push('title is required');
  if (typeof s.scenario !== 'string') p.push('scenario is required');
  if (s.setup !== undefined && (!Array.isArray(s.setup) || s.setup.some((c) => typeof c !== 'string'))) p.push('setup must be a list of commands');
  if (!Array.isArray(s.steps) || s.steps.length === 0) return [...p, 'steps must be a non-empty list'];
  const stepIds = new Set<string>();
  s.steps.forEach((step, i) => {
    const where = `steps[${i}]`;
    if (!step || typeof step.id !== 'string') return p.push(`${where}.id is required`);
    if (stepIds.has(step.id)) p.push(`${where}.id "${step.id}" is used twice`);
    stepIds.add(step.id);
    if (!Array.isArray(step.checks)) return p.push(`${where}.checks must be a list`);
    step.checks.forEach((check, j) => {
      const cw = `${where}.checks[${j}]`;
      if (!check || typeof check.id !== 'string') return p.push(`${cw}.id is required`);
      const keys = Object.keys(check).filter((k) => k !== 'id');
      if (keys.length !== 1) return p.push(`${cw} must have exactly one predicate (one of ${Object.keys(PREDICATES).join(', ')})`);
      const pred = PREDICATES[keys[0]];
      if (!pred) return p.push(`${cw}: unknown predicate "${keys[0]}" (one of ${Object.keys(PREDICATES).join(', ')})`);
      const args = check[keys[0]] as Record<string, unknown>;
      if (!args || typeof args !== 'object') return p.push(`${cw}.${keys[0]} must be a mapping`);
      for (const [field, type] of Object.entries(pred.fields)) {
        const optional = type.endsWith('?');
        const base = type.replace('?', '');
        if (args[field] === undefined) {
          if (!optional) p.push(`${cw}.${keys[0]}.${field} is required`);
        } else if (typeof args[field] !== base) p.push(`${cw}.${keys[0]}.${field} must be a ${base}`);
      }
      for (const field of Object.keys(args)) if (!(field in pred.fields)) p.push(`${cw}.${keys[0]}: unknown field "${field}"`);
      if (keys[0] === 'file' && (args.contains === undefined) === (args.matches === undefined)) p.push(`${cw}.file needs exactly one of contains or matches`);
    });
  });
  return p;
}
