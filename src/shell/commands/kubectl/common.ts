/** What the kubectl verbs share: the verb table's shape, the connection check and naming helpers. */
import type { CommandContext } from '../../context';
import type { World } from '../../../emulator/world';
import type { KindInfo } from '../../../emulator/k8s/kinds';
import { kindQualifiedName } from '../../../emulator/k8s/kinds';
import type { FlagDef, ParsedArgs } from './args';

export interface Verb {
  name: string;
  summary: string;
  flags: Record<string, FlagDef>;
  /** How kubectl fails without a reachable server: discovery's klog lines, or only the last line. */
  server: 'discovery' | 'plain' | 'none';
  run(ctx: CommandContext, a: ParsedArgs): number | Promise<number>;
}

export function fail(ctx: CommandContext, message: string, status = 1): number {
  ctx.err(message + '\n');
  return status;
}

/** `-n` if given, else the `default` namespace of the admin kubeconfig. */
export function namespaceOf(a: ParsedArgs): string {
  return (a.flags.namespace as string | undefined) || 'default';
}

/** kubeconfig lookup: $KUBECONFIG if set, else ~/.kube/config (kubeadm copies it only on the control plane). */
export function hasKubeconfig(ctx: CommandContext, a: ParsedArgs): boolean {
  const path = (a.flags.kubeconfig as string | undefined) ?? ctx.shell.env.KUBECONFIG ?? '/root/.kube/config';
  return path.split(':').some((p) => ctx.node.fs[p.replace(/^~/, '/root')]?.type === 'file');
}

/** kubectl's answer to delete, edit, expose or scale with nothing named. */
export const NO_RESOURCE = `error: You must provide one or more resources by argument or filename.
Example resource specifications include:
   '-f rsrc.yaml'
   '--filename=rsrc.json'
   '<resource> <name>'
   '<resource>'`;

export const REFUSED = 'The connection to the server localhost:8080 was refused - did you specify the right host or port?';

/** The klog lines discovery prints before giving up (reference §1.14). */
export function refusedDiscovery(world: World): string {
  const d = new Date(world.state.clock.epoch + world.now);
  const p2 = (n: number) => String(n).padStart(2, '0');
  const pid = 4000 + (Math.floor(world.now / 1000) % 3000);
  let micros = (world.now % 1000) * 1000 + 118431;
  const lines: string[] = [];
  for (let i = 0; i < 5; i++) {
    micros = (micros + 271 + i * 811) % 1_000_000;
    const stamp = `${p2(d.getUTCMonth() + 1)}${p2(d.getUTCDate())} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}.${String(micros).padStart(6, '0')}`;
    lines.push(`E${stamp} ${String(pid).padStart(7)} memcache.go:265] couldn't get current server API group list: Get "http://localhost:8080/api?timeout=32s": dial tcp 127.0.0.1:8080: connect: connection refused`);
  }
  return lines.join('\n') + '\n' + REFUSED;
}

/** `deployments.apps`, `pods`, `ippools.crd.projectcalico.org`: the resource in NotFound errors. */
export function resourceName(info: KindInfo): string {
  return info.group ? `${info.plural}.${info.group}` : info.plural;
}

export function notFound(info: KindInfo, name: string): string {
  return `Error from server (NotFound): ${resourceName(info)} "${name}" not found`;
}

/** `node/k8s-node01`, `deployment.apps/web`. */
export function typedName(info: KindInfo, name: string): string {
  return `${kindQualifiedName(info)}/${name}`;
}
