/**
 * The harness of the oracle tests (bash, awk, the GNU text tools): the same lines typed into our
 * terminal and run by the real programs on this machine, whose stdout, stderr and exit status
 * must agree.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LabSession } from '../../src/shell/lab-session';

export interface Answer {
  out: string;
  err: string;
  status: number;
}

/**
 * Our terminal: each case's lines typed one by one into a new terminal (a fresh shell) of one
 * shared session, after `setup` if given; `prompts` says whether each line left the `> `
 * continuation prompt (`> `) or ended the command (`$ `).
 */
export function ourTerminal(setup?: string): (lines: string[]) => Promise<Answer & { prompts: string[] }> {
  let shared: LabSession | null = null;
  return async (lines) => {
    shared ??= LabSession.create({ time: 'instant' });
    const session = shared;
    const term = session.openTerminal();
    if (setup) await session.exec(term, setup, () => {});
    let out = '';
    let err = '';
    let status = 0;
    const prompts: string[] = [];
    for (const line of lines) {
      const r = await session.exec(term, line, (c) => (c.stream === 'stdout' ? (out += c.text) : (err += c.text)));
      prompts.push(r.prompt === '> ' ? '> ' : '$ ');
      status = r.exitCode;
    }
    session.closeTerminal(term);
    return { out, err, status, prompts };
  };
}

/**
 * `bash -c` names its errors `bash: -c: line N: …` and repeats the offending line; an interactive
 * shell, which our terminal is, says `bash: …` only: the oracle's answer in the terminal's form.
 * An unknown name is answered by Ubuntu's command-not-found on the lab's nodes (`NAME: command
 * not found` for names it knows nothing of), which this machine's bash does not have.
 */
export function interactiveBashErrors(err: string): string {
  return err
    .split('\n')
    .filter((l) => !/^bash: -c: line \d+: `/.test(l))
    .map((l) => l.replace(/^(bash: (-c: )?|environment: )line \d+: /, 'bash: ').replace(/^bash: ([^/:]+): command not found$/, '$1: command not found'))
    .join('\n');
}

/**
 * The real programs' answers for all cases, from one bash process (spawning one per case from
 * the test worker costs a second each on a busy machine), computed on first use. `files` are
 * written first (the same paths our terminal's `setup` writes on the node).
 */
export function realAnswers(cases: string[], opts: { name: string; bash?: string; stdinNull?: boolean; files?: Record<string, string>; errors?: (err: string) => string; lcAll?: string }): () => Answer[] {
  let answers: Answer[] | null = null;
  return () => {
    if (answers) return answers;
    const cwd = mkdtempSync(join(tmpdir(), `calico-lab-${opts.name}-`));
    for (const [path, text] of Object.entries(opts.files ?? {})) writeFileSync(path, text);
    cases.forEach((text, i) => writeFileSync(join(cwd, `case${i}.sh`), text));
    const stdin = opts.stdinNull ? ' </dev/null' : '';
    const driver = `for i in $(seq 0 ${cases.length - 1}); do ${opts.bash ?? 'bash'} -c "$(cat case$i.sh)" >out$i 2>err$i${stdin}; echo $? >status$i; done`;
    spawnSync('bash', ['-c', driver], { cwd, env: { PATH: process.env.PATH, HOME: '/root', LANG: 'C.UTF-8', ...(opts.lcAll ? { LC_ALL: opts.lcAll } : {}) } });
    const errors = opts.errors ?? ((e: string) => e);
    answers = cases.map((_, i) => ({
      out: readFileSync(join(cwd, `out${i}`), 'utf8'),
      err: errors(readFileSync(join(cwd, `err${i}`), 'utf8')),
      status: Number(readFileSync(join(cwd, `status${i}`), 'utf8')),
    }));
    return answers;
  };
}
