/**
 * Every write of a command is a message from the worker to the page: the text filters write
 * their output once (per run of standard output between error lines), not once per line.
 */
import { expect, it } from 'vitest';
import { LabSession } from '../src/shell/lab-session';

it('grep, cut and uniq write once, and an error line still comes between the files it separates', async () => {
  const s = LabSession.create({ scenario: 'installed', nodes: 2 });
  const t = s.openTerminal();
  await s.exec(t, 'seq 1 300 > /tmp/a; seq 1 300 > /tmp/b', () => undefined);
  const writes = async (line: string) => {
    const chunks: { stream: string; text: string }[] = [];
    await s.exec(t, line, (c) => chunks.push(c));
    return chunks;
  };
  for (const line of ['grep 1 /tmp/a', 'cut -c1 /tmp/a', 'sort /tmp/a | uniq -c', 'ip r | grep -v zzz']) {
    const chunks = await writes(line);
    expect(chunks.length, line).toBe(1);
  }
  const mixed = await writes('grep -H 12 /tmp/a /tmp/missing /tmp/b');
  expect(mixed.map((c) => c.stream)).toEqual(['stdout', 'stderr', 'stdout']);
  expect(mixed[0].text.split('\n').filter(Boolean).every((l) => l.startsWith('/tmp/a:'))).toBe(true);
  expect(mixed[1].text).toBe('grep: /tmp/missing: No such file or directory\n');
  expect(mixed[2].text.split('\n').filter(Boolean).every((l) => l.startsWith('/tmp/b:'))).toBe(true);
});
