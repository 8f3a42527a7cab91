/** `ip route`: show the node's main table, look an address up, add and delete routes. */
import { routesWritten } from '../../../emulator/net/route-writes';
import type { CommandContext } from '../../context';
import type { Route } from '../../../emulator/net/route';
import { routeCompare, routeTableLookup } from '../../../emulator/net/route';
import { cidrNormalise, cidrParse, ipv4Parse } from '../../../emulator/net/ip';
import { findLink, routeLine } from './format';
import { ipError, matches } from './util';

const SUBCOMMANDS = ['list', 'show', 'get', 'add', 'del', 'delete', 'replace', 'flush', 'help'];

export function ipRoute(ctx: CommandContext, args: string[]): number {
  const sub = args[0] ?? 'show';
  const cmd = SUBCOMMANDS.find((s) => matches(sub, s));
  if (!cmd) return ipError(ctx, `Command "${sub}" is unknown, try "ip route help".`, 255);
  const rest = args.slice(1);
  switch (cmd) {
    case 'list':
    case 'show':
      return show(ctx, rest);
    case 'get':
      return get(ctx, rest);
    case 'add':
    case 'replace':
      return add(ctx, rest, cmd === 'replace');
    case 'del':
    case 'delete':
      return del(ctx, rest);
    case 'flush':
      return ipError(ctx, '"ip route flush" requires arguments.', 255);
    default:
      return ipError(ctx, 'Usage: ip route { list | flush } SELECTOR\n       ip route get [ ROUTE_GET_FLAGS ] ADDRESS\n       ip route { add | del | change | append | replace } ROUTE', 255);
  }
}

function show(ctx: CommandContext, args: string[]): number {
  let routes = ctx.node.routes.slice().sort(routeCompare);
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === 'dev') {
      const dev = args[++i];
      if (!dev || !findLink(ctx.node, dev)) return ipError(ctx, `Cannot find device "${dev ?? ''}"`, 1);
      routes = routes.filter((r) => r.dev === dev);
    } else if (a === 'proto') {
      const p = args[++i];
      routes = routes.filter((r) => r.proto === p || (p === 'bird' && r.proto === 'bird'));
    } else if (a === 'table' || a === 'scope' || a === 'type') i++;
    else if (a === 'match' || a === 'root' || a === 'exact') continue;
    else {
      const prefix = a.includes('/') ? cidrNormalise(a) : ipv4Parse(a) ? `${a}/32` : null;
      if (!prefix) return ipError(ctx, `Error: any valid prefix is expected rather than "${a}".`, 1);
      routes = routes.filter((r) => r.dst === prefix);
    }
  }
  // One write for the table: at 500 nodes a line per write was 500 messages to the page.
  let text = '';
  for (const r of routes) text += routeLine(r) + '\n';
  if (text) ctx.out(text);
  return 0;
}

function get(ctx: CommandContext, args: string[]): number {
  const addr = args.find((a, i) => !['from', 'iif', 'oif', 'mark', 'to'].includes(a) && !['from', 'iif', 'oif', 'mark'].includes(args[i - 1]));
  if (!addr) return ipError(ctx, 'need at least a destination address', 1);
  const ip = ipv4Parse(addr.replace(/\/32$/, ''));
  if (!ip) return ipError(ctx, `Error: any valid prefix is expected rather than "${addr}".`, 1);
  const local = ctx.node.links.find((l) => l.addrs.some((a) => a.cidr.split('/')[0] === ip));
  if (local) {
    ctx.out(`local ${ip} dev lo src ${ip} uid 0 \n    cache <local> \n`);
    return 0;
  }
  const r = routeTableLookup(ctx.node.routes, ip);
  if (!r) return ipError(ctx, 'RTNETLINK answers: Network is unreachable', 2);
  if (r.type === 'blackhole') return ipError(ctx, 'RTNETLINK answers: Invalid argument', 2);
  const dev = r.dev ? findLink(ctx.node, r.dev) : undefined;
  const src = r.src ?? dev?.addrs[0]?.cidr.split('/')[0] ?? ctx.node.ip;
  ctx.out(`${ip} ${r.via ? `via ${r.via} ` : ''}dev ${r.dev} src ${src} uid 0 \n    cache \n`);
  return 0;
}

