/**
 * Bash's grammar for the lines students type: lists, and-or chains, pipelines, redirects, and the
 * compound commands pasted from blogs and the course notes — `for`, `while`, `until`, `if`,
 * `case`, `( subshell )`, `{ group; }` and `[[ … ]]`.
 *
 * Errors read as bash 5.2 prints them. A construct still open at the end of the text is
 * "incomplete": the terminal shows PS2 (`> `) and waits for more lines instead of failing.
 */
import type { Token, WordPart } from './lexer';
import { LexError, lex } from './lexer';

export interface Redirect {
  fd: 0 | 1 | 2;
  /** `<<<` is a here-string: the word and a newline are the input. */
  op: '>' | '>>' | '<' | '<<' | '<<<' | '>&';
  target?: WordPart[];
  /** For `>&`: the fd duplicated (`2>&1`). */
  dupFd?: 1 | 2;
  heredoc?: { body: string; expand: boolean };
}

export interface SimpleCommand {
  kind: 'simple';
  assignments: { name: string; value: WordPart[] }[];
  words: WordPart[][];
  redirects: Redirect[];
}

/** One `pattern|pattern) body ;;` arm of a `case`; `next` says what happens after the body. */
export interface CaseItem {
  patterns: WordPart[][];
  body: AndOr[];
  /** `;;` stops, `;&` runs the next body too, `;;&` tests the next patterns. */
  next: ';;' | ';&' | ';;&';
}

/** The expression inside `[[ … ]]`, kept as words so expansion happens when it runs. */
export type CondExpr =
  | { op: '&&' | '||'; left: CondExpr; right: CondExpr }
  | { op: '!'; arg: CondExpr }
  | { op: 'unary'; test: string; arg: WordPart[] }
  | { op: 'binary'; test: string; left: WordPart[]; right: WordPart[] }
  | { op: 'word'; arg: WordPart[] };

export type CompoundBody =
  | { kind: 'for'; name: string; words: WordPart[][] | null; body: AndOr[] }
  | { kind: 'while' | 'until'; cond: AndOr[]; body: AndOr[] }
  | { kind: 'if'; branches: { cond: AndOr[]; body: AndOr[] }[]; otherwise: AndOr[] | null }
  | { kind: 'case'; word: WordPart[]; items: CaseItem[] }
  | { kind: 'subshell' | 'group'; body: AndOr[] }
  | { kind: 'cond'; expr: CondExpr | null }
  /** `(( expr ))`: status 0 when the expression is not zero. */
  | { kind: 'arith'; expr: string }
  /** `for (( init; test; step ))`: an empty test is true. */
  | { kind: 'cfor'; init: string; test: string; step: string; body: AndOr[] };

export type CompoundCommand = CompoundBody & { redirects: Redirect[] };

/** `name () compound` or `function name compound`: defining it stores the body under the name. */
export interface FunctionDef {
  kind: 'function';
  name: string;
  body: CompoundCommand;
  redirects: Redirect[];
}

export type Command = SimpleCommand | CompoundCommand | FunctionDef;

export interface Pipeline {
  negate: boolean;
  commands: Command[];
}

export interface AndOr {
  first: Pipeline;
  rest: { op: '&&' | '||'; pipeline: Pipeline }[];
  background: boolean;
  /** The source text, for `jobs` and history. */
  text: string;
}

export class ParseError extends Error {
  constructor(
    message: string,
    public incomplete: boolean,
    /** bash leaves `$?` as it was after most `[[ … ]]` errors (checked in bash 5.2, -c and -i). */
    public keepStatus = false,
  ) {
    super(message);
  }
}

/** An error inside `[[ … ]]`: `$?` stays unless bash met the end of the line. */
function condError(message: string, atNewline = false): ParseError {
  return new ParseError(message, false, !atNewline);
}

/** Words that close a construct: in command position they end the list being read. */
const CLOSERS = new Set(['then', 'elif', 'else', 'fi', 'do', 'done', 'esac', '}']);
/** Operators that close a construct (`)` ends a subshell or a case pattern, `;;` a case arm). */
const CLOSING_OPS = new Set([')', ';;', ';&', ';;&']);

