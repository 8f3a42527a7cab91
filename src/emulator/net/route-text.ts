/** A route in `ip route` words, for traces (the shell's `ip route` keeps the exact layout). */
import type { Route } from './route';

export function routeText(r: Route): string {
  const dst = r.dst === '0.0.0.0/0' ? 'default' : r.dst.replace(/\/32$/, '');
  const parts = [r.type === 'blackhole' ? `blackhole ${dst}` : dst];
  if (r.via) parts.push(`via ${r.via}`);
  if (r.dev) parts.push(`dev ${r.dev}`);
  if (r.proto !== 'boot') parts.push(`proto ${r.proto}`);
  if (r.scope === 'link') parts.push('scope link');
  if (r.onlink) parts.push('onlink');
  return parts.join(' ');
}
