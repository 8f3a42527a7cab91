/**
 * kubectl's JSONPath templates (`-o jsonpath=...`): fields, `[*]`, `[N]`, `[?(@.a=="b")]`,
 * `{range ...}{end}` and string literals. Missing keys print nothing (--allow-missing-template-keys).
 */
import type { Json } from '../../../emulator/k8s/objects';

type Node = { kind: 'text'; text: string } | { kind: 'path'; path: string } | { kind: 'range'; path: string; body: Node[] };

export function jsonpathParse(template: string): { ok: true; nodes: Node[] } | { ok: false; error: string } {
  const tokens: ({ text: string } | { action: string })[] = [];
  let i = 0;
  while (i < template.length) {
    const open = template.indexOf('{', i);
    if (open < 0) {
      tokens.push({ text: template.slice(i) });
      break;
    }
    if (open > i) tokens.push({ text: template.slice(i, open) });
    let j = open + 1;
    let inQuote = false;
    for (; j < template.length; j++) {
      if (template[j] === '"' && template[j - 1] !== '\\') inQuote = !inQuote;
      if (!inQuote && template[j] === '}') break;
    }
    if (j >= template.length) return { ok: false, error: `error parsing jsonpath ${template}, unclosed action` };
    tokens.push({ action: template.slice(open + 1, j).trim() });
    i = j + 1;
  }
  const stack: Node[][] = [[]];
  const ranges: { path: string; body: Node[] }[] = [];
  for (const t of tokens) {
    const cur = stack[stack.length - 1];
    if ('text' in t) cur.push({ kind: 'text', text: t.text });
    else if (t.action.startsWith('range ')) {
      const body: Node[] = [];
      ranges.push({ path: t.action.slice(6).trim(), body });
      stack.push(body);
    } else if (t.action === 'end') {
      const r = ranges.pop();
      if (!r) return { ok: false, error: `error parsing jsonpath ${template}, not in range, nothing to end` };
      stack.pop();
      stack[stack.length - 1].push({ kind: 'range', path: r.path, body: r.body });
    } else if (t.action.startsWith('"')) {
      cur.push({ kind: 'text', text: unquote(t.action) });
    } else cur.push({ kind: 'path', path: t.action });
  }
  if (ranges.length) return { ok: false, error: `error parsing jsonpath ${template}, unclosed range` };
  return { ok: true, nodes: stack[0] };
}

function unquote(s: string): string {
  return s.slice(1, -1).replace(/\\(.)/g, (_, c: string) => ({ n: '\n', t: '\t', r: '\r' })[c] ?? c);
}

/** Split `.a.b[0].c\.d` into steps: names and bracket expressions. */
function steps(path: string): string[] {
  const out: string[] = [];
  let p = path.replace(/^[$@]/, '');
  while (p.length) {
    if (p.startsWith('[')) {
      let depth = 0;
      let j = 0;
      for (; j < p.length; j++) {
        if (p[j] === '[') depth++;
        if (p[j] === ']' && --depth === 0) break;
      }
      out.push(p.slice(0, j + 1));
      p = p.slice(j + 1);
    } else if (p.startsWith('.')) {
      p = p.slice(1);
      let name = '';
      while (p.length && p[0] !== '.' && p[0] !== '[') {
        if (p[0] === '\\' && p.length > 1) {
          name += p[1];
          p = p.slice(2);
        } else {
          name += p[0];
          p = p.slice(1);
        }
      }
      if (name) out.push(name);
    } else {
      out.push(p);
      break;
    }
  }
  return out;
}

function evalPath(data: Json, path: string): Json[] {
  let cur: Json[] = [data];
  for (const step of steps(path.trim())) {
    const next: Json[] = [];
    for (const v of cur) {
      if (v === null || v === undefined) continue;
      if (step === '*' || step === '[*]') {
        if (Array.isArray(v)) next.push(...v);
        else if (typeof v === 'object') next.push(...Object.values(v));
      } else if (step.startsWith('[?(')) {
        const m = /^\[\?\(@\.?(.*?)\s*(==|!=)\s*(?:"(.*)"|'(.*)'|(\S+))\)\]$/.exec(step);
        if (!m || !Array.isArray(v)) continue;
        const want = m[3] ?? m[4] ?? m[5];
        for (const item of v) {
          const got = evalPath(item, '.' + m[1])[0];
          if ((String(got) === want) === (m[2] === '==')) next.push(item);
        }
      } else if (step.startsWith('[')) {
        const inner = step.slice(1, -1);
        if (Array.isArray(v)) {
          const slice = /^(-?\d*):(-?\d*)$/.exec(inner);
          if (slice) next.push(...v.slice(slice[1] ? Number(slice[1]) : 0, slice[2] ? Number(slice[2]) : undefined));
          else if (/^-?\d+$/.test(inner)) {
            const n = Number(inner);
            const item = v[n < 0 ? v.length + n : n];
            if (item !== undefined) next.push(item);
          }
        } else if (typeof v === 'object' && inner.replace(/^['"]|['"]$/g, '') in v) next.push(v[inner.replace(/^['"]|['"]$/g, '')]);
      } else if (typeof v === 'object' && !Array.isArray(v) && step in v) next.push(v[step]);
    }
    cur = next;
  }
  return cur;
}

/** The values one path selects (no template braces), as kubectl's FindResults gives them. */
export function jsonpathValues(path: string, data: Json): Json[] {
  return evalPath(data, path);
}

function show(v: Json): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

function run(nodes: Node[], data: Json): string {
  let out = '';
  for (const n of nodes) {
    if (n.kind === 'text') out += n.text;
    else if (n.kind === 'path') out += evalPath(data, n.path).map(show).join(' ');
    else {
      let items = evalPath(data, n.path);
      if (items.length === 1 && Array.isArray(items[0])) items = items[0];
      for (const item of items) out += run(n.body, item);
    }
  }
  return out;
}

/** Evaluate a template against an object or a List; errors are kubectl's message (without `error: `). */
export function jsonpathRun(template: string, data: Json): { ok: true; text: string } | { ok: false; error: string } {
  const parsed = jsonpathParse(template);
  if (!parsed.ok) return parsed;
  return { ok: true, text: run(parsed.nodes, data) };
}
