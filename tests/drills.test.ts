/**
 * Fault drills: a lab's `setup:` runs unseen before the student starts — the same seed gives every
 * student the same broken world, the setup's lines are in no terminal history, share log or
 * command check, and a share link of a drill replays on top of the same fault.
 */
import { describe, it, expect } from 'vitest';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { LabSession } from '../src/shell/lab-session';
import { labsLoadFromDir } from '../src/labs/load-node';
import { labLint } from '../src/labs/lint';

const labs = labsLoadFromDir(fileURLToPath(new URL('../labs', import.meta.url)));
const drills = labs.filter((l) => (parse(l.yaml) as { setup?: string[] }).setup?.length);

describe('fault drills', () => {
  it('ships at least three drills', () => {
    expect(drills.map((d) => d.id)).toEqual(expect.arrayContaining(['drill-bgp-port-blocked', 'drill-mtu', 'drill-default-deny']));
  });

  for (const lab of drills) {
    it(`${lab.id}: the same seed gives every student the same fault, unseen`, async () => {
      const a = LabSession.create({ lab: lab.id, labs, time: 'instant' });
      const b = LabSession.create({ lab: lab.id, labs, time: 'instant' });
      await Promise.all([a.ready, b.ready]);
      expect(a.world.snapshot()).toBe(b.world.snapshot());
      const fresh = LabSession.create({ scenario: 'installed', time: 'instant' });
      expect(a.world.snapshot()).not.toBe(fresh.world.snapshot());
      const t = a.openTerminal();
      expect(a.history(t)).toEqual([]);
      expect(a.shareState().events).toEqual([{ k: 'open', term: t, node: 'k8s-master01' }]);
    });
  }

  it('a share link of a drill replays on top of the same fault', async () => {
    const a = LabSession.create({ lab: 'drill-mtu', labs, time: 'instant' });
    const t = a.openTerminal();
    let out = '';
    await a.exec(t, 'ssh k8s-node01 ip link show eth0', (c) => (out += c.text));
    expect(out).toContain('mtu 1400');
    const b = await LabSession.replay(a.shareState(), { labs, time: 'instant' });
    expect(b.world.snapshot()).toBe(a.world.snapshot());
  });

  it('lint reports a setup command that does not parse', () => {
    const src = labs.find((l) => l.id === 'drill-mtu')!;
    const broken = { ...src, yaml: src.yaml.replace('- ssh k8s-node01 ip link set eth0 mtu 1400', "- \"echo 'unterminated\"") };
    const problems = labLint(broken, () => []);
    expect(problems.map((p) => p.message).join('\n')).toMatch(/setup command does not parse/);
  });
});
