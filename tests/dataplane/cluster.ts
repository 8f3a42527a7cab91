/** A cluster with Calico (IPIP Always, the walking skeleton's edits) and a 4-replica demoapp Deployment (its BusyBox ping probes the overlay). */
import { LabSession } from '../../src/shell/lab-session';

export const CALICO_SETUP = [
  'curl https://docs.projectcalico.org/manifests/calico.yaml -O',
  `sed -i 's@# - name: CALICO_IPV4POOL_CIDR@- name: CALICO_IPV4POOL_CIDR@' calico.yaml`,
  `sed -i 's@#   value: "192.168.0.0/16"@  value: "10.244.0.0/16"@' calico.yaml`,
  `sed -i '/value: "10.244.0.0\\/16"/a\\              value: "24"' calico.yaml`,
  `sed -i '/value: "10.244.0.0\\/16"/a\\            - name: CALICO_IPV4POOL_BLOCK_SIZE' calico.yaml`,
  'kubectl apply -f calico.yaml',
  'sleep 120',
  'kubectl create deployment web --image=ikubernetes/demoapp:v1.0 --replicas=4',
  'sleep 60',
];

/** The VXLAN-only manifest (calico_backend: vxlan, CALICO_IPV4POOL_VXLAN Always). */
export const CALICO_VXLAN_SETUP = [
  'curl -sO https://raw.githubusercontent.com/projectcalico/calico/v3.26.1/manifests/calico-vxlan.yaml',
  `sed -i 's/# - name: CALICO_IPV4POOL_CIDR/- name: CALICO_IPV4POOL_CIDR/; s/#   value: "192.168.0.0\\/16"/  value: "10.244.0.0\\/16"/' calico-vxlan.yaml`,
  `sed -i 's/value: "CrossSubnet"/value: "Always"/' calico-vxlan.yaml`,
  'kubectl apply -f calico-vxlan.yaml',
  'sleep 120',
  'kubectl create deployment web --image=ikubernetes/demoapp:v1.0 --replicas=4',
  'sleep 60',
];

/** `none`: the default manifest with CALICO_IPV4POOL_IPIP Never (BIRD routes via eth0, no tunnel). */
export async function calicoCluster(mode: 'ipip' | 'vxlan' | 'none' = 'ipip'): Promise<{ session: LabSession; term: number }> {
  const session = LabSession.create({ time: 'instant' });
  const term = session.openTerminal();
  const setup = mode === 'vxlan' ? CALICO_VXLAN_SETUP : mode === 'none' ? [...CALICO_SETUP.slice(0, 5), `sed -i 's/value: "Always"/value: "Never"/' calico.yaml`, ...CALICO_SETUP.slice(5)] : CALICO_SETUP;
  for (const line of setup) await session.exec(term, line, () => {});
  return { session, term };
}

/** The first pod of `web` on each node: `{ node, key, ip }`. */
export function webPods(session: LabSession): { node: string; key: string; ip: string }[] {
  return session.world.state.nodes.flatMap((n) =>
    Object.entries(n.pods)
      .filter(([k]) => k.startsWith('default/web-'))
      .sort(([, a], [, b]) => (a.ip < b.ip ? -1 : 1))
      .slice(0, 1)
      .map(([key, p]) => ({ node: n.name, key, ip: p.ip })),
  );
}
