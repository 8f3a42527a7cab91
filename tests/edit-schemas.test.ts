/**
 * What `kubectl edit` opens is checked by the editor's schemas as the student sees it: the live
 * objects of an installed cluster (with their status, server fields and kubectl's header) must
 * carry no false marks, or every edit would start with red squiggles.
 */
import { describe, expect, it } from 'vitest';
import { schemaProblems } from './support/schema-problems';
import { LabSession } from '../src/shell/lab-session';


describe('the objects kubectl edit opens pass the editor schemas', () => {
  it('every kind of an installed cluster, as kubectl edit writes it', async () => {
    const session = LabSession.create({ time: 'instant', scenario: 'installed' });
    const term = session.openTerminal();
    await session.exec(term, 'kubectl create deployment web --image=nginx --replicas=2', () => undefined);
    await session.exec(term, 'sleep 30', () => undefined);
    const targets = [
      'deployment web',
      'deployment coredns -n kube-system',
      'daemonset calico-node -n kube-system',
      'node k8s-node01',
      'ippool default-ipv4-ippool',
      'bgpconfiguration default',
      'felixconfiguration default',
      'configmap calico-config -n kube-system',
      'pods -n kube-system',
      'service kubernetes',
      'namespace kube-system',
    ];
    const found: Record<string, string[]> = {};
    for (const t of targets) {
      let opened = '';
      let out = '';
      await session.exec(term, `kubectl edit ${t}`, (c) => (out += c.text), async (f) => ((opened = f.content), f.content));
      if (!opened) continue; // not in this cluster
      const p = schemaProblems(opened);
      if (p.length) found[t] = p;
    }
    expect(found).toEqual({});
  });

  it('checks each item of the List that several objects open as', () => {
    const list = 'apiVersion: v1\nkind: List\nmetadata: {}\nitems:\n- apiVersion: crd.projectcalico.org/v1\n  kind: IPPool\n  metadata:\n    name: p\n  spec:\n    cidr: 10.9.0.0/16\n    ipipMode: Sometimes\n';
    expect(schemaProblems(list)).toContain('/items/0/spec/ipipMode must be equal to one of the allowed values');
  });
});
