import { describe, expect, it } from 'vitest';
import type { WorldDigest } from '../../worker/protocol';
import { graphModel, sessionStatus } from './graph-model';

const node = (name: string, ip: string, ready = true) => ({
  name,
  ip,
  ready,
  power: 'on' as const,
  blocks: [],
  pods: [],
});

const digest: WorldDigest = {
  time: 0,
  clock: '00:00:00',
  subnets: [{ cidr: '172.16.11.0/24', gateway: '172.16.11.1' }],
  nodes: [node('k8s-master01', '172.16.11.80'), node('k8s-node01', '172.16.11.81', false)],
  sessions: [
    { from: 'k8s-master01', to: 'k8s-node01', state: 'Established', kind: 'mesh' },
    { from: 'k8s-node01', to: 'k8s-master01', state: 'Active', kind: 'mesh' },
  ],
  bgp: { sessions: 2, established: 1, messages: 0 },
};

describe('topology model', () => {
  it('draws one edge per peer pair, showing the worse end while they disagree', () => {
    const { edges } = graphModel(digest);
    expect(edges).toHaveLength(1);
    expect(edges[0]?.status).toBe('connecting');
  });

  it('puts hosts inside their subnet box with their state in the label', () => {
    const { nodes } = graphModel(digest);
    const host = nodes.find((n) => n.id === 'node:k8s-node01');
    expect(host?.parent).toBe('subnet:172.16.11.0/24');
    expect(host?.label).toContain('NotReady');
  });

  it('draws a BGP peer outside the cluster as its own node', () => {
    const withRouter = {
      ...digest,
      sessions: [{ from: 'k8s-master01', to: 'tor-router', state: 'Established', kind: 'global' as const }],
    };
    const { nodes, edges } = graphModel(withRouter);
    expect(nodes.find((n) => n.id === 'node:tor-router')?.kind).toBe('peer');
    expect(edges[0]?.status).toBe('established');
  });

  it('reads BIRD state names', () => {
    expect(sessionStatus('Established')).toBe('established');
    expect(sessionStatus('OpenSent')).toBe('connecting');
    expect(sessionStatus('Idle')).toBe('down');
  });
});
