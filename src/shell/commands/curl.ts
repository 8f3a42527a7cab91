/**
 * `curl` (7.81, Ubuntu 22.04) against the lab's offline internet (../catalogue.ts); addresses of
 * pods, nodes and the outside host are real TCP connections through the dataplane (curl-cluster.ts).
 */
import type { CommandContext, CommandSpec } from '../context';
import { fsBasename, fsDirname, fsMkdirP, fsResolve, fsWrite } from '../../emulator/fs';
import { catalogueFetch, utf8Length, type CatalogueResponse } from '../catalogue';
import type { Endpoint } from '../../emulator/net/trace';
import { sourceAddress } from '../../emulator/net/forward';
import { curlClusterFetch, type ClusterResponse, type CurlNet } from './curl-cluster';
import { hostsRead, hostsResolve } from './net/hosts';

const TRY = "curl: try 'curl --help' or 'curl --manual' for more information";

const SHORT_FLAGS = 'sSLOfIkivq#';
const SHORT_VALUED = 'oXHdAmuwe';
const LONG: Record<string, string> = {
  silent: 's', 'show-error': 'S', location: 'L', 'remote-name': 'O', fail: 'f', head: 'I', insecure: 'k', include: 'i',
  verbose: 'v', output: 'o', request: 'X', header: 'H', data: 'd', 'user-agent': 'A', 'max-time': 'm', user: 'u',
  'write-out': 'w', referer: 'e', 'connect-timeout': 'T', 'create-dirs': 'D', 'progress-bar': '#', retry: 'R', version: 'V', help: 'h',
};
const LONG_VALUED = new Set(['output', 'request', 'header', 'data', 'user-agent', 'max-time', 'user', 'write-out', 'referer', 'connect-timeout', 'retry']);

interface CurlArgs {
  flags: Set<string>;
  urls: { url: string; output?: string; remoteName: boolean }[];
  pendingOutputs: string[];
  pendingRemote: number;
  writeOut?: string;
  /** Values of valued options (`-m 5`, `--connect-timeout 2`). */
  values: Map<string, string>;
}

/** curl's own option parser: flags may be combined (`-sSLO`), a valued option ends the group. */
function parseCurl(ctx: CommandContext, args: string[]): CurlArgs | number {
  const res: CurlArgs = { flags: new Set(), urls: [], pendingOutputs: [], pendingRemote: 0, values: new Map() };
  const bad = (msg: string) => (ctx.err(`curl: ${msg}\n${TRY}\n`), 2);
  const apply = (key: string, value: string | undefined) => {
    if (key === 'o') {
      const u = res.urls.find((x) => x.output === undefined && !x.remoteName);
      if (u) u.output = value;
      else res.pendingOutputs.push(value!);
    } else if (key === 'O') {
      const u = res.urls.find((x) => x.output === undefined && !x.remoteName);
      if (u) u.remoteName = true;
      else res.pendingRemote++;
    } else if (key === 'w') res.writeOut = value;
    else {
      res.flags.add(key);
      if (value !== undefined) res.values.set(key, value);
    }
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a.startsWith('--') && a.length > 2) {
      const name = a.slice(2).replace(/^no-/, '');
      const key = LONG[name];
      if (!key) return bad(`option ${a}: is unknown`);
      if (LONG_VALUED.has(name)) {
        if (args[i + 1] === undefined) return bad(`option ${a}: requires parameter`);
        apply(key, args[++i]);
      } else apply(key, undefined);
    } else if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j];
        if (SHORT_VALUED.includes(c)) {
          const v = j + 1 < a.length ? a.slice(j + 1) : args[++i];
          if (v === undefined) return bad(`option -${c}: requires parameter`);
          apply(c, v);
          break;
        }
        if (!SHORT_FLAGS.includes(c) && c !== 'V' && c !== 'h') return bad(`option -${c}: is unknown`);
        apply(c, undefined);
      }
    } else {
      const u = { url: a, output: res.pendingOutputs.shift(), remoteName: false };
      if (u.output === undefined && res.pendingRemote > 0) {
        u.remoteName = true;
        res.pendingRemote--;
      }
      res.urls.push(u);
    }
  }
  return res;
}

/** curl's max5data: a size or speed in at most five characters. */
export function curlSize5(bytes: number): string {
  const K = 1024;
  const M = K * K;
  if (bytes < 100000) return String(Math.floor(bytes)).padStart(5);
  if (bytes < 10000 * K) return `${Math.floor(bytes / K)}k`.padStart(5);
  if (bytes < 100 * M) return `${String(Math.floor(bytes / M)).padStart(2)}.${Math.floor((bytes % M) / (M / 10))}M`;
  return `${Math.floor(bytes / M)}M`.padStart(5);
}

