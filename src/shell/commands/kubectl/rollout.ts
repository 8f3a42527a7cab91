/**
 * `kubectl rollout restart|status|history|undo` (kubectl 1.28, pkg/cmd/rollout and
 * polymorphichelpers): restart stamps the pod template with `kubectl.kubernetes.io/restartedAt`,
 * which the Deployment and DaemonSet controllers roll out (new pods, new names; calico-node's BIRD
 * stops and starts with its pod); status prints each new rollout_status.go message until done.
 * History and undo read the Deployment's ReplicaSets and their revision annotations; pause keeps a
 * Deployment's template changes from rolling out until resume.
 */
import type { CommandContext } from '../../context';
import type { KObj } from '../../../emulator/k8s/objects';
import { deepClone, storeGet, storeList, storePut } from '../../../emulator/k8s/objects';
import type { ParsedArgs } from './args';
import type { Verb } from './common';
import { fail, namespaceOf, notFound, resourceName, typedName } from './common';
import { requestsParse } from './get';
import type { KindInfo } from '../../../emulator/k8s/kinds';

const REVISION = 'deployment.kubernetes.io/revision';
const ROLLABLE = ['Deployment', 'DaemonSet'];

const HELP = `Manage the rollout of one or many resources.

 Valid resource types include:

  *  deployments
  *  daemonsets
  *  statefulsets

Available Commands:
  history       View rollout history
  pause         Mark the provided resource as paused
  restart       Restart a resource
  resume        Resume a paused resource
  status        Show the status of the rollout
  undo          Undo a previous rollout

Usage:
  kubectl rollout SUBCOMMAND [options]

Use "kubectl rollout <command> --help" for more information about a given command.
Use "kubectl options" for a list of global command-line options (applies to all commands).
`;

interface Target {
  info: KindInfo;
  name: string;
  obj: KObj;
}

/** The objects named by `TYPE NAME…` or `TYPE/NAME…`, or the error kubectl prints. */
function targets(ctx: CommandContext, a: ParsedArgs, words: string[], sub: string): Target[] | string {
  if (!words.length) return `error: required resource not specified\nSee 'kubectl rollout ${sub} -h' for help and examples`;
  const parsed = requestsParse(ctx, words);
  if (!parsed.ok) return parsed.error;
  const out: Target[] = [];
  for (const req of parsed.reqs) {
    if (!req.names.length) return 'error: resource(s) were provided, but no name was specified';
    for (const name of req.names) {
      const obj = storeGet(ctx.world.state.api, req.info.stored, req.info.namespaced ? namespaceOf(a) : undefined, name);
      if (!obj) return notFound(req.info, name);
      out.push({ info: req.info, name, obj });
    }
  }
  return out;
}

