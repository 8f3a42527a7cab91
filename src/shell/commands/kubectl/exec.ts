/**
 * `kubectl exec POD -- CMD`: a few commands inside a pod's network namespace (its routes and
 * hostname); host-network pods such as calico-node run the command in the node's namespace.
 */
import type { CommandContext } from '../../context';
import type { KObj } from '../../../emulator/k8s/objects';
import type { Verb } from './common';
import { fail, namespaceOf } from './common';
import { podNetToolRun } from '../net/pod-exec';
import { podFor } from './pod-for';
import { commandLookup } from '../../registry';
import { imageHas, podCommandLookup, podShellEnter, shellKind } from '../net/pod-shell';
import type { PodShellState } from '../../context';
import { isCalicoNodeImage } from '../net/calico-node-shell';

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
  const found = podFor(ctx, words[0], namespaceOf(a), 'attach to');
  if ('error' in found) return fail(ctx, found.error);
  const pod = found.pod;
  if (!command.length) return fail(ctx, 'error: you must specify at least one command for the container');
  const container = (a.flags.container as string | undefined) ?? pod.spec.containers[0].name;
  const status = ((pod.status?.containerStatuses ?? []) as { name: string; state: { running?: unknown } }[]).find((c) => c.name === container);
  if (!pod.spec.containers.some((c: { name: string }) => c.name === container)) return fail(ctx, `error: unable to upgrade connection: container not found ("${container}")`);
  if (!status?.state.running) return fail(ctx, `error: unable to upgrade connection: container not found ("${container}")`);
  if (!a.flags.container) {
    const notice = defaultedNotice(pod);
    if (notice) ctx.err(notice + '\n');
  }
  const image = (pod.spec.containers as { name: string; image?: string }[]).find((c) => c.name === container)?.image ?? '';
  // calico/node has a shell of its own (calico-node-shell.ts); other host-network pods run on the node.
  const hostNode = pod.spec.hostNetwork && !isCalicoNodeImage(image) ? ctx.world.node(pod.spec.nodeName) : undefined;
  if (hostNode) {
    // A program the node does not have is not in the container either: the runtime's error.
    if (!commandLookup(command[0], hostNode).ok) return fail(ctx, notFoundInPath(pod, command[0]));
    // The container shares the node's network namespace: run there, as `ssh NODE CMD` would.
    ctx.shell.nodeStack.push(pod.spec.nodeName);
    try {
      return await ctx.run(command.map(quoteWord).join(' '), ctx.out, ctx.err);
    } finally {
      ctx.shell.nodeStack.pop();
    }
  }
  const program = command[0].split('/').pop() ?? '';
  const shell = SHELLS.includes(program) ? shellKind(image, program) : null;
  if (shell && command.length === 1) {
    // `kubectl exec -it POD -- sh`: the terminal attaches to the shell; without -i it reads EOF and exits.
    if (a.flags.stdin) podShellEnter(ctx, pod, container, shell, false);
    return 0;
  }
  const tool = isCalicoNodeImage(image) ? null : podNetToolRun(ctx, pod, container, command);
  const exit = tool ? await tool : await inPod(ctx, pod, container, image, shell, command);
  if (exit === null) {
    const r = podCommand(ctx, pod, command);
    return r ?? fail(ctx, notFoundInPath(pod, command[0]));
  }
  // kubectl reports the remote status (not after Ctrl-C, which ends kubectl itself).
  if (exit !== 0 && exit !== 130 && !ctx.interrupted()) ctx.err(`command terminated with exit code ${exit}\n`);
  return exit;
}

const SHELLS = ['sh', 'bash', 'ash', 'dash'];

function quoteWord(w: string): string {
  return /^[\w./:=@%+,-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`;
}

/**
 * A program of the image, or `sh -c TEXT`, run by the pod's own shell rules (its programs, its
 * files, its "not found" wording); null when the image has no such program (the runtime's error).
 */
async function inPod(ctx: CommandContext, pod: KObj, container: string, image: string, shell: PodShellState['shell'] | null, command: string[]): Promise<number | null> {
  const saved = ctx.shell.pod;
  podShellEnter(ctx, pod, container, shell ?? shellKind(image, 'sh') ?? 'ash', false);
  try {
    let line: string;
    if (shell) {
      if (command[1] !== '-c' || command[2] === undefined) return null;
      // A subshell, so the text's `exit` ends it and nothing after it runs on the node.
      line = `(\n${command[2]}\n)`;
    } else {
      const found = podCommandLookup(command[0], ctx.shell.pod!);
      // Shell builtins (cd, exit, export) are no programs the runtime could start.
      if (!found.ok || !imageHas(image, command[0])) return null;
      line = command.map(quoteWord).join(' ');
    }
    return await ctx.run(line, ctx.out, ctx.err);
  } finally {
    ctx.shell.pod = saved;
  }
}

export const exec: Verb = {
  name: 'exec',
  summary: 'Execute a command in a container',
  server: 'discovery',
  flags: { container: { type: 'string', short: 'c' }, stdin: { type: 'bool', short: 'i' }, tty: { type: 'bool', short: 't' }, quiet: { type: 'bool', short: 'q' } },
  run,
};
