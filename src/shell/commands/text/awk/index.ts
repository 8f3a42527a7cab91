/**
 * `awk`: mawk 1.3.4 20200120, the awk Ubuntu 22.04 installs. Options `-F`, `-v`, `-f`, `--`,
 * `-W version`; errors in mawk's words (`awk: line 1: syntax error at or near }`, exit 2).
 * The language itself is ./parser.ts and ./runtime.ts.
 */
import type { CommandContext, CommandSpec } from '../../../context';
import { fsRead, fsResolve, fsStat, fsWrite } from '../../../../emulator/fs';
import { AwkSyntaxError } from './lexer';
import { parseAwk, type Program } from './parser';
import { AwkFatal, AwkRuntime, AwkRuntimeError, StepLimit } from './runtime';

const USAGE = `Usage: mawk [Options] [Program] [file ...]

Program:
    The -f option value is the name of a file containing program text.
    If no -f option is given, a "--" ends option processing; the following
    parameters are the program text.

Options:
    -f program-file  Program  text is read from file instead of from the
                     command-line.  Multiple -f options are accepted.
    -F value         sets the field separator, FS, to value.
    -v var=value     assigns value to program variable var.
    --               unambiguous end of options.

    Implementation-specific options are prefixed with "-W".  They can be
    abbreviated:

    -W version       show version information and exit.
    -W dump          show assembler-like listing of program and exit.
    -W help          show this message and exit.
    -W interactive   set unbuffered output, line-buffered input.
    -W exec file     use file as program as well as last option.
    -W random=number set initial random seed.
    -W sprintf=number adjust size of sprintf buffer.
    -W posix_space   do not consider "\\n" a space.
    -W usage         show this message and exit.
`;

const VERSION = `mawk 1.3.4 20200120
Copyright 2008-2019,2020, Thomas E. Dickey
Copyright 1991-1996,2014, Michael D. Brennan

`;
const VERSION_ERR = `random-funcs:       srandom/random
regex-funcs:        internal
compiled limits:
sprintf buffer      8192
maximum-integer     2147483647
`;

function fail(ctx: CommandContext, message: string): number {
  ctx.err(`awk: ${message}\n`);
  return 2;
}

function readText(ctx: CommandContext, name: string): string | null {
  if (name === '-' || name === '/dev/stdin') return ctx.stdin;
  const path = fsResolve(ctx.shell.cwd, name);
  if (path === '/dev/null') return '';
  const t = fsRead(ctx.node.fs, path);
  return t === 'ENOENT' || t === 'ENOTDIR' || t === 'EISDIR' || t === 'EEXIST' ? null : t;
}

/** A here-document delimiter not found in the text, to hand text to a command's stdin. */
function heredoc(cmd: string, text: string): string {
  let tag = 'AWK_INPUT';
  while (text.split('\n').includes(tag)) tag += '_';
  return `${cmd} <<'${tag}'\n${text}${text.endsWith('\n') || text === '' ? '' : '\n'}${tag}\n`;
}

