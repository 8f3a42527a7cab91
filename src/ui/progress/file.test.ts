/** The progress file: what is exported reads back; anything else is refused with a message. */
import { describe, it, expect } from 'vitest';
import { progressFileMake, progressFileRead, PROGRESS_MAX_BYTES } from './file';
import { receiptDecode, receiptEncode } from '../../labs/receipt';

const snapshot = JSON.stringify({
  world: JSON.stringify({ nodes: [{ name: 'k8s-master01' }] }),
  terminals: [{ id: 1, shell: { history: ['kubectl get nodes'], nodeStack: [], cwd: '/root' } }],
  lab: null,
  options: {},
});
const receipt = receiptEncode({ kind: 'lab', id: 'read-routes', digest: '0123abcd', passed: 7, total: 7, time: Date.UTC(2026, 10, 26) });
const stored = {
  'calico-lab.session.lab:read-routes': snapshot,
  'calico-lab.session.sandbox@6': snapshot,
  'calico-lab.session.shared:lab:read-routes': snapshot, // someone else's session: not exported
  'calico-lab.receipt.lab:read-routes': receipt,
};

describe('progress file', () => {
  it('exports the student own sessions and receipts, and reads them back', async () => {
    const text = progressFileMake(stored, new Date(Date.UTC(2026, 10, 26, 6)));
    const file = JSON.parse(text);
    expect(file.format).toBe('calico-lab-progress');
    expect(file.exported).toBe('2026-11-26T06:00:00.000Z');
    expect(Object.keys(file.sessions)).toEqual(['lab:read-routes', 'sandbox@6']);
    expect(file.receipts).toEqual([receipt]);
    const r = await progressFileRead(text, receiptDecode);
    expect(r).toEqual({
      ok: true,
      sessions: 2,
      receipts: 1,
      entries: {
        'calico-lab.session.lab:read-routes': snapshot,
        'calico-lab.session.sandbox@6': snapshot,
        'calico-lab.receipt.lab:read-routes': receipt,
      },
    });
  });

  it('refuses what is not a progress file, with the reason', async () => {
    const good = JSON.parse(progressFileMake(stored, new Date(0)));
    const with_ = (patch: object) => JSON.stringify({ ...good, ...patch });
    const cases: [unknown, RegExp][] = [
      ['', /empty/],
      [42, /empty/],
      ['{', /not JSON/],
      ['[]', /no "format"/],
      [JSON.stringify({ format: 'calico-lab-share' }), /no "format"/],
      [with_({ version: 2 }), /version 2/],
      [with_({ script: 'alert(1)' }), /unknown field "script"/],
      [with_({ exported: 3 }), /exported/],
      [with_({ sessions: [] }), /sessions/],
      [with_({ receipts: {} }), /receipts/],
      [with_({ sessions: { '../../etc': snapshot } }), /not a saved lab's name/],
      [with_({ sessions: { 'shared:lab:x': snapshot } }), /not a saved lab's name/],
      [with_({ sessions: { 'lab:x': 7 } }), /lab:x is not a saved session/],
      [with_({ sessions: { 'lab:x': '{"world":"{}"}' } }), /lab:x is not a saved session: the world has no nodes/],
      [with_({ receipts: ['cl1.lab.x.00000000.1-1.0.0000000000000000'] }), /receipt 1: the code does not match/],
      [with_({ receipts: [receipt.replace('7-7', '9-9')] }), /receipt 1/],
      [with_({ sessions: Object.fromEntries(Array.from({ length: 201 }, (_, i) => [`lab:l${i}`, snapshot])) }), /at most 200/],
      ['x'.repeat(PROGRESS_MAX_BYTES + 1), /too large/],
    ];
    for (const [text, message] of cases) {
      const r = await progressFileRead(text, receiptDecode);
      expect(r.ok, String(text).slice(0, 80)).toBe(false);
      if (!r.ok) expect(r.error, String(text).slice(0, 80)).toMatch(message);
    }
  });

  it('never throws on mutated files', async () => {
    const text = progressFileMake(stored, new Date(0));
    let seed = 7;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    for (let i = 0; i < 500; i++) {
      const at = rnd(text.length);
      const mutated = text.slice(0, at) + String.fromCharCode(32 + rnd(95)) + text.slice(at + 1 + rnd(3));
      await expect(progressFileRead(mutated, receiptDecode)).resolves.toHaveProperty('ok');
    }
  });
});
