/** Changing the filesystem: chmod, touch, mkdir, rm, cp, mv (coreutils 8.32 wording). */
import type { CommandContext, CommandSpec } from '../../context';
import { fsBasename, fsDirname, fsMkdirP, fsStat, fsWrite, type FsState } from '../../../emulator/fs';
import { abs, fail, parseOptions } from './util';

const missing = (tool: string) => `${tool}: missing operand\nTry '${tool} --help' for more information.`;

/** `755`, `+x`, `u+x,go-w`, `a=r`: the new permission bits, or null when the mode is invalid. */
export function chmodApply(mode: number, spec: string): number | null {
  if (/^[0-7]{1,4}$/.test(spec)) return parseInt(spec, 8) & 0o7777;
  let m = mode;
  for (const clause of spec.split(',')) {
    const c = /^([ugoa]*)([-+=])([rwxX]*)$/.exec(clause);
    if (!c) return null;
    const who = c[1] === '' || c[1].includes('a') ? 'ugo' : c[1];
    let bits = 0;
    for (const ch of c[3]) bits |= ch === 'r' ? 4 : ch === 'w' ? 2 : 1;
    let mask = 0;
    let val = 0;
    for (const w of who) {
      const shift = w === 'u' ? 6 : w === 'g' ? 3 : 0;
      mask |= 7 << shift;
      val |= bits << shift;
    }
    // Without u/g/o, umask 022 keeps `+w` to the owner.
    if (c[1] === '' && c[2] !== '-') val &= ~0o022;
    if (c[2] === '+') m |= val;
    else if (c[2] === '-') m &= ~val;
    else m = (m & ~mask) | val;
  }
  return m;
}

const chmod: CommandSpec = {
  name: 'chmod',
  summary: 'change file mode bits',
  usage: 'chmod MODE FILE...',
  run(ctx) {
    const args = ctx.argv.slice(1).filter((a) => a !== '-R');
    if (args.length === 0) return fail(ctx, missing('chmod'), 1);
    if (args.length === 1) return fail(ctx, `chmod: missing operand after ‘${args[0]}’\nTry 'chmod --help' for more information.`, 1);
    const [spec, ...files] = args;
    let status = 0;
    for (const f of files) {
      const e = fsStat(ctx.node.fs, abs(ctx, f));
      if (!e) {
        ctx.err(`chmod: cannot access '${f}': No such file or directory\n`);
        status = 1;
        continue;
      }
      const m = chmodApply(e.mode, spec);
      if (m === null) return fail(ctx, `chmod: invalid mode: ‘${spec}’\nTry 'chmod --help' for more information.`, 1);
      e.mode = m;
    }
    return status;
  },
};

const touch: CommandSpec = {
  name: 'touch',
  summary: 'change file timestamps (creating empty files)',
  run(ctx) {
    const p = parseOptions(ctx, ctx.argv.slice(1), { tool: 'touch', flags: 'acm' });
    if (typeof p === 'number') return p;
    if (!p.operands.length) return fail(ctx, `touch: missing file operand\nTry 'touch --help' for more information.`, 1);
    let status = 0;
    for (const f of p.operands) {
      const e = fsStat(ctx.node.fs, abs(ctx, f));
      if (e) e.mtime = ctx.world.now;
      else if (fsWrite(ctx.node.fs, abs(ctx, f), '', ctx.world.now)) {
        ctx.err(`touch: cannot touch '${f}': No such file or directory\n`);
        status = 1;
      }
    }
    return status;
  },
};

const mkdir: CommandSpec = {
  name: 'mkdir',
  summary: 'make directories',
  usage: 'mkdir [-p] DIR...',
  run(ctx) {
    const p = parseOptions(ctx, ctx.argv.slice(1), { tool: 'mkdir', flags: 'pv', long: { parents: 'p' } });
    if (typeof p === 'number') return p;
    if (!p.operands.length) return fail(ctx, missing('mkdir'), 1);
    let status = 0;
    for (const d of p.operands) {
      const path = abs(ctx, d);
      const e = fsStat(ctx.node.fs, path);
      const parent = fsStat(ctx.node.fs, fsDirname(path));
      if (p.has('p')) {
        if (e && e.type !== 'dir') (ctx.err(`mkdir: cannot create directory ‘${d}’: File exists\n`), (status = 1));
        else fsMkdirP(ctx.node.fs, path, ctx.world.now);
      } else if (e) (ctx.err(`mkdir: cannot create directory ‘${d}’: File exists\n`), (status = 1));
      else if (!parent || parent.type !== 'dir') (ctx.err(`mkdir: cannot create directory ‘${d}’: ${parent ? 'Not a directory' : 'No such file or directory'}\n`), (status = 1));
      else ctx.node.fs[path] = { type: 'dir', content: '', mode: 0o755, mtime: ctx.world.now };
    }
    return status;
  },
};

