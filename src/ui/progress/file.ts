/**
 * The progress file a student downloads and loads again (another browser, another machine): every
 * saved lab session and every completion receipt. Pure (no DOM), so unit tests run it in Node.
 *
 * It is data only. Reading it checks a closed structure and a size limit; each session must have
 * a saved session's shape (`snapshotProblem`, and the worker restores it only when the student
 * opens that lab, refusing what it cannot use) and each receipt must be valid (checked by the
 * caller's `decode`: the worker's `verifyReceipt` in the page, `receiptDecode` in tests, so the
 * page bundle takes no lab-engine code). Nothing in it is run as code or rendered as HTML.
 */
import { snapshotProblem, isObject } from '../snapshot-check';
import { SESSION_PREFIX } from './slots';

export const PROGRESS_FORMAT = 'calico-lab-progress';
export const PROGRESS_VERSION = 1;
/** A saved session is 60–500 KB; 32 MB holds every lab several times over. */
export const PROGRESS_MAX_BYTES = 32 * 1024 * 1024;
const MAX_SESSIONS = 200;
const MAX_RECEIPTS = 500;

export { SESSION_PREFIX };
export const RECEIPT_PREFIX = 'calico-lab.receipt.';

/** The slots a student's own work is saved in (shared links' slots are someone else's work). */
const SLOT = /^(lab:[a-z0-9-]{1,63}|scenario:[a-z0-9-]{1,40}(@\d{1,4})?|sandbox(:[a-z0-9-]{1,40})?(@\d{1,4})?|default)$/;

export interface ProgressFile {
  format: typeof PROGRESS_FORMAT;
  version: number;
  /** When it was written (ISO 8601), for the student's own bookkeeping. */
  exported: string;
  /** Saved sessions by slot (`lab:read-routes`, `sandbox`, ...). */
  sessions: Record<string, string>;
  /** Completion receipt codes. */
  receipts: string[];
}

/** Stored receipts: one per lab or pack. */
const RECEIPT_KEY = /^calico-lab\.receipt\.(lab|pack):[a-z0-9-]{1,63}$/;

/** What a receipt names, or why it is not one (src/labs/receipt.ts `receiptDecode`). */
export type ReceiptDecoder = (
  code: unknown,
) => { ok: true; receipt: { kind: string; id: string } } | { ok: false; error: string } | Promise<{ ok: true; receipt: { kind: string; id: string } } | { ok: false; error: string }>;

/** The file's text from stored entries (keys with their prefixes, as in the progress store). */
export function progressFileMake(entries: Record<string, string>, now: Date): string {
  const sessions: Record<string, string> = {};
  const receipts: string[] = [];
  for (const [k, v] of Object.entries(entries).sort(([a], [b]) => a.localeCompare(b))) {
    if (k.startsWith(SESSION_PREFIX) && SLOT.test(k.slice(SESSION_PREFIX.length))) sessions[k.slice(SESSION_PREFIX.length)] = v;
    else if (RECEIPT_KEY.test(k)) receipts.push(v);
  }
  const file: ProgressFile = { format: PROGRESS_FORMAT, version: PROGRESS_VERSION, exported: now.toISOString(), sessions, receipts };
  return JSON.stringify(file);
}

export type ProgressRead = { ok: true; entries: Record<string, string>; sessions: number; receipts: number } | { ok: false; error: string };

/** Checks a loaded file; on success, the entries to store (keys with their prefixes). */
export async function progressFileRead(text: unknown, decode: ReceiptDecoder): Promise<ProgressRead> {
  const fail = (error: string): ProgressRead => ({ ok: false, error });
  if (typeof text !== 'string' || text.trim() === '') return fail('the file is empty');
  if (text.length > PROGRESS_MAX_BYTES) return fail(`the file is too large (${text.length} bytes; the limit is ${PROGRESS_MAX_BYTES})`);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return fail('not a progress file (it is not JSON)');
  }
  if (!isObject(raw) || raw.format !== PROGRESS_FORMAT) return fail(`not a progress file (no "format": "${PROGRESS_FORMAT}")`);
  const extra = Object.keys(raw).find((k) => !['format', 'version', 'exported', 'sessions', 'receipts'].includes(k));
  if (extra !== undefined) return fail(`unknown field "${extra.slice(0, 40)}"`);
  if (raw.version !== PROGRESS_VERSION) return fail(`version ${JSON.stringify(raw.version)?.slice(0, 20)} is not one this app reads (${PROGRESS_VERSION})`);
  if (typeof raw.exported !== 'string' || raw.exported.length > 40) return fail('"exported" must be a date');
  if (!isObject(raw.sessions)) return fail('"sessions" must be a mapping of saved labs');
  if (!Array.isArray(raw.receipts)) return fail('"receipts" must be a list of receipt codes');
  const slots = Object.keys(raw.sessions);
  if (slots.length > MAX_SESSIONS) return fail(`at most ${MAX_SESSIONS} saved sessions`);
  if (raw.receipts.length > MAX_RECEIPTS) return fail(`at most ${MAX_RECEIPTS} receipts`);
  const entries: Record<string, string> = {};
  for (const slot of slots) {
    if (!SLOT.test(slot)) return fail(`"${slot.slice(0, 80)}" is not a saved lab's name`);
    const v = raw.sessions[slot];
    if (typeof v !== 'string') return fail(`session ${slot} is not a saved session`);
    const problem = snapshotProblem(v);
    if (problem) return fail(`session ${slot} is not a saved session: ${problem}`);
    entries[SESSION_PREFIX + slot] = v;
  }
  for (let i = 0; i < raw.receipts.length; i++) {
    const code: unknown = raw.receipts[i];
    const r = await decode(code);
    if (!r.ok) return fail(`receipt ${i + 1}: ${r.error}`);
    entries[`${RECEIPT_PREFIX}${r.receipt.kind}:${r.receipt.id}`] = code as string;
  }
  return { ok: true, entries, sessions: slots.length, receipts: raw.receipts.length };
}
