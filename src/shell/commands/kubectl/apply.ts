/** `kubectl apply -f FILE|URL|-`: one `<kind.group>/<name> <verb>` line per object, all or nothing. */
import type { CommandContext } from '../../context';
import { fsRead, fsResolve } from '../../../emulator/fs';
import { catalogueFetch } from '../../catalogue';
import type { ManifestError } from '../../../emulator/k8s/apply';
import { manifestApply } from '../../../emulator/k8s/apply';
import { snapshotDecode } from '../../../emulator/snapshot-shared';
import type { ParsedArgs } from './args';
import type { Verb } from './common';
import { fail, namespaceOf, typedName } from './common';

/** Read `-f`: a file on this node, `-` for stdin, or a URL from the lab's offline internet. */
export async function manifestRead(ctx: CommandContext, a: ParsedArgs): Promise<{ ok: true; text: string; source: string } | { ok: false; error: string }> {
  const f = a.flags.filename as string[] | undefined;
  if (!f?.length) return { ok: false, error: 'error: must specify one of -f and -k' };
  const source = f[0];
  if (source === '-') return { ok: true, text: ctx.stdin, source: 'STDIN' };
  if (/^https?:\/\//.test(source)) {
    const r = catalogueFetch(source);
    if (!r) return { ok: false, error: `error: unable to read URL "${source}", Get "${source}": dial tcp: lookup ${source.replace(/^\w+:\/\/([^/:]+).*$/, '$1')} on 127.0.0.53:53: server misbehaving` };
    if (r.status !== 200) return { ok: false, error: `error: unable to read URL "${source}", server reported ${r.status} ${r.statusText}, status code=${r.status}` };
    return { ok: true, text: r.body, source };
  }
  const content = fsRead(ctx.node.fs, fsResolve(ctx.shell.cwd, source));
  if (content === 'ENOENT' || content === 'ENOTDIR') return { ok: false, error: `error: the path "${source}" does not exist` };
  if (content === 'EISDIR') return { ok: false, error: `error: error reading [${source}]: recognized file extensions are [.json .yaml .yml]` };
  return { ok: true, text: content, source };
}

/** kubectl's wording for each way a manifest can fail. */
export function manifestErrorText(e: ManifestError, source: string, verb: 'creating' | 'deleting' = 'creating'): string {
  switch (e.type) {
    case 'yaml':
      return `error: error parsing ${source}: error converting YAML to JSON: yaml: ${e.problem}`;
    case 'field-not-set':
      return `error: error validating "${source}": error validating data: ${e.field} not set; if you choose to ignore these errors, turn validation off with --validate=false`;
    case 'no-match':
      return `error: resource mapping not found for name: "${e.name}" namespace: "${e.namespace}" from "${source}": no matches for kind "${e.kind}" in version "${e.apiVersion}"\nensure CRDs are installed first`;
    case 'no-name': {
      const gv = `${e.info.group}/${e.info.version}`;
      return `error: error when retrieving current configuration of:\nResource: "${gv}, Resource=${e.info.plural}", GroupVersionKind: "${gv}, Kind=${e.info.kind}"\nName: "", Namespace: "${e.namespace}"\nfrom server for: "${source}": resource name may not be empty`;
    }
    case 'invalid':
      return `The ${e.kind} "${e.name}" is invalid: ${e.causes.length === 1 ? e.causes[0] : `\n${e.causes.map((c) => `* ${c}`).join('\n')}`}`;
    case 'namespace-not-found':
      return `Error from server (NotFound): error when ${verb} "${source}": namespaces "${e.namespace}" not found`;
  }
}

async function run(ctx: CommandContext, a: ParsedArgs): Promise<number> {
  const m = await manifestRead(ctx, a);
  if (!m.ok) return fail(ctx, m.error);
  const dry = a.flags['dry-run'] as string | undefined;
  const snapshot = dry && dry !== 'none' ? ctx.world.snapshot() : null;
  const r = manifestApply(ctx.world, m.text, namespaceOf(a));
  if (snapshot) ctx.world.state = snapshotDecode(snapshot);
  if (!r.ok) return fail(ctx, manifestErrorText(r.error, m.source));
  const suffix = snapshot ? (dry === 'server' ? ' (server dry run)' : ' (dry run)') : '';
  if (r.items.length === 0) return fail(ctx, 'error: no objects passed to apply');
  for (const it of r.items) {
    if (a.flags.output === 'name') ctx.out(typedName(it.info, it.name) + '\n');
    else ctx.out(`${typedName(it.info, it.name)} ${it.verb}${suffix}\n`);
  }
  return 0;
}

export const apply: Verb = {
  name: 'apply',
  summary: 'Apply a configuration to a resource by file name or stdin',
  server: 'plain',
  flags: { filename: { type: 'strings', short: 'f' }, 'dry-run': { type: 'string' }, output: { type: 'string', short: 'o' }, recursive: { type: 'bool', short: 'R' }, 'server-side': { type: 'bool' }, 'force-conflicts': { type: 'bool' } },
  run,
};
