/**
 * Golden transcripts: `# key: value` header lines, then `$ command` lines (continuation lines of a
 * multi-line command start with `> `), each followed by the expected terminal output and `[exit N]` when N != 0.
 */
import { LabSession } from '../src/shell/lab-session';
import { labsLoadFromDir } from '../src/labs/load-node';
import { fileURLToPath } from 'node:url';
import { parseIsIncomplete } from '../src/shell/parse/parser';

export interface Transcript {
  header: string[];
  options: { scenario?: string; nodes?: number; seed?: number; lab?: string };
  steps: { command: string[]; expected: string }[];
}

export function transcriptParse(text: string): Transcript {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const t: Transcript = { header: [], options: {}, steps: [] };
  let i = 0;
  for (; i < lines.length && lines[i].startsWith('#'); i++) {
    t.header.push(lines[i]);
    const m = /^#\s*(scenario|nodes|seed|lab):\s*(\S+)/.exec(lines[i]);
    if (m) (t.options as Record<string, string | number>)[m[1]] = m[1] === 'nodes' || m[1] === 'seed' ? Number(m[2]) : m[2];
  }
  let cur: { command: string[]; out: string[] } | null = null;
  const flush = () => cur && t.steps.push({ command: cur.command, expected: cur.out.length ? cur.out.join('\n') + '\n' : '' });
  for (; i < lines.length; i++) {
    const line = lines[i];
    if (line.startsWith('$ ') || line === '$') {
      flush();
      cur = { command: [line.slice(2)], out: [] };
    } else if (cur && cur.out.length === 0 && line.startsWith('> ') && continues(cur.command)) {
      cur.command.push(line.slice(2));
    } else if (cur) cur.out.push(line);
  }
  flush();
  return t;
}

/** A command continues while the shell would print PS2 for it (open heredoc, loop, quote, `|`). */
function continues(command: string[]): boolean {
  return parseIsIncomplete(command.join('\n'));
}

const labsDir = fileURLToPath(new URL('../labs', import.meta.url));

/** Run a transcript's commands and return the transcript as the emulator prints it now. */
export async function transcriptRun(t: Transcript): Promise<string> {
  const session = LabSession.create({ ...t.options, time: 'instant', labs: labsLoadFromDir(labsDir) });
  const term = session.openTerminal();
  let text = t.header.map((h) => h + '\n').join('');
  for (const step of t.steps) {
    let out = '';
    let status = 0;
    for (const line of step.command) {
      const r = await session.exec(term, line, (c) => (out += c.text));
      status = r.exitCode;
    }
    text += `$ ${step.command[0]}\n` + step.command.slice(1).map((l) => `> ${l}\n`).join('');
    text += out + (out && !out.endsWith('\n') ? '\n' : '') + (status !== 0 ? `[exit ${status}]\n` : '');
  }
  return text;
}
