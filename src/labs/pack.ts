/**
 * Workshop packs: a trainer's single file (YAML or JSON) listing labs in order — bundled labs by
 * id, or whole labs inline (lab.yaml plus the en/zh-CN texts) — with a locale and time limits.
 * Checked like labs: a closed structure here, and every inline lab through the same `labLint`
 * (passed in, so this module stays free of the emulator). Problems are messages, never throws.
 */
import { parse as parseYaml } from 'yaml';
import type { LabSource, Locale, Localised } from './types';
import { LOCALES } from './types';

export interface PackEntry {
  /** A bundled lab's id, or the id of the inline lab given with `inline`. */
  lab: string;
  /** Time limit for this lab, in minutes. */
  minutes?: number;
}

export interface PackView {
  id: string;
  title: Localised;
  locale?: Locale;
  /** Time limit for the whole pack, in minutes. */
  minutes?: number;
  labs: PackEntry[];
}

export type PackResult = { ok: true; pack: PackView; sources: LabSource[] } | { ok: false; errors: string[] };

export const PACK_MAX_BYTES = 512 * 1024;
const MAX_LABS = 50;
const ID = /^[a-z0-9-]{1,63}$/;

const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const isMinutes = (v: unknown) => v === undefined || (typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 24 * 60);
const isLocalised = (v: unknown) => (typeof v === 'string' && v.length > 0 && v.length < 300) || (isObj(v) && Object.keys(v).every((k) => (LOCALES as string[]).includes(k)) && Object.values(v).every((x) => typeof x === 'string' && x.length < 300) && typeof v.en === 'string');

export interface PackCheckOptions {
  /** Ids of the labs bundled with the app. */
  known: string[];
  /** The lab linter (src/labs/lint.ts `labLint` with a schema check): problems as `file:line: message`. */
  lint: (source: LabSource) => { file: string; line: number; message: string }[];
  /** Where the pack came from, for messages. */
  file?: string;
}

export function packCheck(text: string, opts: PackCheckOptions): PackResult {
  const file = opts.file ?? 'pack';
  const fail = (...errors: string[]): PackResult => ({ ok: false, errors: errors.map((e) => `${file}: ${e}`) });
  try {
    if (typeof text !== 'string' || text.trim() === '') return fail('the file is empty');
    if (text.length > PACK_MAX_BYTES) return fail(`the file is too large (${text.length} bytes; the limit is ${PACK_MAX_BYTES})`);
    let raw: unknown;
    try {
      raw = parseYaml(text, { maxAliasCount: 50, logLevel: 'error' }); // JSON is YAML too
    } catch (e) {
      return fail(`not YAML or JSON: ${(e instanceof Error ? e.message : String(e)).split('\n')[0]}`);
    }
    if (!isObj(raw)) return fail('a pack is a mapping with pack, title and labs');
    const extra = Object.keys(raw).find((k) => !['pack', 'title', 'locale', 'minutes', 'labs'].includes(k));
    if (extra !== undefined) return fail(`unknown field "${extra.slice(0, 40)}"`);
    const errors: string[] = [];
    if (typeof raw.pack !== 'string' || !ID.test(raw.pack)) errors.push('pack must be an id (lower-case letters, digits, dashes)');
    if (!isLocalised(raw.title)) errors.push('title must be a text or { en, zh-CN }');
    if (raw.locale !== undefined && !(LOCALES as unknown[]).includes(raw.locale)) errors.push(`locale must be one of ${LOCALES.join(', ')}`);
    if (!isMinutes(raw.minutes)) errors.push('minutes must be a whole number from 1 to 1440');
    if (!Array.isArray(raw.labs) || raw.labs.length === 0) return fail(...errors, 'labs must be a non-empty list');
    if (raw.labs.length > MAX_LABS) return fail(...errors, `at most ${MAX_LABS} labs`);
    const entries: PackEntry[] = [];
    const sources: LabSource[] = [];
    raw.labs.forEach((entry: unknown, i: number) => {
      const where = `labs[${i}]`;
      if (!isObj(entry)) return errors.push(`${where} must be a mapping`);
      const bad = Object.keys(entry).find((k) => !['lab', 'minutes', 'inline'].includes(k));
      if (bad !== undefined) return errors.push(`${where}: unknown field "${bad.slice(0, 40)}"`);
      if (!isMinutes(entry.minutes)) errors.push(`${where}.minutes must be a whole number from 1 to 1440`);
      if (entry.inline !== undefined) {
        const inl = entry.inline;
        if (!isObj(inl) || typeof inl['lab.yaml'] !== 'string' || !LOCALES.every((l) => typeof inl[`${l}.md`] === 'string') || Object.keys(inl).some((k) => !['lab.yaml', ...LOCALES.map((l) => `${l}.md`)].includes(k))) {
          return errors.push(`${where}.inline must hold the files lab.yaml, en.md and zh-CN.md as texts`);
        }
        const yaml = inl['lab.yaml'] as string;
        const id = /^id:\s*["']?([\w-]+)/m.exec(yaml)?.[1] ?? '';
        const source: LabSource = { id, yaml, texts: { en: inl['en.md'] as string, 'zh-CN': inl['zh-CN.md'] as string }, path: `${file} ${where}/lab.yaml` };
        const problems = opts.lint(source);
        for (const p of problems) errors.push(`${p.file}:${p.line}: ${p.message}`);
        if (!problems.length) {
          if (entry.lab !== undefined && entry.lab !== id) errors.push(`${where}.lab "${String(entry.lab).slice(0, 63)}" is not the inline lab's id "${id}"`);
          else if (opts.known.includes(id)) errors.push(`${where}: the inline lab's id "${id}" is already a bundled lab`);
          else if (sources.some((s) => s.id === id)) errors.push(`${where}: two inline labs have the id "${id}"`);
          else {
            sources.push(source);
            entries.push({ lab: id, ...(entry.minutes !== undefined ? { minutes: entry.minutes as number } : {}) });
          }
        }
        return;
      }
      if (typeof entry.lab !== 'string' || !ID.test(entry.lab)) return errors.push(`${where}.lab must be a lab id`);
      if (!opts.known.includes(entry.lab)) return errors.push(`${where}: no bundled lab "${entry.lab}" (one of ${opts.known.join(', ')})`);
      entries.push({ lab: entry.lab, ...(entry.minutes !== undefined ? { minutes: entry.minutes as number } : {}) });
    });
    if (errors.length) return fail(...errors);
    const pack: PackView = {
      id: raw.pack as string,
      title: raw.title as Localised,
      ...(raw.locale !== undefined ? { locale: raw.locale as Locale } : {}),
      ...(raw.minutes !== undefined ? { minutes: raw.minutes as number } : {}),
      labs: entries,
    };
    return { ok: true, pack, sources };
  } catch (e) {
    return fail(`could not be read (${e instanceof Error ? e.message : String(e)})`);
  }
}
