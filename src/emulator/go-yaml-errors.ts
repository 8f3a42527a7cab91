/**
 * What Go's YAML reader says about a malformed document: kubectl (sigs.k8s.io/yaml) and calicoctl
 * (projectcalico/go-yaml-wrapper) both convert YAML to JSON with go-yaml v2 (gopkg.in/yaml.v2
 * 2.4.0, a port of libyaml), so a syntax error reads `yaml: line N: <problem>`.
 *
 * The JavaScript `yaml` package finds the same mistakes but words them, and places them, its own
 * way. This module walks the text the way libyaml's scanner and parser do — block indentation,
 * simple keys, plain-scalar continuation lines, quoted and flow scalars — far enough to name the
 * first problem and its line as go-yaml would. It keeps no values: the documents themselves are
 * still read by the `yaml` package. Written from the behaviour of libyaml/go-yaml (scannerc.go,
 * parserc.go, yaml.go's fail()) and checked case by case against go-yaml 2.4.0 itself
 * (tests/go-yaml-errors.test.ts lists the cases).
 *
 * Two quirks of go-yaml's fail() are kept because students see them: a scanner error is reported
 * on its 1-based line but a parser error on its 0-based line (one line above the offending token),
 * and a problem on the first line is printed with no `line N: ` at all.
 */

interface Mark { index: number; line: number; col: number }

type TokenType =
  | 'STREAM-START' | 'STREAM-END' | 'DIRECTIVE' | 'DOCUMENT-START' | 'DOCUMENT-END'
  | 'BLOCK-SEQUENCE-START' | 'BLOCK-MAPPING-START' | 'BLOCK-END'
  | 'FLOW-SEQUENCE-START' | 'FLOW-SEQUENCE-END' | 'FLOW-MAPPING-START' | 'FLOW-MAPPING-END'
  | 'BLOCK-ENTRY' | 'FLOW-ENTRY' | 'KEY' | 'VALUE' | 'ALIAS' | 'ANCHOR' | 'TAG' | 'SCALAR';

interface Token { type: TokenType; mark: Mark; value?: string }

interface SimpleKey { possible: boolean; required: boolean; tokenIndex: number; mark: Mark }

/** A problem as go-yaml records it: which stage found it, where, and (for the line rule) the context's mark. */
class YamlProblem {
  constructor(
    readonly stage: 'scanner' | 'parser' | 'decoder',
    readonly problem: string,
    readonly problemMark: Mark | null,
    readonly contextMark: Mark | null,
  ) {}

  /** go-yaml's fail(): scanner lines are 1-based, parser lines 0-based, line 0 is not printed. */
  text(): string {
    let line = 0;
    if (this.problemMark && this.problemMark.line !== 0) line = this.problemMark.line + (this.stage === 'scanner' ? 1 : 0);
    else if (this.contextMark && this.contextMark.line !== 0) line = this.contextMark.line;
    return line ? `line ${line}: ${this.problem}` : this.problem;
  }
}

const isBreakChar = (c: string | undefined) => c === '\n' || c === '\r';
const isBlank = (c: string | undefined) => c === ' ' || c === '\t';
const isBlankOrEnd = (c: string | undefined) => c === undefined || isBlank(c) || isBreakChar(c);
const isFlowIndicator = (c: string | undefined) => c !== undefined && ',[]{}'.includes(c);
const isAnchorChar = (c: string | undefined) => c !== undefined && /[0-9A-Za-z_-]/.test(c);

/** libyaml's scanner, reduced to what decides tokens and errors. */
class Scanner {
  private pos = 0;
  private line = 0;
  private col = 0;
  private flowLevel = 0;
  private indent = -1;
  private readonly indents: number[] = [];
  private simpleKeyAllowed = false;
  private readonly simpleKeys: SimpleKey[] = [];
  readonly tokens: Token[] = [];
  /** The scanner error, and how many tokens the parser could still read before meeting it. */
  error: YamlProblem | null = null;
  readable = Infinity;

  constructor(private readonly s: string) {}

  private ch(k = 0): string | undefined { return this.s[this.pos + k]; }
  private mark(): Mark { return { index: this.pos, line: this.line, col: this.col }; }

  private skip(): void { this.pos++; this.col++; }
  private skipBreak(): void {
    if (this.ch() === '\r' && this.ch(1) === '\n') this.pos += 2;
    else this.pos++;
    this.line++;
    this.col = 0;
  }

