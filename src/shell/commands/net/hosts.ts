/** Name resolution through the node's /etc/hosts, as ping and tcpdump do it on the lab's nodes. */
import type { NodeState } from '../../../emulator/state';
import { fsRead } from '../../../emulator/fs';
import { ipv4Parse } from '../../../emulator/net/ip';

export interface Hosts {
  /** Every address of a name (glibc's `multi on`, as Ubuntu's host.conf sets it). */
  byName: Map<string, string[]>;
  byIp: Map<string, string>;
}

export function hostsRead(node: NodeState): Hosts {
  const text = fsRead(node.fs, '/etc/hosts');
  const h: Hosts = { byName: new Map(), byIp: new Map() };
  if (typeof text !== 'string' || ['ENOENT', 'EISDIR', 'ENOTDIR'].includes(text)) return h;
  for (const line of text.split('\n')) {
    const [ip, ...names] = line.replace(/#.*/, '').trim().split(/\s+/);
    if (!ip || !ipv4Parse(ip) || !names.length) continue;
    if (!h.byIp.has(ip)) h.byIp.set(ip, names[0]);
    for (const n of names) h.byName.set(n, [...(h.byName.get(n) ?? []), ip]);
  }
  return h;
}

/** An address as typed, or the first address /etc/hosts gives the name. */
export function hostsResolve(h: Hosts, text: string): string | null {
  return ipv4Parse(text) ?? h.byName.get(text)?.[0] ?? null;
}

/** All the addresses of a name, as libpcap matches `host NAME`. */
export function hostsResolveAll(h: Hosts, text: string): string[] {
  const ip = ipv4Parse(text);
  return ip ? [ip] : h.byName.get(text) ?? [];
}
