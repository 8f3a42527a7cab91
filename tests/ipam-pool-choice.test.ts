/**
 * Choosing a pool: the CNI plugin honours `cni.projectcalico.org/ipv4pools` on the pod, else on
 * its namespace; a requested pool that is missing or disabled fails the sandbox with IPAM's
 * message. An address borrowed from another node's block is announced by BIRD as a /32, so the
 * pod stays reachable from every node under IPIP.
 */
import { describe, it, expect } from 'vitest';
import { LabSession } from '../src/shell/lab-session';

const CALICOCTL = 'curl -sLo /usr/local/bin/calicoctl https://github.com/projectcalico/calico/releases/download/v3.26.1/calicoctl-linux-amd64 && chmod +x /usr/local/bin/calicoctl';
/** A pod that asks for pools by annotation (kubectl run has no --annotations). */
const podAsking = (name: string, pools: string, ns = 'default') =>
  `cat > ${name}.yaml <<'EOF'\napiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n  namespace: ${ns}\n  annotations:\n    cni.projectcalico.org/ipv4pools: '${pools}'\nspec:\n  containers:\n  - name: ${name}\n    image: nginx\nEOF\nkubectl apply -f ${name}.yaml`;
const SMALL_POOL = `printf 'apiVersion: projectcalico.org/v3\\nkind: IPPool\\nmetadata:\\n  name: small-pool\\nspec:\\n  cidr: 10.245.0.0/28\\n  blockSize: 29\\n  ipipMode: Always\\n  natOutgoing: true\\n' > small-pool.yaml && calicoctl apply -f small-pool.yaml`;

async function run(lines: string[]): Promise<{ out: string; session: LabSession }> {
  const session = LabSession.create({ scenario: 'installed', time: 'instant' });
  const term = session.openTerminal();
  let out = '';
  for (const line of lines) {
    out = '';
    await session.exec(term, line, (c) => (out += c.text));
  }
  return { out, session };
}

function podIps(session: LabSession, ns: string): string[] {
  return Object.values(session.world.state.api.objects)
    .filter((o) => o.kind === 'Pod' && o.metadata.namespace === ns)
    .map((o) => o.status?.podIP as string);
}

describe('pool annotations and borrowed addresses', () => {
  it('a namespace annotation pins its pods to a pool; a pod annotation wins over it', async () => {
    const { session } = await run([
      CALICOCTL,
      SMALL_POOL,
      'kubectl create namespace blue',
      `kubectl annotate namespace blue 'cni.projectcalico.org/ipv4pools=["small-pool"]'`,
      'kubectl create deployment web -n blue --image=nginx --replicas=3',
      podAsking('other', '["10.244.0.0/16"]', 'blue'),
      'sleep 20',
    ]);
    const ips = Object.values(session.world.state.api.objects).filter((o) => o.kind === 'Pod' && o.metadata.namespace === 'blue');
    const web = ips.filter((p) => p.metadata.name.startsWith('web-')).map((p) => p.status.podIP as string);
    expect(web).toHaveLength(3);
    for (const ip of web) expect(ip).toMatch(/^10\.245\.0\.\d+$/);
    expect(ips.find((p) => p.metadata.name === 'other')!.status.podIP).toMatch(/^10\.244\./);
  });

  it('a disabled or unknown requested pool leaves the pod in ContainerCreating with the plugin error', async () => {
    const { out } = await run([
      CALICOCTL,
      SMALL_POOL,
      `calicoctl patch ippool small-pool -p '{"spec":{"disabled":true}}'`,
      podAsking('a', '["small-pool"]'),
      podAsking('b', '["no-such-pool"]'),
      'sleep 15',
      'kubectl describe pods a b',
    ]);
    expect(out).toContain('plugin type="calico" failed (add): the given pool (10.245.0.0/28) does not exist, or is not enabled');
    expect(out).toContain('plugin type="calico" failed (add): error parsing pool "no-such-pool": invalid CIDR address: no-such-pool');
  });

  it('a borrowed address is announced as a /32 and answers pings from other nodes', async () => {
    const { out, session } = await run([
      CALICOCTL,
      SMALL_POOL,
      'kubectl create namespace blue',
      `kubectl annotate namespace blue 'cni.projectcalico.org/ipv4pools=["small-pool"]'`,
      'kubectl create deployment web -n blue --image=nginx --replicas=3',
      'sleep 20',
      'calicoctl ipam show --show-borrowed',
    ]);
    const borrowed = out.match(/\| (10\.245\.0\.\d+) +\| (k8s-\S+) /);
    expect(borrowed, out).not.toBeNull();
    const [, ip, node] = borrowed!;
    const nodeIp = session.world.node(node)!.ip;
    for (const n of session.world.state.nodes.filter((x) => x.name !== node)) {
      expect(n.routes, n.name).toContainEqual(expect.objectContaining({ dst: `${ip}/32`, via: nodeIp, dev: 'tunl0', proto: 'bird' }));
    }
    // On its own node the borrowed address keeps Felix's cali route, with no blackhole over it.
    expect(session.world.node(node)!.routes.filter((r) => r.dst === `${ip}/32`).map((r) => r.dev)).toEqual([expect.stringMatching(/^cali/)]);
    const term = session.openTerminal();
    let ping = '';
    const r = await session.exec(term, `ping -c 1 -W 1 ${ip}`, (c) => (ping += c.text));
    expect(r.exitCode, ping).toBe(0);
    expect(podIps(session, 'blue')).toContain(ip);
  });
});
