/** `kubectl run NAME --image=IMG [-it [--rm]] [-- CMD]`: a bare pod labelled `run=NAME`; -it attaches to it. */
import { storeGet } from '../../../emulator/k8s/objects';
import type { Json } from '../../../emulator/k8s/objects';
import { kindForResource } from '../../../emulator/k8s/kinds';
import { generate } from './dry-run';
import { apiCreate } from '../../../emulator/k8s/factory';
import type { Verb } from './common';
import { fail, namespaceOf } from './common';
import type { CommandContext } from '../../context';
import { imageFlavour, podProgramRun, podShellEnter, podShellLeave, shellKind } from '../net/pod-shell';

export const runVerb: Verb = {
  name: 'run',
  summary: 'Run a particular image on the cluster',
  server: 'plain',
  flags: { image: { type: 'string' }, port: { type: 'string' }, labels: { type: 'string', short: 'l' }, restart: { type: 'string' }, command: { type: 'bool' }, rm: { type: 'bool' }, stdin: { type: 'bool', short: 'i' }, tty: { type: 'bool', short: 't' }, env: { type: 'strings' }, overrides: { type: 'string' }, 'dry-run': { type: 'string' }, output: { type: 'string', short: 'o' } },
  async run(ctx, a) {
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
    const attach = !!a.flags.stdin && a.flags['dry-run'] === undefined && a.flags.output === undefined;
    if (a.flags.rm && !attach) return fail(ctx, 'error: --rm should only be used for attached containers');
    const create = () =>
      apiCreate(ctx.world.state, {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name, namespace: ns, labels },
        spec,
        status: { phase: 'Pending', qosClass: 'BestEffort' },
      }) as unknown as Json;
    if (!attach) return generate(ctx, a, info, name, sent, create);
    create();
    return attachToPod(ctx, ns, name, image, args, !!a.flags.rm);
  },
};

/** The image's own command when `kubectl run` gives none: busybox and Alpine images start `sh`. */
function defaultCommand(image: string): string[] {
  const flavour = imageFlavour(image);
  return flavour === 'busybox' || flavour === 'alpine' ? ['sh'] : flavour === 'netshoot' ? ['zsh'] : [];
}

/**
 * `kubectl run -it`: wait (in simulated time, like kubectl's --pod-running-timeout of 1m) for the
 * pod to run, then attach the terminal to its shell, or run its command and show the output;
 * with --rm the pod is deleted when it ends.
 */
async function attachToPod(ctx: CommandContext, ns: string, name: string, image: string, args: string[], rm: boolean): Promise<number> {
  const api = ctx.world.state.api;
  const deadline = ctx.world.now + 60_000;
  let pod = storeGet(api, 'Pod', ns, name);
  while (pod && pod.status?.phase !== 'Running') {
    if (ctx.world.now >= deadline) return fail(ctx, 'error: timed out waiting for the condition');
    await ctx.sleep(500);
    if (ctx.interrupted()) return 130;
    pod = storeGet(api, 'Pod', ns, name);
  }
  if (!pod) return fail(ctx, `Error from server (NotFound): pods "${name}" not found`);
  const command = args.length ? args : defaultCommand(image);
  const shell = command.length === 1 ? shellKind(image, command[0] === 'zsh' ? 'sh' : command[0]) : null;
  if (shell) {
    ctx.err("If you don't see a command prompt, try pressing enter.\n");
    podShellEnter(ctx, pod, name, shell, rm, 'run');
    return 0;
  }
  const ran = command.length ? podProgramRun(ctx, pod, name, command) : null;
  const status = ran ? await ran : 0;
  if (rm) {
    ctx.shell.pod = { namespace: ns, name, container: name, image, node: pod.spec.nodeName, shell: 'ash', cwd: '/', rm: true, via: 'run', restart: 'Never' };
    podShellLeave(ctx, status);
  }
  return status;
}