function lexOrThrow(input: string): Token[] {
  try {
    return lex(input);
  } catch (e) {
    if (e instanceof LexError) throw new ParseError(e.message, e.incomplete);
    throw e;
  }
}

/**
 * Parse a command text; throws ParseError (incomplete=true when more lines would complete it).
 * `aliases` are expanded where a command starts, as an interactive bash does while reading.
 */
export function parse(input: string, aliases?: Record<string, string>): AndOr[] {
  const tokens = lexOrThrow(input);
  const p = new Parser(tokens, aliases);
  const list = p.list(false);
  p.expectEnd();
  return list;
}

function eof(): ParseError {
  return new ParseError('syntax error: unexpected end of file', true);
}

class Parser {
  private i = 0;
  constructor(
    private tokens: Token[],
    private aliases?: Record<string, string>,
  ) {}

  /**
   * Replace an alias at the command's start with its value's tokens. An alias is not expanded
   * again inside its own value (`alias ls='ls -l'`); a value ending in a blank makes the next
   * word a candidate too (`alias sudo='sudo '`).
   */
  private expandAlias(): void {
    if (!this.aliases) return;
    const seen = new Set<string>();
    let at = this.i;
    for (;;) {
      const t = this.tokens[at];
      const w = t?.type === 'word' && t.parts.length === 1 && t.parts[0].quote === 'none' ? t.parts[0].text : null;
      if (w === null || seen.has(w) || !Object.prototype.hasOwnProperty.call(this.aliases, w)) return;
      seen.add(w);
      const value = this.aliases[w];
      const replacement = lexOrThrow(value);
      this.tokens.splice(at, 1, ...replacement);
      if (/[ \t]$/.test(value)) {
        at += replacement.length;
        if (this.tokens[at]?.type !== 'word') return;
        seen.clear();
      }
    }
  }

  private peek(): Token | undefined {
    return this.tokens[this.i];
  }

  private isOp(v: string): boolean {
    const t = this.peek();
    return !!t && t.type === 'op' && t.value === v;
  }

  /** The peeked token as a reserved word (an unquoted word alone), or null. */
  private word(): string | null {
    const t = this.peek();
    return t ? reservedText(t) : null;
  }

  private skipNewlines(): void {
    while (this.isOp('\n')) this.i++;
  }

  /** The next token must be `name` (a reserved word); anything else is bash's syntax error. */
  private expectWord(name: string): void {
    if (this.word() === name) {
      this.i++;
      return;
    }
    throw this.unexpectedHere();
  }

  /** The error for the token at hand: unexpected token, or "unexpected end of file" at the end. */
  private unexpectedHere(): ParseError {
    const t = this.peek();
    return t ? unexpected(tokenName(t)) : eof();
  }

  expectEnd(): void {
    if (this.peek()) throw this.unexpectedHere();
  }

  /**
   * A list of and-or items separated by `;`, `&` or newlines. It stops before a closing word or
   * operator, which the caller checks. `nested` lists (inside a construct) must not be empty, and
   * running out of text in one means the construct is still open.
   */
  list(nested: boolean): AndOr[] {
    const out: AndOr[] = [];
    for (;;) {
      this.skipNewlines();
      const t = this.peek();
      if (!t) {
        if (nested) throw eof();
        return out;
      }
      if (this.atCloser()) break;
      if (t.type === 'op' && (t.value === ';' || t.value === '&')) throw unexpected(t.value);
      const item = this.andOr();
      if (this.isOp('&')) {
        item.background = true;
        this.i++;
      } else if (this.isOp(';') || this.isOp('\n')) this.i++;
      else if (this.peek() && !this.atCloser()) throw this.unexpectedHere();
      out.push(item);
    }
    if (nested && out.length === 0) throw this.unexpectedHere();
    return out;
  }

  private atCloser(): boolean {
    const t = this.peek();
    if (!t) return false;
    if (t.type === 'op') return CLOSING_OPS.has(t.value);
    const w = reservedText(t);
    return w !== null && CLOSERS.has(w);
  }

