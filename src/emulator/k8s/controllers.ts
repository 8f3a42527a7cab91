/**
 * The control loops of kube-controller-manager and kube-scheduler, run after every event: they
 * make DaemonSet and Deployment pods, bind pending pods to nodes, and keep node conditions.
 */
import type { World } from '../world';
import type { KObj } from './objects';
import { deepClone, objectKey, storeDelete, storeGet, storeKeys, storeList, storeListByInsertion, storePut } from './objects';
import { apiCreate } from './factory';
import { rngString, K8S_SUFFIX_ALPHABET } from '../random';
import { kubeletSync } from './kubelet';
import { recordEvent } from './events';
import { kubeletConnected, nodesNetworkReady } from './node-status';
import { taintEvictionSync } from './taint-eviction';
import { toleratesTaint } from './tolerations';
import type { Taint, Toleration } from './tolerations';
import { addDaemonPodTolerations } from './tolerations';
import { felixSync, felixUnsettled } from '../calico/felix';
import { felixDirtyFromApi, felixShouldRun } from '../calico/felix-dirty';
import type { FelixDirty } from '../calico/felix-dirty';
import { LoopCursors } from './changes';
import type { ApiChanges } from './changes';
import { routesWrites } from '../net/route-writes';
import { birdReconcile } from '../calico/bird';
import { ipamGarbageCollect } from '../calico/ipam-gc';
import { endpointsSync, podsTouchEndpoints } from './services';
import { isKubeProxyPod, kubeProxySyncAll } from '../net/kube-proxy';

/**
 * What the control loops last saw after a pass that changed nothing: the API revision and the
 * nodes' power, and (when known) each node's links, routes and files. Kept beside the state.
 */
const QUIET = new WeakMap<object, { base: string; local: string | null }>();

/** What a command can change on a node outside the API: links, routes (in place too), files. */
function nodesLocalSignature(world: World): string {
  let sig = '';
  for (const n of world.state.nodes) {
    let files = 0;
    for (const _ in n.fs) files++;
    sig += `${n.links.length},${n.routes.length},${routesWrites(n)},${files};`;
  }
  return sig;
}

/**
 * Run the control loops. They are skipped when neither the API objects nor any node's power
 * changed since a pass that found nothing to do; after a command (`force`) also the nodes' links,
 * routes and files must be as that pass saw them (a student may delete a CNI config or a route).
 * A pass looks at everything when a node's power, the node count or (after a command) a node's
 * local state changed, and otherwise only at what the API journal says changed.
 */
export function controllersReconcile(world: World, force = true, eventType = ''): void {
  const api = world.state.api;
  const power = powers(world);
  const base = `${api.revision}:${power}`;
  const memo = QUIET.get(world.state);
  const local = force ? nodesLocalSignature(world) : null;
  if (memo && memo.base === base && (!force || memo.local === local)) {
    birdReconcile(world, eventType);
    SETTLED.set(world.state, memo);
    return;
  }
  SETTLED.delete(world.state);
  let pass = PASS.get(world.state);
  const shape = `${power}:${world.state.nodes.length}`;
  const full = !pass || pass.shape !== shape || (local !== null && pass.local !== local);
  if (!pass) PASS.set(world.state, (pass = { cursors: new LoopCursors(api), shape, local, pending: new Set() }));
  pass.shape = shape;
  const before = api.revision;
  controllersPass(world, pass, full);
  pass.cursors.trim();
  if (force) pass.local = nodesLocalSignature(world);
  if (api.revision === before) QUIET.set(world.state, { base, local: force ? pass.local : null });
  else QUIET.delete(world.state);
}

/** Each node's power, a letter a node. */
function powers(world: World): string {
  let power = '';
  for (const n of world.state.nodes) power += n.power[1];
  return power;
}

/**
 * The QUIET memo the last reconcile matched when it ran only BIRD's watch: BIRD was then the last
 * to look at the world. A pass (Felix may move routes after BIRD looked) clears it.
 */
