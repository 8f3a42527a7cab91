/** Seeded randomness: the same seed always builds the same cluster (names, MACs, ports). */

export interface RngState {
  s: number;
}

/** mulberry32: small, fast and good enough for names and jitter; the state is one integer. */
export function rngNext(rng: RngState): number {
  rng.s = (rng.s + 0x6d2b79f5) | 0;
  let t = rng.s;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

export function rngInt(rng: RngState, lo: number, hiExclusive: number): number {
  return lo + Math.floor(rngNext(rng) * (hiExclusive - lo));
}

/**
 * Built with join, not `+=`: V8 keeps a string grown one character at a time as a chain of
 * pieces (32 bytes each), so a 64-digit container ID held 1.7 KB instead of 86 bytes, and the
 * world keeps thousands of these (uids, container IDs, MACs).
 */
export function rngString(rng: RngState, alphabet: string, length: number): string {
  const out: string[] = [];
  for (let i = 0; i < length; i++) out.push(alphabet[rngInt(rng, 0, alphabet.length)]);
  return out.join('');
}

/** Kubernetes' name-suffix alphabet: no vowels, no 0/1/3 (apimachinery rand.String). */
export const K8S_SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

export function rngHex(rng: RngState, length: number): string {
  return rngString(rng, '0123456789abcdef', length);
}

export function rngUuid(rng: RngState): string {
  const h = rngHex(rng, 32);
  return [h.slice(0, 8), '-', h.slice(8, 12), '-4', h.slice(13, 16), '-', '89ab'[rngInt(rng, 0, 4)], h.slice(17, 20), '-', h.slice(20, 32)].join('');
}

export function rngMac(rng: RngState, prefix = '52:54:00'): string {
  const bytes = [];
  for (let i = 0; i < 3; i++) bytes.push(rngHex(rng, 2));
  return [prefix, ...bytes].join(':');
}
