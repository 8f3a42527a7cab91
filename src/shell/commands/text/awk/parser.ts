/**
 * awk's grammar (POSIX, as mawk accepts it) into a small tree: pattern-action items, functions,
 * statements and expressions with awk's precedence — `?:`, `||`, `&&`, `in`, `~`, comparison,
 * concatenation, `+ -`, `* / %`, unary, `^`, `++ --`, `$`. Inside `print`/`printf` arguments a
 * bare `>` is output redirection, not a comparison.
 */
import { AwkSyntaxError, tokenize, type Tok } from './lexer';

export type Expr =
  | { k: 'num'; v: number }
  | { k: 'str'; v: string }
  | { k: 'regex'; src: string }
  | { k: 'var'; name: string }
  | { k: 'field'; e: Expr }
  | { k: 'index'; name: string; subs: Expr[] }
  | { k: 'assign'; op: string; target: LValue; e: Expr }
  | { k: 'cond'; c: Expr; a: Expr; b: Expr }
  | { k: 'and' | 'or'; a: Expr; b: Expr }
  | { k: 'in'; subs: Expr[]; name: string }
  | { k: 'match'; neg: boolean; a: Expr; re: Expr }
  | { k: 'bin'; op: string; a: Expr; b: Expr }
  | { k: 'concat'; a: Expr; b: Expr }
  | { k: 'unary'; op: string; e: Expr }
  | { k: 'incdec'; op: '++' | '--'; prefix: boolean; target: LValue }
  | { k: 'call'; name: string; args: Expr[] }
  | { k: 'ucall'; name: string; args: Expr[] }
  /** `( e )`; `list` holds `(i, j)` before `in`. */
  | { k: 'group'; e: Expr; list?: Expr[] }
  | { k: 'getline'; target: LValue | null; file: Expr | null; cmd: Expr | null };

export type LValue = Extract<Expr, { k: 'var' } | { k: 'field' } | { k: 'index' }>;

export interface Redirect {
  op: '>' | '>>' | '|';
  target: Expr;
}

export type Stmt =
  | { k: 'expr'; e: Expr }
  | { k: 'print' | 'printf'; args: Expr[]; redirect: Redirect | null }
  | { k: 'if'; c: Expr; then: Stmt; else: Stmt | null }
  | { k: 'while'; c: Expr; body: Stmt }
  | { k: 'do'; body: Stmt; c: Expr }
  | { k: 'for'; init: Expr | null; c: Expr | null; step: Expr | null; body: Stmt }
  | { k: 'forin'; v: string; arr: string; body: Stmt }
  | { k: 'block'; body: Stmt[] }
  | { k: 'next' | 'nextfile' | 'break' | 'continue' }
  | { k: 'exit' | 'return'; e: Expr | null }
  | { k: 'delete'; name: string; subs: Expr[] | null };

export interface Item {
  pattern: { k: 'begin' } | { k: 'end' } | { k: 'expr'; e: Expr } | { k: 'range'; from: Expr; to: Expr } | null;
  action: Stmt[] | null;
}

export interface FuncDef {
  name: string;
  params: string[];
  body: Stmt[];
}

export interface Program {
  items: Item[];
  funcs: Record<string, FuncDef>;
}

const ASSIGN_OPS = new Set(['=', '+=', '-=', '*=', '/=', '%=', '^=']);
const COMPARE_OPS = new Set(['<', '<=', '!=', '==', '>', '>=']);

export function parseAwk(src: string): Program {
  return new AwkParser(tokenize(src)).program();
}

class AwkParser {
  private i = 0;
  /** Inside print/printf arguments, where `>` redirects and `|` pipes. */
  private noGt = 0;
  private funcs: Record<string, FuncDef> = {};

  constructor(private toks: Tok[]) {}

  private peek(o = 0): Tok {
    return this.toks[Math.min(this.i + o, this.toks.length - 1)];
  }

  private is(text: string, o = 0): boolean {
    const t = this.peek(o);
    return (t.kind === 'punct' || t.kind === 'keyword') && t.text === text;
  }

  private next(): Tok {
    return this.toks[this.i++] ?? this.toks[this.toks.length - 1];
  }

  private fail(t: Tok = this.peek()): never {
    if (t.kind === 'eof') throw new AwkSyntaxError(t.line, 'syntax error at or near end of file');
    throw new AwkSyntaxError(t.line, `syntax error at or near ${t.text}`);
  }

  private expect(text: string): Tok {
    if (!this.is(text)) {
      const t = this.peek();
      // mawk names the missing closer when the text ends before it.
      if (t.kind === 'eof' && (text === '}' || text === ')')) throw new AwkSyntaxError(t.line, `missing ${text} near end of file`);
      this.fail();
    }
    return this.next();
  }