/** Parse `[type] PREFIX [via ADDR] [dev NAME] [proto P] [metric N] [onlink]`. */
function parseRoute(ctx: CommandContext, args: string[]): Route | number {
  let type: Route['type'] = 'unicast';
  let i = 0;
  if (args[0] === 'blackhole' || args[0] === 'unicast') type = args[i++] as Route['type'];
  const dstText = args[i++];
  if (!dstText) return ipError(ctx, 'Error: either "to" is duplicate, or "" is a garbage.', 1);
  const dst = dstText === 'default' ? '0.0.0.0/0' : dstText.includes('/') ? cidrParse(dstText) && cidrNormalise(dstText) : ipv4Parse(dstText) ? `${dstText}/32` : null;
  if (!dst) return ipError(ctx, `Error: any valid prefix is expected rather than "${dstText}".`, 1);
  const route: Route = { type, dst, proto: 'boot', scope: 'global' };
  for (; i < args.length; i++) {
    const a = args[i];
    const v = args[i + 1];
    if (a === 'via') {
      if (!v || !ipv4Parse(v)) return ipError(ctx, `Error: inet address is expected rather than "${v ?? ''}".`, 1);
      route.via = v;
      i++;
    } else if (a === 'dev') {
      if (!v || !findLink(ctx.node, v)) return ipError(ctx, `Cannot find device "${v ?? ''}"`, 1);
      route.dev = v;
      i++;
    } else if (a === 'proto') {
      route.proto = (v ?? 'boot') as Route['proto'];
      i++;
    } else if (a === 'metric') {
      route.metric = Number(v);
      i++;
    } else if (a === 'onlink') route.onlink = true;
    else if (a === 'scope') {
      route.scope = v === 'link' ? 'link' : 'global';
      i++;
    } else return ipError(ctx, `Error: either "to" is duplicate, or "${a}" is a garbage.`, 255);
  }
  return route;
}

function add(ctx: CommandContext, args: string[], replace: boolean): number {
  const r = parseRoute(ctx, args);
  if (typeof r === 'number') return r;
  if (r.type === 'unicast') {
    if (r.via && !r.onlink) {
      const nh = routeTableLookup(ctx.node.routes.filter((x) => x.scope === 'link' && x.type === 'unicast'), r.via);
      if (!nh) return ipError(ctx, 'Error: Nexthop has invalid gateway.', 2);
      r.dev ??= nh.dev;
    }
    if (!r.dev) return ipError(ctx, 'Error: Device for nexthop is not up.', 2);
    if (!r.via) r.scope = 'link';
  }
  const existing = ctx.node.routes.findIndex((x) => x.dst === r.dst && (x.metric ?? 0) === (r.metric ?? 0));
  if (existing >= 0 && !replace) return ipError(ctx, 'RTNETLINK answers: File exists', 2);
  if (existing >= 0) ctx.node.routes.splice(existing, 1);
  ctx.node.routes.push(r);
  ctx.node.routes.sort(routeCompare);
  routesWritten(ctx.node);
  return 0;
}

function del(ctx: CommandContext, args: string[]): number {
  const r = parseRoute(ctx, args);
  if (typeof r === 'number') return r;
  const idx = ctx.node.routes.findIndex((x) => x.dst === r.dst && (!r.via || x.via === r.via) && (!r.dev || x.dev === r.dev) && x.type === r.type);
  if (idx < 0) return ipError(ctx, 'RTNETLINK answers: No such process', 2);
  ctx.node.routes.splice(idx, 1);
  routesWritten(ctx.node);
  return 0;
}