function under(fs: FsState, path: string): string[] {
  return Object.keys(fs).filter((k) => k === path || k.startsWith(path + '/'));
}

const rm: CommandSpec = {
  name: 'rm',
  summary: 'remove files or directories',
  usage: 'rm [-rf] FILE...',
  run(ctx) {
    const p = parseOptions(ctx, ctx.argv.slice(1), { tool: 'rm', flags: 'rRfiv', long: { recursive: 'r', force: 'f' } });
    if (typeof p === 'number') return p;
    if (!p.operands.length) return p.has('f') ? 0 : fail(ctx, missing('rm'), 1);
    let status = 0;
    for (const f of p.operands) {
      const path = abs(ctx, f);
      const e = fsStat(ctx.node.fs, path);
      if (!e) {
        if (!p.has('f')) (ctx.err(`rm: cannot remove '${f}': No such file or directory\n`), (status = 1));
      } else if (e.type === 'dir' && !p.has('r') && !p.has('R')) (ctx.err(`rm: cannot remove '${f}': Is a directory\n`), (status = 1));
      else if (path === '/') (ctx.err(`rm: it is dangerous to operate recursively on '/'\nrm: use --no-preserve-root to override this failsafe\n`), (status = 1));
      else for (const k of under(ctx.node.fs, path)) delete ctx.node.fs[k];
    }
    return status;
  },
};

/** cp and mv share the target rules: into a directory when the last operand is one. */
function copyLike(ctx: CommandContext, tool: 'cp' | 'mv'): number {
  const p = parseOptions(ctx, ctx.argv.slice(1), { tool, flags: 'rRfiapv', long: { recursive: 'r', force: 'f' } });
  if (typeof p === 'number') return p;
  const ops = p.operands;
  if (ops.length === 0) return fail(ctx, `${tool}: missing file operand\nTry '${tool} --help' for more information.`, 1);
  if (ops.length === 1) return fail(ctx, `${tool}: missing destination file operand after '${ops[0]}'\nTry '${tool} --help' for more information.`, 1);
  const dest = ops[ops.length - 1];
  const destPath = abs(ctx, dest);
  const destIsDir = fsStat(ctx.node.fs, destPath)?.type === 'dir';
  if (ops.length > 2 && !destIsDir) return fail(ctx, `${tool}: target '${dest}' is not a directory`, 1);
  let status = 0;
  for (const src of ops.slice(0, -1)) {
    const from = abs(ctx, src);
    const e = fsStat(ctx.node.fs, from);
    if (!e) {
      ctx.err(`${tool}: cannot stat '${src}': No such file or directory\n`);
      status = 1;
      continue;
    }
    if (e.type === 'dir' && tool === 'cp' && !p.has('r') && !p.has('R') && !p.has('a')) {
      ctx.err(`cp: -r not specified; omitting directory '${src}'\n`);
      status = 1;
      continue;
    }
    const to = destIsDir ? `${destPath === '/' ? '' : destPath}/${fsBasename(from)}` : destPath;
    const parent = fsStat(ctx.node.fs, fsDirname(to));
    if (!parent || parent.type !== 'dir') {
      ctx.err(tool === 'cp' ? `cp: cannot create regular file '${dest}': No such file or directory\n` : `mv: cannot move '${src}' to '${dest}': No such file or directory\n`);
      status = 1;
      continue;
    }
    if (to === from) {
      ctx.err(`${tool}: '${src}' and '${dest}' are the same file\n`);
      status = 1;
      continue;
    }
    for (const k of under(ctx.node.fs, from)) {
      const entry = ctx.node.fs[k];
      ctx.node.fs[to + k.slice(from.length)] = { ...entry, mtime: tool === 'cp' ? ctx.world.now : entry.mtime };
      if (tool === 'mv') delete ctx.node.fs[k];
    }
  }
  return status;
}

const cp: CommandSpec = { name: 'cp', summary: 'copy files and directories', usage: 'cp [-r] SOURCE... DEST', run: (ctx) => copyLike(ctx, 'cp') };
const mv: CommandSpec = { name: 'mv', summary: 'move (rename) files', usage: 'mv SOURCE... DEST', run: (ctx) => copyLike(ctx, 'mv') };

export const fileOps: CommandSpec[] = [chmod, touch, mkdir, rm, cp, mv];
