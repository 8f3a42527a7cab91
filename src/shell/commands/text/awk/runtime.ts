/**
 * Runs a parsed awk program over its input the POSIX way, with mawk 1.3.4's details (the awk of
 * the lab's Ubuntu 22.04 nodes): records and fields, string/number/strnum values and their
 * comparisons, associative arrays, user functions, getline, printf and output redirection.
 *
 * The run is synchronous and bounded: a program that loops past STEP_LIMIT steps is stopped
 * as if interrupted, so `BEGIN { while (1); }` cannot hold the worker.
 */
import type { Expr, FuncDef, LValue, Program, Stmt } from './parser';
import { numberToString, sprintf, FormatError } from './format';
import { compilePosix, RegexError } from '../regex';

/** A value read from input (a field, getline, split, -v): a string that compares as a number when it looks like one. */
export class StrNum {
  constructor(
    readonly s: string,
    readonly n: number,
  ) {}
}

export type Val = number | string | StrNum;
type AwkArray = Map<string, Val>;
type Cell = Val | AwkArray;

/** An unset variable: "" and 0 at once. */
const UNINIT = new StrNum('', 0);

/** Statements and loop passes one run may take. */
export const STEP_LIMIT = 1_000_000;
/** The limit in force; the fuzz test lowers it, as it lowers the shell's loop limit. */
export const awkLimits = { steps: STEP_LIMIT };

const NUMERIC = /^[ \t\n]*[-+]?(?:\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?)[ \t\n]*$/;
const NUMERIC_PREFIX = /^[ \t\n]*[-+]?(?:\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?)/;

/** Input text as a value: a strnum when it looks numeric. */
export function inputValue(s: string): Val {
  return NUMERIC.test(s) ? new StrNum(s, Number(s.trim())) : s;
}

/** A run-time error: mawk prints it with FILENAME, FNR and NR, and exits 2. */
export class AwkRuntimeError extends Error {
  partial = '';
}

class NextSignal {}
class NextFileSignal {}
class ExitSignal {
  constructor(public status: number) {}
}
class BreakSignal {}
class ContinueSignal {}
class ReturnSignal {
  constructor(public value: Val) {}
}
/** The step budget ran out. */
export class StepLimit {}

/** What the runtime needs from the shell: input files, output, and commands for `|` and system(). */
export interface AwkHost {
  readFile(name: string): string | null;
  out(text: string): void;
  err(text: string): void;
  /** Append (or, first, write) text to a file; false when it cannot be opened. */
  writeFile(name: string, text: string, append: boolean): boolean;
  /** Run a shell command with this input; its output comes back when `capture`. */
  runCommand(cmd: string, stdin: string, capture: boolean): Promise<{ status: number; output: string }>;
  env: Record<string, string>;
}

interface InputSource {
  records: string[];
  next: number;
}

export class AwkRuntime {
  private globals = new Map<string, Cell>();
  private frames: Map<string, Cell>[] = [];
  private fields: string[] = [''];
  /** True while $1… hold the split of $0 (false after $0 is assigned until a field is read). */
  private split = true;
  private steps = 0;
  private regexCache = new Map<string, RegExp>();
  private outputs = new Map<string, { kind: 'file' | 'pipe'; text: string; opened: boolean }>();
  private readers = new Map<string, InputSource>();
  private rangeActive: boolean[] = [];
  private main: InputSource | null = null;
  /** Operands not yet read as input: files and var=value assignments. */
  private operands: string[] = [];
  private operandIndex = 0;
  private currentFile = '';
  private exitStatus: number | null = null;
  private pendingCommands: Promise<void> = Promise.resolve();
  private rng = 0;

  constructor(
    private prog: Program,
    private host: AwkHost,
    private stdin: string,
  ) {
    const defaults: Record<string, Val> = { FS: ' ', OFS: ' ', ORS: '\n', RS: '\n', NR: 0, NF: 0, FNR: 0, SUBSEP: '\x1c', CONVFMT: '%.6g', OFMT: '%.6g', RSTART: 0, RLENGTH: -1, FILENAME: '' };
    for (const [k, v] of Object.entries(defaults)) this.globals.set(k, v);
    const environ: AwkArray = new Map();
    for (const [k, v] of Object.entries(host.env)) environ.set(k, inputValue(v));
    this.globals.set('ENVIRON', environ);
    this.rng = 0;
  }

