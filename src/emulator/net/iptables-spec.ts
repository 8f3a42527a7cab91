/**
 * Rule specifications as iptables reads and writes them: one option at a time from argv (the
 * command and Felix share this parser), and the `iptables -S` / `iptables-save` text of a rule.
 */
import type { IptMatch, IptRule } from './iptables-types';
import { cidrParse, ipv4Parse, prefixMask, ipv4FromInt, ipv4ToInt } from './ip';

export const IPT_VERSION = 'v1.8.7 (nf_tables)';

/** An iptables error: `iptables v1.8.7 (nf_tables): MSG` (blank line if `blank`), then the try line; exit 2. */
export interface IptError {
  error: string;
  blank?: boolean;
}

export const PROTOCOLS: Record<string, number> = { all: 0, icmp: 1, ipencap: 4, tcp: 6, udp: 17 };
const PROTO_NAMES: Record<number, string> = { 0: 'all', 1: 'icmp', 4: 'ipencap', 6: 'tcp', 17: 'udp' };
const MODULES = ['tcp', 'udp', 'icmp', 'comment', 'set', 'conntrack', 'addrtype', 'mark', 'multiport', 'length', 'statistic'];
const CTSTATES = ['INVALID', 'NEW', 'ESTABLISHED', 'RELATED', 'UNTRACKED', 'SNAT', 'DNAT'];
export const ICMP_TYPES: Record<string, number> = { 'echo-reply': 0, 'destination-unreachable': 3, 'echo-request': 8, 'time-exceeded': 11 };
/** /etc/services names iptables prints without -n. */
export const SERVICES: Record<number, string> = { 22: 'ssh', 53: 'domain', 80: 'http', 179: 'bgp', 443: 'https', 6443: 'sun-sr-https' };

export function protoName(p: string | undefined): string {
  if (p === undefined) return 'all';
  return PROTO_NAMES[Number(p)] ?? p;
}

/** Split a rule written as iptables-save text (Felix's rules), honouring double quotes. */
export function iptArgvSplit(line: string): string[] {
  const out: string[] = [];
  const re = /"([^"]*)"|(\S+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(line))) out.push(m[1] ?? m[2]);
  return out;
}

/** State while parsing one rule: the `!` seen and the match module options go to. */
export interface RuleParse {
  rule: IptRule;
  neg: boolean;
  current?: IptMatch;
}

export function ruleParseStart(): RuleParse {
  return { rule: { matches: [], pkts: 0, bytes: 0 }, neg: false };
}

function portOk(p: string): boolean {
  return p.split(/[:,]/).every((x) => x === '' || (/^\d+$/.test(x) && Number(x) <= 65535) || Object.values(SERVICES).includes(x));
}

function portNum(p: string): string {
  return p.split(':').map((x) => { const e = Object.entries(SERVICES).find(([, n]) => n === x); return e ? e[0] : x; }).join(':');
}

function address(text: string): string | null {
  const c = text.includes('/') ? cidrParse(text) : null;
  if (c) return `${ipv4FromInt(c.network & prefixMask(c.prefix))}/${c.prefix}`;
  return ipv4Parse(text) ? `${text}/32` : null;
}

function parseMark(text: string): { value: number; mask: number } | null {
  const [v, m] = text.split('/');
  const value = Number(v);
  const mask = m === undefined ? 0xffffffff : Number(m);
  return Number.isFinite(value) && Number.isFinite(mask) && v !== '' ? { value: value >>> 0, mask: mask >>> 0 } : null;
}

/**
 * Consume the rule option at `args[i]`; returns the index after it, null when `args[i]` is not a
 * rule option (the caller decides), or an error as iptables words it.
 */
