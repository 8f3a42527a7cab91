/**
 * Taint-based eviction, as kube-controller-manager 1.28 does it in two parts:
 * - the node lifecycle controller taints a node whose Ready condition is False
 *   (`node.kubernetes.io/not-ready:NoExecute`) or Unknown (`…/unreachable:NoExecute`), unless the
 *   zone is disrupted: with no node Ready it removes them all (the control plane is more likely cut
 *   off than every node dead), and with more than 2 and at least 55% of a small zone's (≤ 50 nodes)
 *   nodes not Ready it adds no new ones (the lab's nodes have no zone label: one zone);
 * - the taint manager (NoExecuteTaintManager) deletes a pod on a NoExecute-tainted node at once
 *   when it does not tolerate every such taint, or when its shortest tolerationSeconds runs out
 *   (300 s for the defaults every pod gets: tolerations.ts). It records `TaintManagerEviction`
 *   events ("Marking for deletion Pod ns/name"; "Cancelling deletion of Pod ns/name" when the
 *   taint goes first), marks the pod DisruptionTarget, and deletes it gracefully: a pod whose
 *   kubelet cannot confirm (node off, kubelet stopped or cut off) stays Terminating until the
 *   kubelet is back. Its ReplicaSet creates a replacement at once, on a node without the taint.
 * New taints go through the zone's rate limiter (--node-eviction-rate 0.1: one node per 10 s,
 * burst 1); swapping not-ready and unreachable does not wait.
 */
import type { World } from '../world';
import type { TaintEviction } from '../state';
import type { KObj } from './objects';
import { storeGet, storeList, storePut } from './objects';
import { recordEvent } from './events';
import { NOT_READY_TAINT, UNREACHABLE_TAINT, noExecuteTolerance } from './tolerations';
import type { Taint, Toleration } from './tolerations';
import { podDeleteGracefully } from './controllers';

/** The event source of the taint manager in 1.28 (`taint-controller`). */
const SOURCE = 'taint-controller';
/** kube-controller-manager's --unhealthy-zone-threshold and --large-cluster-size-threshold defaults. */
const UNHEALTHY_ZONE_THRESHOLD = 0.55;
const LARGE_CLUSTER_THRESHOLD = 50;
/** One new NoExecute taint per 10 s per zone (--node-eviction-rate 0.1). */
const TAINT_INTERVAL_MS = 10_000;
/** How often the tainting queue's worker runs (the controller's nodeEvictionPeriod). */
const QUEUE_PERIOD_MS = 100;

export const taintEvictionHandlers = {
  /** The tainting queue's worker runs (every 100 ms, when its rate limiter has a token). */
  'taint.queue': (world: World) => {
    if (world.state.taintQueue) delete world.state.taintQueue.wakeAt;
    noExecuteTaintingPass(world, true);
    taintManagerSync(world);
  },
  /** A toleration ran out: the scheduled deletion, unless it was cancelled or redone since. */
  'taint.evict': (world: World, d: Record<string, unknown>) => {
    const key = d.pod as string;
    const rec = world.state.taintEvictions?.[key];
    if (!rec || rec.done || rec.uid !== d.uid || rec.at !== d.at) return;
    const [ns, name] = key.split('/');
    const pod = storeGet(world.state.api, 'Pod', ns, name);
    if (pod && pod.metadata.uid === rec.uid) evict(world, pod, rec);
  },
};

/**
 * Run after the node status pass when Nodes or Pods changed: the NoExecute taints and the taint
 * manager when a Node changed; when only pods did, just the pending deletions (a pod deleted or
 * gone meanwhile). Pods reach a tainted node only through the scheduler, which keeps off it.
 */
export function taintEvictionSync(world: World, nodesChanged: boolean): void {
  if (nodesChanged) {
    noExecuteTaintingPass(world, false);
    taintManagerSync(world);
  } else if (world.state.taintEvictions) taintManagerSync(world);
}

function readyStatus(node: KObj): string {
  return (node.status?.conditions ?? []).find((c: { type: string }) => c.type === 'Ready')?.status ?? 'Unknown';
}

function isLifecycleNoExecute(t: Taint): boolean {
  return t.effect === 'NoExecute' && (t.key === NOT_READY_TAINT || t.key === UNREACHABLE_TAINT);
}

/**
 * handleDisruption and the taints of the one zone. Removing and swapping taints is immediate; a
 * new taint is queued and added by the queue's worker (`fromQueue`), which runs 100 ms later or
 * when the rate limiter next has a token, and sees the zone as it is then: nodes lost together
 * are counted together before any is tainted.
 */