  setVar(name: string, value: string): void {
    this.globals.set(name, inputValue(processEscapes(value)));
  }

  /** Run BEGIN, the main loop over the operands (or stdin), then END. Returns the exit status. */
  async run(operands: string[], argv0 = 'awk'): Promise<number> {
    this.operands = operands;
    const argv: AwkArray = new Map([['0', argv0]]);
    operands.forEach((o, i) => argv.set(String(i + 1), inputValue(o)));
    this.globals.set('ARGV', argv);
    this.globals.set('ARGC', operands.length + 1);
    const begins = this.prog.items.filter((it) => it.pattern?.k === 'begin');
    const ends = this.prog.items.filter((it) => it.pattern?.k === 'end');
    const mains = this.prog.items.filter((it) => it.pattern?.k !== 'begin' && it.pattern?.k !== 'end');
    this.rangeActive = mains.map(() => false);
    try {
      for (const it of begins) await this.execBlock(it.action ?? []);
      if (mains.length || ends.length) {
        for (;;) {
          const rec = this.nextMainRecord();
          if (rec === null) break;
          this.setRecord(rec);
          try {
            for (let k = 0; k < mains.length; k++) await this.runItem(mains[k], k);
          } catch (e) {
            if (e instanceof NextFileSignal) {
              if (this.main) this.main.next = this.main.records.length;
              continue;
            }
            if (!(e instanceof NextSignal)) throw e;
          }
        }
      }
    } catch (e) {
      if (!(e instanceof ExitSignal)) throw e;
    }
    // END runs after `exit` in BEGIN or the main rules too, unless END itself exits.
    try {
      for (const it of ends) await this.execBlock(it.action ?? []);
    } catch (e) {
      if (!(e instanceof ExitSignal)) throw e;
    }
    await this.closeAll();
    return this.exitStatus ?? 0;
  }

  private async runItem(it: Program['items'][number], k: number): Promise<void> {
    const p = it.pattern;
    let hit = true;
    if (p?.k === 'expr') hit = this.truthy(await this.eval(p.e));
    else if (p?.k === 'range') {
      if (!this.rangeActive[k]) {
        hit = this.truthy(await this.eval(p.from));
        if (hit) this.rangeActive[k] = !this.truthy(await this.eval(p.to));
      } else {
        hit = true;
        if (this.truthy(await this.eval(p.to))) this.rangeActive[k] = false;
      }
    }
    if (!hit) return;
    if (it.action) await this.execBlock(it.action);
    else this.print([this.fieldValue(0)], null);
  }

  // ---- input -------------------------------------------------------------------------------

  private splitRecords(text: string): string[] {
    const rs = this.str(this.get('RS'));
    if (text === '') return [];
    if (rs === '\n') {
      const recs = text.split('\n');
      if (recs[recs.length - 1] === '') recs.pop();
      return recs;
    }
    if (rs === '') {
      // Paragraph mode: blank lines separate records; leading and trailing newlines are dropped.
      return text.replace(/^\n+/, '').replace(/\n+$/, '').split(/\n\n+/).filter((r, i, a) => r !== '' || a.length > 1);
    }
    const re = rs.length === 1 ? new RegExp(escapeRe(rs)) : this.regex(rs);
    const recs = text.split(new RegExp(re.source, 'gs'));
    if (recs[recs.length - 1] === '') recs.pop();
    return recs;
  }

