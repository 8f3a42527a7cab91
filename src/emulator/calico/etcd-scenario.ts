/**
 * The `etcd` scenario: Calico installed with calico-etcd.yaml against an etcd of its own, as the
 * notes recommend for large clusters. The etcd runs on k8s-master01 (http://172.16.11.80:2379, no
 * TLS, so calico-etcd-secrets stays empty) with etcdctl installed beside it; calico-etcd.yaml is
 * edited the way its comments ask (etcd_endpoints) plus the notes' pool edits, and applied.
 */
import type { World } from '../world';
import { calicoEtcdManifest } from '../catalogue/calico-manifests';
import { manifestApply } from '../k8s/apply';
import { etcdStart, ETCD_VERSION } from './datastore-etcd';
import { manifestWithMode } from '../scenario-options';
import type { EncapChoice } from '../scenario-options';

/** A downloaded program, as src/shell/binary.ts spells it (kept literal: the emulator does not import the shell). */
const ETCDCTL_BINARY = `\x7fELF calico-lab:etcdctl ${ETCD_VERSION}`;

/** calico-etcd.yaml with etcd_endpoints filled in and the notes' CIDR and block size. */
export function notesCalicoEtcdManifest(endpoint: string): string {
  return calicoEtcdManifest()
    .replace('etcd_endpoints: "http://<ETCD_IP>:<ETCD_PORT>"', `etcd_endpoints: "${endpoint}"`)
    .replace('# - name: CALICO_IPV4POOL_CIDR', '- name: CALICO_IPV4POOL_CIDR')
    .replace(/#   value: "192\.168\.0\.0\/16"\n/, '  value: "10.244.0.0/16"\n            - name: CALICO_IPV4POOL_BLOCK_SIZE\n              value: "24"\n');
}

export function etcdScenarioSteps(mode?: EncapChoice): { at: number; run(world: World): void }[] {
  return [
    {
      at: -12 * 60_000,
      run(world) {
        const master = world.state.nodes[0];
        etcdStart(world, master);
        master.fs['/usr/local/bin/etcdctl'] = { type: 'file', content: ETCDCTL_BINARY, mode: 0o755, mtime: world.now };
      },
    },
    {
      at: -10 * 60_000,
      run(world) {
        const master = world.state.nodes[0];
        const text = manifestWithMode(notesCalicoEtcdManifest(world.state.etcd!.clientUrl), mode);
        master.fs['/root/calico-etcd.yaml'] = { type: 'file', content: text, mode: 0o644, mtime: world.now };
        const r = manifestApply(world, text, 'default');
        if (!r.ok) throw new Error(`scenario etcd: calico-etcd.yaml did not apply: ${JSON.stringify(r.error)}`);
      },
    },
  ];
}
