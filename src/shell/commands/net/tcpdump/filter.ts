/**
 * libpcap filter expressions (pcap-filter(7)), the part students use: host/net/port/portrange with
 * src/dst, ip/arp/icmp/tcp/udp, `ip proto N`, less/greater, and/or/not and parentheses. `and` and
 * `or` have equal precedence and associate left; a bare id after them inherits the qualifiers.
 */
import { cidrContains, cidrIsStrict, cidrParse, ipv4Parse } from '../../../../emulator/net/ip';
import { u16 } from '../../../../emulator/net/packet/bytes';

/** The headers a filter looks at: the outermost ones, as BPF sees the packet on the interface. */
export interface FilterView {
  ethertype: number;
  src?: string;
  dst?: string;
  proto?: number;
  sport?: number;
  dport?: number;
  length: number;
}

export type Filter = (v: FilterView) => boolean;
export class FilterError extends Error {}

const PROTOS: Record<string, number> = { icmp: 1, igmp: 2, ipip: 4, ipencap: 4, tcp: 6, udp: 17, gre: 47, esp: 50, sctp: 132 };

interface Quals {
  proto?: string;
  dir?: 'src' | 'dst' | 'src or dst' | 'src and dst';
  type?: 'host' | 'net' | 'port' | 'portrange';
}

export function filterTokens(text: string): string[] {
  return text.match(/\(|\)|!=|!|&&|\|\||[^\s()!&|]+/g) ?? [];
}

export function filterCompile(text: string, resolve: (name: string) => string[]): Filter {
  const toks = filterTokens(text);
  if (toks.length === 0) return () => true;
  let i = 0;
  let last: Quals = {};
  // Names and numbers are checked once the whole expression has parsed: a grammar error wins.
  const checks: (() => void)[] = [];
  const peek = () => toks[i];
  const next = () => toks[i++];
  const syntax = (): never => {
    throw new FilterError('syntax error');
  };

  function expr(): Filter {
    let left = term();
    while (peek() === 'and' || peek() === '&&' || peek() === 'or' || peek() === '||') {
      const op = next();
      const right = term();
      const l = left;
      left = op === 'and' || op === '&&' ? (v) => l(v) && right(v) : (v) => l(v) || right(v);
    }
    return left;
  }

  function term(): Filter {
    const t = peek();
    if (t === undefined) return syntax();
    if (t === 'not' || t === '!') {
      next();
      const f = term();
      return (v) => !f(v);
    }
    if (t === '(') {
      next();
      const f = expr();
      if (next() !== ')') syntax();
      return f;
    }
    return primitive();
  }

  function primitive(): Filter {
    const q: Quals = {};
    let t = peek();
    if (['ip', 'arp', 'tcp', 'udp', 'icmp', 'ether'].includes(t)) {
      q.proto = next();
      t = peek();
      if (q.proto === 'ip' && t === 'proto') return ipProto(next() && next());
      if (t === undefined || t === 'and' || t === 'or' || t === '&&' || t === '||' || t === ')') return protoOnly(q.proto);
    }
    if (t === 'proto') {
      next();
      return ipProto(next());
    }
    if (t === 'less' || t === 'greater') {
      next();
      const n = Number(next());
      if (!Number.isInteger(n)) syntax();
      return t === 'less' ? (v) => v.length <= n : (v) => v.length >= n;
    }
    if (t === 'src' || t === 'dst') {
      q.dir = next() as 'src' | 'dst';
      if ((peek() === 'or' || peek() === 'and') && (toks[i + 1] === 'src' || toks[i + 1] === 'dst')) {
        q.dir = `src ${next()} dst` as Quals['dir'];
        next();
      }
    }
    t = peek();
    if (t === 'host' || t === 'net' || t === 'port' || t === 'portrange') q.type = next() as Quals['type'];
    if (!q.type && !q.dir && !q.proto) {
      // A bare id inherits the previous primitive's qualifiers (`host A or B`, `port 80 or 443`).
      Object.assign(q, last);
    }
    const id = next();
    if (id === undefined || ['and', 'or', '(', ')', 'not'].includes(id)) syntax();
    last = q;
    return qualified(q, id);
  }

  function ipProto(word: string | undefined): Filter {
    if (word === undefined) return syntax();
    const n = /^\d+$/.test(word) ? Number(word) : PROTOS[word.replace(/^\\/, '')];
    if (n === undefined) throw new FilterError(`unknown ip proto '${word}'`);
    return (v) => v.ethertype === 0x0800 && v.proto === n;
  }

  const f = expr();
  if (i < toks.length) syntax();
  for (const check of checks) check();
  return f;

  function qualified(q: Quals, id: string): Filter {
    const type = q.type ?? 'host';
    const dir = q.dir ?? 'src or dst';
    const pick = <T>(v: FilterView, s: T, d: T) => (dir === 'src' ? [s] : dir === 'dst' ? [d] : [s, d]);
    const both = dir === 'src and dst';
    const match = <T>(v: FilterView, s: T, d: T, ok: (x: T) => boolean) => (both ? ok(s) && ok(d) : pick(v, s, d).some(ok));
    if (type === 'port' || type === 'portrange') {
      let lo = 0;
      let hi = 0;
      checks.push(() => ([lo, hi] = portRange(id, type)));
      const proto = q.proto === 'tcp' ? 6 : q.proto === 'udp' ? 17 : undefined;
      return (v) => v.sport !== undefined && (proto === undefined || v.proto === proto) && match(v, v.sport, v.dport!, (p) => p >= lo && p <= hi);
    }
    let cidrs: string[] = [];
    checks.push(() => {
    if (type === 'net') {
      const p = cidrParse(id.includes('/') ? id : `${id}/${netPrefix(id)}`);
      if (!p) {
        if (/\/\d+$/.test(id) && Number(id.split('/')[1]) > 32) throw new FilterError('mask length must be <= 32');
        syntax();
      }
      if (!cidrIsStrict(id.includes('/') ? id : `${id}/${netPrefix(id)}`)) throw new FilterError(`non-network bits set in "${id}"`);
      cidrs = [id.includes('/') ? id : `${id}/${netPrefix(id)}`];
    } else {
      const ips = ipv4Parse(id) ? [id] : resolve(id);
      if (!ips.length) throw new FilterError(`unknown host '${id}'`);
      cidrs = ips.map((ip) => `${ip}/32`);
    }
    });
    const proto = q.proto;
    return (v) => {
      if (v.src === undefined) return false;
      if (proto === 'arp' && v.ethertype !== 0x0806) return false;
      if (proto === 'ip' && v.ethertype !== 0x0800) return false;
      if ((proto === 'tcp' || proto === 'udp' || proto === 'icmp') && v.proto !== PROTOS[proto]) return false;
      return match(v, v.src, v.dst!, (a) => cidrs.some((c) => cidrContains(c, a)));
    };
  }

  function portRange(id: string, type: string): [number, number] {
    const parts = type === 'portrange' && id.includes('-') ? id.split('-') : [id, id];
    const nums = parts.map((p) => (/^\d+$/.test(p) ? Number(p) : NaN));
    if (nums.some((n) => Number.isNaN(n))) syntax();
    for (const n of nums) if (n > 65535) throw new FilterError(`illegal port number ${n} > 65535`);
    return [Math.min(nums[0], nums[1]), Math.max(nums[0], nums[1])];
  }
}

