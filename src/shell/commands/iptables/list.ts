/** `iptables -L` (iptables 1.8.7's print_header / print_firewall column layout) and `-S`. */
import type { IptChain, IptMatch, IptRule, IptTableName, IptablesState } from '../../../emulator/net/iptables-types';
import { chainReferences } from '../../../emulator/net/iptables';
import { hex, protoName, ruleSpec, SERVICES } from '../../../emulator/net/iptables-spec';

export interface ListFormat {
  numeric: boolean;
  verbose: boolean;
  exact: boolean;
  lineNumbers: boolean;
}

/** xtables_print_num: 5 columns, K/M/G past 99999 (exact with -x: 8 and 10... per column). */
function num(n: number, f: ListFormat, width: number): string {
  if (f.exact) return String(n).padStart(width) + ' ';
  if (n <= 99999) return String(n).padStart(5) + ' ';
  for (const unit of ['K', 'M', 'G', 'T']) {
    n = Math.floor((n + 500) / 1000);
    if (n <= 9999) return String(n).padStart(4) + unit + ' ';
  }
  return String(n) + 'P ';
}

function plain(n: number, f: ListFormat): string {
  return num(n, f, 1).trim();
}

function pad(s: string, w: number): string {
  return s.length >= w ? s : s + ' '.repeat(w - s.length);
}

function port(p: string, numeric: boolean): string {
  return numeric ? p : p.split(':').map((x) => SERVICES[Number(x)] ?? x).join(':');
}

function matchText(m: IptMatch, numeric: boolean): string {
  const not = (b?: boolean) => (b ? '!' : '');
  switch (m.m) {
    case 'comment': return `/* ${m.text} */`;
    case 'tcp': case 'udp': {
      const parts: string[] = [m.m];
      if (m.sport !== undefined) parts.push(`spt${m.sport.includes(':') ? 's' : ''}:${not(m.negSport)}${port(m.sport, numeric)}`);
      if (m.dport !== undefined) parts.push(`dpt${m.dport.includes(':') ? 's' : ''}:${not(m.negDport)}${port(m.dport, numeric)}`);
      return parts.join(' ');
    }
    case 'icmp': return m.type < 0 ? 'icmp' : numeric ? `icmptype ${m.type}` : `icmp ${({ 0: 'echo-reply', 3: 'destination-unreachable', 8: 'echo-request', 11: 'time-exceeded' } as Record<number, string>)[m.type] ?? m.type}`;
    case 'multiport': return `multiport dports ${m.dports}`;
    case 'set': return `${m.neg ? '! ' : ''}match-set ${m.name} ${m.dir}`;
    case 'conntrack': return `${m.neg ? '! ' : ''}ctstate ${m.states.join(',')}`;
    case 'addrtype':
      return ['ADDRTYPE match', m.srcType ? `src-type ${not(m.negSrc)}${m.srcType}` : '', m.dstType ? `dst-type ${not(m.negDst)}${m.dstType}` : '', m.limitOut ? 'limit-out' : ''].filter(Boolean).join(' ');
    case 'mark': return `mark match ${m.neg ? '! ' : ''}${m.mask === 0xffffffff ? hex(m.value) : `${hex(m.value)}/${hex(m.mask)}`}`;
    case 'length': return `length ${m.neg ? '!' : ''}${m.min === m.max ? m.min : `${m.min}:${m.max}`}`;
    case 'statistic': return `statistic mode random probability ${m.probability.toFixed(11)}`;
  }
}

