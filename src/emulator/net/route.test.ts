import { describe, it, expect } from 'vitest';
import type { Route } from './route';
import { routeCompare, routeTableLookup } from './route';

const r = (dst: string, extra: Partial<Route> = {}): Route => ({ type: 'unicast', dst, proto: 'bird', scope: 'global', ...extra });

describe('routing table', () => {
  const table = [r('0.0.0.0/0', { via: '172.16.11.1', dev: 'eth0', proto: 'static' }), r('10.244.0.0/16', { dev: 'eth0' }), r('10.244.1.0/24', { via: '172.16.11.81', dev: 'tunl0' }), r('10.244.1.7/32', { dev: 'cali1', proto: 'boot', scope: 'link' })];

  it('prefers the /24 block route over the /16 pool route', () => {
    expect(routeTableLookup(table, '10.244.1.9')?.dst).toBe('10.244.1.0/24');
  });

  it('prefers a pod /32 over its block', () => {
    expect(routeTableLookup(table, '10.244.1.7')?.dev).toBe('cali1');
  });

  it('falls back to the default route', () => {
    expect(routeTableLookup(table, '8.8.8.8')?.via).toBe('172.16.11.1');
  });

  it('breaks prefix ties with the lowest metric', () => {
    const t = [r('10.0.0.0/8', { metric: 200, dev: 'a' }), r('10.0.0.0/8', { metric: 100, dev: 'b' })];
    expect(routeTableLookup(t, '10.1.1.1')?.dev).toBe('b');
  });

  it('sorts like the kernel FIB: by address, longer prefix first for the same address', () => {
    const sorted = [r('10.96.7.128/26', { type: 'blackhole' }), r('10.96.7.128/32'), r('0.0.0.0/0'), r('172.16.11.0/24')].sort(routeCompare);
    expect(sorted.map((x) => x.dst)).toEqual(['0.0.0.0/0', '10.96.7.128/32', '10.96.7.128/26', '172.16.11.0/24']);
  });
});