  private nextMainRecord(): string | null {
    for (;;) {
      if (this.main && this.main.next < this.main.records.length) {
        this.inc('NR');
        this.inc('FNR');
        return this.main.records[this.main.next++];
      }
      // Open the next operand: a file, `-`, or a var=value assignment done as it is reached.
      const argv = this.globals.get('ARGV') as AwkArray;
      const argc = Math.trunc(this.num(this.get('ARGC')));
      let name: string | null = null;
      while (this.operandIndex + 1 < argc) {
        this.operandIndex++;
        const v = argv.get(String(this.operandIndex));
        const s = v === undefined ? '' : this.str(v);
        if (s === '') continue;
        const m = /^([A-Za-z_][A-Za-z0-9_]*)=([\s\S]*)$/.exec(s);
        if (m) {
          this.setVar(m[1], m[2]);
          continue;
        }
        name = s;
        break;
      }
      if (name === null) {
        if (this.main || this.usedFile) return null;
        this.usedFile = true;
        name = '-';
      }
      this.usedFile = true;
      const text = name === '-' || name === '/dev/stdin' ? this.takeStdin() : this.host.readFile(name);
      if (text === null) throw new AwkFatal(`cannot open ${name} (No such file or directory)`);
      this.currentFile = name === '-' ? '' : name;
      this.globals.set('FILENAME', this.currentFile);
      this.globals.set('FNR', 0);
      this.main = { records: this.splitRecords(text), next: 0 };
    }
  }

  private usedFile = false;

  private takeStdin(): string {
    const t = this.stdin;
    this.stdin = '';
    return t;
  }

  // ---- records and fields ------------------------------------------------------------------

  private setRecord(text: string): void {
    this.fields = [text];
    this.split = false;
  }

  private ensureSplit(): void {
    if (this.split) return;
    this.split = true;
    const rec = this.fields[0];
    this.fields = [rec, ...this.splitFields(rec, this.str(this.get('FS')), this.str(this.get('RS')) === '')];
    this.globals.set('NF', this.fields.length - 1);
  }

  /** Split by a field separator: " " is runs of blanks, one other character is itself, longer is an ERE. */
  private splitFields(s: string, fs: string, paragraph = false): string[] {
    if (fs === ' ') {
      const t = s.replace(/^[ \t\n]+|[ \t\n]+$/g, '');
      return t === '' ? [] : t.split(/[ \t\n]+/);
    }
    if (s === '') return [];
    let re: RegExp;
    if (fs === '') return [...s];
    if (fs.length === 1 && fs !== '\\') re = new RegExp(fs === '\t' ? '\\t' : escapeRe(fs), 'g');
    else re = new RegExp(this.regex(fs).source, 'gs');
    if (paragraph) re = new RegExp(`(?:${re.source})|\\n`, 'gs');
    return s.split(re);
  }

  private fieldValue(i: number): Val {
    if (i === 0) return inputValue(this.fields[0]);
    this.ensureSplit();
    const f = this.fields[i];
    return f === undefined ? UNINIT : inputValue(f);
  }

  private setField(i: number, v: string): void {
    if (i === 0) {
      this.setRecord(v);
      return;
    }
    this.ensureSplit();
    while (this.fields.length <= i) this.fields.push('');
    this.fields[i] = v;
    this.globals.set('NF', this.fields.length - 1);
    this.rebuild();
  }

  private rebuild(): void {
    this.fields[0] = this.fields.slice(1).join(this.str(this.get('OFS')));
  }

  private setNF(n: number): void {
    this.ensureSplit();
    const nf = Math.max(0, Math.trunc(n));
    this.fields.length = Math.min(this.fields.length, nf + 1);
    while (this.fields.length <= nf) this.fields.push('');
    this.globals.set('NF', nf);
    this.rebuild();
  }

  // ---- values ------------------------------------------------------------------------------

  num(v: Val): number {
    if (typeof v === 'number') return v;
    if (v instanceof StrNum) return v.n;
    const m = NUMERIC_PREFIX.exec(v);
    return m ? Number(m[0].trim()) : 0;
  }

  str(v: Val): string {
    if (typeof v === 'string') return v;
    if (v instanceof StrNum) return v.s;
    return numberToString(v, this.strOf('CONVFMT'));
  }

  private strOf(name: string): string {
    const v = this.globals.get(name);
    return typeof v === 'string' ? v : v instanceof StrNum ? v.s : '%.6g';
  }

  /** print's conversion: numbers through OFMT. */
  private outStr(v: Val): string {
    return typeof v === 'number' ? numberToString(v, this.strOf('OFMT')) : this.str(v);
  }

  truthy(v: Val): boolean {
    if (typeof v === 'number') return v !== 0;
    if (v instanceof StrNum) return v.n !== 0;
    return v !== '';
  }

