/**
 * `kubectl get -o custom-columns=HEADER:PATH,...` (kubectl's CustomColumnsPrinter): one column per
 * spec, its cells the values the relaxed JSONPath selects, several joined by commas, none
 * `<none>`; values print as Go's %v prints decoded JSON (maps as `map[k:v]`, lists as `[a b]`).
 */
import type { Json, KObj } from '../../../emulator/k8s/objects';
import { jsonpathValues } from './jsonpath';

export interface Column {
  header: string;
  path: string;
}

export function customColumnsParse(spec: string): { ok: true; columns: Column[] } | { ok: false; error: string } {
  if (!spec) return { ok: false, error: 'custom-columns format specified but no custom columns given' };
  const columns: Column[] = [];
  for (const part of spec.split(',')) {
    const colon = part.indexOf(':');
    if (colon < 0) return { ok: false, error: `unexpected custom-columns spec: ${part}, expected <header>:<json-path-expr>` };
    // RelaxedJSONPathExpression: `.a.b`, `a.b` and `{.a.b}` all mean the same field.
    const m = /^\{?\.?([^{}]+)\}?$/.exec(part.slice(colon + 1));
    if (!m) return { ok: false, error: `unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'` };
    columns.push({ header: part.slice(0, colon), path: '.' + m[1] });
  }
  return { ok: true, columns };
}

/** The header row and one row per object. */
export function customColumnsRows(columns: Column[], objects: KObj[]): string[][] {
  const rows = [columns.map((c) => c.header)];
  for (const o of objects) {
    rows.push(columns.map((c) => {
      const values = jsonpathValues(c.path, o);
      return values.length ? values.map(goValue).join(',') : '<none>';
    }));
  }
  return rows;
}

function goValue(v: Json): string {
  if (v === null || v === undefined) return '<nil>';
  if (Array.isArray(v)) return `[${v.map(goValue).join(' ')}]`;
  if (typeof v === 'object') return `map[${Object.keys(v).sort().map((k) => `${k}:${goValue(v[k])}`).join(' ')}]`;
  return String(v);
}
