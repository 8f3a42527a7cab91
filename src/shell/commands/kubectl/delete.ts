/** `kubectl delete -f FILE`, `delete TYPE NAME...`, `TYPE/NAME`, `--all`, `-l`: `pod "x" deleted`. */
import type { CommandContext } from '../../context';
import { storeList } from '../../../emulator/k8s/objects';
import { manifestDelete, objectDelete } from '../../../emulator/k8s/apply';
import { kindQualifiedName } from '../../../emulator/k8s/kinds';
import type { ParsedArgs } from './args';
import type { Verb } from './common';
import { NO_RESOURCE, fail, namespaceOf, notFound } from './common';
import { manifestErrorText, manifestRead } from './apply';
import { requestsParse } from './get';
import { selectorParse } from './selector';

async function run(ctx: CommandContext, a: ParsedArgs): Promise<number> {
  const ns = namespaceOf(a);
  if ((a.flags.filename as string[] | undefined)?.length) {
    const m = await manifestRead(ctx, a);
    if (!m.ok) return fail(ctx, m.error);
    const r = manifestDelete(ctx.world, m.text, ns);
    if (!r.ok) return fail(ctx, manifestErrorText(r.error, m.source, 'deleting'));
    let status = 0;
    for (const it of r.items) {
      if (it.found) ctx.out(`${kindQualifiedName(it.info)} "${it.name}" deleted\n`);
      else {
        ctx.err(`Error from server (NotFound): error when deleting "${m.source}": ${notFound(it.info, it.name).replace(/^Error from server \(NotFound\): /, '')}\n`);
        status = 1;
      }
    }
    return status;
  }
  if (a.args.length === 0) return fail(ctx, NO_RESOURCE);
  const parsed = requestsParse(ctx, a.args);
  if (!parsed.ok) return fail(ctx, parsed.error);
  const selector = a.flags.selector ? selectorParse(a.flags.selector as string) : null;
  let status = 0;
  let any = false;
  for (const req of parsed.reqs) {
    const nsOf = req.info.namespaced ? ns : undefined;
    let names = req.names;
    if (!names.length) {
      if (!a.flags.all && !selector) return fail(ctx, 'error: resource(s) were provided, but no name was specified');
      names = storeList(ctx.world.state.api, req.info.stored, nsOf).filter((o) => !selector || selector(o)).map((o) => o.metadata.name);
    }
    for (const name of names) {
      any = true;
      if (objectDelete(ctx.world, req.info, nsOf, name)) ctx.out(`${kindQualifiedName(req.info)} "${name}" deleted\n`);
      else {
        ctx.err(notFound(req.info, name) + '\n');
        status = 1;
      }
    }
  }
  if (!any) ctx.err(`No resources found${parsed.reqs.some((r) => r.info.namespaced) ? ` in ${ns} namespace.` : ''}\n`);
  return status;
}

export const del: Verb = {
  name: 'delete',
  summary: 'Delete resources by file names, stdin, resources and names, or by resources and label selector',
  server: 'discovery',
  flags: {
    filename: { type: 'strings', short: 'f' },
    all: { type: 'bool' },
    selector: { type: 'string', short: 'l' },
    force: { type: 'bool' },
    'grace-period': { type: 'string' },
    wait: { type: 'bool' },
    now: { type: 'bool' },
  },
  run,
};
