/** Each lab step's start state: kept the first time, listed, forgotten after a step or lab reset; the notice line. */
import { describe, it, expect } from 'vitest';
import { StepStarts, screenWithNotice, slotIsLab, stepStartKey } from './step-starts';
import type { StepStartStorage } from './step-starts';

const SLOT = 'calico-lab.session.lab:pure-bgp-crosssubnet';

function memoryStorage(): StepStartStorage & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return {
    map,
    get: async (k) => map.get(k) ?? null,
    put: async (k, v) => void map.set(k, v),
    delete: async (k) => void map.delete(k),
    keys: async (prefix) => [...map.keys()].filter((k) => k.startsWith(prefix)).sort(),
  };
}

describe('step starts', () => {
  it('keeps the first start of a step and reads it back', async () => {
    const starts = new StepStarts(memoryStorage());
    expect(await starts.keep(SLOT, 'never', async () => ({ snapshot: '{"first":1}', screens: [], active: 1 }))).toBe(true);
    expect(await starts.keep(SLOT, 'never', async () => ({ snapshot: '{"second":1}', screens: [], active: 1 }))).toBe(false);
    expect(await starts.get(SLOT, 'never')).toEqual({ snapshot: '{"first":1}', screens: [], active: 1 });
    expect(await starts.get(SLOT, 'routes')).toBeNull();
  });

  it('forgets later steps when a step is reset, and every step on a lab reset', async () => {
    const storage = memoryStorage();
    const starts = new StepStarts(storage);
    const ids = ['a', 'b', 'c'];
    for (const id of ids) await starts.keep(SLOT, id, async () => ({ snapshot: `{"at":"${id}"}`, screens: [], active: null }));
    await starts.keep(SLOT, 'gone', async () => ({ snapshot: '{}', screens: [], active: null })); // a step the lab no longer has
    await starts.keep('calico-lab.session.lab:other', 'a', async () => ({ snapshot: '{}', screens: [], active: null }));
    expect([...(await starts.saved(SLOT, ids))]).toEqual(['a', 'b', 'c']);
    await starts.forget(SLOT, ids, 'a');
    expect([...(await starts.saved(SLOT, ids))]).toEqual(['a']);
    expect(storage.map.has(stepStartKey(SLOT, 'gone'))).toBe(false);
    await starts.forget(SLOT, ids);
    expect([...storage.map.keys()]).toEqual(['calico-lab.step-start.lab:other#a']);
  });

  it('keys, slots and the notice line', () => {
    expect(stepStartKey(SLOT, 'never')).toBe('calico-lab.step-start.lab:pure-bgp-crosssubnet#never');
    expect(slotIsLab(SLOT, 'pure-bgp-crosssubnet')).toBe(true);
    expect(slotIsLab('calico-lab.session.shared:lab:read-routes', 'read-routes')).toBe(true);
    expect(slotIsLab('calico-lab.session.lab:read-routes', 'pure-bgp-crosssubnet')).toBe(false);
    const screen = { lines: ['$ ip r'], blocks: [], historyLength: 1, lastCommand: 'ip r' };
    expect(screenWithNotice(screen, '[reset]', ['ip r'])).toEqual({ ...screen, lines: ['$ ip r', '[reset]'] });
    // A screen taken a command later than the snapshot does not belong to the restored shell.
    expect(screenWithNotice(screen, '[reset]', [])).toEqual({ lines: ['[reset]'], blocks: [], historyLength: 0, lastCommand: '' });
    expect(screenWithNotice(undefined, '[reset]', ['ls', 'ip r'])).toEqual({ lines: ['[reset]'], blocks: [], historyLength: 2, lastCommand: 'ip r' });
  });
});
