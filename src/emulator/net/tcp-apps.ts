/**
 * Who listens on a TCP port, and what the program there answers: nginx and demoapp in pods (by
 * image), and on nodes sshd (22), kubelet (10250), kube-apiserver (6443) and BIRD (179).
 * Requests and replies are the bytes the programs really exchange (HTTP/1.x text).
 */
import type { World } from '../world';
import type { Endpoint } from './trace';
import { storeGet } from '../k8s/objects';
import { outsideHost } from './outside';

export interface AppContext {
  clientIp: string;
  clientPort: number;
  serverIp: string;
  /** The pod's hostname (its name) or the node's. */
  serverName: string;
  nowMs: number;
}

export interface AppReply {
  data: string;
  /** The server closes the connection after replying (HTTP/1.0, Go's TLS-port answer, sshd). */
  close: boolean;
  /** The program takes this long before it answers (httpbin's /delay/N). */
  delayMs?: number;
}

export interface TcpApp {
  name: string;
  /** Sent as soon as the connection is accepted (sshd's identification string). */
  greeting?: string;
  /** Closes right after accepting, sending nothing (BIRD refusing a peer it has no protocol for). */
  closeOnAccept?: boolean;
  /** Speaks TLS on this port (curl https://… -k reaches the HTTP handler behind it). */
  tls?: boolean;
  reply(request: string, c: AppContext): AppReply;
}

const NGINX_VERSION = 'nginx/1.25.2';

export const NGINX_INDEX = `<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href="http://nginx.org/">nginx.org</a>.<br/>
Commercial support is available at
<a href="http://nginx.com/">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
`;

const NGINX_404 = `<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>${NGINX_VERSION}</center>\r\n</body>\r\n</html>\r\n`;

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** RFC 7231 IMF-fixdate, as the Date header carries it: `Mon, 06 Nov 2023 10:20:31 GMT`. */
export function httpDate(ms: number): string {
  const d = new Date(Math.floor(ms));
  const p = (n: number) => String(n).padStart(2, '0');
  return `${DAYS[d.getUTCDay()]}, ${p(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} GMT`;
}

/** UTF-8 bytes of a string (the core has no TextEncoder). */
export function utf8Encode(s: string): Uint8Array {
  const out: number[] = [];
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return Uint8Array.from(out);
}

export function utf8Decode(b: Uint8Array): string {
  let s = '';
  for (const x of b) s += '%' + x.toString(16).padStart(2, '0');
  try {
    return decodeURIComponent(s);
  } catch {
    return String.fromCharCode(...b);
  }
}

export function utf8Bytes(s: string): number {
  return utf8Encode(s).length;
}

function requestLine(req: string): { method: string; path: string; version: string } | null {
  const m = /^([A-Z]+) (\S+) HTTP\/(1\.[01])\r?\n/.exec(req);
  return m ? { method: m[1], path: m[2], version: m[3] } : null;
}

function wantsClose(req: string, version: string): boolean {
  return version === '1.0' || /\r?\nconnection:\s*close/i.test(req);
}

const nginx: TcpApp = {
  name: 'nginx',
  reply(req, c) {
    const r = requestLine(req);
    if (!r) return { data: `HTTP/1.1 400 Bad Request\r\nServer: ${NGINX_VERSION}\r\nDate: ${httpDate(c.nowMs)}\r\nContent-Type: text/html\r\nContent-Length: 157\r\nConnection: close\r\n\r\n<html>\r\n<head><title>400 Bad Request</title></head>\r\n<body>\r\n<center><h1>400 Bad Request</h1></center>\r\n<hr><center>${NGINX_VERSION}</center>\r\n</body>\r\n</html>\r\n`, close: true };
    const close = wantsClose(req, r.version);
    const ok = r.path === '/' || r.path === '/index.html';
    const body = ok ? NGINX_INDEX : NGINX_404;
    const head = ok
      ? `HTTP/1.1 200 OK\r\nServer: ${NGINX_VERSION}\r\nDate: ${httpDate(c.nowMs)}\r\nContent-Type: text/html\r\nContent-Length: ${utf8Bytes(body)}\r\nLast-Modified: Tue, 15 Aug 2023 17:03:04 GMT\r\nConnection: ${close ? 'close' : 'keep-alive'}\r\nETag: "64dbafc8-267"\r\nAccept-Ranges: bytes\r\n\r\n`
      : `HTTP/1.1 404 Not Found\r\nServer: ${NGINX_VERSION}\r\nDate: ${httpDate(c.nowMs)}\r\nContent-Type: text/html\r\nContent-Length: ${utf8Bytes(body)}\r\nConnection: ${close ? 'close' : 'keep-alive'}\r\n\r\n`;
    return { data: head + (r.method === 'HEAD' ? '' : body), close };
  },
};

