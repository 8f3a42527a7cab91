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

/**
 * The kind an object is keyed under. Calico's crd.projectcalico.org NetworkPolicy has the same
 * kind name as networking.k8s.io's; the API server keeps the two resources apart by group, so
 * the store keys the CRD's objects under the group-qualified name.
 */
export function storedKind(apiVersion: string, kind: string): string {
  return kind === 'NetworkPolicy' && apiVersion.startsWith('crd.projectcalico.org/') ? CALICO_NETWORK_POLICY : kind;
}

export const CALICO_NETWORK_POLICY = 'NetworkPolicy.crd.projectcalico.org';

export function objectKey(kind: string, namespace: string | undefined, name: string): string {
  return `${kind}/${namespace ?? ''}/${name}`;
}

export function storeGet(store: ApiStore, kind: string, namespace: string | undefined, name: string): KObj | undefined {
  return store.objects[objectKey(kind, namespace, name)];
}

/** Objects of one kind (optionally one namespace), sorted by namespace then name as list calls return them. */
export function storeList(store: ApiStore, kind: string, namespace?: string): KObj[] {
  const keys = kindKeys(store, kind).sorted;
  const out: KObj[] = [];
  if (namespace === undefined) {
    for (const k of keys) out.push(store.objects[k]);
    return out;
  }
  // A namespace's keys sit together in the sorted list: find where they start.
  const prefix = `${kind}/${namespace}/`;
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (keys[mid] < prefix) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < keys.length && keys[i].startsWith(prefix); i++) out.push(store.objects[keys[i]]);
  return out;
}

/** The sorted keys of one kind: the same array until an object of that kind is added or deleted. */
export function storeKeys(store: ApiStore, kind: string): readonly string[] {
  return kindKeys(store, kind).sorted;
}

/** Objects of one kind in the order they were stored (the order `Object.values` gives). */
export function storeListByInsertion(store: ApiStore, kind: string): KObj[] {
  return kindKeys(store, kind).inserted.map((k) => store.objects[k]);
}

/**
 * Keys per kind, remembered beside the store (not in it, so snapshots stay plain JSON).
 * Only storePut of a new key and storeDelete change a kind's key set; they drop its entry.
 */
interface KindKeys {
  inserted: string[];
  sorted: string[];
  /** Keys stored since the lists were made (a deletion drops the entry instead). */
  added?: string[];
}

const KIND_INDEX = new WeakMap<ApiStore, Map<string, KindKeys>>();

function kindKeys(store: ApiStore, kind: string): KindKeys {
  let index = KIND_INDEX.get(store);
  if (!index) KIND_INDEX.set(store, (index = new Map()));
  let keys = index.get(kind);
  if (keys?.added) {
    // New keys go at the end (insertion order) and are merged into the sorted list: 5,000 pods
    // created one by one re-read and re-sorted every key of the store 5,000 times before. New
    // arrays, not the old ones changed: readers remember results by the arrays' identity.
    const added = keys.added.slice().sort();
    const old = keys.sorted;
    const sorted: string[] = [];
    let i = 0;
    for (const k of added) {
      while (i < old.length && old[i] < k) sorted.push(old[i++]);
      sorted.push(k);
    }
    while (i < old.length) sorted.push(old[i++]);
    keys = { inserted: keys.inserted.concat(keys.added), sorted };
    index.set(kind, keys);
  }
  if (!keys) {
    const prefix = `${kind}/`;
    const inserted = Object.keys(store.objects).filter((k) => k.startsWith(prefix));
    keys = { inserted, sorted: inserted.slice().sort() };
    index.set(kind, keys);
  }
  return keys;
}

/** A key of `kind` was stored for the first time (`added`) or deleted (no key: the lists are read again). */
function kindChanged(store: ApiStore, kind: string, added?: string): void {
  const index = KIND_INDEX.get(store);
  const keys = index?.get(kind);
  if (!keys) return;
  if (added === undefined) index!.delete(kind);
  else (keys.added ??= []).push(added);
}

/** Store an object, bumping its resourceVersion (creation fields must already be set). */
export function storePut(store: ApiStore, obj: KObj): KObj {
  obj.metadata.resourceVersion = String(++store.revision);
  const kind = storedKind(obj.apiVersion, obj.kind);
  const key = objectKey(kind, obj.metadata.namespace, obj.metadata.name);
  if (!(key in store.objects)) kindChanged(store, kind, key);
  store.objects[key] = obj;
  JOURNAL.get(store)?.keys.push(key);
  return obj;
}

export function storeDelete(store: ApiStore, kind: string, namespace: string | undefined, name: string): boolean {
  const key = objectKey(kind, namespace, name);
  if (!store.objects[key]) return false;
  delete store.objects[key];
  kindChanged(store, kind);
  store.revision++;
  JOURNAL.get(store)?.keys.push(key);
  return true;
}

/**
 * The keys stored or deleted since a reader started watching, in order: the control loops look
 * only at what changed since their last pass. Beside the store (a restored world starts a new
 * journal, and its readers start with a full pass); `start` is the position of keys[0].
 */
export interface StoreJournal {
  start: number;
  keys: string[];
}

const JOURNAL = new WeakMap<ApiStore, StoreJournal>();

export function storeJournal(store: ApiStore): StoreJournal {
  let j = JOURNAL.get(store);
  if (!j) JOURNAL.set(store, (j = { start: 0, keys: [] }));
  return j;
}

/** Forget the entries before `position` (every reader is past them). */
export function storeJournalTrim(store: ApiStore, position: number): void {
  const j = JOURNAL.get(store);
  if (!j || position <= j.start) return;
  const n = Math.min(position - j.start, j.keys.length);
  j.keys.splice(0, n);
  j.start += n;
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