/** `net 10.244` style: the prefix implied by the number of octets written. */
function netPrefix(id: string): number {
  return Math.min(id.split('.').length, 4) * 8;
}

function protoOnly(p: string): Filter {
  if (p === 'ip') return (v) => v.ethertype === 0x0800;
  if (p === 'arp') return (v) => v.ethertype === 0x0806;
  if (p === 'ether') throw new FilterError('syntax error');
  const n = PROTOS[p];
  return (v) => v.ethertype === 0x0800 && v.proto === n;
}

/** The view of a captured frame (Ethernet or raw IP) that filters match against. */
export function filterView(data: Uint8Array, raw: boolean): FilterView {
  const ethertype = raw ? 0x0800 : u16(data, 12);
  const l3 = raw ? data : data.subarray(14);
  const v: FilterView = { ethertype, length: data.length };
  const ip = (b: Uint8Array, at: number) => `${b[at]}.${b[at + 1]}.${b[at + 2]}.${b[at + 3]}`;
  if (ethertype === 0x0806) {
    v.src = ip(l3, 14);
    v.dst = ip(l3, 24);
  } else if (ethertype === 0x0800) {
    v.src = ip(l3, 12);
    v.dst = ip(l3, 16);
    v.proto = l3[9];
    const hl = (l3[0] & 15) * 4;
    const first = (u16(l3, 6) & 0x1fff) === 0;
    if (first && (v.proto === 6 || v.proto === 17)) {
      v.sport = u16(l3, hl);
      v.dport = u16(l3, hl + 2);
    }
  }
  return v;
}
