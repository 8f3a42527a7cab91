/** Creating API objects with the fields the API server fills in (uid, timestamps, versions). */
import type { ApiStore, KObj } from './objects';
import { storePut } from './objects';
import type { WorldState } from '../state';
import { rngUuid } from '../random';
import { admitDefaultTolerations } from './tolerations';

/**
 * RFC 3339 timestamp of a simulated instant, as the API server writes it. One string per second,
 * and a flat one (`replace` left three pieces: 112 bytes, not 40): 5,000 pods and their events
 * hold ~90,000 of these, mostly written in the same few seconds.
 */
export function timestampAt(state: WorldState, atMs: number): string {
  const sec = Math.floor((state.clock.epoch + atMs) / 1000);
  if (sec !== lastStampSec) [lastStampSec, lastStamp] = [sec, [new Date(sec * 1000).toISOString().slice(0, 19), 'Z'].join('')];
  return lastStamp;
}
let lastStampSec = NaN;
let lastStamp = '';

/** Store a new object as the API server would on create: uid, creationTimestamp, resourceVersion. */
export function apiCreate(state: WorldState, obj: Omit<KObj, 'metadata'> & { metadata: Partial<KObj['metadata']> & { name: string } }, atMs = state.clock.now): KObj {
  const full = obj as KObj;
  full.metadata = {
    ...obj.metadata,
    name: obj.metadata.name,
    uid: obj.metadata.uid ?? rngUuid(state.rng),
    resourceVersion: '',
    creationTimestamp: obj.metadata.creationTimestamp ?? timestampAt(state, atMs),
  };
  // The API server omits empty maps (omitempty), so `kubectl get -o yaml` never shows `annotations: {}`.
  for (const key of ['annotations', 'labels'] as const) {
    const m = full.metadata[key];
    if (m && Object.keys(m).length === 0) delete full.metadata[key];
  }
  if (full.kind === 'Pod' && full.spec) admitDefaultTolerations(full);
  return storePut(state.api as ApiStore, full);
}
