/**
 * POSIX regular expressions (GNU flavour) translated to JavaScript ones, for grep and sed.
 * In a BRE `\(`, `\)`, `\{`, `\}`, `\+`, `\?` and `\|` are the operators and the bare characters
 * are literal; in an ERE (`grep -E`, `sed -E`) it is the other way round.
 */

const CLASSES: Record<string, string> = {
  alpha: 'a-zA-Z', digit: '0-9', alnum: 'a-zA-Z0-9', upper: 'A-Z', lower: 'a-z', space: ' \\t\\n\\r\\f\\v',
  blank: ' \\t', punct: '!-\\/:-@\\[-`{-~', xdigit: '0-9A-Fa-f', cntrl: '\\x00-\\x1f\\x7f', print: '\\x20-\\x7e', graph: '\\x21-\\x7e',
};

export class RegexError extends Error {}

/** Translate a bracket expression starting at `re[i] === '['`; returns the JS text and the index after it. */
function bracket(re: string, i: number): [string, number] {
  let j = i + 1;
  let out = '[';
  if (re[j] === '^') {
    out += '^';
    j++;
  }
  let first = true;
  for (; j < re.length; j++) {
    const c = re[j];
    if (c === ']' && !first) return [out + ']', j + 1];
    const leading = first;
    first = false;
    if (c === '[' && (re[j + 1] === ':' || re[j + 1] === '=' || re[j + 1] === '.')) {
      const end = re.indexOf(re[j + 1] + ']', j + 2);
      if (end < 0) throw new RegexError('Unmatched [, [^, [:, [., or [=');
      const name = re.slice(j + 2, end);
      if (re[j + 1] === ':') {
        if (!(name in CLASSES)) throw new RegexError('Invalid character class name');
        out += CLASSES[name];
      } else out += name.replace(/[\\\]\[^-]/g, '\\$&');
      j = end + 1;
      continue;
    }
    out += c === '\\' || c === '[' || (c === ']' && leading) ? '\\' + c : c;
  }
  throw new RegexError('Unmatched [, [^, [:, [., or [=');
}

/** Translate a GNU BRE or ERE to a JavaScript regex source. */
export function posixToJs(re: string, extended: boolean): string {
  let out = '';
  let atStart = true; // where `*` is literal in a BRE
  let depth = 0;
  for (let i = 0; i < re.length; i++) {
    const c = re[i];
    const start = atStart;
    atStart = false;
    if (c === '[') {
      const [b, next] = bracket(re, i);
      out += b;
      i = next - 1;
      continue;
    }
    if (c === '\\') {
      const n = re[++i];
      if (n === undefined) throw new RegexError('Trailing backslash');
      if (!extended && '(){}+?|'.includes(n)) {
        out += n === '{' ? '{' : n === '}' ? '}' : n;
        if (n === '(') (depth++, (atStart = true));
        if (n === ')') depth--;
        if (n === '|') atStart = true;
      } else if (n === '<') out += '\\b(?=\\w)';
      else if (n === '>') out += '\\b(?<=\\w)';
      else if (n === '`') out += '^';
      else if (n === "'") out += '$';
      else if ('wWsSbB'.includes(n) || /\d/.test(n)) out += '\\' + n;
      else if (n === 'n') out += '\\n';
      else if (n === 't') out += '\\t';
      else out += /[A-Za-z0-9]/.test(n) ? n : '\\' + n;
      continue;
    }
    if (extended) {
      if (c === '(') (depth++, (atStart = true));
      if (c === ')') {
        if (depth === 0) throw new RegexError('Unmatched ) or \\)');
        depth--;
      }
      if (c === '|') atStart = true;
      if (c === '{' && !/^\{\d*(,\d*)?\}/.test(re.slice(i))) out += '\\{';
      else if ((c === '*' || c === '+' || c === '?') && start) out += '\\' + c;
      else out += c === '/' ? '\\/' : c;
      if (c === '^') atStart = true;
      continue;
    }
    if ('(){}+?|/'.includes(c)) out += '\\' + c;
    else if (c === '*' && start) out += '\\*';
    else if (c === '^' && !start) out += '\\^';
    else if (c === '$' && i !== re.length - 1 && !(re[i + 1] === '\\' && (re[i + 2] === ')' || re[i + 2] === '|'))) out += '\\$';
    else out += c;
    if (c === '^' && start) atStart = true;
  }
  if (depth > 0) throw new RegexError('Unmatched ( or \\(');
  return out;
}

export function compilePosix(re: string, extended: boolean, flags: string): RegExp {
  try {
    return new RegExp(posixToJs(re, extended), flags);
  } catch (e) {
    if (e instanceof RegexError) throw e;
    throw new RegexError('Invalid regular expression');
  }
}
