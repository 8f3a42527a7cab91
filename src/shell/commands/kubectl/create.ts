/** `kubectl create deployment|namespace|-f`: new objects only (AlreadyExists otherwise). */
import type { CommandContext } from '../../context';
import { storeGet } from '../../../emulator/k8s/objects';
import { apiCreate } from '../../../emulator/k8s/factory';
import { kindForObject, kindForResource } from '../../../emulator/k8s/kinds';
import { manifestApply, manifestParse } from '../../../emulator/k8s/apply';
import type { ParsedArgs } from './args';
import type { Verb } from './common';
import { fail, namespaceOf, resourceName, typedName } from './common';
import { manifestErrorText, manifestRead } from './apply';
import { generate } from './dry-run';
import type { Json } from '../../../emulator/k8s/objects';

/** The container name kubectl derives from an image: `docker.io/library/nginx:1.25` → `nginx`. */
export function imageName(image: string): string {
  return image.replace(/[@:][^/]*$/, '').split('/').pop()!.toLowerCase().replace(/[^a-z0-9-]/g, '-');
}

async function fromFile(ctx: CommandContext, a: ParsedArgs): Promise<number> {
  const m = await manifestRead(ctx, a);
  if (!m.ok) return fail(ctx, m.error);
  const parsed = manifestParse(m.text);
  if (!parsed.ok) return fail(ctx, manifestErrorText(parsed.error, m.source));
  for (const doc of parsed.docs) {
    const info = kindForObject(ctx.world.state.api, String(doc?.apiVersion), String(doc?.kind));
    const ns = info?.namespaced ? (doc.metadata?.namespace ?? namespaceOf(a)) : undefined;
    if (info && doc.metadata?.name && storeGet(ctx.world.state.api, info.stored, ns, doc.metadata.name)) {
      return fail(ctx, `Error from server (AlreadyExists): error when creating "${m.source}": ${resourceName(info)} "${doc.metadata.name}" already exists`);
    }
  }
  const r = manifestApply(ctx.world, m.text, namespaceOf(a));
  if (!r.ok) return fail(ctx, manifestErrorText(r.error, m.source));
  for (const it of r.items) ctx.out(`${typedName(it.info, it.name)} created\n`);
  return 0;
}

function deployment(ctx: CommandContext, a: ParsedArgs, name: string): number {
  const image = a.flags.image as string[] | undefined;
  if (!image?.length) return fail(ctx, 'error: required flag(s) "image" not set');
  const ns = namespaceOf(a);
  const info = kindForResource(ctx.world.state.api, 'deployments')!;
  if (a.flags['dry-run'] !== 'client' && storeGet(ctx.world.state.api, 'Deployment', ns, name)) return fail(ctx, `error: failed to create deployment: deployments.apps "${name}" already exists`);
  const replicas = Number(a.flags.replicas ?? 1);
  const port = a.flags.port as string | undefined;
  const labels = { app: name };
  const containers = image.map((img) => ({ name: imageName(img), image: img, ...(port ? { ports: [{ containerPort: Number(port) }] } : {}), resources: {} }));
  const spec = { replicas, selector: { matchLabels: labels }, strategy: {}, template: { metadata: { labels }, spec: { containers } } };
  // What kubectl sends: the namespace only when -n was given, no timestamps yet.
  const sent = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { creationTimestamp: null, labels, name, ...(a.flags.namespace ? { namespace: ns } : {}) },
    spec: { ...spec, template: { ...spec.template, metadata: { creationTimestamp: null, labels } } },
    status: {},
  };
  return generate(ctx, a, info, name, sent, () =>
    apiCreate(ctx.world.state, {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, namespace: ns, labels, generation: 1 },
      spec,
      status: {},
    }) as unknown as Json,
  );
}

function namespace(ctx: CommandContext, name: string): number {
  if (storeGet(ctx.world.state.api, 'Namespace', undefined, name)) return fail(ctx, `Error from server (AlreadyExists): namespaces "${name}" already exists`);
  apiCreate(ctx.world.state, { apiVersion: 'v1', kind: 'Namespace', metadata: { name }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } });
  ctx.out(`namespace/${name} created\n`);
  return 0;
}

async function run(ctx: CommandContext, a: ParsedArgs): Promise<number> {
  if ((a.flags.filename as string[] | undefined)?.length) return fromFile(ctx, a);
  const [what, name] = a.args;
  if (!what) return fail(ctx, 'error: must specify one of -f and -k');
  if (what === 'deployment' || what === 'deploy') {
    if (!name) return fail(ctx, 'error: exactly one NAME is required, got 0\nSee \'kubectl create deployment -h\' for help and examples');
    return deployment(ctx, a, name);
  }
  if (what === 'namespace' || what === 'ns') {
    if (!name) return fail(ctx, 'error: exactly one NAME is required, got 0\nSee \'kubectl create namespace -h\' for help and examples');
    return namespace(ctx, name);
  }
  return fail(ctx, `error: unknown command "${what}" for "kubectl create"`);
}

export const create: Verb = {
  name: 'create',
  summary: 'Create a resource from a file or from stdin',
  server: 'plain',
  flags: { filename: { type: 'strings', short: 'f' }, image: { type: 'strings' }, replicas: { type: 'string', short: 'r' }, port: { type: 'string' }, 'dry-run': { type: 'string' }, output: { type: 'string', short: 'o' } },
  run,
};
