/**
 * IPv4 addresses and CIDRs. Parsing is ipaddr.js's; here we only brand the results so an address
 * and a prefix cannot be mixed, and keep integer forms for fast prefix matching.
 */
import ipaddr from 'ipaddr.js';

export type Ipv4 = string & { readonly __brand: 'Ipv4' };
export type Cidr = string & { readonly __brand: 'Cidr' };

/** A dotted quad, strictly (four decimal parts, each 0-255), or null. */
export function ipv4Parse(text: string): Ipv4 | null {
  const hit = PARSED.get(text);
  if (hit !== undefined) return hit;
  const v = ipaddr.IPv4.isValidFourPartDecimal(text) ? (ipaddr.IPv4.parse(text).toString() as Ipv4) : null;
  return remember(PARSED, text, v);
}

export function ipv4ToInt(ip: string): number {
  const hit = INTS.get(ip);
  if (hit !== undefined) return hit;
  const b = ipaddr.IPv4.parse(ip).octets;
  return remember(INTS, ip, ((b[0] << 24) | (b[1] << 16) | (b[2] << 8) | b[3]) >>> 0);
}

// Routing lookups parse the same few thousand strings again and again: remember the answers
// (pure functions of the text; bounded so a long session cannot grow them without limit).
const PARSED = new Map<string, Ipv4 | null>();
const INTS = new Map<string, number>();
const CIDRS = new Map<string, CidrParts | null>();
function remember<T>(map: Map<string, T>, key: string, value: T): T {
  if (map.size > 50_000) map.clear();
  map.set(key, value);
  return value;
}

export function ipv4FromInt(n: number): Ipv4 {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.') as Ipv4;
}

export interface CidrParts {
  network: number; // as an unsigned integer, host bits as written
  prefix: number;
}

/** Parses `a.b.c.d/n`; host bits are kept so callers can report "not strictly masked". */
export function cidrParse(text: string): CidrParts | null {
  const p = cidrParts(text);
  return p && { network: p.network, prefix: p.prefix };
}

/** cidrParse for hot read-only paths (route lookups and sorting): the shared, remembered value. */
export function cidrParts(text: string): Readonly<CidrParts> | null {
  let p = CIDRS.get(text);
  if (p === undefined) {
    const m = /^([^/]+)\/(\d{1,2})$/.exec(text);
    const ip = m ? ipv4Parse(m[1]) : null;
    const prefix = m ? Number(m[2]) : 0;
    p = remember(CIDRS, text, !ip || prefix > 32 ? null : Object.freeze({ network: ipv4ToInt(ip), prefix }));
  }
  return p;
}

export function prefixMask(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

export function cidrFormat(network: number, prefix: number): Cidr {
  return `${ipv4FromInt((network & prefixMask(prefix)) >>> 0)}/${prefix}` as Cidr;
}

/** The CIDR with its host bits cleared: `10.244.1.7/16` -> `10.244.0.0/16`. */
export function cidrNormalise(text: string): Cidr | null {
  const p = cidrParse(text);
  return p ? cidrFormat(p.network, p.prefix) : null;
}

export function cidrIsStrict(text: string): boolean {
  const p = cidrParts(text);
  return !!p && (p.network & ~prefixMask(p.prefix)) >>> 0 === 0;
}

export function cidrContains(cidr: string, ip: string): boolean {
  const p = cidrParts(cidr);
  if (!p) return false;
  const mask = prefixMask(p.prefix);
  return ((ipv4ToInt(ip) & mask) >>> 0) === ((p.network & mask) >>> 0);
}

export function cidrSize(cidr: string): number {
  const p = cidrParts(cidr);
  return p ? 2 ** (32 - p.prefix) : 0;
}

/** The n-th address of a CIDR (0 = network address). */
export function cidrAddress(cidr: string, n: number): Ipv4 {
  const p = cidrParts(cidr)!;
  return ipv4FromInt(((p.network & prefixMask(p.prefix)) + n) >>> 0);
}

export function cidrOverlaps(a: string, b: string): boolean {
  const pa = cidrParts(a);
  const pb = cidrParts(b);
  if (!pa || !pb) return false;
  const mask = prefixMask(Math.min(pa.prefix, pb.prefix));
  return ((pa.network & mask) >>> 0) === ((pb.network & mask) >>> 0);
}

export function cidrPrefix(cidr: string): number {
  return cidrParts(cidr)?.prefix ?? -1;
}
