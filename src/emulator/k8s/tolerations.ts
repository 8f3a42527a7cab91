/**
 * Tolerations the control plane adds to pods, and how a pod's tolerations meet a node's taints.
 * - The API server's DefaultTolerationSeconds admission plugin (on by default) gives every pod
 *   that does not already tolerate them `node.kubernetes.io/not-ready` and `.../unreachable`
 *   NoExecute for 300 s: the taint manager evicts such pods five minutes after their node is lost.
 * - The DaemonSet controller gives its pods the node-condition tolerations without a time limit
 *   (daemon/util AddOrUpdateDaemonPodTolerations), so calico-node and kube-proxy stay.
 */
import type { KObj } from './objects';

export interface Toleration {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
  tolerationSeconds?: number;
}

export interface Taint {
  key: string;
  value?: string;
  effect: string;
  timeAdded?: string;
}

export const NOT_READY_TAINT = 'node.kubernetes.io/not-ready';
export const UNREACHABLE_TAINT = 'node.kubernetes.io/unreachable';

/** kube-apiserver's --default-not-ready-toleration-seconds and --default-unreachable-toleration-seconds. */
const DEFAULT_TOLERATION_SECONDS = 300;

/** DefaultTolerationSeconds: an empty key or effect already tolerates the taint. */
export function admitDefaultTolerations(pod: KObj): void {
  const tolerations: Toleration[] = pod.spec?.tolerations ?? [];
  const covers = (key: string) => tolerations.some((t) => (t.key === key || !t.key) && (t.effect === 'NoExecute' || !t.effect));
  const add: Toleration[] = [];
  for (const key of [NOT_READY_TAINT, UNREACHABLE_TAINT]) {
    if (!covers(key)) add.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: DEFAULT_TOLERATION_SECONDS });
  }
  if (add.length) pod.spec.tolerations = [...tolerations, ...add];
}

/** The DaemonSet controller's tolerations for a new daemon pod, in its order; equal ones are not repeated. */
export function addDaemonPodTolerations(spec: { tolerations?: Toleration[]; hostNetwork?: boolean }): void {
  const wanted: Toleration[] = [
    { key: NOT_READY_TAINT, operator: 'Exists', effect: 'NoExecute' },
    { key: UNREACHABLE_TAINT, operator: 'Exists', effect: 'NoExecute' },
    { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
    ...(spec.hostNetwork ? [{ key: 'node.kubernetes.io/network-unavailable', operator: 'Exists', effect: 'NoSchedule' }] : []),
  ];
  const list = [...(spec.tolerations ?? [])];
  for (const w of wanted) {
    // AddOrUpdateTolerationInPodSpec: one with the same key, operator, value and effect is replaced.
    const i = list.findIndex((t) => (t.key ?? '') === w.key && (t.operator ?? 'Equal') === w.operator && (t.value ?? '') === '' && (t.effect ?? '') === w.effect);
    if (i >= 0) list[i] = w;
    else list.push(w);
  }
  spec.tolerations = list;
}

/** ToleratesTaint: an empty effect or key matches any; Exists ignores the value, Equal (the default) compares it. */
export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  if (!t.operator || t.operator === 'Equal') return (t.value ?? '') === (taint.value ?? '');
  return t.operator === 'Exists';
}

/**
 * GetMatchingTolerations: whether every taint is tolerated, and the tolerations used (the first
 * match per taint). A pod tolerating them all for ever gets `seconds` null.
 */
export function noExecuteTolerance(tolerations: Toleration[] | undefined, taints: Taint[]): { all: boolean; seconds: number | null } {
  let min: number | null = null;
  for (const taint of taints) {
    const used = (tolerations ?? []).find((t) => toleratesTaint(t, taint));
    if (!used) return { all: false, seconds: 0 };
    if (used.tolerationSeconds !== undefined) {
      const s = Math.max(0, used.tolerationSeconds);
      min = min === null ? s : Math.min(min, s);
    }
  }
  return { all: true, seconds: min };
}
