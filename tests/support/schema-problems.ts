/**
 * The problems the editor's schemas find in a YAML text, as Ajv words them: what monaco-yaml
 * would underline. Ajv is a test-only dependency, so this lives beside the tests, not in src/.
 */
import { Ajv } from 'ajv';
import { parseAllDocuments } from 'yaml';
import { manifestSchema } from '../../src/emulator/schemas';

const validate = new Ajv({ strict: false, allErrors: true }).compile(manifestSchema());

export function schemaProblems(text: string): string[] {
  return parseAllDocuments(text).flatMap((d) => {
    const v: unknown = d.toJS();
    if (v === null || v === undefined || validate(v)) return [];
    // `if` only says which branch failed; the branch's own error is the one a student can act on.
    return (validate.errors ?? []).filter((e) => e.keyword !== 'if').map((e) => `${e.instancePath} ${e.message}`);
  });
}
