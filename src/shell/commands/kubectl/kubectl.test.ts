import { readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import { LabSession } from '../../lab-session';
import { World } from '../../../emulator/world';
import { manifestApply } from '../../../emulator/k8s/apply';
import { storeGet, storeList } from '../../../emulator/k8s/objects';
import { calicoManifest } from '../../../emulator/catalogue/calico-manifests';
import { fsWrite } from '../../../emulator/fs';
import { jsonpathRun } from './jsonpath';

async function shell(lines: string[], setup?: (s: LabSession) => void): Promise<{ out: string; status: number }[]> {
  const session = LabSession.create({ time: 'instant' });
  setup?.(session);
  const term = session.openTerminal();
  const results: { out: string; status: number }[] = [];
  for (const line of lines) {
    let out = '';
    const r = await session.exec(term, line, (c) => (out += c.text));
    results.push({ out, status: r.exitCode });
  }
  return results;
}

/** The published manifest with the two edits the course makes: the pool CIDR uncommented and set. */
function upstreamManifest(): string {
  const text = readFileSync(new URL('../../../../../shared/upstream/calico-v3.26.1/calico.yaml', import.meta.url), 'utf8');
  return text.replace('# - name: CALICO_IPV4POOL_CIDR', '- name: CALICO_IPV4POOL_CIDR').replace('#   value: "192.168.0.0/16"', '  value: "10.244.0.0/16"');
}

function installAndSettle(text: string) {
  const world = World.create();
  const r = manifestApply(world, text);
  expect(r.ok).toBe(true);
  // The shell reconciles after every command; here we do it ourselves.
  world.reconcile();
  world.advance(180_000);
  const api = world.state.api;
  return {
    world,
    pools: storeList(api, 'IPPool').map((p) => ({ name: p.metadata.name, spec: p.spec })),
    blocks: storeList(api, 'IPAMBlock').map((b) => b.spec?.cidr).sort(),
    ready: storeList(api, 'Node').map((n) => n.status.conditions.find((c: { type: string }) => c.type === 'Ready')?.status),
  };
}

describe('kubectl apply of calico.yaml', () => {
  it('creates 31 objects in file order, then reports them all unchanged', () => {
    const world = World.create();
    const first = manifestApply(world, calicoManifest());
    const again = manifestApply(world, calicoManifest());
    expect(first.ok && first.items.length).toBe(31);
    expect(first.ok && first.items.every((i) => i.verb === 'created')).toBe(true);
    expect(again.ok && again.items.every((i) => i.verb === 'unchanged')).toBe(true);
  });

  it('reaches the same pool and blocks from the published manifest after the CIDR edits as from ours', () => {
    const ours = installAndSettle(calicoManifest());
    const upstream = installAndSettle(upstreamManifest());
    expect(upstream.pools).toEqual(ours.pools);
    expect(upstream.pools[0].spec.cidr).toBe('10.244.0.0/16');
    expect(upstream.blocks).toEqual(ours.blocks);
    expect(upstream.ready.every((s) => s === 'True')).toBe(true);
  });

  it('changes nothing when one document of the file is invalid', () => {
    const world = World.create();
    const before = JSON.stringify(world.state.api);
    const bad = calicoManifest().replace(/image: docker.io\/calico\/node:v3.26.1/g, 'imagePullPolicy: Always');
    const r = manifestApply(world, bad);
    expect(r.ok).toBe(false);
    expect(JSON.stringify(world.state.api)).toBe(before);
  });

  it('marks only the DaemonSet configured after the pool CIDR changes, and bumps its generation', () => {
    const world = World.create();
    manifestApply(world, upstreamManifest());
    const r = manifestApply(world, upstreamManifest().replace('10.244.0.0/16', '10.245.0.0/16'));
    expect(r.ok && r.items.filter((i) => i.verb === 'configured').map((i) => i.name)).toEqual(['calico-node']);
    expect(storeGet(world.state.api, 'DaemonSet', 'kube-system', 'calico-node')!.metadata.generation).toBe(2);
  });
});

describe('kubectl in the terminal', () => {
  it('installs Calico and makes every node Ready', async () => {
    const r = await shell(['kubectl get nodes', 'kubectl apply -f calico.yaml', 'sleep 120', 'kubectl get nodes', 'kubectl apply -f calico.yaml', 'kubectl get pods -n kube-system -o wide'], (s) => {
      fsWrite(s.world.state.nodes[0].fs, '/root/calico.yaml', calicoManifest(), 0);
    });
    expect(r[0].out.match(/NotReady/g)?.length).toBe(4);
    expect(r[1].out.trim().split('\n')).toHaveLength(31);
    expect(r[3].out).not.toContain('NotReady');
    expect(r[4].out.match(/unchanged/g)?.length).toBe(31);
    expect(r[5].out).toMatch(/calico-node-\w{5} +1\/1 +Running +0 +2m +172\.16\.11\.8\d/);
    expect(r[5].out).toMatch(/coredns-\w+-\w{5} +1\/1 +Running .* 10\.244\.\d+\.\d+ /);
  });

  it('answers unknown resource types and missing objects like kubectl', async () => {
    const r = await shell(['kubectl get podz', 'kubectl get pod nginx', 'kubectl get pods']);
    expect(r[0]).toEqual({ out: 'error: the server doesn\'t have a resource type "podz"\n', status: 1 });
    expect(r[1]).toEqual({ out: 'Error from server (NotFound): pods "nginx" not found\n', status: 1 });
    expect(r[2].out).toBe('No resources found in default namespace.\n');
  });

  it('refuses to connect from a worker without a kubeconfig', async () => {
    const r = await shell(['ssh k8s-node01', 'kubectl get nodes', 'kubectl apply -f x.yaml']);
    expect(r[1].out.split('\n').filter((l) => l.includes('memcache.go:265')).length).toBe(5);
    expect(r[2].out).toBe('The connection to the server localhost:8080 was refused - did you specify the right host or port?\n');
  });

  it('restarts calico-node by deleting its pod: the DaemonSet makes a new one', async () => {
    const session = LabSession.create({ time: 'instant' });
    fsWrite(session.world.state.nodes[0].fs, '/root/calico.yaml', calicoManifest(), 0);
    const term = session.openTerminal();
    const run = async (line: string) => {
      let out = '';
      await session.exec(term, line, (c) => (out += c.text));
      return out;
    };
    await run('kubectl apply -f calico.yaml');
    await run('sleep 120');
    const names = (await run("kubectl get pods -n kube-system -l k8s-app=calico-node -o jsonpath='{.items[*].metadata.name}'")).split(' ');
    expect(names).toHaveLength(4);
    expect(await run(`kubectl delete pod -n kube-system ${names[0]}`)).toBe(`pod "${names[0]}" deleted\n`);
    const after = (await run("kubectl get pods -n kube-system -l k8s-app=calico-node -o jsonpath='{.items[*].metadata.name}'")).split(' ');
    expect(after).toHaveLength(4);
    expect(after).not.toContain(names[0]);
  });
});

describe('jsonpath', () => {
  const list = { items: [{ metadata: { name: 'a' }, status: { conditions: [{ type: 'Ready', status: 'True' }] } }, { metadata: { name: 'b' }, status: { conditions: [{ type: 'Ready', status: 'False' }] } }] };
  it('joins wildcard results with spaces and filters with ?()', () => {
    expect(jsonpathRun('{.items[*].metadata.name}', list)).toEqual({ ok: true, text: 'a b' });
    expect(jsonpathRun('{.items[*].status.conditions[?(@.type=="Ready")].status}', list)).toEqual({ ok: true, text: 'True False' });
  });
  it('ranges with literal newlines', () => {
    expect(jsonpathRun('{range .items[*]}{.metadata.name}{"\\n"}{end}', list)).toEqual({ ok: true, text: 'a\nb\n' });
  });
  it('reports an unclosed action', () => {
    expect(jsonpathRun('{.items[*].metadata.name', list)).toEqual({ ok: false, error: 'error parsing jsonpath {.items[*].metadata.name, unclosed action' });
  });
});