const SETTLED = new WeakMap<object, { base: string; local: string | null }>();

/**
 * Whether a reconcile now would find nothing to do, for a command that only read the world: the
 * last reconcile was quiet and ended with BIRD's watch, and no API object, node power, link, route
 * or file moved since (BIRD's own route writes change the routes, so they count as moved).
 */
export function controllersSettled(world: World): boolean {
  const s = SETTLED.get(world.state);
  return !!s && s.local !== null && s.base === `${world.state.api.revision}:${powers(world)}` && s.local === nodesLocalSignature(world);
}

interface PassState {
  cursors: LoopCursors;
  /** Powers and node count at the last pass: a change makes the next pass look at everything. */
  shape: string;
  /** nodesLocalSignature after the last pass run for a command. */
  local: string | null;
  /** Pods the scheduler left pending (no node fits yet). */
  pending: Set<string>;
}

const PASS = new WeakMap<object, PassState>();

/** Uids of the owners of the changed pods; `any` when a pod was deleted (its owner is unknown). */
function changedPodOwners(changes: ApiChanges | null): { any: boolean; uids: Set<string>; kinds: Set<string> } {
  const out = { any: !changes, uids: new Set<string>(), kinds: new Set<string>() };
  if (!changes) return out;
  const { live, deleted } = changes.objects('Pod');
  if (deleted) out.any = true;
  for (const p of live) {
    for (const o of p.metadata.ownerReferences ?? []) {
      out.uids.add(o.uid);
      out.kinds.add(o.kind);
    }
  }
  return out;
}

function controllersPass(world: World, pass: PassState, full: boolean): void {
  const api = world.state.api;
  const take = (loop: string) => {
    const c = pass.cursors.take(loop);
    return full ? null : c;
  };
  {
    const changes = take('daemonsets');
    const owners = changedPodOwners(changes);
    const all = !changes || changes.has('DaemonSet') || changes.has('Node');
    for (const ds of storeList(api, 'DaemonSet')) if (all || owners.any || owners.uids.has(ds.metadata.uid)) daemonSetSync(world, ds);
  }
  {
    const changes = take('deployments');
    const owners = changedPodOwners(changes);
    const all = !changes || changes.has('Deployment') || changes.has('ReplicaSet') || owners.any || owners.kinds.has('ReplicaSet');
    if (all) for (const d of storeList(api, 'Deployment')) deploymentSync(world, d);
  }
  {
    const changes = take('replicasets');
    const owners = changedPodOwners(changes);
    const all = !changes || changes.has('ReplicaSet') || owners.any;
    for (const rs of storeList(api, 'ReplicaSet')) if (all || owners.uids.has(rs.metadata.uid)) replicaSetSync(world, rs);
  }
  garbageCollect(world, take('gc'));
  {
    const changes = take('node-status');
    const names = changes ? podNodes(changes) : null;
    if (names && changes!.has('Node')) for (const o of changes!.objects('Node').live) names.add(o.metadata.name);
    nodesNetworkReady(world, names);
  }
  {
    // The node lifecycle controller's NoExecute taints, then the taint manager acting on them.
    const changes = take('taint-eviction');
    if (!changes || changes.has('Node') || changes.has('Pod')) taintEvictionSync(world, !changes || changes.has('Node'));
  }
  schedulePending(world, pass, take('scheduler'));
  // The kubelets' watch: pods grouped by node once per pass (in the store's insertion order).
  const kubelet = take('kubelet');
  const byNode = new Map<string, KObj[]>();
  const add = (p: KObj) => {
    const name = p.spec?.nodeName;
    if (name) byNode.set(name, [...(byNode.get(name) ?? []), p]);
  };
  if (!kubelet) for (const p of storeListByInsertion(api, 'Pod')) add(p);
  else for (const p of inInsertionOrder(world, kubelet.objects('Pod').live)) add(p);
  let felix = felixDirty(world, take('felix'));
  for (const n of world.state.nodes) {
    // A node with no changed pod has none waiting for its kubelet (binding a pod writes it).
    if (!kubelet || byNode.has(n.name)) kubeletSync(world, n, byNode.get(n.name) ?? []);
    if (felixShouldRun(n, felix, felixUnsettled(n))) felixSync(world, n);
  }
  {
    // The endpoints controllers, then kube-proxy on each node (Services → nat rules).
    const changes = take('services');
    const pods = changes?.has('Pod') ? changes.objects('Pod') : null;
    // Pods matter to Services only through their selectors, and to kube-proxy's nodes through its own pods.
    const podsMatter = !!pods && (pods.deleted || pods.live.some(isKubeProxyPod) || podsTouchEndpoints(world, pods.live));
    if (!changes || changes.has('Service') || changes.has('EndpointSlice') || podsMatter) {
      endpointsSync(world);
      kubeProxySyncAll(world);
    }
  }
  const ipam = take('ipam-gc');
  if (!ipam || ipam.has('IPAMBlock') || ipam.has('Node') || ipam.has('BlockAffinity') || ipam.has('Pod')) ipamGarbageCollect(world);
  birdReconcile(world);
  // A route Felix could not add while BIRD still had one to the same prefix (the kernel's EEXIST,
  // e.g. IPIP → VXLAN) goes in now that BIRD has withdrawn its own; real Felix retries on its own.
  felix = felixDirty(world, take('felix'));
  for (const n of world.state.nodes) if (felixShouldRun(n, felix, felixUnsettled(n))) felixSync(world, n);
}

