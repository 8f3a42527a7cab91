/**
 * `kubectl`: one module per verb; this file parses the verb and its flags, checks that a server is
 * configured (worker nodes have no kubeconfig), and falls back to plugins (`kubectl-NAME` on $PATH).
 */
import type { CommandContext, CommandSpec } from '../../context';
import { argsParse } from './args';
import type { Verb } from './common';
import { fail, hasKubeconfig, REFUSED, refusedDiscovery } from './common';
import { get } from './get';
import { apply } from './apply';
import { del } from './delete';
import { describe } from './describe';
import { create } from './create';
import { runVerb } from './run';
import { scale } from './scale';
import { annotate, label } from './label';
import { exec } from './exec';
import { logs } from './logs';
import { clusterInfo, version } from './version';
import { apiResources } from './api-resources';
import { plugin, pluginRun } from './plugin';
import { cordon, uncordon } from './cordon';
import { patch } from './patch';
import { edit } from './edit';
import { expose } from './expose';
import { rollout } from './rollout';
import { set } from './set';

const VERBS: Verb[] = [get, apply, del, describe, create, runVerb, scale, label, annotate, exec, logs, version, clusterInfo, apiResources, plugin, cordon, uncordon, patch, edit, expose, rollout, set];

/** Every top-level command real kubectl 1.28 has, for "Did you mean this?". */
const KUBECTL_COMMANDS = ['create', 'expose', 'run', 'set', 'explain', 'get', 'edit', 'delete', 'rollout', 'scale', 'autoscale', 'certificate', 'cluster-info', 'top', 'cordon', 'uncordon', 'drain', 'taint', 'describe', 'logs', 'attach', 'exec', 'port-forward', 'proxy', 'cp', 'auth', 'debug', 'events', 'diff', 'apply', 'patch', 'replace', 'wait', 'kustomize', 'label', 'annotate', 'completion', 'api-resources', 'api-versions', 'config', 'plugin', 'version', 'options'];

function levenshtein(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
  }
  return d[a.length][b.length];
}

function unknownCommand(ctx: CommandContext, name: string): number {
  // A real kubectl command the lab does not emulate: saying "unknown command" would be a lie.
  if (KUBECTL_COMMANDS.includes(name)) return fail(ctx, `error: "kubectl ${name}" is not available in this lab; \`kubectl --help\` lists the commands it has`);
  const close = KUBECTL_COMMANDS.filter((c) => levenshtein(name.toLowerCase(), c) <= 2 || c.startsWith(name.toLowerCase()));
  const hint = close.length ? `\n\nDid you mean this?\n${close.map((c) => `\t${c}`).join('\n')}` : '';
  return fail(ctx, `error: unknown command "${name}" for "kubectl"${hint}`);
}

const USAGE = `kubectl controls the Kubernetes cluster manager.

 Find more information at: https://kubernetes.io/docs/reference/kubectl/

Basic Commands (Beginner):
  create          Create a resource from a file or from stdin
  expose          Take a replication controller, service, deployment or pod and expose it as a new Kubernetes service
  run             Run a particular image on the cluster
  set             Set specific features on objects

Basic Commands (Intermediate):
  get             Display one or many resources
  edit            Edit a resource on the server
  delete          Delete resources by file names, stdin, resources and names, or by resources and label selector

Deploy Commands:
  rollout         Manage the rollout of a resource
  scale           Set a new size for a deployment, replica set, or replication controller

Cluster Management Commands:
  cluster-info    Display cluster information
  cordon          Mark node as unschedulable
  uncordon        Mark node as schedulable

Troubleshooting and Debugging Commands:
  describe        Show details of a specific resource or group of resources
  logs            Print the logs for a container in a pod
  exec            Execute a command in a container

Advanced Commands:
  apply           Apply a configuration to a resource by file name or stdin
  patch           Update fields of a resource

Settings Commands:
  label           Update the labels on a resource
  annotate        Update the annotations on a resource

Other Commands:
  api-resources   Print the supported API resources on the server
  plugin          Provides utilities for interacting with plugins
  version         Print the client and server version information

Usage:
  kubectl [flags] [options]

Use "kubectl <command> --help" for more information about a given command.
Use "kubectl options" for a list of global command-line options (applies to all commands).
`;

async function kubectl(ctx: CommandContext): Promise<number> {
  const argv = ctx.argv.slice(1);
  // Global flags may come before the verb (`kubectl -n kube-system get pods`).
  const lead: string[] = [];
  while (argv.length && argv[0].startsWith('-') && argv[0] !== '--') {
    const f = argv.shift()!;
    lead.push(f);
    if (/^(-n|--namespace|--kubeconfig|--context|-s|--server)$/.test(f) && argv.length) lead.push(argv.shift()!);
    if (f === '-h' || f === '--help') return (ctx.out(USAGE), 0);
  }
  const name = argv.shift();
  if (!name) return (ctx.out(USAGE), 0);
  const verb = VERBS.find((v) => v.name === name);
  if (!verb) {
    const status = await pluginRun(ctx, name, argv);
    return status ?? unknownCommand(ctx, name);
  }
  if (argv.includes('-h') || argv.includes('--help')) {
    ctx.out(`${verb.summary}.\n\nUsage:\n  kubectl ${verb.name} [options]\n`);
    return 0;
  }
  const parsed = argsParse([...lead, ...argv], verb.flags, verb.name);
  if (!parsed.ok) return fail(ctx, parsed.error);
  if (verb.server !== 'none' && !hasKubeconfig(ctx, parsed.parsed)) {
    return fail(ctx, verb.server === 'discovery' ? refusedDiscovery(ctx.world) : REFUSED);
  }
  return verb.run(ctx, parsed.parsed);
}

const spec: CommandSpec = {
  name: 'kubectl',
  summary: 'kubectl controls the Kubernetes cluster manager',
  usage: 'kubectl get|describe|apply|delete|create|run|scale|label|annotate|exec|logs|version ...',
  run: kubectl,
  complete(args, _word, ctx) {
    if (args.length === 0) return VERBS.map((v) => v.name).sort();
    if (args[0] === 'rollout' && args.length === 1) return ['history', 'restart', 'status', 'undo'];
    if (args[0] === 'rollout' && args.length === 2) return ['deployment', 'daemonset'];
    if (['get', 'describe', 'delete', 'edit'].includes(args[0]) && args.length === 1) return ['nodes', 'pods', 'deployments', 'daemonsets', 'services', 'namespaces', 'ippools', 'events'];
    if (args[0] === 'get' || args[0] === 'describe') {
      if (/^(nodes?|no)$/.test(args[1] ?? '')) return ctx.world.state.nodes.map((n) => n.name);
    }
    return [];
  },
};

export const kubectlCommands: CommandSpec[] = [spec];
