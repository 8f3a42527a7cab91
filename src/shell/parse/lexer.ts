/**
 * Bash's lexical rules, the part students meet: quotes, backslashes, operators, comments and
 * here-documents. Words keep their quoting so expansion can tell `$HOME` from `'$HOME'`.
 */

export interface WordPart {
  text: string;
  quote: 'none' | 'single' | 'double';
}

export type Token =
  | { type: 'word'; parts: WordPart[] }
  | { type: 'op'; value: string }
  /** `(( expr ))`: the arithmetic command, or the header of `for (( init; test; step ))`. */
  | { type: 'arith'; expr: string }
  | { type: 'heredoc'; delimiter: string; expand: boolean; stripTabs: boolean; body: string };

export class LexError extends Error {
  constructor(message: string, public incomplete: boolean) {
    super(message);
  }
}

const OPERATORS = ['&&', '||', ';;&', ';;', ';&', '>>', '<<<', '<<-', '<<', '2>>', '2>&1', '&>', '2>', '>&', '|', '&', ';', '<', '>', '(', ')', '\n'];

/** Split a (possibly multi-line) command text into tokens; heredoc bodies are read from later lines. */
export function lex(input: string): Token[] {
  const tokens: Token[] = [];
  const pendingHeredocs: Extract<Token, { type: 'heredoc' }>[] = [];
  let i = 0;
  let parts: WordPart[] | null = null;
  const pushPart = (text: string, quote: WordPart['quote']) => {
    parts ??= [];
    const last = parts[parts.length - 1];
    if (last && last.quote === quote) last.text += text;
    else parts.push({ text, quote });
  };
  const endWord = () => {
    if (parts) tokens.push({ type: 'word', parts });
    parts = null;
  };
  while (i < input.length) {
    const c = input[i];
    if (c === '\\') {
      if (i + 1 >= input.length) throw new LexError('unexpected EOF after backslash', true);
      if (input[i + 1] === '\n') {
        i += 2;
        continue;
      }
      pushPart(input[i + 1], 'single');
      i += 2;
      continue;
    }
    if (c === "'") {
      const end = input.indexOf("'", i + 1);
      if (end < 0) throw new LexError("unexpected EOF while looking for matching `''", true);
      pushPart(input.slice(i + 1, end), 'single');
      i = end + 1;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      let text = '';
      while (j < input.length && input[j] !== '"') {
        if (input[j] === '\\' && j + 1 < input.length && '$`"\\\n'.includes(input[j + 1])) {
          text += input[j + 1] === '\n' ? '' : input[j + 1] === '$' ? '\\$' : input[j + 1];
          j += 2;
        } else if (input[j] === '$' && input[j + 1] === '(') {
          const end = matchParen(input, j + 1);
          text += input.slice(j, end + 1);
          j = end + 1;
        } else if (input[j] === '`') {
          const { command, next } = readBackquote(input, j, true);
          text += '$(' + command + ')';
          j = next;
        } else text += input[j++];
      }
      if (j >= input.length) throw new LexError('unexpected EOF while looking for matching `"\'', true);
      pushPart(text, 'double');
      i = j + 1;
      continue;
    }
    if (c === '$' && input[i + 1] === "'") {
      // $'…': ANSI-C quoting, backslash escapes resolved, the result literal.
      let j = i + 2;
      let raw = '';
      while (j < input.length && input[j] !== "'") {
        if (input[j] === '\\' && j + 1 < input.length) raw += input[j++];
        raw += input[j++];
      }
      if (j >= input.length) throw new LexError("unexpected EOF while looking for matching `''", true);
      pushPart(ansiC(raw), 'single');
      i = j + 1;
      continue;
    }
    if (c === '$' && input[i + 1] === '{') {
      // `${v: -4}`, `${v:-a b}`: a parameter expansion is one piece of the word, blanks and all.
      const end = input.indexOf('}', i + 2);
      if (end < 0) throw new LexError("unexpected EOF while looking for matching `}'", true);
      pushPart(input.slice(i, end + 1), 'none');
      i = end + 1;
      continue;
    }
    if (c === '$' && input[i + 1] === '(') {
      const end = matchParen(input, i + 1);
      pushPart(input.slice(i, end + 1), 'none');
      i = end + 1;
      continue;
    }
    if (c === '`') {
      // `cmd` is the old spelling of $(cmd): kept as $(…) so expansion has one way to run it.
      const { command, next } = readBackquote(input, i, false);
      pushPart('$(' + command + ')', 'none');
      i = next;
      continue;
    }
    if (c === '(' && input[i + 1] === '(' && !parts && arithAllowed(tokens)) {
      const end = matchArith(input, i);
      if (end >= 0) {
        tokens.push({ type: 'arith', expr: input.slice(i + 2, end) });
        i = end + 2;
        continue;
      }
    }
    if (c === '#' && !parts) {
      while (i < input.length && input[i] !== '\n') i++;
      continue;
    }
    if (c === ' ' || c === '\t') {
      endWord();
      i++;
      continue;
    }
    const op = OPERATORS.find((o) => input.startsWith(o, i) && (!o.startsWith('2') || !parts));
    if (op) {
      endWord();
      i += op.length;
      if (op === '<<' || op === '<<-') {
        const { word, next } = readDelimiter(input, i);
        i = next;
        const tok = { type: 'heredoc' as const, delimiter: word.text, expand: word.quoted === false, stripTabs: op === '<<-', body: '' };
        tokens.push(tok);
        pendingHeredocs.push(tok);
        continue;
      }
      if (op === '\n' && pendingHeredocs.length) {
        i = readHeredocBodies(input, i, pendingHeredocs.splice(0));
      }
      tokens.push({ type: 'op', value: op });
      continue;
    }
    pushPart(c, 'none');
    i++;
  }
  endWord();
  if (pendingHeredocs.length) {
    throw new LexError(`here-document delimited by end-of-file (wanted \`${pendingHeredocs[0].delimiter}')`, true);
  }
  return tokens;
}

