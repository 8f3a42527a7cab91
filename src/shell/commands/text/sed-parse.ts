/**
 * Compiling a sed script the way GNU sed 4.8 reads it, with its error texts and positions
 * (`sed: -e expression #1, char 5: unterminated `s' command`).
 */
import { compilePosix, RegexError } from './regex';

export type Addr =
  | { kind: 'line'; n: number }
  | { kind: 'last' }
  | { kind: 're'; re: RegExp | null }
  | { kind: 'step'; first: number; step: number }
  | { kind: 'plus'; n: number };

export type RepPart = { lit: string } | { group: number } | { case: 'U' | 'L' | 'E' | 'u' | 'l' };

export interface SedCmd {
  a1?: Addr;
  a2?: Addr;
  negate: boolean;
  name: string;
  text?: string;
  label?: string;
  s?: { re: RegExp | null; rep: RepPart[]; global: boolean; nth: number; print: boolean };
  y?: [string, string];
  /** For `{`: index of the matching `}`; for `b`/`t`: resolved jump target. */
  jump?: number;
  exitCode?: number;
  range?: { active: boolean; end?: number };
}

export class SedError extends Error {}

const MESSAGES = {
  unterminatedS: "unterminated `s' command",
  unterminatedY: "unterminated `y' command",
  unknownS: "unknown option to `s'",
  unterminatedAddr: 'unterminated address regex',
  missing: 'missing command',
  extra: 'extra characters after command',
  expectedSlash: "expected \\ after `a', `c' or `i'",
  unexpectedBrace: "unexpected `}'",
  unmatchedBrace: "unmatched `{'",
  unexpectedComma: "unexpected `,'",
  zero: 'invalid usage of line address 0',
  oneAddr: 'command only uses one address',
  noAddr: "} doesn't want any addresses",
  yLengths: "strings for `y' command are different lengths",
};

class Reader {
  pos = 0;
  constructor(private src: string, private starts: number[], private extended: boolean) {}
  peek(): string | undefined {
    return this.src[this.pos];
  }
  next(): string | undefined {
    return this.pos < this.src.length ? this.src[this.pos++] : undefined;
  }
  back(): void {
    this.pos--;
  }
  fail(msg: string, at = this.pos): never {
    let k = 0;
    while (k + 1 < this.starts.length && this.starts[k + 1] <= at) k++;
    throw new SedError(`-e expression #${k + 1}, char ${at - this.starts[k]}: ${msg}`);
  }
  skipBlank(): void {
    while (this.peek() === ' ' || this.peek() === '\t') this.pos++;
  }
  regex(re: string, flags: string): RegExp | null {
    if (re === '') return null;
    try {
      return compilePosix(re, this.extended, flags);
    } catch (e) {
      if (e instanceof RegexError) this.fail(e.message);
      throw e;
    }
  }
  /** Text up to an unescaped delimiter (GNU match_slash): `\delim` becomes the delimiter. */
  untilDelim(delim: string, isRegex: boolean, msg: string): string {
    let out = '';
    for (;;) {
      const c = this.next();
      if (c === undefined || (c === '\n' && isRegex)) this.fail(msg);
      if (c === delim) return out;
      if (c === '\\') {
        const n = this.next();
        if (n === undefined) this.fail(msg);
        if (n === 'n' && isRegex) out += '\n';
        else if (n === delim && !(n === '&' && !isRegex)) out += n;
        else if (n === '\n') out += '\n';
        else out += '\\' + n;
      } else out += c;
    }
  }
  endOfCommand(): void {
    this.skipBlank();
    const c = this.peek();
    if (c === undefined || c === '\n' || c === ';') {
      if (c !== undefined) this.pos++;
    } else if (c !== '}' && c !== '#') {
      this.pos++;
      this.fail(MESSAGES.extra);
    }
  }
  number(): number {
    const m = /^\d+/.exec(this.src.slice(this.pos))![0];
    this.pos += m.length;
    return Number(m);
  }
}