function felixDirty(world: World, changes: ApiChanges | null): FelixDirty | null {
  return changes ? felixDirtyFromApi(world, changes) : null;
}

/** Nodes of the changed pods (a deleted pod's node is unknown: null means every node). */
function podNodes(changes: ApiChanges): Set<string> | null {
  const { live, deleted } = changes.objects('Pod');
  if (deleted) return null;
  const out = new Set<string>();
  for (const p of live) if (p.spec?.nodeName) out.add(p.spec.nodeName);
  return out;
}

/** Pod positions in the store's insertion order, recomputed when the set of pods changes. */
const POSITIONS = new WeakMap<readonly string[], Map<string, number>>();

function inInsertionOrder(world: World, pods: KObj[]): KObj[] {
  if (pods.length < 2) return pods;
  const keys = storeKeys(world.state.api, 'Pod');
  let pos = POSITIONS.get(keys);
  if (!pos) {
    const m = new Map<string, number>();
    storeListByInsertion(world.state.api, 'Pod').forEach((p, i) => m.set(podKey(p), i));
    POSITIONS.set(keys, (pos = m));
  }
  const at = pos;
  return pods.slice().sort((a, b) => (at.get(podKey(a)) ?? 0) - (at.get(podKey(b)) ?? 0));
}

function podKey(p: KObj): string {
  return objectKey('Pod', p.metadata.namespace, p.metadata.name);
}

function ownerRef(owner: KObj) {
  return [{ apiVersion: owner.apiVersion, kind: owner.kind, name: owner.metadata.name, uid: owner.metadata.uid, controller: true, blockOwnerDeletion: true }];
}

/** Pod keys by owner uid, rebuilt when the set of pods changes (owner references never do). */
const OWNED = new WeakMap<readonly string[], Map<string, string[]>>();

function podsOwnedBy(world: World, owner: KObj): KObj[] {
  const api = world.state.api;
  const keys = storeKeys(api, 'Pod');
  let index = OWNED.get(keys);
  if (!index) {
    index = new Map();
    for (const k of keys) {
      for (const o of api.objects[k].metadata.ownerReferences ?? []) {
        // Appended, not copied: a copy per pod made the index of 5,000 pods of one owner quadratic.
        const list = index.get(o.uid);
        if (list) list.push(k);
        else index.set(o.uid, [k]);
      }
    }
    OWNED.set(keys, index);
  }
  const ns = owner.metadata.namespace;
  const out: KObj[] = [];
  for (const k of index.get(owner.metadata.uid) ?? []) {
    const p = api.objects[k];
    if (p && p.metadata.namespace === ns) out.push(p);
  }
  return out;
}

