/** `kubectl get`: tables per kind, -o wide|yaml|json|name|jsonpath, -l, -A, --show-labels and -w. */
import type { CommandContext } from '../../context';
import type { KObj } from '../../../emulator/k8s/objects';
import { storeGet, storeList } from '../../../emulator/k8s/objects';
import type { KindInfo } from '../../../emulator/k8s/kinds';
import { kindForResource } from '../../../emulator/k8s/kinds';
import { kubectlTable, tabwriter } from '../../format/table';
import { kubectlList, toKubectlJson, toKubectlYaml } from '../../format/yaml-json';
import type { ParsedArgs } from './args';
import type { Verb } from './common';
import { fail, namespaceOf, notFound, typedName } from './common';
import { labelsText, printerFor, printerHeaders, printerRow } from './printers';
import { selectorParse } from './selector';
import { jsonpathRun } from './jsonpath';
import type { Column } from './custom-columns';
import { customColumnsParse, customColumnsRows } from './custom-columns';

const NO_TYPE = `You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.

error: Required resource not specified.
Use "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).
See 'kubectl get -h' for help and examples`;

/** `kubectl get all`: the workload kinds, in kubectl's order. */
const ALL = ['pods', 'services', 'daemonsets', 'deployments', 'replicasets'];

interface Request {
  info: KindInfo;
  names: string[];
}

/** Parse `TYPE[,TYPE] [NAME...]` or `TYPE/NAME...` into per-kind requests. */
export function requestsParse(ctx: CommandContext, words: string[]): { ok: true; reqs: Request[] } | { ok: false; error: string } {
  const api = ctx.world.state.api;
  const resolve = (t: string) => kindForResource(api, t);
  const reqs: Request[] = [];
  if (words.some((w) => w.includes('/'))) {
    for (const w of words) {
      const [t, name] = w.split('/', 2);
      if (!name) return { ok: false, error: 'error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. \'kubectl get resource/<resource_name>\' instead of \'kubectl get resource resource/<resource_name>\')' };
      const info = resolve(t);
      if (!info) return { ok: false, error: `error: the server doesn't have a resource type "${t}"` };
      const r = reqs.find((x) => x.info === info);
      if (r) r.names.push(name);
      else reqs.push({ info, names: [name] });
    }
    return { ok: true, reqs };
  }
  for (const t of words[0].split(',').filter(Boolean)) {
    for (const typed of t === 'all' ? ALL : [t]) {
      const info = resolve(typed);
      if (!info) return { ok: false, error: `error: the server doesn't have a resource type "${typed}"` };
      if (!reqs.some((r) => r.info.stored === info.stored)) reqs.push({ info, names: words.slice(1) });
    }
  }
  return { ok: true, reqs };
}

function emptyMessage(a: ParsedArgs, namespaced: boolean): string {
  return a.flags['all-namespaces'] || !namespaced ? 'No resources found' : `No resources found in ${namespaceOf(a)} namespace.`;
}

async function run(ctx: CommandContext, a: ParsedArgs): Promise<number> {
  if (a.args.length === 0) return fail(ctx, NO_TYPE);
  const parsed = requestsParse(ctx, a.args);
  if (!parsed.ok) return fail(ctx, parsed.error);
  const all = !!a.flags['all-namespaces'];
  const ns = namespaceOf(a);
  const output = (a.flags.output as string | undefined) ?? '';
  const selector = a.flags.selector ? selectorParse(a.flags.selector as string) : null;
  if (a.flags.selector && !selector) return fail(ctx, `error: unable to parse requirement: found '${a.flags.selector}', expected: identifier`);
  let columns: Column[] | null = null;
  if (output.startsWith('custom-columns=') || output === 'custom-columns') {
    const c = customColumnsParse(output.replace(/^custom-columns=?/, ''));
    if (!c.ok) return fail(ctx, `error: ${c.error}`);
    columns = c.columns;
  } else if (output && !/^(wide|yaml|json|name|jsonpath=.*|jsonpath)$/.test(output)) {
    return fail(ctx, `error: unable to match a printer suitable for the output format "${output}", allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml`);
  }
  const api = ctx.world.state.api;
  const errors: string[] = [];
  const groups: { info: KObj[]; req: Request }[] = [];
  for (const req of parsed.reqs) {
    const nsOf = req.info.namespaced ? (all ? undefined : ns) : undefined;
    let objs: KObj[];
    if (req.names.length) {
      objs = [];
      for (const name of req.names) {
        const o = req.info.namespaced && all ? storeList(api, req.info.stored).find((x) => x.metadata.name === name) : storeGet(api, req.info.stored, nsOf, name);
        if (o) objs.push(o);
        else errors.push(notFound(req.info, name));
      }
    } else objs = storeList(api, req.info.stored, nsOf);
    if (selector) objs = objs.filter(selector);
    groups.push({ info: objs, req });
  }
  const objects = groups.flatMap((g) => g.info);
  const single = parsed.reqs.length === 1 && parsed.reqs[0].names.length === 1 && !a.args[0].includes(',');
  if (output === 'yaml' || output === 'json') {
    if (objects.length) {
      const data = single && objects.length === 1 ? objects[0] : kubectlList(objects);
      ctx.out(output === 'yaml' ? toKubectlYaml(data) : toKubectlJson(data));
    }
  } else if (output.startsWith('jsonpath')) {
    const template = output.replace(/^jsonpath=?/, '');
    const data = single && objects.length === 1 ? objects[0] : kubectlList(objects);
    const r = jsonpathRun(template, data);
    if (!r.ok) return fail(ctx, `error: ${r.error}`);
    ctx.out(r.text);
  } else if (columns) {
    if (objects.length) ctx.out(kubectlTable(customColumnsRows(columns, objects)));
  } else if (output === 'name') {
    for (const g of groups) for (const o of g.info) ctx.out(typedName(g.req.info, o.metadata.name) + '\n');
  } else {
    const prefix = parsed.reqs.length > 1;
    const tables = groups.filter((g) => g.info.length).map((g) => tableRows(ctx, a, g.req.info, g.info, prefix));
    ctx.out(tables.map(kubectlTable).join('\n'));
    if (a.flags.watch && parsed.reqs.length === 1) {
      for (const e of errors) ctx.err(e + '\n');
      return watch(ctx, a, parsed.reqs[0], tables[0] ?? [tableHeader(a, parsed.reqs[0].info)]);
    }
  }
  for (const e of errors) ctx.err(e + '\n');
  if (objects.length === 0 && errors.length === 0) {
    ctx.err(emptyMessage(a, parsed.reqs.some((r) => r.info.namespaced)) + '\n');
  }
  return errors.length ? 1 : 0;
}