  private fail(problem: string, contextMark: Mark | null = null): never {
    throw new YamlProblem('scanner', problem, this.mark(), contextMark);
  }

  run(): void {
    this.tokens.push({ type: 'STREAM-START', mark: this.mark() });
    this.simpleKeys.push({ possible: false, required: false, tokenIndex: 0, mark: this.mark() });
    this.simpleKeyAllowed = true;
    // libyaml hands the parser a token only once no pending simple key may still put a KEY before it
    const deliverable = () => Math.min(this.tokens.length, ...this.simpleKeys.filter((k) => k.possible).map((k) => k.tokenIndex));
    let readable = 0;
    try {
      for (;;) {
        readable = deliverable();
        this.staleSimpleKeys(); // need_more_tokens looks before the whitespace and comments are skipped
        this.scanToNextToken();
        this.staleSimpleKeys();
        readable = deliverable();
        if (this.fetch()) break;
      }
    } catch (e) {
      if (!(e instanceof YamlProblem)) throw e;
      this.error = e;
      this.readable = readable;
    }
  }

  private scanToNextToken(): void {
    for (;;) {
      if (this.pos === 0 && this.ch() === '\ufeff') this.pos++;
      while (this.ch() === ' ' || ((this.flowLevel > 0 || !this.simpleKeyAllowed) && this.ch() === '\t')) this.skip();
      if (this.ch() === '#') while (this.ch() !== undefined && !isBreakChar(this.ch())) this.skip();
      if (!isBreakChar(this.ch())) return;
      this.skipBreak();
      if (this.flowLevel === 0) this.simpleKeyAllowed = true;
    }
  }

  private staleSimpleKeys(): void {
    for (const k of this.simpleKeys) {
      if (k.possible && (k.mark.line < this.line || k.mark.index + 1024 < this.pos)) {
        if (k.required) this.fail("could not find expected ':'", k.mark);
        k.possible = false;
      }
    }
  }

  private saveSimpleKey(): void {
    const required = this.flowLevel === 0 && this.indent === this.col;
    if (!this.simpleKeyAllowed) return;
    this.removeSimpleKey();
    const top = this.simpleKeys[this.simpleKeys.length - 1];
    Object.assign(top, { possible: true, required, tokenIndex: this.tokens.length, mark: this.mark() });
  }

  private removeSimpleKey(): void {
    const top = this.simpleKeys[this.simpleKeys.length - 1];
    if (top.possible && top.required) this.fail("could not find expected ':'", top.mark);
    top.possible = false;
  }

  private rollIndent(col: number, at: number | null, type: TokenType, mark: Mark): void {
    if (this.flowLevel > 0 || this.indent >= col) return;
    this.indents.push(this.indent);
    this.indent = col;
    const token: Token = { type, mark };
    if (at === null) this.tokens.push(token);
    else this.insertToken(at, token);
  }

  private insertToken(at: number, token: Token): void {
    this.tokens.splice(at, 0, token);
    for (const k of this.simpleKeys) if (k.possible && k.tokenIndex >= at) k.tokenIndex++;
  }

  private unrollIndent(col: number): void {
    if (this.flowLevel > 0) return;
    while (this.indent > col) {
      this.tokens.push({ type: 'BLOCK-END', mark: this.mark() });
      this.indent = this.indents.pop()!;
    }
  }

  private push(type: TokenType, length: number): void {
    const mark = this.mark();
    for (let i = 0; i < length; i++) this.skip();
    this.tokens.push({ type, mark });
  }

