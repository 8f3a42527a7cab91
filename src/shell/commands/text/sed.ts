/** `sed`: GNU sed's stream editor, including `-i` (edit files in place) and `-n`, `-E`, `-s`. */
import type { CommandContext, CommandSpec } from '../../context';
import { fsWrite } from '../../../emulator/fs';
import { abs, ERRNO, fail, isFsError, parseOptions, readOperand, textLines } from './util';
import { sedCompile, SedError, type Addr, type RepPart, type SedCmd } from './sed-parse';

const USAGE = 'Usage: sed [OPTION]... {script-only-if-no-other-script} [input-file]...';

interface Line {
  text: string;
  nl: boolean;
}

/** One run of the script over a stream of lines (all files, or one file with -i/-s). */
class SedRun {
  out = '';
  quit: number | null = null;
  private lastRe: RegExp | null = null;
  private hold = '';
  private i = 0;
  private lineNo = 0;
  constructor(private cmds: SedCmd[], private lines: Line[], private quiet: boolean, lineStart: number) {
    this.lineNo = lineStart;
  }

  private isLast(): boolean {
    return this.i >= this.lines.length;
  }

  private matchOne(a: Addr, ps: string): boolean {
    switch (a.kind) {
      case 'line':
        return this.lineNo === a.n;
      case 'last':
        return this.isLast();
      case 'step':
        return a.step <= 0 ? this.lineNo === a.first : this.lineNo >= a.first && (this.lineNo - a.first) % a.step === 0;
      case 're':
        return this.regex(a.re).test(ps);
      case 'plus':
        return false;
    }
  }

  private regex(re: RegExp | null): RegExp {
    if (re) this.lastRe = re;
    if (!this.lastRe) throw new SedError('no previous regular expression');
    this.lastRe.lastIndex = 0;
    return this.lastRe;
  }

  /** GNU match_address_p, including its rule that `N,M` with M <= N matches line N only. */
  private selected(c: SedCmd, ps: string): boolean {
    if (!c.a1) return true;
    if (!c.a2) return this.matchOne(c.a1, ps);
    const r = c.range!;
    if (r.active) {
      const a2 = c.a2;
      if (a2.kind === 'line' || a2.kind === 'plus') {
        const end = a2.kind === 'line' ? a2.n : r.end!;
        if (this.lineNo > end) {
          r.active = false;
          return this.matchOne(c.a1, ps) ? this.open(c) : false;
        }
        if (this.lineNo >= end) r.active = false;
        return true;
      }
      if (this.matchOne(a2, ps)) r.active = false;
      return true;
    }
    return this.matchOne(c.a1, ps) ? this.open(c) : false;
  }

  private open(c: SedCmd): boolean {
    const a2 = c.a2!;
    const r = c.range!;
    if (a2.kind === 'line' && a2.n <= this.lineNo) return true;
    if (a2.kind === 'plus') {
      if (a2.n === 0) return true;
      r.end = this.lineNo + a2.n;
    }
    r.active = true;
    return true;
  }