export function ruleOption(st: RuleParse, args: string[], i: number): number | null | IptError {
  const a = args[i];
  const r = st.rule;
  const need = (): string | IptError => (i + 1 < args.length ? args[i + 1] : { error: `option "${a}" requires an argument` });
  const neg = st.neg;
  if (a === '!') {
    st.neg = true;
    return i + 1;
  }
  st.neg = false;
  const v = need();
  const arg = typeof v === 'string' ? v : '';
  const ext = (name: IptMatch['m']): IptMatch | null => {
    if (st.current?.m === name) return st.current;
    // `-p tcp --dport 179`: the protocol's match is loaded implicitly at its first option.
    if ((name === 'tcp' || name === 'udp' || name === 'icmp') && protoName(r.proto) === name) {
      const m = (name === 'icmp' ? { m: 'icmp', type: -1 } : { m: name }) as IptMatch;
      r.matches.push(m);
      st.current = m;
      return m;
    }
    return r.matches.find((m) => m.m === name) ?? null;
  };
  const unknown = { error: `unknown option "${a}"` };
  switch (a) {
    case '-p': case '--protocol': {
      if (typeof v !== 'string') return v;
      const p = v.toLowerCase();
      const n = PROTOCOLS[p] ?? (/^\d+$/.test(p) && Number(p) < 256 ? Number(p) : undefined);
      if (n === undefined) return { error: `unknown protocol "${v}" specified` };
      if (n !== 0) r.proto = String(n);
      r.negProto = neg || undefined;
      return i + 2;
    }
    case '-s': case '--source': case '-d': case '--destination': {
      if (typeof v !== 'string') return v;
      const addr = address(v);
      if (!addr) return { error: `host/network \`${v}' not found` };
      if (a.startsWith('-s') || a === '--source') { r.src = addr; r.negSrc = neg || undefined; } else { r.dst = addr; r.negDst = neg || undefined; }
      return i + 2;
    }
    case '-i': case '--in-interface': case '-o': case '--out-interface':
      if (typeof v !== 'string') return v;
      if (a === '-i' || a === '--in-interface') { r.in = v; r.negIn = neg || undefined; } else { r.out = v; r.negOut = neg || undefined; }
      return i + 2;
    case '-m': case '--match': {
      if (typeof v !== 'string') return v;
      if (!MODULES.includes(v)) return { error: `Couldn't load match \`${v}':No such file or directory`, blank: true };
      const m = (v === 'icmp' ? { m: 'icmp', type: -1 } : v === 'comment' ? { m: 'comment', text: '' } : v === 'statistic' ? { m: 'statistic', probability: 1 } : { m: v }) as IptMatch;
      r.matches.push(m);
      st.current = m;
      return i + 2;
    }
    case '--dport': case '--destination-port': case '--sport': case '--source-port': {
      const m = ext('tcp') ?? ext('udp');
      if (!m || (m.m !== 'tcp' && m.m !== 'udp')) return unknown;
      if (typeof v !== 'string') return v;
      if (!portOk(v)) return { error: `invalid port/service \`${v}' specified` };
      if (a.includes('d')) { m.dport = portNum(v); m.negDport = neg || undefined; } else { m.sport = portNum(v); m.negSport = neg || undefined; }
      return i + 2;
    }
    case '--dports': case '--destination-ports': {
      const m = ext('multiport');
      if (!m || m.m !== 'multiport') return unknown;
      if (typeof v !== 'string') return v;
      m.dports = v;
      return i + 2;
    }
    case '--icmp-type': {
      const m = ext('icmp');
      if (!m || m.m !== 'icmp') return unknown;
      if (typeof v !== 'string') return v;
      const t = ICMP_TYPES[v] ?? (/^\d+$/.test(v) ? Number(v) : undefined);
      if (t === undefined) return { error: `Invalid ICMP type \`${v}'` };
      m.type = t;
      return i + 2;
    }
    case '--comment': {
      const m = ext('comment');
      if (!m || m.m !== 'comment') return unknown;
      if (typeof v !== 'string') return v;
      m.text = v;
      return i + 2;
    }
    case '--match-set': {
      const m = ext('set');
      if (!m || m.m !== 'set') return unknown;
      if (typeof v !== 'string') return v;
      const dir = args[i + 2];
      if (dir !== 'src' && dir !== 'dst') return { error: `--match-set requires two args.` };
      Object.assign(m, { name: v, dir, neg: neg || undefined });
      return i + 3;
    }
    case '--ctstate': {
      const m = ext('conntrack');
      if (!m || m.m !== 'conntrack') return unknown;
      if (typeof v !== 'string') return v;
      const states = v.toUpperCase().split(',');
      const bad = states.find((s) => !CTSTATES.includes(s));
      if (bad !== undefined) return { error: `Bad ctstate "${bad}"` };
      Object.assign(m, { states, neg: neg || undefined });
      return i + 2;
    }
    case '--src-type': case '--dst-type': case '--limit-iface-out': {
      const m = ext('addrtype');
      if (!m || m.m !== 'addrtype') return unknown;
      if (a === '--limit-iface-out') { m.limitOut = true; return i + 1; }
      if (typeof v !== 'string') return v;
      if (a === '--src-type') { m.srcType = v.toUpperCase(); m.negSrc = neg || undefined; } else { m.dstType = v.toUpperCase(); m.negDst = neg || undefined; }
      return i + 2;
    }
    case '--mark': {
      const m = ext('mark');
      if (!m || m.m !== 'mark') return unknown;
      if (typeof v !== 'string') return v;
      const mk = parseMark(v);
      if (!mk) return { error: `Bad MARK value "${v}"` };
      Object.assign(m, mk, { neg: neg || undefined });
      return i + 2;
    }
    case '--length': {
      const m = ext('length');
      if (!m || m.m !== 'length') return unknown;
      if (typeof v !== 'string') return v;
      const r2 = /^(\d*)(?::(\d*))?$/.exec(v);
      const min = r2 ? Number(r2[1] || 0) : NaN;
      const max = r2 ? (r2[2] === undefined ? min : Number(r2[2] || 65535)) : NaN;
      if (!r2 || !(min <= 65535 && max <= 65535)) return { error: `length invalid: \`${v}'` };
      Object.assign(m, { min, max, neg: neg || undefined });
      return i + 2;
    }
    case '--mode': case '--probability': {
      const m = ext('statistic');
      if (!m || m.m !== 'statistic') return unknown;
      if (typeof v !== 'string') return v;
      if (a === '--mode') return v === 'random' || v === 'nth' ? i + 2 : { error: `Bad mode "${v}"` };
      const pr = Number(v);
      if (!(pr >= 0 && pr <= 1)) return { error: `--probability must be between 0 and 1` };
      m.probability = pr;
      return i + 2;
    }
    case '-j': case '--jump': case '-g': case '--goto':
      if (typeof v !== 'string') return v;
      r.target = v;
      r.goto = a === '-g' || a === '--goto' || undefined;
      r.targetOpts = [];
      return i + 2;
    case '--set-xmark': case '--set-mark': {
      if (r.target !== 'MARK') return unknown;
      if (typeof v !== 'string') return v;
      const mk = parseMark(v);
      if (!mk) return { error: `Bad MARK value "${v}"` };
      // --set-mark V/M is "zero M, then or V": the xmark mask becomes M|V.
      const mask = a === '--set-mark' ? (mk.mask | mk.value) >>> 0 : mk.mask;
      r.targetOpts = ['--set-xmark', `${hex(mk.value)}/${hex(mask)}`];
      return i + 2;
    }
    case '--or-mark': case '--xor-mark': {
      if (r.target !== 'MARK') return unknown;
      if (typeof v !== 'string') return v;
      const mk = parseMark(v);
      if (!mk) return { error: `Bad MARK value "${v}"` };
      // The kernel stores both as xset: --or-mark V is V/V, --xor-mark V is V/0.
      r.targetOpts = ['--set-xmark', `${hex(mk.value)}/${hex(a === '--or-mark' ? mk.value : 0)}`];
      return i + 2;
    }
    case '--to-destination':
      if (r.target !== 'DNAT') return unknown;
      if (typeof v !== 'string') return v;
      r.targetOpts = ['--to-destination', v];
      return i + 2;
    case '--reject-with':
      if (r.target !== 'REJECT') return unknown;
      if (typeof v !== 'string') return v;
      r.targetOpts = ['--reject-with', v];
      return i + 2;
    case '--random-fully':
      if (r.target !== 'MASQUERADE') return unknown;
      r.targetOpts = ['--random-fully'];
      return i + 1;
    case '--log-prefix': case '--log-level':
      if (r.target !== 'LOG') return unknown;
      if (typeof v !== 'string') return v;
      r.targetOpts = [...(r.targetOpts ?? []), a, v];
      return i + 2;
  }
  return a.startsWith('-') && a.length > 1 && !/^-[ADIRNXFPZLSEtnvxhVcw]$/.test(a) && !a.startsWith('--line') && !['--list', '--append', '--delete', '--insert', '--replace', '--new-chain', '--delete-chain', '--flush', '--policy', '--zero', '--table', '--numeric', '--verbose', '--exact', '--help', '--version', '--list-rules', '--wait', '--check'].includes(a) ? unknown : null;
}