export const awk: CommandSpec = {
  name: 'awk',
  summary: 'pattern scanning and text processing language',
  usage: "awk [-F fs] [-v var=value] ['program' | -f progfile] [file ...]",
  async run(ctx) {
    const args = ctx.argv.slice(1);
    const assigns: [string, string][] = [];
    let fs: string | undefined;
    const progFiles: string[] = [];
    let i = 0;
    for (; i < args.length; i++) {
      const a = args[i];
      if (a === '--') {
        i++;
        break;
      }
      if (!a.startsWith('-') || a === '-') break;
      const opt = a[1];
      const inline = a.slice(2);
      const value = () => (inline !== '' ? inline : args[++i]);
      if (opt === 'F' || opt === 'v' || opt === 'f' || opt === 'W') {
        const v = value();
        if (v === undefined) return fail(ctx, `option -${opt} lacks argument`);
        if (opt === 'F') fs = v;
        else if (opt === 'f') progFiles.push(v);
        else if (opt === 'v') {
          const m = /^([A-Za-z_][A-Za-z0-9_]*)=([\s\S]*)$/.exec(v);
          if (!m) return fail(ctx, `improper assignment: -v ${v}`);
          assigns.push([m[1], m[2]]);
        } else {
          if ('version'.startsWith(v) && v !== '') {
            ctx.out(VERSION);
            ctx.err(VERSION_ERR);
            return 0;
          }
          if ('usage'.startsWith(v) || 'help'.startsWith(v)) {
            ctx.out(USAGE);
            return 0;
          }
          // mawk ignores -W options it does not know.
        }
        continue;
      }
      return fail(ctx, `not an option: ${a}`);
    }
    let source: string;
    if (progFiles.length) {
      const texts: string[] = [];
      for (const f of progFiles) {
        const t = readText(ctx, f);
        if (t === null) return fail(ctx, `cannot open ${f} (No such file or directory)`);
        texts.push(t);
      }
      source = texts.join('\n');
    } else {
      if (i >= args.length) {
        ctx.err(USAGE);
        return 0;
      }
      source = args[i++];
    }
    const operands = args.slice(i);
    let prog: Program;
    try {
      prog = parseAwk(source);
      checkFunctions(prog, source);
    } catch (e) {
      if (e instanceof AwkSyntaxError) return fail(ctx, `line ${e.line}: ${e.message}`);
      throw e;
    }
    let out = '';
    // Output is gathered and written in pieces, so a long run does not call the terminal per line.
    const flush = () => {
      if (out) ctx.out(out);
      out = '';
    };
    const runtime = new AwkRuntime(
      prog,
      {
        readFile: (name) => readText(ctx, name),
        out: (t) => {
          out += t;
          if (out.length > 65536) flush();
        },
        err: (t) => {
          flush();
          ctx.err(t);
        },
        writeFile: (name, text, append) => {
          const path = fsResolve(ctx.shell.cwd, name);
          if (path === '/dev/null') return true;
          const st = fsStat(ctx.node.fs, path);
          if (st?.type === 'dir') return false;
          return !fsWrite(ctx.node.fs, path, text, ctx.world.now, append);
        },
        runCommand: async (cmd, stdin, capture) => {
          flush();
          let captured = '';
          // In a subshell, as sh -c would be: `exit` there must not end the terminal's shell.
          const line = `(${cmd}\n)`;
          const status = await ctx.run(stdin ? heredoc(line, stdin) : line, capture ? (t) => (captured += t) : ctx.out, ctx.err);
          return { status, output: captured };
        },
        env: ctx.shell.env,
      },
      ctx.stdin,
    );
    if (fs !== undefined) runtime.setVar('FS', fs);
    for (const [k, v] of assigns) runtime.setVar(k, v);
    try {
      const status = await runtime.run(operands);
      flush();
      return status;
    } catch (e) {
      flush();
      if (e instanceof AwkRuntimeError) {
        ctx.err(`awk: run time error: ${e.message}\n${runtime.where()}\n`);
        return 2;
      }
      if (e instanceof AwkFatal) return fail(ctx, e.message);
      if (e instanceof StepLimit) {
        // Stopped as if by Ctrl-C: an endless program must not hold the terminal.
        ctx.out('^C');
        return 130;
      }
      if (e instanceof RangeError) return fail(ctx, 'out of memory');
      throw e;
    }
  },
};

/** mawk checks calls to user functions after reading the whole program. */
function checkFunctions(prog: Program, source: string): void {
  const calls = JSON.stringify(prog).matchAll(/"k":"ucall","name":"([^"]+)"/g);
  const lines = source.split('\n').length + (source.endsWith('\n') ? 0 : 1);
  for (const m of calls) if (!prog.funcs[m[1]]) throw new AwkSyntaxError(lines, `function ${m[1]} never defined`);
}
