/** Line filters: sort, uniq, cut, tr, tee, printf. */
import type { CommandContext, CommandSpec } from '../../context';
import { fsWrite } from '../../../emulator/fs';
import { abs, ERRNO, fail, isFsError, parseOptions, readOperand, textLines } from './util';

function readAll(ctx: CommandContext, tool: string, names: string[]): { text: string; status: number } {
  let text = '';
  let status = 0;
  for (const n of names.length ? names : ['-']) {
    const t = readOperand(ctx, n);
    if (isFsError(t)) {
      ctx.err(tool === 'sort' ? `sort: cannot read: ${n}: ${ERRNO[t]}\n` : `${tool}: ${n}: ${ERRNO[t]}\n`);
      status = tool === 'sort' ? 2 : 1;
    } else text += t && !t.endsWith('\n') ? t + '\n' : t;
  }
  return { text, status };
}

/** One `-k F[.C][OPTS][,F[.C][OPTS]]` sort key. */
interface SortKey {
  f1: number;
  c1: number;
  f2: number | null;
  c2: number;
  /** The key's own ordering options; empty means the global ones apply. */
  opts: string;
  b1: boolean;
  b2: boolean;
}

/** Parse a key like GNU sort, with its messages for the mistakes students make. */
function parseKey(spec: string): SortKey | string {
  const m = /^(\d*)(?:\.(\d*))?([bdfgiMhnRrV]*)(?:,(\d*)(?:\.(\d*))?([bdfgiMhnRrV]*))?$/.exec(spec);
  if (!m || m[1] === '') return `invalid number at field start: invalid count at start of '${spec}'`;
  if (Number(m[1]) === 0) return `field number is zero: invalid field specification '${spec}'`;
  if (m[2] !== undefined && Number(m[2]) === 0) return `character offset is zero: invalid field specification '${spec}'`;
  if (m[4] !== undefined && m[4] === '') return `invalid number after ',': invalid count at start of '${spec.slice(spec.indexOf(',') + 1)}'`;
  if (m[4] !== undefined && Number(m[4]) === 0) return `field number is zero: invalid field specification '${spec}'`;
  const opts = (m[3] + (m[6] ?? '')).replace(/b/g, '');
  return { f1: Number(m[1]), c1: Number(m[2] || 1), f2: m[4] !== undefined ? Number(m[4]) : null, c2: Number(m[5] || 0), opts, b1: m[3].includes('b'), b2: (m[6] ?? '').includes('b') };
}

/** Where each field starts and ends: after -t's separator, or (by default) leading blanks included. */
function fieldSpans(line: string, sep: string | undefined): [number, number][] {
  const spans: [number, number][] = [];
  if (sep !== undefined) {
    let at = 0;
    for (const f of line.split(sep)) {
      spans.push([at, at + f.length]);
      at += f.length + sep.length;
    }
    return spans;
  }
  const re = /[ \t]*[^ \t]+/g;
  let m: RegExpExecArray | null;
  let last = 0;
  while ((m = re.exec(line))) {
    spans.push([m.index, m.index + m[0].length]);
    last = m.index + m[0].length;
  }
  if (last < line.length || !spans.length) spans.push([last, line.length]);
  return spans;
}

function keyText(line: string, k: SortKey, sep: string | undefined, globalB: boolean): string {
  const spans = fieldSpans(line, sep);
  const skip = (at: number, on: boolean) => {
    if (!on) return at;
    while (line[at] === ' ' || line[at] === '\t') at++;
    return at;
  };
  if (k.f1 > spans.length) return '';
  const start = Math.min(skip(spans[k.f1 - 1][0], k.b1 || (globalB && !k.opts)) + k.c1 - 1, line.length);
  let end = line.length;
  if (k.f2 !== null) {
    if (k.f2 > spans.length) end = line.length;
    else if (k.c2 === 0) end = spans[k.f2 - 1][1];
    else end = Math.min(skip(spans[k.f2 - 1][0], k.b2 || (globalB && !k.opts)) + k.c2, line.length);
  }
  return end > start ? line.slice(start, end) : '';
}

