/** `cat`, `less` and `more` (the pagers just print: the lab terminal scrolls instead). */
import type { CommandSpec, CommandContext } from '../../context';
import { ERRNO, isFsError, parseOptions, readOperand } from './util';

function catRun(tool: string, ctx: CommandContext): number {
  const p = parseOptions(ctx, ctx.argv.slice(1), { tool, flags: tool === 'cat' ? 'nbAE' : 'RSNFX', long: { number: 'n' } });
  if (typeof p === 'number') return p;
  const names = p.operands.length ? p.operands : ['-'];
  let status = 0;
  let lineNo = 0;
  for (const name of names) {
    const t = readOperand(ctx, name);
    if (isFsError(t)) {
      ctx.err(`${tool}: ${name}: ${ERRNO[t]}\n`);
      status = 1;
      continue;
    }
    if (p.has('n') || p.has('b')) {
      ctx.out(t.replace(/[^\n]*(\n|$)/g, (line, nl) => (line === '' ? '' : p.has('b') && line === '\n' ? line : `${String(++lineNo).padStart(6)}\t${line.slice(0, line.length - nl.length)}${nl}`)));
    } else ctx.out(t);
  }
  return status;
}

export const cat: CommandSpec = { name: 'cat', summary: 'concatenate files and print them', usage: 'cat [-n] [FILE]...', run: (ctx) => catRun('cat', ctx) };
export const less: CommandSpec = { name: 'less', summary: 'view a file (prints it: the terminal scrolls)', run: (ctx) => catRun('less', ctx) };
export const more: CommandSpec = { name: 'more', summary: 'view a file (prints it: the terminal scrolls)', run: (ctx) => catRun('more', ctx) };