/** kubectl's RFC 3339 time of the node (UTC): `2024-05-06T06:01:12Z`. */
function rfc3339(ctx: CommandContext): string {
  return new Date(ctx.world.state.clock.epoch + ctx.world.now).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function restart(ctx: CommandContext, a: ParsedArgs, words: string[]): number {
  const ts = targets(ctx, a, words, 'restart');
  if (typeof ts === 'string') return fail(ctx, ts);
  let status = 0;
  for (const t of ts) {
    if (!ROLLABLE.includes(t.info.kind)) {
      ctx.err(`error: ${resourceName(t.info)} "${t.name}" restarting is not supported\n`);
      status = 1;
      continue;
    }
    const o = t.obj;
    o.spec.template.metadata = o.spec.template.metadata ?? {};
    o.spec.template.metadata.annotations = { ...(o.spec.template.metadata.annotations ?? {}), 'kubectl.kubernetes.io/restartedAt': rfc3339(ctx) };
    o.metadata.generation = (o.metadata.generation ?? 1) + 1;
    storePut(ctx.world.state.api, o);
    ctx.out(`${typedName(t.info, t.name)} restarted\n`);
  }
  return status;
}

/** rollout_status.go's message for the object as it is now, and whether the rollout is done. */
export function rolloutStatus(o: KObj): { text: string; done: boolean } {
  const s = o.status ?? {};
  const observed = (o.metadata.generation ?? 1) <= (s.observedGeneration ?? 0);
  const name = o.metadata.name;
  if (o.kind === 'DaemonSet') {
    if (!observed) return { text: 'Waiting for daemon set spec update to be observed...', done: false };
    const desired = s.desiredNumberScheduled ?? 0;
    if ((s.updatedNumberScheduled ?? 0) < desired) return { text: `Waiting for daemon set "${name}" rollout to finish: ${s.updatedNumberScheduled ?? 0} out of ${desired} new pods have been updated...`, done: false };
    if ((s.numberAvailable ?? 0) < desired) return { text: `Waiting for daemon set "${name}" rollout to finish: ${s.numberAvailable ?? 0} of ${desired} updated pods are available...`, done: false };
    return { text: `daemon set "${name}" successfully rolled out`, done: true };
  }
  if (!observed) return { text: 'Waiting for deployment spec update to be observed...', done: false };
  const want = o.spec.replicas ?? 1;
  const updated = s.updatedReplicas ?? 0;
  if (updated < want) return { text: `Waiting for deployment "${name}" rollout to finish: ${updated} out of ${want} new replicas have been updated...`, done: false };
  if ((s.replicas ?? 0) > updated) return { text: `Waiting for deployment "${name}" rollout to finish: ${(s.replicas ?? 0) - updated} old replicas are pending termination...`, done: false };
  if ((s.availableReplicas ?? 0) < updated) return { text: `Waiting for deployment "${name}" rollout to finish: ${s.availableReplicas ?? 0} of ${updated} updated replicas are available...`, done: false };
  return { text: `deployment "${name}" successfully rolled out`, done: true };
}

/** Watch the object, printing each new message, until the rollout is done (or Ctrl-C, or --watch=false). */
async function status(ctx: CommandContext, a: ParsedArgs, words: string[]): Promise<number> {
  const ts = targets(ctx, a, words, 'status');
  if (typeof ts === 'string') return fail(ctx, ts);
  const t = ts[0];
  if (!ROLLABLE.includes(t.info.kind)) return fail(ctx, `error: no status viewer has been implemented for ${t.info.kind}`);
  if (t.info.kind === 'DaemonSet' && t.obj.spec.updateStrategy?.type === 'OnDelete') return fail(ctx, 'error: rollout status is only available for RollingUpdate strategy type');
  const watch = a.flags.watch !== false;
  let last = '';
  for (;;) {
    const o = storeGet(ctx.world.state.api, t.info.stored, t.obj.metadata.namespace, t.name);
    if (!o) return fail(ctx, `error: object has been deleted`);
    const st = rolloutStatus(o);
    if (st.text !== last) ctx.out(st.text + '\n');
    last = st.text;
    if (st.done || !watch) return 0;
    await ctx.sleep(1000);
    if (ctx.interrupted()) return 130;
  }
}

const revisionOf = (rs: KObj): string => rs.metadata.annotations?.[REVISION] ?? '';

function replicaSetsOf(ctx: CommandContext, d: KObj): KObj[] {
  return storeList(ctx.world.state.api, 'ReplicaSet', d.metadata.namespace)
    .filter((rs) => rs.metadata.ownerReferences?.some((r: { uid: string }) => r.uid === d.metadata.uid) && rs.metadata.annotations?.[REVISION])
    .sort((x, y) => Number(revisionOf(x)) - Number(revisionOf(y)));
}

function history(ctx: CommandContext, a: ParsedArgs, words: string[]): number {
  const ts = targets(ctx, a, words, 'history');
  if (typeof ts === 'string') return fail(ctx, ts);
  for (const t of ts) {
    if (t.info.kind !== 'Deployment') return fail(ctx, `error: "kubectl rollout history" of ${t.info.plural} is not available in this lab (it reads a Deployment's ReplicaSets)`);
    const revs = replicaSetsOf(ctx, t.obj);
    if (a.flags.revision !== undefined && a.flags.revision !== '0') {
      if (!revs.some((rs) => revisionOf(rs) === a.flags.revision)) return fail(ctx, `error: unable to find the specified revision`);
      return fail(ctx, 'error: "kubectl rollout history --revision" is not available in this lab; `kubectl get rs -o yaml` shows each revision\'s template');
    }
    const rows = [['REVISION', 'CHANGE-CAUSE'], ...revs.map((rs) => [revisionOf(rs), rs.metadata.annotations?.['kubernetes.io/change-cause'] || '<none>'])];
    const w = Math.max(...rows.map((r) => r[0].length)) + 2;
    ctx.out(`${typedName(t.info, t.name)} \n${rows.map((r) => r[0].padEnd(w) + r[1]).join('\n')}\n\n`);
  }
  return 0;
}

/** The template a ReplicaSet was made from, without the label its controller added. */
function templateOf(rs: KObj): KObj {
  const tpl = deepClone(rs.spec.template);
  if (tpl.metadata?.labels) delete tpl.metadata.labels['pod-template-hash'];
  return tpl;
}

function undo(ctx: CommandContext, a: ParsedArgs, words: string[]): number {
  const ts = targets(ctx, a, words, 'undo');
  if (typeof ts === 'string') return fail(ctx, ts);
  const t = ts[0];
  if (t.info.kind !== 'Deployment') return fail(ctx, `error: "kubectl rollout undo" of ${t.info.plural} is not available in this lab`);
  const d = t.obj;
  const revs = replicaSetsOf(ctx, d);
  const to = Number(a.flags['to-revision'] ?? 0);
  let target: KObj | undefined;
  if (to > 0) {
    target = revs.find((rs) => Number(revisionOf(rs)) === to);
    if (!target) return fail(ctx, `error: unable to find specified revision ${to} in history`);
  } else {
    if (revs.length <= 1) return fail(ctx, `error: no rollout history found for deployment "${t.name}"`);
    target = revs[revs.length - 2];
  }
  const tpl = templateOf(target);
  if (JSON.stringify(tpl) === JSON.stringify(d.spec.template)) {
    ctx.out(`${typedName(t.info, t.name)} skipped rollback (current template already matches revision ${revisionOf(target)})\n`);
    return 0;
  }
  d.spec.template = tpl;
  d.metadata.generation = (d.metadata.generation ?? 1) + 1;
  storePut(ctx.world.state.api, d);
  ctx.out(`${typedName(t.info, t.name)} rolled back\n`);
  return 0;
}

/** pause/resume (objectpauser.go, objectresumer.go): only Deployments have spec.paused. */
function pauseResume(ctx: CommandContext, a: ParsedArgs, words: string[], pause: boolean): number {
  const ts = targets(ctx, a, words, pause ? 'pause' : 'resume');
  if (typeof ts === 'string') return fail(ctx, ts);
  let status = 0;
  for (const t of ts) {
    const what = `${resourceName(t.info)} "${t.name}"`;
    if (t.info.kind !== 'Deployment') {
      ctx.err(`error: ${what} ${pause ? 'pausing' : 'resuming'} is not supported\n`);
      status = 1;
      continue;
    }
    if (!!t.obj.spec.paused === pause) {
      ctx.err(`error: ${what} is ${pause ? 'already' : 'not'} paused\n`);
      status = 1;
      continue;
    }
    if (pause) t.obj.spec.paused = true;
    else delete t.obj.spec.paused;
    t.obj.metadata.generation = (t.obj.metadata.generation ?? 1) + 1;
    storePut(ctx.world.state.api, t.obj);
    ctx.out(`${typedName(t.info, t.name)} ${pause ? 'paused' : 'resumed'}\n`);
  }
  return status;
}

export const rollout: Verb = {
  name: 'rollout',
  summary: 'Manage the rollout of a resource',
  server: 'discovery',
  flags: { watch: { type: 'bool', short: 'w' }, revision: { type: 'string' }, 'to-revision': { type: 'string' }, timeout: { type: 'string' }, filename: { type: 'string', short: 'f' } },
  run(ctx, a) {
    const [sub, ...words] = a.args;
    if (!sub) return ctx.out(HELP), 0;
    if (sub === 'restart') return restart(ctx, a, words);
    if (sub === 'status') return status(ctx, a, words);
    if (sub === 'history') return history(ctx, a, words);
    if (sub === 'undo') return undo(ctx, a, words);
    if (sub === 'pause' || sub === 'resume') return pauseResume(ctx, a, words, sub === 'pause');
    // cmdutil.DefaultSubCommandRun: RequireNoArguments.
    return fail(ctx, `error: unknown command "${a.args.join(' ')}"\nSee 'kubectl rollout -h' for help and examples`);
  },
};
