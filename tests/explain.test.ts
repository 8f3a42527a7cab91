/**
 * Explanations of output lines (src/emulator/explain): each is read from the world as it is when
 * asked, so a route names the node that owns its block and the peer it was learned from, and a
 * BGP row that is down says what in the world keeps it down.
 */
import { describe, it, expect } from 'vitest';
import { LabSession } from '../src/shell/lab-session';
import { explainLine, explainedTool, type ExplainLocale } from '../src/emulator/explain';
import { manifestApply } from '../src/emulator/k8s/apply';
import { notesCalicoManifest } from '../src/emulator/scenarios-bgp';

const CALICOCTL = 'curl -sLo /usr/local/bin/calicoctl https://github.com/projectcalico/calico/releases/download/v3.26.1/calicoctl-linux-amd64 && chmod +x /usr/local/bin/calicoctl';

async function session(scenario = 'installed') {
  const s = LabSession.create({ scenario, time: 'instant' });
  const term = s.openTerminal();
  const run = async (line: string) => {
    let out = '';
    await s.exec(term, line, (c) => (out += c.text));
    return out;
  };
  /** Runs `command` on `node` (the first node by default) and explains its output line matching `pick`. */
  const explain = async (command: string, pick: RegExp, locale: ExplainLocale = 'en', node = s.world.state.nodes[0].name) => {
    const lines = (await run(command)).split('\n');
    const index = lines.findIndex((l) => pick.test(l));
    expect(index, `no line of "${command}" matches ${pick}:\n${lines.join('\n')}`).toBeGreaterThanOrEqual(0);
    return explainLine(s.world, { node, command, lines, index }, locale);
  };
  return { s, run, explain };
}

describe('which tool printed the output', () => {
  it('recognises the explained commands through sudo, watch and pipelines', () => {
    expect(explainedTool('ip r')).toBe('route');
    expect(explainedTool('ip route show')).toBe('route');
    expect(explainedTool('ip -4 ro')).toBe('route');
    expect(explainedTool('ip route get 10.244.1.1')).toBeNull();
    expect(explainedTool('ip r | grep tunl0')).toBe('route');
    expect(explainedTool('sudo calicoctl node status')).toBe('nodeStatus');
    expect(explainedTool('watch -n 2 calicoctl node status')).toBe('nodeStatus');
    expect(explainedTool('calicoctl ipam show --show-blocks')).toBe('ipam');
    expect(explainedTool('birdcl -s /var/run/calico/bird.ctl show protocols')).toBe('birdProtocols');
    expect(explainedTool('birdcl show route')).toBe('birdRoute');
    expect(explainedTool('tcpdump -i tunl0 -nn')).toBe('tcpdump');
    expect(explainedTool('kubectl get pods')).toBeNull();
  });
});

