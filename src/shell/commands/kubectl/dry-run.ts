/**
 * `--dry-run` and `-o` for the generators (`kubectl create deployment`, `kubectl run`): kubectl
 * builds the object client-side, then either prints it (client dry run), sends it with
 * dryRun=All (server dry run) or creates it; `-o yaml|json|name` replaces the "created" line.
 */
import type { CommandContext } from '../../context';
import type { Json } from '../../../emulator/k8s/objects';
import type { KindInfo } from '../../../emulator/k8s/kinds';
import type { ParsedArgs } from './args';
import { fail, typedName } from './common';
import { toKubectlJson, toKubectlYaml } from '../../format/yaml-json';

type DryRun = 'none' | 'client' | 'server';

const PRINTERS = 'go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml';

/** The flag as kubectl's GetDryRunStrategy reads it, or the error it prints. */
function dryRunOf(a: ParsedArgs): DryRun | { error: string } {
  const v = a.flags['dry-run'] as string | undefined;
  if (v === undefined || v === 'none') return 'none';
  if (v === 'client' || v === 'server') return v;
  return { error: `error: Invalid dry-run value (${v}). Must be "none", "server", or "client".` };
}

/**
 * Prints what kubectl prints for a generated object and calls `create` unless it is a dry run.
 * `sent` is the object as kubectl builds it (no namespace unless -n was given, null
 * creationTimestamp); `create` returns the stored object for `-o yaml` after a real create.
 */
export function generate(ctx: CommandContext, a: ParsedArgs, info: KindInfo, name: string, sent: Json, create: () => Json): number {
  const dry = dryRunOf(a);
  if (typeof dry === 'object') return fail(ctx, dry.error);
  const output = a.flags.output as string | undefined;
  if (output !== undefined && !['yaml', 'json', 'name'].includes(output)) {
    return fail(ctx, `error: unable to match a printer suitable for the output format "${output}", allowed formats are: ${PRINTERS}`);
  }
  const shown = dry === 'client' ? sent : dry === 'server' ? sent : create();
  if (output === 'yaml') ctx.out(toKubectlYaml(shown));
  else if (output === 'json') ctx.out(toKubectlJson(shown));
  else if (output === 'name') ctx.out(`${typedName(info, name)}\n`);
  else ctx.out(`${typedName(info, name)} created${dry === 'client' ? ' (dry run)' : dry === 'server' ? ' (server dry run)' : ''}\n`);
  return 0;
}
