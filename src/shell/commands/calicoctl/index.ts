/**
 * calicoctl, installed by downloading it (see registry.ts): the file on $PATH names the version,
 * and a file called `kubectl-calico` makes it a kubectl plugin with that name in its help texts.
 */
import type { CommandContext, CommandSpec } from '../../context';
import { storeGet } from '../../../emulator/k8s/objects';
import { fsBasename } from '../../../emulator/fs';
import { mainHelp, mainUsage, versionHelp } from './help';
import { invalidOption, parseOpts } from './args';
import { calicoClient, gitCommit } from './client';
import type { Invocation } from './invocation';
import { calicoctlGet } from './get';
import { calicoctlPatch, calicoctlWrite } from './write';
import { calicoctlIpam } from './ipam';
import { calicoctlNode } from './node';
import { calicoResourcesVisible } from './client';

const LOG_LEVELS = ['panic', 'fatal', 'error', 'warn', 'warning', 'info', 'debug', 'trace'];

async function run(ctx: CommandContext): Promise<number> {
  const plugin = fsBasename(ctx.argv[0] ?? 'calicoctl').startsWith('kubectl-');
  const inv: Invocation = { name: plugin ? 'kubectl-calico' : 'calicoctl', desc: plugin ? 'calico kubectl plugin' : 'calicoctl command line tool', allowMismatch: false };
  const args = ctx.argv.slice(1);
  // docopt with options_first: global options up to the command word.
  let i = 0;
  for (; i < args.length && args[i].startsWith('-'); i++) {
    const a = args[i];
    if (a === '-h' || a === '--help') {
      ctx.out(mainHelp(inv.name, inv.desc) + '\n');
      return 0;
    }
    if (a === '--allow-version-mismatch') inv.allowMismatch = true;
    else if (a.startsWith('--log-level=') || a.startsWith('--context=')) {
      const level = a.slice(a.indexOf('=') + 1);
      if (a.startsWith('--log-level=') && !LOG_LEVELS.includes(level)) return unknownLevel(ctx, level);
    } else if (a === '-l' || a === '--log-level' || a === '--context') {
      const v = args[++i];
      if (v === undefined) return usageError(ctx, inv, args);
      if (a !== '--context' && !LOG_LEVELS.includes(v)) return unknownLevel(ctx, v);
    } else if (a.startsWith('-l')) {
      if (!LOG_LEVELS.includes(a.slice(2))) return unknownLevel(ctx, a.slice(2));
    } else return usageError(ctx, inv, args);
  }
  const [command, ...rest] = args.slice(i);
  if (command === undefined) return usageError(ctx, inv, args);
  switch (command) {
    case 'get':
      return calicoctlGet(ctx, inv, rest);
    case 'apply':
    case 'create':
    case 'replace':
    case 'delete':
      return calicoctlWrite(ctx, inv, command, rest);
    case 'patch':
      return calicoctlPatch(ctx, inv, rest);
    case 'ipam':
      return calicoctlIpam(ctx, inv, rest);
    case 'version':
      return version(ctx, inv, rest);
    case 'node':
      return calicoctlNode(ctx, inv.name, rest, inv.allowMismatch);
    default:
      ctx.err(`unknown command: "${command}"\n${mainHelp(inv.name, inv.desc)}\n`);
      return 1;
  }
}

function usageError(ctx: CommandContext, inv: Invocation, args: string[]): number {
  ctx.err(mainUsage(inv.name));
  ctx.out(`Invalid option: '${args.join(' ')}'. Use flag '--help' to read about a specific subcommand.\n`);
  return 1;
}

function unknownLevel(ctx: CommandContext, level: string): number {
  ctx.out(`Unknown log level: ${level}, expected one of: \npanic, fatal, error, warn, info, debug.\n`);
  return 1;
}

/** `calicoctl version`: never checks the mismatch; prints what ClusterInformation says. */
function version(ctx: CommandContext, inv: Invocation, args: string[]): number {
  const p = parseOpts(args, [{ long: 'poll', value: true }, { long: 'client' }]);
  if (!p.ok || p.pos.length) {
    ctx.err(invalidOption(['version', ...args]));
    return 1;
  }
  if (p.opts.help) {
    ctx.out(versionHelp(inv.name) + '\n');
    return 0;
  }
  ctx.out(`Client Version:    ${ctx.version ?? 'unknown'}\nGit commit:        ${gitCommit(ctx.version)}\n`);
  if (p.opts.client) return 0;
  const client = calicoClient(ctx, p.opts.config as string | undefined);
  if (!client.ok) {
    if (client.fatal) ctx.out(client.error);
    else ctx.err(client.error + '\n');
    return 1;
  }
  const visible = calicoResourcesVisible(ctx, client.datastore);
  const ci = visible ? storeGet(ctx.world.state.api, 'ClusterInformation', undefined, 'default') : undefined;
  if (!ci) {
    const why =
      client.datastore === 'etcdv3'
        ? '<nil>'
        : visible || storeGet(ctx.world.state.api, 'CustomResourceDefinition', undefined, 'clusterinformations.crd.projectcalico.org')
          ? 'clusterinformations.crd.projectcalico.org "default" not found'
          : 'the server could not find the requested resource (get clusterinformations.crd.projectcalico.org default)';
    ctx.err(`Unable to retrieve Cluster Version or Type: resource does not exist: ClusterInformation(default) with error: ${why}\n`);
    return 1;
  }
  ctx.out(`Cluster Version:   ${ci.spec.calicoVersion || 'unknown'}\nCluster Type:      ${ci.spec.clusterType || 'unknown'}\n`);
  return 0;
}

export const calicoctl: CommandSpec = {
  name: 'calicoctl',
  summary: 'manage Calico resources (installed by downloading it)',
  usage: 'calicoctl [options] <command> [<args>...]',
  installable: true,
  run,
};

export const calicoctlCommands: CommandSpec[] = [calicoctl];
