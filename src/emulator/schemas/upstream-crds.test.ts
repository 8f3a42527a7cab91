/**
 * The editor's Calico schemas were written from the API reference; the CRDs Calico v3.26.1 ships
 * (calico.yaml in ../shared/upstream/, read here and never copied into src/) are the API server's
 * own word on crd.projectcalico.org/v1. Every property our schemas name must exist there, with the
 * same type, and the same accepted values where the CRD lists them.
 *
 * Node has no CRD in the Kubernetes datastore (calicoctl maps it onto the Kubernetes Node), so it
 * is not checked here.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import type { JsonSchema } from './types';
import { CALICO_SPECS } from './calico';

const CALICO_YAML = new URL('../../../../shared/upstream/calico-v3.26.1/calico.yaml', import.meta.url);

type Crd = { spec: { names: { kind: string }; versions: { schema: { openAPIV3Schema: JsonSchema } }[] } };

function upstreamSpecs(): Map<string, JsonSchema> {
  const out = new Map<string, JsonSchema>();
  for (const doc of parseAllDocuments(readFileSync(CALICO_YAML, 'utf8'))) {
    const crd = doc.toJS() as (Crd & { kind?: string }) | null;
    if (crd?.kind !== 'CustomResourceDefinition') continue;
    const props = crd.spec.versions[0].schema.openAPIV3Schema.properties as Record<string, JsonSchema>;
    out.set(crd.spec.names.kind, props.spec);
  }
  return out;
}

/** The JSON types a schema accepts (an int-or-string CRD field accepts both). */
function typesOf(s: JsonSchema): Set<string> {
  if (s['x-kubernetes-int-or-string']) return new Set(['integer', 'string']);
  const branches = (s.anyOf ?? s.oneOf) as JsonSchema[] | undefined;
  if (branches) return new Set(branches.flatMap((b) => [...typesOf(b)]));
  const t = s.type as string | string[] | undefined;
  return new Set(t === undefined ? [] : Array.isArray(t) ? t : [t]);
}

/** Differences between our schema `ours` and the CRD's `theirs` at `path`. */
function compare(ours: JsonSchema, theirs: JsonSchema, path: string): string[] {
  const problems: string[] = [];
  const ourTypes = typesOf(ours);
  const theirTypes = typesOf(theirs);
  // `number` in a CRD also takes integers.
  if (theirTypes.has('number')) theirTypes.add('integer');
  for (const t of ourTypes) if (theirTypes.size > 0 && !theirTypes.has(t)) problems.push(`${path}: we accept ${t}, the CRD ${[...theirTypes].join('|')}`);
  const theirEnum = theirs.enum as unknown[] | undefined;
  const ourEnum = (ours.enum ?? (ours.anyOf as JsonSchema[] | undefined)?.find((b) => b.enum)?.enum) as unknown[] | undefined;
  if (theirEnum && JSON.stringify([...(ourEnum ?? [])].sort()) !== JSON.stringify([...theirEnum].sort())) {
    problems.push(`${path}: values ${JSON.stringify(ourEnum ?? null)}, the CRD ${JSON.stringify(theirEnum)}`);
  }
  const ourProps = ours.properties as Record<string, JsonSchema> | undefined;
  if (ourProps) {
    const theirProps = theirs.properties as Record<string, JsonSchema> | undefined;
    for (const [k, v] of Object.entries(ourProps)) {
      const there = theirProps?.[k];
      if (!there) problems.push(`${path}.${k}: not in the CRD`);
      else problems.push(...compare(v, there, `${path}.${k}`));
    }
  }
  if (ours.items && theirs.items) problems.push(...compare(ours.items as JsonSchema, theirs.items as JsonSchema, `${path}[]`));
  return problems;
}

describe('editor schemas against Calico v3.26.1 CRDs', () => {
  const upstream = upstreamSpecs();
  it('the comparison finds a field the CRD lacks, another type and other values', () => {
    const theirs = upstream.get('IPPool')!;
    const ours = { type: 'object', properties: { blockSize: { type: 'string' }, ipipMode: { type: 'string', enum: ['Always'] }, colour: { type: 'string' } } };
    const theirEnum = ((theirs.properties as Record<string, JsonSchema>).ipipMode.enum ?? null) as unknown[] | null;
    expect(compare(ours, theirs, 'IPPool.spec')).toEqual([
      'IPPool.spec.blockSize: we accept string, the CRD integer',
      ...(theirEnum ? [`IPPool.spec.ipipMode: values ["Always"], the CRD ${JSON.stringify(theirEnum)}`] : []),
      'IPPool.spec.colour: not in the CRD',
    ]);
  });
  for (const c of CALICO_SPECS.filter((s) => s.crdKind)) {
    it(`${c.kind}: every property exists in the ${c.crdKind} CRD with its type and values`, () => {
      const theirs = upstream.get(c.crdKind!);
      expect(theirs, `no ${c.crdKind} CRD in calico.yaml`).toBeDefined();
      expect(compare(c.crdSpec, theirs!, `${c.kind}.spec`)).toEqual([]);
    });
  }
});
