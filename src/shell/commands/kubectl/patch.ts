/** `kubectl patch TYPE NAME -p PATCH [--type=merge|strategic]`: a JSON merge patch (RFC 7386). */
import { parse } from 'yaml';
import type { Json } from '../../../emulator/k8s/objects';
import { deepClone, jsonEqual, storeGet, storePut } from '../../../emulator/k8s/objects';
import type { Verb } from './common';
import { fail, namespaceOf, notFound, typedName } from './common';
import { requestsParse } from './get';

function mergePatch(target: Json, patch: Json): Json {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const out = target && typeof target === 'object' && !Array.isArray(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

export const patch: Verb = {
  name: 'patch',
  summary: 'Update fields of a resource',
  server: 'discovery',
  flags: { patch: { type: 'string', short: 'p' }, type: { type: 'string' }, 'patch-file': { type: 'string' } },
  run(ctx, a) {
    if (!a.args.length) return fail(ctx, "error: must specify a resource\nSee 'kubectl patch -h' for help and examples");
    if (a.flags.patch === undefined) return fail(ctx, 'error: must specify --patch or --patch-file containing the contents of the patch');
    if (a.flags.type === 'json') return fail(ctx, 'error: --type=json patches are not supported in this lab; use --type=merge');
    let p: Json;
    try {
      p = parse(a.flags.patch as string);
    } catch {
      return fail(ctx, `error: unable to parse "${a.flags.patch}": yaml: did not find expected node content`);
    }
    const parsed = requestsParse(ctx, a.args);
    if (!parsed.ok) return fail(ctx, parsed.error);
    const req = parsed.reqs[0];
    const name = req.names[0];
    if (!name) return fail(ctx, 'error: resource(s) were provided, but no name was specified');
    const o = storeGet(ctx.world.state.api, req.info.stored, req.info.namespaced ? namespaceOf(a) : undefined, name);
    if (!o) return fail(ctx, notFound(req.info, name));
    const next = mergePatch(deepClone(o), p);
    next.apiVersion = o.apiVersion;
    next.kind = o.kind;
    next.metadata = { ...next.metadata, name: o.metadata.name, namespace: o.metadata.namespace, uid: o.metadata.uid, creationTimestamp: o.metadata.creationTimestamp };
    if (!next.metadata.namespace) delete next.metadata.namespace;
    if (jsonEqual(next, o)) {
      ctx.out(`${typedName(req.info, name)} patched (no change)\n`);
      return 0;
    }
    if (!jsonEqual(next.spec, o.spec)) next.metadata.generation = (o.metadata.generation ?? 1) + 1;
    storePut(ctx.world.state.api, next);
    ctx.out(`${typedName(req.info, name)} patched\n`);
    return 0;
  },
};
