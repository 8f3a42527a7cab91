/** `wc`: counts padded to a shared width, the way coreutils computes it from the file sizes. */
import type { CommandSpec } from '../../context';
import { ERRNO, isFsError, parseOptions, readOperand, utf8Length } from './util';


function counts(t: string): { l: number; w: number; c: number; m: number; L: number } {
  return {
    l: (t.match(/\n/g) ?? []).length,
    w: (t.match(/\S+/g) ?? []).length,
    c: utf8Length(t),
    m: [...t].length,
    L: Math.max(0, ...t.split('\n').map((x) => x.length)),
  };
}

export const wc: CommandSpec = {
  name: 'wc',
  summary: 'print newline, word, and byte counts',
  usage: 'wc [-lwc] [FILE]...',
  run(ctx) {
    const p = parseOptions(ctx, ctx.argv.slice(1), { tool: 'wc', flags: 'lwcmL', long: { lines: 'l', words: 'w', bytes: 'c', chars: 'm', 'max-line-length': 'L' } });
    if (typeof p === 'number') return p;
    let keys = (['l', 'w', 'm', 'c', 'L'] as const).filter((k) => p.has(k));
    if (!keys.length) keys = ['l', 'w', 'c'];
    const names = p.operands.length ? p.operands : ['-'];
    let status = 0;
    const rows: { name: string; n: ReturnType<typeof counts> }[] = [];
    let regularTotal = 0;
    let minWidth = 1;
    for (const name of names) {
      const t = readOperand(ctx, name);
      if (isFsError(t)) {
        ctx.err(t === 'EISDIR' ? `wc: ${name}: Is a directory\n` : `wc: ${name}: ${ERRNO[t]}\n`);
        status = 1;
        if (t === 'EISDIR') rows.push({ name, n: counts('') });
        continue;
      }
      if (name === '-') minWidth = 7;
      else regularTotal += utf8Length(t);
      rows.push({ name, n: counts(t) });
    }
    // coreutils: one count of one file is not padded; otherwise the width fits the total size.
    let width = String(regularTotal).length;
    width = Math.max(width, minWidth);
    if (keys.length === 1 && names.length === 1) width = 1;
    if (rows.length > 1) {
      const total = { l: 0, w: 0, c: 0, m: 0, L: 0 };
      for (const r of rows) for (const k of ['l', 'w', 'c', 'm'] as const) total[k] += r.n[k];
      total.L = Math.max(0, ...rows.map((r) => r.n.L));
      rows.push({ name: 'total', n: total });
    }
    for (const r of rows) ctx.out(keys.map((k) => String(r.n[k]).padStart(width)).join(' ') + (r.name === '-' ? '' : ` ${r.name}`) + '\n');
    return status;
  },
};