  /** One step of fetch_next_token; true at the end of the stream. */
  private fetch(): boolean {
    this.unrollIndent(this.col);
    const c = this.ch();
    if (c === undefined) {
      if (this.col !== 0) { this.col = 0; this.line++; }
      this.unrollIndent(-1);
      this.removeSimpleKey();
      this.simpleKeyAllowed = false;
      this.tokens.push({ type: 'STREAM-END', mark: this.mark() });
      return true;
    }
    if (this.col === 0 && c === '%') {
      this.unrollIndent(-1);
      this.removeSimpleKey();
      this.simpleKeyAllowed = false;
      const mark = this.mark();
      while (this.ch() !== undefined && !isBreakChar(this.ch())) this.skip();
      this.tokens.push({ type: 'DIRECTIVE', mark });
      return false;
    }
    if (this.col === 0 && (this.s.startsWith('---', this.pos) || this.s.startsWith('...', this.pos)) && isBlankOrEnd(this.ch(3))) {
      this.unrollIndent(-1);
      this.removeSimpleKey();
      this.simpleKeyAllowed = false;
      this.push(c === '-' ? 'DOCUMENT-START' : 'DOCUMENT-END', 3);
      return false;
    }
    if (c === '[' || c === '{') {
      this.saveSimpleKey();
      this.simpleKeys.push({ possible: false, required: false, tokenIndex: 0, mark: this.mark() });
      this.flowLevel++;
      this.simpleKeyAllowed = true;
      this.push(c === '[' ? 'FLOW-SEQUENCE-START' : 'FLOW-MAPPING-START', 1);
      return false;
    }
    if (c === ']' || c === '}') {
      this.removeSimpleKey();
      if (this.flowLevel > 0) { this.flowLevel--; this.simpleKeys.pop(); }
      this.simpleKeyAllowed = false;
      this.push(c === ']' ? 'FLOW-SEQUENCE-END' : 'FLOW-MAPPING-END', 1);
      return false;
    }
    if (c === ',') {
      this.removeSimpleKey();
      this.simpleKeyAllowed = true;
      this.push('FLOW-ENTRY', 1);
      return false;
    }
    if (c === '-' && isBlankOrEnd(this.ch(1))) {
      if (this.flowLevel === 0) {
        if (!this.simpleKeyAllowed) this.fail('block sequence entries are not allowed in this context', this.mark());
        this.rollIndent(this.col, null, 'BLOCK-SEQUENCE-START', this.mark());
      }
      this.removeSimpleKey();
      this.simpleKeyAllowed = true;
      this.push('BLOCK-ENTRY', 1);
      return false;
    }
    if (c === '?' && (this.flowLevel > 0 || isBlankOrEnd(this.ch(1)))) {
      if (this.flowLevel === 0) {
        if (!this.simpleKeyAllowed) this.fail('mapping keys are not allowed in this context', this.mark());
        this.rollIndent(this.col, null, 'BLOCK-MAPPING-START', this.mark());
      }
      this.removeSimpleKey();
      this.simpleKeyAllowed = this.flowLevel === 0;
      this.push('KEY', 1);
      return false;
    }
    if (c === ':' && (this.flowLevel > 0 || isBlankOrEnd(this.ch(1)))) {
      this.fetchValue();
      return false;
    }
    if (c === '*' || c === '&') {
      this.saveSimpleKey();
      this.simpleKeyAllowed = false;
      this.scanAnchor(c === '*' ? 'ALIAS' : 'ANCHOR');
      return false;
    }
    if (c === '!') {
      this.saveSimpleKey();
      this.simpleKeyAllowed = false;
      const mark = this.mark();
      while (!isBlankOrEnd(this.ch()) && !(this.flowLevel > 0 && isFlowIndicator(this.ch()))) this.skip();
      this.tokens.push({ type: 'TAG', mark });
      return false;
    }
    if ((c === '|' || c === '>') && this.flowLevel === 0) {
      this.removeSimpleKey();
      this.simpleKeyAllowed = true;
      this.scanBlockScalar();
      return false;
    }
    if (c === "'" || c === '"') {
      this.saveSimpleKey();
      this.simpleKeyAllowed = false;
      this.scanQuoted(c === "'");
      return false;
    }
    const startsPlain = !(isBlankOrEnd(c) || '-?:,[]{}#&*!|>\'"%@`'.includes(c))
      || (c === '-' && !isBlank(this.ch(1)))
      || (this.flowLevel === 0 && (c === '?' || c === ':') && !isBlankOrEnd(this.ch(1)));
    if (startsPlain) {
      this.saveSimpleKey();
      this.simpleKeyAllowed = false;
      this.scanPlain();
      return false;
    }
    this.fail('found character that cannot start any token', this.mark());
  }

  private fetchValue(): void {
    const key = this.simpleKeys[this.simpleKeys.length - 1];
    if (key.possible) {
      const at = key.tokenIndex;
      key.possible = false;
      this.insertToken(at, { type: 'KEY', mark: key.mark });
      this.rollIndent(key.mark.col, at, 'BLOCK-MAPPING-START', key.mark);
      this.simpleKeyAllowed = false;
    } else {
      if (this.flowLevel === 0) {
        if (!this.simpleKeyAllowed) this.fail('mapping values are not allowed in this context', this.mark());
        this.rollIndent(this.col, null, 'BLOCK-MAPPING-START', this.mark());
      }
      this.simpleKeyAllowed = this.flowLevel === 0;
    }
    this.push('VALUE', 1);
  }

