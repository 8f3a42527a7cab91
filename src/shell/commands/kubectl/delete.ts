/** `kubectl delete -f FILE`, `delete TYPE NAME...`, `TYPE/NAME`, `--all`, `-l`: `pod "x" deleted`. */
import type { CommandContext } from '../../context';
import { storeGet, storeList } from '../../../emulator/k8s/objects';
import { manifestDelete, objectDelete } from '../../../emulator/k8s/apply';
import { kindQualifiedName } from '../../../emulator/k8s/kinds';
import type { ParsedArgs } from './args';
import type { Verb } from './common';
import { NO_RESOURCE, fail, namespaceOf, notFound } from './common';
import { manifestErrorText, manifestRead } from './apply';
import { requestsParse } from './get';
import { selectorParse } from './selector';

/** kubectl's WarningPrinter (1.27+): `Warning:` in bold yellow on a terminal. */
function warning(ctx: CommandContext, message: string): void {
  ctx.err(`${ctx.stdoutIsTty ? '\x1b[33;1mWarning:\x1b[0m' : 'Warning:'} ${message}\n`);
}

/** How long the delete waits for its pods to be gone (--wait, default: a week, as kubectl does). */
const WAIT_FOREVER_MS = 168 * 3600_000;

async function run(ctx: CommandContext, a: ParsedArgs): Promise<number> {
  const ns = namespaceOf(a);
  // delete.go's Complete and Validate: --grace-period=0 alone means 1; --force alone means 0.
  const force = !!a.flags.force;
  let grace = a.flags.now ? 1 : a.flags['grace-period'] !== undefined ? Number(a.flags['grace-period']) : -1;
  if (grace === 0 && !force) grace = 1;
  if (force && grace < 0) grace = 0;
  if (force && grace > 0) return fail(ctx, 'error: --force and --grace-period greater than 0 cannot be specified together');
  if (force && grace === 0) warning(ctx, 'Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.');
  const deleted = grace === 0 ? 'force deleted' : 'deleted';
  const status = await deleteAll(ctx, a, ns, grace === 0, deleted);
  // --wait (default true): until every pod is gone, which a kubelet that is away never confirms.
  if (a.flags.wait !== false && status.waitFor.length) {
    const waiting = () => status.waitFor.some((k) => terminating(ctx, k));
    const until = ctx.world.now + WAIT_FOREVER_MS;
    while (waiting() && ctx.world.now < until) {
      await ctx.sleep(1000, () => !waiting());
      if (ctx.interrupted()) return 130;
    }
  }
  return status.code;
}

function terminating(ctx: CommandContext, key: PodKey): boolean {
  const p = storeGet(ctx.world.state.api, 'Pod', key.ns, key.name);
  return !!p && p.metadata.uid === key.uid && !!p.metadata.deletionTimestamp;
}

type PodKey = { ns?: string; name: string; uid: string };

/** Delete what the arguments name, print each, and say which pods are left Terminating. */
async function deleteAll(ctx: CommandContext, a: ParsedArgs, ns: string, immediate: boolean, deleted: string): Promise<{ code: number; waitFor: PodKey[] }> {
  const waitFor: PodKey[] = [];
  const api = ctx.world.state.api;
  // A pod still there after its delete waits for its kubelet.
  const remember = (kind: string, nsOf: string | undefined, name: string, uid: string | undefined) => {
    if (kind === 'Pod' && uid && storeGet(api, 'Pod', nsOf, name)?.metadata.uid === uid) waitFor.push({ ns: nsOf, name, uid });
  };
  if ((a.flags.filename as string[] | undefined)?.length) {
    const m = await manifestRead(ctx, a);
    if (!m.ok) return { code: fail(ctx, m.error), waitFor };
    const r = manifestDelete(ctx.world, m.text, ns, immediate);
    if (!r.ok) return { code: fail(ctx, manifestErrorText(r.error, m.source, 'deleting')), waitFor };
    let status = 0;
    for (const it of r.items) {
      if (it.found) {
        ctx.out(`${kindQualifiedName(it.info)} "${it.name}" ${deleted}\n`);
        remember(it.info.kind, it.namespace, it.name, it.uid);
      } else {
        ctx.err(`Error from server (NotFound): error when deleting "${m.source}": ${notFound(it.info, it.name).replace(/^Error from server \(NotFound\): /, '')}\n`);
        status = 1;
      }
    }
    return { code: status, waitFor };
  }
  if (a.args.length === 0) return { code: fail(ctx, NO_RESOURCE), waitFor };
  const parsed = requestsParse(ctx, a.args);
  if (!parsed.ok) return { code: fail(ctx, parsed.error), waitFor };
  const selector = a.flags.selector ? selectorParse(a.flags.selector as string) : null;
  let status = 0;
  let any = false;
  for (const req of parsed.reqs) {
    const nsOf = req.info.namespaced ? ns : undefined;
    let names = req.names;
    if (!names.length) {
      if (!a.flags.all && !selector) return { code: fail(ctx, 'error: resource(s) were provided, but no name was specified'), waitFor };
      names = storeList(api, req.info.stored, nsOf).filter((o) => !selector || selector(o)).map((o) => o.metadata.name);
    }
    for (const name of names) {
      any = true;
      const uid = storeGet(api, req.info.stored, nsOf, name)?.metadata.uid;
      if (objectDelete(ctx.world, req.info, nsOf, name, immediate)) {
        ctx.out(`${kindQualifiedName(req.info)} "${name}" ${deleted}\n`);
        remember(req.info.kind, nsOf, name, uid);
      } else {
        ctx.err(notFound(req.info, name) + '\n');
        status = 1;
      }
    }
  }
  if (!any) ctx.err(`No resources found${parsed.reqs.some((r) => r.info.namespaced) ? ` in ${ns} namespace.` : ''}\n`);
  return { code: status, waitFor };
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
