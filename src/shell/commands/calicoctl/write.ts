/**
 * `calicoctl apply|create|replace|delete -f FILE` and `delete KIND NAME`, `patch KIND NAME -p`:
 * resources are processed in order and processing stops at the first failure, with calicoctl's
 * success, partial-success and failure messages (reference §6).
 */
import { parseAllDocuments } from 'yaml';
import { calicoctlDocuments, goYamlProblem } from '../../../emulator/go-yaml-errors';
import { strictFieldsError } from './strict-fields';
import type { CommandContext } from '../../context';
import type { Json, KObj } from '../../../emulator/k8s/objects';
import { fsResolve, fsStat } from '../../../emulator/fs';
import type { CalicoKind } from '../../../emulator/calico/resources';
import { V3, calicoGet, calicoKindByV3, calicoKindLookup, notExistError } from '../../../emulator/calico/resources';
import type { CalicoAction, WriteResult } from '../../../emulator/calico/datastore';
import { calicoDelete, calicoWrite, jsonMergePatch } from '../../../emulator/calico/datastore';
import { deleteHelp, patchHelp, writeHelp } from './help';
import { invalidOption, parseOpts, resourceNamespace } from './args';
import { calicoClient, versionMismatch } from './client';
import type { Invocation } from './invocation';
import { backendError, kindVisible, missingError } from './datastore-view';

const PAST: Record<CalicoAction, string> = { apply: 'applied', create: 'created', replace: 'replaced', delete: 'deleted' };

type Loaded = { ok: true; resources: KObj[] } | { ok: false; error: string };

/** Read and decode the documents of `-f` (resourceloader): List kinds are unpacked. */
export function loadResources(ctx: CommandContext, file: string): Loaded {
  let text: string;
  if (file === '-') text = ctx.stdin;
  else {
    const e = fsStat(ctx.node.fs, fsResolve(ctx.shell.cwd, file));
    if (!e) return { ok: false, error: `open ${file}: no such file or directory` };
    if (e.type === 'dir') return { ok: false, error: `read ${file}: is a directory` };
    text = e.content;
  }
  const out: KObj[] = [];
  for (const chunk of calicoctlDocuments(text)) for (const doc of parseAllDocuments(chunk, { uniqueKeys: false })) {
    // go-yaml-wrapper reads each chunk with go-yaml v2: its words and chunk-relative line numbers
    if (doc.errors.length) return { ok: false, error: `error converting YAML to JSON: yaml: ${goYamlProblem(chunk, doc.errors)}` };
    let v: Json;
    try {
      v = doc.toJS();
    } catch {
      return { ok: false, error: `error converting YAML to JSON: yaml: ${goYamlProblem(chunk, [])}` }; // an alias to no anchor
    }
    if (v === null || v === undefined) continue;
    if (typeof v !== 'object' || Array.isArray(v)) return { ok: false, error: 'error unmarshaling JSON: json: cannot unmarshal into Go value of type unstructured.Unstructured' };
    if (!v.apiVersion || !v.kind) return { ok: false, error: `Object 'Kind' is missing in '${JSON.stringify(v)}'` };
    const items: Json[] = typeof v.kind === 'string' && v.kind.endsWith('List') && Array.isArray(v.items) ? v.items : [v];
    for (const it of items) {
      if (it.apiVersion !== V3) return { ok: false, error: `unknown resource apiVersion '${it.apiVersion}'` };
      if (!calicoKindByV3(it.kind)) return { ok: false, error: `resource type '${it.kind}' is not supported` };
      const strict = strictFieldsError(it);
      if (strict) return { ok: false, error: strict };
      it.metadata ??= {};
      out.push(it as KObj);
    }
  }
  return { ok: true, resources: out };
}

