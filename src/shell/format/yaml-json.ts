/**
 * `kubectl get -o yaml|json`. kubectl marshals the object it received through JSON, so map keys
 * come out sorted; YAML has 2-space indents with sequences flush under their key, JSON 4 spaces.
 */
import { stringify } from 'yaml';
import type { Json, KObj } from '../../emulator/k8s/objects';

function sortKeys(v: Json): Json {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v === null || typeof v !== 'object') return v;
  const out: Record<string, Json> = {};
  for (const k of Object.keys(v).sort()) if (v[k] !== undefined) out[k] = sortKeys(v[k]);
  return out;
}

export function toKubectlYaml(value: Json): string {
  return stringify(sortKeys(value), { version: '1.1', indent: 2, indentSeq: false, lineWidth: 0, minContentWidth: 0 });
}

export function toKubectlJson(value: Json): string {
  return JSON.stringify(sortKeys(value), null, 4) + '\n';
}

/** What `kubectl get TYPE -o yaml` prints for a list query (even with one item). */
export function kubectlList(items: KObj[]): Json {
  return { apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } };
}