function matchParen(input: string, open: number): number {
  const end = closingParen(input, open);
  if (end < 0) throw new LexError("unexpected EOF while looking for matching `)'", true);
  return end;
}

/**
 * The `)` that closes the `(` at `open`, skipping quoted text, backslash escapes and backquotes;
 * -1 when the text ends first. Expansion uses it too, to find the end of `$(…)`.
 */
export function closingParen(input: string, open: number): number {
  let depth = 0;
  for (let j = open; j < input.length; j++) {
    const c = input[j];
    if (c === '\\') j++;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return j;
    else if (c === "'" || c === '`') {
      const e = input.indexOf(c, j + 1);
      if (e < 0) return -1;
      j = e;
    } else if (c === '"') {
      let k = j + 1;
      while (k < input.length && input[k] !== '"') k += input[k] === '\\' ? 2 : 1;
      if (k >= input.length) return -1;
      j = k;
    }
  }
  return -1;
}

/**
 * A backquoted command from the backquote at `start`: inside, `\``, `\\` and `\$` (and `\"` within
 * double quotes) lose their backslash, which is how backquotes nest.
 */
function readBackquote(input: string, start: number, inDouble: boolean): { command: string; next: number } {
  let command = '';
  for (let j = start + 1; j < input.length; j++) {
    const c = input[j];
    if (c === '`') return { command, next: j + 1 };
    if (c === '\\' && j + 1 < input.length && ('`\\$'.includes(input[j + 1]) || (inDouble && input[j + 1] === '"'))) {
      command += input[++j];
      continue;
    }
    command += c;
  }
  throw new LexError("unexpected EOF while looking for matching ``'", true);
}

/** The escapes of $'…': backslash-n, -t, -e, -xHH, octal -NNN and the quotes. */
function ansiC(raw: string): string {
  const map: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', v: '\v', '\\': '\\', "'": "'", '"': '"', '?': '?' };
  return raw.replace(/\\(x[0-9a-fA-F]{1,2}|[0-7]{1,3}|.)/gs, (m, c: string) => {
    if (c[0] === 'x' && c.length > 1) return String.fromCharCode(parseInt(c.slice(1), 16));
    if (/^[0-7]/.test(c)) return String.fromCharCode(parseInt(c, 8));
    return map[c] ?? m;
  });
}

/** `((` opens an arithmetic command where a command starts, or right after `for`. */
function arithAllowed(tokens: Token[]): boolean {
  const last = tokens[tokens.length - 1];
  if (!last) return true;
  if (last.type === 'op') return !['<', '>', '>>', '2>', '2>>', '&>', '>&'].includes(last.value);
  if (last.type === 'word') return last.parts.length === 1 && last.parts[0].quote === 'none' && ['for', 'do', 'then', 'else', 'elif', '{', '!', 'while', 'until', 'if'].includes(last.parts[0].text);
  return false;
}

/**
 * Where the `))` closing `((` at `open` is, or -1 when the parentheses close otherwise
 * (`((cd /tmp); ls)` is a subshell in a subshell, as bash decides too).
 */
function matchArith(input: string, open: number): number {
  let depth = 0;
  for (let j = open; j < input.length; j++) {
    if (input[j] === '(') depth++;
    else if (input[j] === ')') {
      depth--;
      if (depth === 1 && input[j + 1] === ')') return j;
      if (depth < 2) return -1;
    }
  }
  // Still open at the end of the text: the terminal waits for the rest (PS2), as bash does.
  throw new LexError("unexpected EOF while looking for matching `))'", true);
}

function readDelimiter(input: string, start: number): { word: { text: string; quoted: boolean }; next: number } {
  let i = start;
  while (input[i] === ' ' || input[i] === '\t') i++;
  let text = '';
  let quoted = false;
  while (i < input.length && !' \t\n;|&<>()'.includes(input[i])) {
    if (input[i] === "'" || input[i] === '"') {
      const q = input[i];
      const end = input.indexOf(q, i + 1);
      if (end < 0) throw new LexError(`unexpected EOF while looking for matching \`${q}'`, true);
      text += input.slice(i + 1, end);
      quoted = true;
      i = end + 1;
    } else if (input[i] === '\\') {
      quoted = true;
      text += input[i + 1] ?? '';
      i += 2;
    } else text += input[i++];
  }
  if (!text) throw new LexError("syntax error near unexpected token `newline'", false);
  return { word: { text, quoted }, next: i };
}

/** Consume the bodies of here-documents that start after the newline at `start`. */
function readHeredocBodies(input: string, start: number, docs: Extract<Token, { type: 'heredoc' }>[]): number {
  let i = start;
  for (const doc of docs) {
    const lines: string[] = [];
    let found = false;
    while (i < input.length) {
      const nl = input.indexOf('\n', i);
      const line = nl < 0 ? input.slice(i) : input.slice(i, nl);
      i = nl < 0 ? input.length : nl + 1;
      const cmp = doc.stripTabs ? line.replace(/^\t+/, '') : line;
      if (cmp === doc.delimiter) {
        found = true;
        break;
      }
      lines.push(cmp);
    }
    if (!found) throw new LexError(`here-document delimited by end-of-file (wanted \`${doc.delimiter}')`, true);
    doc.body = lines.length ? lines.join('\n') + '\n' : '';
  }
  // Leave the position at the start of the next line; the caller records the newline operator.
  return i;
}