export function calicoctlWrite(ctx: CommandContext, inv: Invocation, action: CalicoAction, args: string[]): number {
  const p = parseOpts(args, [
    { long: 'filename', short: 'f', value: true },
    { long: 'recursive', short: 'R' },
    { long: 'skip-empty' },
    { long: 'namespace', short: 'n', value: true },
    ...(action === 'create' ? [{ long: 'skip-exists' }] : []),
    ...(action === 'delete' ? [{ long: 'skip-not-exists', short: 's' }] : []),
  ]);
  if (!p.ok) return fail(ctx, invalidOption([action, ...args]));
  if (p.opts.help) {
    ctx.out((action === 'delete' ? deleteHelp(inv.name) : writeHelp(inv.name, action)) + '\n');
    return 0;
  }
  const file = p.opts.filename as string | undefined;
  if (!file && !(action === 'delete' && p.pos.length >= 1)) return fail(ctx, invalidOption([action, ...args]));
  const config = p.opts.config as string | undefined;
  const mismatch = versionMismatch(ctx, inv.allowMismatch || !!p.opts['allow-version-mismatch'], config);
  if (mismatch) return fail(ctx, mismatch + '\n');

  let resources: KObj[];
  if (file) {
    const loaded = loadResources(ctx, file);
    if (!loaded.ok) return fail(ctx, `Failed to execute command: ${loaded.error}\n`);
    resources = loaded.resources;
  } else {
    const kind = calicoKindLookup(p.pos[0]);
    if (!kind) return fail(ctx, `Failed to execute command: resource type '${p.pos[0]}' is not supported\n`);
    if (p.pos.length < 2) return fail(ctx, invalidOption([action, ...args]));
    resources = [{ apiVersion: V3, kind: kind.kind, metadata: { name: p.pos[1] } } as KObj];
  }
  // Every resource's namespace is settled before anything is written: a rejected file changes nothing.
  for (const r of resources) {
    const k = calicoKindByV3(r.kind)!;
    // metadata that is not a map fails the name check on write, as it did before namespaces.
    if (typeof r.metadata !== 'object' || r.metadata === null || Array.isArray(r.metadata)) continue;
    const ns = resourceNamespace(k.namespaced, k.kind, r.metadata.namespace || undefined, p.opts.namespace as string | undefined);
    if (!ns.ok) return fail(ctx, `Failed to execute command: ${ns.error}\n`);
    r.metadata.namespace = ns.namespace;
  }
  const client = calicoClient(ctx, config);
  if (!client.ok) {
    ctx.out(client.fatal ? client.error : `Failed to create Calico API client: ${client.error}\n`);
    return 1;
  }
  if (resources.length === 0) {
    ctx.out('No resources specified\n');
    return 0;
  }
  const kinds = new Set(resources.map((r) => r.kind));
  const singleKind = kinds.size === 1 ? resources[0].kind : '';
  let handled = 0;
  const errs: string[] = [];
  for (const r of resources) {
    const k = calicoKindByV3(r.kind)!;
    const verb = action === 'delete' ? 'delete' : action === 'replace' ? 'put' : 'post';
    let res: WriteResult = kindVisible(ctx, client.datastore, k) ? calicoWrite(ctx.world, k, action, r) : { ok: false, error: missingError(ctx, client.datastore, k, r.metadata.name, r.metadata.namespace, verb) };
    if (!res.ok) res = { ok: false, error: backendError(client.datastore, res.error) };
    if (!res.ok && action === 'create' && p.opts['skip-exists'] && res.error.startsWith('resource already exists')) res = { ok: true };
    if (!res.ok && action === 'delete' && p.opts['skip-not-exists'] && res.error.startsWith('resource does not exist')) res = { ok: true };
    if (!res.ok) {
      errs.push(res.error);
      break;
    }
    handled++;
  }
  ctx.world.reconcile();
  return report(ctx, action, resources.length, handled, singleKind, errs);
}

