/**
 * Shell arithmetic, `$(( … ))` and the operands of `[[ a -lt b ]]`: 64-bit-style integers, C
 * precedence, variables by name (`i+1`), assignments (`i++`, `n+=2`). Errors carry bash's text.
 */

export class ArithError extends Error {}

type Vars = Record<string, string>;

const BINARY: [string, number][] = [
  ['||', 1], ['&&', 2], ['|', 3], ['^', 4], ['&', 5], ['==', 6], ['!=', 6], ['<=', 7], ['>=', 7], ['<', 7], ['>', 7],
  ['<<', 8], ['>>', 8], ['+', 9], ['-', 9], ['*', 10], ['/', 10], ['%', 10], ['**', 11],
];
const ASSIGN = ['=', '+=', '-=', '*=', '/=', '%='];

/** Evaluate `expr` as bash does; assignments write into `vars`. Throws ArithError. */
export function arithEval(expr: string, vars: Vars, depth = 0): number {
  if (depth > 16) throw new ArithError(`${expr}: expression recursion level exceeded`);
  const p = new ArithParser(expr, vars, depth);
  if (p.atEnd()) return 0;
  const v = p.comma();
  if (!p.atEnd()) p.fail('syntax error in expression');
  return v;
}

class ArithParser {
  private i = 0;
  constructor(private s: string, private vars: Vars, private depth: number) {}

  atEnd(): boolean {
    this.space();
    return this.i >= this.s.length;
  }

  private space(): void {
    while (this.i < this.s.length && /\s/.test(this.s[this.i])) this.i++;
  }

  fail(what: string): never {
    this.space();
    throw new ArithError(`${this.s.trim()}: ${what} (error token is "${this.s.slice(this.i)}")`);
  }

  private eat(op: string): boolean {
    this.space();
    if (!this.s.startsWith(op, this.i)) return false;
    this.i += op.length;
    return true;
  }

  comma(): number {
    let v = this.assign();
    while (this.eat(',')) v = this.assign();
    return v;
  }

  private assign(): number {
    this.space();
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.s.slice(this.i));
    if (m) {
      const save = this.i;
      this.i += m[0].length;
      this.space();
      const op = ASSIGN.find((o) => this.s.startsWith(o, this.i) && !this.s.startsWith('==', this.i));
      if (op) {
        this.i += op.length;
        const rhs = this.assign();
        const cur = this.variable(m[0]);
        const v = op === '=' ? rhs : this.apply(op.slice(0, -1), cur, rhs);
        this.vars[m[0]] = String(v);
        return v;
      }
      this.i = save;
    }
    return this.ternary();
  }

  private ternary(): number {
    const c = this.binary(1);
    if (!this.eat('?')) return c;
    const a = this.assign();
    if (!this.eat(':')) this.fail("`:' expected for conditional expression");
    const b = this.assign();
    return c ? a : b;
  }

  private binary(min: number): number {
    let left = this.unary();
    for (;;) {
      this.space();
      // The longest operator here (`||` before `|`), unless it binds looser than this level.
      const found = BINARY.filter(([op]) => this.s.startsWith(op, this.i) && !ASSIGN.includes(this.s.slice(this.i, this.i + op.length + 1)))
        .sort((a, b) => b[0].length - a[0].length)[0];
      if (!found || found[1] < min) return left;
      const [op, prec] = found;
      // `a || b` and `a && b` still parse the right side; `**` groups to the right.
      this.i += op.length;
      const right = this.binary(op === '**' ? prec : prec + 1);
      left = this.apply(op, left, right);
    }
  }

  private apply(op: string, a: number, b: number): number {
    switch (op) {
      case '||': return a || b ? 1 : 0;
      case '&&': return a && b ? 1 : 0;
      case '|': return a | b;
      case '^': return a ^ b;
      case '&': return a & b;
      case '==': return a === b ? 1 : 0;
      case '!=': return a !== b ? 1 : 0;
      case '<=': return a <= b ? 1 : 0;
      case '>=': return a >= b ? 1 : 0;
      case '<': return a < b ? 1 : 0;
      case '>': return a > b ? 1 : 0;
      case '<<': return a << b;
      case '>>': return a >> b;
      case '+': return a + b;
      case '-': return a - b;
      case '*': return a * b;
      case '/':
      case '%':
        if (b === 0) {
          this.i--;
          this.fail('division by 0');
        }
        return op === '/' ? Math.trunc(a / b) : a % b;
      case '**':
        if (b < 0) this.fail('exponent less than 0');
        return a ** b;
    }
    return 0;
  }

  private unary(): number {
    this.space();
    for (const op of ['++', '--']) {
      if (this.s.startsWith(op, this.i)) {
        this.i += 2;
        this.space();
        const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.s.slice(this.i));
        if (!m) return op === '--' ? this.unary() : this.unary();
        this.i += m[0].length;
        const v = this.variable(m[0]) + (op === '++' ? 1 : -1);
        this.vars[m[0]] = String(v);
        return v;
      }
    }
    if (this.eat('!')) return this.unary() ? 0 : 1;
    if (this.eat('~')) return ~this.unary();
    if (this.eat('-')) return -this.unary();
    if (this.eat('+')) return this.unary();
    return this.postfix();
  }

  private postfix(): number {
    this.space();
    if (this.eat('(')) {
      const v = this.comma();
      if (!this.eat(')')) this.fail('missing `)\'');
      return v;
    }
    const rest = this.s.slice(this.i);
    const num = /^(0[xX][0-9a-fA-F]+|[0-9]+#[0-9a-zA-Z@_]+|[0-9]+)/.exec(rest);
    if (num) {
      this.i += num[0].length;
      if (/^[A-Za-z_]/.test(this.s.slice(this.i))) this.fail('value too great for base');
      return numberOf(num[0], this);
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(rest);
    if (name) {
      this.i += name[0].length;
      this.space();
      for (const op of ['++', '--']) {
        if (this.s.startsWith(op, this.i)) {
          this.i += 2;
          const v = this.variable(name[0]);
          this.vars[name[0]] = String(v + (op === '++' ? 1 : -1));
          return v;
        }
      }
      return this.variable(name[0]);
    }
    this.fail('syntax error: operand expected');
  }

  /** A variable's value is itself an expression (`x=y+1`); unset or empty is 0. */
  private variable(name: string): number {
    const v = (this.vars[name] ?? '').trim();
    if (v === '') return 0;
    if (/^-?\d+$/.test(v)) return Number(v);
    return arithEval(v, this.vars, this.depth + 1);
  }
}

function numberOf(text: string, p: ArithParser): number {
  if (/^0[xX]/.test(text)) return parseInt(text.slice(2), 16);
  const based = /^([0-9]+)#(.+)$/.exec(text);
  if (based) {
    const n = parseInt(based[2], Number(based[1]));
    if (Number.isNaN(n)) p.fail('value too great for base');
    return n;
  }
  if (text.length > 1 && text.startsWith('0')) {
    if (/[89]/.test(text)) p.fail('value too great for base');
    return parseInt(text, 8);
  }
  return Number(text);
}