/** REJECT's default, filled in as iptables does when the rule is stored. */
export function ruleFinish(r: IptRule): IptRule {
  if (r.target === 'REJECT' && !r.targetOpts?.length) r.targetOpts = ['--reject-with', 'icmp-port-unreachable'];
  if (r.target === 'LOG' && !r.targetOpts?.includes('--log-level')) r.targetOpts = [...(r.targetOpts ?? [])];
  return r;
}

export function hex(n: number): string {
  return '0x' + (n >>> 0).toString(16);
}

function quote(t: string): string {
  return /^[\w.:/-]+$/.test(t) ? t : `"${t}"`;
}

function markText(value: number, mask: number): string {
  return mask === 0xffffffff ? hex(value) : `${hex(value)}/${hex(mask)}`;
}

function matchSpec(m: IptMatch): string {
  const not = (b?: boolean) => (b ? '! ' : '');
  switch (m.m) {
    case 'comment': return `-m comment --comment "${m.text}"`;
    case 'tcp': case 'udp':
      return [`-m ${m.m}`, m.sport !== undefined ? `${not(m.negSport)}--sport ${m.sport}` : '', m.dport !== undefined ? `${not(m.negDport)}--dport ${m.dport}` : ''].filter(Boolean).join(' ');
    case 'icmp': return m.type >= 0 ? `-m icmp --icmp-type ${m.type}` : '-m icmp';
    case 'multiport': return `-m multiport --dports ${m.dports}`;
    case 'set': return `-m set ${not(m.neg)}--match-set ${m.name} ${m.dir}`;
    case 'conntrack': return `-m conntrack ${not(m.neg)}--ctstate ${m.states.join(',')}`;
    case 'addrtype':
      return ['-m addrtype', m.srcType ? `${not(m.negSrc)}--src-type ${m.srcType}` : '', m.dstType ? `${not(m.negDst)}--dst-type ${m.dstType}` : '', m.limitOut ? '--limit-iface-out' : ''].filter(Boolean).join(' ');
    case 'mark': return `-m mark ${not(m.neg)}--mark ${markText(m.value, m.mask)}`;
    case 'length': return `-m length ${not(m.neg)}--length ${m.min === m.max ? m.min : `${m.min}:${m.max}`}`;
    case 'statistic': return `-m statistic --mode random --probability ${m.probability.toFixed(11)}`;
  }
}