function newPodFromTemplate(world: World, owner: KObj, namePrefix: string, extraLabels: Record<string, string>, createdAt: number, nodeName?: string): KObj {
  const tpl = deepClone(owner.spec.template);
  const name = `${namePrefix}-${rngString(world.state.rng, K8S_SUFFIX_ALPHABET, 5)}`;
  const spec = { ...tpl.spec, restartPolicy: 'Always', dnsPolicy: tpl.spec.hostNetwork ? 'ClusterFirstWithHostNet' : 'ClusterFirst' };
  if (owner.kind === 'DaemonSet') addDaemonPodTolerations(spec);
  if (nodeName) spec.nodeName = nodeName;
  return apiCreate(world.state, {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      generateName: `${namePrefix}-`,
      namespace: owner.metadata.namespace,
      labels: { ...(tpl.metadata?.labels ?? {}), ...extraLabels },
      ownerReferences: ownerRef(owner),
    },
    spec,
    status: { phase: 'Pending', qosClass: 'BestEffort' },
  }, createdAt);
}

/**
 * One pod per node that the template tolerates (calico-node and kube-proxy tolerate all). A
 * changed template (`kubectl rollout restart` stamps one) rolls the pods as RollingUpdate does:
 * an old pod that is not available goes at once, an available one only while fewer than
 * maxUnavailable (default 1) nodes lack an available pod; the next pass creates the new pod.
 */
/** Per DaemonSet: what it last saw when every node had its one current pod and nothing was done. */
const DS_SETTLED = new WeakMap<object, Map<string, { pods: readonly string[]; nodes: readonly string[]; count: number; terminating: number; hash: string }>>();

function daemonSetSync(world: World, ds: KObj): void {
  const api = world.state.api;
  const hash = templateHash(ds.spec.template);
  const seen = { pods: storeKeys(api, 'Pod'), nodes: storeKeys(api, 'Node'), count: world.state.nodes.length, terminating: TERMINATING.get(api) ?? 0, hash };
  let settledAll = DS_SETTLED.get(api);
  if (!settledAll) DS_SETTLED.set(api, (settledAll = new Map()));
  const last = settledAll.get(ds.metadata.uid);
  // A pod's readiness moving (500 calico-node pods when BIRD restarts) changes nothing per node
  // while no pod, node or template moved and no old pod waits for its turn: only the status.
  const settled = !!last && last.pods === seen.pods && last.nodes === seen.nodes && last.count === seen.count && last.terminating === seen.terminating && last.hash === hash;
  if (!settled && daemonSetNodes(world, ds, hash)) settledAll.set(ds.metadata.uid, seen);
  daemonSetStatus(world, ds, hash);
}

/** Create and roll the pods per node; true when every node had its one current pod and nothing was done. */
function daemonSetNodes(world: World, ds: KObj, hash: string): boolean {
  const pods = podsOwnedBy(world, ds);
  let steady = true;
  const byNode = new Map<string, KObj[]>();
  for (const p of pods) if (!p.metadata.deletionTimestamp) byNode.set(p.spec.nodeName, [...(byNode.get(p.spec.nodeName) ?? []), p]);
  const nodes = world.state.nodes.map((n) => storeGet(world.state.api, 'Node', undefined, n.name)).filter((n): n is KObj => !!n);
  const onDelete = ds.spec.updateStrategy?.type === 'OnDelete';
  let unavailable = nodes.filter((n) => !(byNode.get(n.metadata.name) ?? []).some(podReady)).length;
  const budget = maxUnavailableOf(ds.spec.updateStrategy?.rollingUpdate?.maxUnavailable, nodes.length);
  for (const nodeObj of nodes) {
    const name = nodeObj.metadata.name;
    let existing = byNode.get(name) ?? [];
    const current = existing.find((p) => p.metadata.labels?.['controller-revision-hash'] === hash);
    if (!current || existing.length !== 1) steady = false;
    for (const old of existing) {
      if (old === current || onDelete) continue;
      if (podReady(old)) {
        if (unavailable >= budget) continue;
        unavailable++;
      }
      podDelete(world, old);
      steady = false;
      existing = existing.filter((p) => p !== old);
    }
    if (!current && existing.length === 0) {
      const nodeCreated = Date.parse(nodeObj.metadata.creationTimestamp) - world.state.clock.epoch;
      newPodFromTemplate(world, ds, ds.metadata.name, { 'controller-revision-hash': hash, 'pod-template-generation': String(ds.metadata.generation ?? 1) }, Math.max(world.now, nodeCreated + 20_000), name);
    }
  }
  return steady;
}