  private scanAnchor(type: 'ALIAS' | 'ANCHOR'): void {
    const mark = this.mark();
    this.skip();
    const from = this.pos;
    while (isAnchorChar(this.ch())) this.skip();
    const c = this.ch();
    if (this.pos === from || !(isBlankOrEnd(c) || (c !== undefined && '?:,]}%@`'.includes(c)))) {
      this.fail('did not find expected alphabetic or numeric character', mark);
    }
    this.tokens.push({ type, mark, value: this.s.slice(from, this.pos) });
  }

  private scanQuoted(single: boolean): void {
    const mark = this.mark();
    this.skip();
    for (;;) {
      if (this.col === 0 && (this.s.startsWith('---', this.pos) || this.s.startsWith('...', this.pos)) && isBlankOrEnd(this.ch(3))) {
        this.fail('found unexpected document indicator', mark);
      }
      const c = this.ch();
      if (c === undefined) this.fail('found unexpected end of stream', mark);
      if (single && c === "'" && this.ch(1) === "'") { this.skip(); this.skip(); continue; }
      if (c === (single ? "'" : '"')) break;
      if (!single && c === '\\') {
        const e = this.ch(1);
        if (isBreakChar(e)) { this.skip(); this.skipBreak(); continue; }
        const hex = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
        if (!hex && (e === undefined || !'0abt\tnvfre "/\\N_LP'.includes(e))) this.fail('found unknown escape character', mark);
        this.skip(); this.skip();
        for (let i = 0; i < hex; i++) {
          if (!/[0-9A-Fa-f]/.test(this.ch() ?? '')) this.fail('did not find expected hexdecimal number', mark);
          this.skip();
        }
        continue;
      }
      if (isBreakChar(c)) this.skipBreak();
      else this.skip();
    }
    this.skip();
    this.tokens.push({ type: 'SCALAR', mark });
  }

  private scanPlain(): void {
    const mark = this.mark();
    const indent = this.indent + 1;
    let leadingBlanks = false;
    for (;;) {
      if (this.col === 0 && (this.s.startsWith('---', this.pos) || this.s.startsWith('...', this.pos)) && isBlankOrEnd(this.ch(3))) break;
      if (this.ch() === '#') break;
      while (!isBlankOrEnd(this.ch())) {
        const c = this.ch();
        if ((c === ':' && isBlankOrEnd(this.ch(1))) || (this.flowLevel > 0 && (isFlowIndicator(c) || (c === ':' && isFlowIndicator(this.ch(1)))))) break;
        leadingBlanks = false; // folded into the scalar: only a break at its very end lets a key follow
        this.skip();
      }
      if (!(isBlank(this.ch()) || isBreakChar(this.ch()))) break;
      while (isBlank(this.ch()) || isBreakChar(this.ch())) {
        if (isBlank(this.ch())) {
          if (leadingBlanks && this.col < indent && this.ch() === '\t') this.fail('found a tab character that violates indentation', mark);
          this.skip();
        } else {
          leadingBlanks = true;
          this.skipBreak();
        }
      }
      if (this.flowLevel === 0 && this.col < indent) break;
    }
    this.tokens.push({ type: 'SCALAR', mark });
    if (leadingBlanks) this.simpleKeyAllowed = true;
  }

  private scanBlockScalar(): void {
    const mark = this.mark();
    this.skip();
    let increment = 0;
    for (let i = 0; i < 2; i++) {
      const c = this.ch();
      if (c === '+' || c === '-') this.skip();
      else if (c !== undefined && /[0-9]/.test(c)) {
        if (c === '0') this.fail('found an indentation indicator equal to 0', mark);
        increment = Number(c);
        this.skip();
      }
    }
    while (isBlank(this.ch())) this.skip();
    if (this.ch() === '#') while (this.ch() !== undefined && !isBreakChar(this.ch())) this.skip();
    if (this.ch() !== undefined && !isBreakChar(this.ch())) this.fail('did not find expected comment or line break', mark);
    if (isBreakChar(this.ch())) this.skipBreak();
    let indent = increment ? (this.indent >= 0 ? this.indent + increment : increment) : 0;
    const breaks = () => {
      let max = 0;
      for (;;) {
        while ((!indent || this.col < indent) && this.ch() === ' ') this.skip();
        if (this.col > max) max = this.col;
        if ((!indent || this.col < indent) && this.ch() === '\t') this.fail('found a tab character where an indentation space is expected', mark);
        if (!isBreakChar(this.ch())) return max;
        this.skipBreak();
      }
    };
    const max = breaks();
    if (!indent) indent = Math.max(max, this.indent + 1, 1);
    while (this.col === indent && this.ch() !== undefined) {
      while (this.ch() !== undefined && !isBreakChar(this.ch())) this.skip();
      if (this.ch() === undefined) break;
      this.skipBreak();
      breaks();
    }
    this.tokens.push({ type: 'SCALAR', mark });
  }
}

