/** Network interfaces as `ip link` / `ip addr` know them. */

export type LinkKind = 'loopback' | 'ether' | 'ipip' | 'vxlan' | 'veth';

export interface LinkAddr {
  /** `ip/prefix`, e.g. `172.16.11.80/24`. */
  cidr: string;
  scope: 'host' | 'global' | 'link';
  brd?: string;
}

export interface Link {
  index: number;
  name: string;
  kind: LinkKind;
  mac: string;
  mtu: number;
  /** Administrative state (`ip link set X up|down`). */
  up: boolean;
  qdisc: 'noqueue' | 'fq_codel' | 'noop';
  addrs: LinkAddr[];
  /** For veths: the peer's ifindex and the network namespace it lives in. */
  peer?: { ifindex: number; netns: string };
}

export function linkFlags(l: Link): string[] {
  if (l.kind === 'loopback') return l.up ? ['LOOPBACK', 'UP', 'LOWER_UP'] : ['LOOPBACK'];
  if (l.kind === 'ipip') return l.up ? ['NOARP', 'UP', 'LOWER_UP'] : ['NOARP'];
  return l.up ? ['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP'] : ['BROADCAST', 'MULTICAST'];
}

/** `state UP` for a physical link that is up, `UNKNOWN` for virtual ones, `DOWN` otherwise. */
export function linkOperState(l: Link): 'UP' | 'DOWN' | 'UNKNOWN' {
  if (!l.up) return 'DOWN';
  return l.kind === 'ether' || l.kind === 'veth' ? 'UP' : 'UNKNOWN';
}
