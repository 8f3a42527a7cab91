/**
 * The check predicates added for IPAM and policy labs, each seen unmet (with its evidence) and
 * met on a real world: block, borrowed, podip, nopool, iptables, and command with `failed: true`.
 */
import { describe, it, expect } from 'vitest';
import { LabSession } from '../src/shell/lab-session';
import { PREDICATES, translator } from '../src/labs/checks';
import type { CommandRecord } from '../src/labs/checks';

const t = translator('en');
const zh = translator('zh-CN');
const CALICOCTL = 'curl -sLo /usr/local/bin/calicoctl https://github.com/projectcalico/calico/releases/download/v3.26.1/calicoctl-linux-amd64 && chmod +x /usr/local/bin/calicoctl';

async function world(lines: string[]): Promise<LabSession> {
  const session = LabSession.create({ scenario: 'installed', time: 'instant' });
  const term = session.openTerminal();
  for (const line of lines) await session.exec(term, line, () => {});
  return session;
}

function check(session: LabSession, name: string, args: Record<string, unknown>, commands: CommandRecord[] = []) {
  return PREDICATES[name].evaluate(args, { world: session.world, commands }, t);
}

describe('lab check predicates', () => {
  it('block, borrowed and podip read IPAM as calicoctl shows it', async () => {
    const before = await world([]);
    expect(check(before, 'block', { node: 'k8s-node02', within: '10.245.0.0/28' })).toEqual({ passed: false, evidence: "k8s-node02's blocks: 10.244.2.0/24" });
    expect(check(before, 'block', { node: 'k8s-node02', within: '10.244.0.0/16' }).passed).toBe(true);
    expect(check(before, 'block', { node: 'k8s-node02', within: '10.244.0.0/16', absent: true })).toEqual({ passed: false, evidence: 'k8s-node02 still has 10.244.2.0/24' });
    expect(check(before, 'borrowed', { within: '10.245.0.0/28' })).toEqual({ passed: false, evidence: 'no block of 10.245.0.0/28 has been claimed yet' });
    expect(check(before, 'podip', { namespace: 'blue', prefix: 'web-', within: '10.245.0.0/28' })).toEqual({ passed: false, evidence: 'no web-* pod in blue' });

    const after = await world([
      CALICOCTL,
      "printf 'apiVersion: projectcalico.org/v3\\nkind: IPPool\\nmetadata:\\n  name: small-pool\\nspec:\\n  cidr: 10.245.0.0/28\\n  blockSize: 29\\n  ipipMode: Always\\n' > p.yaml && calicoctl apply -f p.yaml",
      'kubectl create deployment web --image=nginx --replicas=3',
      'kubectl create namespace blue',
      `kubectl annotate namespace blue 'cni.projectcalico.org/ipv4pools=["small-pool"]'`,
      'kubectl create deployment web -n blue --image=nginx --replicas=3',
      'sleep 20',
    ]);
    expect(check(after, 'block', { node: 'k8s-node02', within: '10.245.0.0/28' }).passed).toBe(true);
    expect(check(after, 'borrowed', { within: '10.245.0.0/28' }).passed).toBe(true);
    expect(check(after, 'borrowed', { within: '10.245.0.0/28', node: 'k8s-node02' }).passed).toBe(false);
    expect(check(after, 'podip', { namespace: 'blue', prefix: 'web-', within: '10.245.0.0/28' }).passed).toBe(true);
    const wrong = check(after, 'podip', { namespace: 'default', prefix: 'web-', within: '10.245.0.0/28' });
    expect(wrong.passed).toBe(false);
    expect(wrong.evidence).toMatch(/^0 of 3 in 10\.245\.0\.0\/28; web-\S+: 10\.244\.\d+\.\d+; /);
    expect(PREDICATES.podip.describe({ namespace: 'blue', prefix: 'web-', within: '10.245.0.0/28', count: 3 }, zh)).toBe('blue 中有 3 个 web-* Pod 的 IP 在 10.245.0.0/28 内');
  });

  it('nopool passes once the pool is disabled or deleted, and names the pools still enabled', async () => {
    const args = { overlaps: '10.244.0.0/16' };
    const before = await world([]);
    expect(check(before, 'nopool', args)).toEqual({ passed: false, evidence: 'still enabled: default-ipv4-ippool (10.244.0.0/16)' });
    expect(check(before, 'nopool', { overlaps: '10.245.0.0/16' }).passed).toBe(true);
    expect(PREDICATES.nopool.evaluate(args, { world: before.world, commands: [] }, zh).evidence).toBe('仍处于启用状态：default-ipv4-ippool (10.244.0.0/16)');
    const disabled = await world([CALICOCTL, `calicoctl patch ippool default-ipv4-ippool -p '{"spec": {"disabled": true}}'`]);
    expect(check(disabled, 'nopool', args).passed).toBe(true);
    const deleted = await world([CALICOCTL, 'calicoctl delete ippool default-ipv4-ippool']);
    expect(check(deleted, 'nopool', args).passed).toBe(true);
  });

  it('iptables finds a rule by pattern, by chain prefix and by its counter', async () => {
    const session = await world([]);
    const rule = { node: 'k8s-node01', chain: 'cali-tw-', matches: 'Drop if no profiles matched' };
    expect(check(session, 'iptables', rule).passed).toBe(false); // no pod on k8s-node01 yet: no cali-tw- chain
    expect(check(session, 'iptables', rule).evidence).toBe('k8s-node01 has no chain cali-tw-…');
    await session.exec(session.openTerminal(), 'kubectl create deployment web --image=nginx && sleep 20', () => {});
    expect(check(session, 'iptables', rule).passed).toBe(true);
    const counted = check(session, 'iptables', { ...rule, counted: true });
    expect(counted.passed).toBe(false);
    expect(counted.evidence).toMatch(/^-A cali-tw-cali\w+ .*"Drop if no profiles matched" -j DROP has counted 0 packets$/);
    expect(check(session, 'iptables', { node: 'k8s-node01', matches: 'no such rule' }).evidence).toMatch(/^no rule on k8s-node01 matches \(\d+ rules searched\)$/);
    expect(check(session, 'iptables', { node: 'k8s-node01', matches: '--dport 179', absent: true }).passed).toBe(true);
  });

  it('command with failed: true wants a non-zero exit and says when it succeeded instead', async () => {
    const session = await world([]);
    const args = { matches: '^kubectl exec client -- curl', failed: true };
    const ran = (status: number): CommandRecord[] => [{ node: 'k8s-master01', line: 'kubectl exec client -- curl -s -m 2 10.244.1.1', status }];
    expect(check(session, 'command', args, ran(0))).toEqual({ passed: false, evidence: '`kubectl exec client -- curl -s -m 2 10.244.1.1` succeeded (exit 0)' });
    expect(check(session, 'command', args, ran(28)).passed).toBe(true);
    expect(check(session, 'command', { matches: '^kubectl exec client -- curl' }, ran(28))).toEqual({ passed: false, evidence: '`kubectl exec client -- curl -s -m 2 10.244.1.1` failed (exit 28)' });
    expect(PREDICATES.command.describe({ ...args, says: 'kubectl exec client -- curl' }, t)).toBe('run `kubectl exec client -- curl` and see it fail');
  });
});
