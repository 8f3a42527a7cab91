/** `kubectl cordon|uncordon NODE`: spec.unschedulable, which the scheduler honours. */
import { storeGet, storePut } from '../../../emulator/k8s/objects';
import type { Verb } from './common';
import { fail } from './common';

function verb(name: 'cordon' | 'uncordon'): Verb {
  const want = name === 'cordon';
  return {
    name,
    summary: want ? 'Mark node as unschedulable' : 'Mark node as schedulable',
    server: 'discovery',
    flags: { selector: { type: 'string', short: 'l' } },
    run(ctx, a) {
      const node = a.args[0];
      if (!node) return fail(ctx, `error: USAGE: ${name} NODE [flags]\nSee 'kubectl ${name} -h' for help and examples`);
      const o = storeGet(ctx.world.state.api, 'Node', undefined, node);
      if (!o) return fail(ctx, `Error from server (NotFound): nodes "${node}" not found`);
      if (!!o.spec.unschedulable === want) {
        ctx.out(`node/${node} already ${name}ed\n`);
        return 0;
      }
      if (want) o.spec.unschedulable = true;
      else delete o.spec.unschedulable;
      storePut(ctx.world.state.api, o);
      ctx.out(`node/${node} ${name}ed\n`);
      return 0;
    },
  };
}

export const cordon = verb('cordon');
export const uncordon = verb('uncordon');