/** libyaml's parser states as recursive functions; only the errors matter. */
class Parser {
  private i = 0;
  private readonly anchors = new Set<string>();

  constructor(private readonly scanner: Scanner) {}

  private peek(): Token {
    if (this.i >= this.scanner.readable && this.scanner.error) throw this.scanner.error;
    return this.scanner.tokens[this.i];
  }
  private next(): Token { const t = this.peek(); this.i++; return t; }
  private is(...types: TokenType[]): boolean { return types.includes(this.peek().type); }

  private fail(context: Mark, problem: string, at: Mark): never {
    throw new YamlProblem('parser', problem, at, context);
  }

  /** The first document, as yaml.Unmarshal reads it (later documents are never looked at). */
  document(): void {
    this.next();
    if (this.is('STREAM-END')) return;
    if (this.is('DIRECTIVE', 'DOCUMENT-START')) {
      while (this.is('DIRECTIVE')) this.next();
      if (!this.is('DOCUMENT-START')) this.fail(this.peek().mark, 'did not find expected <document start>', this.peek().mark);
      this.next();
      if (!this.is('DIRECTIVE', 'DOCUMENT-START', 'DOCUMENT-END', 'STREAM-END')) this.node(true, false);
    } else {
      this.node(true, false);
    }
    this.peek();
  }

  private node(block: boolean, indentless: boolean): void {
    let t = this.peek();
    if (t.type === 'ALIAS') {
      if (!this.anchors.has(t.value ?? '')) throw new YamlProblem('decoder', `unknown anchor '${t.value}' referenced`, null, null);
      this.next();
      return;
    }
    const start = t.mark;
    let properties = false;
    for (let k = 0; k < 2 && this.is('ANCHOR', 'TAG'); k++) {
      const p = this.next();
      if (p.type === 'ANCHOR') this.anchors.add(p.value ?? '');
      properties = true;
    }
    t = this.peek();
    if (indentless && t.type === 'BLOCK-ENTRY') return this.indentlessSequence();
    if (t.type === 'SCALAR') { this.next(); return; }
    if (t.type === 'FLOW-SEQUENCE-START') return this.flowSequence();
    if (t.type === 'FLOW-MAPPING-START') return this.flowMapping();
    if (block && t.type === 'BLOCK-SEQUENCE-START') return this.blockSequence();
    if (block && t.type === 'BLOCK-MAPPING-START') return this.blockMapping();
    if (properties) return;
    this.fail(start, 'did not find expected node content', t.mark);
  }

  private blockSequence(): void {
    const start = this.next().mark;
    for (;;) {
      if (this.is('BLOCK-ENTRY')) {
        this.next();
        if (!this.is('BLOCK-ENTRY', 'BLOCK-END')) this.node(true, false);
      } else if (this.is('BLOCK-END')) {
        this.next();
        return;
      } else {
        this.fail(start, "did not find expected '-' indicator", this.peek().mark);
      }
    }
  }

  private indentlessSequence(): void {
    while (this.is('BLOCK-ENTRY')) {
      this.next();
      if (!this.is('BLOCK-ENTRY', 'KEY', 'VALUE', 'BLOCK-END')) this.node(true, false);
    }
  }

  private blockMapping(): void {
    const start = this.next().mark;
    for (;;) {
      if (this.is('KEY')) {
        this.next();
        if (!this.is('KEY', 'VALUE', 'BLOCK-END')) this.node(true, true);
      } else if (this.is('BLOCK-END')) {
        this.next();
        return;
      } else {
        this.fail(start, 'did not find expected key', this.peek().mark);
      }
      if (this.is('VALUE')) {
        this.next();
        if (!this.is('KEY', 'VALUE', 'BLOCK-END')) this.node(true, true);
      }
    }
  }

