import { describe, expect, it } from 'vitest';
import { LabSession } from './lab-session';

/** Tab completion in a pod's shell offers what the image has, not the node's programs. */
describe('tab completion in a pod shell', () => {
  const session = LabSession.create({ scenario: 'installed', time: 'instant' });
  const term = session.openTerminal();
  const complete = (line: string) => session.complete(term, line, line.length).candidates;

  it('offers the busybox image programs and builtins, never the node commands', async () => {
    await session.exec(term, 'kubectl run box --image=busybox -- sleep 3600', () => {});
    await session.exec(term, 'sleep 30', () => {});
    expect(complete('kube')).toContain('kubectl');
    await session.exec(term, 'kubectl exec -it box -- sh', () => {});
    expect(complete('kube')).toEqual([]);
    expect(complete('wg')).toEqual(['wget']);
    expect(complete('ns')).toEqual(['nslookup']);
    expect(complete('ex')).toEqual(['exit', 'export']);
    // BusyBox has no curl; the node does.
    expect(complete('cur')).toEqual([]);
    // Files are the container's: kubelet's /etc files, not the node's /etc.
    expect(complete('cat /etc/')).toEqual(['/etc/hostname', '/etc/hosts', '/etc/resolv.conf']);
    expect(complete('cat /')).toContain('/tmp/');
    await session.exec(term, 'exit', () => {});
    expect(complete('kube')).toContain('kubectl');
  });

  it('offers curl in an nginx (Debian) pod, and no wget', async () => {
    await session.exec(term, 'kubectl run web --image=nginx', () => {});
    await session.exec(term, 'sleep 30', () => {});
    await session.exec(term, 'kubectl exec -it web -- bash', () => {});
    expect(complete('cur')).toEqual(['curl']);
    expect(complete('wg')).toEqual([]);
    await session.exec(term, 'exit', () => {});
  });
});