describe('ip route lines', () => {
  it('a tunl0 route names its block, the node that owns it, the peer it came from and why tunl0', async () => {
    const { explain } = await session();
    const e = await explain('ip r', /^10\.244\.2\.0\/24 via .* dev tunl0/);
    expect(e?.title).toBe('Route 10.244.2.0/24 via 172.16.11.82 dev tunl0 proto bird onlink');
    const text = e!.lines.join('\n');
    expect(text).toContain('10.244.2.0/24 is the IPAM block of k8s-node02 (pool default-ipv4-ippool)');
    expect(text).toContain('Learned over BGP from k8s-node02 (BIRD protocol Mesh_172_16_11_82)');
    expect(text).toContain('ipipMode Always');
    expect(text).toContain('onlink');
    expect(e!.highlight.nodes).toEqual(['k8s-master01', 'k8s-node02']);
    expect(e!.highlight.sessions).toEqual([['k8s-master01', 'k8s-node02']]);
  });

  it('the blackhole is the node\'s own block; a cali /32 is a local pod', async () => {
    const { explain } = await session();
    const hole = await explain('ip r', /^blackhole/);
    expect(hole!.lines[0]).toBe("10.244.0.0/24 is k8s-master01's own IPAM block in pool default-ipv4-ippool.");
    expect(hole!.lines.join(' ')).toContain('static1');
    const pod = await explain('ip r', /^10\.244\.0\.1 dev cali/);
    expect(pod!.lines[0]).toMatch(/^A pod on this node: kube-system\/coredns-\S+ \(10\.244\.0\.1\), behind the host end cali\w+ of its veth pair\.$/);
    expect(pod!.highlight.pods).toHaveLength(1);
    expect(pod!.highlight.pods[0]).toMatchObject({ node: 'k8s-master01', namespace: 'kube-system' });
  });

  it('the default route and the node\'s own subnet', async () => {
    const { explain } = await session();
    expect((await explain('ip r', /^default/))!.lines[0]).toContain('gateway 172.16.11.1 through eth0');
    const subnet = await explain('ip r', /proto kernel/);
    expect(subnet!.lines[0]).toContain("k8s-master01's own subnet 172.16.11.0/24, directly connected on eth0");
    expect(subnet!.highlight.nodes).toEqual(['k8s-master01', 'k8s-node01', 'k8s-node02', 'k8s-node03']);
  });

  it('in Chinese too', async () => {
    const { explain } = await session();
    const e = await explain('ip r', /^10\.244\.1\.0\/24/, 'zh-CN');
    expect(e!.title).toBe('路由 10.244.1.0/24 via 172.16.11.81 dev tunl0 proto bird onlink');
    expect(e!.lines.join('\n')).toContain('通过 BGP 从 k8s-node01 学到');
  });

  it('CrossSubnet: tunl0 across racks, eth0 within the rack', async () => {
    const { s, run, explain } = await session('two-rack');
    // The two-rack scenario starts without Calico: apply the notes' manifest as `installed` does.
    expect(manifestApply(s.world, notesCalicoManifest(), 'default').ok).toBe(true);
    s.world.reconcile();
    await run('sleep 120');
    await run(CALICOCTL);
    await run(`calicoctl patch ippool default-ipv4-ippool -p '{"spec":{"ipipMode":"CrossSubnet"}}'`);
    await run('sleep 5');
    const out = await run('ip r');
    const across = out.split('\n').find((l) => / dev tunl0 /.test(l));
    const within = out.split('\n').find((l) => /^10\.244\.\d+\.0\/\d+ via .* dev eth0 proto bird/.test(l));
    expect(across, out).toBeDefined();
    expect(within, out).toBeDefined();
    const a = await explain('ip r', new RegExp(`^${across!.split(' ')[0].replace(/\./g, '\\.')} `));
    expect(a!.lines.join('\n')).toMatch(/encapsulates across subnets and k8s-\S+ \(172\.16\.12\.\d+\) is in another subnet than k8s-master01/);
    const w = await explain('ip r', new RegExp(`^${within!.split(' ')[0].replace(/\./g, '\\.')} `));
    expect(w!.lines.join('\n')).toMatch(/Via eth0 without encapsulation: .* encapsulates only across subnets, and k8s-\S+ \(172\.16\.11\.\d+\) is in the same subnet/);
  });

  it('VXLAN: via vxlan.calico to the owner\'s VTEP, programmed by Felix, not learned from BIRD', async () => {
    const { run, explain } = await session();
    await run(CALICOCTL);
    await run(`calicoctl patch ippool default-ipv4-ippool -p '{"spec":{"ipipMode":"Never","vxlanMode":"Always"}}'`);
    await run('sleep 10');
    const e = await explain('ip r', /^10\.244\.3\.0\/24 via .* dev vxlan\.calico/);
    const text = e!.lines.join('\n');
    expect(text).toContain('10.244.3.0/24 is the IPAM block of k8s-node03');
    expect(text).toContain('Via vxlan.calico because pool default-ipv4-ippool (10.244.0.0/16: ipipMode Never, vxlanMode Always) uses VXLAN');
    expect(text).toContain("to the owner's VTEP 10.244.3.1");
    expect(text).toContain('Felix programs VXLAN routes itself');
    expect(text).not.toContain('Learned over BGP');
  });

  it('ssh NODE CMD is explained on that node', async () => {
    const { explain } = await session();
    const e = await explain('ssh k8s-node02 ip r', /^blackhole/);
    expect(e!.lines[0]).toBe("10.244.2.0/24 is k8s-node02's own IPAM block in pool default-ipv4-ippool.");
  });

  it('a route that is gone since the command ran says so', async () => {
    const { s, run } = await session();
    const lines = (await run('ip r')).split('\n');
    await run('ip link set eth0 down');
    const index = lines.findIndex((l) => l.startsWith('10.244.1.0/24'));
    const e = explainLine(s.world, { node: 'k8s-master01', command: 'ip r', lines, index }, 'en');
    expect(e!.lines[0]).toBe('k8s-master01 no longer has this route: the table changed since the command ran.');
  });
});