/** A rule as `iptables -S` prints it after `-A CHAIN`: addresses, interfaces, protocol, matches, target. */
export function ruleSpec(r: IptRule): string {
  const not = (b?: boolean) => (b ? '! ' : '');
  const parts: string[] = [];
  if (r.src) parts.push(`${not(r.negSrc)}-s ${r.src}`);
  if (r.dst) parts.push(`${not(r.negDst)}-d ${r.dst}`);
  if (r.in) parts.push(`${not(r.negIn)}-i ${r.in}`);
  if (r.out) parts.push(`${not(r.negOut)}-o ${r.out}`);
  if (r.proto) parts.push(`${not(r.negProto)}-p ${protoName(r.proto)}`);
  for (const m of r.matches) parts.push(matchSpec(m));
  if (r.target) parts.push(`${r.goto ? '-g' : '-j'} ${r.target}`, ...(r.targetOpts ?? []).map(quote));
  return parts.join(' ');
}

/** Two rules are the same rule when their specifications are (counters aside): `-D` and `-C` use this. */
export function ruleSame(a: IptRule, b: IptRule): boolean {
  return ruleSpec(a) === ruleSpec(b);
}

/** For `-m mark` and MARK: (mark & mask) == value; xset zeroes `mask` then xors `value`. */
export function markApply(mark: number, value: number, mask: number): number {
  return ((mark & ~mask) ^ value) >>> 0;
}

export function ipInt(ip: string): number {
  return ipv4ToInt(ip);
}
