/** Kubernetes API objects as the API server stores them: plain JSON, keyed by kind/namespace/name. */

export interface ObjectMeta {
  name: string;
  namespace?: string;
  uid: string;
  resourceVersion: string;
  creationTimestamp: string;
  generation?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: { apiVersion: string; kind: string; name: string; uid: string; controller?: boolean }[];
  [key: string]: unknown;
}

/* The API server stores arbitrary JSON; callers read fields they know by path. */
/* eslint-disable-next-line @typescript-eslint/no-explicit-any */
export type Json = any;

export interface KObj {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  spec?: Json;
  status?: Json;
  data?: Record<string, string>;
  [key: string]: Json;
}

export interface ApiStore {
  /** Monotonic resourceVersion counter, as etcd's revision. */
  revision: number;
  objects: Record<string, KObj>;
}

export function objectKey(kind: string, namespace: string | undefined, name: string): string {
  return `${kind}/${namespace ?? ''}/${name}`;
}

export function storeGet(store: ApiStore, kind: string, namespace: string | undefined, name: string): KObj | undefined {
  return store.objects[objectKey(kind, namespace, name)];
}

/** Objects of one kind (optionally one namespace), sorted by namespace then name as list calls return them. */
export function storeList(store: ApiStore, kind: string, namespace?: string): KObj[] {
  const prefix = namespace === undefined ? `${kind}/` : `${kind}/${namespace}/`;
  return Object.keys(store.objects)
    .filter((k) => k.startsWith(prefix))
    .sort()
    .map((k) => store.objects[k]);
}

/** Store an object, bumping its resourceVersion (creation fields must already be set). */
export function storePut(store: ApiStore, obj: KObj): KObj {
  obj.metadata.resourceVersion = String(++store.revision);
  store.objects[objectKey(obj.kind, obj.metadata.namespace, obj.metadata.name)] = obj;
  return obj;
}

export function storeDelete(store: ApiStore, kind: string, namespace: string | undefined, name: string): boolean {
  const key = objectKey(kind, namespace, name);
  if (!store.objects[key]) return false;
  delete store.objects[key];
  store.revision++;
  return true;
}

export function deepClone<T>(v: T): T {
  return v === undefined ? v : JSON.parse(JSON.stringify(v));
}

/** Structural equality of JSON values (key order ignored), for apply's unchanged/configured. */
export function jsonEqual(a: Json, b: Json): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => jsonEqual(a[k], b[k]));
}