/** GNU -n: leading blanks, a sign, digits and a decimal point; anything else counts as 0. */
function sortNumber(s: string): number {
  const m = /^[ \t]*(-?(?:\d+\.?\d*|\.\d+))/.exec(s);
  return m ? Number(m[1]) : 0;
}

function byteCompare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const sort: CommandSpec = {
  name: 'sort',
  summary: 'sort lines of text files',
  usage: 'sort [-nrufbs] [-t SEP] [-k KEY]... [FILE]...',
  run(ctx) {
    const p = parseOptions(ctx, ctx.argv.slice(1), { tool: 'sort', flags: 'nrufbhVs', valued: 'kto', badStatus: 2, long: { 'numeric-sort': 'n', reverse: 'r', unique: 'u', 'ignore-case': 'f', 'ignore-leading-blanks': 'b', stable: 's', 'key=': 'k', 'field-separator=': 't', 'output=': 'o' } });
    if (typeof p === 'number') return p;
    const keys: SortKey[] = [];
    for (const spec of p.all('k')) {
      const k = parseKey(spec);
      if (typeof k === 'string') return fail(ctx, `sort: ${k}`, 2);
      keys.push(k);
    }
    const sep = p.last('t');
    if (sep !== undefined && sep.length !== 1) return fail(ctx, sep === '' ? 'sort: empty tab' : `sort: multi-character tab '${sep}'`, 2);
    const { text, status } = readAll(ctx, 'sort', p.operands);
    if (status) return status;
    const global = ['n', 'r', 'f', 'h', 'V'].filter((o) => p.has(o)).join('');
    const compareKey = (a: string, b: string, opts: string): number => {
      let c: number;
      if (opts.includes('n') || opts.includes('h') || opts.includes('g')) c = sortNumber(a) - sortNumber(b);
      else if (opts.includes('f')) c = byteCompare(a.toUpperCase(), b.toUpperCase());
      else c = byteCompare(a, b);
      return opts.includes('r') ? -c : c;
    };
    const useKeys = keys.length ? keys : [{ f1: 1, c1: 1, f2: null, c2: 0, opts: '', b1: false, b2: false }];
    const cmpKeys = (a: string, b: string): number => {
      for (const k of useKeys) {
        const opts = k.opts || global;
        const c = keys.length ? compareKey(keyText(a, k, sep, p.has('b')), keyText(b, k, sep, p.has('b')), opts) : compareKey(p.has('b') ? a.replace(/^[ \t]+/, '') : a, p.has('b') ? b.replace(/^[ \t]+/, '') : b, opts);
        if (c) return c;
      }
      return 0;
    };
    // The last resort compares whole lines, unless -s or -u.
    const cmp = (a: string, b: string): number => cmpKeys(a, b) || (p.has('s') || p.has('u') ? 0 : p.has('r') ? -byteCompare(a, b) : byteCompare(a, b));
    let lines = textLines(text).lines.sort(cmp);
    if (p.has('u')) lines = lines.filter((l, i) => i === 0 || cmpKeys(lines[i - 1], l) !== 0);
    const out = lines.map((l) => l + '\n').join('');
    if (p.has('o')) fsWrite(ctx.node.fs, abs(ctx, p.last('o')!), out, ctx.world.now);
    else ctx.out(out);
    return 0;
  },
};

const uniq: CommandSpec = {
  name: 'uniq',
  summary: 'report or omit repeated lines',
  run(ctx) {
    const p = parseOptions(ctx, ctx.argv.slice(1), { tool: 'uniq', flags: 'cdui', long: { count: 'c', repeated: 'd', unique: 'u', 'ignore-case': 'i' } });
    if (typeof p === 'number') return p;
    const { text, status } = readAll(ctx, 'uniq', p.operands.slice(0, 1));
    if (status) return status;
    const same = (a: string, b: string) => (p.has('i') ? a.toLowerCase() === b.toLowerCase() : a === b);
    const groups: { line: string; n: number }[] = [];
    for (const l of textLines(text).lines) {
      const g = groups.at(-1);
      if (g && same(g.line, l)) g.n++;
      else groups.push({ line: l, n: 1 });
    }
    // One write, not one per line (each write is a message to the page).
    let out = '';
    for (const g of groups) {
      if ((p.has('d') && g.n < 2) || (p.has('u') && g.n > 1)) continue;
      out += (p.has('c') ? `${String(g.n).padStart(7)} ` : '') + g.line + '\n';
    }
    if (out) ctx.out(out);
    return 0;
  },
};

