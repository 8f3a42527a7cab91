/** `kubectl scale deploy NAME --replicas=N` (also deployment/NAME, replicasets). */
import { storeGet, storePut } from '../../../emulator/k8s/objects';
import type { Verb } from './common';
import { NO_RESOURCE, fail, namespaceOf, notFound, typedName } from './common';
import { requestsParse } from './get';

export const scale: Verb = {
  name: 'scale',
  summary: 'Set a new size for a deployment, replica set, or replication controller',
  server: 'discovery',
  flags: { replicas: { type: 'string' }, 'current-replicas': { type: 'string' }, all: { type: 'bool' } },
  run(ctx, a) {
    if (a.flags.replicas === undefined) return fail(ctx, 'error: required flag(s) "replicas" not set');
    const n = Number(a.flags.replicas);
    if (!Number.isInteger(n) || n < 0) return fail(ctx, 'error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0');
    if (!a.args.length) return fail(ctx, NO_RESOURCE);
    const parsed = requestsParse(ctx, a.args);
    if (!parsed.ok) return fail(ctx, parsed.error);
    let status = 0;
    for (const req of parsed.reqs) {
      if (!['Deployment', 'ReplicaSet'].includes(req.info.kind)) return fail(ctx, `error: no scaler has been implemented for {"${req.info.group}" "${req.info.kind}"}`);
      if (!req.names.length) return fail(ctx, 'error: resource(s) were provided, but no name was specified');
      for (const name of req.names) {
        const o = storeGet(ctx.world.state.api, req.info.stored, namespaceOf(a), name);
        if (!o) {
          ctx.err(notFound(req.info, name) + '\n');
          status = 1;
          continue;
        }
        if (o.spec.replicas !== n) {
          o.spec.replicas = n;
          o.metadata.generation = (o.metadata.generation ?? 1) + 1;
          storePut(ctx.world.state.api, o);
        }
        ctx.out(`${typedName(req.info, name)} scaled\n`);
      }
    }
    return status;
  },
};
