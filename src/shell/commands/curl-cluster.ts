/**
 * curl to a pod, a node or the outside host: a real TCP connection through the dataplane
 * (../../emulator/net/tcp-session.ts), the HTTP request curl 7.81 sends, and the reply parsed.
 * Errors use curl 7.81's wording (Ubuntu 22.04).
 */
import type { CommandContext } from '../context';
import type { Endpoint } from '../../emulator/net/trace';
import type { CatalogueResponse } from '../catalogue';
import { tcpConnect, tcpDrive } from './net/tcp-connect';
import { utf8Bytes } from '../../emulator/net/tcp-apps';

/** curl's progress in its timeout message: `0 bytes`, or `N out of M bytes` once it knows the length. */
function receivedText(text: string): string {
  const split = text.indexOf('\r\n\r\n');
  if (split < 0) return '0 bytes';
  const got = utf8Bytes(text.slice(split + 4));
  const len = /\r\ncontent-length:\s*(\d+)/i.exec(text.slice(0, split));
  return len ? `${got} out of ${len[1]} bytes` : `${got} bytes`;
}

export interface CurlNet {
  from: Endpoint;
  srcIp: (dst: string) => string;
}

export type ClusterResponse = CatalogueResponse & { rawHead: string; verboseTail: string };

export interface ClusterFetchOpts {
  host: string;
  dstIp: string;
  port: number;
  https: boolean;
  insecure: boolean;
  head: boolean;
  path: string;
  connectTimeoutMs?: number;
  maxTimeMs?: number;
  verbose: boolean;
}

const ERRNO_TEXT: Record<string, string> = { ENETUNREACH: 'Network is unreachable', EINVAL: 'Invalid argument', EMSGSIZE: 'Message too long' };

/** Fetch over TCP; returns the response, or curl's exit status after `error` printed the message. */
export async function curlClusterFetch(ctx: CommandContext, net: CurlNet, o: ClusterFetchOpts, error: (code: number, msg: string) => number): Promise<ClusterResponse | number> {
  const verbose = (s: string) => o.verbose && ctx.err(s);
  verbose(`*   Trying ${o.dstIp}:${o.port}...\n`);
  const limit = Math.min(o.connectTimeoutMs ?? Infinity, o.maxTimeMs ?? Infinity);
  const c = await tcpConnect(ctx, net.from, net.srcIp(o.dstIp), o.dstIp, o.port, Number.isFinite(limit) ? limit : undefined);
  const ms = Math.floor(c.elapsedMs);
  const failed = `Failed to connect to ${o.host} port ${o.port} after ${ms} ms`;
  if (c.kind === 'refused') return error(7, `${failed}: Connection refused`);
  if (c.kind === 'unreachable') return error(7, `${failed}: No route to host`);
  if (c.kind === 'local-error') return error(7, `${failed}: ${ERRNO_TEXT[c.errno ?? ''] ?? 'Network is unreachable'}`);
  if (c.kind === 'timeout') return error(28, `Connection timed out after ${ms} milliseconds`);
  if (c.kind === 'kernel-timeout') return error(28, `${failed}: Connection timed out`);
  if (c.kind === 'interrupted') return 130;
  const s = c.session;
  verbose(`* Connected to ${o.host} (${o.dstIp}) port ${o.port} (#0)\n`);
  const tls = s.app?.tls ?? false;
  if (o.https && !tls) {
    // curl's ClientHello meets a plaintext server, which answers with an HTTP error page.
    s.write('\u0016\u0003\u0001 ClientHello');
    await ctx.sleep(s.aheadMs());
    s.close();
    await ctx.sleep(s.aheadMs());
    return error(35, 'error:0A00010B:SSL routines::wrong version number');
  }
  if (o.https && !o.insecure) {
    s.close();
    await ctx.sleep(s.aheadMs());
    return error(60, 'SSL certificate problem: unable to get local issuer certificate\nMore details here: https://curl.se/docs/sslcerts.html\n\ncurl failed to verify the legitimacy of the server and therefore could not\nestablish a secure connection to it. To learn more about this situation and\nhow to fix it, please visit the web page mentioned above.');
  }
  const hostHeader = o.port === (o.https ? 443 : 80) ? o.host : `${o.host}:${o.port}`;
  const request = `${o.head ? 'HEAD' : 'GET'} ${o.path} HTTP/1.1\r\nHost: ${hostHeader}\r\nUser-Agent: curl/7.81.0\r\nAccept: */*\r\n\r\n`;
  for (const line of request.split('\r\n').slice(0, -1)) verbose(`> ${line}\n`);
  // The lab does not encrypt: a TLS port gets the request behind a handshake record marker.
  s.write((o.https ? '\u0016' : '') + request);
  // The transfer runs in simulated time: lost segments are retransmitted, a slow server answers late.
  const startedAt = ctx.world.now - c.elapsedMs;
  const drive = await tcpDrive(ctx, s, o.maxTimeMs !== undefined ? startedAt + o.maxTimeMs : undefined);
  if (drive === 'interrupted') return 130;
  let text = s.received;
  if (o.https && text.startsWith('\u0017')) text = text.slice(1);
  if (s.timedOut) return error(56, 'Recv failure: Connection timed out');
  if (drive === 'deadline' || s.stalled || (!text && !s.serverClosed)) {
    // Nothing (more) is coming: wait for -m, or until interrupted.
    if (drive !== 'deadline') await ctx.sleep(o.maxTimeMs !== undefined ? Math.max(0, startedAt + o.maxTimeMs - ctx.world.now) : 3_600_000);
    if (ctx.interrupted()) return 130;
    return error(28, `Operation timed out after ${Math.round(o.maxTimeMs ?? 0)} milliseconds with ${receivedText(text)} received`);
  }
  if (!text) return error(52, 'Empty reply from server');
  if (!/^HTTP\/1\.[01] \d{3}/.test(text)) {
    s.close();
    await ctx.sleep(s.aheadMs());
    return error(1, 'Received HTTP/0.9 when not allowed');
  }
  const split = text.indexOf('\r\n\r\n');
  const rawHead = split >= 0 ? text.slice(0, split + 4) : text;
  const body = split >= 0 ? text.slice(split + 4) : '';
  const [statusLine, ...lines] = rawHead.split('\r\n').filter((l) => l);
  const m = /^HTTP\/(1\.[01]) (\d{3}) ?(.*)$/.exec(statusLine)!;
  const headers = lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()] as [string, string]);
  if (m[1] === '1.0') verbose('* HTTP 1.0, assume close after body\n');
  else verbose('* Mark bundle as not supporting multiuse\n');
  for (const l of rawHead.split('\r\n').slice(0, -1)) verbose(`< ${l}\n`);
  s.close();
  await ctx.sleep(s.aheadMs());
  const verboseTail = !o.verbose ? '' : s.serverClosed && m[1] === '1.0' ? '* Closing connection 0\n' : `* Connection #0 to host ${o.host} left intact\n`;
  return { status: Number(m[2]), statusText: m[3], headers, body: o.head ? '' : body, httpVersion: m[1] as '1.1', rawHead, verboseTail };
}
