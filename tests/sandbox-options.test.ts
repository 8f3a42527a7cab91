/**
 * The free sandbox: a scenario, a node count within what the scenario allows, and the default
 * pool's encapsulation mode. The command-line runner, the worker and the page's picker read the
 * same options (src/emulator/scenario-options.ts); a share link carries the mode and replays it.
 */
import { describe, it, expect } from 'vitest';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { LabSession } from '../src/shell/lab-session';
import { labsLoadFromDir } from '../src/labs/load-node';
import { shareDecode, shareEncode, shareValidate } from '../src/shell/share';
import { ENCAP_MODES, SCENARIO_NODES, manifestWithMode, scenarioOptionsProblem } from '../src/emulator/scenario-options';
import type { EncapChoice } from '../src/emulator/scenario-options';
import { calicoManifest } from '../src/emulator/catalogue/calico-manifests';
import { storeGet } from '../src/emulator/k8s/objects';
import { sandboxChoiceFromParams, sandboxChoiceToParams } from '../src/ui/guide/sandbox-choice';
import { ENCAP_CHOICES, NODE_LIMITS } from '../src/ui/guide/sandbox-options';
import { SCENARIOS } from '../src/emulator/scenarios';

const labs = labsLoadFromDir(fileURLToPath(new URL('../labs', import.meta.url)));
const repo = fileURLToPath(new URL('..', import.meta.url));

async function run(s: LabSession, term: number, line: string): Promise<string> {
  let out = '';
  await s.exec(term, line, (c) => (out += c.text));
  return out;
}

function pool(s: LabSession) {
  return storeGet(s.world.state.api, 'IPPool', undefined, 'default-ipv4-ippool')?.spec as { ipipMode: string; vxlanMode: string } | undefined;
}

