/**
 * The pod behind `POD`, `pod/POD` or `TYPE/NAME` (deploy/web, ds/calico-node, svc/web): what
 * `kubectl exec` and `kubectl logs` act on. For a workload kubectl takes the first of its pods,
 * running and ready ones first, then the oldest (polymorphichelpers' GetFirstPod with
 * podutils.ByLogging / ActivePods); the name order settles ties so the answer is deterministic.
 */
import type { CommandContext } from '../../context';
import type { KObj } from '../../../emulator/k8s/objects';
import { storeGet, storeList } from '../../../emulator/k8s/objects';
import { kindForResource } from '../../../emulator/k8s/kinds';
import { notFound } from './common';

export type PodLookup = { pod: KObj; pods: number } | { error: string };

function ready(p: KObj): boolean {
  return p.status?.phase === 'Running' && ((p.status?.conditions ?? []) as { type: string; status: string }[]).some((c) => c.type === 'Ready' && c.status === 'True');
}

function firstPod(pods: KObj[]): KObj | undefined {
  return [...pods].sort(
    (a, b) =>
      Number(ready(b)) - Number(ready(a)) ||
      Number(b.status?.phase === 'Running') - Number(a.status?.phase === 'Running') ||
      Date.parse(a.metadata.creationTimestamp) - Date.parse(b.metadata.creationTimestamp) ||
      (a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0),
  )[0];
}

/** Pods a workload owns (directly, or through its ReplicaSets), or a Service selects. */
function podsOf(ctx: CommandContext, owner: KObj, ns: string): KObj[] {
  const api = ctx.world.state.api;
  const pods = storeList(api, 'Pod', ns).filter((p) => !p.metadata.deletionTimestamp);
  if (owner.kind === 'Service') {
    const sel = (owner.spec?.selector ?? {}) as Record<string, string>;
    if (Object.keys(sel).length === 0) return [];
    return pods.filter((p) => Object.entries(sel).every(([k, v]) => p.metadata.labels?.[k] === v));
  }
  const owners = new Set([owner.metadata.uid, ...storeList(api, 'ReplicaSet', ns).filter((rs) => rs.metadata.ownerReferences?.some((o) => o.uid === owner.metadata.uid)).map((rs) => rs.metadata.uid)]);
  return pods.filter((p) => p.metadata.ownerReferences?.some((o) => owners.has(o.uid)));
}

/** `use` names the verb in kubectl's refusal of a kind without pods: "attach to" (exec), "get the logs from". */
export function podFor(ctx: CommandContext, word: string, ns: string, use: 'attach to' | 'get the logs from'): PodLookup {
  const api = ctx.world.state.api;
  const m = /^([\w.-]+)\/(.*)$/.exec(word);
  if (!m || /^(pods?|po)$/.test(m[1])) {
    const name = m ? m[2] : word;
    const pod = storeGet(api, 'Pod', ns, name);
    return pod ? { pod, pods: 1 } : { error: `Error from server (NotFound): pods "${name}" not found` };
  }
  const info = kindForResource(api, m[1]);
  if (!info) return { error: `error: the server doesn't have a resource type "${m[1]}"` };
  if (!m[2]) return { error: 'error: arguments in resource/name form must have a single resource and name' };
  const owner = storeGet(api, info.stored, info.namespaced ? ns : undefined, m[2]);
  if (!owner) return { error: notFound(info, m[2]) };
  if (!['Deployment', 'ReplicaSet', 'DaemonSet', 'StatefulSet', 'Job', 'Service', 'ReplicationController'].includes(owner.kind)) {
    return { error: `error: cannot ${use} *v1.${owner.kind}: selector for *v1.${owner.kind} not implemented` };
  }
  const pods = podsOf(ctx, owner, ns);
  const pod = firstPod(pods);
  // GetFirstPod waits for a pod to appear; the lab's clock does not wait for one that never will.
  if (!pod) return { error: 'error: timed out waiting for the condition' };
  return { pod, pods: pods.length };
}
