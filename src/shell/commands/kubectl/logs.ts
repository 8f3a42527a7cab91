/** `kubectl logs POD`: calico-node's start-up lines, read from the real pool; other pods are quiet. */
import type { CommandContext } from '../../context';
import type { KObj } from '../../../emulator/k8s/objects';
import { storeGet, storeList } from '../../../emulator/k8s/objects';
import { kindForResource } from '../../../emulator/k8s/kinds';
import type { ParsedArgs } from './args';
import type { Verb } from './common';
import { fail, namespaceOf } from './common';
import { defaultedNotice } from './exec';
import { podFor } from './pod-for';

const NO_ARGS = `error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.
POD or TYPE/NAME is a required argument for the logs command
See 'kubectl logs -h' for help and examples`;

/** calico-node's log time format: `2024-05-06 06:01:02.345`. */
function stamp(t: number, ms: number): string {
  return new Date(t + ms).toISOString().replace('T', ' ').replace('Z', '').slice(0, 23);
}

function calicoNodeLog(ctx: CommandContext, pod: KObj, started: string): string[] {
  const t = Date.parse(started);
  const node = pod.spec.nodeName as string;
  const n = ctx.world.node(node);
  const pool = storeList(ctx.world.state.api, 'IPPool').find((p) => p.metadata.name === 'default-ipv4-ippool') ?? storeList(ctx.world.state.api, 'IPPool')[0];
  const lines = [
    [12, '[INFO][9] startup/startup.go 427: Early log level set to info'],
    [14, `[INFO][9] startup/utils.go 126: Using NODENAME environment for node name ${node}`],
    [15, `[INFO][9] startup/utils.go 138: Determined node name: ${node}`],
    [21, '[INFO][9] startup/startup.go 94: Starting node ${node} with version v3.26.1'.replace('${node}', node)],
    [148, `[INFO][9] startup/autodetection_methods.go 103: Using autodetected IPv4 address on interface eth0: ${n?.calico?.bgpIp ?? n?.ip ?? ''}/${n?.prefix ?? 24}`],
    [149, `[INFO][9] startup/startup.go 659: Node IPv4 changed, will check for conflicts`],
  ] as [number, string][];
  // A calico-node that exits at start-up (CrashLoopBackOff) logs why, then stops.
  const crashed = pod.status?.containerStatuses?.[0]?.lastState?.terminated?.message as string | undefined;
  if (crashed && !n?.calico) {
    const head = lines.slice(0, 4).map(([ms, text]) => `${stamp(t, ms)} ${text}`);
    return [...head, `${stamp(t, 148)} [WARNING][9] startup/autodetection_methods.go 103: ${crashed}`, `${stamp(t, 149)} [WARNING][9] startup/utils.go 48: Terminating`, `${stamp(t, 149)} Calico node failed to start`];
  }
  if (pool) {
    const s = pool.spec ?? {};
    const created = Math.abs(Date.parse(pool.metadata.creationTimestamp) - t) < 2000;
    lines.push([
      301,
      created
        ? `[INFO][9] startup/startup.go 795: Created default IPv4 pool (${s.cidr}) with NAT outgoing ${!!s.natOutgoing}. IPIP mode: ${s.ipipMode || 'Never'}, VXLAN mode: ${s.vxlanMode || 'Never'}, DisableBGPExport: ${!!s.disableBGPExport}`
        : `[INFO][9] startup/startup.go 767: Ignoring default IPv4 pool (${s.cidr}): pools already exist`,
    ]);
  }
  lines.push([402, '[INFO][9] startup/startup.go 220: Using node name: ' + node]);
  lines.push([530, '[INFO][9] startup/utils.go 182: Setting NetworkUnavailable to false']);
  lines.push([612, '[INFO][9] startup/startup.go 230: Calico node started successfully']);
  lines.push([1204, '[INFO][63] felix/int_dataplane.go 1956: Completed first update to dataplane. secsSinceStart=0.41']);
  lines.push([1890, '[INFO][60] confd/client.go 1364: Updated with new cluster IP CIDRs: []']);
  return lines.map(([ms, text]) => `${stamp(t, ms)} ${text}`);
}

async function run(ctx: CommandContext, a: ParsedArgs): Promise<number> {
  if (!a.args.length) return fail(ctx, NO_ARGS);
  const found = podFor(ctx, a.args[0], namespaceOf(a), 'get the logs from');
  if ('error' in found) return fail(ctx, found.error);
  const pod = found.pod;
  const name = pod.metadata.name;
  if (found.pods > 1) ctx.err(`Found ${found.pods} pods, using pod/${name}\n`);
  const container = (a.flags.container as string | undefined) ?? pod.spec.containers[0].name;
  const statuses = [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? [])];
  const st = statuses.find((c: { name: string }) => c.name === container);
  if (!st && ![...pod.spec.containers, ...(pod.spec.initContainers ?? [])].some((c: { name: string }) => c.name === container)) {
    return fail(ctx, `error: container ${container} is not valid for pod ${name}`);
  }
  if (!a.flags.container) {
    const notice = defaultedNotice(pod);
    if (notice) ctx.err(notice + '\n');
  }
  // A crash-looping container still has the logs of its last run.
  const started = st?.state?.running?.startedAt ?? st?.state?.terminated?.startedAt ?? st?.lastState?.terminated?.startedAt;
  if (!started) {
    const reason = st?.state?.waiting?.reason ?? 'ContainerCreating';
    return fail(ctx, `Error from server (BadRequest): container "${container}" in pod "${name}" is waiting to start: ${reason}`);
  }
  let lines = pod.metadata.labels?.['k8s-app'] === 'calico-node' && container === 'calico-node' ? calicoNodeLog(ctx, pod, started) : [];
  const nowMs = ctx.world.state.clock.epoch + ctx.world.now;
  lines = lines.filter((l) => Date.parse(l.slice(0, 23).replace(' ', 'T') + 'Z') <= nowMs);
  if (a.flags.tail !== undefined && Number(a.flags.tail) >= 0) lines = lines.slice(Math.max(0, lines.length - Number(a.flags.tail)));
  for (const l of lines) ctx.out(l + '\n');
  return 0;
}

export const logs: Verb = {
  name: 'logs',
  summary: 'Print the logs for a container in a pod',
  server: 'discovery',
  flags: { container: { type: 'string', short: 'c' }, follow: { type: 'bool', short: 'f' }, previous: { type: 'bool', short: 'p' }, tail: { type: 'string' }, timestamps: { type: 'bool' }, 'all-containers': { type: 'bool' } },
  run,
};
