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
  | { type: 'heredoc'; delimiter: string; expand: boolean; stripTabs: boolean; body: string };

export class LexError extends Error {
  constructor(message: string, public incomplete: boolean) {
    super(message);
  }
}

const OPERATORS = ['&&', '||', ';;&', ';;', ';&', '>>', '<<-', '<<', '2>>', '2>&1', '&>', '2>', '>&', '|', '&', ';', '<', '>', '(', ')', '\n'];

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
        } else text += input[j++];
      }
      if (j >= input.length) throw new LexError('unexpected EOF while looking for matching `"\'', true);
      pushPart(text, 'double');
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
  let depth = 0;
  for (let j = open; j < input.length; j++) {
    if (input[j] === '(') depth++;
    else if (input[j] === ')' && --depth === 0) return j;
    else if (input[j] === "'") {
      const e = input.indexOf("'", j + 1);
      if (e < 0) break;
      j = e;
    }
  }
  throw new LexError("unexpected EOF while looking for matching `)'", true);
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