  private newlines(): void {
    while (this.peek().kind === 'newline') this.i++;
  }

  /** Statement terminators: newlines and semicolons. */
  private terminators(): void {
    while (this.peek().kind === 'newline' || this.is(';')) this.i++;
  }

  program(): Program {
    const items: Item[] = [];
    this.terminators();
    while (this.peek().kind !== 'eof') {
      if (this.is('function')) this.functionDef();
      else items.push(this.item());
      this.terminators();
    }
    return { items, funcs: this.funcs };
  }

  private functionDef(): void {
    this.next();
    const t = this.next();
    if (t.kind !== 'name' && t.kind !== 'funcname') this.fail(t);
    this.expect('(');
    const params: string[] = [];
    while (!this.is(')')) {
      const p = this.next();
      if (p.kind !== 'name') this.fail(p);
      params.push(p.text);
      if (this.is(',')) {
        this.next();
        this.newlines();
      } else if (!this.is(')')) this.fail();
    }
    this.next();
    this.newlines();
    this.funcs[t.text] = { name: t.text, params, body: this.block() };
  }

  private item(): Item {
    if (this.is('BEGIN') || this.is('END')) {
      const k = this.next().text === 'BEGIN' ? 'begin' : 'end';
      this.newlines();
      if (!this.is('{')) this.fail();
      return { pattern: { k }, action: this.block() };
    }
    if (this.is('{')) return { pattern: null, action: this.block() };
    const from = this.expr();
    let pattern: Item['pattern'] = { k: 'expr', e: from };
    if (this.is(',')) {
      this.next();
      this.newlines();
      pattern = { k: 'range', from, to: this.expr() };
    }
    const action = this.is('{') ? this.block() : null;
    return { pattern, action };
  }

  private block(): Stmt[] {
    this.expect('{');
    const body: Stmt[] = [];
    this.terminators();
    while (!this.is('}')) {
      if (this.peek().kind === 'eof') this.expect('}');
      body.push(this.statement());
      this.terminators();
    }
    this.next();
    return body;
  }

  /** The end of a simple statement: `;`, a newline, or just before `}`. */
  private endSimple(): void {
    if (this.is(';') || this.peek().kind === 'newline') {
      this.next();
      return;
    }
    if (this.is('}') || this.peek().kind === 'eof') return;
    this.fail();
  }

  /** A statement that is the body of if/while/for: newlines may come before it. */
  private body(): Stmt {
    this.newlines();
    if (this.is(';')) {
      this.next();
      return { k: 'block', body: [] };
    }
    return this.statement();
  }

  private statement(): Stmt {
    const t = this.peek();
    if (this.is('{')) return { k: 'block', body: this.block() };
    if (this.is('if')) {
      this.next();
      this.expect('(');
      const c = this.expr();
      this.expect(')');
      const then = this.body();
      // `else` may follow on a later line, after the then-statement's terminator.
      const save = this.i;
      this.terminators();
      if (this.is('else')) {
        this.next();
        return { k: 'if', c, then, else: this.body() };
      }
      this.i = save;
      return { k: 'if', c, then, else: null };
    }
    if (this.is('while')) {
      this.next();
      this.expect('(');
      const c = this.expr();
      this.expect(')');
      if (this.is(';')) {
        this.next();
        return { k: 'while', c, body: { k: 'block', body: [] } };
      }
      return { k: 'while', c, body: this.body() };
    }
    if (this.is('do')) {
      this.next();
      const body = this.body();
      this.terminators();
      this.expect('while');
      this.expect('(');
      const c = this.expr();
      this.expect(')');
      this.endSimple();
      return { k: 'do', body, c };
    }
    if (this.is('for')) return this.forStatement();
    if (t.kind === 'punct' && t.text === ';') {
      this.next();
      return { k: 'block', body: [] };
    }
    const s = this.simpleStatement();
    this.endSimple();
    return s;
  }

  private forStatement(): Stmt {
    this.next();
    this.expect('(');
    // for (name in array)
    if (this.peek().kind === 'name' && this.is('in', 1) && this.peek(2).kind === 'name' && this.is(')', 3)) {
      const v = this.next().text;
      this.next();
      const arr = this.next().text;
      this.next();
      return { k: 'forin', v, arr, body: this.body() };
    }
    const init = this.is(';') ? null : this.expr();
    this.expect(';');
    this.newlines();
    const c = this.is(';') ? null : this.expr();
    this.expect(';');
    this.newlines();
    const step = this.is(')') ? null : this.expr();
    this.expect(')');
    if (this.is(';')) {
      this.next();
      return { k: 'for', init, c, step, body: { k: 'block', body: [] } };
    }
    return { k: 'for', init, c, step, body: this.body() };
  }

