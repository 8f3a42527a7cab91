import { describe, expect, it } from 'vitest';
import { manifestSchema } from '../../emulator/schemas';
import { DESCRIPTIONS_ZH, schemaIn } from './schema-descriptions';

function descriptions(v: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(v)) v.forEach((x) => descriptions(x, out));
  else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      if (k === 'description' && typeof x === 'string') out.add(x);
      else descriptions(x, out);
    }
  }
  return out;
}

describe("the editor's hover texts", () => {
  it('every description of the manifest schema has its zh-CN wording', () => {
    const missing = [...descriptions(manifestSchema())].filter((d) => d && !(d in DESCRIPTIONS_ZH));
    expect(missing).toEqual([]);
  });

  it('a zh-CN page gets a Chinese copy; the English schema is left as it was', () => {
    const schema = manifestSchema();
    const before = JSON.stringify(schema);
    const zh = JSON.stringify(schemaIn('zh-CN', schema));
    expect(zh).toContain('节点间 BGP 全互联');
    expect(zh).not.toContain('Full node-to-node BGP mesh');
    expect(JSON.stringify(schema)).toBe(before);
    expect(schemaIn('en', schema)).toBe(schema);
  });
});