describe('BGP rows', () => {
  it('an Established mesh row: the peer, the mesh, the routes received', async () => {
    const { run, explain } = await session();
    await run(CALICOCTL);
    const e = await explain('calicoctl node status', /172\.16\.11\.81/);
    expect(e!.title).toBe('BGP peer k8s-node01 (172.16.11.81), protocol Mesh_172_16_11_81');
    expect(e!.lines[0]).toContain('Node-to-node mesh');
    expect(e!.lines[0]).toContain('4 speakers: 6 sessions');
    expect(e!.lines[1]).toContain('1 prefix received from k8s-node01');
  });

  it('a session down because TCP 179 is dropped, and one whose peer is powered off', async () => {
    const { s, run, explain } = await session();
    await run(CALICOCTL);
    await run('ssh k8s-node01 iptables -A INPUT -p tcp --dport 179 -j DROP');
    await run('ssh k8s-node01 iptables -A INPUT -p tcp --sport 179 -j DROP');
    await run('ssh k8s-node02 poweroff -f');
    await run('sleep 300');
    const dropped = await explain('calicoctl node status', /172\.16\.11\.81/);
    expect(dropped!.lines.join('\n')).toContain('TCP port 179 is dropped by iptables');
    expect(dropped!.lines.join('\n')).toContain('Hold timer expired');
    const off = await explain('birdcl show protocols', /^Mesh_172_16_11_82/);
    expect(off!.lines.join('\n')).toContain('k8s-node02 is powered off (virsh start k8s-node02 boots it again).');
    // BIRD shows the idle session as Passive: k8s-node02's address sorts higher, so it is the one to connect.
    expect(off!.lines[1]).toBe('Not established (Passive, protocol start): no routes from k8s-node02 are used.');
    expect(s.world.node('k8s-node02')!.power).toBe('off');
  });

  it('route reflectors: a client\'s row names the reflector, and a route names who originated it', async () => {
    const { run, explain } = await session('rr');
    for (const line of [
      CALICOCTL,
      'kubectl annotate node k8s-rr01 projectcalico.org/RouteReflectorClusterID=244.0.0.1',
      'kubectl annotate node k8s-rr02 projectcalico.org/RouteReflectorClusterID=244.0.0.1',
      'kubectl label node k8s-rr01 route-reflector=true',
      'kubectl label node k8s-rr02 route-reflector=true',
      `printf 'apiVersion: projectcalico.org/v3\\nkind: BGPPeer\\nmetadata:\\n  name: rr\\nspec:\\n  nodeSelector: all()\\n  peerSelector: route-reflector == "true"\\n' > rr.yaml`,
      'calicoctl apply -f rr.yaml',
      `printf 'apiVersion: projectcalico.org/v3\\nkind: BGPConfiguration\\nmetadata:\\n  name: default\\nspec:\\n  nodeToNodeMeshEnabled: false\\n' > bgp.yaml`,
      'calicoctl create -f bgp.yaml',
      'sleep 30',
    ]) await run(line);
    const row = await explain('calicoctl node status', /172\.16\.11\.91/);
    expect(row!.title).toMatch(/^BGP peer k8s-rr01 \(172\.16\.11\.91\)/);
    expect(row!.lines[0]).toBe('k8s-rr01 is a route reflector (cluster ID 244.0.0.1) and k8s-master01 its client: it passes on the other nodes\' routes, so no full mesh is needed.');
    const route = await explain('ip r', /^10\.244\.1\.0\/24 via/);
    expect(route!.lines.join('\n')).toMatch(/k8s-rr0[12] is a route reflector: it passed on the route that k8s-node01 originated \(ORIGINATOR_ID 172\.16\.11\.81\)\./);
  });

  it('a BIRD route: the best path, what the kernel made of it', async () => {
    const { explain } = await session();
    const e = await explain('birdcl show route', /^10\.244\.3\.0\/24/);
    expect(e!.title).toBe('BIRD route 10.244.3.0/24 from Mesh_172_16_11_83');
    expect(e!.lines[0]).toContain('In the kernel it became: 10.244.3.0/24 via 172.16.11.83 dev tunl0 proto bird onlink.');
    expect(e!.highlight.nodes).toContain('k8s-node03');
  });

  it('BIRD\'s own protocols', async () => {
    const { explain } = await session();
    expect((await explain('birdcl show protocols', /^static1/))!.lines[0]).toContain("this node's own IPAM blocks");
  });
});

