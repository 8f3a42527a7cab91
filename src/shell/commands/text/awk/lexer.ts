/**
 * awk's tokens (POSIX awk as mawk 1.3.4 reads it): a `/` starts a regular expression unless it
 * follows an operand, newlines end statements, and a name glued to `(` is a function call.
 */

export type TokKind =
  | 'number' | 'string' | 'regex' | 'name' | 'funcname' | 'builtin' | 'keyword' | 'punct' | 'newline' | 'eof';

export interface Tok {
  kind: TokKind;
  text: string;
  /** The value of a number, string or regex literal (escapes resolved for strings). */
  value?: string | number;
  line: number;
}

/** A syntax error in the program text, reported as mawk does (`awk: line N: …`, exit 2). */
export class AwkSyntaxError extends Error {
  constructor(
    public line: number,
    message: string,
  ) {
    super(message);
  }
}

export const KEYWORDS = new Set(['BEGIN', 'END', 'function', 'func', 'if', 'else', 'while', 'for', 'do', 'break', 'continue', 'next', 'nextfile', 'exit', 'return', 'delete', 'in', 'getline', 'print', 'printf']);
export const BUILTINS = new Set(['length', 'substr', 'index', 'split', 'sub', 'gsub', 'match', 'sprintf', 'tolower', 'toupper', 'int', 'sqrt', 'exp', 'log', 'sin', 'cos', 'atan2', 'rand', 'srand', 'system', 'close', 'fflush']);

const PUNCT = ['+=', '-=', '*=', '/=', '%=', '^=', '**=', '**', '==', '<=', '>=', '!=', '++', '--', '&&', '||', '>>', '!~', '{', '}', '(', ')', '[', ']', ';', ',', '+', '-', '*', '/', '%', '^', '!', '>', '<', '|', '?', ':', '~', '$', '='];

/** Escapes in strings and regex literals: `\n`, `\t`, `\"`, `\/`, `\\`, octal `\101`. */
export function unescapeAwk(s: string, keepUnknown: boolean): string {
  return s.replace(/\\([0-7]{1,3}|.)/gs, (m, c: string) => {
    if (/^[0-7]/.test(c)) return String.fromCharCode(parseInt(c, 8));
    const map: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', '"': '"', '/': '/', a: '\x07', b: '\b', f: '\f', v: '\v' };
    if (c in map) return keepUnknown && c === '\\' ? '\\\\' : map[c];
    return keepUnknown ? m : c;
  });
}

export function tokenize(src: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  let line = 1;
  const last = () => toks[toks.length - 1];
  /** After an operand a `/` divides; anywhere else it opens a regular expression. */
  const divisionAllowed = () => {
    const t = last();
    if (!t) return false;
    if (t.kind === 'number' || t.kind === 'string' || t.kind === 'regex' || t.kind === 'name' || t.kind === 'builtin') return true;
    if (t.kind === 'keyword') return t.text === 'getline';
    return t.kind === 'punct' && (t.text === ')' || t.text === ']' || t.text === '$' || t.text === '++' || t.text === '--');
  };
  while (i < src.length) {
    const c = src[i];
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (c === '\\' && src[i + 1] === '\n') {
      i += 2;
      line++;
      continue;
    }
    if (c === '#') {
      while (i < src.length && src[i] !== '\n') i++;
      continue;
    }
    if (c === '\n') {
      toks.push({ kind: 'newline', text: 'end of line', line });
      line++;
      i++;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      let raw = '';
      while (j < src.length && src[j] !== '"') {
        if (src[j] === '\n') throw new AwkSyntaxError(line, `runaway string constant "${raw.slice(0, 10)} ...`);
        if (src[j] === '\\' && j + 1 < src.length) {
          raw += src[j] + src[j + 1];
          j += 2;
        } else raw += src[j++];
      }
      if (j >= src.length) throw new AwkSyntaxError(line, `runaway string constant "${raw.slice(0, 10)} ...`);
      toks.push({ kind: 'string', text: `"${raw}"`, value: unescapeAwk(raw, false), line });
      i = j + 1;
      continue;
    }
    if (c === '/' && !divisionAllowed()) {
      let j = i + 1;
      let raw = '';
      let inBracket = false;
      while (j < src.length && (src[j] !== '/' || inBracket)) {
        if (src[j] === '\n') throw new AwkSyntaxError(line, `runaway regular expression /${raw.slice(0, 10)} ...`);
        if (src[j] === '\\' && j + 1 < src.length) {
          raw += src[j] + src[j + 1];
          j += 2;
          continue;
        }
        if (src[j] === '[' && !inBracket) inBracket = true;
        else if (src[j] === ']' && inBracket && raw[raw.length - 1] !== '[' && !raw.endsWith('[^')) inBracket = false;
        raw += src[j++];
      }
      if (j >= src.length) throw new AwkSyntaxError(line, `runaway regular expression /${raw.slice(0, 10)} ...`);
      toks.push({ kind: 'regex', text: `/${raw}/`, value: raw.replace(/\\\//g, '/'), line });
      i = j + 1;
      continue;
    }
    const num = /^(?:\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?)/.exec(src.slice(i, i + 64));
    if (num && /[\d.]/.test(c)) {
      toks.push({ kind: 'number', text: num[0], value: Number(num[0]), line });
      i += num[0].length;
      continue;
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i, i + 256));
    if (name) {
      const w = name[0];
      i += w.length;
      if (KEYWORDS.has(w)) toks.push({ kind: 'keyword', text: w === 'func' ? 'function' : w, line });
      else if (BUILTINS.has(w)) toks.push({ kind: 'builtin', text: w, line });
      else toks.push({ kind: src[i] === '(' ? 'funcname' : 'name', text: w, line });
      continue;
    }
    const p = PUNCT.find((op) => src.startsWith(op, i));
    if (!p) throw new AwkSyntaxError(line, `syntax error at or near ${c}`);
    toks.push({ kind: 'punct', text: p === '**' ? '^' : p === '**=' ? '^=' : p, line });
    i += p.length;
  }
  // mawk counts a last line without a newline as ended: the end of file is on the line after.
  toks.push({ kind: 'eof', text: 'end of file', line: src.endsWith('\n') ? line : line + 1 });
  return toks;
}
