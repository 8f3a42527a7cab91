/**
 * What `ssh NODE 'LINE'` runs on the node: sshd hands the line to the user's shell as
 * `bash -c LINE`, a new, non-interactive bash. It reads the text a command at a time (the lines
 * before a syntax error have run), and names its errors by line: `bash: line 1: x: command not
 * found` for what goes wrong while running, `bash: -c: line 1: syntax error …` (and the offending
 * line again) for what it cannot parse. Checked against bash 5.2 (tests/ssh-remote-oracle.test.ts).
 */
import { parse, ParseError } from './parse/parser';

type Write = (t: string) => void;

/** The environment sshd gives a root login without a terminal (bash itself sets TERM=dumb then). */
export const REMOTE_ENV: Readonly<Record<string, string>> = { HOME: '/root', USER: 'root', LOGNAME: 'root', SHELL: '/bin/bash', PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', PWD: '/root', LANG: 'C.UTF-8', TERM: 'dumb' };

/**
 * Run `text` as `bash -c` does, one complete command (or compound command) at a time; `run`
 * executes a parsed-complete piece in the remote shell. Returns the last status.
 */
export async function bashDashC(text: string, out: Write, err: Write, run: (piece: string, out: Write, err: Write) => Promise<number>, inFunction: () => boolean = () => false): Promise<number> {
  const lines = text.split('\n');
  // Lines bash counts: a last line without a newline is one.
  const count = text.endsWith('\n') ? lines.length - 1 : lines.length;
  let status = 0;
  let i = 0;
  while (i < count) {
    let j = i;
    let piece = lines[i];
    for (;;) {
      const problem = parseProblem(piece);
      if (!problem) break;
      if (problem.incomplete && j + 1 < count) {
        piece += '\n' + lines[++j];
        continue;
      }
      const heredoc = /^here-document delimited by end-of-file \(wanted `(.*)'\)$/.exec(problem.message);
      if (heredoc) {
        // bash warns and runs the command with what the here-document got.
        err(`bash: line ${j + 1}: warning: here-document at line ${i + 1} delimited by end-of-file (wanted \`${heredoc[1]}')\n`);
        piece += '\n' + heredoc[1];
        break;
      }
      // A construct left open: bash meets the end of the text after the last line; an open quote
      // is reported where it started (the first line of the piece).
      const at = !problem.incomplete ? j + 1 : /matching `["'`}]'$/.test(problem.message) ? i + 1 : count + 1;
      err(`bash: -c: line ${at}: ${problem.message}\n`);
      if (problem.message.startsWith('syntax error near unexpected token')) err(`bash: -c: line ${at}: \`${lines[j]}'\n`);
      return 2;
    }
    status = await run(piece, out, lineNamed(err, i + 1, inFunction));
    i = j + 1;
  }
  return status;
}

function parseProblem(piece: string): ParseError | null {
  try {
    parse(piece);
    return null;
  } catch (e) {
    if (e instanceof ParseError) return e;
    throw e;
  }
}

/**
 * bash's own errors (`bash: …`) name the line of the text they come from; inside a function
 * defined in that text, bash -c names the function's source `environment`.
 */
function lineNamed(err: Write, line: number, inFunction: () => boolean): Write {
  let atStart = true;
  return (t) => {
    let text = '';
    for (const part of t.split(/(?<=\n)/)) {
      text += atStart && part.startsWith('bash: ') && !/^bash: (line \d+|-c): /.test(part) ? `${inFunction() ? 'environment' : 'bash'}: line ${line}: ${part.slice(6)}` : part;
      atStart = part.endsWith('\n');
    }
    err(text);
  };
}
