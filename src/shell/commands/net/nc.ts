/** OpenBSD netcat (`nc`, as Ubuntu ships it): `-z` port scans and a minimal client over real TCP. */
import type { CommandContext, CommandSpec } from '../../context';
import type { Endpoint } from '../../../emulator/net/trace';
import { sourceAddress } from '../../../emulator/net/forward';
import { hostsRead, hostsResolve } from './hosts';
import { serviceName } from './tcpdump/services';
import { tcpConnect, tcpDrive } from './tcp-connect';

const USAGE = `usage: nc [-46CDdFhklNnrStUuvZz] [-I length] [-i interval] [-M ttl]
\t  [-m minttl] [-O length] [-P proxy_username] [-p source_port]
\t  [-q seconds] [-s sourceaddr] [-T keyword] [-V rtable] [-W recvlimit] [-w timeout]
\t  [-X proxy_protocol] [-x proxy_address[:port]] [destination] [port]
`;
const VALUED = 'IiMmOPpqsTVWwXx';

interface NcOpts {
  zero: boolean;
  verbose: boolean;
  numeric: boolean;
  waitS?: number;
  words: string[];
}

function parse(ctx: CommandContext, argv: string[]): NcOpts | number {
  const o: NcOpts = { zero: false, verbose: false, numeric: false, words: [] };
  for (let i = 0; i < argv.length; i++) {
    const w = argv[i];
    if (!w.startsWith('-') || w === '-') {
      o.words.push(w);
      continue;
    }
    for (let j = 1; j < w.length; j++) {
      const c = w[j];
      if (VALUED.includes(c)) {
        const v = j + 1 < w.length ? w.slice(j + 1) : argv[++i];
        if (v === undefined) return ctx.err(`nc: option requires an argument -- '${c}'\n${USAGE}`), 1;
        if (c === 'w') {
          if (!/^\d+$/.test(v)) return ctx.err(`nc: timeout ${/^-/.test(v) ? 'is too small' : 'is invalid'}: ${v}\n`), 1;
          o.waitS = Number(v);
        }
        break;
      }
      if (c === 'z') o.zero = true;
      else if (c === 'v') o.verbose = true;
      else if (c === 'n') o.numeric = true;
      else if (c === 'l' || c === 'u' || c === 'U') return ctx.err(`nc: -${c} is not available in this lab (TCP client only)\n`), 1;
      else if (!'46CDdFhkNrStZ'.includes(c)) return ctx.err(`nc: invalid option -- '${c}'\n${USAGE}`), 1;
    }
  }
  return o;
}

function ports(text: string): number[] | null {
  const m = /^(\d+)(?:-(\d+))?$/.exec(text);
  if (!m) return null;
  const lo = Number(m[1]);
  const hi = Number(m[2] ?? m[1]);
  if (lo < 1 || hi > 65535 || hi < lo) return null;
  return Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);
}

export async function ncRun(ctx: CommandContext, from: Endpoint, srcIp: (dst: string) => string, argv: string[]): Promise<number> {
  const o = parse(ctx, argv);
  if (typeof o === 'number') return o;
  const [host, portText] = o.words;
  if (!host || !portText) return ctx.err(USAGE), 1;
  const list = ports(portText);
  if (!list) return ctx.err(`nc: port number invalid: ${portText}\n`), 1;
  const dst = from.pod || o.numeric ? (/^\d+\.\d+\.\d+\.\d+$/.test(host) ? host : null) : hostsResolve(hostsRead(ctx.node), host);
  if (!dst) return ctx.err(`nc: getaddrinfo for host "${host}" port ${list[0]}: ${o.numeric ? 'Name or service not known' : 'Temporary failure in name resolution'}\n`), 1;
  let status = 1;
  for (const port of list) {
    const c = await tcpConnect(ctx, from, srcIp(dst), dst, port, o.waitS !== undefined ? o.waitS * 1000 : undefined);
    const where = `connect to ${dst} port ${port} (tcp)`;
    if (c.kind === 'interrupted') return 130;
    if (c.kind !== 'established') {
      const why = c.kind === 'refused' ? 'failed: Connection refused' : c.kind === 'timeout' ? 'timed out: Operation now in progress' : c.kind === 'unreachable' ? 'failed: No route to host' : c.kind === 'local-error' ? 'failed: Network is unreachable' : 'failed: Connection timed out';
      if (o.verbose || !o.zero || list.length === 1) ctx.err(`nc: ${where} ${why}\n`);
      continue;
    }
    status = 0;
    const s = c.session;
    if (o.verbose) ctx.err(`Connection to ${host} ${port} port [tcp/${serviceName('tcp', port) ?? '*'}] succeeded!\n`);
    if (o.zero) {
      s.close();
      await ctx.sleep(s.aheadMs());
      continue;
    }
    if (ctx.stdin) s.write(ctx.stdin);
    // Retransmissions and late answers happen in simulated time, until -w or Ctrl-C.
    const drive = await tcpDrive(ctx, s, o.waitS !== undefined ? ctx.world.now + o.waitS * 1000 : undefined);
    if (drive === 'interrupted') return ctx.out(s.received), 130;
    ctx.out(s.received);
    if (!s.serverClosed) {
      // Without -q or -N, nc keeps the connection until the peer closes it or Ctrl-C.
      await ctx.sleep(o.waitS !== undefined ? o.waitS * 1000 : 3_600_000);
      if (ctx.interrupted()) return 130;
    }
    s.close();
    await ctx.sleep(s.aheadMs());
  }
  return status;
}

/** `kubectl exec POD -- nc ...`: the pod's namespace is the source. */
export function ncInPod(ctx: CommandContext, nodeName: string, podKey: string, argv: string[]): Promise<number> {
  const ip = ctx.world.node(nodeName)?.pods[podKey]?.ip ?? '';
  return ncRun(ctx, { node: nodeName, pod: podKey }, () => ip, argv.slice(1));
}

export const nc: CommandSpec = {
  name: 'nc',
  summary: 'arbitrary TCP connections and port scans (OpenBSD netcat)',
  usage: 'nc [-zvn] [-w timeout] destination port[-port]',
  run(ctx) {
    return ncRun(ctx, { node: ctx.node.name }, (dst) => sourceAddress(ctx.node, dst), ctx.argv.slice(1));
  },
};
