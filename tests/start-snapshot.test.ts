/**
 * What the build computes ahead of the first `start` (prebuild.config.ts) must be what the
 * worker would have computed itself: each lab's parsed YAML, and the first lab's fresh session,
 * which the worker restores instead of creating. A restored world starts with empty caches
 * (tests/restore-caches.test.ts); here it goes through the whole first lab beside a created one.
 */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { LabSession } from '../src/shell/lab-session';
import { labSources } from '../src/worker/lab-sources';
import { startIsPrebuilt, startSnapshot } from '../src/worker/start-snapshot';
import { LabRuntime } from '../src/labs/runtime';

/** Runs a line in a realtime session, moving its clock a second at a time while it waits (sleep). */
async function run(session: LabSession, term: number, line: string): Promise<string> {
  let out = '';
  let done = false;
  const exec = session.exec(term, line, (c) => (out += c.text)).then(() => (done = true));
  for (let i = 0; !done && i < 1000; i++) {
    await new Promise((r) => setImmediate(r));
    if (!done) session.tick(1000);
  }
  await exec;
  return `$ ${line}\n${out}`;
}

describe('the build-time start', () => {
  const labs = labSources();

  it('has every bundled lab parsed as the worker would parse its YAML', () => {
    expect(labs.length).toBeGreaterThan(0);
    for (const src of labs) {
      expect(typeof src.specJson, src.id).toBe('string');
      expect(JSON.parse(src.specJson!), src.id).toEqual(parse(src.yaml));
      expect(LabRuntime.load(src).lab).toEqual(LabRuntime.load({ ...src, specJson: undefined }).lab);
    }
  });

  it('stands in only for the start with no options: the first lab, default seed and size', async () => {
    const prebuilt = await startSnapshot(labs);
    const first = labs[0].id;
    expect(prebuilt?.lab).toBe(first);
    expect(startIsPrebuilt(prebuilt, { lab: first })).toBe(true);
    expect(startIsPrebuilt(null, { lab: first })).toBe(false);
    expect(startIsPrebuilt(prebuilt, { lab: labs[1].id })).toBe(false);
    expect(startIsPrebuilt(prebuilt, { lab: undefined, scenario: 'default' })).toBe(false);
    expect(startIsPrebuilt(prebuilt, { lab: first, seed: 7 })).toBe(false);
    expect(startIsPrebuilt(prebuilt, { lab: first, nodes: 5 })).toBe(false);
    expect(startIsPrebuilt(prebuilt, { lab: first, mode: 'vxlan' })).toBe(false);
  });

  it('restores the session start would create, which then goes through the first lab alike', async () => {
    const prebuilt = await startSnapshot(labs);
    const created = LabSession.create({ lab: labs[0].id, time: 'realtime', labs });
    await created.ready;
    const restored = LabSession.restore(prebuilt!.snapshot, labs);
    expect(restored.snapshot()).toBe(created.snapshot());
    const steps = restored.lab!.lab.steps;
    const transcripts: string[] = [];
    for (const session of [created, restored]) {
      const term = session.openTerminal();
      let out = await run(session, term, 'kubectl get nodes');
      for (const step of steps) for (const line of step.solution ?? []) out += await run(session, term, line);
      out += await run(session, term, 'birdcl show protocols');
      out += await run(session, term, 'birdcl show route');
      transcripts.push(out);
    }
    expect(transcripts[0]).toContain('Established');
    expect(transcripts[1]).toBe(transcripts[0]);
    expect(restored.labView('en')).toEqual(created.labView('en'));
    expect(restored.labView('en')!.steps.every((s) => s.done)).toBe(true);
    // Everything else too but the event numbers (a restored loop renders once more; see restore-caches).
    const unsequenced = (s: LabSession) => s.snapshot().replace(/\\?"seq\\?":\d+/g, 'seq');
    expect(unsequenced(restored)).toBe(unsequenced(created));
  }, 300_000);
});
