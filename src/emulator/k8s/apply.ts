/**
 * `kubectl apply -f` and `kubectl delete -f` as the API server sees them: every document of a
 * manifest is resolved to a served kind (CRDs created earlier in the same file count), validated and
 * written. Unlike the real streaming client the whole file is atomic: the first failing document
 * leaves the store untouched, so a typo never leaves a half-installed Calico behind.
 */
import { parseAllDocuments } from 'yaml';
import { goYamlProblem, kubectlDocuments } from '../go-yaml-errors';
import { serviceDefaults } from './services';
import type { World } from '../world';
import type { ApiStore, Json, KObj } from './objects';
import { deepClone, jsonEqual, storeDelete, storeGet, storeList, storePut } from './objects';
import type { KindInfo } from './kinds';
import { kindForObject } from './kinds';
import { rngUuid } from '../random';
import { timestampAt } from './factory';
import { podDelete, podDeleteGracefully } from './controllers';
import { admitDefaultTolerations } from './tolerations';

export type ApplyVerb = 'created' | 'configured' | 'unchanged';

export interface ManifestItem {
  info: KindInfo;
  name: string;
  namespace?: string;
}

export interface ApplyItem extends ManifestItem {
  verb: ApplyVerb;
}

export type ManifestError =
  | { type: 'yaml'; problem: string }
  | { type: 'field-not-set'; field: 'kind' | 'apiVersion' }
  | { type: 'no-match'; name: string; namespace: string; kind: string; apiVersion: string }
  | { type: 'no-name'; info: KindInfo; namespace: string }
  | { type: 'invalid'; kind: string; name: string; causes: string[] }
  | { type: 'namespace-not-found'; namespace: string; info: KindInfo; name: string };

export type ManifestResult<T> = { ok: true; items: T[] } | { ok: false; error: ManifestError };

/** Split like kubectl's YAMLReader (lines starting `---`) and parse each document; null ones are skipped. */
export function manifestParse(text: string): { ok: true; docs: Json[] } | { ok: false; error: ManifestError } {
  const docs: Json[] = [];
  for (const chunk of kubectlDocuments(text)) {
    for (const doc of parseAllDocuments(chunk, { uniqueKeys: false })) {
      // sigs.k8s.io/yaml reads the chunk with go-yaml, whose words and line numbers students search for
      if (doc.errors.length) return { ok: false, error: { type: 'yaml', problem: goYamlProblem(chunk, doc.errors) } };
      let js: Json;
      try {
        js = doc.toJS();
      } catch {
        return { ok: false, error: { type: 'yaml', problem: goYamlProblem(chunk, []) } }; // an alias to no anchor
      }
      if (js === null || js === undefined) continue;
      if (js.kind === 'List' && Array.isArray(js.items)) docs.push(...js.items);
      else docs.push(js);
    }
  }
  return { ok: true, docs };
}

/** Field errors the API server's validation reports for the kinds the lab uses. */
function validate(obj: Json): string[] {
  if (obj.kind === 'CustomResourceDefinition') return validateCrd(obj);
  if (['Deployment', 'ReplicaSet'].includes(obj.kind) && obj.spec?.replicas !== undefined && !(Number.isInteger(obj.spec.replicas) && obj.spec.replicas >= 0)) {
    return [`spec.replicas: Invalid value: ${JSON.stringify(obj.spec.replicas)}: must be greater than or equal to 0`];
  }
  const tpl = ['DaemonSet', 'Deployment', 'ReplicaSet'].includes(obj.kind) ? 'spec.template.spec' : obj.kind === 'Pod' ? 'spec' : null;
  if (!tpl) return [];
  const podSpec = tpl === 'spec' ? obj.spec : obj.spec?.template?.spec;
  const containers = podSpec?.containers;
  if (!Array.isArray(containers) || containers.length === 0) return [`${tpl}.containers: Required value`];
  const causes: string[] = [];
  containers.forEach((c: Json, i: number) => {
    if (!c?.name) causes.push(`${tpl}.containers[${i}].name: Required value`);
    if (!c?.image) causes.push(`${tpl}.containers[${i}].image: Required value`);
  });
  return causes;
}