function daemonSetStatus(world: World, ds: KObj, hash: string): void {
  const owned = podsOwnedBy(world, ds);
  const ready = owned.filter(podReady).length;
  const updated = owned.filter((p) => p.metadata.labels?.['controller-revision-hash'] === hash).length;
  const desired = world.state.nodes.length;
  const status = { currentNumberScheduled: desired, desiredNumberScheduled: desired, numberAvailable: ready, numberReady: ready, observedGeneration: ds.metadata.generation ?? 1, updatedNumberScheduled: updated };
  if (JSON.stringify(ds.status) !== JSON.stringify(status)) {
    ds.status = status;
    storePut(world.state.api, ds);
  }
}

/** An int-or-percent of `total` (a percentage rounds up, at least 1), as intstr does for maxUnavailable. */
function maxUnavailableOf(v: unknown, total: number): number {
  if (typeof v === 'string' && v.endsWith('%')) return Math.max(1, Math.ceil((Number(v.slice(0, -1)) / 100) * total));
  const n = Number(v ?? 1);
  return Number.isFinite(n) && n > 0 ? n : 1;
}

/**
 * A Deployment's ReplicaSet per template (named by its hash), numbered by the
 * `deployment.kubernetes.io/revision` annotation: the current template's gets the highest number
 * (an old one coming back, as `rollout undo` does, is renumbered). Old ReplicaSets stay, scaled
 * to 0, as revision history; they shrink as the new one's pods become ready.
 */
function deploymentSync(world: World, d: KObj): void {
  const hash = templateHash(d.spec.template);
  let rsName = `${d.metadata.name}-${hash}`;
  const rsList = storeList(world.state.api, 'ReplicaSet', d.metadata.namespace).filter((rs) => rs.metadata.ownerReferences?.some((o) => o.uid === d.metadata.uid));
  const revisionOf = (rs: KObj) => Number(rs.metadata.annotations?.[REVISION] ?? 0);
  const maxRevision = Math.max(0, ...rsList.map(revisionOf));
  // `kubectl rollout pause`: a changed template starts no rollout; the newest ReplicaSet stays current.
  const newest = rsList.reduce<KObj | null>((a, x) => (!a || revisionOf(x) > revisionOf(a) ? x : a), null);
  if (d.spec.paused && newest && !rsList.some((x) => x.metadata.name === rsName)) rsName = newest.metadata.name;
  let rs = storeGet(world.state.api, 'ReplicaSet', d.metadata.namespace, rsName);
  const replicas = d.spec.replicas ?? 1;
  if (!rs) {
    rs = apiCreate(world.state, {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: rsName, namespace: d.metadata.namespace, labels: { ...(d.spec.template.metadata?.labels ?? {}), 'pod-template-hash': hash }, annotations: { [REVISION]: String(maxRevision + 1) }, ownerReferences: ownerRef(d) },
      spec: { replicas, selector: d.spec.selector, template: deepClone(d.spec.template) },
    }, Math.max(world.now, Date.parse(d.metadata.creationTimestamp) - world.state.clock.epoch));
  } else if (rs.spec.replicas !== replicas || revisionOf(rs) < maxRevision) {
    rs.spec.replicas = replicas;
    if (revisionOf(rs) < maxRevision) rs.metadata.annotations = { ...(rs.metadata.annotations ?? {}), [REVISION]: String(maxRevision + 1) };
    storePut(world.state.api, rs);
  }
  const pods = podsOwnedBy(world, rs);
  const newReady = pods.filter(podReady).length;
  // The old ReplicaSets keep what the new one's ready pods do not yet replace (newest first).
  let keep = Math.max(0, replicas - newReady);
  let oldPods: KObj[] = [];
  for (const old of rsList.filter((x) => x.metadata.name !== rsName).sort((a, b) => revisionOf(b) - revisionOf(a))) {
    const want = Math.min(keep, old.spec.replicas ?? 0);
    keep -= want;
    if (old.spec.replicas !== want) {
      old.spec.replicas = want;
      storePut(world.state.api, old);
    }
    oldPods = oldPods.concat(podsOwnedBy(world, old));
  }
  const ready = newReady + oldPods.filter(podReady).length;
  const updated = rsName === `${d.metadata.name}-${hash}` ? pods.length : 0;
  const status = { availableReplicas: ready, readyReplicas: ready, replicas: pods.length + oldPods.length, updatedReplicas: updated, observedGeneration: d.metadata.generation ?? 1 };
  const revision = rs.metadata.annotations?.[REVISION] ?? '1';
  if (JSON.stringify(d.status) !== JSON.stringify(status) || d.metadata.annotations?.[REVISION] !== revision) {
    // The revision goes with the status, in one write.
    d.metadata.annotations = { ...(d.metadata.annotations ?? {}), [REVISION]: revision };
    d.status = status;
    storePut(world.state.api, d);
  }
}

