/**
 * The editor's schemas against what students really edit: calico.yaml and every YAML example in
 * the labs must pass (no false marks), and the mistakes students make must be caught.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { schemaProblems } from '../../../tests/support/schema-problems';
import { calicoEtcdManifest, calicoManifest } from '../catalogue/calico-manifests';


function labYamlExamples(): { where: string; text: string }[] {
  const root = join(__dirname, '../../../labs');
  const out: { where: string; text: string }[] = [];
  for (const dir of readdirSync(root, { withFileTypes: true })) {
    if (!dir.isDirectory()) continue;
    for (const file of ['en.md', 'zh-CN.md', 'lab.yaml']) {
      let md: string;
      try {
        md = readFileSync(join(root, dir.name, file), 'utf8');
      } catch {
        continue;
      }
      // YAML blocks, and the heredocs (`cat > f <<EOF`) students copy into files.
      const bodies = [...md.matchAll(/```ya?ml\n([\s\S]*?)```/g), ...md.matchAll(/<<'?EOF'?\n([\s\S]*?)\nEOF/g)].map((m) => m[1]);
      for (const b of bodies) if (/^kind:/m.test(b)) out.push({ where: `${dir.name}/${file}`, text: b });
    }
  }
  return out;
}

describe('resource schemas', () => {
  it('accept the calico.yaml, calico-vxlan.yaml and calico-etcd.yaml the lab serves', () => {
    expect(schemaProblems(calicoManifest('v3.26.1', 'bird'))).toEqual([]);
    expect(schemaProblems(calicoManifest('v3.26.1', 'vxlan'))).toEqual([]);
    expect(schemaProblems(calicoEtcdManifest('v3.26.1'))).toEqual([]);
  });

  it('accept every resource example the labs show', () => {
    const examples = labYamlExamples();
    expect(examples.length).toBeGreaterThan(3);
    for (const e of examples) expect({ where: e.where, problems: schemaProblems(e.text) }).toEqual({ where: e.where, problems: [] });
  });

  it('leave YAML that is not a Kubernetes or Calico object alone', () => {
    expect(schemaProblems('network:\n  version: 2\n  ethernets:\n    eth0:\n      dhcp4: true\n')).toEqual([]);
    expect(schemaProblems('just a string\n')).toEqual([]);
  });

  it('mark the mistakes students make in Calico resources', () => {
    const pool = (spec: string) => `apiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata:\n  name: default-ipv4-ippool\nspec:\n  cidr: 10.244.0.0/16\n${spec}`;
    expect(schemaProblems(pool('  ipipMode: Never\n'))).toEqual([]);
    expect(schemaProblems(pool('  ipipMode: never\n'))).toContain('/spec/ipipMode must be equal to one of the allowed values');
    expect(schemaProblems(pool('  ipipmode: Never\n'))).toContain('/spec must NOT have additional properties');
    expect(schemaProblems(pool('  natOutgoing: "yes"\n'))).toContain('/spec/natOutgoing must be boolean');
    expect(schemaProblems(pool('  blockSize: 16\n'))).toContain('/spec/blockSize must be >= 20');
    expect(schemaProblems('apiVersion: projectcalico.org/v3\nkind: BGPConfiguration\nmetadata:\n  name: default\nspec:\n  nodeToNodeMeshEnabled: false\n  asNumber: 64512\n')).toEqual([]);
    expect(schemaProblems('apiVersion: projectcalico.org/v3\nkind: BGPPeer\nmetadata:\n  name: tor\nspec:\n  peerIP: 172.16.11.1\n  asNumber: AS65001\n')).toContain('/spec/asNumber must match a schema in anyOf');
    expect(schemaProblems('apiVersion: projectcalico.org/v3\nkind: IPAMConfiguration\nmetadata:\n  name: ipam\nspec:\n  strictAffinity: true\n')).toContain('/metadata/name must be equal to one of the allowed values');
  });

  it('check apiVersion against kind, and metadata', () => {
    expect(schemaProblems('apiVersion: projectcalico.org/v3\nkind: Deployment\nmetadata:\n  name: web\n')).toContain('/apiVersion must be equal to one of the allowed values');
    expect(schemaProblems('apiVersion: crd.projectcalico.org/v1\nkind: IPPool\nmetadata:\n  name: p\nspec:\n  cidr: 10.0.0.0/16\n  vxlanMode: Always\n')).toEqual([]);
    expect(schemaProblems('apiVersion: v1\nkind: Pod\nmetadata:\n  labels:\n    app: web\nspec:\n  containers:\n  - name: web\n    image: nginx\n')).toContain("/metadata must have required property 'name'");
    expect(schemaProblems('apiVersion: v1\nkind: Pod\nmetadata:\n  name: Web\nspec:\n  containers:\n  - name: web\n    image: nginx\n')).toContain('/metadata/name must match pattern "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$"');
    expect(schemaProblems('apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      contaners:\n      - name: web\n')).toContain('/spec/template/spec must NOT have additional properties');
  });
});