/** apiextensions validation of a CustomResourceDefinition, the parts a broken manifest trips. */
function validateCrd(obj: Json): string[] {
  const s = obj.spec;
  const causes: string[] = [];
  if (!s?.group || typeof s.group !== 'string') causes.push('spec.group: Required value');
  if (!s?.names?.plural || typeof s.names.plural !== 'string') causes.push('spec.names.plural: Required value');
  if (!s?.names?.kind || typeof s.names.kind !== 'string') causes.push('spec.names.kind: Required value');
  if (s?.scope !== 'Cluster' && s?.scope !== 'Namespaced') causes.push(`spec.scope: Unsupported value: ${JSON.stringify(s?.scope ?? '')}: supported values: "Cluster", "Namespaced"`);
  const versions = s?.versions;
  if (!Array.isArray(versions) || versions.length === 0) causes.push('spec.versions: Invalid value: null: must have exactly one version marked as storage version');
  else {
    if (versions.filter((v: Json) => v?.storage === true).length !== 1) causes.push('spec.versions: Invalid value: []apiextensions.CustomResourceDefinitionVersion: must have exactly one version marked as storage version');
    versions.forEach((v: Json, i: number) => {
      if (!v?.name || typeof v.name !== 'string') causes.push(`spec.versions[${i}].name: Required value`);
    });
  }
  if (causes.length === 0 && obj.metadata?.name !== `${s.names.plural}.${s.group}`) {
    causes.push(`metadata.name: Invalid value: ${JSON.stringify(obj.metadata?.name)}: must be spec.names.plural+"."+spec.group`);
  }
  return causes;
}

/** The manifest's fields the user owns: everything but metadata's server fields and status. */
function userFieldsEqual(manifest: Json, existing: KObj): boolean {
  for (const k of Object.keys(manifest)) {
    if (k === 'apiVersion' || k === 'kind' || k === 'status') continue;
    if (k === 'metadata') {
      for (const m of ['labels', 'annotations'] as const) {
        if (manifest.metadata[m] !== undefined && !jsonEqual(manifest.metadata[m], existing.metadata[m] ?? {})) return false;
      }
    } else if (!jsonEqual(manifest[k], existing[k])) return false;
  }
  return true;
}

function applyOne(store: ApiStore, world: World, doc: Json, info: KindInfo, namespace: string | undefined): ApplyVerb {
  const name = doc.metadata.name as string;
  const existing = storeGet(store, info.stored, namespace, name);
  if (existing && userFieldsEqual(doc, existing)) return 'unchanged';
  const fields = deepClone(doc);
  delete fields.status;
  const { name: _n, namespace: _ns, labels, annotations } = fields.metadata;
  void _n;
  void _ns;
  if (existing) {
    const next: KObj = { ...deepClone(existing), ...fields, apiVersion: existing.apiVersion, kind: existing.kind, metadata: deepClone(existing.metadata) };
    if (labels !== undefined) next.metadata.labels = labels;
    if (annotations !== undefined) next.metadata.annotations = annotations;
    if (fields.spec !== undefined && !jsonEqual(fields.spec, existing.spec)) next.metadata.generation = (existing.metadata.generation ?? 1) + 1;
    // The API server's admission runs on updates too (DefaultTolerationSeconds).
    if (info.kind === 'Pod' && next.spec) admitDefaultTolerations(next);
    storePut(store, next);
    return 'configured';
  }
  const meta: KObj['metadata'] = { ...fields.metadata, name, uid: rngUuid(world.state.rng), resourceVersion: '', creationTimestamp: timestampAt(world.state, world.now) };
  if (namespace) meta.namespace = namespace;
  else delete meta.namespace;
  if (fields.spec !== undefined) meta.generation = 1;
  const obj: KObj = { ...fields, apiVersion: doc.apiVersion, kind: info.kind, metadata: meta };
  if (info.kind === 'Pod') {
    obj.spec = { restartPolicy: 'Always', dnsPolicy: 'ClusterFirst', ...obj.spec };
    obj.status = { phase: 'Pending', qosClass: 'BestEffort' };
    admitDefaultTolerations(obj);
  }
  if (info.kind === 'Service') serviceDefaults(store, world.state, obj);
  storePut(store, obj);
  return 'created';
}

function resolve(store: ApiStore, doc: Json, defaultNs: string): { ok: true; info: KindInfo; namespace?: string } | { ok: false; error: ManifestError } {
  if (typeof doc !== 'object' || Array.isArray(doc) || !doc.kind) return { ok: false, error: { type: 'field-not-set', field: 'kind' } };
  if (!doc.apiVersion) return { ok: false, error: { type: 'field-not-set', field: 'apiVersion' } };
  const info = kindForObject(store, String(doc.apiVersion), String(doc.kind));
  const ns = doc.metadata?.namespace ?? defaultNs;
  if (!info) return { ok: false, error: { type: 'no-match', name: String(doc.metadata?.name ?? ''), namespace: doc.metadata?.namespace ?? '', kind: String(doc.kind), apiVersion: String(doc.apiVersion) } };
  if (!doc.metadata?.name) return { ok: false, error: { type: 'no-name', info, namespace: info.namespaced ? ns : '' } };
  return { ok: true, info, namespace: info.namespaced ? ns : undefined };
}

