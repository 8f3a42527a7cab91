/** Which slot a page saves into: one per lab, per sandbox scenario and size, and apart for a share link. */
import { describe, it, expect } from 'vitest';
import { ownSessionKey, savedSessionKey } from './slots';

const key = (q: string) => savedSessionKey(new URLSearchParams(q));

describe('saved session slots', () => {
  it('keeps one slot per lab and per sandbox scenario, size and mode', () => {
    expect(key('')).toBe('calico-lab.session.default');
    expect(key('?lab=read-routes')).toBe('calico-lab.session.lab:read-routes');
    expect(key('?sandbox')).toBe('calico-lab.session.sandbox');
    expect(key('?sandbox&scenario=rr&nodes=6')).toBe('calico-lab.session.sandbox:rr@6');
    expect(key('?sandbox&scenario=two-rack&nodes=6&mode=vxlan-crosssubnet')).toBe('calico-lab.session.sandbox:two-rack@6~vxlan-crosssubnet');
    expect(key('?sandbox&mode=none')).toBe('calico-lab.session.sandbox~none');
    // The exam's cluster is a scenario of its own, never a sandbox the student built.
    expect(key('?scenario=installed')).toBe('calico-lab.session.scenario:installed');
  });

  it('saves a share link apart from the viewer own work in the same lab', () => {
    const shared = new URLSearchParams('?lab=read-routes&shared');
    expect(savedSessionKey(shared)).toBe('calico-lab.session.shared:lab:read-routes');
    expect(ownSessionKey(shared)).toBe('calico-lab.session.lab:read-routes');
  });
});
