/**
 * Completion receipts on the worker's side: it holds the lab sources and the loaded pack, so it
 * issues the receipt of the lab in progress, the pack's receipt from its labs' receipts, and says
 * whether a pasted receipt's content matches the lab or pack this app has (src/labs/receipt.ts).
 */
import type { LabSession } from '../shell/lab-session';
import { LabRuntime } from '../labs/runtime';
import { localised } from '../labs/runtime';
import type { LabSource, Locale } from '../labs/types';
import type { PackView } from '../labs/pack';
import { labDigest, packReceipt, receiptDecode, receiptEncode, type Receipt } from '../labs/receipt';
import type { PackReceiptAnswer, ReceiptCheck } from './protocol';

export interface LoadedPack {
  view: PackView;
  /** `contentDigest` of the pack file as loaded. */
  digest: string;
}

/** The lab in progress as a receipt once every one of its checks has passed; else null. */
export function labReceiptOf(session: LabSession, sources: LabSource[], time: number): string | null {
  const view = session.lab?.view('en');
  const source = view && sources.find((s) => s.id === view.id);
  if (!view?.done || !source) return null;
  const checks = view.steps.flatMap((s) => s.checks);
  if (checks.length === 0) return null;
  const passed = checks.filter((c) => c.passed).length;
  return receiptEncode({ kind: 'lab', id: view.id, digest: labDigest(source), passed, total: checks.length, time });
}

/** The pack's receipt from the lab receipts the student holds (invalid ones are ignored). */
export function packReceiptOf(pack: LoadedPack | null, labCodes: string[], sources: LabSource[]): PackReceiptAnswer {
  if (!pack) return { missing: [] };
  const receipts: Receipt[] = [];
  for (const c of labCodes) {
    const r = receiptDecode(c);
    if (r.ok) receipts.push(r.receipt);
  }
  const digests = Object.fromEntries(sources.map((s) => [s.id, labDigest(s)]));
  const r = packReceipt({ id: pack.view.id, digest: pack.digest, labs: pack.view.labs.map((l) => l.lab) }, receipts, digests);
  return r.ok ? { code: receiptEncode(r.receipt) } : { missing: r.missing };
}

/** A pasted receipt: valid or why not, what it names (titled in `locale`) and whether its content is the one here. */
export function receiptVerify(code: string, sources: LabSource[], pack: LoadedPack | null, locale: Locale): ReceiptCheck {
  const r = receiptDecode(code);
  if (!r.ok) return { ok: false, error: r.error };
  const { kind, id, time, passed, total, digest } = r.receipt;
  const base = { ok: true, kind, id, time, passed, total };
  if (kind === 'pack') {
    if (pack?.view.id !== id) return { ...base, title: id, content: 'unknown' };
    return { ...base, title: localised(pack.view.title, locale), content: pack.digest === digest ? 'same' : 'changed' };
  }
  const source = sources.find((s) => s.id === id);
  if (!source) return { ...base, title: id, content: 'unknown' };
  let title = id;
  try {
    title = LabRuntime.load(source).view(locale).title;
  } catch {
    /* a malformed lab still has its id */
  }
  return { ...base, title, content: labDigest(source) === digest ? 'same' : 'changed' };
}
