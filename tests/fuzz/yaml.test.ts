/**
 * YAML fuzzing for `kubectl apply -f` and `calicoctl apply -f`: mutated manifests and resources
 * are either applied or rejected with the tool's message and exit status — and a rejected
 * apply changes nothing in the datastore. `FUZZ_YAML=5000` runs more (`npm run fuzz`).
 */
import { describe, it, expect } from 'vitest';
import { LabSession } from '../../src/shell/lab-session';
import { calicoManifest } from '../../src/emulator/catalogue/calico-manifests';
import { rngInt, rngNext } from '../../src/emulator/random';
import type { RngState } from '../../src/emulator/random';

const COUNT = Number(process.env.FUZZ_YAML ?? 150);

const POOL = `apiVersion: projectcalico.org/v3
kind: IPPool
metadata:
  name: fuzz-pool
spec:
  cidr: 10.250.0.0/16
  blockSize: 26
  ipipMode: Always
  natOutgoing: true
  nodeSelector: all()
`;

function mutate(rng: RngState, text: string): string {
  const lines = text.split('\n');
  const n = rngInt(rng, 1, 4);
  for (let k = 0; k < n; k++) {
    const i = rngInt(rng, 0, lines.length);
    const r = rngNext(rng);
    if (r < 0.2) lines.splice(i, 1);
    else if (r < 0.35) lines[i] = ' ' + lines[i];
    else if (r < 0.5) lines[i] = lines[i].replace(/:/, '');
    else if (r < 0.6) lines[i] = lines[i] + ' ' + ['{', '[', ']', '"', "'", ': x', '- y', '\t'][rngInt(rng, 0, 8)];
    else if (r < 0.7) lines[i] = lines[i].replace(/\d+/, String(rngInt(rng, 0, 400)));
    else if (r < 0.8) lines[i] = lines[i].replace(/(kind|apiVersion|name|cidr): .*/, `$1: ${['Foo', 'v9', '', '10.0.0.1/33', 'x/y'][rngInt(rng, 0, 5)]}`);
    else if (r < 0.9) lines.splice(i, 0, lines[rngInt(rng, 0, lines.length)]);
    else lines[i] = lines[i].replace(/Always|Never|CrossSubnet/, ['Sometimes', 'always', 'Never', ''][rngInt(rng, 0, 4)]);
  }
  return lines.join('\n');
}

function datastore(session: LabSession): string {
  const objects = session.world.state.api.objects;
  return JSON.stringify(Object.keys(objects).sort().filter((k) => !k.startsWith('Event/') && !k.startsWith('Pod/')).map((k) => [k, objects[k].spec, objects[k].data]));
}

describe('YAML fuzzing', () => {
  it(`kubectl apply: ${Math.ceil(COUNT / 2)} mutated manifests are applied or rejected without side effects`, async () => {
    const session = LabSession.create({ scenario: 'installed', time: 'instant' });
    const term = session.openTerminal();
    const manifest = calicoManifest();
    const rng = { s: 42 };
    for (let i = 0; i < Math.ceil(COUNT / 2); i++) {
      session.writeFile('k8s-master01', '/root/m.yaml', mutate(rng, manifest));
      const before = datastore(session);
      let out = '';
      const r = await session.exec(term, 'kubectl apply -f m.yaml', (c) => (out += c.text));
      expect(out).not.toMatch(/internal error|TypeError|undefined/);
      if (r.exitCode !== 0) {
        expect(out).toMatch(/^(error|Error|The )/m);
        expect(datastore(session), `rejected apply changed the datastore:\n${out}`).toBe(before);
      }
    }
  }, 300_000);

  it(`calicoctl apply: ${COUNT} mutated IPPools are applied or rejected without side effects`, async () => {
    const session = LabSession.create({ scenario: 'installed', time: 'instant' });
    const term = session.openTerminal();
    await session.exec(term, 'curl -sL -o /usr/local/bin/calicoctl https://github.com/projectcalico/calico/releases/download/v3.26.1/calicoctl-linux-amd64 && chmod +x /usr/local/bin/calicoctl', () => {});
    const rng = { s: 7 };
    let applied = 0;
    for (let i = 0; i < COUNT; i++) {
      session.writeFile('k8s-master01', '/root/p.yaml', mutate(rng, POOL));
      const before = datastore(session);
      let out = '';
      const r = await session.exec(term, 'calicoctl apply -f p.yaml', (c) => (out += c.text));
      expect(out).not.toMatch(/internal error|TypeError/);
      if (r.exitCode === 0) applied++;
      else expect(datastore(session), `rejected apply changed the datastore:\n${out}`).toBe(before);
      await session.exec(term, 'calicoctl delete ippool fuzz-pool', () => {});
    }
    expect(applied).toBeGreaterThan(0);
  }, 300_000);
});
