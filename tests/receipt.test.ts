/**
 * Completion receipts: a code names the lab or pack, its content digest, the checks and the time;
 * any changed character is noticed; a pack's receipt needs every lab's complete receipt.
 */
import { describe, it, expect } from 'vitest';
import { fileURLToPath } from 'node:url';
import { labsLoadFromDir } from '../src/labs/load-node';
import {
  contentDigest,
  labDigest,
  packReceipt,
  receiptDecode,
  receiptEncode,
  RECEIPT_MAX_CHARS,
  type Receipt,
} from '../src/labs/receipt';

const labs = labsLoadFromDir(fileURLToPath(new URL('../labs', import.meta.url)));
const routes = labs.find((l) => l.id === 'read-routes')!;
const at = Date.UTC(2026, 10, 26, 9, 30, 0);
const lab: Receipt = { kind: 'lab', id: 'read-routes', digest: labDigest(routes), passed: 7, total: 7, time: at };

describe('completion receipts', () => {
  it('reads back what it encodes, in a form a trainer can read without the app', () => {
    const code = receiptEncode(lab);
    expect(code).toMatch(/^cl1\.lab\.read-routes\.[0-9a-f]{8}\.7-7\.[0-9a-z]+\.[0-9a-f]{16}$/);
    expect(receiptDecode(code)).toEqual({ ok: true, receipt: lab });
    // Pasted from a wrapped e-mail line: whitespace does not matter.
    expect(receiptDecode(`  ${code.slice(0, 20)}\n ${code.slice(20)} `)).toEqual({ ok: true, receipt: lab });
  });

  it('keeps the time to the second', () => {
    const r = receiptDecode(receiptEncode({ ...lab, time: at + 999 }));
    expect(r.ok && r.receipt.time).toBe(at);
  });

  it('notices any single changed character (a typo or an edit)', () => {
    const code = receiptEncode(lab);
    const alphabet = '0123456789abcdefghijklmnopqrstuvwxyz.-';
    for (let i = 0; i < code.length; i++) {
      for (const c of alphabet) {
        if (c === code[i]) continue;
        const edited = code.slice(0, i) + c + code.slice(i + 1);
        expect(receiptDecode(edited).ok, edited).toBe(false);
      }
    }
  });

  it('refuses an edited field with the reason, even when the field itself is well-formed', () => {
    const code = receiptEncode({ ...lab, passed: 5 });
    const r = receiptDecode(code.replace('.5-7.', '.7-7.'));
    expect(r).toEqual({ ok: false, error: 'the code does not match its contents: a typo, or an edited field' });
  });

  it('answers bad input with a message, never an exception', () => {
    const cases: [unknown, RegExp][] = [
      [undefined, /not a receipt code/],
      ['', /empty/],
      ['hello', /not a receipt code/],
      ['cl9.lab.x.00000000.1-1.0.0000000000000000', /unknown receipt version "cl9"/],
      ['cl1.lab.x', /7 parts/],
      ['cl1.exam.x.00000000.1-1.0.0000000000000000', /neither lab nor pack/],
      ['cl1.lab.X_Y.00000000.1-1.0.0000000000000000', /id is malformed/],
      ['cl1.lab.x.0000000g.1-1.0.0000000000000000', /digest is malformed/],
      ['cl1.lab.x.00000000.8-7.0.0000000000000000', /checks part/],
      ['cl1.lab.x.00000000.1-0.0.0000000000000000', /checks part/],
      ['cl1.lab.x.00000000.1-1.!.0000000000000000', /time is malformed/],
      ['cl1.lab.x.00000000.1-1.0.00', /check code at the end/],
      ['cl1.' + 'a'.repeat(RECEIPT_MAX_CHARS), /too long/],
      ['x'.repeat(10_000_000), /too long/],
    ];
    for (const [input, message] of cases) {
      const r = receiptDecode(input);
      expect(r.ok, String(input).slice(0, 60)).toBe(false);
      if (!r.ok) expect(r.error, String(input).slice(0, 60)).toMatch(message);
    }
  });

  it('refuses to encode fields no receipt can have', () => {
    expect(() => receiptEncode({ ...lab, id: 'Not An Id' })).toThrow();
    expect(() => receiptEncode({ ...lab, passed: 8 })).toThrow();
    expect(() => receiptEncode({ ...lab, digest: 'xyz' })).toThrow();
  });

  it('digests a lab over its yaml and both texts: a changed text is another version', () => {
    expect(labDigest(routes)).toMatch(/^[0-9a-f]{8}$/);
    expect(labDigest({ ...routes, texts: { ...routes.texts, 'zh-CN': routes.texts['zh-CN'] + ' ' } })).not.toBe(labDigest(routes));
    expect(contentDigest('abc')).toBe('ba7816bf'); // SHA-256("abc"), FIPS 180-2's example
  });

  it('gives a pack receipt only when every lab of the pack has a complete receipt of its current version', () => {
    const digests = Object.fromEntries(labs.map((l) => [l.id, labDigest(l)]));
    const pack = { id: 'workshop', digest: contentDigest('pack: workshop'), labs: ['read-routes', 'drill-mtu'] };
    const mtu: Receipt = { kind: 'lab', id: 'drill-mtu', digest: digests['drill-mtu'], passed: 3, total: 3, time: at + 60_000 };
    expect(packReceipt(pack, [lab], digests)).toEqual({ ok: false, missing: ['drill-mtu'] });
    expect(packReceipt(pack, [lab, { ...mtu, passed: 2 }], digests)).toEqual({ ok: false, missing: ['drill-mtu'] });
    expect(packReceipt(pack, [lab, { ...mtu, digest: '00000000' }], digests)).toEqual({ ok: false, missing: ['drill-mtu'] });
    const r = packReceipt(pack, [mtu, lab], digests);
    expect(r).toEqual({ ok: true, receipt: { kind: 'pack', id: 'workshop', digest: pack.digest, passed: 10, total: 10, time: at + 60_000 } });
    if (r.ok) expect(receiptDecode(receiptEncode(r.receipt))).toEqual({ ok: true, receipt: r.receipt });
  });
});
