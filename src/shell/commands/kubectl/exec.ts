/**
 * `kubectl exec POD -- CMD`: a few commands inside a pod's network namespace (its routes and
 * hostname); host-network pods such as calico-node run the command in the node's namespace.
 */
import type { CommandContext } from '../../context';
import type { KObj } from '../../../emulator/k8s/objects';
import { storeGet } from '../../../emulator/k8s/objects';
import type { Verb } from './common';
import { fail, namespaceOf } from './common';
import { podNetToolRun } from '../net/pod-exec';
import { podProgramRun, podShellEnter, shellKind } from '../net/pod-shell';

/** `Defaulted container ...` notice for multi-container pods (reference §1.11). */
export function defaultedNotice(pod: KObj): string | null {
  const cs = (pod.spec.containers ?? []) as { name: string }[];
  const inits = (pod.spec.initContainers ?? []) as { name: string }[];
  if (cs.length + inits.length < 2) return null;
  const all = [...cs.map((c) => c.name), ...inits.map((c) => `${c.name} (init)`)];
  return `Defaulted container "${cs[0].name}" out of: ${all.join(', ')}`;
}

function notFoundInPath(pod: KObj, cmd: string): string {
  const id = (pod.metadata.uid.replace(/-/g, '') + cmd.length.toString(16).padStart(2, '0') + pod.metadata.uid.replace(/-/g, '')).slice(0, 64);
  return `error: Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "${id}": OCI runtime exec failed: exec failed: unable to start container process: exec: "${cmd}": executable file not found in $PATH: unknown`;
}

/** Commands a workload container answers itself: its routes (reference calico §8.6) and name. */
function podCommand(ctx: CommandContext, pod: KObj, argv: string[]): number | null {
  const line = argv.join(' ');
  if (/^ip (r|ro|rou|rout|route)( (show|list|ls))?$/.test(line)) {
    ctx.out('default via 169.254.1.1 dev eth0 \n169.254.1.1 dev eth0 scope link \n');
    return 0;
  }
  if (line === 'hostname') {
    ctx.out(pod.metadata.name + '\n');
    return 0;
  }
  if (argv[0] === 'echo') {
    ctx.out(argv.slice(1).join(' ') + '\n');
    return 0;
  }
  return null;
}

async function run(ctx: CommandContext, a: import('./args').ParsedArgs): Promise<number> {
  let words = a.args;
  let command = a.dash;
  if (!words.length) return fail(ctx, 'error: pod, type/name or --filename must be specified');
  if (!command) {
    ctx.err('kubectl exec [POD] [COMMAND] is DEPRECATED and will be removed in a future version. Use kubectl exec [POD] -- [COMMAND] instead.\n');
    command = words.slice(1);
    words = words.slice(0, 1);
  }
  const name = words[0].replace(/^(pods?|po)\//, '');
  const pod = storeGet(ctx.world.state.api, 'Pod', namespaceOf(a), name);
  if (!pod) return fail(ctx, `Error from server (NotFound): pods "${name}" not found`);
  if (!command.length) return fail(ctx, 'error: you must specify at least one command for the container');
  const container = (a.flags.container as string | undefined) ?? pod.spec.containers[0].name;
  const status = ((pod.status?.containerStatuses ?? []) as { name: string; state: { running?: unknown } }[]).find((c) => c.name === container);
  if (!pod.spec.containers.some((c: { name: string }) => c.name === container)) return fail(ctx, `error: unable to upgrade connection: container not found ("${container}")`);
  if (!status?.state.running) return fail(ctx, `error: unable to upgrade connection: container not found ("${container}")`);
  if (!a.flags.container) {
    const notice = defaultedNotice(pod);
    if (notice) ctx.err(notice + '\n');
  }
  if (pod.spec.hostNetwork && ctx.world.node(pod.spec.nodeName)) {
    // The container shares the node's network namespace: run there, as `ssh NODE CMD` would.
    ctx.shell.nodeStack.push(pod.spec.nodeName);
    try {
      return await ctx.run(command.map((w) => (/^[\w./:=@%+,-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`)).join(' '), ctx.out, ctx.err);
    } finally {
      ctx.shell.nodeStack.pop();
    }
  }
  const image = (pod.spec.containers as { name: string; image?: string }[]).find((c) => c.name === container)?.image ?? '';
  const shell = command.length === 1 ? shellKind(image, command[0]) : null;
  if (shell) {
    // `kubectl exec -it POD -- sh`: the terminal attaches to the shell; without -i it reads EOF and exits.
    if (a.flags.stdin) podShellEnter(ctx, pod, container, shell, false);
    return 0;
  }
  // Network programs, as far as the image ships them (nginx has no ping, busybox no curl).
  if (['wget', 'nslookup', 'ping', 'curl', 'nc'].includes(command[0])) {
    const ran = podProgramRun(ctx, pod, container, command);
    if (!ran) return fail(ctx, notFoundInPath(pod, command[0]));
    const status = await ran;
    if (status !== 0 && status !== 130 && !ctx.interrupted()) ctx.err(`command terminated with exit code ${status}\n`);
    return status;
  }
  const tool = podNetToolRun(ctx, pod, container, command);
  if (tool) {
    const status = await tool;
    // kubectl reports the remote status (not after Ctrl-C, which ends kubectl itself).
    if (status !== 0 && status !== 130 && !ctx.interrupted()) ctx.err(`command terminated with exit code ${status}\n`);
    return status;
  }
  const r = podCommand(ctx, pod, command);
  if (r !== null) return r;
  return fail(ctx, notFoundInPath(pod, command[0]));
}

export const exec: Verb = {
  name: 'exec',
  summary: 'Execute a command in a container',
  server: 'discovery',
  flags: { container: { type: 'string', short: 'c' }, stdin: { type: 'bool', short: 'i' }, tty: { type: 'bool', short: 't' }, quiet: { type: 'bool', short: 'q' } },
  run,
};