  private simpleStatement(): Stmt {
    const t = this.peek();
    if (t.kind === 'keyword') {
      switch (t.text) {
        case 'print':
        case 'printf':
          return this.print();
        case 'next':
        case 'nextfile':
        case 'break':
        case 'continue':
          this.next();
          return { k: t.text };
        case 'exit':
        case 'return': {
          this.next();
          const e = this.is(';') || this.is('}') || this.peek().kind === 'newline' || this.peek().kind === 'eof' ? null : this.expr();
          return { k: t.text, e };
        }
        case 'delete': {
          this.next();
          const n = this.next();
          if (n.kind !== 'name') this.fail(n);
          if (!this.is('[')) return { k: 'delete', name: n.text, subs: null };
          this.next();
          const subs = this.exprList(']');
          return { k: 'delete', name: n.text, subs };
        }
      }
    }
    return { k: 'expr', e: this.expr() };
  }

  private print(): Stmt {
    const k = this.next().text as 'print' | 'printf';
    let args: Expr[] = [];
    this.noGt++;
    try {
      const endOfArgs = () => this.is(';') || this.is('}') || this.is('>') || this.is('>>') || this.is('|') || this.peek().kind === 'newline' || this.peek().kind === 'eof';
      if (!endOfArgs()) {
        // `print (a, b)` is the list in parentheses; `print (a)(b)` a concatenation.
        const start = this.i;
        if (this.is('(')) {
          this.next();
          const list = this.exprList(')');
          if (endOfArgs()) args = list;
          else this.i = start;
        }
        if (!args.length) {
          args.push(this.expr());
          while (this.is(',')) {
            this.next();
            this.newlines();
            args.push(this.expr());
          }
        }
      }
    } finally {
      this.noGt--;
    }
    let redirect: Redirect | null = null;
    if (this.is('>') || this.is('>>') || this.is('|')) {
      const op = this.next().text as Redirect['op'];
      this.noGt++;
      try {
        redirect = { op, target: this.concat() };
      } finally {
        this.noGt--;
      }
    }
    if (k === 'printf' && !args.length) this.fail();
    return { k, args, redirect };
  }

  /** Expressions up to the closing `)` or `]`, separated by commas. */
  private exprList(close: string): Expr[] {
    const list: Expr[] = [];
    this.newlines();
    if (this.is(close)) {
      this.next();
      return list;
    }
    const saved = this.noGt;
    this.noGt = 0;
    try {
      for (;;) {
        list.push(this.expr());
        this.newlines();
        if (this.is(',')) {
          this.next();
          this.newlines();
          continue;
        }
        this.expect(close);
        return list;
      }
    } finally {
      this.noGt = saved;
    }
  }

  expr(): Expr {
    return this.ternary();
  }

  private ternary(): Expr {
    const c = this.or();
    if (this.is('?')) {
      this.next();
      this.newlines();
      const a = this.ternary();
      this.newlines();
      this.expect(':');
      this.newlines();
      const b = this.ternary();
      return { k: 'cond', c, a, b };
    }
    if (this.peek().kind === 'punct' && ASSIGN_OPS.has(this.peek().text) && isLValue(c)) {
      const op = this.next().text;
      this.newlines();
      return { k: 'assign', op, target: c, e: this.ternary() };
    }
    return c;
  }

  private or(): Expr {
    let a = this.and();
    while (this.is('||')) {
      this.next();
      this.newlines();
      a = { k: 'or', a, b: this.and() };
    }
    return a;
  }

  private and(): Expr {
    let a = this.inExpr();
    while (this.is('&&')) {
      this.next();
      this.newlines();
      a = { k: 'and', a, b: this.inExpr() };
    }
    return a;
  }

  private inExpr(): Expr {
    let a = this.matchExpr();
    while (this.is('in')) {
      this.next();
      const n = this.next();
      if (n.kind !== 'name') this.fail(n);
      a = { k: 'in', subs: a.k === 'group' && a.list ? a.list : [a], name: n.text };
    }
    return a;
  }

  private matchExpr(): Expr {
    let a = this.compare();
    while (this.is('~') || this.is('!~')) {
      const neg = this.next().text === '!~';
      a = { k: 'match', neg, a, re: this.compare() };
    }
    return a;
  }

  private compare(): Expr {
    const a = this.concat();
    const t = this.peek();
    if (t.kind === 'punct' && COMPARE_OPS.has(t.text) && !(this.noGt && t.text === '>')) {
      this.next();
      return { k: 'bin', op: t.text, a, b: this.concat() };
    }
    // `"cmd" | getline [var]`
    if (this.is('|') && this.is('getline', 1) && !this.noGt) {
      this.next();
      this.next();
      return { k: 'getline', target: this.optionalLValue(), file: null, cmd: a };
    }
    return a;
  }

