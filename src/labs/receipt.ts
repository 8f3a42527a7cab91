/**
 * Completion receipts: a short code a student can show for a finished lab or workshop pack. It
 * names what was completed (lab or pack id and a digest of its content), how many checks passed
 * out of how many, and when; a keyed hash (HMAC-SHA-256, truncated) makes the app notice a typo
 * or a hand-edited field.
 *
 * What it does not prove: the key ships with the app (this is a static site with no server), so
 * a determined student who reads the source can mint a code. A receipt is a tamper-evident note,
 * not a certificate. The UI and README say so.
 *
 * Format (readable on purpose, so a trainer can read it without the app):
 *   cl1.<kind>.<id>.<digest>.<passed>-<total>.<time>.<mac>
 * kind `lab` or `pack`; digest 8 hex digits of SHA-256 of the content; time in whole seconds
 * since 1970, base 36; mac 16 hex digits of HMAC-SHA-256 over everything before it.
 */
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import type { LabSource } from './types';
import { LOCALES } from './types';

export type ReceiptKind = 'lab' | 'pack';

export interface Receipt {
  kind: ReceiptKind;
  /** The lab's or the pack's id. */
  id: string;
  /** 8 hex digits of the SHA-256 of the lab's files or the pack file (`contentDigest`). */
  digest: string;
  passed: number;
  total: number;
  /** Completion time, ms since 1970 (kept to the second). */
  time: number;
}

export type ReceiptRead = { ok: true; receipt: Receipt } | { ok: false; error: string };

const VERSION = 'cl1';
/** Shipped with the app: it catches typos and casual edits, not a forger who reads this file. */
const KEY = utf8ToBytes('calico-lab receipt key v1: tamper-evident, not a secret');
const ID = /^[a-z0-9-]{1,63}$/;
const DIGEST = /^[0-9a-f]{8}$/;
const MAC_HEX = 16;
/** Longer than any valid code: pasted text beyond this is refused unread. */
export const RECEIPT_MAX_CHARS = 200;

/** 8 hex digits of SHA-256: enough to tell two versions of a lab or pack apart. */
export function contentDigest(text: string): string {
  return bytesToHex(sha256(utf8ToBytes(text))).slice(0, 8);
}

/** A lab's digest covers lab.yaml and every locale's text, in a fixed order. */
export function labDigest(source: LabSource): string {
  return contentDigest([source.yaml, ...LOCALES.map((l) => source.texts[l] ?? '')].join('\u0000'));
}

function mac(body: string): string {
  return bytesToHex(hmac(sha256, KEY, utf8ToBytes(body))).slice(0, MAC_HEX);
}

function body(r: Receipt): string {
  return [VERSION, r.kind, r.id, r.digest, `${r.passed}-${r.total}`, Math.floor(r.time / 1000).toString(36)].join('.');
}

/** The code for a receipt; throws on fields no valid receipt has (a programming error). */
export function receiptEncode(r: Receipt): string {
  if (r.kind !== 'lab' && r.kind !== 'pack') throw new Error(`receipt kind ${String(r.kind)}`);
  if (!ID.test(r.id)) throw new Error(`receipt id ${r.id}`);
  if (!DIGEST.test(r.digest)) throw new Error(`receipt digest ${r.digest}`);
  if (!Number.isInteger(r.passed) || !Number.isInteger(r.total) || r.passed < 0 || r.total < 1 || r.passed > r.total || r.total > 9999) {
    throw new Error(`receipt checks ${r.passed}/${r.total}`);
  }
  if (!Number.isFinite(r.time) || r.time < 0) throw new Error(`receipt time ${r.time}`);
  const b = body(r);
  return `${b}.${mac(b)}`;
}

/**
 * Reads a pasted code. Whitespace around it (and inside it, from a wrapped line) is ignored;
 * anything else wrong is a message, never an exception.
 */
export function receiptDecode(input: unknown): ReceiptRead {
  const fail = (error: string): ReceiptRead => ({ ok: false, error });
  if (typeof input !== 'string') return fail('not a receipt code');
  if (input.length > RECEIPT_MAX_CHARS * 2) return fail('too long to be a receipt code');
  const code = input.replace(/\s+/g, '');
  if (code === '') return fail('empty');
  if (code.length > RECEIPT_MAX_CHARS) return fail('too long to be a receipt code');
  const parts = code.split('.');
  if (parts[0] !== VERSION) return fail(parts[0]?.startsWith('cl') ? `unknown receipt version "${parts[0].slice(0, 8)}"` : 'not a receipt code (it starts with cl1.)');
  if (parts.length !== 7) return fail(`a receipt code has 7 parts separated by dots; this one has ${parts.length}`);
  const [, kind, id, digest, checks, time36, given] = parts as [string, string, string, string, string, string, string];
  if (kind !== 'lab' && kind !== 'pack') return fail(`"${kind.slice(0, 10)}" is neither lab nor pack`);
  if (!ID.test(id)) return fail('the id is malformed');
  if (!DIGEST.test(digest)) return fail('the content digest is malformed');
  const m = /^(\d{1,4})-(\d{1,4})$/.exec(checks);
  if (!m) return fail('the checks part is malformed (passed-total)');
  const passed = Number(m[1]);
  const total = Number(m[2]);
  if (total < 1 || passed > total) return fail('the checks part is malformed (passed-total)');
  if (!/^[0-9a-z]{1,10}$/.test(time36)) return fail('the time is malformed');
  const seconds = parseInt(time36, 36);
  if (!Number.isSafeInteger(seconds)) return fail('the time is malformed');
  if (!/^[0-9a-f]{16}$/.test(given)) return fail('the check code at the end is malformed');
  const receipt: Receipt = { kind, id, digest, passed, total, time: seconds * 1000 };
  if (mac(body(receipt)) !== given) return fail('the code does not match its contents: a typo, or an edited field');
  return { ok: true, receipt };
}

/** Whether a receipt says every check passed. */
export const receiptComplete = (r: Receipt): boolean => r.passed === r.total;

export interface PackForReceipt {
  id: string;
  /** `contentDigest` of the pack file. */
  digest: string;
  /** Lab ids in the pack's order. */
  labs: string[];
}

/**
 * A pack's receipt from its labs' receipts: every lab of the pack needs a complete receipt whose
 * digest is the lab's current one (`labDigests`). The pack's checks are the sum of its labs'; its
 * time is the last lab's completion. Answers which labs are missing otherwise.
 */
export function packReceipt(
  pack: PackForReceipt,
  labReceipts: Receipt[],
  labDigests: Record<string, string>,
): { ok: true; receipt: Receipt } | { ok: false; missing: string[] } {
  const missing: string[] = [];
  let passed = 0;
  let total = 0;
  let time = 0;
  for (const id of pack.labs) {
    const r = labReceipts.find((x) => x.kind === 'lab' && x.id === id && receiptComplete(x) && x.digest === labDigests[id]);
    if (!r) {
      missing.push(id);
      continue;
    }
    passed += r.passed;
    total += r.total;
    time = Math.max(time, r.time);
  }
  if (missing.length) return { ok: false, missing };
  return { ok: true, receipt: { kind: 'pack', id: pack.id, digest: pack.digest, passed, total, time } };
}
