/** A node's kernel routing table, modelled on Linux's main table as `ip route` shows it. */
import { cidrParse, cidrParts, ipv4ToInt, prefixMask } from './ip';

export type RouteProto = 'kernel' | 'boot' | 'static' | 'dhcp' | 'bird' | '80';

export interface Route {
  type: 'unicast' | 'blackhole';
  /** Destination prefix; `0.0.0.0/0` is the default route. */
  dst: string;
  via?: string;
  dev?: string;
  proto: RouteProto;
  scope: 'global' | 'link';
  src?: string;
  metric?: number;
  onlink?: boolean;
}

/** Like `ip route get`: longest prefix wins; ties go to the lowest metric. */
export function routeTableLookup(routes: readonly Route[], ip: string): Route | undefined {
  const addr = ipv4ToInt(ip);
  let best: Route | undefined;
  let bestPrefix = -1;
  for (const r of routes) {
    const p = cidrParts(r.dst);
    if (!p) continue;
    const mask = prefixMask(p.prefix);
    if (((addr & mask) >>> 0) !== ((p.network & mask) >>> 0)) continue;
    if (p.prefix > bestPrefix || (p.prefix === bestPrefix && (r.metric ?? 0) < (best?.metric ?? 0))) {
      best = r;
      bestPrefix = p.prefix;
    }
  }
  return best;
}

/** Kernel FIB order: ascending network address; for the same address the longer prefix first. */
export function routeCompare(a: Route, b: Route): number {
  const pa = cidrParts(a.dst)!;
  const pb = cidrParts(b.dst)!;
  if (pa.network !== pb.network) return pa.network < pb.network ? -1 : 1;
  if (pa.prefix !== pb.prefix) return pb.prefix - pa.prefix;
  return (a.metric ?? 0) - (b.metric ?? 0);
}

export function routeSame(a: Route, b: Route): boolean {
  return a.dst === b.dst && (a.metric ?? 0) === (b.metric ?? 0);
}

/**
 * Replace every route a daemon owns (by protocol and a predicate) with its desired set, the way
 * BIRD's kernel protocol and Felix's route table syncer converge the kernel table.
 */
export function routeTableSync(
  routes: Route[],
  owns: (r: Route) => boolean,
  desired: readonly Route[],
): Route[] {
  const kept = routes.filter((r) => !owns(r));
  const out = kept.concat(desired.filter((d) => !kept.some((k) => routeSame(k, d))));
  return out.sort(routeCompare);
}

export function routeIsDefault(r: Route): boolean {
  return r.dst === '0.0.0.0/0';
}

export function routeNetworkInt(r: Route): number {
  return cidrParse(r.dst)?.network ?? ipv4ToInt('0.0.0.0');
}