  private compare(a: Val, b: Val): number {
    if (typeof a !== 'string' && typeof b !== 'string') {
      const x = this.num(a);
      const y = this.num(b);
      return x < y ? -1 : x > y ? 1 : x === y ? 0 : NaN;
    }
    const x = this.str(a);
    const y = this.str(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }

  // ---- variables ---------------------------------------------------------------------------

  private scopeOf(name: string): Map<string, Cell> {
    const f = this.frames[this.frames.length - 1];
    return f && f.has(name) ? f : this.globals;
  }

  get(name: string): Val {
    if (name === 'NF') this.ensureSplit();
    const c = this.scopeOf(name).get(name);
    if (c instanceof Map) throw new AwkRuntimeError(`can't use array ${name} in scalar context`);
    return c ?? UNINIT;
  }

  private set(name: string, v: Val): Val {
    if (name === 'NF') {
      this.setNF(this.num(v));
      return v;
    }
    const scope = this.scopeOf(name);
    if (scope.get(name) instanceof Map) throw new AwkRuntimeError(`can't assign to ${name}; it's an array name.`);
    scope.set(name, v);
    return v;
  }

  private inc(name: string): void {
    this.globals.set(name, this.num(this.get(name)) + 1);
  }

  private array(name: string): AwkArray {
    const scope = this.scopeOf(name);
    const c = scope.get(name);
    if (c instanceof Map) return c;
    if (c !== undefined && c !== UNINIT) throw new AwkRuntimeError(`can't use scalar ${name} as array`);
    const a: AwkArray = new Map();
    scope.set(name, a);
    return a;
  }

  private async key(subs: Expr[]): Promise<string> {
    const parts: string[] = [];
    for (const s of subs) parts.push(this.str(await this.eval(s)));
    return parts.join(this.str(this.get('SUBSEP')));
  }

  // ---- regular expressions -----------------------------------------------------------------

  regex(src: string): RegExp {
    let re = this.regexCache.get(src);
    if (!re) {
      try {
        // mawk 1.3.4 20200120 has no interval expressions: `{` and `}` are literal.
        re = compilePosix(src.replace(/(^|[^\\])([{}])/g, '$1\\$2').replace(/(^|[^\\])([{}])/g, '$1\\$2'), true, 's');
      } catch (e) {
        if (e instanceof RegexError) throw new AwkRuntimeError(`regular expression compile failed (${e.message.toLowerCase()})\n${src}`);
        throw e;
      }
      this.regexCache.set(src, re);
    }
    return re;
  }

  /** A regex operand: a literal /re/ as written, anything else as a dynamic regex string. */
  private async regexOf(e: Expr): Promise<RegExp> {
    if (e.k === 'regex') return this.regex(e.src);
    return this.regex(this.str(await this.eval(e)));
  }

  // ---- statements --------------------------------------------------------------------------

  private step(): void {
    if (++this.steps > awkLimits.steps) throw new StepLimit();
  }

  private async execBlock(body: Stmt[]): Promise<void> {
    for (const s of body) await this.exec(s);
  }

  private async exec(s: Stmt): Promise<void> {
    this.step();
    switch (s.k) {
      case 'expr':
        await this.eval(s.e);
        return;
      case 'print': {
        const vals: Val[] = [];
        for (const a of s.args) vals.push(await this.eval(a));
        if (!s.args.length) vals.push(this.fieldValue(0));
        await this.print(vals, s.redirect ? { op: s.redirect.op, target: this.str(await this.eval(s.redirect.target)) } : null);
        return;
      }
      case 'printf': {
        const vals: Val[] = [];
        for (const a of s.args) vals.push(await this.eval(a));
        const target = s.redirect ? { op: s.redirect.op, target: this.str(await this.eval(s.redirect.target)) } : null;
        let text: string;
        try {
          text = this.format(vals, 'printf');
        } catch (e) {
          // mawk has written what it formatted before the bad conversion.
          if (e instanceof AwkRuntimeError && e.partial) await this.write(e.partial, target);
          throw e;
        }
        await this.write(text, target);
        return;
      }
      case 'if':
        if (this.truthy(await this.eval(s.c))) await this.exec(s.then);
        else if (s.else) await this.exec(s.else);
        return;
      case 'while':
        while (this.truthy(await this.eval(s.c))) {
          this.step();
          if (await this.loopBody(s.body)) break;
        }
        return;
      case 'do':
        do {
          this.step();
          if (await this.loopBody(s.body)) break;
        } while (this.truthy(await this.eval(s.c)));
        return;
      case 'for':
        if (s.init) await this.eval(s.init);
        while (!s.c || this.truthy(await this.eval(s.c))) {
          this.step();
          if (await this.loopBody(s.body)) break;
          if (s.step) await this.eval(s.step);
        }
        return;
      case 'forin': {
        const arr = this.array(s.arr);
        for (const k of [...arr.keys()]) {
          if (!arr.has(k)) continue;
          this.step();
          this.set(s.v, inputValue(k));
          if (await this.loopBody(s.body)) break;
        }
        return;
      }
      case 'block':
        await this.execBlock(s.body);
        return;
      case 'next':
        throw new NextSignal();
      case 'nextfile':
        throw new NextFileSignal();
      case 'break':
        throw new BreakSignal();
      case 'continue':
        throw new ContinueSignal();
      case 'exit':
        this.exitStatus = s.e ? Math.trunc(this.num(await this.eval(s.e))) & 255 : (this.exitStatus ?? 0);
        throw new ExitSignal(this.exitStatus);
      case 'return':
        throw new ReturnSignal(s.e ? await this.eval(s.e) : UNINIT);
      case 'delete': {
        const arr = this.array(s.name);
        if (s.subs) arr.delete(await this.key(s.subs));
        else arr.clear();
        return;
      }
    }
  }

  /** One pass of a loop body; true when `break` ends the loop. */
  private async loopBody(body: Stmt): Promise<boolean> {
    try {
      await this.exec(body);
    } catch (e) {
      if (e instanceof BreakSignal) return true;
      if (e instanceof ContinueSignal) return false;
      throw e;
    }
    return false;
  }

  private format(vals: Val[], fn: 'printf' | 'sprintf'): string {
    const fmt = this.str(vals[0]);
    try {
      return sprintf(fmt, vals.slice(1), (v) => this.str(v), (v) => this.num(v)).text;
    } catch (e) {
      if (e instanceof FormatError) throw Object.assign(new AwkRuntimeError(`${e.message} ${fn}("${fmt}")`), { partial: e.partial });
      throw e;
    }
  }

  private async print(vals: Val[], redirect: { op: string; target: string } | null): Promise<void> {
    const text = vals.map((v) => this.outStr(v)).join(this.str(this.get('OFS'))) + this.str(this.get('ORS'));
    await this.write(text, redirect);
  }

  private async write(text: string, redirect: { op: string; target: string } | null): Promise<void> {
    if (!redirect || redirect.target === '/dev/stdout' || redirect.target === '-') {
      this.host.out(text);
      return;
    }
    if (redirect.target === '/dev/stderr') {
      this.host.err(text);
      return;
    }
    const key = redirect.target;
    let o = this.outputs.get(key);
    if (!o) {
      o = { kind: redirect.op === '|' ? 'pipe' : 'file', text: '', opened: false };
      this.outputs.set(key, o);
      if (o.kind === 'file' && !this.host.writeFile(key, '', redirect.op === '>>')) throw new AwkFatal(`cannot open "${key}" for output`);
    }
    if (o.kind === 'file') this.host.writeFile(key, text, true);
    else o.text += text;
  }

  /** close(name): a pipe's command runs now with what was printed to it; returns its status. */
  private async close(name: string): Promise<number> {
    const o = this.outputs.get(name);
    if (o) {
      this.outputs.delete(name);
      if (o.kind === 'pipe') return (await this.host.runCommand(name, o.text, false)).status;
      return 0;
    }
    if (this.readers.delete(name)) return 0;
    return -1;
  }

  private async closeAll(): Promise<void> {
    for (const name of [...this.outputs.keys()]) await this.close(name);
    await this.pendingCommands;
  }

  // ---- expressions -------------------------------------------------------------------------

  /** An expression's value; a bare /re/ matches $0 (outside `~` and the regex functions). */
  async eval(e: Expr): Promise<Val> {
    switch (e.k) {
      case 'num':
        return e.v;
      case 'str':
        return e.v;
      case 'regex':
        return this.regex(e.src).test(this.fields[0]) ? 1 : 0;
      case 'group':
        return this.eval(e.e);
      case 'var':
        return this.get(e.name);
      case 'field':
        return this.fieldValue(this.fieldIndex(this.num(await this.eval(e.e))));
      case 'index': {
        const arr = this.array(e.name);
        const k = await this.key(e.subs);
        let v = arr.get(k);
        if (v === undefined) {
          // Referencing an element creates it, as in every awk.
          v = UNINIT;
          arr.set(k, v);
        }
        return v;
      }
      case 'assign': {
        let v = await this.eval(e.e);
        if (e.op !== '=') v = arith(e.op.slice(0, -1), this.num(await this.eval(e.target)), this.num(v));
        if (v instanceof StrNum && v === UNINIT) v = UNINIT;
        await this.assign(e.target, v);
        return v;
      }
      case 'cond':
        return this.truthy(await this.eval(e.c)) ? this.eval(e.a) : this.eval(e.b);
      case 'and':
        return this.truthy(await this.eval(e.a)) && this.truthy(await this.eval(e.b)) ? 1 : 0;
      case 'or':
        return this.truthy(await this.eval(e.a)) || this.truthy(await this.eval(e.b)) ? 1 : 0;
      case 'in': {
        const k = await this.key(e.subs);
        return this.array(e.name).has(k) ? 1 : 0;
      }
      case 'match': {
        const s = this.str(await this.eval(e.a));
        const hit = (await this.regexOf(e.re)).test(s);
        return hit !== e.neg ? 1 : 0;
      }
      case 'bin': {
        const a = await this.eval(e.a);
        const b = await this.eval(e.b);
        switch (e.op) {
          case '<':
            return this.compare(a, b) < 0 ? 1 : 0;
          case '<=':
            return this.compare(a, b) <= 0 ? 1 : 0;
          case '>':
            return this.compare(a, b) > 0 ? 1 : 0;
          case '>=':
            return this.compare(a, b) >= 0 ? 1 : 0;
          case '==':
            return this.compare(a, b) === 0 ? 1 : 0;
          case '!=':
            return this.compare(a, b) !== 0 ? 1 : 0;
          default:
            return arith(e.op, this.num(a), this.num(b));
        }
      }
      case 'concat': {
        const a = this.str(await this.eval(e.a));
        return a + this.str(await this.eval(e.b));
      }
      case 'unary': {
        const v = await this.eval(e.e);
        if (e.op === '!') return this.truthy(v) ? 0 : 1;
        return e.op === '-' ? -this.num(v) : this.num(v);
      }
      case 'incdec': {
        const old = this.num(await this.eval(e.target));
        const v = old + (e.op === '++' ? 1 : -1);
        await this.assign(e.target, v);
        return e.prefix ? v : old;
      }
      case 'call':
        return this.builtin(e.name, e.args);
      case 'ucall':
        return this.callUser(e.name, e.args);
      case 'getline':
        return this.getline(e);
    }
  }

  private fieldIndex(n: number): number {
    const i = Math.trunc(n);
    if (i < 0) throw new AwkRuntimeError(`negative field index $${i}`);
    return i;
  }

  private async assign(t: LValue, v: Val): Promise<void> {
    if (t.k === 'var') this.set(t.name, v);
    else if (t.k === 'field') this.setField(this.fieldIndex(this.num(await this.eval(t.e))), this.str(v));
    else this.array(t.name).set(await this.key(t.subs), v);
  }

  private async callUser(name: string, args: Expr[]): Promise<Val> {
    const fn: FuncDef | undefined = this.prog.funcs[name];
    if (!fn) throw new AwkRuntimeError(`function ${name} never defined`);
    if (args.length > fn.params.length) throw new AwkRuntimeError(`too many arguments in call to ${name}`);
    if (this.frames.length >= 1000) throw new AwkRuntimeError('function call nesting too deep');
    this.step();
    const frame = new Map<string, Cell>();
    for (let i = 0; i < fn.params.length; i++) {
      const a = args[i];
      if (!a) continue;
      // Arrays go by reference; an unset variable passed on may become one inside.
      if (a.k === 'var') {
        const c = this.scopeOf(a.name).get(a.name);
        if (c instanceof Map) {
          frame.set(fn.params[i], c);
          continue;
        }
        if (c === undefined && usesAsArray(fn.body, fn.params[i])) {
          frame.set(fn.params[i], this.array(a.name));
          continue;
        }
      }
      frame.set(fn.params[i], await this.eval(a));
    }
    for (const p of fn.params) if (!frame.has(p)) frame.set(p, UNINIT);
    this.frames.push(frame);
    try {
      await this.execBlock(fn.body);
      return UNINIT;
    } catch (e) {
      if (e instanceof ReturnSignal) return e.value;
      throw e;
    } finally {
      this.frames.pop();
    }
  }

  private async getline(e: Extract<Expr, { k: 'getline' }>): Promise<Val> {
    let rec: string | null;
    if (e.cmd) {
      const cmd = this.str(await this.eval(e.cmd));
      let src = this.readers.get(cmd);
      if (!src) {
        const r = await this.host.runCommand(cmd, '', true);
        src = { records: this.splitRecords(r.output), next: 0 };
        this.readers.set(cmd, src);
      }
      rec = src.next < src.records.length ? src.records[src.next++] : null;
      if (rec !== null) this.inc('NR');
    } else if (e.file) {
      const name = this.str(await this.eval(e.file));
      let src = this.readers.get(name);
      if (!src) {
        const text = name === '-' || name === '/dev/stdin' ? this.takeStdin() : this.host.readFile(name);
        if (text === null) return -1;
        src = { records: this.splitRecords(text), next: 0 };
        this.readers.set(name, src);
      }
      rec = src.next < src.records.length ? src.records[src.next++] : null;
    } else {
      rec = this.nextMainRecord();
    }
    if (rec === null) return 0;
    if (e.target) await this.assign(e.target, inputValue(rec));
    else {
      this.setRecord(rec);
      if (e.file) this.ensureSplit();
    }
    return 1;
  }

  private async builtin(name: string, args: Expr[]): Promise<Val> {
    const v = async (i: number) => (args[i] ? this.eval(args[i]) : UNINIT);
    const s = async (i: number) => this.str(await v(i));
    const n = async (i: number) => this.num(await v(i));
    switch (name) {
      case 'length': {
        if (!args.length) return this.fields[0].length;
        const a = args[0];
        if (a.k === 'var') {
          const c = this.scopeOf(a.name).get(a.name);
          if (c instanceof Map) return c.size;
        }
        return (await s(0)).length;
      }
      case 'substr': {
        const str = await s(0);
        // mawk 1.3.4 20200120 truncates start and length; a start below 1 moves to 1 and
        // lengthens the substring by as much (substr("hello", -1, 3) is "hell"), as observed.
        let start = Math.trunc(await n(1));
        let len = args.length > 2 ? Math.trunc(await n(2)) : Infinity;
        if (start < 1) {
          len -= start;
          start = 1;
        }
        if (!(len > 0)) return '';
        return str.slice(start - 1, len === Infinity ? undefined : start - 1 + len);
      }
      case 'index': {
        const a = await s(0);
        return a.indexOf(await s(1)) + 1;
      }
      case 'split': {
        const str = await s(0);
        const target = args[1];
        if (!target || target.k !== 'var') throw new AwkRuntimeError('split: second argument must be an array');
        let parts: string[];
        if (args[2]?.k === 'regex') parts = str === '' ? [] : str.split(new RegExp(this.regex(args[2].src).source, 'gs'));
        else parts = this.splitFields(str, args[2] ? await s(2) : this.str(this.get('FS')));
        const arr = this.array(target.name);
        arr.clear();
        parts.forEach((p, i) => arr.set(String(i + 1), inputValue(p)));
        return parts.length;
      }
      case 'sub':
      case 'gsub': {
        const re = await this.regexOf(args[0]);
        const repl = await s(1);
        const target: LValue = args[2] && (args[2].k === 'var' || args[2].k === 'field' || args[2].k === 'index') ? args[2] : { k: 'field', e: { k: 'num', v: 0 } };
        const text = this.str(await this.eval(target));
        const { result, count } = substitute(text, re, repl, name === 'gsub');
        if (count) await this.assign(target, result);
        return count;
      }
      case 'match': {
        const str = await s(0);
        const m = (await this.regexOf(args[1])).exec(str);
        this.globals.set('RSTART', m ? m.index + 1 : 0);
        this.globals.set('RLENGTH', m ? m[0].length : -1);
        return m ? m.index + 1 : 0;
      }
      case 'sprintf': {
        const vals: Val[] = [];
        for (const a of args) vals.push(await this.eval(a));
        return vals.length ? this.format(vals, 'sprintf') : '';
      }
      case 'tolower':
        return (await s(0)).toLowerCase();
      case 'toupper':
        return (await s(0)).toUpperCase();
      case 'int':
        return Math.trunc(await n(0));
      case 'sqrt':
        return Math.sqrt(await n(0));
      case 'exp':
        return Math.exp(await n(0));
      case 'log':
        return Math.log(await n(0));
      case 'sin':
        return Math.sin(await n(0));
      case 'cos':
        return Math.cos(await n(0));
      case 'atan2':
        return Math.atan2(await n(0), await n(1));
      case 'rand':
        // A fixed-seed generator: the same run gives the same numbers, as the lab's world does.
        this.rng = (this.rng * 1103515245 + 12345) % 2147483648;
        return this.rng / 2147483648;
      case 'srand': {
        const prev = this.seed;
        this.seed = args.length ? await n(0) : 0;
        this.rng = Math.trunc(this.seed) % 2147483648;
        return prev;
      }
      case 'system': {
        const cmd = await s(0);
        const r = await this.host.runCommand(cmd, '', false);
        return r.status;
      }
      case 'close':
        return this.close(await s(0));
      case 'fflush':
        return 0;
    }
    throw new AwkRuntimeError(`function ${name} never defined`);
  }

  private seed = 0;

  /** Where the run stopped, for mawk's run-time error trailer. */
  where(): string {
    return `\tFILENAME="${this.main && this.currentFile === '' ? '-' : this.currentFile}" FNR=${this.str(this.globals.get('FNR') as Val)} NR=${this.str(this.globals.get('NR') as Val)}`;
  }
}

/** Errors mawk reports without the FILENAME line (`cannot open`): exit status 2. */
export class AwkFatal extends Error {}

function arith(op: string, a: number, b: number): number {
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      // mawk divides as C does: 1/0 is inf, no error.
      return a / b;
    case '%':
      return a % b;
    case '^':
      return a ** b;
  }
  return 0;
}