/** `1,3-5,7-`: the 1-based positions a cut list selects. */
function cutList(list: string): ((i: number) => boolean) | null {
  const ranges: [number, number][] = [];
  for (const part of list.split(',')) {
    const m = /^(\d*)(-?)(\d*)$/.exec(part);
    if (!m || (!m[1] && !m[3]) || m[1] === '0') return null;
    const lo = m[1] ? Number(m[1]) : 1;
    const hi = m[2] ? (m[3] ? Number(m[3]) : Infinity) : lo;
    ranges.push([lo, hi]);
  }
  return (i) => ranges.some(([lo, hi]) => i >= lo && i <= hi);
}

const cut: CommandSpec = {
  name: 'cut',
  summary: 'remove sections from each line of files',
  usage: 'cut -d DELIM -f LIST [FILE]...',
  run(ctx) {
    const p = parseOptions(ctx, ctx.argv.slice(1), { tool: 'cut', flags: 's', valued: 'dfcb', long: { 'delimiter=': 'd', 'fields=': 'f', 'characters=': 'c', 'bytes=': 'b', 'only-delimited': 's' } });
    if (typeof p === 'number') return p;
    const list = p.last('f') ?? p.last('c') ?? p.last('b');
    if (list === undefined) return fail(ctx, `cut: you must specify a list of bytes, characters, or fields\nTry 'cut --help' for more information.`, 1);
    const sel = cutList(list);
    if (!sel) return fail(ctx, `cut: invalid field value ‘${list}’\nTry 'cut --help' for more information.`, 1);
    const d = p.last('d') ?? '\t';
    if (d.length !== 1) return fail(ctx, `cut: the delimiter must be a single character\nTry 'cut --help' for more information.`, 1);
    const { text, status } = readAll(ctx, 'cut', p.operands);
    // One write, not one per line (each write is a message to the page).
    let out = '';
    for (const l of textLines(text).lines) {
      if (!p.has('f')) out += [...l].filter((_, i) => sel(i + 1)).join('') + '\n';
      else if (!l.includes(d)) {
        if (!p.has('s')) out += l + '\n';
      } else out += l.split(d).filter((_, i) => sel(i + 1)).join(d) + '\n';
    }
    if (out) ctx.out(out);
    return status;
  },
};

/** Expand a tr set: ranges `a-z`, classes `[:upper:]`, escapes `\n`. */
function trSet(s: string): string[] {
  const classes: Record<string, string> = { upper: 'A-Z', lower: 'a-z', digit: '0-9', alpha: 'a-zA-Z', alnum: 'a-zA-Z0-9', space: ' \t\n\r\f\v', blank: ' \t' };
  const t = s.replace(/\[:(\w+):\]/g, (m, c) => classes[c] ?? m).replace(/\\(.)/g, (_, c) => ({ n: '\n', t: '\t', r: '\r', '\\': '\\' })[c as 'n'] ?? c);
  const out: string[] = [];
  const chars = [...t];
  for (let i = 0; i < chars.length; i++) {
    if (chars[i + 1] === '-' && i + 2 < chars.length) {
      for (let c = chars[i].codePointAt(0)!; c <= chars[i + 2].codePointAt(0)!; c++) out.push(String.fromCodePoint(c));
      i += 2;
    } else out.push(chars[i]);
  }
  return out;
}

