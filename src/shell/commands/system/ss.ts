/**
 * `ss` (iproute2): the node's sockets from `emulator/system/sockets.ts`, so `ss -tnp | grep 179`
 * shows BIRD's sessions (ESTAB with bird's pid, SYN-SENT while a peer does not answer) and its
 * LISTEN on 0.0.0.0:179. Options: -t -u -l -a -n -r -p -4 -6 -H, and the filter language's
 * `state NAME` and `sport|dport|src|dst OP VALUE` joined by and/or/not and parentheses.
 */
import type { CommandContext, CommandSpec } from '../../context';
import type { Socket, SocketState } from '../../../emulator/system/sockets';
import { nodeSockets } from '../../../emulator/system/sockets';
import { hostsRead } from '../net/hosts';
import { ssRender } from './ss-render';
import { SS_USAGE } from './usage-texts';
import { ssAddress } from './socket-text';

const STATE_NAMES: Record<string, SocketState[]> = {
  established: ['ESTAB'],
  'syn-sent': ['SYN-SENT'],
  'syn-recv': [],
  'fin-wait-1': [],
  'fin-wait-2': [],
  'time-wait': [],
  closed: ['UNCONN'],
  'close-wait': [],
  'last-ack': [],
  listening: ['LISTEN'],
  listen: ['LISTEN'],
  closing: [],
  all: ['ESTAB', 'SYN-SENT', 'LISTEN', 'UNCONN'],
  connected: ['ESTAB', 'SYN-SENT'],
  synchronized: ['ESTAB'],
  bucket: [],
  big: ['ESTAB', 'SYN-SENT', 'UNCONN', 'LISTEN'],
};

/** How many kernel state bits a `state` word selects (ss hides the State column for one). */
const STATE_BITS: Record<string, number> = { all: 11, connected: 8, synchronized: 7, bucket: 2, big: 9 };

type Expr = { kind: 'and' | 'or'; a: Expr; b: Expr } | { kind: 'not'; a: Expr } | { kind: 'cond'; test: (s: Socket) => boolean };

/** The address/port operand of a condition: `:179`, `10.0.0.1`, `10.0.0.1:179`, `*:22`, `10.0.0.0/8`. */
function hostCond(value: string): ((ip: string, port: number) => boolean) | null {
  const m = /^(\[?[^\]]*?\]?)(?::(\*|\d+|[a-z-]+))?$/.exec(value);
  if (!m) return null;
  const [, hostRaw, portText] = m;
  const host = hostRaw === '*' ? '' : hostRaw;
  const port = portText === undefined || portText === '*' ? null : /^\d+$/.test(portText) ? Number(portText) : serviceNumber(portText);
  if (portText && port === undefined) return null;
  let hostTest: (ip: string) => boolean = () => true;
  if (host) {
    const [net, bits] = host.split('/');
    const len = bits === undefined ? 32 : Number(bits);
    const n = ipInt(net);
    if (n === null || !(len >= 0 && len <= 32)) return null;
    const mask = len === 0 ? 0 : (~0 << (32 - len)) >>> 0;
    hostTest = (ip) => {
      const x = ipInt(ip);
      return x !== null && ((x & mask) >>> 0) === ((n & mask) >>> 0);
    };
  }
  return (ip, p) => hostTest(ip) && (port === null || port === p);
}

function serviceNumber(name: string): number | undefined {
  return ({ ssh: 22, domain: 53, bgp: 179, https: 443, http: 80 } as Record<string, number>)[name];
}

function ipInt(ip: string): number | null {
  const p = ip.split('.').map(Number);
  if (p.length !== 4 || p.some((x) => !Number.isInteger(x) || x < 0 || x > 255)) return null;
  return ((p[0] << 24) | (p[1] << 16) | (p[2] << 8) | p[3]) >>> 0;
}

interface Filter {
  states: Set<SocketState> | null;
  bits: number;
  expr: Expr | null;
}