/** sub/gsub: `&` is the match, `\&` a literal ampersand, `\\` a backslash. */
function substitute(text: string, re: RegExp, repl: string, global: boolean): { result: string; count: number } {
  const g = new RegExp(re.source, re.flags.includes('g') ? re.flags : re.flags + 'g');
  let out = '';
  let count = 0;
  let pos = 0;
  const expand = (m: string) => repl.replace(/\\(\\|&)|&/g, (x, esc: string | undefined) => (esc ? esc : m));
  while (pos <= text.length) {
    g.lastIndex = pos;
    const m = g.exec(text);
    if (!m) break;
    out += text.slice(pos, m.index) + expand(m[0]);
    count++;
    if (m[0] === '') {
      if (m.index < text.length) out += text[m.index];
      pos = m.index + 1;
    } else pos = m.index + m[0].length;
    if (!global) break;
  }
  if (!count) return { result: text, count: 0 };
  return { result: out + text.slice(pos), count };
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** Escape sequences in -v values and command-line assignments, as in string literals. */
function processEscapes(s: string): string {
  return s.replace(/\\([0-7]{1,3}|.)/gs, (m, c: string) => {
    if (/^[0-7]/.test(c)) return String.fromCharCode(parseInt(c, 8));
    const map: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', '"': '"', '/': '/', a: '\x07', b: '\b', f: '\f', v: '\v' };
    return map[c] ?? m;
  });
}

/** Whether a function body uses a parameter as an array (`p[k]`, `k in p`, `split(s, p)`, `delete p`). */
function usesAsArray(body: Stmt[], name: string): boolean {
  const text = JSON.stringify(body);
  const n = JSON.stringify(name);
  return [`"k":"index","name":${n}`, `"k":"delete","name":${n}`, `"arr":${n}`].some((x) => text.includes(x)) || new RegExp(`"k":"in","subs":.*?"name":${n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`).test(text);
}