/** ikubernetes/demoapp (Flask on Werkzeug): HTTP/1.0, one line naming client and server, then close. */
function demoapp(version: string): TcpApp {
  return {
    name: 'demoapp',
    reply(req, c) {
      const r = requestLine(req);
      const body = `iKubernetes demoapp ${version} !! ClientIP: ${c.clientIp}, ServerName: ${c.serverName}, ServerIP: ${c.serverIp}!\n`;
      const head = `HTTP/1.0 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: ${utf8Bytes(body)}\r\nServer: Werkzeug/1.0.0 Python/3.8.2\r\nDate: ${httpDate(c.nowMs)}\r\n\r\n`;
      return { data: head + (r?.method === 'HEAD' ? '' : body), close: true };
    },
  };
}

/**
 * kennethreitz/httpbin (gunicorn 19.9, Flask's pretty JSON: sorted keys, indent 2, `, ` at line
 * ends): /get, /ip, /headers, /status/N and /delay/N, which answers after N seconds (at most 10).
 */
const HTTPBIN_404 = '<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 3.2 Final//EN">\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n<p>The requested URL was not found on the server.  If you entered the URL manually please check your spelling and try again.</p>\n';

function httpbinJson(v: unknown, indent = ''): string {
  if (v && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1));
    if (!entries.length) return '{}';
    const inner = indent + '  ';
    return `{\n${entries.map(([k, x]) => `${inner}${JSON.stringify(k)}: ${httpbinJson(x, inner)}`).join(', \n')}\n${indent}}`;
  }
  return JSON.stringify(v);
}

const httpbin: TcpApp = {
  name: 'httpbin',
  reply(req, c) {
    const r = requestLine(req);
    const headers: Record<string, string> = {};
    for (const line of req.split(/\r?\n/).slice(1)) {
      const i = line.indexOf(':');
      if (i > 0) headers[line.slice(0, i)] = line.slice(i + 1).trim();
    }
    const path = r?.path.split('?')[0] ?? '/';
    const url = `http://${headers.Host ?? c.serverIp}${r?.path ?? '/'}`;
    const delay = /^\/delay\/(\d+(?:\.\d+)?)$/.exec(path);
    const status = /^\/status\/(\d{3})$/.exec(path);
    let code = '200 OK';
    let type = 'application/json';
    let body: string;
    if (path === '/get' || delay) body = httpbinJson(delay ? { args: {}, data: '', files: {}, form: {}, headers, origin: c.clientIp, url } : { args: {}, headers, origin: c.clientIp, url }) + '\n';
    else if (path === '/ip') body = httpbinJson({ origin: c.clientIp }) + '\n';
    else if (path === '/headers') body = httpbinJson({ headers }) + '\n';
    else if (status) {
      code = `${status[1]} ${HTTP_REASONS[status[1]] ?? 'UNKNOWN'}`;
      type = 'text/html; charset=utf-8';
      body = '';
    } else {
      code = '404 NOT FOUND';
      type = 'text/html';
      body = HTTPBIN_404;
    }
    const head = `HTTP/1.1 ${code}\r\nServer: gunicorn/19.9.0\r\nDate: ${httpDate(c.nowMs + (delay ? Math.min(Number(delay[1]), 10) * 1000 : 0))}\r\nConnection: keep-alive\r\nContent-Type: ${type}\r\nContent-Length: ${utf8Bytes(body)}\r\nAccess-Control-Allow-Origin: *\r\nAccess-Control-Allow-Credentials: true\r\n\r\n`;
    return { data: head + (r?.method === 'HEAD' ? '' : body), close: false, ...(delay ? { delayMs: Math.min(Number(delay[1]), 10) * 1000 } : {}) };
  },
};

/** Werkzeug's reason phrases (upper case) for the codes students try. */
const HTTP_REASONS: Record<string, string> = { '200': 'OK', '201': 'CREATED', '204': 'NO CONTENT', '301': 'MOVED PERMANENTLY', '302': 'FOUND', '400': 'BAD REQUEST', '401': 'UNAUTHORIZED', '403': 'FORBIDDEN', '404': 'NOT FOUND', '418': "I'M A TEAPOT", '500': 'INTERNAL SERVER ERROR', '502': 'BAD GATEWAY', '503': 'SERVICE UNAVAILABLE' };

/** Go's net/http on a TLS port answers a plaintext request this way and hangs up. */
const GO_PLAINTEXT = 'HTTP/1.0 400 Bad Request\r\n\r\nClient sent an HTTP request to an HTTPS server.\n';

