/** `ls` (GNU coreutils 8.32): columns on a terminal, one name a line into a pipe, `-l` long format. */
import type { CommandContext, CommandSpec } from '../../context';
import { fsList, fsStat, type FsEntry } from '../../../emulator/fs';
import { procList, procStat } from '../../../emulator/system/procfs';
import { abs, parseOptions, utf8Length } from './util';


const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const HALF_YEAR_MS = (365.2425 / 2) * 86_400_000;
const IMPLICIT_DIR: FsEntry = { type: 'dir', content: '', mode: 0o755, mtime: 0 };

export function modeString(e: FsEntry): string {
  let s = e.type === 'dir' ? 'd' : '-';
  for (let shift = 6; shift >= 0; shift -= 3) {
    const b = (e.mode >> shift) & 7;
    s += (b & 4 ? 'r' : '-') + (b & 2 ? 'w' : '-') + (b & 1 ? 'x' : '-');
  }
  return s;
}

/** `May  6 05:58`, or `May  6  2023` for files more than six months from now, as ls does. */
export function lsDate(ctx: CommandContext, mtime: number): string {
  const d = new Date(ctx.world.state.clock.epoch + mtime);
  const day = `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2)}`;
  if (Math.abs(ctx.world.now - mtime) > HALF_YEAR_MS) return `${day}  ${d.getUTCFullYear()}`;
  return `${day} ${d.toISOString().slice(11, 16)}`;
}

function size(e: FsEntry): number {
  return e.type === 'dir' ? 4096 : utf8Length(e.content);
}

function humanSize(n: number): string {
  if (n < 1024) return String(n);
  const units = ['K', 'M', 'G'];
  let v = n;
  let u = -1;
  while (v >= 1024 && u < 2) (v /= 1024, u++);
  return (v < 10 ? (Math.ceil(v * 10) / 10).toFixed(1) : String(Math.ceil(v))) + units[u];
}

/** GNU's vertical column layout for a terminal 80 characters wide. */
export function lsColumns(names: string[], width = 80): string {
  if (!names.length) return '';
  for (let cols = names.length; cols >= 1; cols--) {
    const rows = Math.ceil(names.length / cols);
    const widths: number[] = [];
    for (let c = 0; c * rows < names.length; c++) widths.push(Math.max(...names.slice(c * rows, (c + 1) * rows).map((n) => n.length)) + 2);
    const total = widths.reduce((a, b) => a + b, 0) - 2;
    if (total < width || cols === 1) {
      let out = '';
      for (let r = 0; r < rows; r++) {
        const cells: string[] = [];
        for (let c = 0; c < widths.length; c++) if (c * rows + r < names.length) cells.push(names[c * rows + r]);
        out += cells.map((n, c) => (c < cells.length - 1 ? n.padEnd(widths[c]) : n)).join('') + '\n';
      }
      return out;
    }
  }
  return '';
}

export const ls: CommandSpec = {
  name: 'ls',
  summary: 'list directory contents',
  usage: 'ls [-laAh1d] [FILE]...',
  run(ctx) {
    const p = parseOptions(ctx, ctx.argv.slice(1), {
      tool: 'ls', flags: 'laAh1dF', badStatus: 2,
      long: { all: 'a', 'almost-all': 'A', 'human-readable': 'h', directory: 'd', color: 'C', 'color=': 'C' },
    });
    if (typeof p === 'number') return p;
    const long = p.has('l');
    const oneLine = p.has('1') || !ctx.stdoutIsTty;
    let status = 0;
    const operands = p.operands.length ? p.operands : ['.'];
    const files: { name: string; e: FsEntry }[] = [];
    const dirs: { name: string; path: string }[] = [];
    // /proc is computed from the world (system/procfs.ts), not kept among the node's files.
    const stat = (path: string) => {
      const proc = procStat(ctx.world, ctx.node, path);
      return proc === null ? fsStat(ctx.node.fs, path) : proc;
    };
    for (const name of operands) {
      const e = stat(abs(ctx, name));
      if (!e) {
        ctx.err(`ls: cannot access '${name}': No such file or directory\n`);
        status = 2;
      } else if (e.type === 'dir' && !p.has('d')) dirs.push({ name, path: abs(ctx, name) });
      else files.push({ name, e });
    }
    const render = (entries: { name: string; e: FsEntry }[], total: boolean): string => {
      if (!long) return oneLine ? entries.map((x) => x.name + '\n').join('') : lsColumns(entries.map((x) => x.name));
      const sizes = entries.map((x) => (p.has('h') ? humanSize(size(x.e)) : String(size(x.e))));
      const links = entries.map((x) => String(x.e.type === 'dir' ? 2 : 1));
      const sw = Math.max(0, ...sizes.map((s) => s.length));
      const lw = Math.max(0, ...links.map((s) => s.length));
      const blocks = entries.reduce((n, x) => n + Math.ceil(size(x.e) / 4096) * 4, 0);
      return (
        (total ? `total ${p.has('h') ? humanSize(blocks * 1024) : blocks}\n` : '') +
        entries.map((x, i) => `${modeString(x.e)} ${links[i].padStart(lw)} root root ${sizes[i].padStart(sw)} ${lsDate(ctx, x.e.mtime)} ${x.name}\n`).join('')
      );
    };
    const chunks: string[] = [];
    if (files.length) chunks.push(render(files, false));
    for (const d of dirs) {
      let names = (procList(ctx.world, ctx.node, d.path) ?? fsList(ctx.node.fs, d.path)) as string[];
      if (!p.has('a') && !p.has('A')) names = names.filter((n) => !n.startsWith('.'));
      const entries = names.map((n) => ({ name: n, e: stat(d.path === '/' ? `/${n}` : `${d.path}/${n}`) ?? IMPLICIT_DIR }));
      if (p.has('a')) {
        entries.unshift({ name: '..', e: fsStat(ctx.node.fs, '/')! });
        entries.unshift({ name: '.', e: stat(d.path)! });
      }
      const header = operands.length > 1 || status !== 0 ? `${d.name}:\n` : '';
      chunks.push(header + render(entries, true));
    }
    ctx.out(chunks.join('\n'));
    return status;
  },
};