const REVISION = 'deployment.kubernetes.io/revision';

/** Pods marked for deletion so far (podDeleteGracefully), per store: with the pods' key list, what a ReplicaSet's count follows. */
const TERMINATING = new WeakMap<object, number>();
/** Per ReplicaSet: the pod keys and terminating count with which it last had as many pods as wanted. */
const SATISFIED = new WeakMap<object, Map<string, { keys: readonly string[]; terminating: number; replicas: number }>>();

function replicaSetSync(world: World, rs: KObj): void {
  const api = world.state.api;
  const replicas = rs.spec.replicas ?? 1;
  const keys = storeKeys(api, 'Pod');
  const terminating = TERMINATING.get(api) ?? 0;
  let satisfied = SATISFIED.get(api);
  if (!satisfied) SATISFIED.set(api, (satisfied = new Map()));
  const last = satisfied.get(rs.metadata.uid);
  // The usual pass (one of its pods' status moved): no pod came, went or began terminating since
  // it last had as many as wanted. Counting 5,000 pods after each of their steps was quadratic.
  if (last && last.keys === keys && last.terminating === terminating && last.replicas === replicas) return;
  const owned = podsOwnedBy(world, rs);
  let alive = 0;
  for (const p of owned) if (!p.metadata.deletionTimestamp) alive++;
  if (alive === replicas) {
    satisfied.set(rs.metadata.uid, { keys, terminating, replicas });
    return;
  }
  const pods = owned.filter((p) => !p.metadata.deletionTimestamp);
  const hash = rs.metadata.labels?.['pod-template-hash'] ?? '';
  const created = Date.parse(rs.metadata.creationTimestamp) - world.state.clock.epoch;
  for (let i = pods.length; i < (rs.spec.replicas ?? 1); i++) {
    newPodFromTemplate(world, rs, rs.metadata.name, { 'pod-template-hash': hash }, Math.max(world.now, created));
  }
  for (const p of pods.slice(rs.spec.replicas ?? 1).reverse()) podDelete(world, p);
}

/** Kinds that own no pod and no ReplicaSet (written on every pod start). */
const NOT_OWNERS = new Set(['Pod', 'Event', 'IPAMBlock', 'IPAMHandle', 'BlockAffinity']);

