/** `npm run lab:lint [DIR]`: prints `file:line: message` per problem; exits 1 when there are any. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { labsLoadFromDir } from './load-node';
import { labLint } from './lint';
import type { SchemaCheck } from './lint';

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
  console.log(count ? `${count} problem(s) in ${labs.length} lab(s)` : `${labs.length} lab(s) OK`);
  process.exit(count ? 1 : 0);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