function report(ctx: CommandContext, action: CalicoAction, total: number, handled: number, singleKind: string, errs: string[]): number {
  const past = PAST[action];
  if (action === 'delete' && errs.length) {
    if (handled) ctx.out(`Partial success: ${past} the first ${handled} out of ${total} ${singleKind ? `'${singleKind}' ` : ''}resources:\n`);
    return fail(ctx, errs.map((e) => `Failed to delete '${singleKind || 'resource'}' resource: ${e}`).join('\n') + '\n');
  }
  if (!errs.length) {
    ctx.out(singleKind ? `Successfully ${past} ${handled} '${singleKind}' resource(s)\n` : `Successfully ${past} ${handled} resource(s)\n`);
    return 0;
  }
  if (handled === 0) {
    if (total === 1) return fail(ctx, `Failed to ${action} '${singleKind}' resource: [${errs.join(' ')}]\n`);
    if (singleKind) return fail(ctx, `Failed to ${action} any '${singleKind}' resources: [${errs.join(' ')}]\n`);
    return fail(ctx, `Failed to ${action} any resources: [${errs.join(' ')}]\n`);
  }
  ctx.out(`Partial success: ${past} the first ${handled} out of ${total} ${singleKind ? `'${singleKind}' ` : ''}resources:\n`);
  return fail(ctx, `Hit error(s): [${errs.join(' ')}]\n`);
}

/** `calicoctl patch KIND NAME -p '{...}'`: a merge patch of the v3 resource, then an update. */
export function calicoctlPatch(ctx: CommandContext, inv: Invocation, args: string[]): number {
  const p = parseOpts(args, [
    { long: 'patch', short: 'p', value: true },
    { long: 'type', short: 't', value: true },
    { long: 'namespace', short: 'n', value: true },
  ]);
  if (!p.ok) return fail(ctx, invalidOption(['patch', ...args]));
  if (p.opts.help) {
    ctx.out(patchHelp(inv.name) + '\n');
    return 0;
  }
  if (p.pos.length !== 2 || typeof p.opts.patch !== 'string') return fail(ctx, invalidOption(['patch', ...args]));
  const config = p.opts.config as string | undefined;
  const mismatch = versionMismatch(ctx, inv.allowMismatch || !!p.opts['allow-version-mismatch'], config);
  if (mismatch) return fail(ctx, mismatch + '\n');
  const kind = calicoKindLookup(p.pos[0]);
  if (!kind) return fail(ctx, `Failed to execute command: resource type '${p.pos[0]}' is not supported\n`);
  const client = calicoClient(ctx, config);
  if (!client.ok) {
    ctx.out(client.fatal ? client.error : `Failed to create Calico API client: ${client.error}\n`);
    return 1;
  }
  let patch: Json;
  try {
    patch = JSON.parse(p.opts.patch);
  } catch (e) {
    return fail(ctx, `Failed to patch '${kind.kind}' resource: [${(e as Error).message}]\n`);
  }
  const nsr = resourceNamespace(kind.namespaced, kind.kind, undefined, p.opts.namespace as string | undefined);
  if (!nsr.ok) return fail(ctx, `Failed to patch '${kind.kind}' resource: [${nsr.error}]\n`);
  const ns = nsr.namespace;
  const existing = kindVisible(ctx, client.datastore, kind) ? calicoGet(ctx.world, kind, p.pos[1], ns) : undefined;
  let res: WriteResult = existing ? calicoWrite(ctx.world, kind, 'replace', patched(kind, existing, patch)) : { ok: false, error: missingError(ctx, client.datastore, kind, p.pos[1], ns) };
  if (!res.ok) res = { ok: false, error: backendError(client.datastore, res.error) };
  ctx.world.reconcile();
  if (!res.ok) return fail(ctx, `Failed to patch '${kind.kind}' resource: [${res.error}]\n`);
  ctx.out(`Successfully patched 1 '${kind.kind}' resource\n`);
  return 0;
}

function patched(kind: CalicoKind, existing: KObj, patch: Json): KObj {
  const merged = jsonMergePatch(existing, patch);
  merged.kind = kind.kind;
  merged.metadata = { ...merged.metadata, name: existing.metadata.name, resourceVersion: existing.metadata.resourceVersion };
  return merged;
}

export { calicoDelete };

function fail(ctx: CommandContext, text: string): number {
  ctx.err(text);
  return 1;
}
