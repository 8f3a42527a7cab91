/**
 * Numbers as text the way mawk 1.3.4 writes them: integral values that fit a C int print as
 * integers, others through OFMT/CONVFMT (`%.6g`); and printf's conversions (`%d %i %o %x %X %u
 * %c %s %e %E %f %g %G`, flags `-+ #0`, width and precision, `*`).
 */

/** mawk prints an integral value as an integer only within a C int; 2^31 is `2.14748e+09`. */
const MAX_INT = 2147483647;

export function numberToString(n: number, fmt: string): string {
  if (Number.isInteger(n) && n >= -MAX_INT && n <= MAX_INT) return String(n === 0 ? 0 : n);
  if (Number.isNaN(n)) return n < 0 ? '-nan' : 'nan';
  if (!Number.isFinite(n)) return n < 0 ? '-inf' : 'inf';
  return sprintf(fmt, [n], String, (v) => v).text;
}

function pad(s: string, width: number, left: boolean, zero: boolean): string {
  if (s.length >= width) return s;
  if (left) return s + ' '.repeat(width - s.length);
  if (zero) {
    const sign = /^[-+ ]/.test(s) ? s[0] : '';
    const prefix = /^[-+ ]?0[xX]/.test(s) ? s.slice(sign.length, sign.length + 2) : '';
    const body = s.slice(sign.length + prefix.length);
    return sign + prefix + '0'.repeat(width - s.length) + body;
  }
  return ' '.repeat(width - s.length) + s;
}

/** C's %e: one digit, the fraction, and an exponent of at least two digits. */
function expForm(n: number, prec: number, upper: boolean): string {
  let s = Math.abs(n).toExponential(prec);
  s = s.replace(/e([+-])(\d)$/, 'e$10$2');
  if (n < 0 || Object.is(n, -0)) s = '-' + s;
  return upper ? s.toUpperCase() : s;
}

/** C's %g: %e or %f, whichever is shorter for the precision, without trailing zeros (unless `#`). */
function gForm(n: number, prec: number, upper: boolean, alt: boolean): string {
  const p = prec === 0 ? 1 : prec;
  if (n === 0) return alt ? (0).toFixed(p - 1) : '0';
  const exp = Number(Math.abs(n).toExponential(p - 1).split('e')[1]);
  let s: string;
  if (exp < -4 || exp >= p) {
    s = expForm(n, p - 1, upper);
    if (!alt) s = s.replace(/\.?0+([eE])/, '$1');
  } else {
    s = n.toFixed(Math.max(0, p - 1 - exp));
    if (!alt && s.includes('.')) s = s.replace(/\.?0+$/, '');
  }
  return s;
}

/** A printf failure, reported as mawk's run time error; `partial` is the text formatted before it. */
export class FormatError extends Error {
  partial = '';
}

/**
 * Format `args` by `fmt`. `str` and `num` convert an argument the awk way. Returns the text and
 * how many arguments were used.
 */
export function sprintf<V>(fmt: string, args: V[], str: (v: V) => string, num: (v: V) => number): { text: string } {
  let out = '';
  let ai = 0;
  const take = (): V => {
    if (ai >= args.length) throw Object.assign(new FormatError('not enough arguments passed to'), { partial: out });
    return args[ai++];
  };
  for (let i = 0; i < fmt.length; i++) {
    const c = fmt[i];
    if (c !== '%') {
      out += c;
      continue;
    }
    if (fmt[i + 1] === '%') {
      out += '%';
      i++;
      continue;
    }
    const m = /^([-+ #0]*)(\*|\d+)?(?:\.(\*|\d*))?([a-zA-Z%]?)/.exec(fmt.slice(i + 1))!;
    i += m[0].length;
    const flags = m[1];
    let width = m[2] === '*' ? Math.trunc(num(take())) : Number(m[2] ?? 0);
    let left = flags.includes('-');
    if (width < 0) {
      left = true;
      width = -width;
    }
    const precText = m[3];
    const prec = precText === undefined ? undefined : precText === '*' ? Math.trunc(num(take())) : Number(precText || 0);
    const conv = m[4];
    if (!conv) throw Object.assign(new FormatError('bad conversion'), { partial: out });
    const zero = flags.includes('0') && !left;
    const sign = (n: number, s: string) => (n < 0 ? s : flags.includes('+') ? '+' + s : flags.includes(' ') ? ' ' + s : s);
    switch (conv) {
      case 's': {
        let s = str(take());
        if (prec !== undefined) s = s.slice(0, prec);
        out += pad(s, width, left, false);
        break;
      }
      case 'c': {
        const v = take();
        const s = typeof v === 'number' ? String.fromCharCode(Math.trunc(v) & 255) : str(v).slice(0, 1);
        out += pad(s, width, left, false);
        break;
      }
      case 'd':
      case 'i': {
        let n = Math.trunc(num(take()));
        if (!Number.isFinite(n)) n = n > 0 ? MAX_INT : -MAX_INT;
        n = Math.max(-MAX_INT - 1, Math.min(MAX_INT, n));
        let digits = String(Math.abs(n));
        if (prec !== undefined) digits = prec === 0 && n === 0 ? '' : digits.padStart(prec, '0');
        out += pad(sign(n, (n < 0 ? '-' : '') + digits), width, left, zero && prec === undefined);
        break;
      }
      case 'o':
      case 'x':
      case 'X':
      case 'u': {
        let n = Math.trunc(num(take()));
        if (n < 0 || !Number.isFinite(n)) n = n < 0 ? 0 : 4294967295;
        let digits = conv === 'u' ? String(n) : n.toString(conv === 'o' ? 8 : 16);
        if (conv === 'X') digits = digits.toUpperCase();
        if (prec !== undefined) digits = prec === 0 && n === 0 ? '' : digits.padStart(prec, '0');
        if (flags.includes('#') && n !== 0) digits = conv === 'o' ? (digits.startsWith('0') ? digits : '0' + digits) : conv === 'x' ? '0x' + digits : conv === 'X' ? '0X' + digits : digits;
        out += pad(digits, width, left, zero && prec === undefined);
        break;
      }
      case 'e':
      case 'E':
      case 'f':
      case 'F':
      case 'g':
      case 'G': {
        const n = num(take());
        const p = prec ?? 6;
        let s: string;
        if (!Number.isFinite(n)) s = Number.isNaN(n) ? 'nan' : n < 0 ? '-inf' : 'inf';
        else if (conv === 'e' || conv === 'E') s = expForm(n, p, conv === 'E');
        else if (conv === 'f' || conv === 'F') s = (n < 0 ? '-' : '') + Math.abs(n).toFixed(p) + (flags.includes('#') && p === 0 ? '.' : '');
        else s = (n < 0 ? '-' : '') + gForm(Math.abs(n), p, conv === 'G', flags.includes('#'));
        if (conv === 'F' || conv === 'E' || conv === 'G') s = s.toUpperCase();
        out += pad(sign(n, s), width, left, zero && Number.isFinite(n));
        break;
      }
      default:
        throw Object.assign(new FormatError(`improper conversion(number ${ai + 1}) in`), { partial: out });
    }
  }
  return { text: out };
}
