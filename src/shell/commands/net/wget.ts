/**
 * BusyBox wget (v1.36, the busybox and Alpine images): a real TCP connection from the pod
 * (net/tcp-connect.ts), names resolved through the cluster DNS, and busybox's messages:
 * `Connecting to HOST (IP:PORT)`, `saving to 'F'` / `writing to stdout`, the progress line,
 * `'F' saved` / `written to stdout`; errors `bad address`, `download timed out`,
 * `can't connect to remote host (IP): …`, `server returned error: …`.
 */
import type { CommandContext } from '../../context';
import type { PodProc } from './pod-shell';
import { podDial, podFileExists, podFileWrite, podLookup } from './pod-shell';
import { tcpConnect, tcpDrive } from './tcp-connect';
import { utf8Bytes } from '../../../emulator/net/tcp-apps';

// wget.c's usage under the docker image's defconfig (FEATURE_WGET_OPENSSL and FEATURE_WGET_TIMEOUT on)
const USAGE = `BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.

Usage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]
	[--post-data STR | --post-file FILE] [-Y on/off]
	[--no-check-certificate] [-P DIR] [-U AGENT] [-T SEC] URL...

Retrieve files via HTTP or FTP

	--spider	Only check URL existence: $? is 0 if exists
	--header STR	Add STR (of form 'header: value') to headers
	--post-data STR	Send STR using POST method
	--post-file FILE	Send FILE using POST method
	--no-check-certificate	Don't validate the server's certificate
	-c		Continue retrieval of aborted transfer
	-q		Quiet
	-P DIR		Save to DIR (default .)
	-S    		Show server response
	-T SEC		Network read timeout is SEC seconds
	-O FILE		Save to FILE ('-' for stdout)
	-o LOGFILE	Log messages to FILE
	-U STR		Use STR for User-Agent header
	-Y on/off	Use proxy
`;

interface WgetOpts {
  quiet: boolean;
  spider: boolean;
  serverResponse: boolean;
  output?: string;
  dir?: string;
  timeoutS: number;
  agent: string;
  urls: string[];
}

function parse(argv: string[]): WgetOpts | string {
  const o: WgetOpts = { quiet: false, spider: false, serverResponse: false, timeoutS: 900, agent: 'Wget', urls: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const long = /^--([\w-]+)(?:=(.*))?$/.exec(a);
    if (long) {
      const [, name, inline] = long;
      const value = () => inline ?? argv[++i];
      if (name === 'quiet') o.quiet = true;
      else if (name === 'spider') o.spider = true;
      else if (name === 'server-response') o.serverResponse = true;
      else if (name === 'timeout') o.timeoutS = Number(value());
      else if (name === 'output-document') o.output = value();
      else if (name === 'directory-prefix') o.dir = value();
      else if (name === 'user-agent') o.agent = value() ?? 'Wget';
      else if (name === 'tries' || name === 'header' || name === 'post-data' || name === 'proxy') value();
      else if (name === 'no-check-certificate' || name === 'continue') continue;
      else return `wget: unrecognized option '${a}'`;
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j];
        if (c === 'q') o.quiet = true;
        else if (c === 'S') o.serverResponse = true;
        else if (c === 'c') continue;
        else if ('OTPUYo'.includes(c)) {
          const v = a.slice(j + 1) || argv[++i];
          if (v === undefined) return `wget: option requires an argument -- '${c}'`;
          if (c === 'O') o.output = v;
          else if (c === 'T') o.timeoutS = Number(v);
          else if (c === 'P') o.dir = v;
          else if (c === 'U') o.agent = v;
          break;
        } else return `wget: invalid option -- '${c}'`;
      }
      continue;
    }
    o.urls.push(a);
  }
  return o;
}

/** The progress line busybox prints when a transfer ends (libbb/progress.c, an 80-column tty). */
function progressLine(file: string, size: number): string {
  let n = size;
  let i = 0;
  while (n >= 100000) {
    i++;
    n = Math.floor(n / 1024);
  }
  const name = file.length > 20 ? file.slice(0, 20) : file.padEnd(20);
  return `${name} 100% |${'*'.repeat(32)}|${String(n).padStart(6)}${' kMGTPEZY'[i]} 0:00:00 ETA\n`;
}

interface Target {
  host: string;
  port: number;
  path: string;
  /** As busybox prints it in `Connecting to`: the host, with the port when one was given. */
  shown: string;
}

