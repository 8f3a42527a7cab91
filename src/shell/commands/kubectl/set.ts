/**
 * `kubectl set image TYPE/NAME CONTAINER=IMAGE…` (kubectl 1.28, pkg/cmd/set/set_image.go): a new
 * image in the pod template (a Deployment or DaemonSet then rolls out) or in a pod. `*` names
 * every container. The other `set` subcommands are not emulated.
 */
import type { CommandContext } from '../../context';
import { storePut } from '../../../emulator/k8s/objects';
import type { KObj } from '../../../emulator/k8s/objects';
import type { ParsedArgs } from './args';
import type { Verb } from './common';
import { fail, typedName } from './common';
import { eachNamedObject } from './named-objects';

const HELP = `Configure application resources.

 These commands help you make changes to existing application resources.

Available Commands:
  env              Update environment variables on a pod template
  image            Update the image of a pod template
  resources        Update resource requests/limits on objects with pod templates
  selector         Set the selector on a resource
  serviceaccount   Update the service account of a resource
  subject          Update the user, group, or service account in a role binding or cluster role binding

Usage:
  kubectl set SUBCOMMAND [options]

Use "kubectl set <command> --help" for more information about a given command.
Use "kubectl options" for a list of global command-line options (applies to all commands).
`;

function podSpecOf(o: KObj): { containers?: { name: string; image: string }[]; initContainers?: { name: string; image: string }[] } | undefined {
  return o.kind === 'Pod' ? o.spec : o.spec?.template?.spec;
}

function image(ctx: CommandContext, a: ParsedArgs, words: string[]): number {
  const res = words.filter((w) => !w.includes('='));
  const pairs = words.filter((w) => w.includes('='));
  if (!res.length) return fail(ctx, "error: you must specify resources by --filename when --local is set.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'");
  if (!pairs.length) return fail(ctx, 'error: at least one image update is required');
  return eachNamedObject(ctx, a, res, (o, info, name) => {
    const spec = podSpecOf(o);
    if (!spec) {
      ctx.err(`error: ${typedName(info, name)} does not have a pod template\n`);
      return 'failed';
    }
    const all = [...(spec.initContainers ?? []), ...(spec.containers ?? [])];
    let changed = false;
    for (const pair of pairs) {
      const [container, img] = [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)];
      const hits = container === '*' ? all : all.filter((c) => c.name === container);
      if (!hits.length) {
        ctx.err(`error: unable to find container named "${container}"\n`);
        return { stop: 1 };
      }
      for (const c of hits) if (c.image !== img) [c.image, changed] = [img, true];
    }
    if (changed) {
      if (o.kind !== 'Pod') o.metadata.generation = (o.metadata.generation ?? 1) + 1;
      storePut(ctx.world.state.api, o);
    }
    ctx.out(`${typedName(info, name)} image updated\n`);
    return 'ok';
  });
}

export const set: Verb = {
  name: 'set',
  summary: 'Set specific features on objects',
  server: 'discovery',
  flags: { all: { type: 'bool' }, local: { type: 'bool' }, selector: { type: 'string', short: 'l' } },
  run(ctx, a) {
    const [sub, ...words] = a.args;
    if (!sub) return ctx.out(HELP), 0;
    if (sub === 'image') return image(ctx, a, words);
    if (['env', 'resources', 'selector', 'serviceaccount', 'subject'].includes(sub)) return fail(ctx, `error: "kubectl set ${sub}" is not available in this lab`);
    return fail(ctx, `error: unknown command "${a.args.join(' ')}"\nSee 'kubectl set -h' for help and examples`);
  },
};
