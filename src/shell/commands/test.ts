/**
 * `test` and `[`: bash's builtin, which picks its grammar by the number of arguments (POSIX) and
 * only then falls back to the full `!`, `-a`, `-o`, `( )` grammar. Errors exit 2 with bash's text.
 * The file and comparison primitives are shared with `[[ … ]]` (interpreter).
 */
import type { CommandContext, CommandSpec } from '../context';
import type { NodeState } from '../../emulator/state';
import { fsIsExecutable, fsResolve, fsStat } from '../../emulator/fs';

export class TestError extends Error {}

export const UNARY = new Set(['-a', '-b', '-c', '-d', '-e', '-f', '-g', '-h', '-k', '-n', '-p', '-r', '-s', '-t', '-u', '-v', '-w', '-x', '-z', '-G', '-L', '-N', '-O', '-S', '-R', '-o']);
const BINARY = new Set(['=', '==', '!=', '<', '>', '-eq', '-ne', '-lt', '-le', '-gt', '-ge', '-nt', '-ot', '-ef']);

export interface TestEnv {
  node: NodeState;
  cwd: string;
  vars: Record<string, string>;
}

/** `-f path`, `-n str`, …: one unary primary. */
export function testUnary(op: string, arg: string, env: TestEnv): boolean {
  if (op === '-n') return arg !== '';
  if (op === '-z') return arg === '';
  if (op === '-v') return arg in env.vars;
  if (op === '-t') return false;
  if (op === '-o') return false;
  const e = arg === '' ? null : fsStat(env.node.fs, fsResolve(env.cwd, arg));
  switch (op) {
    case '-e':
    case '-a':
      return !!e;
    case '-f':
      return e?.type === 'file';
    case '-d':
      return e?.type === 'dir';
    case '-s':
      return !!e && (e.type === 'dir' || e.content.length > 0);
    case '-r':
    case '-w':
      return !!e; // root reads and writes everything
    case '-x':
      return !!e && (e.type === 'dir' || fsIsExecutable(e));
    default:
      return false; // no devices, pipes, sockets or symlinks on the emulated nodes
  }
}

/** bash reads `[ a -lt b ]` operands as integers with optional blanks and sign. */
function integer(s: string, where: string): number {
  const m = /^\s*([-+]?\d+)\s*$/.exec(s);
  if (!m) throw new TestError(`${where}: ${s}: integer expression expected`);
  return Number(m[1]);
}

export function testBinary(op: string, a: string, b: string, env: TestEnv, where: string, toInt: (s: string) => number = (s) => integer(s, where)): boolean {
  switch (op) {
    case '=':
    case '==':
      return a === b;
    case '!=':
      return a !== b;
    case '<':
      return a < b;
    case '>':
      return a > b;
    case '-eq':
      return toInt(a) === toInt(b);
    case '-ne':
      return toInt(a) !== toInt(b);
    case '-lt':
      return toInt(a) < toInt(b);
    case '-le':
      return toInt(a) <= toInt(b);
    case '-gt':
      return toInt(a) > toInt(b);
    case '-ge':
      return toInt(a) >= toInt(b);
    case '-nt':
    case '-ot': {
      const ea = fsStat(env.node.fs, fsResolve(env.cwd, a));
      const eb = fsStat(env.node.fs, fsResolve(env.cwd, b));
      if (op === '-nt') return !!ea && (!eb || ea.mtime > eb.mtime);
      return !!eb && (!ea || ea.mtime < eb.mtime);
    }
    case '-ef':
      return fsResolve(env.cwd, a) === fsResolve(env.cwd, b) && !!fsStat(env.node.fs, fsResolve(env.cwd, a));
  }
  return false;
}

/** bash's test.c: the argument count chooses the grammar for up to four arguments. */
class TestEval {
  private pos = 0;
  constructor(private argv: string[], private env: TestEnv, private where: string) {}

  run(): boolean {
    const n = this.argv.length;
    let value: boolean;
    if (n === 0) return false;
    if (n === 1) return this.argv[0] !== '';
    if (n === 2) return this.two();
    if (n === 3) value = this.three();
    else if (n === 4 && this.argv[0] === '!') {
      this.pos = 1;
      return !this.three();
    } else if (n === 4 && this.argv[0] === '(' && this.argv[3] === ')') {
      this.pos = 1;
      return this.two();
    } else value = this.or();
    if (this.pos < n) throw new TestError(`${this.where}: too many arguments`);
    return value;
  }

  private two(): boolean {
    const [a, b] = this.argv.slice(this.pos);
    this.pos = this.argv.length;
    if (a === '!') return b === '';
    if (UNARY.has(a)) return testUnary(a, b, this.env);
    throw new TestError(`${this.where}: ${a}: unary operator expected`);
  }

  private three(): boolean {
    const [a, op, b] = this.argv.slice(this.pos);
    if (BINARY.has(op)) {
      this.pos = this.argv.length;
      return testBinary(op, a, b, this.env, this.where);
    }
    if (op === '-a' || op === '-o') {
      this.pos = this.argv.length;
      return op === '-a' ? a !== '' && b !== '' : a !== '' || b !== '';
    }
    if (a === '!') {
      this.pos++;
      return !this.two();
    }
    if (a === '(' && b === ')') {
      this.pos = this.argv.length;
      return op !== '';
    }
    throw new TestError(`${this.where}: ${op}: binary operator expected`);
  }

  private or(): boolean {
    const left = this.and();
    if (this.argv[this.pos] === '-o') {
      this.pos++;
      return this.or() || left;
    }
    return left;
  }

  private and(): boolean {
    const left = this.term();
    if (this.argv[this.pos] === '-a') {
      this.pos++;
      return this.and() && left;
    }
    return left;
  }

  private term(): boolean {
    const a = this.argv[this.pos];
    if (a === undefined) throw new TestError(`${this.where}: argument expected`);
    if (a === '!') {
      this.pos++;
      return !this.term();
    }
    if (a === '(') {
      this.pos++;
      const v = this.or();
      if (this.argv[this.pos] !== ')') throw new TestError(`${this.where}: \`)' expected, found ${this.argv[this.pos] ?? ''}`);
      this.pos++;
      return v;
    }
    const op = this.argv[this.pos + 1];
    if (op !== undefined && BINARY.has(op) && this.pos + 2 < this.argv.length) {
      this.pos += 3;
      return testBinary(op, a, this.argv[this.pos - 1], this.env, this.where);
    }
    if (UNARY.has(a) && this.pos + 1 < this.argv.length) {
      this.pos += 2;
      return testUnary(a, this.argv[this.pos - 1], this.env);
    }
    this.pos++;
    return a !== '';
  }
}

function runTest(ctx: CommandContext, bracket: boolean): number {
  let args = ctx.argv.slice(1);
  const where = `bash: ${bracket ? '[' : 'test'}`;
  if (bracket) {
    if (args[args.length - 1] !== ']') {
      ctx.err(`${where}: missing \`]'\n`);
      return 2;
    }
    args = args.slice(0, -1);
  }
  try {
    return new TestEval(args, { node: ctx.node, cwd: ctx.shell.cwd, vars: ctx.shell.env }, where).run() ? 0 : 1;
  } catch (e) {
    if (!(e instanceof TestError)) throw e;
    ctx.err(e.message + '\n');
    return 2;
  }
}

export const test: CommandSpec = { name: 'test', summary: 'evaluate a conditional expression', usage: 'test EXPR', run: (ctx) => runTest(ctx, false) };
export const bracket: CommandSpec = { name: '[', summary: 'evaluate a conditional expression', usage: '[ EXPR ]', run: (ctx) => runTest(ctx, true) };
