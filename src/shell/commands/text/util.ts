/**
 * What the GNU text tools share: getopt-style option parsing with GNU's wording for bad options,
 * reading operands (`-` is stdin) and the errno texts of coreutils.
 */
import type { CommandContext } from '../../context';
import { fsRead, fsResolve, type FsError } from '../../../emulator/fs';
import { procRead } from '../../../emulator/system/procfs';

export function fail(ctx: CommandContext, message: string, status: number): number {
  ctx.err(message + '\n');
  return status;
}

export const ERRNO: Record<FsError, string> = {
  ENOENT: 'No such file or directory',
  ENOTDIR: 'Not a directory',
  EISDIR: 'Is a directory',
  EEXIST: 'File exists',
};

/** What `--version` names, for the Ubuntu 22.04 packages. */
const VERSIONS: Record<string, string> = { sed: 'GNU sed) 4.8', grep: 'GNU grep) 3.7', diff: 'GNU diffutils) 3.8' };

export interface OptSpec {
  tool: string;
  /** Short flags without a value, e.g. 'lav1'. */
  flags: string;
  /** Short options that take a value, e.g. 'nc'. */
  valued?: string;
  /** Long names mapped to the short letter (or a key of their own); a trailing '=' takes a value. */
  long?: Record<string, string>;
  /** Exit status for a usage error: 2 for ls, grep, sort; 1 for most coreutils. */
  badStatus?: number;
  /** Lines printed between the error and the `Try ...` line (grep prints its Usage line). */
  usage?: string;
  /** `-5` means `-n 5` (head, tail) or `-C 5` (grep): the key digits are stored under. */
  digits?: string;
}

export interface Parsed {
  /** Each option's values in order; flags store ''. */
  opts: Map<string, string[]>;
  operands: string[];
  has(k: string): boolean;
  last(k: string): string | undefined;
  all(k: string): string[];
}

/** Parse like glibc getopt_long with permutation: options may follow operands until `--`. */
export function parseOptions(ctx: CommandContext, args: string[], spec: OptSpec): Parsed | number {
  const opts = new Map<string, string[]>();
  const operands: string[] = [];
  const put = (k: string, v: string) => opts.set(k, [...(opts.get(k) ?? []), v]);
  const bad = (msg: string) => fail(ctx, `${spec.tool}: ${msg}\n${spec.usage ? spec.usage + '\n' : ''}Try '${spec.tool} --help' for more information.`, spec.badStatus ?? 1);
  const valued = spec.valued ?? '';
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') {
      operands.push(...args.slice(i + 1));
      break;
    }
    if (a === '--help' || a === '--version') {
      // Short stand-ins for the real pages, so `sed --help` is not reported as a bad option.
      ctx.out(a === '--help' ? `Usage: ${spec.tool} [OPTION]... [FILE]...\n` : `${spec.tool} (${VERSIONS[spec.tool] ?? 'GNU coreutils) 8.32'}\n`);
      return 0;
    }
    if (a.startsWith('--')) {
      const [name, inline] = a.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
      const keys = Object.keys(spec.long ?? {}).filter((k) => k.replace(/=$/, '').startsWith(name));
      const exact = keys.find((k) => k.replace(/=$/, '') === name);
      const key = exact ?? (keys.length === 1 ? keys[0] : undefined);
      if (!key) return bad(keys.length > 1 ? `option '--${name}' is ambiguous` : `unrecognized option '${a}'`);
      const target = spec.long![key];
      if (key.endsWith('=')) {
        const v = inline ?? args[++i];
        if (v === undefined) return bad(`option '--${key.slice(0, -1)}' requires an argument`);
        put(target, v);
      } else {
        if (inline !== undefined) return bad(`option '--${key}' doesn't allow an argument`);
        put(target, '');
      }
      continue;
    }
    if (a.length < 2 || !a.startsWith('-')) {
      operands.push(a);
      continue;
    }
    for (let j = 1; j < a.length; j++) {
      const c = a[j];
      if (spec.digits && /\d/.test(c)) {
        const m = /^\d+/.exec(a.slice(j))![0];
        put(spec.digits, m);
        j += m.length - 1;
      } else if (valued.includes(c)) {
        const v = j + 1 < a.length ? a.slice(j + 1) : args[++i];
        if (v === undefined) return bad(`option requires an argument -- '${c}'`);
        put(c, v);
        break;
      } else if (spec.flags.includes(c)) put(c, '');
      else return bad(`invalid option -- '${c}'`);
    }
  }
  return {
    opts,
    operands,
    has: (k) => opts.has(k),
    last: (k) => opts.get(k)?.at(-1),
    all: (k) => opts.get(k) ?? [],
  };
}

/** An operand's content: `-` is stdin; errors come back as errno names. */
export function readOperand(ctx: CommandContext, name: string): string | FsError {
  if (name === '-') return ctx.stdin;
  const path = fsResolve(ctx.shell.cwd, name);
  // /proc is computed from the world (system/procfs.ts), never stored in the node's files.
  return path === '/dev/null' ? '' : procRead(ctx.world, ctx.node, path) ?? fsRead(ctx.node.fs, path);
}

export function isFsError(v: string): v is FsError {
  return v === 'ENOENT' || v === 'ENOTDIR' || v === 'EISDIR' || v === 'EEXIST';
}

/** Split into lines the way the tools see them: a final newline does not start another line. */
export function textLines(text: string): { lines: string[]; trailingNewline: boolean } {
  if (text === '') return { lines: [], trailingNewline: true };
  const trailingNewline = text.endsWith('\n');
  const lines = (trailingNewline ? text.slice(0, -1) : text).split('\n');
  return { lines, trailingNewline };
}

export function abs(ctx: CommandContext, name: string): string {
  return fsResolve(ctx.shell.cwd, name);
}

/** Bytes of the UTF-8 encoding: what `ls -l`, `wc -c` and curl count. */
export function utf8Length(s: string): number {
  let n = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  return n;
}

/**
 * Runs a filter with its standard output gathered into one write (flushed before each error
 * line, so the two streams keep their order). Filters read all their input first, so nothing
 * is delayed; a filter writing line by line sent the page one message per line
 * (`ip r | grep bird` at 500 nodes: 499).
 */
export function oneWrite(ctx: CommandContext, run: (ctx: CommandContext) => number): number {
  let pending = '';
  const flush = () => {
    if (pending) ctx.out(pending);
    pending = '';
  };
  try {
    return run({
      ...ctx,
      out: (t) => {
        pending += t;
      },
      err: (t) => {
        flush();
        ctx.err(t);
      },
    });
  } finally {
    flush();
  }
}