function noExecuteTaintingPass(world: World, fromQueue: boolean): void {
  const api = world.state.api;
  const nodes = storeList(api, 'Node');
  let ready = 0;
  let notReady = 0;
  for (const n of nodes) {
    if (n.metadata.labels?.['node.kubernetes.io/exclude-disruption'] !== undefined) continue;
    if (readyStatus(n) === 'True') ready++;
    else notReady++;
  }
  const fullDisruption = ready === 0 && notReady > 0;
  const partialDisruption = !fullDisruption && notReady > 2 && notReady / (ready + notReady) >= UNHEALTHY_ZONE_THRESHOLD;
  // The zone's tainting queue: stopped in full disruption, and in partial disruption of a small zone.
  const queueStopped = fullDisruption || (partialDisruption && nodes.length <= LARGE_CLUSTER_THRESHOLD);
  for (const n of nodes) {
    const status = readyStatus(n);
    const taints = (n.spec?.taints ?? []) as Taint[];
    const current = taints.find(isLifecycleNoExecute);
    let wantKey = fullDisruption || status === 'True' ? null : status === 'False' ? NOT_READY_TAINT : UNREACHABLE_TAINT;
    // A swap (not-ready <-> unreachable) is made straight away; a new taint waits for the queue.
    if (wantKey && !current && (queueStopped || !queueToken(world, fromQueue))) wantKey = null;
    if ((current?.key ?? null) === wantKey) continue;
    const next = taints.filter((t) => !isLifecycleNoExecute(t));
    if (wantKey) next.push({ key: wantKey, effect: 'NoExecute', timeAdded: world.timestamp() });
    if (next.length) n.spec.taints = next;
    else delete n.spec.taints;
    storePut(api, n);
  }
}

/** The queue's worker takes the rate limiter's token; otherwise a wake-up is queued for when it may. */
function queueToken(world: World, fromQueue: boolean): boolean {
  const q = world.state.taintQueue;
  if (fromQueue && (!q || q.freeAt <= world.now)) {
    world.state.taintQueue = { freeAt: world.now + TAINT_INTERVAL_MS };
    return true;
  }
  const wake = Math.max(q?.freeAt ?? 0, world.now + QUEUE_PERIOD_MS);
  if (q?.wakeAt === undefined) {
    world.state.taintQueue = { freeAt: q?.freeAt ?? 0, wakeAt: wake };
    world.schedule(wake - world.now, 'taint.queue');
  }
  return false;
}

function noExecuteTaints(node: KObj | undefined): Taint[] {
  return ((node?.spec?.taints ?? []) as Taint[]).filter((t) => t.effect === 'NoExecute');
}

/**
 * The taint manager: cancel what no longer applies, schedule (or do) what newly does. A pod's
 * pending deletion keeps its time when the taints change but its toleration does not.
 */
function taintManagerSync(world: World): void {
  const api = world.state.api;
  const pending = world.state.taintEvictions;
  if (pending) {
    for (const [key, rec] of Object.entries(pending)) {
      const [ns, name] = key.split('/');
      const pod = storeGet(api, 'Pod', ns, name);
      const gone = !pod || pod.metadata.uid !== rec.uid;
      if (!gone && rec.done) continue;
      if (!gone && noExecuteTaints(storeGet(api, 'Node', undefined, pod.spec.nodeName)).length) continue;
      // An executed deletion is forgotten silently; a pending one is cancelled with an event.
      if (!rec.done) cancelEvent(world, ns, name, pod && !gone ? pod : undefined);
      delete pending[key];
    }
    if (!Object.keys(pending).length) delete world.state.taintEvictions;
  }
  const tainted = new Map<string, Taint[]>();
  for (const n of storeList(api, 'Node')) {
    const t = noExecuteTaints(n);
    if (t.length) tainted.set(n.metadata.name, t);
  }
  if (!tainted.size) return;
  for (const pod of storeList(api, 'Pod')) {
    const taints = pod.spec?.nodeName ? tainted.get(pod.spec.nodeName) : undefined;
    if (!taints || pod.metadata.deletionTimestamp) continue;
    const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
    const rec = world.state.taintEvictions?.[key];
    if (rec?.done) continue;
    const tol = noExecuteTolerance(pod.spec.tolerations as Toleration[] | undefined, taints);
    if (tol.all && tol.seconds === null) {
      // Tolerated for ever (a DaemonSet's pods): nothing to do, and nothing pending any more.
      if (rec) {
        cancelEvent(world, pod.metadata.namespace ?? 'default', pod.metadata.name, pod);
        delete world.state.taintEvictions![key];
      }
      continue;
    }
    const at = tol.all ? world.now + tol.seconds! * 1000 : world.now;
    if (rec && rec.at <= at) continue;
    const next: TaintEviction = { uid: pod.metadata.uid, at };
    (world.state.taintEvictions ??= {})[key] = next;
    if (at <= world.now) evict(world, pod, next);
    else world.schedule(at - world.now, 'taint.evict', { pod: key, uid: next.uid, at });
  }
}

function cancelEvent(world: World, ns: string, name: string, pod: KObj | undefined): void {
  const about = pod ?? ({ kind: 'Pod', metadata: { name, namespace: ns } } as KObj);
  recordEvent(world, about, 'Normal', 'TaintManagerEviction', `Cancelling deletion of Pod ${ns}/${name}`, SOURCE);
}

/** deletePodHandler: the event, the DisruptionTarget condition, then a graceful delete. */
function evict(world: World, pod: KObj, rec: TaintEviction): void {
  const ns = pod.metadata.namespace;
  recordEvent(world, pod, 'Normal', 'TaintManagerEviction', `Marking for deletion Pod ${ns}/${pod.metadata.name}`, SOURCE);
  rec.done = true;
  const now = world.timestamp();
  pod.status.conditions = [
    ...(pod.status.conditions ?? []).filter((c: { type: string }) => c.type !== 'DisruptionTarget'),
    { type: 'DisruptionTarget', status: 'True', lastProbeTime: null, lastTransitionTime: now, reason: 'DeletionByTaintManager', message: 'Taint manager: deleting due to NoExecute taint' },
  ];
  podDeleteGracefully(world, pod);
}
