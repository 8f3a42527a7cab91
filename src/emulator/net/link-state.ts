/** Bringing an interface up or down, with what the kernel does to the routes that use it. */
import type { NodeState } from '../state';
import { cidrFormat, cidrParse } from './ip';
import { routeCompare } from './route';
import { routesWritten } from './route-writes';

/**
 * `ip link set DEV down` removes every route through DEV (the connected route, the default route,
 * BIRD's routes); `up` restores only the kernel's connected routes. Daemons re-add their own.
 */
export function linkSetState(node: NodeState, name: string, up: boolean): void {
  const link = node.links.find((l) => l.name === name);
  if (!link || link.up === up) return;
  link.up = up;
  if (!up) {
    node.routes = node.routes.filter((r) => r.dev !== name);
    return;
  }
  for (const a of link.addrs) {
    const p = cidrParse(a.cidr)!;
    if (p.prefix === 32) continue;
    const dst = cidrFormat(p.network, p.prefix);
    if (!node.routes.some((r) => r.dst === dst && r.dev === name)) {
      node.routes.push({ type: 'unicast', dst, dev: name, proto: 'kernel', scope: 'link', src: a.cidr.split('/')[0] });
    }
  }
  node.routes.sort(routeCompare);
  routesWritten(node);
}