/** ss's filter grammar, enough of it for what tutorials type. Returns an error text. */
function parseFilter(words: string[]): Filter | string {
  const toks = words.flatMap((w) => w.split(/(\(|\))/)).flatMap((w) => w.split(/\s+/)).filter(Boolean);
  const f: Filter = { states: null, bits: 0, expr: null };
  let i = 0;
  while (toks[i] === 'state' || toks[i] === 'exclude') {
    const exclude = toks[i] === 'exclude';
    const name = toks[i + 1];
    if (name === undefined || !(name in STATE_NAMES)) return `ss: wrong state name: ${name ?? ''}`;
    f.states ??= new Set();
    if (exclude) {
      if (f.states.size === 0) STATE_NAMES.all.forEach((s) => f.states!.add(s));
      STATE_NAMES[name].forEach((s) => f.states!.delete(s));
      f.bits = 2;
    } else {
      STATE_NAMES[name].forEach((s) => f.states!.add(s));
      f.bits += STATE_BITS[name] ?? 1;
    }
    i += 2;
  }
  const rest = toks.slice(i);
  if (!rest.length) return f;
  let pos = 0;
  const peek = () => rest[pos];
  const cond = (): Expr | string => {
    const t = rest[pos++];
    if (t === undefined) return 'ss: bison bellows (while parsing filter): "syntax error!" Sorry.';
    if (t === '(') {
      const e = orExpr();
      if (typeof e === 'string') return e;
      if (rest[pos++] !== ')') return 'ss: bison bellows (while parsing filter): "syntax error!" Sorry.';
      return e;
    }
    if (t === 'not' || t === '!') {
      const e = cond();
      return typeof e === 'string' ? e : { kind: 'not', a: e };
    }
    const field = t;
    if (!['sport', 'dport', 'src', 'dst'].includes(field)) return 'ss: bison bellows (while parsing filter): "syntax error!" Sorry.';
    let op = '=';
    if (['=', '==', 'eq', '!=', 'ne', 'neq', '>', 'gt', '<', 'lt', '>=', 'ge', 'geq', '<=', 'le', 'leq'].includes(peek() ?? '')) op = rest[pos++];
    const value = rest[pos++];
    if (value === undefined) return 'ss: bison bellows (while parsing filter): "syntax error!" Sorry.';
    const local = field === 'sport' || field === 'src';
    const pick = (s: Socket) => (local ? { ip: s.local, port: s.lport } : { ip: s.peer, port: s.pport });
    if (field.endsWith('port') && /^(>|gt|<|lt|>=|ge|geq|<=|le|leq)$/.test(op)) {
      const n = Number(value.replace(/^:/, ''));
      if (!Number.isInteger(n)) return `ss: wrong port "${value}"`;
      const cmp: Record<string, (a: number) => boolean> = { '>': (a) => a > n, gt: (a) => a > n, '<': (a) => a < n, lt: (a) => a < n, '>=': (a) => a >= n, ge: (a) => a >= n, geq: (a) => a >= n, '<=': (a) => a <= n, le: (a) => a <= n, leq: (a) => a <= n };
      return { kind: 'cond', test: (s) => cmp[op](pick(s).port) };
    }
    const operand = field.endsWith('port') && !value.includes(':') ? `:${value}` : value;
    const test = hostCond(operand);
    if (!test) return field.endsWith('port') ? `Error: "${value}" does not look like a port.` : `Error: an inet prefix is expected rather than "${value}".`;
    const c: Expr = { kind: 'cond', test: (s) => test(pick(s).ip, pick(s).port) };
    return /^(!=|ne|neq)$/.test(op) ? { kind: 'not', a: c } : c;
  };
  const andExpr = (): Expr | string => {
    let a = cond();
    while (typeof a !== 'string' && peek() !== undefined && peek() !== ')' && peek() !== 'or' && peek() !== '|' && peek() !== '||') {
      if (peek() === 'and' || peek() === '&' || peek() === '&&') pos++;
      const b = cond();
      if (typeof b === 'string') return b;
      a = { kind: 'and', a, b };
    }
    return a;
  };
  const orExpr = (): Expr | string => {
    let a = andExpr();
    while (typeof a !== 'string' && (peek() === 'or' || peek() === '|' || peek() === '||')) {
      pos++;
      const b = andExpr();
      if (typeof b === 'string') return b;
      a = { kind: 'or', a, b };
    }
    return a;
  };
  const e = orExpr();
  if (typeof e === 'string') return e;
  if (pos < rest.length) return 'ss: bison bellows (while parsing filter): "syntax error!" Sorry.';
  f.expr = e;
  return f;
}

function evalExpr(e: Expr, s: Socket): boolean {
  if (e.kind === 'cond') return e.test(s);
  if (e.kind === 'not') return !evalExpr(e.a, s);
  return e.kind === 'and' ? evalExpr(e.a, s) && evalExpr(e.b, s) : evalExpr(e.a, s) || evalExpr(e.b, s);
}

