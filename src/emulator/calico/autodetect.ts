/**
 * calico-node's choice of the node's BGP address (node/pkg/lifecycle/startup/autodetection):
 * `IP` when set to an address, else `IP_AUTODETECTION_METHOD` — first-found (default),
 * interface=REGEX, skip-interface=REGEX, can-reach=DEST, cidr=CIDR[,...], kubernetes-internal-ip.
 */
import type { NodeState } from '../state';
import { cidrContains, cidrParse, ipv4Parse } from '../net/ip';
import { routeTableLookup } from '../net/route';

export type Detected = { ok: true; ip: string; prefix: number } | { ok: false; error: string };

/** Interfaces first-found never considers (Calico's default exclusion list). */
const EXCLUDED = [/^docker.*/, /^cbr.*/, /^dummy.*/, /^virbr.*/, /^lxcbr.*/, /^veth.*/, /^lo$/, /^cali.*/, /^tunl.*/, /^flannel.*/, /^kube-ipvs.*/, /^cni.*/, /^vxlan\.calico$/, /^vxlan-v6\.calico$/, /^wireguard\.cali$/, /^wg-v6\.cali$/, /^nodelocaldns.*/];

function addrsOf(node: NodeState, accept: (name: string) => boolean): { ip: string; prefix: number }[] {
  return node.links
    .filter((l) => l.up && accept(l.name))
    .sort((a, b) => a.index - b.index)
    .flatMap((l) => l.addrs.filter((a) => a.scope === 'global').map((a) => ({ ip: a.cidr.split('/')[0], prefix: Number(a.cidr.split('/')[1]) })));
}

function regexes(list: string): RegExp[] | null {
  try {
    return list.split(',').map((r) => new RegExp(`^(?:${r})$`));
  } catch {
    return null;
  }
}

export function autodetectIpv4(node: NodeState, env: Record<string, string>): Detected {
  const explicit = env.IP;
  if (explicit && explicit !== 'autodetect' && explicit !== 'none') {
    const ip = ipv4Parse(explicit.split('/')[0]);
    if (!ip) return { ok: false, error: `Failed to parse autodetected CIDR '${explicit}'` };
    return { ok: true, ip, prefix: Number(explicit.split('/')[1] ?? node.prefix) };
  }
  const method = env.IP_AUTODETECTION_METHOD ?? 'first-found';
  const [kind, arg = ''] = method.split(/=(.*)/s);
  let found: { ip: string; prefix: number } | undefined;
  let failure = 'Unable to auto-detect an IPv4 address: no valid IPv4 addresses found on the host interfaces';
  if (kind === 'first-found') found = addrsOf(node, (n) => !EXCLUDED.some((r) => r.test(n)))[0];
  else if (kind === 'interface' || kind === 'skip-interface') {
    const res = regexes(arg);
    if (!res) return { ok: false, error: `Invalid IP autodetection method: ${method}` };
    const matches = (n: string) => res.some((r) => r.test(n));
    found = addrsOf(node, kind === 'interface' ? matches : (n) => !matches(n) && !EXCLUDED.some((r) => r.test(n)))[0];
    failure = kind === 'interface' ? `Unable to auto-detect an IPv4 address using interface regexes [${arg.split(',').join(' ')}]: no valid host interfaces found` : failure;
  } else if (kind === 'can-reach') {
    const dest = ipv4Parse(arg);
    if (!dest) return { ok: false, error: `Unable to auto-detect an IPv4 address while reaching ${arg}: dial udp4: lookup ${arg}: no such host` };
    const r = routeTableLookup(node.routes.filter((x) => x.type === 'unicast'), dest);
    const dev = r?.dev ? node.links.find((l) => l.name === r.dev) : undefined;
    const a = r?.src ?? dev?.addrs.find((x) => x.scope === 'global')?.cidr.split('/')[0];
    if (a) found = { ip: a, prefix: Number(dev?.addrs.find((x) => x.cidr.startsWith(a + '/'))?.cidr.split('/')[1] ?? node.prefix) };
    failure = `Unable to auto-detect an IPv4 address while reaching ${arg}: dial udp4 ${arg}:80: connect: network is unreachable`;
  } else if (kind === 'cidr') {
    const cidrs = arg.split(',');
    if (cidrs.some((c) => !cidrParse(c))) return { ok: false, error: `Invalid IP autodetection method: ${method}` };
    found = addrsOf(node, () => true).find((a) => cidrs.some((c) => cidrContains(c, a.ip)));
    failure = `Unable to auto-detect an IPv4 address using CIDRs [${cidrs.join(' ')}]`;
  } else if (kind === 'kubernetes-internal-ip') found = { ip: node.ip, prefix: node.prefix };
  else return { ok: false, error: `Invalid IP autodetection method: ${method}` };
  return found ? { ok: true, ...found } : { ok: false, error: failure };
}