function tableHeader(a: ParsedArgs, info: KindInfo): string[] {
  const h = printerHeaders(printerFor(info.stored), a.flags.output === 'wide');
  return [...(a.flags['all-namespaces'] && info.namespaced ? ['NAMESPACE'] : []), ...h, ...(a.flags['show-labels'] ? ['LABELS'] : [])];
}

function tableRow(ctx: CommandContext, a: ParsedArgs, info: KindInfo, o: KObj, prefix: boolean): string[] {
  const row = printerRow(printerFor(info.stored), o, ctx.world, a.flags.output === 'wide');
  if (prefix) row[0] = typedName(info, row[0]);
  return [...(a.flags['all-namespaces'] && info.namespaced ? [o.metadata.namespace ?? ''] : []), ...row, ...(a.flags['show-labels'] ? [labelsText(o)] : [])];
}

function tableRows(ctx: CommandContext, a: ParsedArgs, info: KindInfo, objs: KObj[], prefix: boolean): string[][] {
  const rows = objs.map((o) => tableRow(ctx, a, info, o, prefix));
  return a.flags['no-headers'] ? rows : [tableHeader(a, info), ...rows];
}

/**
 * `-w`: after the table, one line per changed object, aligned to the first table's columns but
 * widened for a longer cell, as kubectl's per-event flush of its tabwriter looks.
 */
async function watch(ctx: CommandContext, a: ParsedArgs, req: Request, first: string[][]): Promise<number> {
  const widths = first[0].map((_, i) => Math.max(6, ...first.map((r) => [...r[i]].length + 3)));
  const list = () => {
    const api = ctx.world.state.api;
    const nsOf = req.info.namespaced && !a.flags['all-namespaces'] ? namespaceOf(a) : undefined;
    let objs = storeList(api, req.info.stored, nsOf);
    if (req.names.length) objs = objs.filter((o) => req.names.includes(o.metadata.name));
    const sel = a.flags.selector ? selectorParse(a.flags.selector as string) : null;
    return sel ? objs.filter(sel) : objs;
  };
  const seen = new Map(list().map((o) => [o.metadata.uid, o.metadata.resourceVersion]));
  while (!ctx.interrupted()) {
    await ctx.sleep(1000);
    if (ctx.interrupted()) break;
    for (const o of list()) {
      if (seen.get(o.metadata.uid) === o.metadata.resourceVersion) continue;
      seen.set(o.metadata.uid, o.metadata.resourceVersion);
      const row = tableRow(ctx, a, req.info, o, false);
      const w = row.map((c, i) => Math.max(widths[i] ?? 6, [...c].length + 3));
      ctx.out(tabwriter(row.map((c, i) => (i < row.length - 1 ? c + ' '.repeat(w[i] - [...c].length - 3) : c)).join('\t') + '\n', { minWidth: 0, padding: 3 }));
    }
  }
  return 130;
}

export const get: Verb = {
  name: 'get',
  summary: 'Display one or many resources',
  server: 'discovery',
  flags: {
    'all-namespaces': { type: 'bool', short: 'A' },
    output: { type: 'string', short: 'o' },
    selector: { type: 'string', short: 'l' },
    'show-labels': { type: 'bool' },
    watch: { type: 'bool', short: 'w' },
    'no-headers': { type: 'bool' },
  },
  run,
};
