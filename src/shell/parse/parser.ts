/** Bash's grammar for the lines students type: lists, and-or chains, pipelines, redirects. */
import type { Token, WordPart } from './lexer';
import { LexError, lex } from './lexer';

export interface Redirect {
  fd: 0 | 1 | 2;
  op: '>' | '>>' | '<' | '<<' | '>&';
  target?: WordPart[];
  /** For `>&`: the fd duplicated (`2>&1`). */
  dupFd?: 1 | 2;
  heredoc?: { body: string; expand: boolean };
}

export interface SimpleCommand {
  assignments: { name: string; value: WordPart[] }[];
  words: WordPart[][];
  redirects: Redirect[];
}

export interface Pipeline {
  negate: boolean;
  commands: SimpleCommand[];
}

export interface AndOr {
  first: Pipeline;
  rest: { op: '&&' | '||'; pipeline: Pipeline }[];
  background: boolean;
  /** The source text, for `jobs` and history. */
  text: string;
}

export class ParseError extends Error {
  constructor(message: string, public incomplete: boolean) {
    super(message);
  }
}

/** Parse a command text; throws ParseError (incomplete=true when more lines would complete it). */
export function parse(input: string): AndOr[] {
  let tokens: Token[];
  try {
    tokens = lex(input);
  } catch (e) {
    if (e instanceof LexError) throw new ParseError(e.message, e.incomplete);
    throw e;
  }
  const p = new Parser(tokens);
  return p.list();
}

class Parser {
  private i = 0;
  constructor(private tokens: Token[]) {}

  private peek(): Token | undefined {
    return this.tokens[this.i];
  }

  private isOp(v: string): boolean {
    const t = this.peek();
    return !!t && t.type === 'op' && t.value === v;
  }

  list(): AndOr[] {
    const out: AndOr[] = [];
    for (;;) {
      while (this.isOp('\n') || this.isOp(';')) {
        if (this.isOp(';') && out.length === 0) throw unexpected(';');
        this.i++;
      }
      if (!this.peek()) return out;
      const item = this.andOr();
      if (this.isOp('&')) {
        item.background = true;
        this.i++;
      } else if (this.peek() && !this.isOp(';') && !this.isOp('\n')) {
        const t = this.peek()!;
        throw unexpected(t.type === 'op' ? t.value : tokenText(t));
      }
      out.push(item);
    }
  }

  private andOr(): AndOr {
    const first = this.pipeline();
    const rest: AndOr['rest'] = [];
    while (this.isOp('&&') || this.isOp('||')) {
      const op = (this.tokens[this.i++] as { value: '&&' | '||' }).value;
      while (this.isOp('\n')) this.i++;
      if (!this.peek()) throw new ParseError('syntax error: unexpected end of file', true);
      rest.push({ op, pipeline: this.pipeline() });
    }
    return { first, rest, background: false, text: '' };
  }

  private pipeline(): Pipeline {
    let negate = false;
    const w = this.peek();
    if (w?.type === 'word' && w.parts.length === 1 && w.parts[0].quote === 'none' && w.parts[0].text === '!') {
      negate = true;
      this.i++;
    }
    const commands = [this.simple()];
    while (this.isOp('|')) {
      this.i++;
      while (this.isOp('\n')) this.i++;
      if (!this.peek()) throw new ParseError('syntax error: unexpected end of file', true);
      commands.push(this.simple());
    }
    return { negate, commands };
  }

  private simple(): SimpleCommand {
    const cmd: SimpleCommand = { assignments: [], words: [], redirects: [] };
    for (;;) {
      const t = this.peek();
      if (!t) break;
      if (t.type === 'heredoc') {
        this.i++;
        cmd.redirects.push({ fd: 0, op: '<<', heredoc: { body: t.body, expand: t.expand } });
        continue;
      }
      if (t.type === 'op') {
        const r = this.redirect(t.value);
        if (!r) break;
        cmd.redirects.push(r);
        continue;
      }
      this.i++;
      const assign = cmd.words.length === 0 ? assignment(t.parts) : null;
      if (assign) cmd.assignments.push(assign);
      else cmd.words.push(t.parts);
    }
    if (cmd.words.length === 0 && cmd.assignments.length === 0 && cmd.redirects.length === 0) {
      const t = this.peek();
      throw t ? unexpected(t.type === 'op' ? (t.value === '\n' ? 'newline' : t.value) : tokenText(t)) : new ParseError("syntax error near unexpected token `newline'", false);
    }
    return cmd;
  }

  private redirect(op: string): Redirect | null {
    const map: Record<string, Omit<Redirect, 'target'>> = {
      '>': { fd: 1, op: '>' },
      '>>': { fd: 1, op: '>>' },
      '<': { fd: 0, op: '<' },
      '2>': { fd: 2, op: '>' },
      '2>>': { fd: 2, op: '>>' },
    };
    if (op === '2>&1') {
      this.i++;
      return { fd: 2, op: '>&', dupFd: 1 };
    }
    if (op === '&>') {
      this.i++;
      const target = this.target();
      return { fd: 1, op: '>', target, dupFd: 2 };
    }
    if (op === '>&') {
      this.i++;
      const t = this.target();
      const fdText = t.map((p) => p.text).join('');
      if (fdText === '1' || fdText === '2') return { fd: 1, op: '>&', dupFd: Number(fdText) as 1 | 2 };
      return { fd: 1, op: '>', target: t, dupFd: 2 };
    }
    const base = map[op];
    if (!base) return null;
    this.i++;
    return { ...base, target: this.target() };
  }

  private target(): WordPart[] {
    const t = this.peek();
    if (!t || t.type !== 'word') {
      throw unexpected(!t ? 'newline' : t.type === 'op' ? (t.value === '\n' ? 'newline' : t.value) : 'newline');
    }
    this.i++;
    return t.parts;
  }
}

function unexpected(token: string): ParseError {
  return new ParseError(`syntax error near unexpected token \`${token}'`, false);
}

function tokenText(t: Token): string {
  return t.type === 'word' ? t.parts.map((p) => p.text).join('') : t.type === 'op' ? t.value : '<<';
}

function assignment(parts: WordPart[]): { name: string; value: WordPart[] } | null {
  const first = parts[0];
  if (first.quote !== 'none') return null;
  const m = /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(first.text);
  if (!m) return null;
  const value = [{ ...first, text: first.text.slice(m[0].length) }, ...parts.slice(1)].filter((p) => p.text !== '' || p.quote !== 'none');
  return { name: m[1], value };
}

/** True when the text cannot run yet because the user has not finished typing it (PS2 `> `). */
export function parseIsIncomplete(input: string): boolean {
  try {
    parse(input);
    return false;
  } catch (e) {
    return e instanceof ParseError && e.incomplete;
  }
}