describe('IPAM rows', () => {
  it('the pool and a block with its owner and users', async () => {
    const { run, explain } = await session();
    await run(CALICOCTL);
    const pool = await explain('calicoctl ipam show --show-blocks', /IP Pool/);
    expect(pool!.title).toBe('IP pool default-ipv4-ippool (10.244.0.0/16)');
    expect(pool!.lines.join('\n')).toContain('7 of 65536 addresses in use');
    const block = await explain('calicoctl ipam show --show-blocks', /Block +\| 10\.244\.0\.0\/24/, 'zh-CN');
    expect(block!.lines[0]).toContain('归属 k8s-master01');
    expect(block!.lines[1]).toMatch(/10\.244\.0\.0 ipipTunnelAddress \(k8s-master01\)/);
    expect(block!.highlight.pods.length).toBe(3);
  });
});

describe('tcpdump lines', () => {
  it('an IPIP packet on eth0: outer nodes, inner tunnel address and pod', async () => {
    const { s, run } = await session();
    await run('kubectl run web --image=nginx');
    await run('sleep 30');
    const out = (await run('tcpdump -i eth0 -c 1 &')) + (await run('ping -c 1 10.244.1.1')) + (await run('wait'));
    const lines = out.split('\n');
    const index = lines.findIndex((l) => /ipip-proto-4/.test(l));
    // The capture's packet lands in ping's output: still explained as a packet, from its form.
    const e = explainLine(s.world, { node: 'k8s-master01', command: 'ping -c 1 10.244.1.1', lines, index }, 'en');
    const text = e!.lines.join('\n');
    expect(text).toContain('IPIP: an outer IP header (protocol 4) from k8s-master01 to k8s-node01');
    expect(text).toContain("10.244.0.0 is k8s-master01's tunl0 address");
    expect(text).toContain('10.244.1.1 is pod default/web on k8s-node01');
    expect(e!.highlight.pods).toEqual([{ node: 'k8s-node01', namespace: 'default', name: 'web' }]);
  });

  it('lines that say nothing are not explained', async () => {
    const { s } = await session();
    expect(explainLine(s.world, { node: 'k8s-master01', command: 'ip r', lines: [''], index: 0 }, 'en')).toBeNull();
    expect(explainLine(s.world, { node: 'k8s-master01', command: 'kubectl get pods', lines: ['No resources found'], index: 0 }, 'en')).toBeNull();
    expect(explainLine(s.world, { node: 'nowhere', command: 'ip r', lines: ['default via 1.2.3.4'], index: 0 }, 'en')).toBeNull();
  });
});
