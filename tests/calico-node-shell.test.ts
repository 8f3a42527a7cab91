/**
 * The calico-node container's shell: its prompts (bash reads RHEL's /etc/bashrc, sh keeps bash's
 * default), Tab completion of the image's programs and the container's files, and confd's
 * rendered files following the datastore (golden transcripts in tests/golden/calico-node show
 * the text itself).
 */
import { describe, expect, it } from 'vitest';
import { LabSession } from '../src/shell/lab-session';
import { storeList } from '../src/emulator/k8s/objects';
import { confdRender } from '../src/emulator/calico/confd-render';

/** The BGP protocols a bird.cfg declares, in file order. */
const declared = (cfg: string) => [...cfg.matchAll(/^protocol bgp (\S+) from bgp_template \{$/gm)].map((m) => m[1]);

function calicoNodeOn(session: LabSession, node: string): string {
  const pod = storeList(session.world.state.api, 'Pod').find((p) => p.metadata.name.startsWith('calico-node-') && p.spec.nodeName === node);
  return pod!.metadata.name;
}

describe('a shell in the calico-node container', () => {
  const session = LabSession.create({ scenario: 'installed', time: 'instant' });
  const term = session.openTerminal();
  const run = async (line: string) => {
    let out = '';
    const r = await session.exec(term, line, (c) => (out += c.text));
    return { out, status: r.exitCode, prompt: r.prompt };
  };
  const complete = (line: string) => session.complete(term, line, line.length).candidates;
  const pod = calicoNodeOn(session, 'k8s-node01');

  it('shows the RHEL bash prompt with the node as host and the directory basename', async () => {
    const entered = await run(`kubectl exec -it -n kube-system ${pod} -- bash`);
    expect(entered.prompt).toBe('[root@k8s-node01 /]# ');
    expect((await run('cd /etc/calico/confd/config')).prompt).toBe('[root@k8s-node01 config]# ');
    expect((await run('cd')).prompt).toBe('[root@k8s-node01 ~]# ');
    const left = await run('exit');
    expect(left.prompt).toBe('root@k8s-master01:~# ');
  });

  it('offers the image programs on Tab: birdcl and ip, no kubectl, calicoctl, ps or ping', async () => {
    await run(`kubectl exec -it -n kube-system ${pod} -- bash`);
    expect(complete('bird')).toEqual(['birdcl']);
    expect(complete('ipt')).toEqual(['iptables', 'iptables-save']);
    expect(complete('kube')).toEqual([]);
    expect(complete('calico')).toEqual([]);
    expect(complete('ps')).toEqual([]);
    expect(complete('pin')).toEqual([]);
    expect(complete('cat /etc/calico/confd/config/bird_')).toEqual(['/etc/calico/confd/config/bird_aggr.cfg', '/etc/calico/confd/config/bird_ipam.cfg']);
    expect(complete('cd /etc/cal')).toEqual(['/etc/calico/']);
    await run('exit');
    expect(complete('kube')).toContain('kubectl');
  });

  it('runs sh as bash in POSIX mode: sh-4.4# and "sh:" in its errors', async () => {
    const entered = await run(`kubectl exec -it -n kube-system ${pod} -- sh`);
    expect(entered.prompt).toBe('sh-4.4# ');
    const missing = await run('kubectl get nodes');
    expect(missing.out).toBe('sh: kubectl: command not found\n');
    expect(missing.status).toBe(127);
    await run('exit');
  });

  it('keeps what a program wrote in the container, not on the node', async () => {
    await run(`kubectl exec -it -n kube-system ${pod} -- bash`);
    await run('mkdir /tmp/notes');
    await run('touch /tmp/notes/a');
    expect((await run('ls /tmp/notes')).out).toBe('a\n');
    await run('exit');
    expect((await run('ls /tmp/notes')).status).not.toBe(0);
  });

  it("re-renders bird.cfg when the datastore changes (mesh off)", async () => {
    const before = confdRender(session.world, 'k8s-node01')!['bird.cfg'];
    expect(before).toContain('protocol bgp Mesh_172_16_11_80 from bgp_template {');
    await run(`cat <<EOT > off.yaml
apiVersion: projectcalico.org/v3
kind: BGPConfiguration
metadata:
  name: default
spec:
  nodeToNodeMeshEnabled: false
EOT`);
    await run('curl -sLo /usr/local/bin/calicoctl https://github.com/projectcalico/calico/releases/download/v3.26.1/calicoctl-linux-amd64 && chmod +x /usr/local/bin/calicoctl');
    expect((await run('calicoctl create -f off.yaml')).status).toBe(0);
    const after = confdRender(session.world, 'k8s-node01')!['bird.cfg'];
    expect(after).not.toContain('protocol bgp');
    expect(after).toContain('# ------------- Node-to-node mesh -------------\n\n# Node-to-node mesh disabled\n');
  });

  it('declares exactly the BGP protocols BIRD runs on every node, reflectors included', async () => {
    const rr = LabSession.create({ scenario: 'rr', time: 'instant' });
    const t = rr.openTerminal();
    for (const line of [
      'kubectl annotate node k8s-rr01 projectcalico.org/RouteReflectorClusterID=244.0.0.1',
      'kubectl label node k8s-rr01 route-reflector=true',
      `cat <<EOT | kubectl apply -f -
apiVersion: crd.projectcalico.org/v1
kind: BGPPeer
metadata:
  name: peer-with-route-reflectors
spec:
  nodeSelector: all()
  peerSelector: route-reflector == 'true'
EOT`,
      'sleep 10',
    ]) await rr.exec(t, line, () => {});
    let checked = 0;
    for (const node of rr.world.state.nodes) {
      if (!node.bird) continue;
      const running = node.bird.sessions.map((s) => s.name).sort();
      expect(declared(confdRender(rr.world, node.name)!['bird.cfg']).sort(), node.name).toEqual(running);
      checked++;
    }
    expect(checked).toBe(8);
  });
});
