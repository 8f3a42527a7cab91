/**
 * `seq [-w] [-s SEP] [-f FMT] [FIRST [INCR]] LAST` (GNU coreutils), for `for i in $(seq 1 5)`.
 * Decimal places follow FIRST and INCR as GNU's do (`seq 0 0.5 2` prints 0.0 … 2.0).
 */
import type { CommandSpec } from '../../context';
import { fail } from './util';

const TRY = "Try 'seq --help' for more information.";

/** GNU seq counts decimals in the operand as written (`1.50` has two; `1e2` none). */
function decimals(s: string): number {
  const m = /\.(\d*)/.exec(s);
  return m && !/[eE]/.test(s) ? m[1].length : 0;
}

function printfG(fmt: string, v: number): string | null {
  const m = /^(.*?)%([-+ 0#]*)(\d*)(?:\.(\d+))?([gfeG])(.*)$/s.exec(fmt);
  if (!m) return null;
  const [, pre, flags, width, prec, conv, post] = m;
  let s: string;
  if (conv === 'f') s = v.toFixed(prec ? Number(prec) : 6);
  else if (conv === 'e') s = v.toExponential(prec ? Number(prec) : 6).replace(/e([+-])(\d)$/, 'e$10$2');
  else s = String(Number(v.toPrecision(prec ? Math.max(1, Number(prec)) : 6)));
  const w = Number(width || 0);
  s = flags.includes('-') ? s.padEnd(w) : flags.includes('0') ? (v < 0 ? '-' + s.slice(1).padStart(w - 1, '0') : s.padStart(w, '0')) : s.padStart(w);
  return pre.replace(/%%/g, '%') + s + post.replace(/%%/g, '%');
}

export const seq: CommandSpec = {
  name: 'seq',
  summary: 'print a sequence of numbers',
  usage: 'seq [-w] [-s SEP] [FIRST [INCR]] LAST',
  run(ctx) {
    const args = ctx.argv.slice(1);
    let sep = '\n';
    let equalWidth = false;
    let format: string | null = null;
    const operands: string[] = [];
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      // A negative number is an operand, not an option (`seq -2 0`).
      if (operands.length || !a.startsWith('-') || a === '-' || /^-\d/.test(a)) {
        operands.push(a);
        continue;
      }
      if (a === '--') {
        operands.push(...args.slice(i + 1));
        break;
      }
      if (a === '-w' || a === '--equal-width') equalWidth = true;
      else if (a.startsWith('-s') || a.startsWith('--separator')) {
        const v = a.startsWith('-s') ? a.slice(2) || args[++i] : a.includes('=') ? a.slice(a.indexOf('=') + 1) : args[++i];
        if (v === undefined) return fail(ctx, `seq: option requires an argument -- 's'\n${TRY}`, 1);
        sep = v;
      } else if (a.startsWith('-f') || a.startsWith('--format')) {
        const v = a.startsWith('-f') ? a.slice(2) || args[++i] : a.includes('=') ? a.slice(a.indexOf('=') + 1) : args[++i];
        if (v === undefined) return fail(ctx, `seq: option requires an argument -- 'f'\n${TRY}`, 1);
        format = v;
      } else if (a.startsWith('--')) return fail(ctx, `seq: unrecognized option '${a}'\n${TRY}`, 1);
      else return fail(ctx, `seq: invalid option -- '${a[1]}'\n${TRY}`, 1);
    }
    if (operands.length === 0) return fail(ctx, `seq: missing operand\n${TRY}`, 1);
    if (operands.length > 3) return fail(ctx, `seq: extra operand ‘${operands[3]}’\n${TRY}`, 1);
    const nums: number[] = [];
    for (const o of operands) {
      const n = o.trim() === '' ? NaN : Number(o);
      if (Number.isNaN(n)) return fail(ctx, `seq: invalid floating point argument: ‘${o}’\n${TRY}`, 1);
      nums.push(n);
    }
    const [first, step, last] = nums.length === 1 ? [1, 1, nums[0]] : nums.length === 2 ? [nums[0], 1, nums[1]] : nums;
    if (step === 0) return fail(ctx, `seq: invalid Zero increment value: ‘${operands[1]}’\n${TRY}`, 1);
    if (format !== null && printfG(format, 0) === null) return fail(ctx, `seq: format ‘${format}’ has no % directive`, 1);
    const places = Math.max(nums.length > 1 ? decimals(operands[0]) : 0, nums.length === 3 ? decimals(operands[1]) : 0);
    const values: string[] = [];
    // Counted, not accumulated, so 0.1 steps do not drift; bounded so `seq 1e9` cannot hang the shell.
    for (let k = 0; k < 1_000_000; k++) {
      const v = first + k * step;
      if (step > 0 ? v > last + 1e-9 : v < last - 1e-9) break;
      values.push(format !== null ? printfG(format, v)! : v.toFixed(places));
      if (ctx.interrupted()) break;
    }
    if (equalWidth && format === null) {
      const width = Math.max(...values.map((v) => v.length));
      for (let k = 0; k < values.length; k++) {
        const neg = values[k].startsWith('-');
        values[k] = (neg ? '-' : '') + values[k].replace(/^-/, '').padStart(width - (neg ? 1 : 0), '0');
      }
    }
    if (values.length) ctx.out(values.join(sep) + '\n');
    return 0;
  },
};