function urlParse(text: string): Target | null {
  const m = /^(?:(https?):\/\/)?([^/:?#]+)(?::(\d+))?([/?#].*)?$/.exec(text);
  if (!m) return null;
  const port = m[3] ? Number(m[3]) : m[1] === 'https' ? 443 : 80;
  return { host: m[2], port, path: m[4] && !m[4].startsWith('/') ? `/${m[4]}` : m[4] || '/', shown: m[3] ? `${m[2]}:${m[3]}` : m[2] };
}

/** `wget` run in a pod. */
export async function wgetRun(ctx: CommandContext, p: PodProc, argv: string[]): Promise<number> {
  const o = parse(argv.slice(1));
  if (typeof o === 'string') return ctx.err(`${o}\n${USAGE}`), 1;
  if (!o.urls.length) return ctx.err(USAGE), 1;
  const say = (t: string) => !o.quiet && ctx.err(t);
  let status = 0;
  for (const url of o.urls) {
    const t = urlParse(url);
    if (!t) return ctx.err(`wget: bad address '${url}'\n`), 1;
    const r = await podLookup(ctx, p, t.host);
    if (ctx.interrupted()) return 130;
    if (r.kind !== 'ok') return ctx.err(`wget: bad address '${t.host}'\n`), 1;
    const ip = r.ips[0];
    say(`Connecting to ${t.shown} (${ip}:${t.port})\n`);
    const limitMs = o.timeoutS * 1000;
    const c = await tcpConnect(ctx, p.from, p.ip, podDial(p, ip), t.port, limitMs);
    if (c.kind === 'interrupted') return 130;
    if (c.kind === 'timeout') return ctx.err('wget: download timed out\n'), 1;
    if (c.kind === 'refused') return ctx.err(`wget: can't connect to remote host (${ip}): Connection refused\n`), 1;
    if (c.kind === 'unreachable') return ctx.err(`wget: can't connect to remote host (${ip}): Host is unreachable\n`), 1;
    if (c.kind === 'kernel-timeout') return ctx.err(`wget: can't connect to remote host (${ip}): Connection timed out\n`), 1;
    if (c.kind === 'local-error') return ctx.err(`wget: can't connect to remote host (${ip}): Network is unreachable\n`), 1;
    const s = c.session;
    const hostHeader = t.port === 80 ? t.host : `${t.host}:${t.port}`;
    s.write(`${o.spider ? 'HEAD' : 'GET'} ${t.path} HTTP/1.1\r\nHost: ${hostHeader}\r\nUser-Agent: ${o.agent}\r\nConnection: close\r\n\r\n`);
    const drive = await tcpDrive(ctx, s, ctx.world.now + limitMs);
    if (drive === 'interrupted') return 130;
    const text = s.received;
    if (drive === 'deadline' || s.stalled || !text) {
      if (drive !== 'deadline') await ctx.sleep(Math.max(0, limitMs - c.elapsedMs));
      if (ctx.interrupted()) return 130;
      return ctx.err('wget: download timed out\n'), 1;
    }
    s.close();
    await ctx.sleep(s.aheadMs());
    const split = text.indexOf('\r\n\r\n');
    const head = split >= 0 ? text.slice(0, split) : text;
    const body = split >= 0 ? text.slice(split + 4) : '';
    const [statusLine, ...headers] = head.split('\r\n');
    if (o.serverResponse) for (const l of [statusLine, ...headers]) ctx.err(`  ${l}\n`);
    const code = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? 0);
    if (code < 200 || code >= 300) {
      ctx.err(`wget: server returned error: ${statusLine}\n`);
      status = 1;
      continue;
    }
    if (o.spider) {
      say('remote file exists\n');
      continue;
    }
    const toStdout = o.output === '-';
    const name = o.output ?? (t.path.split('?')[0].split('/').pop() || 'index.html');
    const file = o.dir && !o.output ? `${o.dir}/${name}` : name;
    if (!toStdout && podFileExists(ctx, p, file)) return ctx.err(`wget: can't open '${file}': File exists\n`), 1;
    say(toStdout ? 'writing to stdout\n' : `saving to '${file}'\n`);
    if (toStdout) ctx.out(body);
    else if (!podFileWrite(ctx, p, file, body)) return ctx.err(`wget: can't open '${file}': No such file or directory\n`), 1;
    say(progressLine(toStdout ? '-' : file.split('/').pop()!, utf8Bytes(body)));
    say(toStdout ? 'written to stdout\n' : `'${file}' saved\n`);
  }
  return status;
}
