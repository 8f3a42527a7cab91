/** `kubectl run NAME --image=IMG`: a bare pod labelled `run=NAME`. */
import { storeGet } from '../../../emulator/k8s/objects';
import type { Json } from '../../../emulator/k8s/objects';
import { kindForResource } from '../../../emulator/k8s/kinds';
import { generate } from './dry-run';
import { apiCreate } from '../../../emulator/k8s/factory';
import type { Verb } from './common';
import { fail, namespaceOf } from './common';

export const runVerb: Verb = {
  name: 'run',
  summary: 'Run a particular image on the cluster',
  server: 'plain',
  flags: { image: { type: 'string' }, port: { type: 'string' }, labels: { type: 'string', short: 'l' }, restart: { type: 'string' }, command: { type: 'bool' }, rm: { type: 'bool' }, stdin: { type: 'bool', short: 'i' }, tty: { type: 'bool', short: 't' }, env: { type: 'strings' }, overrides: { type: 'string' }, 'dry-run': { type: 'string' }, output: { type: 'string', short: 'o' } },
  run(ctx, a) {
    const name = a.args[0];
    if (!name) return fail(ctx, 'error: NAME is required for run\nSee \'kubectl run -h\' for help and examples');
    const image = a.flags.image as string | undefined;
    if (!image) return fail(ctx, 'error: required flag(s) "image" not set');
    const ns = namespaceOf(a);
    if (a.flags['dry-run'] !== 'client' && storeGet(ctx.world.state.api, 'Pod', ns, name)) return fail(ctx, `Error from server (AlreadyExists): pods "${name}" already exists`);
    const labels: Record<string, string> = {};
    for (const kv of ((a.flags.labels as string | undefined) ?? `run=${name}`).split(',')) {
      const [k, v = ''] = kv.split('=');
      labels[k] = v;
    }
    const port = a.flags.port as string | undefined;
    const args = a.dash ?? a.args.slice(1);
    const containers = [{ name, image, ...(args.length ? { [a.flags.command ? 'command' : 'args']: args } : {}), ...(port ? { ports: [{ containerPort: Number(port) }] } : {}), resources: {} }];
    const restartPolicy = (a.flags.restart as string | undefined) ?? 'Always';
    const spec = { containers, dnsPolicy: 'ClusterFirst', restartPolicy };
    // What kubectl sends: the namespace only when -n was given, no timestamps yet.
    const sent = { apiVersion: 'v1', kind: 'Pod', metadata: { creationTimestamp: null, labels, name, ...(a.flags.namespace ? { namespace: ns } : {}) }, spec, status: {} };
    const info = kindForResource(ctx.world.state.api, 'pods')!;
    return generate(ctx, a, info, name, sent, () =>
      apiCreate(ctx.world.state, {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name, namespace: ns, labels },
        spec,
        status: { phase: 'Pending', qosClass: 'BestEffort' },
      }) as unknown as Json,
    );
  },
};
