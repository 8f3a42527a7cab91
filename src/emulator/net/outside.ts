/**
 * The world beyond the cluster's gateway: a small routed fabric behind 172.16.11.1 (each subnet's
 * gateway) with one host, 192.0.2.10 (TEST-NET-1), that answers ping and serves HTTP on port 80.
 * The gateway routes like any Linux router (TTL, time exceeded) but knows no route to the pod
 * pools: a pod's packet only gets an answer from outside when natOutgoing masquerades it.
 */
import type { World } from '../world';

export interface OutsideHost {
  ip: string;
  /** TCP ports with a listener (nginx's default page on 80). */
  tcp: number[];
}

export const OUTSIDE_HOSTS: readonly OutsideHost[] = [{ ip: '192.0.2.10', tcp: [80] }];

export function outsideHost(ip: string): OutsideHost | undefined {
  return OUTSIDE_HOSTS.find((h) => h.ip === ip);
}

/** Whether `ip` is a gateway of the world's subnets (the router towards the outside hosts). */
export function isGateway(world: World, ip: string): boolean {
  return world.state.subnets.some((s) => s.gateway === ip) || world.state.nodes.some((n) => n.gateway === ip);
}
