/**
 * The etcd scenario's datastore: Calico's objects under libcalico-go's etcdv3 keys, raw writes
 * that bypass validation, and an etcd that survives snapshot/restore like the rest of the world.
 */
import { describe, it, expect } from 'vitest';
import { World } from '../world';
import { storeGet } from '../k8s/objects';
import { calicoDatastoreType, etcdDelete, etcdEntries, etcdPut, etcdReach } from './datastore-etcd';

describe('Calico on etcd', () => {
  const world = World.create({ scenario: 'etcd' });

  it('installs Calico in etcd mode with no CRDs', () => {
    expect(calicoDatastoreType(world)).toBe('etcdv3');
    expect(storeGet(world.state.api, 'CustomResourceDefinition', undefined, 'ippools.crd.projectcalico.org')).toBeUndefined();
    expect(storeGet(world.state.api, 'ClusterInformation', undefined, 'default')?.spec.clusterType).toBe('k8s,bgp,kubeadm');
  });

  it("keys follow libcalico-go's model paths", () => {
    const keys = etcdEntries(world).map(([k]) => k);
    expect(keys).toContain('/calico/resources/v3/projectcalico.org/ippools/default-ipv4-ippool');
    expect(keys).toContain('/calico/ipam/v2/assignment/ipv4/block/10.244.1.0-24');
    expect(keys).toContain('/calico/ipam/v2/host/k8s-node01/ipv4/block/10.244.1.0-24');
    expect(keys).toContain('/calico/ipam/v2/handle/ipip-tunnel-addr-k8s-node01');
    expect(keys).toContain('/calico/resources/v3/projectcalico.org/felixconfigurations/node.k8s-node01');
    expect([...keys].sort()).toEqual(keys);
  });

  it('answers on the master only, at 127.0.0.1 there', () => {
    const [master, node01] = world.state.nodes;
    expect(etcdReach(world, master, '127.0.0.1:2379').ok).toBe(true);
    expect(etcdReach(world, node01, 'http://172.16.11.80:2379').ok).toBe(true);
    expect(etcdReach(world, node01, '127.0.0.1:2379')).toEqual({ ok: false, error: 'refused' });
    expect(etcdReach(world, node01, '10.9.9.9:2379')).toEqual({ ok: false, error: 'timeout' });
  });

  it('puts and deletes write through to the objects, unvalidated', () => {
    const w = World.restore(world.snapshot());
    etcdPut(w, '/calico/resources/v3/projectcalico.org/ippools/raw', JSON.stringify({ spec: { cidr: '10.0.0.1/8', blockSize: 99 } }));
    expect(storeGet(w.state.api, 'IPPool', undefined, 'raw')?.spec).toEqual({ cidr: '10.0.0.1/8', blockSize: 99 });
    etcdPut(w, '/lab/x', 'y');
    expect(etcdDelete(w, ['/calico/resources/v3/projectcalico.org/ippools/raw', '/lab/x'])).toBe(2);
    expect(storeGet(w.state.api, 'IPPool', undefined, 'raw')).toBeUndefined();
    expect(etcdEntries(w).some(([k]) => k === '/lab/x')).toBe(false);
  });

  it('survives snapshot and restore', () => {
    const w = World.restore(world.snapshot());
    etcdPut(w, '/lab/kept', 'value');
    const again = World.restore(w.snapshot());
    expect(etcdEntries(again)).toEqual(etcdEntries(w));
  });
});
