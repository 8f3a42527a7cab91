/** `grep` (GNU grep 3.7): BRE by default, -E, -F, context lines with `--` separators, -r. */
import type { CommandContext, CommandSpec } from '../../context';
import { fsStat } from '../../../emulator/fs';
import { abs, ERRNO, isFsError, oneWrite, parseOptions, readOperand, textLines } from './util';
import { compilePosix, RegexError } from './regex';

const USAGE = 'Usage: grep [OPTION]... PATTERNS [FILE]...';

function escapeLiteral(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** Files under a directory, for -r, in the order `find` would list them (sorted here). */
function walk(ctx: CommandContext, name: string): string[] {
  const dir = abs(ctx, name);
  const prefix = dir === '/' ? '/' : dir + '/';
  const base = name.endsWith('/') ? name : name + '/';
  return Object.keys(ctx.node.fs)
    .filter((k) => k.startsWith(prefix) && ctx.node.fs[k].type === 'file')
    .sort()
    .map((k) => base + k.slice(prefix.length));
}

export const grep: CommandSpec = {
  name: 'grep',
  summary: 'print lines that match patterns',
  usage: 'grep [-ivncoEFrlqwx] [-A N] [-B N] [-C N] PATTERN [FILE]...',
  run: (ctx) => oneWrite(ctx, grepRun),
};

function grepRun(ctx: CommandContext): number {
  const p = parseOptions(ctx, ctx.argv.slice(1), {
    tool: 'grep', flags: 'ivncoEFGrRlLqswxhHZ', valued: 'ABCem', digits: 'C', badStatus: 2, usage: USAGE,
    long: {
      'ignore-case': 'i', 'invert-match': 'v', 'line-number': 'n', count: 'c', 'only-matching': 'o', 'extended-regexp': 'E',
      'fixed-strings': 'F', recursive: 'r', 'files-with-matches': 'l', 'files-without-match': 'L', quiet: 'q', silent: 'q',
      'no-messages': 's', 'word-regexp': 'w', 'line-regexp': 'x', 'no-filename': 'h', 'with-filename': 'H',
      'after-context=': 'A', 'before-context=': 'B', 'context=': 'C', 'regexp=': 'e', 'max-count=': 'm', 'color=': 'K', colour: 'K', color: 'K',
    },
  });
  if (typeof p === 'number') return p;
  const operands = [...p.operands];
  const patterns = p.has('e') ? p.all('e') : operands.length ? [operands.shift()!] : null;
  if (!patterns) {
    ctx.err(`${USAGE}\nTry 'grep --help' for more information.\n`);
    return 2;
  }
  const ctxNum = (k: string) => {
    const v = p.last(k);
    if (v === undefined) return undefined;
    if (!/^\d+$/.test(v)) throw new RegexError(`${v}: invalid context length argument`);
    return Number(v);
  };
  let re: RegExp;
  let after: number;
  let before: number;
  try {
    const c = ctxNum('C') ?? 0;
    after = ctxNum('A') ?? c;
    before = ctxNum('B') ?? c;
    const parts = patterns.flatMap((x) => x.split('\n')).map((x) => (p.has('F') ? escapeLiteral(x) : compilePosix(x, p.has('E'), '').source));
    let src = parts.map((x) => `(?:${x})`).join('|');
    if (p.has('w')) src = `(?<![\\w])(?:${src})(?![\\w])`;
    if (p.has('x')) src = `^(?:${src})$`;
    re = new RegExp(src, p.has('i') ? 'gi' : 'g');
  } catch (e) {
    if (e instanceof RegexError) {
      ctx.err(`grep: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  const recursive = p.has('r') || p.has('R');
  let names = operands.length ? operands : [recursive ? '.' : '-'];
  // `grep -r x` names files relative to `.` without the `./`; `grep -r x .` keeps it.
  if (recursive) names = names.flatMap((n) => (fsStat(ctx.node.fs, abs(ctx, n))?.type === 'dir' ? walk(ctx, n).map((x) => (operands.length ? x : x.replace(/^\.\//, ''))) : [n]));
  const prefixNames = (names.length > 1 || recursive || p.has('H')) && !p.has('h');
  const maxCount = p.has('m') ? Number(p.last('m')) : Infinity;
  let matchedAny = false;
  let error = false;
  for (const name of names) {
    const t = readOperand(ctx, name);
    if (isFsError(t)) {
      if (!p.has('s')) ctx.err(`grep: ${name}: ${ERRNO[t]}\n`);
      error = true;
      continue;
    }
    const shown = name === '-' ? '(standard input)' : name;
    const { lines } = textLines(t);
    const hits: number[] = [];
    for (let i = 0; i < lines.length && hits.length < maxCount; i++) {
      re.lastIndex = 0;
      if (re.test(lines[i]) !== p.has('v')) hits.push(i);
    }
    if (hits.length) matchedAny = true;
    if (p.has('q')) {
      if (matchedAny) return 0;
      continue;
    }
    if (p.has('l') || p.has('L')) {
      if (!!hits.length === p.has('l')) ctx.out(shown + '\n');
      continue;
    }
    if (p.has('c')) {
      ctx.out(`${prefixNames ? shown + ':' : ''}${hits.length}\n`);
      continue;
    }
    const pre = (i: number, sep: string) => (prefixNames ? shown + sep : '') + (p.has('n') ? `${i + 1}${sep}` : '');
    let lastPrinted = -1;
    const hitSet = new Set(hits);
    for (const h of hits) {
      const from = Math.max(h - before, lastPrinted + 1);
      if ((before || after) && lastPrinted >= 0 && from > lastPrinted + 1) ctx.out('--\n');
      for (let i = from; i < h; i++) ctx.out(pre(i, '-') + lines[i] + '\n');
      if (p.has('o') && !p.has('v')) {
        re.lastIndex = 0;
        for (const m of lines[h].matchAll(re)) if (m[0]) ctx.out(pre(h, ':') + m[0] + '\n');
      } else ctx.out(pre(h, ':') + lines[h] + '\n');
      lastPrinted = h;
      // Trailing context stops at the next match, which prints itself.
      for (let i = h + 1; i <= Math.min(h + after, lines.length - 1) && !hitSet.has(i); i++) {
        ctx.out(pre(i, '-') + lines[i] + '\n');
        lastPrinted = i;
      }
    }
  }
  return error && !(matchedAny && p.has('q')) ? 2 : matchedAny ? 0 : 1;
}
