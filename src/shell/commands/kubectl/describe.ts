/** `kubectl describe TYPE [NAME...]`: nodes and pods have their own layouts, other kinds the generic one. */
import type { CommandContext } from '../../context';
import type { KObj } from '../../../emulator/k8s/objects';
import { storeGet, storeList } from '../../../emulator/k8s/objects';
import { describeFormat } from '../../format/table';
import type { ParsedArgs } from './args';
import type { Verb } from './common';
import { fail, namespaceOf, notFound } from './common';
import { requestsParse } from './get';
import { describePod } from './describe-pod';
import { describeNode } from './describe-node';
import { describeService } from './describe-service';
import { eventsSection, genericFields, multiline } from './describe-common';
import { selectorParse } from './selector';

function describeGeneric(ctx: CommandContext, o: KObj): string[] {
  const { name, namespace, labels, annotations, ...meta } = o.metadata;
  const rest = Object.fromEntries(Object.entries(o).filter(([k]) => !['apiVersion', 'kind', 'metadata'].includes(k)));
  return [
    `Name:\t${name}`,
    `Namespace:\t${namespace ?? ''}`,
    ...multiline('Labels', Object.entries(labels ?? {}).map(([k, v]) => `${k}=${v}`).sort()),
    ...multiline('Annotations', Object.entries(annotations ?? {}).map(([k, v]) => `${k}: ${v}`).sort()),
    `API Version:\t${o.apiVersion}`,
    `Kind:\t${o.kind}`,
    'Metadata:',
    ...genericFields(Object.fromEntries(Object.keys(meta).sort().map((k) => [k, meta[k]])), '  '),
    ...Object.entries(rest).flatMap(([k, v]) => genericFields({ [k]: v }, '')),
    ...eventsSection(ctx.world, o),
  ];
}

function run(ctx: CommandContext, a: ParsedArgs): number {
  if (!a.args.length) return fail(ctx, "You must specify the type of resource to describe. Use \"kubectl api-resources\" for a complete list of supported resources.\n\nerror: Required resource not specified.\nSee 'kubectl describe -h' for help and examples");
  const parsed = requestsParse(ctx, a.args);
  if (!parsed.ok) return fail(ctx, parsed.error);
  const all = !!a.flags['all-namespaces'];
  const selector = a.flags.selector ? selectorParse(a.flags.selector as string) : null;
  const blocks: string[] = [];
  let status = 0;
  for (const req of parsed.reqs) {
    const ns = req.info.namespaced && !all ? namespaceOf(a) : undefined;
    let objs: KObj[] = [];
    if (req.names.length) {
      for (const name of req.names) {
        // Like kubectl, a name that matches no object exactly falls back to a prefix match.
        const exact = storeGet(ctx.world.state.api, req.info.stored, ns, name);
        const prefixed = exact ? [exact] : storeList(ctx.world.state.api, req.info.stored, ns).filter((o) => o.metadata.name.startsWith(name));
        if (!prefixed.length) {
          ctx.err(notFound(req.info, name) + '\n');
          status = 1;
        }
        objs.push(...prefixed);
      }
    } else objs = storeList(ctx.world.state.api, req.info.stored, ns);
    if (selector) objs = objs.filter(selector);
    for (const o of objs) {
      const lines = o.kind === 'Pod' ? describePod(ctx.world, o) : o.kind === 'Node' ? describeNode(ctx.world, o) : o.kind === 'Service' ? describeService(ctx.world, o) : describeGeneric(ctx, o);
      blocks.push(describeFormat(lines.join('\n') + '\n'));
    }
  }
  ctx.out(blocks.join('\n\n'));
  if (!blocks.length && status === 0) ctx.err(`No resources found in ${namespaceOf(a)} namespace.\n`);
  return status;
}

export const describe: Verb = {
  name: 'describe',
  summary: 'Show details of a specific resource or group of resources',
  server: 'discovery',
  flags: { 'all-namespaces': { type: 'bool', short: 'A' }, selector: { type: 'string', short: 'l' }, 'show-events': { type: 'bool' } },
  run,
};