  private andOr(): AndOr {
    const first = this.pipeline();
    const rest: AndOr['rest'] = [];
    while (this.isOp('&&') || this.isOp('||')) {
      const op = (this.tokens[this.i++] as { value: '&&' | '||' }).value;
      this.skipNewlines();
      if (!this.peek()) throw eof();
      rest.push({ op, pipeline: this.pipeline() });
    }
    return { first, rest, background: false, text: '' };
  }

  private pipeline(): Pipeline {
    let negate = false;
    if (this.word() === '!') {
      negate = true;
      this.i++;
    }
    const commands = [this.command()];
    while (this.isOp('|')) {
      this.i++;
      this.skipNewlines();
      if (!this.peek()) throw eof();
      commands.push(this.command());
    }
    return { negate, commands };
  }

  private command(): Command {
    this.expandAlias();
    const w = this.word();
    if (w !== null && CLOSERS.has(w)) throw unexpected(w);
    if (w === 'function') return this.functionDef();
    let body: CompoundBody | null = null;
    const t0 = this.peek();
    if (t0?.type === 'arith') {
      this.i++;
      body = { kind: 'arith', expr: t0.expr };
    } else if (this.isOp('(')) body = this.subshell();
    else if (w === 'for') body = this.forLoop();
    else if (w === 'while' || w === 'until') body = this.whileLoop(w);
    else if (w === 'if') body = this.ifCommand();
    else if (w === 'case') body = this.caseCommand();
    else if (w === '{') body = this.group();
    else if (w === '[[') body = this.condCommand();
    if (!body) {
      const simple = this.simple();
      if (!this.isOp('(')) return simple;
      // `name (` starts a function definition for bash, which then wants `)`.
      if (simple.words.length !== 1 || simple.assignments.length || simple.redirects.length) throw unexpected('(');
      this.i++;
      if (!this.isOp(')')) throw this.unexpectedHere();
      this.i++;
      return this.functionBody(simple.words[0].map((p) => p.text).join(''));
    }
    return { ...body, redirects: this.compoundRedirects() };
  }

  /** `function name [()] compound`. */
  private functionDef(): Command {
    this.i++;
    const t = this.peek();
    if (!t) throw eof();
    if (t.type !== 'word') throw unexpected(tokenName(t));
    this.i++;
    if (this.isOp('(')) {
      this.i++;
      if (!this.isOp(')')) throw this.unexpectedHere();
      this.i++;
    }
    return this.functionBody(t.parts.map((p) => p.text).join(''));
  }

  /** The compound command after `name ()`, on this line or a later one. */
  private functionBody(name: string): FunctionDef {
    this.skipNewlines();
    if (!this.peek()) throw eof();
    const t = this.peek()!;
    const w = this.word();
    const compound = t.type === 'arith' || this.isOp('(') || (w !== null && ['for', 'while', 'until', 'if', 'case', '{', '[['].includes(w));
    if (!compound) throw unexpected(tokenName(t));
    const body = this.command() as CompoundCommand;
    return { kind: 'function', name, body, redirects: [] };
  }

  private compoundRedirects(): Redirect[] {
    // Redirects after a compound command apply to all of it: `{ a; b; } > file`, `done < list`.
    const redirects: Redirect[] = [];
    for (let t = this.peek(); t; t = this.peek()) {
      if (t.type === 'heredoc') {
        this.i++;
        redirects.push({ fd: 0, op: '<<', heredoc: { body: t.body, expand: t.expand } });
        continue;
      }
      const r = t.type === 'op' ? this.redirect(t.value) : null;
      if (!r) break;
      redirects.push(r);
    }
    const t = this.peek();
    if (t && t.type === 'word') throw unexpected(tokenName(t));
    return redirects;
  }

  private subshell(): CompoundBody {
    this.i++;
    const body = this.list(true);
    if (!this.isOp(')')) throw this.unexpectedHere();
    this.i++;
    return { kind: 'subshell', body };
  }