/**
 * Pods whose owner is gone are deleted, like the garbage collector's cascading delete. Only an
 * owner's change can orphan an existing pod: without one, only the pods that changed are looked at.
 */
function garbageCollect(world: World, changes: ApiChanges | null): void {
  let owners = !changes;
  if (changes) for (const k of changes.kinds()) if (!NOT_OWNERS.has(k)) owners = true;
  const pods = owners ? storeList(world.state.api, 'Pod') : changes!.objects('Pod').live.sort((a, b) => (podKey(a) < podKey(b) ? -1 : 1));
  for (const p of pods) {
    const ref = p.metadata.ownerReferences?.[0];
    if (!ref) continue;
    const owner = storeGet(world.state.api, ref.kind, p.metadata.namespace, ref.name);
    if (!owner || owner.metadata.uid !== ref.uid) podDelete(world, p);
  }
  if (!owners) return;
  for (const rs of storeList(world.state.api, 'ReplicaSet')) {
    const ref = rs.metadata.ownerReferences?.[0];
    if (ref && !storeGet(world.state.api, ref.kind, rs.metadata.namespace, ref.name)) {
      storeDelete(world.state.api, 'ReplicaSet', rs.metadata.namespace, rs.metadata.name);
    }
  }
}

export function podReady(p: KObj): boolean {
  return !!p.status?.conditions?.some((c: { type: string; status: string }) => c.type === 'Ready' && c.status === 'True');
}

/** Remove a pod and tear down its network on the node (the kubelet's CNI DEL). */
export function podDelete(world: World, p: KObj): void {
  const node = p.spec?.nodeName ? world.node(p.spec.nodeName) : undefined;
  if (node) {
    kubeletPodGone(world, node.name, p);
  }
  storeDelete(world.state.api, 'Pod', p.metadata.namespace, p.metadata.name);
}

import { kubeletPodGone } from './kubelet';

/** A pod's terminationGracePeriodSeconds when it sets none. */
const DEFAULT_GRACE_SECONDS = 30;

/**
 * A delete without --force: the API server marks the pod (deletionTimestamp, grace period) and
 * its kubelet kills the containers and confirms (here at once). A kubelet that cannot hear of it
 * (node off, kubelet stopped or cut off) leaves the pod Terminating until it is back. Returns
 * whether the pod is gone.
 */
export function podDeleteGracefully(world: World, p: KObj): boolean {
  const node = p.spec?.nodeName ? world.node(p.spec.nodeName) : undefined;
  if (!node || kubeletConnected(node)) {
    podDelete(world, p);
    return true;
  }
  if (!p.metadata.deletionTimestamp) {
    const grace = p.spec.terminationGracePeriodSeconds ?? DEFAULT_GRACE_SECONDS;
    p.metadata.deletionTimestamp = world.timestamp(world.now + grace * 1000);
    p.metadata.deletionGracePeriodSeconds = grace;
    TERMINATING.set(world.state.api, (TERMINATING.get(world.state.api) ?? 0) + 1);
    storePut(world.state.api, p);
  }
  return false;
}

function tolerates(pod: KObj, taint: Taint): boolean {
  return ((pod.spec.tolerations ?? []) as Toleration[]).some((t) => toleratesTaint(t, taint));
}

/**
 * kube-scheduler: bind each pending pod to the tolerable node with the fewest pods (then by name).
 * A pod can only become pending by being written, and only a Node's change can make a pod that
 * fitted nowhere fit: without one, the pods that changed and those left pending are looked at.
 */