/** `kubectl apply -f`: all documents or none. `defaultNs` is kubectl's `-n` (or `default`). */
export function manifestApply(world: World, text: string, defaultNs = 'default'): ManifestResult<ApplyItem> {
  const parsed = manifestParse(text);
  if (!parsed.ok) return parsed;
  const real = world.state.api;
  const rngBefore = deepClone(world.state.rng);
  // Dry run on a scratch store (objects are never mutated in place, so a shallow copy suffices).
  const scratch: ApiStore = { revision: real.revision, objects: { ...real.objects } };
  for (const doc of parsed.docs) {
    const r = resolve(scratch, doc, defaultNs);
    if (!r.ok) return fail(world, rngBefore, r.error);
    const causes = validate(doc);
    if (causes.length) return fail(world, rngBefore, { type: 'invalid', kind: doc.kind, name: doc.metadata.name, causes });
    if (r.namespace && !storeGet(scratch, 'Namespace', undefined, r.namespace)) {
      return fail(world, rngBefore, { type: 'namespace-not-found', namespace: r.namespace, info: r.info, name: doc.metadata.name });
    }
    applyOne(scratch, world, doc, r.info, r.namespace);
  }
  world.state.rng = rngBefore;
  const items: ApplyItem[] = [];
  for (const doc of parsed.docs) {
    const r = resolve(real, doc, defaultNs);
    if (!r.ok) throw new Error('manifest resolved differently on the second pass');
    items.push({ info: r.info, name: doc.metadata.name, namespace: r.namespace, verb: applyOne(real, world, doc, r.info, r.namespace) });
  }
  return { ok: true, items };
}

function fail(world: World, rng: World['state']['rng'], error: ManifestError): { ok: false; error: ManifestError } {
  world.state.rng = rng;
  return { ok: false, error };
}

export interface DeleteItem extends ManifestItem {
  found: boolean;
  /** The deleted object's uid (a pod may stay Terminating under it). */
  uid?: string;
}

/** `kubectl delete -f`: resolve every document first, then delete in file order. */
export function manifestDelete(world: World, text: string, defaultNs = 'default', force = false): ManifestResult<DeleteItem> {
  const parsed = manifestParse(text);
  if (!parsed.ok) return parsed;
  const targets: ManifestItem[] = [];
  for (const doc of parsed.docs) {
    const r = resolve(world.state.api, doc, defaultNs);
    if (!r.ok) return r;
    targets.push({ info: r.info, name: doc.metadata.name, namespace: r.namespace });
  }
  return {
    ok: true,
    items: targets.map((t) => {
      const uid = storeGet(world.state.api, t.info.stored, t.namespace, t.name)?.metadata.uid;
      return { ...t, uid, found: objectDelete(world, t.info, t.namespace, t.name, force) };
    }),
  };
}

/**
 * Delete one object with the API server's side effects: a pod's sandbox is torn down by its
 * kubelet, a CRD takes its custom resources with it, a namespace everything in it.
 */
export function objectDelete(world: World, info: KindInfo, namespace: string | undefined, name: string, force = false): boolean {
  const api = world.state.api;
  const obj = storeGet(api, info.stored, namespace, name);
  if (!obj) return false;
  if (info.kind === 'Pod') {
    // --force --grace-period=0 removes it from the API at once; otherwise its kubelet must confirm.
    if (force) podDelete(world, obj);
    else podDeleteGracefully(world, obj);
    return true;
  }
  if (info.kind === 'CustomResourceDefinition') {
    const kind = obj.spec?.names?.kind;
    if (kind) for (const o of storeList(api, kind)) storeDelete(api, kind, o.metadata.namespace, o.metadata.name);
  }
  if (info.kind === 'Namespace') {
    for (const o of Object.values(api.objects)) {
      if (o.metadata.namespace !== name) continue;
      if (o.kind === 'Pod') podDelete(world, o);
      else storeDelete(api, o.kind, name, o.metadata.name);
    }
  }
  return storeDelete(api, info.stored, namespace, name);
}