  private flowSequence(): void {
    const start = this.next().mark;
    for (let first = true; ; first = false) {
      if (this.is('FLOW-SEQUENCE-END')) { this.next(); return; }
      if (!first) {
        if (!this.is('FLOW-ENTRY')) this.fail(start, "did not find expected ',' or ']'", this.peek().mark);
        this.next();
        if (this.is('FLOW-SEQUENCE-END')) { this.next(); return; }
      }
      if (this.is('KEY')) {
        this.next();
        if (!this.is('VALUE', 'FLOW-ENTRY', 'FLOW-SEQUENCE-END')) this.node(false, false);
        if (this.is('VALUE')) {
          this.next();
          if (!this.is('FLOW-ENTRY', 'FLOW-SEQUENCE-END')) this.node(false, false);
        }
      } else {
        this.node(false, false);
      }
    }
  }

  private flowMapping(): void {
    const start = this.next().mark;
    for (let first = true; ; first = false) {
      if (this.is('FLOW-MAPPING-END')) { this.next(); return; }
      if (!first) {
        if (!this.is('FLOW-ENTRY')) this.fail(start, "did not find expected ',' or '}'", this.peek().mark);
        this.next();
        if (this.is('FLOW-MAPPING-END')) { this.next(); return; }
      }
      if (this.is('KEY')) {
        this.next();
        if (!this.is('VALUE', 'FLOW-ENTRY', 'FLOW-MAPPING-END')) this.node(false, false);
      } else {
        this.node(false, false);
      }
      if (this.is('VALUE')) {
        this.next();
        if (!this.is('FLOW-ENTRY', 'FLOW-MAPPING-END')) this.node(false, false);
      }
    }
  }
}

/**
 * The text after `yaml: ` that go-yaml v2 gives for the first document of `text`
 * (e.g. `line 7: mapping values are not allowed in this context`), or null when it reads cleanly.
 */
export function goYamlError(text: string): string | null {
  const scanner = new Scanner(text);
  scanner.run();
  try {
    new Parser(scanner).document();
  } catch (e) {
    if (e instanceof YamlProblem) return e.text();
    throw e;
  }
  return null;
}

/** The `yaml` package's problems worded as go-yaml words the same mistake: only for texts our walk reads cleanly. */
const ROUGH_GO_WORDING: Record<string, string> = {
  BLOCK_AS_IMPLICIT_KEY: 'mapping values are not allowed in this context',
  MULTILINE_IMPLICIT_KEY: "could not find expected ':'",
  TAB_AS_INDENT: 'found character that cannot start any token',
  BAD_SCALAR_START: 'found character that cannot start any token',
  MISSING_CHAR: 'found unexpected end of stream',
};

export interface JsYamlProblem { code: string; linePos?: [{ line: number; col: number }, ...{ line: number; col: number }[]] }

/**
 * The text after `yaml: ` for a document the `yaml` package rejected: go-yaml's own when our walk
 * finds the problem (it always has, in the tests), else a rough translation of the package's first one.
 */
export function goYamlProblem(text: string, problems: readonly JsYamlProblem[]): string {
  const ours = goYamlError(text);
  if (ours) return ours;
  const p = problems[0];
  const message = (p && ROUGH_GO_WORDING[p.code]) ?? 'did not find expected key';
  const line = p?.linePos?.[0]?.line ?? 1;
  return line > 1 ? `line ${line}: ${message}` : message;
}

/** kubectl's YAMLReader: a line that starts with `---` and holds nothing else but blanks or a comment ends a document. */
export function kubectlDocuments(text: string): string[] {
  const docs: string[] = [];
  let current: string[] = [];
  for (const line of text.split('\n')) {
    if (/^---(\s*(#.*)?)?$/.test(line.replace(/\r$/, ''))) {
      docs.push(current.join('\n'));
      current = [];
    } else current.push(line);
  }
  docs.push(current.join('\n'));
  return docs;
}

/**
 * calicoctl's document separator (calicoctl/util/yaml): `\n---` and the rest of its line, whatever
 * follows the dashes; a `---` on the very first line stays in the first document.
 */
export function calicoctlDocuments(text: string): string[] {
  const docs: string[] = [];
  let from = 0;
  for (;;) {
    const at = text.indexOf('\n---', from);
    if (at < 0) break;
    const eol = text.indexOf('\n', at + 4);
    docs.push(text.slice(from, at));
    if (eol < 0) return docs;
    from = eol + 1;
  }
  docs.push(text.slice(from));
  return docs;
}
