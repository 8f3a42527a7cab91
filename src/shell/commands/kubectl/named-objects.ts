/**
 * The objects a verb like `label` or `set image` changes: each one named by `TYPE NAME…` or
 * `TYPE/NAME` words, in order. A missing one gets the server's NotFound and makes the verb exit 1,
 * and the verb goes on with the others, as kubectl's resource builder does.
 */
import type { CommandContext } from '../../context';
import type { KObj } from '../../../emulator/k8s/objects';
import type { KindInfo } from '../../../emulator/k8s/kinds';
import { storeGet } from '../../../emulator/k8s/objects';
import type { ParsedArgs } from './args';
import { fail, namespaceOf, notFound } from './common';
import { requestsParse } from './get';

/** What a visit says: go on (`ok`), go on but exit 1 (`failed`), or stop now with a status. */
export type Visit = 'ok' | 'failed' | { stop: number };

export function eachNamedObject(ctx: CommandContext, a: ParsedArgs, words: string[], visit: (o: KObj, info: KindInfo, name: string) => Visit): number {
  const parsed = requestsParse(ctx, words);
  if (!parsed.ok) return fail(ctx, parsed.error);
  let status = 0;
  for (const req of parsed.reqs) {
    if (!req.names.length) return fail(ctx, 'error: resource(s) were provided, but no name was specified');
    for (const name of req.names) {
      const o = storeGet(ctx.world.state.api, req.info.stored, req.info.namespaced ? namespaceOf(a) : undefined, name);
      if (!o) {
        ctx.err(notFound(req.info, name) + '\n');
        status = 1;
        continue;
      }
      const v = visit(o, req.info, name);
      if (typeof v === 'object') return v.stop;
      if (v === 'failed') status = 1;
    }
  }
  return status;
}
