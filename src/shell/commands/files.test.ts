import { describe, it, expect } from 'vitest';
import { labShell } from './text/test-session';
import { lsColumns } from './text/ls';
import { chmodApply } from './text/fileops';

describe('file commands', () => {
  it('lays ls output out in columns like GNU ls on an 80-column terminal', () => {
    const names = Array.from({ length: 12 }, (_, i) => `file-number-${i}`);
    const out = lsColumns(names);
    expect(out.split('\n')[0]).toBe('file-number-0  file-number-3  file-number-6  file-number-9');
  });

  it('applies symbolic and octal chmod modes', () => {
    expect(chmodApply(0o644, '+x')).toBe(0o755);
    expect(chmodApply(0o644, 'u+x')).toBe(0o744);
    expect(chmodApply(0o755, 'go-rx')).toBe(0o700);
    expect(chmodApply(0o644, '+w')).toBe(0o644);
    expect(chmodApply(0o644, '755')).toBe(0o755);
    expect(chmodApply(0o644, 'q')).toBeNull();
  });

  it('prints ls -l dates from the simulated clock', async () => {
    const sh = await labShell();
    await sh.run('touch a');
    expect((await sh.run('ls -l a')).out).toMatch(/^-rw-r--r-- 1 root root 0 [A-Z][a-z]{2} [ \d]\d \d\d:\d\d a\n$/);
  });

  it('pads wc counts to the width of the total size, except for a single count', async () => {
    const sh = await labShell();
    await sh.run("printf 'one two\\nthree\\n' > f");
    expect((await sh.run('wc f')).out).toBe(' 2  3 14 f\n');
    expect((await sh.run('wc -l f')).out).toBe('2 f\n');
    expect((await sh.run('wc -l f f')).out).toBe(' 2 f\n 2 f\n 4 total\n');
    expect((await sh.run('cat f | wc')).out).toBe('      2       3      14\n');
  });

  it('returns grep status 1 on no match and 2 on a missing file', async () => {
    const sh = await labShell();
    await sh.run('echo calico > f');
    expect((await sh.run('grep flannel f')).status).toBe(1);
    expect((await sh.run('grep calico f nope')).status).toBe(2);
    expect((await sh.run('grep -q calico f nope')).status).toBe(0);
  });

  it('opens the editor on a file with vim, and an empty buffer without one', async () => {
    const sh = await labShell();
    await sh.run('echo hi > notes.txt');
    expect((await sh.run('vim notes.txt')).edit).toEqual({ path: '/root/notes.txt', content: 'hi\n' });
    expect((await sh.run('nano fresh.yaml')).edit).toEqual({ path: '/root/fresh.yaml', content: '' });
    expect((await sh.run('vi')).edit).toEqual({ path: '', content: '' });
  });

  it('handles tail -n +N, head -n -N and -c', async () => {
    const sh = await labShell();
    await sh.run("printf '1\\n2\\n3\\n4\\n' > f");
    expect((await sh.run('tail -n +3 f')).out).toBe('3\n4\n');
    expect((await sh.run('head -n -3 f')).out).toBe('1\n');
    expect((await sh.run('head -c 3 f')).out).toBe('1\n2');
  });
});