/** The MARK target's print: set, and, or, xor or xset as the value and mask allow. */
function targetText(r: IptRule): string {
  const o = r.targetOpts ?? [];
  if (r.target === 'MARK' && o[0] === '--set-xmark') {
    const [v, m] = o[1].split('/').map(Number);
    if (m === 0xffffffff) return `MARK set ${hex(v)}`;
    if (v === 0) return `MARK and ${hex(~m)}`;
    if (v === m) return `MARK or ${hex(v)}`;
    if (m === 0) return `MARK xor ${hex(v)}`;
    return `MARK xset ${hex(v)}/${hex(m)}`;
  }
  if (r.target === 'REJECT') return `reject-with ${o[1]}`;
  if (r.target === 'DNAT') return `to:${o[1] ?? ''}`;
  if (r.target === 'MASQUERADE') return o.includes('--random-fully') ? 'random-fully' : '';
  if (r.target === 'LOG') {
    const lvl = o[o.indexOf('--log-level') + 1];
    const prefix = o.includes('--log-prefix') ? ` prefix "${o[o.indexOf('--log-prefix') + 1]}"` : '';
    return `LOG flags 0 level ${o.includes('--log-level') ? lvl : '4'}${prefix}`;
  }
  return '';
}

function addr(a: string | undefined, numeric: boolean): string {
  if (!a || a === '0.0.0.0/0') return numeric ? '0.0.0.0/0' : 'anywhere';
  return a.endsWith('/32') ? a.slice(0, -3) : a;
}

function header(f: ListFormat): string {
  let h = f.lineNumbers ? 'num  ' : '';
  if (f.verbose) h += f.exact ? '    pkts      bytes ' : ' pkts bytes ';
  h += 'target    ' + ' prot opt';
  if (f.verbose) h += ' in     out    ';
  return h + ' source              ' + ' destination         ';
}

export function ruleLine(r: IptRule, i: number, f: ListFormat): string {
  let s = f.lineNumbers ? pad(String(i + 1), 4) + ' ' : '';
  if (f.verbose) s += num(r.pkts, f, 8) + num(r.bytes, f, 10);
  s += pad(r.target ?? '', 9) + ' ';
  s += (r.negProto ? '!' : ' ') + pad(protoName(r.proto), 5) + '-- ';
  if (f.verbose) {
    const any = f.numeric ? '*' : 'any';
    s += ' ' + pad((r.negIn ? '!' : '') + (r.in ?? any), 6) + ' ' + pad((r.negOut ? '!' : '') + (r.out ?? any), 6) + ' ';
  }
  s += (r.negSrc ? '!' : ' ') + pad(addr(r.src, f.numeric), 19) + ' ';
  s += (r.negDst ? '!' : ' ') + pad(addr(r.dst, f.numeric), 19) + ' ';
  if (r.goto) s += '[goto] ';
  for (const m of r.matches) s += ' ' + matchText(m, f.numeric);
  const t = targetText(r);
  return s + (t ? ' ' + t : '');
}

export function chainList(st: IptablesState, table: IptTableName, c: IptChain, f: ListFormat): string {
  const head = c.policy
    ? `Chain ${c.name} (policy ${c.policy}${f.verbose ? ` ${plain(c.pkts, f)} packets, ${plain(c.bytes, f)} bytes` : ''})`
    : `Chain ${c.name} (${chainReferences(st, table, c.name)} references)`;
  return [head, header(f), ...c.rules.map((r, i) => ruleLine(r, i, f))].join('\n') + '\n';
}

/** Built-ins in the kernel's order, then user chains alphabetically. */
export function chainsOrdered(st: IptablesState, table: IptTableName): IptChain[] {
  const chains = st.tables[table].chains;
  return [...chains.filter((c) => c.policy), ...chains.filter((c) => !c.policy).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))];
}

/** `iptables -S`: -P policies, -N user chains, then -A rules; with `counters`, iptables-save -c style. */
export function chainRules(chains: IptChain[], onlyOne: boolean): string {
  const out: string[] = [];
  for (const c of chains) out.push(c.policy ? `-P ${c.name} ${c.policy}` : `-N ${c.name}`);
  for (const c of chains) for (const r of c.rules) out.push(`-A ${c.name} ${ruleSpec(r)}`.trimEnd());
  void onlyOne;
  return out.map((l) => l + '\n').join('');
}
