/**
 * Where the student's progress lives in the browser: one IndexedDB object store of string values
 * (saved sessions `calico-lab.session.*`, completion receipts `calico-lab.receipt.*`, each lab
 * step's start state `calico-lab.step-start.*`).
 *
 * Why IndexedDB: a saved session is 60–500 KB of JSON per lab, and localStorage's ~5 MB quota
 * fills after a handful of labs (writes then fail silently and progress is lost on reload).
 *
 * Migration: earlier versions kept sessions in localStorage. On first open every such key moves
 * here and leaves localStorage. A value found in localStorage replaces the one in IndexedDB: it
 * can only have been written after the last migration (by an older version of the app, or by
 * this module when IndexedDB was unavailable), so it is the newer one.
 *
 * When IndexedDB cannot be opened (some private modes), localStorage is used as before.
 */

const DB_NAME = 'calico-lab';
const STORE = 'progress';
/** Keys that move from localStorage on first open. */
const MIGRATED_PREFIXES = ['calico-lab.session.', 'calico-lab.receipt.'];

let opening: Promise<IDBDatabase | null> | null = null;

function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error ?? new Error('IndexedDB request failed'));
  });
}

function openVersion(version?: number): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const r = version === undefined ? indexedDB.open(DB_NAME) : indexedDB.open(DB_NAME, version);
    r.onupgradeneeded = () => {
      if (!r.result.objectStoreNames.contains(STORE)) r.result.createObjectStore(STORE);
    };
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error ?? new Error('IndexedDB open failed'));
    r.onblocked = () => reject(new Error('IndexedDB open blocked by another tab'));
  });
}

async function openDb(): Promise<IDBDatabase | null> {
  if (typeof indexedDB === 'undefined') return null;
  try {
    let db = await openVersion();
    if (!db.objectStoreNames.contains(STORE)) {
      // The database exists without our store (created by something else): add it.
      const next = db.version + 1;
      db.close();
      db = await openVersion(next);
    }
    // Another tab upgrading the database asks us to let go; the next call reopens.
    db.onversionchange = () => {
      db.close();
      opening = null;
    };
    await migrateFromLocalStorage(db);
    return db;
  } catch (err) {
    console.warn('progress: IndexedDB unavailable, using localStorage', err);
    return null;
  }
}

function localKeys(): string[] {
  try {
    const keys: string[] = [];
    for (let i = 0; i < localStorage.length; i++) {
      const k = localStorage.key(i);
      if (k !== null && MIGRATED_PREFIXES.some((p) => k.startsWith(p))) keys.push(k);
    }
    return keys;
  } catch {
    return [];
  }
}

async function migrateFromLocalStorage(db: IDBDatabase): Promise<void> {
  const keys = localKeys();
  if (keys.length === 0) return;
  const tx = db.transaction(STORE, 'readwrite');
  const store = tx.objectStore(STORE);
  for (const k of keys) {
    const v = localStorage.getItem(k);
    if (v !== null) store.put(v, k);
  }
  await new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('migration failed'));
    tx.onabort = () => reject(tx.error ?? new Error('migration aborted'));
  });
  // Only once the copies are committed: a failed migration leaves the originals in place.
  for (const k of keys) localStorage.removeItem(k);
}

function db(): Promise<IDBDatabase | null> {
  opening ??= openDb();
  return opening;
}

async function withStore<T>(mode: IDBTransactionMode, f: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const d = await db();
  if (!d) throw new Error('no IndexedDB');
  return request(f(d.transaction(STORE, mode).objectStore(STORE)));
}

/** The stored value, or null. Throws only when storage itself cannot be read. */
export async function progressGet(key: string): Promise<string | null> {
  if (!(await db())) return globalThis.localStorage?.getItem(key) ?? null;
  const v = await withStore('readonly', (s) => s.get(key) as IDBRequest<unknown>);
  return typeof v === 'string' ? v : null;
}

export async function progressPut(key: string, value: string): Promise<void> {
  if (!(await db())) return localStorage.setItem(key, value);
  await withStore('readwrite', (s) => s.put(value, key));
}

export async function progressDelete(key: string): Promise<void> {
  if (!(await db())) return globalThis.localStorage?.removeItem(key);
  await withStore('readwrite', (s) => s.delete(key));
}

/** Every stored entry whose key starts with one of `prefixes` (export, the pack's receipts). */
export async function progressEntries(prefixes: string[]): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const wanted = (k: string) => prefixes.some((p) => k.startsWith(p));
  if (!(await db())) {
    for (const k of localKeys()) if (wanted(k)) out[k] = localStorage.getItem(k) ?? '';
    return out;
  }
  // One transaction for both lists, so they stay in step (sorted by key, same entries).
  const d = (await db())!;
  const store = d.transaction(STORE, 'readonly').objectStore(STORE);
  const [keys, values] = await Promise.all([request(store.getAllKeys()), request(store.getAll())]);
  keys.forEach((k, i) => {
    if (typeof k === 'string' && wanted(k) && typeof values[i] === 'string') out[k] = values[i] as string;
  });
  return out;
}

/** The stored keys that start with `prefix`, without reading their values (step starts are large). */
export async function progressKeys(prefix: string): Promise<string[]> {
  if (!(await db())) {
    const out: string[] = [];
    try {
      for (let i = 0; i < localStorage.length; i++) {
        const k = localStorage.key(i);
        if (k !== null && k.startsWith(prefix)) out.push(k);
      }
    } catch {
      /* storage disabled */
    }
    return out;
  }
  // Every key from `prefix` up to `prefix` followed by the highest code unit.
  const range = IDBKeyRange.bound(prefix, prefix + '\uffff');
  const keys = await withStore('readonly', (s) => s.getAllKeys(range));
  return keys.filter((k): k is string => typeof k === 'string');
}