  private group(): CompoundBody {
    this.i++;
    const body = this.list(true);
    this.expectWord('}');
    return { kind: 'group', body };
  }

  /** `do LIST done`, after optional newlines. */
  private doGroup(): AndOr[] {
    this.skipNewlines();
    this.expectWord('do');
    const body = this.list(true);
    this.expectWord('done');
    return body;
  }

  private forLoop(): CompoundBody {
    this.i++;
    const t = this.peek();
    if (t?.type === 'arith') return this.arithFor(t.expr);
    if (!t || t.type !== 'word') throw unexpected(t ? tokenName(t) : 'newline');
    const name = t.parts.map((p) => p.text).join('');
    this.i++;
    let words: WordPart[][] | null = null;
    this.skipNewlines();
    if (this.word() === 'in') {
      this.i++;
      words = [];
      for (let w = this.peek(); w && w.type === 'word'; w = this.peek()) {
        words.push(w.parts);
        this.i++;
      }
      if (!this.peek()) throw eof();
      if (!this.isOp(';') && !this.isOp('\n')) throw this.unexpectedHere();
      this.i++;
    } else if (this.isOp(';')) this.i++;
    return { kind: 'for', name, words, body: this.doGroup() };
  }

  /** `for (( init; test; step ))` then `do … done` or `{ … }`. */
  private arithFor(expr: string): CompoundBody {
    this.i++;
    const parts = expr.split(';');
    if (parts.length !== 3) throw new ParseError('syntax error: arithmetic expression required', false);
    this.skipNewlines();
    if (this.isOp(';')) this.i++;
    this.skipNewlines();
    let body: AndOr[];
    if (this.word() === '{') {
      this.i++;
      body = this.list(true);
      this.expectWord('}');
    } else body = this.doGroup();
    return { kind: 'cfor', init: parts[0], test: parts[1], step: parts[2], body };
  }

  private whileLoop(kind: 'while' | 'until'): CompoundBody {
    this.i++;
    const cond = this.list(true);
    return { kind, cond, body: this.doGroup() };
  }

  private ifCommand(): CompoundBody {
    this.i++;
    const branches: { cond: AndOr[]; body: AndOr[] }[] = [];
    let otherwise: AndOr[] | null = null;
    for (;;) {
      const cond = this.list(true);
      this.expectWord('then');
      branches.push({ cond, body: this.list(true) });
      const w = this.word();
      if (w === 'elif') {
        this.i++;
        continue;
      }
      if (w === 'else') {
        this.i++;
        otherwise = this.list(true);
      }
      this.expectWord('fi');
      return { kind: 'if', branches, otherwise };
    }
  }

  private caseCommand(): CompoundBody {
    this.i++;
    const t = this.peek();
    if (!t) throw eof();
    if (t.type !== 'word') throw unexpected(tokenName(t));
    this.i++;
    this.skipNewlines();
    this.expectWord('in');
    const items: CaseItem[] = [];
    for (;;) {
      this.skipNewlines();
      if (this.word() === 'esac') {
        this.i++;
        return { kind: 'case', word: t.parts, items };
      }
      if (this.isOp('(')) this.i++;
      const patterns: WordPart[][] = [];
      for (;;) {
        const p = this.peek();
        if (!p) throw eof();
        if (p.type !== 'word') throw unexpected(tokenName(p));
        patterns.push(p.parts);
        this.i++;
        if (!this.isOp('|')) break;
        this.i++;
      }
      if (!this.peek()) throw eof();
      if (!this.isOp(')')) throw this.unexpectedHere();
      this.i++;
      this.skipNewlines();
      // An arm's body may be empty (`*) ;;`).
      const body = this.isOp(';;') || this.isOp(';&') || this.isOp(';;&') || this.word() === 'esac' ? [] : this.list(true);
      let next: CaseItem['next'] = ';;';
      const op = this.peek();
      if (op?.type === 'op' && (op.value === ';;' || op.value === ';&' || op.value === ';;&')) {
        next = op.value;
        this.i++;
      } else if (this.word() !== 'esac') throw this.unexpectedHere();
      items.push({ patterns, body, next });
    }
  }