const LONG: Record<string, string> = {
  '--tcp': 't', '--udp': 'u', '--listening': 'l', '--all': 'a', '--numeric': 'n', '--resolve': 'r', '--processes': 'p',
  '--ipv4': '4', '--ipv6': '6', '--no-header': 'H', '--help': 'h', '--version': 'V', '--extended': 'e', '--options': 'o', '--info': 'i', '--memory': 'm',
};

export const ss: CommandSpec = {
  name: 'ss',
  summary: 'another utility to investigate sockets',
  usage: 'ss [-tulanrp46H] [ state STATE ] [ EXPRESSION ]',
  run(ctx: CommandContext) {
    const flags = new Set<string>();
    const words: string[] = [];
    for (const a of ctx.argv.slice(1)) {
      if (a.startsWith('--')) {
        if (!LONG[a]) {
          ctx.err(`ss: unrecognized option '${a}'\n${SS_USAGE}`);
          return 255;
        }
        flags.add(LONG[a]);
      } else if (a.startsWith('-') && a.length > 1 && !words.length) {
        for (const c of a.slice(1)) {
          // -e -o -i -m add per-socket details (uid, timers, TCP info, memory) this lab does not model.
          if (!'tulanrp46HhVeoim'.includes(c)) {
            ctx.err(`ss: invalid option -- '${c}'\n${SS_USAGE}`);
            return 255;
          }
          flags.add(c);
        }
      } else words.push(a);
    }
    if (flags.has('h')) {
      ctx.out(SS_USAGE);
      return 0;
    }
    if (flags.has('V')) {
      ctx.out('ss utility, iproute2-5.15.0, libbpf 0.5.0\n');
      return 0;
    }
    const filter = parseFilter(words);
    if (typeof filter === 'string') {
      ctx.err(filter + '\n');
      return 255;
    }
    const tcp = flags.has('t') || !flags.has('u');
    const udp = flags.has('u') || !flags.has('t');
    // -l: listening (UNCONN for UDP); -a: everything; otherwise connected ones.
    const states: Set<SocketState> =
      filter.states ?? new Set<SocketState>(flags.has('a') ? ['ESTAB', 'SYN-SENT', 'LISTEN', 'UNCONN'] : flags.has('l') ? ['LISTEN', 'UNCONN'] : ['ESTAB', 'SYN-SENT']);
    const bits = filter.states ? filter.bits : 2;
    const hosts = flags.has('r') ? hostsRead(ctx.node) : null;
    const socks = nodeSockets(ctx.world, ctx.node)
      .filter((s) => (s.proto === 'tcp' ? tcp : udp))
      .filter((s) => (flags.has('4') && !flags.has('6') ? !s.v6 : flags.has('6') && !flags.has('4') ? s.v6 : true))
      // UDP sockets are "established" only when connected; an unconnected one counts as closed.
      .filter((s) => states.has(s.state) || (s.proto === 'udp' && s.state === 'UNCONN' && states.has('UNCONN')))
      .filter((s) => !filter.expr || evalExpr(filter.expr, s));
    // UDP comes out of the kernel before TCP.
    socks.sort((a, b) => (a.proto === b.proto ? 0 : a.proto === 'udp' ? -1 : 1));
    const numeric = flags.has('n');
    const rows = socks.map((s) => {
      const [laddr, lport] = ssAddress(s, 'local', numeric, hosts);
      const [paddr, pport] = ssAddress(s, 'peer', numeric, hosts);
      const users = flags.has('p') && s.owner ? ` users:(("${s.owner.comm}",pid=${s.owner.pid},fd=${s.owner.fd}))` : '';
      return [s.proto, s.state, String(s.recvQ).padEnd(6), String(s.sendQ).padEnd(6), laddr + ':', lport, paddr + ':', pport, users, ''];
    });
    const disabled = [!(tcp && udp), bits === 1, false, false, false, false, false, false, false, false];
    ctx.out(ssRender(rows, disabled, !flags.has('H'), ctx.stdoutIsTty ? 80 : null));
    return 0;
  },
  complete: (args, word) => (word.startsWith('-') ? ['-t', '-u', '-l', '-a', '-n', '-p', '-4', '-6', '-H', '-r', '-tnp', '-tlnp', '-antp'] : args.includes('state') && args[args.length - 1] === 'state' ? Object.keys(STATE_NAMES) : ['state', 'sport', 'dport', 'src', 'dst']).filter((c) => c.startsWith(word)),
};


