import { describe, it, expect } from 'vitest';
import { LabSession } from '../lab-session';

describe('watch', () => {
  it('re-runs the command every interval under a title, until interrupted', async () => {
    const s = LabSession.create({ time: 'instant', waitLimitMs: 9_000 });
    const t = s.openTerminal();
    let out = '';
    const r = await s.exec(t, 'watch -n 2 hostname', (c) => (out += c.text));
    const screens = out.split('\x1b[H\x1b[2J').filter(Boolean);
    expect(screens.length).toBe(5);
    expect(screens[0]).toMatch(/^Every 2\.0s: hostname {2,}k8s-master01: Mon May {2}6 05:58:00 2024\n\nk8s-master01\n$/);
    expect(screens[0].split('\n')[0]).toHaveLength(80);
    expect(out).toContain('^C');
    expect(r.exitCode).toBe(0);
  });

  it('answers a bad interval and a missing command like procps', async () => {
    const s = LabSession.create({ time: 'instant' });
    const t = s.openTerminal();
    let out = '';
    expect((await s.exec(t, 'watch -n abc ls', (c) => (out += c.text))).exitCode).toBe(1);
    expect(out).toBe("watch: failed to parse argument: 'abc'\n");
    out = '';
    expect((await s.exec(t, 'watch', (c) => (out += c.text))).exitCode).toBe(1);
    expect(out.startsWith('Usage:\n watch [options] command\n')).toBe(true);
  });

  it('-g exits when the output changes', async () => {
    const s = LabSession.create({ time: 'instant' });
    const t = s.openTerminal();
    await s.exec(t, 'echo 1 > n', () => {});
    await s.exec(t, 'sleep 5 && echo 2 > n &', () => {});
    let out = '';
    const r = await s.exec(t, 'watch -g -n 1 cat n', (c) => (out += c.text));
    expect(r.exitCode).toBe(0);
    expect(out).toContain('\n\n2\n');
  });
});