const tr: CommandSpec = {
  name: 'tr',
  summary: 'translate or delete characters',
  usage: 'tr [-ds] SET1 [SET2]',
  run(ctx) {
    const p = parseOptions(ctx, ctx.argv.slice(1), { tool: 'tr', flags: 'dsc', long: { delete: 'd', 'squeeze-repeats': 's' } });
    if (typeof p === 'number') return p;
    const [s1, s2] = p.operands;
    if (s1 === undefined) return fail(ctx, missing('tr'), 1);
    if (s2 === undefined && !p.has('d') && !p.has('s')) return fail(ctx, `tr: missing operand after ‘${s1}’\nTwo strings must be given when translating.\nTry 'tr --help' for more information.`, 1);
    if (p.operands.length > 2 || (p.has('d') && s2 !== undefined && !p.has('s'))) return fail(ctx, `tr: extra operand ‘${p.operands[p.has('d') ? 1 : 2]}’\nTry 'tr --help' for more information.`, 1);
    const a = trSet(s1);
    const b = s2 !== undefined ? trSet(s2) : [];
    let out = '';
    for (const ch of ctx.stdin) {
      if (p.has('d') && a.includes(ch)) continue;
      const i = a.indexOf(ch);
      const mapped = !p.has('d') && i >= 0 && b.length ? b[Math.min(i, b.length - 1)] : ch;
      const squeezeSet = p.has('d') || b.length ? b : a;
      if (p.has('s') && squeezeSet.includes(mapped) && out.endsWith(mapped)) continue;
      out += mapped;
    }
    ctx.out(out);
    return 0;
  },
};

const missing = (tool: string) => `${tool}: missing operand\nTry '${tool} --help' for more information.`;

const tee: CommandSpec = {
  name: 'tee',
  summary: 'copy standard input to files and standard output',
  usage: 'tee [-a] FILE...',
  run(ctx) {
    const p = parseOptions(ctx, ctx.argv.slice(1), { tool: 'tee', flags: 'ai', long: { append: 'a' } });
    if (typeof p === 'number') return p;
    let status = 0;
    for (const f of p.operands) {
      const e = fsWrite(ctx.node.fs, abs(ctx, f), ctx.stdin, ctx.world.now, p.has('a'));
      if (e) (ctx.err(`tee: ${f}: ${ERRNO[e]}\n`), (status = 1));
    }
    ctx.out(ctx.stdin);
    return status;
  },
};

function unescape(s: string): string {
  return s.replace(/\\(0[0-7]{0,3}|.)/g, (_, c: string) => (c[0] === '0' ? String.fromCharCode(parseInt(c, 8)) : ({ n: '\n', t: '\t', r: '\r', '\\': '\\', a: '\x07', e: '\x1b' } as Record<string, string>)[c] ?? '\\' + c));
}

/** bash's printf builtin: the format is reused until the arguments run out. */
const printf: CommandSpec = {
  name: 'printf',
  summary: 'format and print data',
  usage: 'printf FORMAT [ARGUMENT]...',
  run(ctx) {
    const [fmt, ...args] = ctx.argv.slice(1);
    if (fmt === undefined) return fail(ctx, 'printf: usage: printf [-v var] format [arguments]', 2);
    let status = 0;
    let i = 0;
    do {
      const usedBefore = i;
      const out = fmt.replace(/%([-+ 0#]*)(\d*)(?:\.(\d+))?([sdibxXofc%])|\\(0[0-7]{0,3}|.)/g, (m, flags: string, width: string, prec: string, conv: string) => {
        if (!conv) return unescape(m);
        if (conv === '%') return '%';
        const arg = args[i++] ?? '';
        let v: string;
        if (conv === 's' || conv === 'c') v = conv === 'c' ? arg.slice(0, 1) : prec ? arg.slice(0, Number(prec)) : arg;
        else if (conv === 'b') v = unescape(arg);
        else {
          const n = arg === '' ? 0 : Number(arg);
          if (Number.isNaN(n)) {
            ctx.err(`bash: printf: ${arg}: invalid number\n`);
            status = 1;
          }
          const num = Number.isNaN(n) ? 0 : n;
          v = conv === 'f' ? num.toFixed(prec ? Number(prec) : 6) : conv === 'x' ? Math.trunc(num).toString(16) : conv === 'X' ? Math.trunc(num).toString(16).toUpperCase() : conv === 'o' ? Math.trunc(num).toString(8) : String(Math.trunc(num));
        }
        const w = Number(width || 0);
        return flags.includes('-') ? v.padEnd(w) : v.padStart(w, flags.includes('0') && conv !== 's' ? '0' : ' ');
      });
      ctx.out(out);
      if (i === usedBefore) break;
    } while (i < args.length);
    return status;
  },
};

export const filters: CommandSpec[] = [sort, uniq, cut, tr, tee, printf];
