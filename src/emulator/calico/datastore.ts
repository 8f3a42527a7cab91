/**
 * Writing Calico v3 resources into the Kubernetes datastore, one resource at a time, as
 * libcalico-go's clientv3 does: validate and default, then store the crd.projectcalico.org/v1
 * object. A rejected resource changes nothing.
 */
import type { World } from '../world';
import type { Json, KObj } from '../k8s/objects';
import { deepClone, jsonEqual, storeDelete, storeGet, storePut } from '../k8s/objects';
import { apiCreate } from '../k8s/factory';
import type { CalicoKind } from './resources';
import { CRD_V1, K8S_POLICY_PREFIX, calicoGet, calicoStoreKind, clientv3Metadata, notExistError } from './resources';
import { fieldErrorsText, ippoolCreateCheck, ippoolUpdateCheck, ippoolValidate } from './validation';
import { poolsAll } from './pools';
import { ipamReleasePoolAffinities } from './ipam';

export type CalicoAction = 'create' | 'replace' | 'apply' | 'delete';
export type WriteResult = { ok: true } | { ok: false; error: string };

function id(k: CalicoKind, name: string, namespace?: string): string {
  return k.namespaced ? `${k.kind}(${namespace}/${name})` : `${k.kind}(${name})`;
}

/** Create, replace, apply or delete one v3 resource. */
export function calicoWrite(world: World, k: CalicoKind, action: CalicoAction, obj: KObj): WriteResult {
  const name = obj.metadata?.name;
  if (!name) return { ok: false, error: `error with field Metadata.Name = '' (name is required)` };
  if (action === 'delete') return calicoDelete(world, k, name, obj.metadata.namespace);
  if (k.readOnly || !k.stored) {
    if (k.kind === 'Node') return nodeWrite(world, action, obj);
    return { ok: false, error: `resource type '${k.kind}' is read-only` };
  }
  const api = world.state.api;
  const ns = k.namespaced ? (obj.metadata.namespace ?? 'default') : undefined;
  if (k.kind === 'NetworkPolicy' && name.startsWith(K8S_POLICY_PREFIX)) {
    const op = action === 'create' ? 'create or apply' : 'apply or replace';
    return { ok: false, error: `operation ${op} is not supported on ${id(k, name, ns)}: kubernetes network policies must be managed through the kubernetes API` };
  }
  const existing = storeGet(api, calicoStoreKind(k), ns, name);
  if (action === 'create' && existing) {
    return { ok: false, error: `resource already exists: ${id(k, name, ns)} with error: ${k.plural}.crd.projectcalico.org "${name}" already exists` };
  }
  if (action === 'replace' && !existing) return { ok: false, error: notExistError(k, name, ns) };
  const rv = obj.metadata.resourceVersion;
  if (existing && rv && rv !== existing.metadata.resourceVersion) return { ok: false, error: `update conflict: ${id(k, name, ns)}` };
  const spec = deepClone(obj.spec ?? {});
  if (k.kind === 'IPPool') {
    let errs = ippoolValidate(spec);
    if (!errs.length) errs = existing ? ippoolUpdateCheck(spec, existing.spec) : ippoolCreateCheck(name, spec, poolsAll(world).filter((p) => p.name !== name));
    if (errs.length) return { ok: false, error: fieldErrorsText(errs) };
  }
  if (existing) {
    const next = deepClone(existing);
    // the API server counts a custom resource's spec changes in its generation
    if (!jsonEqual(existing.spec ?? {}, spec)) next.metadata.generation = (existing.metadata.generation ?? 1) + 1;
    next.spec = spec;
    if (obj.metadata.labels) next.metadata.labels = { ...obj.metadata.labels };
    storePut(api, next);
  } else {
    apiCreate(world.state, { apiVersion: CRD_V1, kind: k.stored, metadata: { name, ...(ns ? { namespace: ns } : {}), ...clientv3Metadata(world.state, k.kind, name, ns), ...(obj.metadata.labels ? { labels: { ...obj.metadata.labels } } : {}) }, spec });
  }
  return { ok: true };
}

export function calicoDelete(world: World, k: CalicoKind, name: string, namespace?: string): WriteResult {
  if (!k.stored || k.readOnly) {
    if (!calicoGet(world, k, name, namespace)) return { ok: false, error: notExistError(k, name, namespace) };
    return { ok: false, error: `resource type '${k.kind}' is read-only` };
  }
  const ns = k.namespaced ? (namespace ?? 'default') : undefined;
  if (k.kind === 'NetworkPolicy' && name.startsWith(K8S_POLICY_PREFIX)) {
    return { ok: false, error: `operation delete is not supported on ${id(k, name, ns)}: kubernetes network policies must be managed through the kubernetes API` };
  }
  // clientv3's IPPool Delete disables the pool and releases its blocks' affinities before deleting it
  const pool = k.kind === 'IPPool' ? storeGet(world.state.api, calicoStoreKind(k), ns, name) : undefined;
  if (pool?.spec?.cidr) ipamReleasePoolAffinities(world, pool.spec.cidr);
  if (!storeDelete(world.state.api, calicoStoreKind(k), ns, name)) return { ok: false, error: notExistError(k, name, ns) };
  return { ok: true };
}

/** Node writes land on the Kubernetes Node's annotations (the KDD backend keeps nothing else). */
function nodeWrite(world: World, action: CalicoAction, obj: KObj): WriteResult {
  const k8s = storeGet(world.state.api, 'Node', undefined, obj.metadata.name);
  if (!k8s) {
    if (action === 'create' || action === 'apply') return { ok: false, error: `operation Create is not supported on Node type` };
    return { ok: false, error: `resource does not exist: Node(${obj.metadata.name}) with error: nodes "${obj.metadata.name}" not found` };
  }
  const bgp: Json = obj.spec?.bgp ?? {};
  const next = deepClone(k8s);
  const ann = (next.metadata.annotations ??= {});
  const set = (key: string, v: unknown) => (v === undefined || v === '' ? delete ann[key] : (ann[key] = String(v)));
  set('projectcalico.org/IPv4Address', bgp.ipv4Address);
  set('projectcalico.org/ASNumber', bgp.asNumber);
  set('projectcalico.org/RouteReflectorClusterID', bgp.routeReflectorClusterID);
  if (obj.metadata.labels) next.metadata.labels = { ...obj.metadata.labels };
  storePut(world.state.api, next);
  return { ok: true };
}

/** A JSON merge patch (RFC 7386), what `calicoctl patch -p` applies. */
export function jsonMergePatch(target: Json, patch: Json): Json {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return deepClone(patch);
  const out: Json = target && typeof target === 'object' && !Array.isArray(target) ? deepClone(target) : {};
  for (const [key, v] of Object.entries(patch)) {
    if (v === null) delete out[key];
    else out[key] = jsonMergePatch(out[key], v);
  }
  return out;
}