  /** `[[ EXPR ]]`: `&&`, `||`, `(`, `)`, `<`, `>` and `!` are the expression's, not the shell's. */
  private condCommand(): CompoundBody {
    this.i++;
    const toks: { text: string; parts: WordPart[] | null }[] = [];
    for (;;) {
      const t = this.peek();
      if (!t || (t.type === 'op' && t.value === '\n')) break;
      this.i++;
      if (t.type === 'word') {
        if (reservedText(t) === ']]') break;
        toks.push({ text: t.parts.map((p) => p.text).join(''), parts: t.parts });
        if (reservedText(t) === '=~') this.regexWord(toks);
      } else if (t.type === 'op' && ['&&', '||', '(', ')', '<', '>'].includes(t.value)) toks.push({ text: t.value, parts: null });
      else throw condError(`unexpected token \`${tokenName(t)}' in conditional command`);
    }
    // Without `]]` bash reads up to the newline and says what it expected there.
    const closed = this.tokens[this.i - 1] !== undefined && reservedText(this.tokens[this.i - 1]) === ']]';
    const endName = closed ? ']]' : 'newline';
    if (toks.length === 0) {
      if (closed) return { kind: 'cond', expr: null };
      throw condError("unexpected token `newline' in conditional command", true);
    }
    const c = new CondParser(toks, endName);
    const expr = c.or();
    if (c.pos < toks.length) throw condError(`unexpected token \`${toks[c.pos].text}', expected \`]]'`);
    if (!closed) throw condError("unexpected token `newline', expected `]]'", true);
    return { kind: 'cond', expr };
  }

  /**
   * The right side of `=~` is one word to bash even with parentheses and `|` in it
   * (`[[ $x =~ ^f(o+)$ ]]`); the lexer split them, so the pieces are joined back here.
   */
  private regexWord(toks: { text: string; parts: WordPart[] | null }[]): void {
    const parts: WordPart[] = [];
    let depth = 0;
    let afterOp = true;
    for (let t = this.peek(); t; t = this.peek()) {
      if (t.type === 'word') {
        if ((reservedText(t) === ']]' && depth === 0) || (!afterOp && depth === 0)) break;
        parts.push(...t.parts);
        afterOp = false;
      } else if (t.type === 'op' && (t.value === '(' || t.value === '|' || (t.value === ')' && depth > 0))) {
        depth += t.value === '(' ? 1 : t.value === ')' ? -1 : 0;
        parts.push({ text: t.value, quote: 'none' });
        afterOp = true;
      } else break;
      this.i++;
    }
    if (parts.length) toks.push({ text: parts.map((p) => p.text).join(''), parts });
  }

  private simple(): SimpleCommand {
    const cmd: SimpleCommand = { kind: 'simple', assignments: [], words: [], redirects: [] };
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
      if (t.type === 'arith') throw unexpected(tokenName(t));
      this.i++;
      const assign = cmd.words.length === 0 ? assignment(t.parts) : null;
      if (assign) cmd.assignments.push(assign);
      else cmd.words.push(t.parts);
    }
    if (cmd.words.length === 0 && cmd.assignments.length === 0 && cmd.redirects.length === 0) {
      const t = this.peek();
      throw t ? unexpected(tokenName(t)) : new ParseError("syntax error near unexpected token `newline'", false);
    }
    return cmd;
  }

  private redirect(op: string): Redirect | null {
    const map: Record<string, Omit<Redirect, 'target'>> = {
      '>': { fd: 1, op: '>' },
      '>>': { fd: 1, op: '>>' },
      '<': { fd: 0, op: '<' },
      '<<<': { fd: 0, op: '<<<' },
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
    if (!t || t.type !== 'word') throw unexpected(t ? tokenName(t) : 'newline');
    this.i++;
    return t.parts;
  }
}

