/**
 * What a node's operating system says about itself: Ubuntu 22.04.3 with the 5.15.0-88 kernel
 * (as `kubectl get nodes -o wide` and /etc/os-release already claim), when it booted, and a
 * stable hash that the derived views (pids, ports, container ids) draw their numbers from.
 */
import type { World } from '../world';
import type { NodeState } from '../state';
import { storeGet } from '../k8s/objects';

export const KERNEL_RELEASE = '5.15.0-88-generic';
export const KERNEL_VERSION = '#98-Ubuntu SMP Mon Oct 2 15:18:56 UTC 2023';
export const CONTAINERD_VERSION = '1.6.24';
export const KUBELET_VERSION = 'v1.28.2';

/** Seconds from power-on to the kubelet (BIOS, kernel, systemd): node-power's BOOT_MS. */
const KUBELET_AFTER_BOOT_MS = 40_000;

/**
 * When the node powered on, in simulated ms. A node that never rebooted booted a minute before
 * it joined the cluster (its Node object's creation), or a minute before the world began.
 */
export function nodeBootedAt(world: World, node: NodeState): number {
  if (node.bootedAt !== undefined) return node.bootedAt;
  const created = storeGet(world.state.api, 'Node', undefined, node.name)?.metadata.creationTimestamp;
  const at = created ? Date.parse(created) - world.state.clock.epoch : 0;
  return (Number.isFinite(at) ? at : 0) - 60_000;
}

/** The kubelet (and containerd) start when systemd reaches multi-user.target. */
export function kubeletStartedAt(world: World, node: NodeState): number {
  return nodeBootedAt(world, node) + KUBELET_AFTER_BOOT_MS;
}

/** FNV-1a: a small, stable hash for numbers that must look random but stay the same. */
export function stableHash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** 64 hex digits derived from a key (container and image ids). */
export function stableHex64(key: string): string {
  let out = '';
  for (let i = 0; out.length < 64; i++) out += stableHash(`${key}#${i}`).toString(16).padStart(8, '0');
  return out.slice(0, 64);
}

/** An RFC 3339 timestamp of the API as simulated ms (NaN-safe: missing means now). */
export function apiTimeMs(world: World, iso: string | undefined): number {
  if (!iso) return world.now;
  const t = Date.parse(iso);
  return Number.isFinite(t) ? t - world.state.clock.epoch : world.now;
}
