/**
 * calicoctl decodes each resource strictly (go-yaml-wrapper's UnmarshalStrict): a field the
 * resource type does not have is refused with the wrapper's own sentence, e.g.
 * `error parsing document: field in document is not recognized or is in the wrong location: cidrr`
 * (wording, plural form and "(+ N more)" from go-yaml-wrapper's tests). Field names match as Go's
 * JSON decoding matches them, ignoring case. The fields are checked against the resource schemas
 * the editor uses, only where a schema is closed; metadata is left alone (ObjectMeta has more
 * fields than the schema lists). Guessed, not read in the wrapper's source: that a nested field is
 * named by its own key, and that the names are sorted.
 */
import type { JsonSchema } from '../../../emulator/schemas';
import { resourceSchema } from '../../../emulator/schemas';

function unknownIn(value: unknown, schema: JsonSchema | undefined, out: string[]): void {
  if (!schema || value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (const v of value) unknownIn(v, schema.items as JsonSchema | undefined, out);
    return;
  }
  const props = schema.properties as Record<string, JsonSchema> | undefined;
  if (!props) return;
  const byFold = new Map(Object.keys(props).map((k) => [k.toLowerCase(), k]));
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    const known = byFold.get(key.toLowerCase());
    if (known === undefined) {
      if (schema.additionalProperties === false) out.push(key);
      continue;
    }
    if (known !== key) {
      // Go's JSON decoding fills IPIPMode from `ipipmode` too: keep the value under the field's name
      (value as Record<string, unknown>)[known] = v;
      delete (value as Record<string, unknown>)[key];
    }
    if (known !== 'metadata') unknownIn(v, props[known], out);
  }
}

/**
 * The wrapper's error for a v3 resource's unknown fields, or null when every field is known; a
 * field spelt in another case is renamed to the field's own name on the way, as Go would read it.
 */
export function strictFieldsError(obj: Record<string, unknown>): string | null {
  const schema = resourceSchema('projectcalico.org/v3', String(obj.kind));
  if (!schema) return null;
  const out: string[] = [];
  const top = { ...schema, properties: { ...(schema.properties as Record<string, JsonSchema>), status: { type: 'object' } } };
  unknownIn(obj, top, out);
  if (!out.length) return null;
  const names = [...new Set(out)].sort();
  const shown = names.slice(0, 4).join(', ') + (names.length > 4 ? ` (+ ${names.length - 4} more)` : '');
  return names.length === 1
    ? `error parsing document: field in document is not recognized or is in the wrong location: ${shown}`
    : `error parsing document: fields in document are not recognized or are in the wrong location: ${shown}`;
}
