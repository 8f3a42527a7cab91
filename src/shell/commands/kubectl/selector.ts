/** Label selectors as `-l` takes them: `k=v`, `k==v`, `k!=v`, `k`, `!k`, `k in (a,b)`, comma-joined. */
import type { KObj } from '../../../emulator/k8s/objects';

export type LabelMatch = (o: KObj) => boolean;

export function selectorParse(text: string): LabelMatch | null {
  const terms = text.match(/[^,(]+(\([^)]*\))?/g) ?? [];
  const tests: ((l: Record<string, string>) => boolean)[] = [];
  for (const raw of terms) {
    const t = raw.trim();
    let m: RegExpExecArray | null;
    if ((m = /^([\w./-]+)\s*(==|=|!=)\s*([\w.-]*)$/.exec(t))) {
      const [, k, op, v] = m;
      tests.push(op === '!=' ? (l) => l[k] !== v : (l) => l[k] === v);
    } else if ((m = /^([\w./-]+)\s+(in|notin)\s*\(([^)]*)\)$/.exec(t))) {
      const [, k, op, vs] = m;
      const set = vs.split(',').map((s) => s.trim());
      tests.push(op === 'in' ? (l) => k in l && set.includes(l[k]) : (l) => !(k in l) || !set.includes(l[k]));
    } else if ((m = /^(!?)([\w./-]+)$/.exec(t))) {
      const [, neg, k] = m;
      tests.push(neg ? (l) => !(k in l) : (l) => k in l);
    } else return null;
  }
  return (o) => tests.every((f) => f(o.metadata.labels ?? {}));
}
