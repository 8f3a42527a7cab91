/** `cat`, `less` and `more` (the pagers just print: the lab terminal scrolls instead). */
import type { CommandSpec, CommandContext } from '../../context';
import { ERRNO, isFsError, parseOptions, readOperand } from './util';

function catRun(tool: string, ctx: CommandContext): number {
  const p = parseOptions(ctx, ctx.argv.slice(1), { tool, flags: tool === 'cat' ? 'nbAETvse' : 'RSNFX', long: { number: 'n', 'show-all': 'A', 'show-ends': 'E', 'show-tabs': 'T', 'show-nonprinting': 'v' } });
  if (typeof p === 'number') return p;
  const names = p.operands.length ? p.operands : ['-'];
  let status = 0;
  let lineNo = 0;
  for (const name of names) {
    let t = readOperand(ctx, name);
    if (isFsError(t)) {
      ctx.err(`${tool}: ${name}: ${ERRNO[t]}\n`);
      status = 1;
      continue;
    }
    const t0 = t;
    t = showNonprinting(t0, p.has('A') || p.has('v') || p.has('e'), p.has('A') || p.has('E') || p.has('e'), p.has('A') || p.has('T'));
    if (p.has('n') || p.has('b')) {
      ctx.out(t.replace(/[^\n]*(\n|$)/g, (line, nl) => (line === '' ? '' : p.has('b') && line === '\n' ? line : `${String(++lineNo).padStart(6)}\t${line.slice(0, line.length - nl.length)}${nl}`)));
    } else ctx.out(t);
  }
  return status;
}

/** cat -v, -E, -T: control characters as ^X, line ends as $, tabs as ^I. */
function showNonprinting(t: string, v: boolean, ends: boolean, tabs: boolean): string {
  let out = '';
  for (const ch of t) {
    const c = ch.charCodeAt(0);
    if (ch === '\n') out += ends ? '$\n' : '\n';
    else if (ch === '\t') out += tabs ? '^I' : '\t';
    else if (v && c < 32) out += '^' + String.fromCharCode(c + 64);
    else if (v && c === 127) out += '^?';
    else out += ch;
  }
  return out;
}

export const cat: CommandSpec = { name: 'cat', summary: 'concatenate files and print them', usage: 'cat [-n] [FILE]...', run: (ctx) => catRun('cat', ctx) };
export const less: CommandSpec = { name: 'less', summary: 'view a file (prints it: the terminal scrolls)', run: (ctx) => catRun('less', ctx) };
export const more: CommandSpec = { name: 'more', summary: 'view a file (prints it: the terminal scrolls)', run: (ctx) => catRun('more', ctx) };
