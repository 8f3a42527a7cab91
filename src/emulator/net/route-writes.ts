/**
 * In-place writes to a node's routing table and pod networks, counted beside the state: readers
 * that remember the table's array and length (Felix, the controllers' pass) also notice a route
 * replaced in place. Writers that build a new array need not count (the array changes).
 */
import type { NodeState } from '../state';

const ROUTES = new WeakMap<NodeState, number>();
const BIRD = new WeakMap<NodeState, number>();
const PODS = new WeakMap<NodeState, number>();

export function routesWritten(node: NodeState): void {
  ROUTES.set(node, (ROUTES.get(node) ?? 0) + 1);
}

export function routesWrites(node: NodeState): number {
  return ROUTES.get(node) ?? 0;
}

/** BIRD's kernel protocol wrote its own (`proto bird`) routes in place. */
export function birdRoutesWritten(node: NodeState): void {
  BIRD.set(node, (BIRD.get(node) ?? 0) + 1);
}

export function birdRoutesWrites(node: NodeState): number {
  return BIRD.get(node) ?? 0;
}

const WORKLOAD = new WeakMap<NodeState, number>();

/** How many workload routes (`dev cali…`) Felix last left in the table. */
export function workloadRoutesSet(node: NodeState, count: number): void {
  WORKLOAD.set(node, count);
}

export function workloadRoutes(node: NodeState): number {
  return WORKLOAD.get(node) ?? 0;
}

export function podsWritten(node: NodeState): void {
  PODS.set(node, (PODS.get(node) ?? 0) + 1);
}

export function podsWrites(node: NodeState): number {
  return PODS.get(node) ?? 0;
}
