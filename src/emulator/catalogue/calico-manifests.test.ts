import { readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { calicoEtcdManifest, calicoManifest } from './calico-manifests';

// The published Calico files live outside the repo and are used only here,
// to check that our own text is structurally equivalent without copying it.
function upstream(file: string): string {
  return readFileSync(
    new URL(`../../../../shared/upstream/calico-v3.26.1/${file}`, import.meta.url),
    'utf8',
  );
}

type Obj = Record<string, any>;

function docs(text: string): Obj[] {
  const out: Obj[] = [];
  for (const doc of parseAllDocuments(text)) {
    expect(doc.errors).toEqual([]);
    const js = doc.toJS() as Obj | null;
    if (js !== null && js !== undefined) out.push(js);
  }
  return out;
}

function ids(text: string): string[] {
  return docs(text).map(
    (d) => `${d.kind} ${d.apiVersion} ${d.metadata?.namespace ?? '-'}/${d.metadata?.name}`,
  );
}

function find(text: string, kind: string, name: string): Obj {
  const d = docs(text).find((x) => x.kind === kind && x.metadata?.name === name);
  expect(d, `${kind}/${name}`).toBeDefined();
  return d as Obj;
}

function container(text: string, name = 'calico-node'): Obj {
  const spec = find(text, 'DaemonSet', 'calico-node').spec.template.spec;
  return spec.containers.find((c: Obj) => c.name === name);
}

function envOf(c: Obj): Array<{ name: string; value?: unknown; valueFrom?: unknown }> {
  return (c.env ?? []).map((e: Obj) => ({ name: e.name, value: e.value, valueFrom: e.valueFrom }));
}

const COMMENTED_CIDR = [
  '            # - name: CALICO_IPV4POOL_CIDR',
  '            #   value: "192.168.0.0/16"',
];

function uncommentCidr(text: string): string {
  return text
    .replace('# - name: CALICO_IPV4POOL_CIDR', '- name: CALICO_IPV4POOL_CIDR')
    .replace('#   value: "192.168.0.0/16"', '  value: "10.244.0.0/16"');
}

const CASES: Array<{ file: string; ours: () => string }> = [
  { file: 'calico.yaml', ours: () => calicoManifest() },
  { file: 'calico-vxlan.yaml', ours: () => calicoManifest('v3.26.1', 'vxlan') },
  { file: 'calico-etcd.yaml', ours: () => calicoEtcdManifest() },
];

describe.each(CASES)('$file equivalent', ({ file, ours }) => {
  const theirs = upstream(file);
  const mine = ours();

  it('has the same objects in the same order', () => {
    expect(ids(mine)).toEqual(ids(theirs));
  });

  it('has the same ConfigMap keys and backend', () => {
    const a = find(mine, 'ConfigMap', 'calico-config').data;
    const b = find(theirs, 'ConfigMap', 'calico-config').data;
    expect(Object.keys(a)).toEqual(Object.keys(b));
    for (const k of Object.keys(b)) {
      if (k !== 'cni_network_config') expect(a[k], k).toEqual(b[k]);
    }
    // Same placeholders in the conflist template, and the same JSON once filled in.
    const fill = (s: string) => JSON.parse(s.replace('__CNI_MTU__', '1440'));
    expect(fill(a.cni_network_config)).toEqual(fill(b.cni_network_config));
  });

  it('has the same calico-node env, in order', () => {
    expect(envOf(container(mine))).toEqual(envOf(container(theirs)));
  });

  it('has the same init containers, images and env', () => {
    const pick = (t: string) =>
      find(t, 'DaemonSet', 'calico-node').spec.template.spec.initContainers.map((c: Obj) => ({
        name: c.name,
        image: c.image,
        command: c.command,
        env: envOf(c),
      }));
    expect(pick(mine)).toEqual(pick(theirs));
  });

  it('has the same probes and images on the main containers', () => {
    const a = container(mine);
    const b = container(theirs);
    expect(a.image).toBe(b.image);
    expect(a.livenessProbe).toEqual(b.livenessProbe);
    expect(a.readinessProbe).toEqual(b.readinessProbe);
    const kc = (t: string) => find(t, 'Deployment', 'calico-kube-controllers').spec;
    expect(kc(mine).replicas).toBe(kc(theirs).replicas);
    const kcc = (t: string) => kc(t).template.spec.containers[0];
    expect(kcc(mine).image).toBe(kcc(theirs).image);
    expect(envOf(kcc(mine))).toEqual(envOf(kcc(theirs)));
  });

  it('declares every volume the pod templates mount', () => {
    for (const [kind, name] of [
      ['DaemonSet', 'calico-node'],
      ['Deployment', 'calico-kube-controllers'],
    ]) {
      const spec = find(mine, kind, name).spec.template.spec;
      const declared = new Set((spec.volumes ?? []).map((v: Obj) => v.name));
      for (const c of [...(spec.initContainers ?? []), ...spec.containers]) {
        for (const m of c.volumeMounts ?? []) expect(declared.has(m.name), m.name).toBe(true);
      }
    }
  });

  it('keeps the commented CIDR lines byte-identical', () => {
    const lines = mine.split('\n');
    const i = lines.indexOf(COMMENTED_CIDR[0]);
    expect(i).toBeGreaterThan(0);
    expect(lines[i + 1]).toBe(COMMENTED_CIDR[1]);
    expect(theirs).toContain(COMMENTED_CIDR.join('\n'));
  });

  it('accepts the classic sed uncomment of CALICO_IPV4POOL_CIDR', () => {
    for (const text of [mine, theirs]) {
      const env = envOf(container(uncommentCidr(text)));
      const cidr = env.filter((e) => e.name === 'CALICO_IPV4POOL_CIDR');
      expect(cidr).toEqual([{ name: 'CALICO_IPV4POOL_CIDR', value: '10.244.0.0/16', valueFrom: undefined }]);
    }
  });

  it('is our own text, not a copy', () => {
    const theirLines = new Set(theirs.split('\n'));
    const theirTrimmed = new Set(theirs.split('\n').map((l) => l.trim()));
    const allowed = new Set(COMMENTED_CIDR);
    // Env entries are data that must match (see above); everything else may not.
    const isEnvEntry = (l: string) => /^(- name: |value: )/.test(l.trim());
    const long = mine
      .split('\n')
      .filter((l) => l.length >= 60 && !allowed.has(l) && !isEnvEntry(l));
    expect(long.filter((l) => theirLines.has(l))).toEqual([]);
    // Prose lives in comments: no comment line of any real length may match.
    const comments = mine
      .split('\n')
      .filter((l) => l.trim().startsWith('#') && l.trim().length >= 25 && !allowed.has(l));
    expect(comments.filter((l) => theirTrimmed.has(l.trim()))).toEqual([]);
    expect(mine).not.toContain('description:');
  });
});

describe('calicoManifest', () => {
  it('has 18 minimal CRDs with correct names and scope', () => {
    const crds = docs(calicoManifest()).filter((d) => d.kind === 'CustomResourceDefinition');
    const up = docs(upstream('calico.yaml')).filter((d) => d.kind === 'CustomResourceDefinition');
    expect(crds).toHaveLength(18);
    crds.forEach((c, i) => {
      expect(c.apiVersion).toBe('apiextensions.k8s.io/v1');
      expect(c.spec.group).toBe('crd.projectcalico.org');
      expect(c.spec.names).toEqual(up[i].spec.names);
      expect(c.spec.scope).toBe(up[i].spec.scope);
      expect(c.spec.versions).toEqual([
        {
          name: 'v1',
          served: true,
          storage: true,
          schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
        },
      ]);
    });
  });

  it('uses the version argument in every image tag', () => {
    const text = calicoManifest('v3.27.0', 'vxlan') + calicoEtcdManifest('v3.27.0');
    const images = [...text.matchAll(/image: (\S+)/g)].map((m) => m[1]);
    expect(images.length).toBeGreaterThan(0);
    for (const img of images) expect(img).toMatch(/^docker\.io\/calico\/[a-z-]+:v3\.27\.0$/);
  });

  it('drops the BIRD probe flags for vxlan', () => {
    const c = container(calicoManifest('v3.26.1', 'vxlan'));
    expect(c.livenessProbe.exec.command).toEqual(['/bin/calico-node', '-felix-live']);
    expect(c.readinessProbe.exec.command).toEqual(['/bin/calico-node', '-felix-ready']);
  });

  it('has the etcd endpoint placeholder in the etcd flavour', () => {
    expect(calicoEtcdManifest()).toContain('etcd_endpoints: "http://<ETCD_IP>:<ETCD_PORT>"');
  });
});
