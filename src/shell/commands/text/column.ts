/**
 * `column` (util-linux): `-t` lines up whitespace-separated fields in columns two spaces apart
 * (what students pipe kubectl and calicoctl output through), `-s` input separators, `-o` the
 * output separator, `-N` header names; without `-t` the items fill columns across 80 characters
 * with tabs.
 */
import type { CommandSpec } from '../../context';
import { ERRNO, isFsError, parseOptions, readOperand } from './util';

export const column: CommandSpec = {
  name: 'column',
  summary: 'columnate lists',
  usage: 'column [-t] [-s SEP] [-o SEP] [-N NAMES] [FILE]...',
  run(ctx) {
    const p = parseOptions(ctx, ctx.argv.slice(1), {
      tool: 'column', flags: 'tnxeRJ', valued: 'soNcl',
      long: { table: 't', separator: 's', 'separator=': 's', 'output-separator=': 'o', 'table-columns=': 'N', 'output-width=': 'c', fillrows: 'x' },
    });
    if (typeof p === 'number') return p;
    let text = '';
    let status = 0;
    for (const n of p.operands.length ? p.operands : ['-']) {
      const t = readOperand(ctx, n);
      if (isFsError(t)) {
        ctx.err(`column: ${n}: ${ERRNO[t]}\n`);
        status = 1;
        continue;
      }
      text += t && !t.endsWith('\n') ? t + '\n' : t;
    }
    // Empty lines are dropped in both modes.
    const lines = text.split('\n').filter((l) => l.trim() !== '');
    if (p.has('t')) {
      const seps = p.last('s');
      const split = (l: string) => (seps === undefined ? l.trim().split(/[ \t]+/) : l.split(new RegExp(`[${seps.replace(/[\]\\^-]/g, '\\$&')}]`)));
      const rows = lines.map(split);
      if (p.has('N')) rows.unshift(p.last('N')!.split(','));
      const ncols = Math.max(0, ...rows.map((r) => r.length));
      const widths = Array.from({ length: ncols }, (_, c) => Math.max(...rows.map((r) => [...(r[c] ?? '')].length)));
      const out = p.last('o') ?? '  ';
      for (const r of rows) {
        // A short row gets empty cells, padded like the others (util-linux 2.37).
        const cells = Array.from({ length: ncols }, (_, c) => r[c] ?? '');
        ctx.out(cells.map((cell, c) => (c === ncols - 1 ? cell : cell + ' '.repeat(widths[c] - [...cell].length))).join(out) + '\n');
      }
      return status;
    }
    if (!lines.length) return status;
    const width = Number(p.last('c') ?? 80);
    const maxLen = Math.max(...lines.map((l) => [...l].length));
    const colWidth = (maxLen + 8) & ~7;
    const cols = Math.max(1, Math.floor(width / colWidth));
    const rowsN = Math.ceil(lines.length / cols);
    for (let r = 0; r < rowsN; r++) {
      let row = '';
      for (let c = 0; c < cols; c++) {
        const i = p.has('x') ? r * cols + c : c * rowsN + r;
        if (i >= lines.length) break;
        const next = p.has('x') ? i + 1 : i + rowsN;
        const item = lines[i];
        row += item;
        if (c < cols - 1 && next < lines.length && (p.has('x') ? next < (r + 1) * cols : true)) row += '\t'.repeat(Math.ceil((colWidth - [...item].length) / 8));
      }
      ctx.out(row + '\n');
    }
    return status;
  },
};
