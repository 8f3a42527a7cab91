/**
 * The resource schemas by apiVersion and kind, and one manifest schema that dispatches on them
 * (`if apiVersion and kind match then ...`), so a multi-document file such as calico.yaml is
 * checked document by document against the right kind. Pure data: the editor loads it lazily,
 * and tests check every manifest the lab ships against it.
 */
import type { JsonSchema } from './types';
import { CALICO_API_CONFIG_SPEC, CALICO_SPECS } from './calico';
import { DNS_SUBDOMAIN, KUBERNETES_KINDS, objectMeta } from './kubernetes';

export type { JsonSchema } from './types';

export interface ResourceSchema {
  apiVersion: string;
  kind: string;
  schema: JsonSchema;
}

const V3 = 'projectcalico.org/v3';
const CRD_V1 = 'crd.projectcalico.org/v1';

/** metadata with a required name (and, for singletons such as IPAMConfiguration, that name). */
function metadata(name?: string): JsonSchema {
  const props = objectMeta.properties as Record<string, JsonSchema>;
  const nameSchema: JsonSchema = name ? { type: 'string', enum: [name] } : { type: 'string', pattern: DNS_SUBDOMAIN, description: props.name.description };
  return { ...objectMeta, properties: { ...props, name: nameSchema }, required: ['name'] };
}

function resource(apiVersion: string, kind: string, properties: Record<string, JsonSchema>, required: string[] = [], name?: string): ResourceSchema {
  return {
    apiVersion,
    kind,
    schema: {
      type: 'object',
      properties: { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: metadata(name), ...properties },
      required: ['metadata', ...required],
      additionalProperties: false,
    },
  };
}

const open: JsonSchema = { type: 'object' };

export const RESOURCE_SCHEMAS: ResourceSchema[] = [
  ...CALICO_SPECS.flatMap((c) => {
    const required = c.specRequired ? ['spec'] : [];
    const v3 = resource(V3, c.kind, { spec: c.spec }, required, c.name);
    return c.crdKind ? [v3, resource(CRD_V1, c.crdKind, { spec: c.crdSpec, status: open }, required, c.name)] : [v3];
  }),
  ...KUBERNETES_KINDS.map((k) => resource(k.apiVersion, k.kind, k.properties, k.required)),
  // What kubectl edit opens for several objects: a List whose items are each checked as a manifest.
  { apiVersion: 'v1', kind: 'List', schema: { type: 'object', properties: { apiVersion: {}, kind: {}, metadata: open, items: { type: 'array', items: { $ref: '#' } } }, additionalProperties: false } },
  // Files students edit that are not API objects: calicoctl.cfg and a kubeconfig.
  { apiVersion: V3, kind: 'CalicoAPIConfig', schema: { type: 'object', properties: { apiVersion: {}, kind: {}, metadata: { type: ['object', 'null'] }, spec: CALICO_API_CONFIG_SPEC }, additionalProperties: false } },
  { apiVersion: 'v1', kind: 'Config', schema: open },
];

export function resourceSchema(apiVersion: string, kind: string): JsonSchema | undefined {
  return RESOURCE_SCHEMAS.find((r) => r.apiVersion === apiVersion && r.kind === kind)?.schema;
}

/**
 * One schema for any YAML file: documents without `kind` are left alone (a netplan file, a lab
 * pack); a known kind must come with one of its apiVersions and follow that kind's schema.
 */
export function manifestSchema(): JsonSchema {
  const kinds = [...new Set(RESOURCE_SCHEMAS.map((r) => r.kind))].sort();
  const apiVersions = [...new Set(RESOURCE_SCHEMAS.map((r) => r.apiVersion))].sort();
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    properties: {
      apiVersion: { type: 'string', enum: apiVersions },
      kind: { type: 'string', enum: kinds },
    },
    allOf: [
      ...kinds.map((kind) => ({
        if: { type: 'object', properties: { kind: { const: kind } }, required: ['kind'] },
        then: { properties: { apiVersion: { enum: RESOURCE_SCHEMAS.filter((r) => r.kind === kind).map((r) => r.apiVersion) } }, required: ['apiVersion'] },
      })),
      ...RESOURCE_SCHEMAS.map((r) => ({
        if: { type: 'object', properties: { apiVersion: { const: r.apiVersion }, kind: { const: r.kind } }, required: ['apiVersion', 'kind'] },
        then: r.schema,
      })),
    ],
  };
}
