/** `ip link` and `ip addr`: interfaces, their addresses, and `ip link set DEV up|down`. */
import type { CommandContext } from '../../context';
import type { NodeState } from '../../../emulator/state';
import { addrLines, briefAddrLine, briefLinkLine, findLink, linkHeader, linkLayerLine } from './format';
import { ipError, matches } from './util';
import { linkSetState } from '../../../emulator/net/link-state';

export interface IpOptions {
  brief: boolean;
  details: boolean;
  stats: boolean;
  family: 'all' | '4' | '6';
}

export function ipAddr(ctx: CommandContext, args: string[], opts: IpOptions): number {
  const sub = args[0] ?? 'show';
  if (!['show', 'list'].some((s) => matches(sub, s))) {
    if (matches(sub, 'add') || matches(sub, 'del')) return ipError(ctx, 'RTNETLINK answers: Operation not supported', 2);
    return ipError(ctx, `Command "${sub}" is unknown, try "ip address help".`, 255);
  }
  const links = selectLinks(ctx, args.slice(1));
  if (typeof links === 'number') return links;
  for (const l of links) {
    if (opts.brief) {
      ctx.out(briefAddrLine(l, opts.family) + '\n');
      continue;
    }
    const lines = addrLines(l, opts.family);
    if (opts.family === '4' && lines.length === 0) continue;
    ctx.out(linkHeader(l, false) + '\n');
    if (opts.family !== '4') ctx.out(linkLayerLine(l) + '\n');
    for (const line of lines) ctx.out(line + '\n');
  }
  return 0;
}

export function ipLink(ctx: CommandContext, args: string[], opts: IpOptions): number {
  const sub = args[0] ?? 'show';
  if (matches(sub, 'set')) return linkSet(ctx, args.slice(1));
  if (!['show', 'list'].some((s) => matches(sub, s))) return ipError(ctx, `Command "${sub}" is unknown, try "ip link help".`, 255);
  const links = selectLinks(ctx, args.slice(1));
  if (typeof links === 'number') return links;
  for (const l of links) {
    if (opts.brief) {
      ctx.out(briefLinkLine(l) + '\n');
      continue;
    }
    ctx.out(linkHeader(l, true) + '\n');
    ctx.out(linkLayerLine(l) + (opts.details ? (l.kind === 'vxlan' ? ' promiscuity 0  allmulti 0 minmtu 68 maxmtu 65535 ' : ' promiscuity 0  allmulti 0 minmtu 0 maxmtu 0 ') : '') + '\n');
    if (opts.details) ctx.out(detailLine(l.kind, ctx.node, l.name) + '\n');
  }
  return 0;
}

function detailLine(kind: string, node: NodeState, name: string): string {
  if (kind === 'ipip') return '    ipip any remote any local any ttl inherit nopmtudisc addrgenmode eui64 numtxqueues 1 numrxqueues 1 gso_max_size 65536 gso_max_segs 65535 ';
  if (kind === 'veth') return '    veth addrgenmode eui64 numtxqueues 2 numrxqueues 2 gso_max_size 65536 gso_max_segs 65535 tso_max_size 524280 tso_max_segs 65535 gro_max_size 65536 ';
  // Felix's vxlan.calico (vxlan_mgr.go): VNI 4096, the node's address as source, port 4789, no learning.
  if (kind === 'vxlan') return `    vxlan id 4096 local ${node.ip} dev eth0 srcport 0 0 dstport 4789 nolearning ttl auto ageing 300 udpcsum noudp6zerocsumtx noudp6zerocsumrx addrgenmode eui64 numtxqueues 1 numrxqueues 1 gso_max_size 65536 gso_max_segs 65535 `;
  void name;
  return '    addrgenmode eui64 numtxqueues 1 numrxqueues 1 gso_max_size 65536 gso_max_segs 65535 ';
}

function selectLinks(ctx: CommandContext, args: string[]) {
  const name = args[0] === 'dev' ? args[1] : args[0];
  if (!name) return ctx.node.links.slice().sort((a, b) => a.index - b.index);
  const l = findLink(ctx.node, name);
  if (!l) return ipError(ctx, `Device "${name}" does not exist.`, 1);
  return [l];
}

/** `ip link set [dev] NAME up|down|mtu N`. */
function linkSet(ctx: CommandContext, args: string[]): number {
  const a = args[0] === 'dev' ? args.slice(1) : args;
  const name = a[0];
  if (!name) return ipError(ctx, 'Not enough of information: "dev" argument is required.', 255);
  const l = findLink(ctx.node, name);
  if (!l) return ipError(ctx, `Cannot find device "${name}"`, 1);
  for (let i = 1; i < a.length; i++) {
    if (a[i] === 'up' || a[i] === 'down') linkSetState(ctx.node, l.name, a[i] === 'up');
    else if (a[i] === 'mtu') {
      const mtu = Number(a[++i]);
      if (!Number.isInteger(mtu) || mtu < 68) return ipError(ctx, `Error: argument "${a[i] ?? ''}" is wrong: Invalid "mtu" value`, 255);
      l.mtu = mtu;
    } else return ipError(ctx, `Error: either "dev" is duplicate, or "${a[i]}" is a garbage.`, 255);
  }
  return 0;
}