function goTls(name: string, handler: (path: string, c: AppContext) => { status: string; type: string; body: string }): TcpApp {
  return {
    name,
    tls: true,
    reply(req, c) {
      if (!req.startsWith('\u0016')) return { data: GO_PLAINTEXT, close: true };
      const r = requestLine(req.slice(1));
      const h = handler(r?.path ?? '/', c);
      return { data: `\u0017HTTP/1.1 ${h.status}\r\nContent-Type: ${h.type}\r\nDate: ${httpDate(c.nowMs)}\r\nContent-Length: ${utf8Bytes(h.body)}\r\n\r\n${h.body}`, close: false };
    },
  };
}

const apiserver = goTls('kube-apiserver', (path) => {
  if (path === '/healthz' || path === '/livez' || path === '/readyz') return { status: '200 OK', type: 'text/plain; charset=utf-8', body: 'ok' };
  if (path === '/version')
    return { status: '200 OK', type: 'application/json', body: '{\n  "major": "1",\n  "minor": "28",\n  "gitVersion": "v1.28.2",\n  "gitCommit": "89a4ea3e1e4ddd7f7572286090359983e0387b2f",\n  "gitTreeState": "clean",\n  "buildDate": "2023-09-13T09:29:07Z",\n  "goVersion": "go1.20.8",\n  "compiler": "gc",\n  "platform": "linux/amd64"\n}' };
  return { status: '403 Forbidden', type: 'application/json', body: `{\n  "kind": "Status",\n  "apiVersion": "v1",\n  "metadata": {},\n  "status": "Failure",\n  "message": "forbidden: User \\"system:anonymous\\" cannot get path \\"${path}\\"",\n  "reason": "Forbidden",\n  "details": {},\n  "code": 403\n}` };
});

const kubelet = goTls('kubelet', (path) => (path === '/healthz' ? { status: '200 OK', type: 'text/plain; charset=utf-8', body: 'ok' } : { status: '401 Unauthorized', type: 'text/plain; charset=utf-8', body: 'Unauthorized' }));

const sshd: TcpApp = {
  name: 'sshd',
  greeting: 'SSH-2.0-OpenSSH_8.9p1 Ubuntu-3ubuntu0.4\r\n',
  reply: () => ({ data: 'Invalid SSH identification string.\r\n', close: true }),
};

const bird: TcpApp = { name: 'bird', closeOnAccept: true, reply: () => ({ data: '', close: true }) };

interface ContainerSpec {
  image?: string;
  env?: { name: string; value?: string }[];
  ports?: { containerPort: number }[];
}

/**
 * The port an image's program listens on. demoapp reads PORT from its environment (default 80);
 * the lab also takes a declared containerPort (`kubectl create deployment --port=10016`) as its PORT.
 */
function podApps(c: ContainerSpec): [number, TcpApp][] {
  const image = c.image ?? '';
  const name = image.split('@')[0].split(':')[0].split('/').pop() ?? '';
  if (name === 'nginx') return [[80, nginx]];
  if (name === 'httpbin') return [[80, httpbin]];
  if (name === 'demoapp') {
    const env = c.env?.find((e) => e.name === 'PORT')?.value;
    const port = Number(env ?? c.ports?.[0]?.containerPort ?? 80);
    return [[port, demoapp(image.split(':')[1]?.split('@')[0] ?? 'v1.0')]];
  }
  return [];
}

/** The program accepting connections on `port` at an endpoint, or null (the kernel sends RST). */
export function tcpListener(world: World, at: Endpoint, port: number): TcpApp | null {
  if (outsideHost(at.node)) return outsideHost(at.node)!.tcp.includes(port) ? nginx : null;
  const node = world.node(at.node);
  if (!node) return null;
  if (at.pod) {
    const net = node.pods[at.pod];
    const pod = net && storeGet(world.state.api, 'Pod', net.namespace, net.pod);
    if (!pod || pod.status?.phase !== 'Running') return null;
    for (const c of (pod.spec?.containers ?? []) as ContainerSpec[]) for (const [p, app] of podApps(c)) if (p === port) return app;
    return null;
  }
  if (port === 22) return sshd;
  if (port === 10250) return kubelet;
  if (port === 6443 && storeGet(world.state.api, 'Pod', 'kube-system', `kube-apiserver-${node.name}`)) return apiserver;
  if (port === 179 && node.calico?.backend === 'bird') return bird;
  return null;
}

/** The name a program reports as its host: the pod's name, or the node's hostname. */
export function endpointHostname(at: Endpoint): string {
  return at.pod ? at.pod.split('/')[1] : at.node;
}
