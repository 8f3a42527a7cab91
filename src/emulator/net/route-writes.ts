/**
 * In-place writes to a node's routing table and pod networks, counted beside the state: readers
 * that remember the table's array and length (Felix, the controllers' pass) also notice a route
 * replaced in place. Writers that build a new array need not count (the array changes).
 */
import type { NodeState } from '../state';

const ROUTES = new WeakMap<NodeState, number>();
const PODS = new WeakMap<NodeState, number>();

export function routesWritten(node: NodeState): void {
  ROUTES.set(node, (ROUTES.get(node) ?? 0) + 1);
}

export function routesWrites(node: NodeState): number {
  return ROUTES.get(node) ?? 0;
}

export function podsWritten(node: NodeState): void {
  PODS.set(node, (PODS.get(node) ?? 0) + 1);
}

export function podsWrites(node: NodeState): number {
  return PODS.get(node) ?? 0;
}
