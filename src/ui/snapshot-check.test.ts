import { describe, expect, it } from 'vitest';
import { LabSession } from '../shell/lab-session';
import { snapshotProblem } from './snapshot-check';

describe('snapshotProblem', () => {
  it('accepts a real snapshot with terminals', async () => {
    const s = LabSession.create({});
    const id = s.openTerminal();
    await s.exec(id, 'ssh k8s-node01', () => undefined);
    const snap = s.snapshot();
    expect(snapshotProblem(snap)).toBeNull();
    const back = LabSession.restore(snap);
    expect(back.terminalList()).toEqual([{ id, node: 'k8s-node01' }]);
    expect(back.history(id)).toEqual(['ssh k8s-node01']);
  });

  it('names what is wrong with a damaged one', () => {
    expect(snapshotProblem('{"world": "trunc')).toMatch(/not JSON/);
    expect(snapshotProblem('[]')).toBe('not an object');
    expect(snapshotProblem(JSON.stringify({ world: '{}', terminals: [], options: {} }))).toBe('the world has no nodes');
    const world = JSON.stringify({ nodes: [{}] });
    expect(snapshotProblem(JSON.stringify({ world, terminals: [{ id: 1, shell: {} }], options: {} }))).toMatch(/malformed shell/);
    expect(snapshotProblem(JSON.stringify({ world, terminals: [], options: {} }))).toBeNull();
  });
});

describe('closeTerminal', () => {
  it('drops the shell so a restore does not bring it back', () => {
    const s = LabSession.create({});
    const a = s.openTerminal();
    const b = s.openTerminal('k8s-node02');
    s.closeTerminal(a);
    expect(LabSession.restore(s.snapshot()).terminalList()).toEqual([{ id: b, node: 'k8s-node02' }]);
  });
});
