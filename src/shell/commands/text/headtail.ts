/** `head` and `tail`: -n N, -N, -c N, `head -n -N` (all but the last N), `tail -n +N` (from line N). */
import type { CommandContext, CommandSpec } from '../../context';
import { ERRNO, fail, isFsError, parseOptions, readOperand } from './util';

async function headTail(tool: 'head' | 'tail', ctx: CommandContext): Promise<number> {
  const p = parseOptions(ctx, ctx.argv.slice(1), {
    tool, flags: 'qvfF', valued: 'nc', digits: 'n',
    long: { 'lines=': 'n', 'bytes=': 'c', quiet: 'q', silent: 'q', verbose: 'v', follow: 'f' },
  });
  if (typeof p === 'number') return p;
  const bytes = p.has('c') && (!p.has('n') || ctx.argv.lastIndexOf('-c') > ctx.argv.lastIndexOf('-n'));
  const spec = (bytes ? p.last('c') : p.last('n')) ?? '10';
  const m = /^([+-]?)(\d+)$/.exec(spec);
  if (!m) return fail(ctx, `${tool}: invalid number of ${bytes ? 'bytes' : 'lines'}: ‘${spec}’`, 1);
  const n = Number(m[2]);
  const names = p.operands.length ? p.operands : ['-'];
  let status = 0;
  names.forEach((name, i) => {
    const t = readOperand(ctx, name);
    if (isFsError(t)) {
      ctx.err(t === 'EISDIR' ? `${tool}: error reading '${name}': Is a directory\n` : `${tool}: cannot open '${name}' for reading: ${ERRNO[t]}\n`);
      status = 1;
      return;
    }
    if ((names.length > 1 && !p.has('q')) || p.has('v')) ctx.out(`${i > 0 ? '\n' : ''}==> ${name === '-' ? 'standard input' : name} <==\n`);
    if (bytes) {
      const b = [...t];
      ctx.out((tool === 'head' ? (m[1] === '-' ? b.slice(0, Math.max(0, b.length - n)) : b.slice(0, n)) : m[1] === '+' ? b.slice(Math.max(0, n - 1)) : b.slice(Math.max(0, b.length - n))).join(''));
      return;
    }
    const parts = t.match(/[^\n]*\n|[^\n]+$/g) ?? [];
    let sel: string[];
    if (tool === 'head') sel = m[1] === '-' ? parts.slice(0, Math.max(0, parts.length - n)) : parts.slice(0, n);
    else sel = m[1] === '+' ? parts.slice(Math.max(0, n - 1)) : n === 0 ? [] : parts.slice(-n);
    ctx.out(sel.join(''));
  });
  if (tool === 'tail' && (p.has('f') || p.has('F'))) return follow(ctx, names, status);
  return status;
}

/**
 * `tail -f`: after the last lines, wait for the files to grow and print what is appended, until
 * Ctrl-C (status 130, as SIGINT ends it). Standard input is not followed, as GNU tail ignores
 * -f on a pipe. A file cut shorter starts over, with GNU's notice.
 */
async function follow(ctx: CommandContext, names: string[], status: number): Promise<number> {
  const files = names.filter((n) => n !== '-');
  if (!files.length) return status;
  const size = new Map<string, number>();
  const read = (name: string) => {
    const t = readOperand(ctx, name);
    return isFsError(t) ? null : t;
  };
  for (const f of files) size.set(f, read(f)?.length ?? 0);
  let lastShown = files[files.length - 1];
  const grown = () => files.some((f) => (read(f)?.length ?? 0) !== size.get(f));
  while (!ctx.interrupted()) {
    await ctx.sleep(1000, grown);
    for (const f of files) {
      const t = read(f);
      if (t === null) continue;
      const before = size.get(f) ?? 0;
      if (t.length === before) continue;
      if (t.length < before) {
        ctx.err(`tail: ${f}: file truncated\n`);
        size.set(f, 0);
      }
      if (files.length > 1 && f !== lastShown) ctx.out(`\n==> ${f} <==\n`);
      lastShown = f;
      ctx.out(t.slice(size.get(f)));
      size.set(f, t.length);
    }
  }
  return 130;
}

export const head: CommandSpec = { name: 'head', summary: 'output the first part of files', usage: 'head [-n N] [FILE]...', run: (ctx) => headTail('head', ctx) };
export const tail: CommandSpec = { name: 'tail', summary: 'output the last part of files', usage: 'tail [-n N|+N] [FILE]...', run: (ctx) => headTail('tail', ctx) };