function curlTime(seconds: number): string {
  if (seconds < 1) return '--:--:--';
  const s = Math.floor(seconds);
  return `${String(Math.floor(s / 3600)).padStart(2)}:${String(Math.floor(s / 60) % 60).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

export const METER_HEADER = '  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n' + ' '.repeat(33) + 'Dload  Upload   Total   Spent    Left  Speed\n';

function meterLine(total: number, received: number, seconds: number): string {
  const pct = (n: number) => String(total > 0 && n > 0 ? Math.floor((n * 100) / total) : 0).padStart(3);
  const avg = seconds > 0 ? received / seconds : 0;
  const cur = Math.floor(avg * 0.88);
  const t = curlTime(seconds);
  return `\r${pct(received)} ${curlSize5(total)}  ${pct(received)} ${curlSize5(received)}  ${pct(0)} ${curlSize5(0)}  ${curlSize5(avg)}  ${curlSize5(0)} ${t} ${t} --:--:-- ${curlSize5(cur)}`;
}

/** Simulated transfer time: 150 ms of round trips plus 12 MiB/s. Deterministic, so transcripts are stable. */
function transferSeconds(bytes: number): number {
  return 0.15 + bytes / (12 * 1024 * 1024);
}

type Target = { host: string; port: number; scheme: string };

function parseUrl(url: string): Target | { badScheme: string } {
  const m = /^([a-zA-Z][\w+.-]*):\/\//.exec(url);
  const scheme = m ? m[1].toLowerCase() : 'http';
  if (scheme !== 'http' && scheme !== 'https') return { badScheme: m![1] };
  const rest = m ? url.slice(m[0].length) : url;
  const hostPort = /^([^/:?#]*)(?::(\d+))?/.exec(rest)!;
  return { host: hostPort[1], port: hostPort[2] ? Number(hostPort[2]) : scheme === 'https' ? 443 : 80, scheme };
}

function headerText(r: CatalogueResponse | ClusterResponse): string {
  if ('rawHead' in r) return r.rawHead;
  return `HTTP/${r.httpVersion} ${r.status} \r\n` + r.headers.map(([k, v]) => `${k}: ${v}\r\n`).join('') + '\r\n';
}

async function fetchOne(ctx: CommandContext, a: CurlArgs, req: CurlArgs['urls'][number], net: CurlNet, values: Map<string, string>): Promise<number> {
  const f = a.flags;
  const showErrors = !f.has('s') || f.has('S');
  const toFile = req.output !== undefined || req.remoteName;
  const meter = !f.has('s') && (toFile || !ctx.stdoutIsTty);
  const error = (code: number, msg: string, ownLine = false) => {
    if (showErrors) ctx.err(`${ownLine && meter ? '\n' : ''}curl: (${code}) ${msg}\n`);
    else if (meter) ctx.err('\n');
    return code;
  };
  if (meter) ctx.err(METER_HEADER + meterLine(0, 0, 0));
  let url = req.url;
  const target = parseUrl(url);
  if ('badScheme' in target) return error(1, `Protocol "${target.badScheme}" not supported or disabled in libcurl`);
  if (!/^[a-z]+:\/\//i.test(url)) url = 'http://' + url;
  let res: CatalogueResponse | ClusterResponse | null = null;
  for (let hops = 0; ; hops++) {
    const t = parseUrl(url) as Target;
    const dstIp = t.host === 'localhost' ? '127.0.0.1' : net.from.pod ? (/^\d+\.\d+\.\d+\.\d+$/.test(t.host) ? t.host : null) : hostsResolve(hostsRead(ctx.node), t.host);
    if (dstIp) {
      const ms = (v: string | undefined) => (v === undefined ? undefined : Number(v) * 1000);
      const path = url.replace(/^[a-z]+:\/\/[^/?#]*/i, '').replace(/#.*$/, '') || '/';
      const r = await curlClusterFetch(ctx, net, { host: t.host, dstIp, port: t.port, https: t.scheme === 'https', insecure: f.has('k'), head: f.has('I'), path: path.startsWith('/') ? path : '/' + path, connectTimeoutMs: ms(values.get('T')), maxTimeMs: ms(values.get('m')), verbose: f.has('v') }, error);
      if (typeof r === 'number') return r;
      res = r;
    } else res = catalogueFetch(url);
    if (!res) return error(6, `Could not resolve host: ${t.host}`);
    const location = res.headers.find(([k]) => k === 'location')?.[1];
    if (!(f.has('L') && location && res.status >= 300 && res.status < 400)) break;
    if (hops >= 50) return error(47, 'Maximum (50) redirects followed');
    url = location;
  }
  if (f.has('f') && res.status >= 400) return error(22, `The requested URL returned error: ${res.status}`, true);
  const head = f.has('I');
  const body = (head || f.has('i') ? headerText(res) : '') + (head ? '' : res.body);
  const size = head ? 0 : utf8Length(res.body);
  const seconds = transferSeconds(size);
  if (!('rawHead' in res)) await ctx.sleep(Math.round(seconds * 1000));
  const discard = req.output === '/dev/null';
  if (req.output === '-' || discard) {
    if (!discard) ctx.out(body);
  } else if (toFile) {
    const name = req.output ?? fsBasename(url.replace(/^[a-z]+:\/\/[^/]*/i, '').replace(/[?#].*$/, ''));
    if (!name) {
      if (meter) ctx.err('\n');
      if (showErrors) ctx.err('curl: Remote file name has no length!\n');
      return error(23, 'Failure writing output to destination');
    }
    const path = fsResolve(ctx.shell.cwd, name);
    if (f.has('D')) fsMkdirP(ctx.node.fs, fsDirname(path), ctx.world.now);
    if (fsWrite(ctx.node.fs, path, body, ctx.world.now)) {
      if (showErrors) ctx.err(`Warning: Failed to create the file ${name}: No such file or directory\n`);
      return error(23, 'Failure writing output to destination');
    }
  } else ctx.out(body);
  if ('verboseTail' in res) ctx.err(res.verboseTail);
  if (meter) ctx.err(meterLine(size, size, seconds) + '\n');
  const format = a.writeOut;
  if (format !== undefined) ctx.out(writeOut(format, res, url, size, seconds));
  return 0;
}

/** `-w`: the variables scripts use to test an endpoint, e.g. `-w '%{http_code}\\n'`. */
function writeOut(format: string, res: CatalogueResponse | ClusterResponse, url: string, size: number, seconds: number): string {
  const vars: Record<string, string> = {
    http_code: String(res.status), response_code: String(res.status), size_download: String(size),
    url_effective: url, time_total: seconds.toFixed(6), content_type: res.headers.find(([k]) => k === 'content-type')?.[1] ?? '',
  };
  return format.replace(/%\{(\w+)\}|\\n|\\t/g, (m, v: string | undefined) => (v !== undefined ? (vars[v] ?? '') : m === '\\n' ? '\n' : '\t'));
}

/** `kubectl exec POD -- curl ...`: the pod's namespace is the source (its eth0 address). */
export function curlInPod(ctx: CommandContext, nodeName: string, podKey: string, argv: string[]): Promise<number> {
  const ip = ctx.world.node(nodeName)?.pods[podKey]?.ip ?? '';
  return curlRun(ctx, { from: { node: nodeName, pod: podKey }, srcIp: () => ip }, argv.slice(1));
}

export const curl: CommandSpec = {
  name: 'curl',
  summary: 'transfer a URL (pods, nodes, the outside host; an offline copy of the Calico downloads)',
  usage: 'curl [-sSLfIkv] [-O | -o FILE] [-m SECONDS] [--connect-timeout SECONDS] URL',
  run(ctx) {
    const from: Endpoint = { node: ctx.node.name };
    return curlRun(ctx, { from, srcIp: (dst) => sourceAddress(ctx.node, dst) }, ctx.argv.slice(1));
  },
};

async function curlRun(ctx: CommandContext, net: CurlNet, argv: string[]): Promise<number> {
  {
    const a = parseCurl(ctx, argv);
    if (typeof a === 'number') return a;
    if (a.flags.has('V')) {
      ctx.out('curl 7.81.0 (x86_64-pc-linux-gnu) libcurl/7.81.0 OpenSSL/3.0.2 zlib/1.2.11 brotli/1.0.9 zstd/1.4.8 libidn2/2.3.2 libpsl/0.21.0 (+libidn2/2.3.2) libssh/0.9.6/openssl/zlib nghttp2/1.43.0 librtmp/2.3 OpenLDAP/2.5.13\nRelease-Date: 2022-01-05\nProtocols: dict file ftp ftps gopher gophers http https imap imaps ldap ldaps mqtt pop3 pop3s rtmp rtsp scp sftp smb smbs smtp smtps telnet tftp\nFeatures: alt-svc AsynchDNS brotli GSS-API HSTS HTTP2 HTTPS-proxy IDN IPv6 Kerberos Largefile libz NTLM NTLM_WB PSL SPNEGO SSL TLS-SRP UnixSockets zstd\n');
      return 0;
    }
    if (a.flags.has('h')) {
      ctx.out('Usage: curl [options...] <url>\n -f, --fail          Fail silently (no output at all) on HTTP errors\n -h, --help <category> Get help for commands\n -i, --include       Include protocol response headers in the output\n -o, --output <file> Write to file instead of stdout\n -O, --remote-name   Write output to a file named as the remote file\n -s, --silent        Silent mode\n -T, --upload-file <file> Transfer local FILE to destination\n -u, --user <user:password> Server user and password\n -A, --user-agent <name> Send User-Agent <name> to server\n -v, --verbose       Make the operation more talkative\n -V, --version       Show version number and quit\n\nThis is not the full help, this menu is stripped into categories.\nUse "--help category" to get an overview of all categories.\nFor all options use the manual or "--help all".\n');
      return 0;
    }
    if (a.urls.length === 0) {
      if (ctx.argv.length > 1) ctx.err('curl: no URL specified!\n');
      ctx.err(TRY + '\n');
      return 2;
    }
    let status = 0;
    for (const u of a.urls) status = (await fetchOne(ctx, a, u, net, a.values)) || status;
    return status;
  }
}
