/** iproute2's output layouts (iproute2 6.1, as Debian 12 prints them; see reference §2). */
import type { Route } from '../../../emulator/net/route';
import type { Link, LinkAddr } from '../../../emulator/net/link';
import { linkFlags, linkOperState } from '../../../emulator/net/link';
import type { NodeState } from '../../../emulator/state';

/** Every field is printed as "field " by iproute2, so each route line ends with one space. */
export function routeLine(r: Route): string {
  const parts: string[] = [];
  if (r.type !== 'unicast') parts.push(r.type);
  parts.push(r.dst === '0.0.0.0/0' ? 'default' : r.dst.endsWith('/32') ? r.dst.slice(0, -3) : r.dst);
  if (r.via) parts.push('via', r.via);
  if (r.dev) parts.push('dev', r.dev);
  // proto boot (3) is the default and not printed; Felix's workload routes use it.
  if (r.proto !== 'boot') parts.push('proto', r.proto);
  if (r.scope !== 'global') parts.push('scope', r.scope);
  if (r.src) parts.push('src', r.src);
  if (r.metric !== undefined) parts.push('metric', String(r.metric));
  if (r.onlink) parts.push('onlink');
  return parts.join(' ') + ' ';
}

/** The name as `ip link` shows it: tunl0 has no parent (`@NONE`), a veth names its peer index. */
export function linkDisplayName(l: Link): string {
  if (l.kind === 'ipip') return `${l.name}@NONE`;
  if (l.kind === 'veth' && l.peer) return `${l.name}@if${l.peer.ifindex}`;
  return l.name;
}

export function linkHeader(l: Link, withMode: boolean): string {
  return `${l.index}: ${linkDisplayName(l)}: <${linkFlags(l).join(',')}> mtu ${l.mtu} qdisc ${l.up ? l.qdisc : l.kind === 'ether' ? l.qdisc : 'noop'} state ${linkOperState(l)}${withMode ? ' mode DEFAULT' : ''} group default qlen 1000`;
}

export function linkLayerLine(l: Link): string {
  if (l.kind === 'loopback') return '    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00';
  if (l.kind === 'ipip') return '    link/ipip 0.0.0.0 brd 0.0.0.0';
  const netns = l.peer ? ` link-netns ${l.peer.netns}` : '';
  return `    link/ether ${l.mac} brd ff:ff:ff:ff:ff:ff${netns}`;
}

/** IPv6 link-local address from the MAC (EUI-64), as the kernel assigns it to an up interface. */
export function linkLocal6(mac: string): string {
  const b = mac.split(':').map((x) => parseInt(x, 16));
  b[0] ^= 2;
  const words = [(b[0] << 8) | b[1], (b[2] << 8) | 0xff, (0xfe << 8) | b[3], (b[4] << 8) | b[5]];
  return 'fe80::' + words.map((w) => w.toString(16)).join(':');
}

export function addrLines(l: Link, family: 'all' | '4' | '6'): string[] {
  const out: string[] = [];
  if (family !== '6') {
    for (const a of l.addrs) {
      out.push(`    inet ${a.cidr}${a.brd ? ` brd ${a.brd}` : ''} scope ${a.scope} ${l.name}`);
      out.push('       valid_lft forever preferred_lft forever');
    }
  }
  if (family !== '4') {
    for (const a6 of inet6(l)) {
      out.push(`    inet6 ${a6.cidr} scope ${a6.scope} `);
      out.push('       valid_lft forever preferred_lft forever');
    }
  }
  return out;
}

function inet6(l: Link): LinkAddr[] {
  if (l.kind === 'loopback') return [{ cidr: '::1/128', scope: 'host' }];
  if (l.kind === 'ipip' || l.kind === 'vxlan' || !l.up) return [];
  return [{ cidr: `${linkLocal6(l.mac)}/64`, scope: 'link' }];
}

export function briefAddrLine(l: Link, family: 'all' | '4' | '6'): string {
  const addrs = [...(family !== '6' ? l.addrs.map((a) => a.cidr) : []), ...(family !== '4' ? inet6(l).map((a) => a.cidr) : [])];
  return `${linkDisplayName(l).padEnd(16)} ${linkOperState(l).padEnd(14)} ${addrs.map((a) => a + ' ').join('')}`;
}

export function briefLinkLine(l: Link): string {
  const mac = l.kind === 'ipip' ? '0.0.0.0' : l.mac;
  return `${linkDisplayName(l).padEnd(16)} ${linkOperState(l).padEnd(14)} ${mac} <${linkFlags(l).join(',')}> `;
}

export function findLink(node: NodeState, name: string): Link | undefined {
  return node.links.find((l) => l.name === name || linkDisplayName(l) === name);
}