  /** Whether the token at hand can begin an operand of a concatenation. */
  private startsConcat(): boolean {
    const t = this.peek();
    if (t.kind === 'number' || t.kind === 'string' || t.kind === 'regex' || t.kind === 'name' || t.kind === 'funcname' || t.kind === 'builtin') return true;
    if (t.kind === 'keyword') return false;
    return t.kind === 'punct' && (t.text === '$' || t.text === '(' || t.text === '++' || t.text === '--');
  }

  private concat(): Expr {
    let a = this.additive();
    while (this.startsConcat()) {
      a = { k: 'concat', a, b: this.additive() };
    }
    return a;
  }

  private additive(): Expr {
    let a = this.multiplicative();
    while (this.is('+') || this.is('-')) {
      const op = this.next().text;
      a = { k: 'bin', op, a, b: this.multiplicative() };
    }
    return a;
  }

  private multiplicative(): Expr {
    let a = this.unary();
    while (this.is('*') || this.is('/') || this.is('%')) {
      const op = this.next().text;
      a = { k: 'bin', op, a, b: this.unary() };
    }
    return a;
  }

  private unary(): Expr {
    if (this.is('!') || this.is('-') || this.is('+')) {
      const op = this.next().text;
      return { k: 'unary', op, e: this.unary() };
    }
    return this.power();
  }

  private power(): Expr {
    const a = this.incdec();
    if (this.is('^')) {
      this.next();
      // Right-associative, and `2^-1` takes a signed exponent.
      const b = this.is('-') || this.is('+') || this.is('!') ? this.unary() : this.power();
      return { k: 'bin', op: '^', a, b };
    }
    return a;
  }

  private incdec(): Expr {
    if (this.is('++') || this.is('--')) {
      const op = this.next().text as '++' | '--';
      const target = this.incdec();
      if (!isLValue(target)) this.fail();
      return { k: 'incdec', op, prefix: true, target };
    }
    const e = this.primary();
    if ((this.is('++') || this.is('--')) && isLValue(e)) {
      const op = this.next().text as '++' | '--';
      return { k: 'incdec', op, prefix: false, target: e };
    }
    return e;
  }

  private optionalLValue(): LValue | null {
    const t = this.peek();
    if (t.kind === 'name' || this.is('$')) {
      const e = this.primary();
      if (isLValue(e)) return e;
      this.fail();
    }
    return null;
  }

  private primary(): Expr {
    const t = this.next();
    switch (t.kind) {
      case 'number':
        return { k: 'num', v: t.value as number };
      case 'string':
        return { k: 'str', v: t.value as string };
      case 'regex':
        return { k: 'regex', src: t.value as string };
      case 'name':
        if (this.is('[')) {
          this.next();
          return { k: 'index', name: t.text, subs: this.exprList(']') };
        }
        return { k: 'var', name: t.text };
      case 'funcname':
        this.expect('(');
        return { k: 'ucall', name: t.text, args: this.exprList(')') };
      case 'builtin': {
        // `length` alone is length($0).
        if (!this.is('(')) {
          if (t.text === 'length') return { k: 'call', name: 'length', args: [] };
          this.fail(this.peek());
        }
        this.next();
        return { k: 'call', name: t.text, args: this.exprList(')') };
      }
      case 'keyword':
        if (t.text === 'getline') {
          const target = this.optionalLValue();
          let file: Expr | null = null;
          if (this.is('<')) {
            this.next();
            file = this.incdec();
          }
          return { k: 'getline', target, file, cmd: null };
        }
        return this.fail(t);
      case 'punct':
        if (t.text === '$') return { k: 'field', e: this.incdec() };
        if (t.text === '(') {
          const saved = this.noGt;
          this.noGt = 0;
          try {
            this.newlines();
            const e = this.expr();
            this.newlines();
            if (this.is(',')) {
              // `(i, j) in arr`
              this.next();
              const rest = this.exprList(')');
              if (!this.is('in')) this.fail();
              return { k: 'group', e, list: [e, ...rest] };
            }
            this.expect(')');
            return { k: 'group', e };
          } finally {
            this.noGt = saved;
          }
        }
        if (t.text === '-' || t.text === '+' || t.text === '!') {
          return { k: 'unary', op: t.text, e: this.unary() };
        }
        return this.fail(t);
      default:
        return this.fail(t);
    }
  }
}

function isLValue(e: Expr): e is LValue {
  return e.k === 'var' || e.k === 'field' || e.k === 'index';
}
