/** `kubectl label|annotate TYPE NAME k=v k2- [--overwrite]` (reference §1.6). */
import type { CommandContext } from '../../context';
import type { KObj } from '../../../emulator/k8s/objects';
import { deepClone, jsonEqual, storePut } from '../../../emulator/k8s/objects';
import type { ParsedArgs } from './args';
import type { Verb } from './common';
import { fail, typedName } from './common';
import { eachNamedObject } from './named-objects';

function change(ctx: CommandContext, a: ParsedArgs, field: 'labels' | 'annotations'): number {
  const what = field === 'labels' ? 'label' : 'annotate';
  // Resources come first; the first `k=v` or `k-` starts the edits, as kubectl splits them.
  const first = a.args.findIndex((w) => w.includes('=') || w.endsWith('-'));
  const words = first < 0 ? a.args : a.args.slice(0, first);
  const edits = first < 0 ? [] : a.args.slice(first);
  if (!words.length) return fail(ctx, `error: one or more resources must be specified as <resource> <name> or <resource>/<name>\nSee 'kubectl ${what} -h' for help and examples`);
  if (!edits.length) return fail(ctx, `error: at least one ${field === 'labels' ? 'label' : 'annotation'} update is required\nSee 'kubectl ${what} -h' for help and examples`);
  return eachNamedObject(ctx, a, words, (o, info, name) => {
    const r = edit(o, field, edits, !!a.flags.overwrite);
    if (typeof r === 'string') return { stop: fail(ctx, r) };
    const id = typedName(info, name);
    if (field === 'annotations') ctx.out(`${id} annotated\n`);
    else ctx.out(`${id} ${r.changed ? (r.removed && !r.added ? 'unlabeled' : 'labeled') : 'not labeled'}\n`);
    if (r.changed) storePut(ctx.world.state.api, o);
    return 'ok';
  });
}

function edit(o: KObj, field: 'labels' | 'annotations', edits: string[], overwrite: boolean): { changed: boolean; added: boolean; removed: boolean } | string {
  const before = deepClone(o.metadata[field] ?? {});
  const next: Record<string, string> = { ...before };
  let added = false;
  let removed = false;
  for (const e of edits) {
    if (e.endsWith('-') && !e.includes('=')) {
      delete next[e.slice(0, -1)];
      removed = true;
      continue;
    }
    const i = e.indexOf('=');
    const k = e.slice(0, i);
    const v = e.slice(i + 1);
    if (k in before && before[k] !== v && !overwrite) {
      return field === 'labels' ? `error: '${k}' already has a value (${before[k]}), and --overwrite is false` : `error: --overwrite is false but found the following declared annotation(s): '${k}' already has a value (${before[k]})`;
    }
    next[k] = v;
    added = true;
  }
  const changed = !jsonEqual(before, next);
  if (changed) o.metadata[field] = next;
  return { changed, added, removed };
}

const flags = { overwrite: { type: 'bool' as const }, all: { type: 'bool' as const }, selector: { type: 'string' as const, short: 'l' } };

export const label: Verb = { name: 'label', summary: 'Update the labels on a resource', server: 'discovery', flags, run: (ctx, a) => change(ctx, a, 'labels') };
export const annotate: Verb = { name: 'annotate', summary: 'Update the annotations on a resource', server: 'discovery', flags, run: (ctx, a) => change(ctx, a, 'annotations') };