function parseAddr(r: Reader): Addr | undefined {
  const c = r.peek();
  if (c !== undefined && /\d/.test(c)) {
    const n = r.number();
    if (r.peek() === '~') {
      r.next();
      const step = /\d/.test(r.peek() ?? '') ? r.number() : 0;
      return { kind: 'step', first: n, step };
    }
    return { kind: 'line', n };
  }
  if (c === '$') {
    r.next();
    return { kind: 'last' };
  }
  if (c === '/' || c === '\\') {
    r.next();
    const delim = c === '\\' ? r.next() : '/';
    if (delim === undefined) r.fail(MESSAGES.unterminatedAddr);
    const text = r.untilDelim(delim!, true, MESSAGES.unterminatedAddr);
    let flags = '';
    while (r.peek() === 'I' || r.peek() === 'M') flags += r.next() === 'I' ? 'i' : 'm';
    return { kind: 're', re: r.regex(text, flags) };
  }
  return undefined;
}

/** GNU read_text: the text of `a`, `i` and `c`, one-liner or after `a\` and a newline. */
function readText(r: Reader): string {
  r.skipBlank();
  let c = r.next();
  if (c === undefined) r.fail(MESSAGES.expectedSlash);
  let text = '';
  if (c === '\\') {
    c = r.next();
    if (c !== undefined && c !== '\n') text += c;
  } else text += c;
  for (;;) {
    const ch = r.next();
    if (ch === undefined || ch === '\n') break;
    if (ch === '\\') {
      const n = r.next();
      if (n === undefined) break;
      text += n === 't' ? '\t' : n === 'n' ? '\n' : n;
    } else text += ch;
  }
  return text + '\n';
}

function parseReplacement(rep: string): RepPart[] {
  const parts: RepPart[] = [];
  let lit = '';
  const flush = () => {
    if (lit) parts.push({ lit });
    lit = '';
  };
  for (let i = 0; i < rep.length; i++) {
    const c = rep[i];
    if (c === '&') {
      flush();
      parts.push({ group: 0 });
    } else if (c === '\\' && i + 1 < rep.length) {
      const n = rep[++i];
      if (/\d/.test(n)) {
        flush();
        parts.push({ group: Number(n) });
      } else if ('ULEul'.includes(n)) {
        flush();
        parts.push({ case: n as 'U' });
      } else lit += n === 'n' ? '\n' : n === 't' ? '\t' : n;
    } else lit += c;
  }
  flush();
  return parts;
}

function groupCount(re: RegExp): number {
  return new RegExp(re.source + '|').exec('')!.length - 1;
}

function parseS(r: Reader, cmd: SedCmd): void {
  const delim = r.next();
  if (delim === undefined || delim === '\n' || delim === '\\') r.fail(MESSAGES.unterminatedS);
  const pattern = r.untilDelim(delim!, true, MESSAGES.unterminatedS);
  const rep = r.untilDelim(delim!, false, MESSAGES.unterminatedS);
  let global = false;
  let print = false;
  let nth = 1;
  let flags = '';
  for (;;) {
    const c = r.peek();
    if (c === 'g') global = true;
    else if (c === 'p') print = true;
    else if (c === 'i' || c === 'I') flags += 'i';
    else if (c === 'm' || c === 'M') flags += 'm';
    else if (c !== undefined && /\d/.test(c)) {
      nth = r.number();
      if (nth === 0) r.fail("number option to `s' command may not be zero");
      continue;
    } else break;
    r.next();
  }
  const c = r.peek();
  if (c !== undefined && !' \t\n;}#'.includes(c)) {
    r.next();
    r.fail(MESSAGES.unknownS);
  }
  const re = r.regex(pattern, flags);
  const parts = parseReplacement(rep);
  const maxRef = Math.max(0, ...parts.map((p) => ('group' in p ? p.group : 0)));
  if (re && maxRef > groupCount(re)) r.fail(`invalid reference \\${maxRef} on \`s' command's RHS`);
  cmd.s = { re, rep: parts, global, nth, print };
  r.endOfCommand();
}