  run(): void {
    let ps = '';
    let appendQueue = '';
    let nl = true;
    const emit = (text: string, newline = true) => (this.out += text + (newline ? '\n' : ''));
    const nextLine = (): boolean => {
      if (this.isLast()) return false;
      const l = this.lines[this.i++];
      this.lineNo++;
      ps = l.text;
      nl = l.nl;
      return true;
    };
    const endCycle = (print: boolean) => {
      if (print && !this.quiet) emit(ps, nl);
      this.out += appendQueue;
      appendQueue = '';
    };
    while (this.quit === null && nextLine()) {
      let substituted = false;
      let pc = 0;
      let printed = true;
      while (pc < this.cmds.length) {
        const c = this.cmds[pc];
        let sel = this.selected(c, ps);
        if (c.negate) sel = !sel;
        if (c.name === '}' || c.name === ':') sel = true;
        if (!sel) {
          pc = c.name === '{' ? c.jump! + 1 : pc + 1;
          continue;
        }
        pc++;
        switch (c.name) {
          case 's': {
            const done = substitute(ps, this.regex(c.s!.re), c.s!);
            if (done !== null) {
              ps = done;
              substituted = true;
              if (c.s!.print) emit(ps);
            }
            break;
          }
          case 'p':
            emit(ps);
            break;
          case 'P':
            emit(ps.split('\n')[0]);
            break;
          case '=':
            emit(String(this.lineNo));
            break;
          case 'd':
            printed = false;
            pc = Infinity;
            break;
          case 'D':
            if (!ps.includes('\n')) {
              printed = false;
              pc = Infinity;
            } else {
              ps = ps.slice(ps.indexOf('\n') + 1);
              pc = 0;
            }
            break;
          case 'a':
            appendQueue += c.text!;
            break;
          case 'i':
            this.out += c.text!;
            break;
          case 'c':
            // In a range the text replaces the whole range: print it once, at its last line.
            if (!c.a2 || c.negate || !c.range!.active) this.out += c.text!;
            printed = false;
            pc = Infinity;
            break;
          case 'y':
            ps = [...ps].map((ch) => (c.y![0].includes(ch) ? c.y![1][c.y![0].indexOf(ch)] : ch)).join('');
            break;
          case 'n':
            if (this.isLast()) {
              pc = Infinity;
              break;
            }
            if (!this.quiet) emit(ps, nl);
            nextLine();
            break;
          case 'N':
            if (this.isLast()) {
              pc = Infinity;
              break;
            }
            {
              const prev = ps;
              nextLine();
              ps = prev + '\n' + ps;
            }
            break;
          case 'h':
            this.hold = ps;
            break;
          case 'H':
            this.hold += '\n' + ps;
            break;
          case 'g':
            ps = this.hold;
            break;
          case 'G':
            ps += '\n' + this.hold;
            break;
          case 'x':
            [ps, this.hold] = [this.hold, ps];
            break;
          case 'z':
            ps = '';
            break;
          case 'l':
            emit(JSON.stringify(ps).slice(1, -1).replace(/\\"/g, '"') + '$');
            break;
          case 'b':
            pc = c.jump!;
            break;
          case 't':
          case 'T':
            if (substituted === (c.name === 't')) pc = c.jump!;
            substituted = false;
            break;
          case 'q':
            this.quit = c.exitCode ?? 0;
            pc = Infinity;
            break;
          case 'Q':
            this.quit = c.exitCode ?? 0;
            printed = false;
            pc = Infinity;
            break;
        }
      }
      endCycle(printed);
    }
  }
}

/** Apply one `s` command; null when nothing matched (so `t` and the `p` flag know). */
function substitute(ps: string, re: RegExp, s: NonNullable<SedCmd['s']>): string | null {
  const g = new RegExp(re.source, re.flags.includes('g') ? re.flags : re.flags + 'g');
  let out = '';
  let last = 0;
  let count = 0;
  let changed = false;
  for (let m = g.exec(ps); m; m = g.exec(ps)) {
    count++;
    if (count >= s.nth) {
      out += ps.slice(last, m.index) + expand(s.rep, m);
      last = m.index + m[0].length;
      changed = true;
      if (!s.global) break;
    }
    if (m[0] === '') {
      if (g.lastIndex >= ps.length) break;
      g.lastIndex++;
    }
  }
  return changed ? out + ps.slice(last) : null;
}

/** The replacement text with `&`, `\1` and GNU's `\U`, `\L`, `\u`, `\l`, `\E` case conversions. */
function expand(parts: RepPart[], m: RegExpExecArray): string {
  let out = '';
  let mode: 'U' | 'L' | '' = '';
  let once: 'u' | 'l' | '' = '';
  for (const p of parts) {
    if ('case' in p) {
      if (p.case === 'u' || p.case === 'l') once = p.case;
      else mode = p.case === 'E' ? '' : p.case;
      continue;
    }
    let t = 'lit' in p ? p.lit : (m[p.group] ?? '');
    if (mode === 'U') t = t.toUpperCase();
    if (mode === 'L') t = t.toLowerCase();
    if (once && t) {
      t = (once === 'u' ? t[0].toUpperCase() : t[0].toLowerCase()) + t.slice(1);
      once = '';
    }
    out += t;
  }
  return out;
}

function toLines(text: string): Line[] {
  const { lines, trailingNewline } = textLines(text);
  return lines.map((l, i) => ({ text: l, nl: i < lines.length - 1 || trailingNewline }));
}

export const sed: CommandSpec = {
  name: 'sed',
  summary: 'stream editor for filtering and transforming text',
  usage: "sed [-n] [-i] [-E] -e SCRIPT [FILE]...   e.g. sed -i 's/old/new/g' calico.yaml",
  run(ctx: CommandContext) {
    // GNU takes anything glued to -i as the backup suffix (so `-ie` means suffix "e").
    const args = ctx.argv.slice(1).map((a) => (/^-i./.test(a) ? '-i' : a.startsWith('--in-place=') ? '--in-place' : a));
    const p = parseOptions(ctx, args, {
      tool: 'sed', flags: 'nErsiz', valued: 'ef', usage: USAGE,
      long: { 'quiet': 'n', 'silent': 'n', 'regexp-extended': 'E', 'separate': 's', 'expression=': 'e', 'file=': 'f', 'in-place': 'i', 'null-data': 'z', 'posix': 'P', 'debug': 'D', 'sandbox': 'S' },
    });
    if (typeof p === 'number') return p;
    const inPlace = p.has('i');
    const exprs = [...p.all('e')];
    for (const f of p.all('f')) {
      const t = readOperand(ctx, f);
      if (isFsError(t)) return fail(ctx, `sed: couldn't open file ${f}: ${ERRNO[t]}`, 1);
      exprs.push(t.replace(/\n$/, ''));
    }
    const files = [...p.operands];
    if (!exprs.length) {
      if (!files.length) return fail(ctx, `${USAGE}\n\n  -n, --quiet, --silent\n                 suppress automatic printing of pattern space\n  -e script, --expression=script\n                 add the script to the commands to be executed\n  -i[SUFFIX], --in-place[=SUFFIX]\n                 edit files in place (makes backup if SUFFIX supplied)\n  -E, -r, --regexp-extended\n                 use extended regular expressions in the script`, 1);
      exprs.push(files.shift()!);
    }
    let cmds: SedCmd[];
    try {
      cmds = sedCompile(exprs, p.has('E') || p.has('r'));
    } catch (e) {
      if (e instanceof SedError) return fail(ctx, `sed: ${e.message}`, 1);
      throw e;
    }
    const quiet = p.has('n');
    if (inPlace && !files.length) return fail(ctx, 'sed: no input files', 1);
    if (!files.length) files.push('-');
    let status = 0;
    const inputs: { name: string; text: string }[] = [];
    for (const f of files) {
      const t = readOperand(ctx, f);
      if (t === 'EISDIR') {
        ctx.err(inPlace ? `sed: couldn't edit ${f}: not a regular file\n` : `sed: read error on ${f}: Is a directory\n`);
        status = inPlace ? 4 : 2;
      } else if (isFsError(t)) {
        ctx.err(`sed: can't read ${f}: ${ERRNO[t]}\n`);
        status = 2;
      } else inputs.push({ name: f, text: t });
    }
    try {
      if (inPlace || p.has('s')) {
        for (const input of inputs) {
          for (const c of cmds) if (c.range) c.range = { active: c.a1?.kind === 'line' && c.a1.n === 0 };
          const run = new SedRun(cmds, toLines(input.text), quiet, 0);
          run.run();
          if (inPlace) fsWrite(ctx.node.fs, abs(ctx, input.name), run.out, ctx.world.now);
          else ctx.out(run.out);
          if (run.quit !== null) return run.quit;
        }
        return status;
      }
      // Files are one stream; only the last one's missing final newline survives.
      const lines = inputs.flatMap((input, k) => toLines(input.text).map((l) => (k < inputs.length - 1 ? { ...l, nl: true } : l)));
      const run = new SedRun(cmds, lines, quiet, 0);
      run.run();
      ctx.out(run.out);
      return run.quit ?? status;
    } catch (e) {
      if (e instanceof SedError) return fail(ctx, `sed: ${e.message}`, 4);
      throw e;
    }
  },
};
