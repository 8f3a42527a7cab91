/** Pieces every `kubectl describe` shares: multi-line fields and the Events table. */
import type { World } from '../../../emulator/world';
import type { Json, KObj } from '../../../emulator/k8s/objects';
import { storeList } from '../../../emulator/k8s/objects';
import { ageSince } from '../../format/age';

/** `Labels:  a=b` then one `\tc=d` line per further value; `<none>` when empty. */
export function multiline(title: string, values: string[]): string[] {
  if (!values.length) return [`${title}:\t<none>`];
  return [`${title}:\t${values[0]}`, ...values.slice(1).map((v) => `\t${v}`)];
}

/** The Events section from the Event objects about this object, oldest first. */
export function eventsSection(world: World, obj: KObj): string[] {
  const ns = obj.metadata.namespace ?? 'default';
  const events = storeList(world.state.api, 'Event', ns)
    .filter((e) => e.involvedObject?.name === obj.metadata.name && e.involvedObject?.kind === obj.kind && (!e.involvedObject?.uid || e.involvedObject.uid === obj.metadata.uid))
    .sort((a, b) => Date.parse(a.lastTimestamp) - Date.parse(b.lastTimestamp));
  if (!events.length) return ['Events:\t<none>'];
  const lines = ['Events:', '  Type\tReason\tAge\tFrom\tMessage', '  ----\t------\t----\t----\t-------'];
  for (const e of events as Json[]) {
    const first = ageSince(world, e.firstTimestamp);
    const age = (e.count ?? 1) > 1 ? `${ageSince(world, e.lastTimestamp)} (x${e.count} over ${first})` : first;
    lines.push(`  ${e.type}\t${e.reason}\t${age}\t${e.source?.component ?? ''}\t${String(e.message ?? '').trim()}`);
  }
  return lines;
}

/** `blockSize` → `Block Size`, `uid` → `UID`: the generic describer's field titles. */
export function fieldTitle(key: string): string {
  if (key === 'uid') return 'UID';
  return key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/^./, (c) => c.toUpperCase());
}

/** The generic describer (CRDs and kinds without their own): nested fields as titled lines. */
export function genericFields(value: Json, indent: string): string[] {
  const lines: string[] = [];
  if (Array.isArray(value)) {
    for (const v of value) {
      if (v !== null && typeof v === 'object') lines.push(...genericFields(v, indent));
      else lines.push(`${indent}${v}`);
    }
    return lines;
  }
  for (const [k, v] of Object.entries(value ?? {})) {
    if (v !== null && typeof v === 'object') lines.push(`${indent}${fieldTitle(k)}:`, ...genericFields(v, indent + '  '));
    else lines.push(`${indent}${fieldTitle(k)}:\t${v}`);
  }
  return lines;
}