/** Compile the -e expressions (joined by newlines, as GNU does) into a command list. */
export function sedCompile(exprs: string[], extended: boolean): SedCmd[] {
  const starts: number[] = [];
  let src = '';
  exprs.forEach((e, i) => {
    if (i) src += '\n';
    starts.push(src.length);
    src += e;
  });
  const r = new Reader(src, starts, extended);
  const cmds: SedCmd[] = [];
  const open: number[] = [];
  for (;;) {
    while (r.peek() !== undefined && ' \t\n;'.includes(r.peek()!)) r.next();
    if (r.peek() === undefined) break;
    if (r.peek() === '#') {
      while (r.peek() !== undefined && r.peek() !== '\n') r.next();
      continue;
    }
    const cmd: SedCmd = { negate: false, name: '' };
    cmd.a1 = parseAddr(r);
    if (cmd.a1 && r.peek() === ',') {
      r.next();
      r.skipBlank();
      if (r.peek() === '+' ) {
        r.next();
        cmd.a2 = { kind: 'plus', n: /\d/.test(r.peek() ?? '') ? r.number() : 0 };
      } else cmd.a2 = parseAddr(r);
      if (!cmd.a2 || cmd.a2.kind === 'step') r.fail(MESSAGES.unexpectedComma);
    }
    if (cmd.a1?.kind === 'line' && cmd.a1.n === 0 && !(cmd.a2?.kind === 're')) r.fail(MESSAGES.zero);
    r.skipBlank();
    while (r.peek() === '!') {
      r.next();
      cmd.negate = true;
      r.skipBlank();
    }
    const name = r.next();
    if (name === undefined || name === '\n' || name === ';') r.fail(MESSAGES.missing, name === undefined ? r.pos : r.pos - 1);
    cmd.name = name!;
    if (cmd.a1) cmd.range = { active: cmd.a1.kind === 'line' && cmd.a1.n === 0 };
    switch (name) {
      case '{':
        open.push(cmds.length);
        break;
      case '}':
        if (!open.length) r.fail(MESSAGES.unexpectedBrace);
        if (cmd.a1) r.fail(MESSAGES.noAddr);
        cmds[open.pop()!].jump = cmds.length;
        r.endOfCommand();
        break;
      case 's':
        parseS(r, cmd);
        break;
      case 'y': {
        const delim = r.next()!;
        const from = r.untilDelim(delim, false, MESSAGES.unterminatedY);
        const to = r.untilDelim(delim, false, MESSAGES.unterminatedY);
        if (from.length !== to.length) r.fail(MESSAGES.yLengths);
        cmd.y = [from, to];
        r.endOfCommand();
        break;
      }
      case 'a':
      case 'i':
      case 'c':
        cmd.text = readText(r);
        break;
      case ':':
      case 'b':
      case 't':
      case 'T': {
        if (name === ':' && cmd.a1) r.fail(": doesn't want any addresses");
        r.skipBlank();
        let label = '';
        while (r.peek() !== undefined && !'\n;'.includes(r.peek()!)) label += r.next();
        cmd.label = label.trim();
        if (name === ':' && !cmd.label) r.fail('":" lacks a label');
        break;
      }
      case 'q':
      case 'Q':
        if (cmd.a2) r.fail(MESSAGES.oneAddr);
        r.skipBlank();
        if (/\d/.test(r.peek() ?? '')) cmd.exitCode = r.number();
        r.endOfCommand();
        break;
      case '=':
      case 'd':
      case 'D':
      case 'p':
      case 'P':
      case 'n':
      case 'N':
      case 'h':
      case 'H':
      case 'g':
      case 'G':
      case 'x':
      case 'l':
      case 'z':
        r.endOfCommand();
        break;
      default:
        r.fail(`unknown command: \`${name}'`);
    }
    cmds.push(cmd);
  }
  if (open.length) throw new SedError(`-e expression #${exprs.length}, char 0: ${MESSAGES.unmatchedBrace}`);
  for (const c of cmds) {
    if (c.name === 'b' || c.name === 't' || c.name === 'T') {
      const target = c.label ? cmds.findIndex((x) => x.name === ':' && x.label === c.label) : cmds.length;
      if (target < 0) throw new SedError(`can't find label for jump to \`${c.label}'`);
      c.jump = target;
    }
  }
  return cmds;
}