describe('sandbox options', () => {
  const expected: Record<EncapChoice, [string, string]> = {
    ipip: ['Always', 'Never'],
    'ipip-crosssubnet': ['CrossSubnet', 'Never'],
    vxlan: ['Never', 'Always'],
    'vxlan-crosssubnet': ['Never', 'CrossSubnet'],
    none: ['Never', 'Never'],
  };

  for (const mode of ENCAP_MODES) {
    it(`mode ${mode} starts the cluster with that default pool, in the manifest calico-node read`, async () => {
      const s = LabSession.create({ scenario: 'installed', mode, time: 'instant' });
      expect(pool(s)).toMatchObject({ ipipMode: expected[mode][0], vxlanMode: expected[mode][1] });
      const t = s.openTerminal();
      const env = await run(s, t, "grep -A1 -E 'CALICO_IPV4POOL_(IPIP|VXLAN)$' calico.yaml");
      expect(env).toContain(`value: "${expected[mode][0]}"`);
      expect(env).toContain(`value: "${expected[mode][1]}"`);
    });
  }

  it('a mode installs Calico on the scenarios that leave it to the student, with the chosen node count', async () => {
    const bare = LabSession.create({ scenario: 'two-rack', nodes: 6, time: 'instant' });
    expect(pool(bare)).toBeUndefined();
    const s = LabSession.create({ scenario: 'two-rack', nodes: 6, mode: 'vxlan-crosssubnet', time: 'instant' });
    expect(s.world.state.nodes.map((n) => n.ip)).toEqual(['172.16.11.80', '172.16.11.81', '172.16.11.82', '172.16.12.83', '172.16.12.84', '172.16.12.85']);
    expect(pool(s)).toMatchObject({ ipipMode: 'Never', vxlanMode: 'CrossSubnet' });
    const t = s.openTerminal();
    const routes = await run(s, t, 'ip r');
    // Same rack: straight to the node over eth0; the other rack: through vxlan.calico.
    expect(routes).toMatch(/^10\.244\.1\.0\/24 via 172\.16\.11\.81 dev eth0 proto 80 onlink $/m);
    expect(routes).toMatch(/^10\.244\.3\.0\/24 via 10\.244\.3\.0 dev vxlan\.calico onlink $/m);
  });

  it('a lab brings its own cluster: a mode given with it is ignored', () => {
    const s = LabSession.create({ lab: 'read-routes', mode: 'vxlan', labs, time: 'instant' });
    expect(pool(s)).toMatchObject({ ipipMode: 'Always', vxlanMode: 'Never' });
  });

  it('checks node counts against the scenario and names the modes', () => {
    expect(scenarioOptionsProblem('rr', 2, undefined)).toBe('scenario rr takes 3 to 1000 nodes');
    expect(scenarioOptionsProblem('two-rack', 1, undefined)).toBe('scenario two-rack takes 2 to 1000 nodes');
    expect(scenarioOptionsProblem('installed', 12, 'vxlan')).toBeNull();
    expect(scenarioOptionsProblem('installed', undefined, 'gre')).toBe('unknown mode: gre (ipip, ipip-crosssubnet, vxlan, vxlan-crosssubnet, none)');
    expect(scenarioOptionsProblem('nosuch', undefined, undefined)).toBe('unknown scenario: nosuch');
    // The manifest edit touches the two pool variables and nothing else.
    const before = calicoManifest();
    const after = manifestWithMode(before, 'vxlan');
    expect(after).not.toBe(before);
    expect(after.replace('value: "Never"', 'value: "Always"').replace(/(CALICO_IPV4POOL_VXLAN\n\s+value: )"Always"/, '$1"Never"')).toBe(before);
  });

  it('the command-line runner takes --mode and refuses what the scenario does not allow, as the picker does', () => {
    const cli = (args: string[], input = '') => {
      try {
        return { out: execFileSync('npx', ['tsx', 'src/cli.ts', ...args], { cwd: repo, input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] }), code: 0 };
      } catch (e) {
        const err = e as { stderr: string; status: number };
        return { out: err.stderr, code: err.status };
      }
    };
    const ok = cli(['--scenario', 'two-rack', '--nodes', '4', '--mode', 'ipip-crosssubnet'], 'kubectl get ippool default-ipv4-ippool -o jsonpath={.spec.ipipMode}\n');
    expect(ok).toEqual({ out: 'CrossSubnet', code: 0 });
    const bad = cli(['--scenario', 'rr', '--nodes', '2']);
    expect(bad.code).toBe(2);
    expect(bad.out).toMatch(/^cli: scenario rr takes 3 to 1000 nodes\n/);
    expect(cli(['--mode', 'gre']).out).toMatch(/^cli: unknown mode: gre /);
  }, 60_000);

  it('a share link of a sandbox carries its mode and replays the same world', async () => {
    const s = LabSession.create({ scenario: 'installed', nodes: 3, mode: 'none', time: 'instant' });
    const t = s.openTerminal();
    await run(s, t, 'kubectl create deployment web --image=nginx --replicas=2');
    await run(s, t, 'sleep 20');
    const state = s.shareState();
    expect(state).toMatchObject({ scenario: 'installed', nodes: 3, mode: 'none' });
    const decoded = await shareDecode(await shareEncode(state));
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    const replayed = await LabSession.replay(decoded.state, { time: 'instant' });
    expect(replayed.world.snapshot()).toBe(s.world.snapshot());
    expect(shareValidate({ ...state, mode: 'gre' })).toEqual({ ok: false, error: 'mode must be one of ipip, ipip-crosssubnet, vxlan, vxlan-crosssubnet, none' });
  });

  it("the page's copy of the choices is the emulator's", () => {
    expect(ENCAP_CHOICES).toEqual([...ENCAP_MODES]);
    expect(NODE_LIMITS).toEqual(SCENARIO_NODES);
    expect(Object.keys(SCENARIO_NODES).sort()).toEqual([...SCENARIOS].sort());
  });

  it('the page keeps the choice in its URL', () => {
    const params = new URLSearchParams('?lab=read-routes');
    params.delete('lab');
    sandboxChoiceToParams(params, { scenario: 'two-rack', nodes: 6, mode: 'vxlan' });
    expect(params.toString()).toBe('sandbox=&scenario=two-rack&nodes=6&mode=vxlan');
    expect(sandboxChoiceFromParams(params, 6)).toEqual({ scenario: 'two-rack', nodes: 6, mode: 'vxlan' });
    sandboxChoiceToParams(params, { scenario: 'default', nodes: null, mode: null });
    expect(params.toString()).toBe('sandbox=');
    expect(sandboxChoiceFromParams(new URLSearchParams('?sandbox&mode=gre'), undefined)).toEqual({ scenario: 'default', nodes: null, mode: null });
    expect(sandboxChoiceFromParams(new URLSearchParams('?lab=x'), undefined)).toBeNull();
  });
});
