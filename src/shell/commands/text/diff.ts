/** `diff` (GNU diffutils 3.8): the normal format by default, `-u` unified with 3 lines of context. */
import type { CommandContext, CommandSpec } from '../../context';
import { fsStat } from '../../../emulator/fs';
import { abs, ERRNO, isFsError, parseOptions, readOperand, textLines } from './util';

type Op = { kind: '=' | '-' | '+'; a: number; b: number };

/** Longest common subsequence, walked from the front: the edit script as kept/deleted/added lines. */
export function diffOps(a: string[], b: string[]): Op[] {
  const n = a.length;
  const m = b.length;
  const lcs = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) ops.push({ kind: '=', a: i++, b: j++ });
    // Deletions before additions, as diff prints a change.
    else if (i < n && (j >= m || lcs[i + 1][j] >= lcs[i][j + 1])) ops.push({ kind: '-', a: i++, b: j });
    else ops.push({ kind: '+', a: i, b: j++ });
  }
  return ops;
}

function range(from: number, count: number): string {
  return count > 1 ? `${from},${from + count - 1}` : String(from);
}

function normal(a: string[], b: string[], ops: Op[]): string {
  let out = '';
  for (let k = 0; k < ops.length; ) {
    if (ops[k].kind === '=') {
      k++;
      continue;
    }
    const start = ops[k];
    const del: number[] = [];
    const add: number[] = [];
    while (k < ops.length && ops[k].kind !== '=') {
      if (ops[k].kind === '-') del.push(ops[k].a);
      else add.push(ops[k].b);
      k++;
    }
    const aPos = del.length ? range(del[0] + 1, del.length) : String(start.a);
    const bPos = add.length ? range(add[0] + 1, add.length) : String(start.b);
    out += `${aPos}${del.length && add.length ? 'c' : del.length ? 'd' : 'a'}${bPos}\n`;
    out += del.map((i) => `< ${a[i]}\n`).join('');
    if (del.length && add.length) out += '---\n';
    out += add.map((j) => `> ${b[j]}\n`).join('');
  }
  return out;
}

function unified(a: string[], b: string[], ops: Op[], ctxLines = 3): string {
  let out = '';
  const changes = ops.map((o, k) => (o.kind !== '=' ? k : -1)).filter((k) => k >= 0);
  let k = 0;
  while (k < changes.length) {
    let first = changes[k];
    let last = first;
    while (k + 1 < changes.length && changes[k + 1] - last <= 2 * ctxLines + 1) last = changes[++k];
    k++;
    const from = Math.max(0, first - ctxLines);
    const to = Math.min(ops.length - 1, last + ctxLines);
    const hunk = ops.slice(from, to + 1);
    const aCount = hunk.filter((o) => o.kind !== '+').length;
    const bCount = hunk.filter((o) => o.kind !== '-').length;
    const aStart = aCount ? hunk.find((o) => o.kind !== '+')!.a + 1 : hunk[0].a;
    const bStart = bCount ? hunk.find((o) => o.kind !== '-')!.b + 1 : hunk[0].b;
    const fmt = (s: number, c: number) => (c === 1 ? `${s}` : `${s},${c}`);
    out += `@@ -${fmt(aStart, aCount)} +${fmt(bStart, bCount)} @@\n`;
    out += hunk.map((o) => (o.kind === '=' ? ` ${a[o.a]}` : o.kind === '-' ? `-${a[o.a]}` : `+${b[o.b]}`) + '\n').join('');
    first = last;
  }
  return out;
}

function stamp(ctx: CommandContext, name: string): string {
  const e = name === '-' ? undefined : fsStat(ctx.node.fs, abs(ctx, name));
  const d = new Date(ctx.world.state.clock.epoch + (e?.mtime ?? ctx.world.now));
  return `${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 19)}.000000000 +0000`;
}

export const diff: CommandSpec = {
  name: 'diff',
  summary: 'compare files line by line',
  usage: 'diff [-u] FILE1 FILE2',
  run(ctx) {
    const p = parseOptions(ctx, ctx.argv.slice(1), { tool: 'diff', flags: 'uqs', badStatus: 2, long: { unified: 'u', brief: 'q' } });
    if (typeof p === 'number') return p;
    const [f1, f2] = p.operands;
    const tryLine = "diff: Try 'diff --help' for more information.\n";
    if (f1 === undefined) return (ctx.err(`diff: missing operand after 'diff'\n${tryLine}`), 2);
    if (f2 === undefined) return (ctx.err(`diff: missing operand after '${f1}'\n${tryLine}`), 2);
    if (p.operands.length > 2) return (ctx.err(`diff: extra operand '${p.operands[2]}'\n${tryLine}`), 2);
    const texts: string[] = [];
    for (const f of [f1, f2]) {
      const t = readOperand(ctx, f);
      if (isFsError(t)) return (ctx.err(`diff: ${f}: ${ERRNO[t]}\n`), 2);
      texts.push(t);
    }
    if (texts[0] === texts[1]) {
      if (p.has('s')) ctx.out(`Files ${f1} and ${f2} are identical\n`);
      return 0;
    }
    if (p.has('q')) return (ctx.out(`Files ${f1} and ${f2} differ\n`), 1);
    const a = textLines(texts[0]).lines;
    const b = textLines(texts[1]).lines;
    const ops = diffOps(a, b);
    if (p.has('u')) ctx.out(`--- ${f1}\t${stamp(ctx, f1)}\n+++ ${f2}\t${stamp(ctx, f2)}\n` + unified(a, b, ops));
    else ctx.out(normal(a, b, ops));
    return 1;
  },
};
