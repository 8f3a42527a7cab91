/** Go's fmt verbs that `calicoctl ipam show` uses: `%.5g` and `%.f` (round half to even). */

/** `%.5g`: up to five significant digits, exponent form when the exponent is < -4 or >= 5. */
export function goG5(n: number): string {
  if (n === 0) return '0';
  const exp = Math.floor(Math.log10(Math.abs(n)));
  if (exp < -4 || exp >= 5) {
    const [mant, e] = n.toExponential(4).split('e');
    const m = mant.replace(/\.?0+$/, '');
    const ev = Number(e);
    return `${m}e${ev < 0 ? '-' : '+'}${String(Math.abs(ev)).padStart(2, '0')}`;
  }
  return String(Number(n.toPrecision(5)));
}

/** `%.f` of 100*part/total, with Go's round-half-to-even. */
export function goPercent(part: number, total: number): string {
  const v = total === 0 ? NaN : (100 * part) / total;
  if (Number.isNaN(v)) return 'NaN';
  const floor = Math.floor(v);
  const frac = v - floor;
  if (frac === 0.5) return String(floor % 2 === 0 ? floor : floor + 1);
  return String(Math.round(v));
}
