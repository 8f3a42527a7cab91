/** `npm run lab:lint [DIR]`: prints `file:line: message` per problem; exits 1 when there are any. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { labsLoadFromDir } from './load-node';
import { labLint } from './lint';
import type { SchemaCheck } from './lint';
import { packCheck } from './pack';

const repo = fileURLToPath(new URL('../..', import.meta.url));

export function schemaCheck(): SchemaCheck {
  const schema = JSON.parse(readFileSync(`${repo}/labs/lab.schema.json`, 'utf8'));
  const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
  return (spec) => (validate(spec) ? [] : (validate.errors ?? []).map((e) => ({ path: e.instancePath, message: e.message ?? 'is invalid' })));
}

function main(): void {
  const dir = process.argv[2] ?? `${repo}/labs`;
  const labs = labsLoadFromDir(dir);
  const check = schemaCheck();
  let count = 0;
  for (const lab of labs) {
    for (const p of labLint(lab, check)) {
      console.log(`${p.file}:${p.line}: ${p.message}`);
      count++;
    }
  }
  // Workshop packs (packs/*.yaml|json): their structure, bundled ids and inline labs, by the same lint.
  const packDir = `${repo}/packs`;
  const packs = existsSync(packDir) ? readdirSync(packDir).filter((f) => /\.(ya?ml|json)$/.test(f)) : [];
  for (const f of packs) {
    const r = packCheck(readFileSync(`${packDir}/${f}`, 'utf8'), { known: labs.map((l) => l.id), lint: (src) => labLint(src, check), file: `packs/${f}` });
    if (!r.ok) {
      for (const e of r.errors) console.log(e);
      count += r.errors.length;
    }
  }
  console.log(count ? `${count} problem(s) in ${labs.length} lab(s) and ${packs.length} pack(s)` : `${labs.length} lab(s) and ${packs.length} pack(s) OK`);
  process.exit(count ? 1 : 0);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
