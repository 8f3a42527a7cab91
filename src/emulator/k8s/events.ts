/** Kubernetes Events, as `kubectl describe` lists them; repeats fold into a count. */
import type { World } from '../world';
import type { KObj } from './objects';
import { storeGet, storePut } from './objects';
import { apiCreate } from './factory';

export function recordEvent(world: World, about: KObj, type: 'Normal' | 'Warning', reason: string, message: string, source: string): void {
  const ns = about.metadata.namespace ?? 'default';
  const name = `${about.metadata.name}.${reason.toLowerCase()}`;
  const existing = storeGet(world.state.api, 'Event', ns, name);
  if (existing && existing.message === message) {
    existing.count = (existing.count ?? 1) + 1;
    existing.lastTimestamp = world.timestamp();
    storePut(world.state.api, existing);
    return;
  }
  apiCreate(world.state, {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name, namespace: ns },
    involvedObject: { kind: about.kind, name: about.metadata.name, namespace: ns, uid: about.metadata.uid },
    type,
    reason,
    message,
    source: { component: source },
    count: 1,
    firstTimestamp: world.timestamp(),
    lastTimestamp: world.timestamp(),
  });
}