const UNARY_TESTS = new Set(['-a', '-b', '-c', '-d', '-e', '-f', '-g', '-h', '-k', '-n', '-p', '-r', '-s', '-t', '-u', '-v', '-w', '-x', '-z', '-G', '-L', '-N', '-O', '-S', '-R']);
const BINARY_TESTS = new Set(['==', '=', '!=', '=~', '<', '>', '-eq', '-ne', '-lt', '-le', '-gt', '-ge', '-nt', '-ot', '-ef']);

/** Recursive descent over the words of `[[ … ]]`, with bash's messages for what it expected. */
class CondParser {
  pos = 0;
  constructor(
    private toks: { text: string; parts: WordPart[] | null }[],
    /** What bash names the end in messages: `]]`, or `newline` when it is missing. */
    private end: string,
  ) {}

  private isOp(text: string): boolean {
    return this.toks[this.pos]?.text === text && this.toks[this.pos].parts === null;
  }

  or(): CondExpr {
    let left = this.and();
    while (this.isOp('||')) {
      this.pos++;
      left = { op: '||', left, right: this.and() };
    }
    return left;
  }

  private and(): CondExpr {
    let left = this.not();
    while (this.isOp('&&')) {
      this.pos++;
      left = { op: '&&', left, right: this.not() };
    }
    return left;
  }

  private not(): CondExpr {
    if (this.toks[this.pos]?.text === '!' && this.toks[this.pos].parts?.[0]?.quote === 'none') {
      this.pos++;
      return { op: '!', arg: this.not() };
    }
    return this.primary();
  }

  private primary(): CondExpr {
    const t = this.toks[this.pos];
    const atEnd = this.end === 'newline';
    if (!t) throw condError(`unexpected token \`${this.end}' in conditional command`, atEnd);
    this.pos++;
    if (t.parts === null) {
      if (t.text !== '(') throw condError(`unexpected token \`${t.text}' in conditional command`);
      const e = this.or();
      if (!this.isOp(')')) throw condError(`unexpected token \`${this.toks[this.pos]?.text ?? this.end}', expected \`)'`, atEnd && !this.toks[this.pos]);
      this.pos++;
      return e;
    }
    const next = this.toks[this.pos];
    if (UNARY_TESTS.has(t.text) && t.parts[0].quote === 'none') {
      if (!next || next.parts === null) throw condError(`unexpected argument \`${next?.text ?? this.end}' to conditional unary operator`, atEnd && !next);
      this.pos++;
      return { op: 'unary', test: t.text, arg: next.parts };
    }
    if (!next || this.isOp('&&') || this.isOp('||') || this.isOp(')')) {
      if (!next && atEnd) throw condError("unexpected token `newline', conditional binary operator expected", true);
      return { op: 'word', arg: t.parts };
    }
    const binary = next.parts === null ? next.text === '<' || next.text === '>' : BINARY_TESTS.has(next.text) && next.parts[0].quote === 'none';
    // bash names an operator token it did not expect, but not a plain word.
    if (!binary) throw condError(next.parts === null ? `unexpected token \`${next.text}', conditional binary operator expected` : 'conditional binary operator expected');
    this.pos++;
    const right = this.toks[this.pos];
    if (!right || right.parts === null) throw condError(`unexpected argument \`${right?.text ?? this.end}' to conditional binary operator`, atEnd && !right);
    this.pos++;
    return { op: 'binary', test: next.text, left: t.parts, right: right.parts };
  }
}

function unexpected(token: string): ParseError {
  return new ParseError(`syntax error near unexpected token \`${token}'`, false);
}

/** A reserved word is an unquoted word standing alone: `done` is one, `"done"` and `done;x` are not. */
function reservedText(t: Token): string | null {
  return t.type === 'word' && t.parts.length === 1 && t.parts[0].quote === 'none' ? t.parts[0].text : null;
}

/** How bash names a token in "unexpected token `X'". */
function tokenName(t: Token): string {
  if (t.type === 'word') return t.parts.map((p) => p.text).join('');
  if (t.type === 'op') return t.value === '\n' ? 'newline' : t.value;
  if (t.type === 'arith') return `((${t.expr}))`;
  return t.stripTabs ? '<<-' : '<<';
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
