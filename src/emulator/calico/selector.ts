/**
 * Calico's selector expressions (BGPPeer nodeSelector / peerSelector, IPPool nodeSelector):
 * `all()`, `has(k)`, `!has(k)`, `k == 'v'`, `k != 'v'`, `k in {'a','b'}`, `!`, `&&`, `||`, parentheses.
 * Returns null for a selector Calico would reject.
 */
export type Labels = Record<string, string>;
export type Selector = (labels: Labels) => boolean;

const TOKEN = /\s*(all\(\)|has\(\s*[\w./-]+\s*\)|&&|\|\||==|!=|!|\(|\)|'[^']*'|"[^"]*"|\{[^}]*\}|\bin\b|\bnot in\b|[\w./-]+)/y;

export function selectorParse(text: string): Selector | null {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  const src = text.trim();
  let m: RegExpExecArray | null;
  while (TOKEN.lastIndex < src.length && (m = TOKEN.exec(src))) tokens.push(m[1]);
  if (TOKEN.lastIndex < src.length && src.slice(TOKEN.lastIndex).trim()) return null;
  if (tokens.length === 0) return () => true; // an empty selector selects everything
  let i = 0;
  const peek = () => tokens[i];
  const unquote = (t: string | undefined) => (t && /^['"]/.test(t) ? t.slice(1, -1) : null);
  function or(): Selector | null {
    let left = and();
    while (left && peek() === '||') {
      i++;
      const right = and();
      if (!right) return null;
      const l = left;
      left = (x) => l(x) || right(x);
    }
    return left;
  }
  function and(): Selector | null {
    let left = unary();
    while (left && peek() === '&&') {
      i++;
      const right = unary();
      if (!right) return null;
      const l = left;
      left = (x) => l(x) && right(x);
    }
    return left;
  }
  function unary(): Selector | null {
    const t = peek();
    if (t === '!') {
      i++;
      const inner = unary();
      return inner ? (x) => !inner(x) : null;
    }
    if (t === '(') {
      i++;
      const inner = or();
      if (peek() !== ')') return null;
      i++;
      return inner;
    }
    if (t === 'all()') {
      i++;
      return () => true;
    }
    if (t?.startsWith('has(')) {
      i++;
      const key = t.slice(4, -1).trim();
      return (x) => key in x;
    }
    if (!t || !/^[\w./-]+$/.test(t)) return null;
    i++;
    const op = tokens[i++];
    const arg = tokens[i++];
    if (op === '==' || op === '!=') {
      const v = unquote(arg);
      if (v === null) return null;
      return op === '==' ? (x) => x[t] === v : (x) => x[t] !== v;
    }
    if ((op === 'in' || op === 'not in') && arg?.startsWith('{')) {
      const set = arg.slice(1, -1).split(',').map((s) => unquote(s.trim())).filter((s): s is string => s !== null);
      return op === 'in' ? (x) => set.includes(x[t]) : (x) => !set.includes(x[t]);
    }
    return null;
  }
  const sel = or();
  return sel && i === tokens.length ? sel : null;
}

/** Matches, treating an invalid selector as selecting nothing (confd skips such peers). */
export function selectorMatches(text: string | undefined, labels: Labels): boolean {
  const key = text ?? '';
  let sel = PARSED.get(key);
  if (sel === undefined) {
    sel = selectorParse(key);
    if (PARSED.size > 1000) PARSED.clear();
    PARSED.set(key, sel);
  }
  return !!sel && sel(labels);
}

const PARSED = new Map<string, Selector | null>();