function schedulePending(world: World, pass: PassState, changes: ApiChanges | null): void {
  const api = world.state.api;
  if (changes && !changes.has('Pod') && !changes.has('Node') && !pass.pending.size) return;
  let pods: KObj[];
  if (!changes || changes.has('Node')) pods = storeList(api, 'Pod');
  else {
    const keys = new Set(pass.pending);
    for (const p of changes.objects('Pod').live) keys.add(podKey(p));
    pods = [...keys].sort().map((k) => api.objects[k]).filter((p) => p);
  }
  const pending = pods.filter((p) => !p.spec.nodeName && !p.metadata.deletionTimestamp);
  pass.pending = new Set();
  if (pending.length === 0) return;
  const load = new Map<string, number>();
  for (const p of storeList(api, 'Pod')) if (p.spec.nodeName) load.set(p.spec.nodeName, (load.get(p.spec.nodeName) ?? 0) + 1);
  // The nodes by name once; each pod's fit depends only on its tolerations and node selector.
  const byName = world.state.nodes
    .map((n) => storeGet(api, 'Node', undefined, n.name)!)
    .filter((n) => n)
    // Code-point order (node names are lower-case DNS names, where it equals the collator's): the
    // first localeCompare of a fresh worker sets up ICU's collator, ~25 ms of the first start.
    .sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0));
  const fits = new Map<string, KObj[]>();
  for (const pod of pending) {
    const fitKey = JSON.stringify([pod.spec.tolerations ?? [], pod.spec.nodeSelector ?? {}]);
    let candidates = fits.get(fitKey);
    if (!candidates) {
      candidates = byName
        // The TaintToleration filter: NoSchedule and NoExecute taints must be tolerated.
        .filter((n) => ((n.spec.taints ?? []) as Taint[]).every((t) => t.effect === 'PreferNoSchedule' || tolerates(pod, t)))
        .filter((n) => Object.entries((pod.spec.nodeSelector ?? {}) as Record<string, string>).every(([k, v]) => n.metadata.labels?.[k] === v));
      fits.set(fitKey, candidates);
    }
    if (candidates.length === 0) {
      setUnschedulable(world, pod);
      pass.pending.add(podKey(pod));
      continue;
    }
    // The fewest pods, then the first by name (the candidates are in name order).
    let best = candidates[0];
    let bestLoad = load.get(best.metadata.name) ?? 0;
    for (const n of candidates) {
      const l = load.get(n.metadata.name) ?? 0;
      if (l < bestLoad) {
        best = n;
        bestLoad = l;
      }
    }
    const target = best.metadata.name;
    pod.spec.nodeName = target;
    pod.status.conditions = [{ type: 'PodScheduled', status: 'True', lastTransitionTime: world.timestamp() }];
    load.set(target, bestLoad + 1);
    storePut(api, pod);
  }
}

function setUnschedulable(world: World, pod: KObj): void {
  if (pod.status?.conditions?.some((c: { reason?: string }) => c.reason === 'Unschedulable')) return;
  const total = world.state.nodes.length;
  pod.status.conditions = [{
    type: 'PodScheduled',
    status: 'False',
    reason: 'Unschedulable',
    lastTransitionTime: world.timestamp(),
    message: `0/${total} nodes are available: ${total} node(s) had untolerated taint {node.kubernetes.io/not-ready: }. preemption: 0/${total} nodes are available: ${total} Preemption is not helpful for scheduling..`,
  }];
  storePut(world.state.api, pod);
  // kube-scheduler records why, which is what `kubectl describe pod` shows a student.
  recordEvent(world, pod, 'Warning', 'FailedScheduling', pod.status.conditions[0].message, 'default-scheduler');
}

/** A short stable hash of a pod template, like the pod-template-hash label (same alphabet). */
export function templateHash(template: unknown): string {
  const text = JSON.stringify(template);
  const hit = HASHES.get(text);
  if (hit) return hit;
  const h = templateHashOf(text);
  if (HASHES.size > 1000) HASHES.clear();
  HASHES.set(text, h);
  return h;
}

const HASHES = new Map<string, string>();

function templateHashOf(text: string): string {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619) >>> 0;
  let out = '';
  let x = h;
  for (let i = 0; i < 10; i++) {
    out += K8S_SUFFIX_ALPHABET[x % K8S_SUFFIX_ALPHABET.length];
    x = Math.floor(x / K8S_SUFFIX_ALPHABET.length) + (i + 1) * 7919;
  }
  return out;
}
