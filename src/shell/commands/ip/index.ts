/** iproute2's `ip`: `ip [ OPTIONS ] OBJECT { COMMAND | help }`. */
import type { CommandContext, CommandSpec } from '../../context';
import { ipRoute } from './route';
import { ipAddr, ipLink } from './link';
import type { IpOptions } from './link';
import { ipNeigh } from './neigh';
import { ipError, matches } from './util';

const USAGE = `Usage: ip [ OPTIONS ] OBJECT { COMMAND | help }
       ip [ -force ] -batch filename
where  OBJECT := { address | addrlabel | fou | help | ila | ioam | l2tp | link |
                   macsec | maddress | monitor | mptcp | mroute | mrule |
                   neighbor | neighbour | netconf | netns | nexthop | ntable |
                   ntbl | route | rule | sr | tap | tcpmetrics |
                   token | tunnel | tuntap | vrf | xfrm }
       OPTIONS := { -V[ersion] | -s[tatistics] | -d[etails] | -r[esolve] |
                    -h[uman-readable] | -iec | -j[son] | -p[retty] |
                    -f[amily] { inet | inet6 | mpls | bridge | link } |
                    -4 | -6 | -M | -B | -0 |
                    -l[oops] { maximum-addr-flush-attempts } | -br[ief] |
                    -o[neline] | -t[imestamp] | -ts[hort] | -b[atch] [filename] |
                    -rc[vbuf] [size] | -n[etns] name | -N[umeric] | -a[ll] |
                    -c[olor]}`;

/** iproute2's object table, in its own order: a prefix picks the first match (`ip a` = address). */
const OBJECTS = ['address', 'addrlabel', 'maddress', 'route', 'rule', 'neighbor', 'neighbour', 'ntable', 'ntbl', 'link', 'l2tp', 'fou', 'ila', 'macsec', 'tunnel', 'tuntap', 'tap', 'token', 'tcpmetrics', 'tcp_metrics', 'monitor', 'xfrm', 'mroute', 'mrule', 'netns', 'netconf', 'vrf', 'sr', 'nexthop', 'mptcp', 'ioam', 'stats', 'help'];

export const ip: CommandSpec = {
  name: 'ip',
  summary: 'show / manipulate routing, network devices, interfaces',
  usage: 'ip [ OPTIONS ] OBJECT { COMMAND | help }',
  run(ctx: CommandContext) {
    const opts: IpOptions = { brief: false, details: false, stats: false, family: 'all' };
    const args = ctx.argv.slice(1);
    while (args[0]?.startsWith('-')) {
      const o = args.shift()!.replace(/^--?/, '-');
      if (o === '-4') opts.family = '4';
      else if (o === '-6') opts.family = '6';
      else if (matches(o, '-brief') && o.length >= 3) opts.brief = true;
      else if (matches(o, '-details')) opts.details = true;
      else if (matches(o, '-statistics')) opts.stats = true;
      else if (matches(o, '-Version')) {
        ctx.out('ip utility, iproute2-6.1.0, libbpf 1.1.0\n');
        return 0;
      } else if (o === '-c' || matches(o, '-color') || o === '-N' || matches(o, '-Numeric') || matches(o, '-resolve')) continue;
      else return ipError(ctx, `Option "${o}" is unknown, try "ip -help".`, 255);
    }
    if (args.length === 0) return ipError(ctx, USAGE, 255);
    const obj = OBJECTS.find((o) => matches(args[0], o));
    if (!obj) return ipError(ctx, `Object "${args[0]}" is unknown, try "ip help".`, 255);
    const rest = args.slice(1);
    switch (obj) {
      case 'route':
        return ipRoute(ctx, rest);
      case 'address':
        return ipAddr(ctx, rest, opts);
      case 'link':
        return ipLink(ctx, rest, opts);
      case 'neighbor':
      case 'neighbour':
        return ipNeigh(ctx, rest);
      case 'help':
        return ipError(ctx, USAGE, 255);
      default:
        return 0;
    }
  },
  complete(args, _word, ctx) {
    if (args.length === 0) return ['address', 'link', 'neighbour', 'route'];
    if (args.length === 1) return ['show', 'list', 'get', 'add', 'del', 'set'];
    return ctx.node.links.map((l) => l.name);
  },
};

export const ipCommands: CommandSpec[] = [ip];
