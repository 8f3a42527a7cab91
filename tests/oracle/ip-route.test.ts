/**
 * Our `ip r` against real iproute2: the routing table the emulator builds for k8s-master01 after
 * the deployment lab is loaded into a network namespace (veths stand in for eth0, tunl0 and the
 * cali devices), and the real `ip route show` must print exactly what our `ip r` prints.
 */
import { describe, it, expect } from 'vitest';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { LabSession } from '../../src/shell/lab-session';
import { labsLoadFromDir } from '../../src/labs/load-node';

function canUseNetns(): boolean {
  try {
    if (process.getuid?.() !== 0) return false;
    execFileSync('ip', ['netns', 'list'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const ip = (ns: string, ...args: string[]) => execFileSync('ip', ['-n', ns, ...args], { encoding: 'utf8' });

describe.skipIf(!canUseNetns())('ip route against real iproute2 (needs root and ip netns)', () => {
  it('prints k8s-master01 routes after the deployment lab exactly as iproute2 does', async () => {
    const labs = labsLoadFromDir(fileURLToPath(new URL('../../labs', import.meta.url)));
    const session = LabSession.create({ lab: 'deploy-calico', labs, time: 'instant' });
    const term = session.openTerminal();
    for (const step of session.labView('en')!.steps) for (const cmd of step.solution) await session.exec(term, cmd, () => {});
    let ours = '';
    await session.exec(term, 'ip r', (c) => (ours += c.text));
    const node = session.world.node('k8s-master01')!;

    const ns = `calico-lab-oracle-${process.pid}`;
    execFileSync('ip', ['netns', 'add', ns]);
    try {
      const devs = [...new Set(node.routes.map((r) => r.dev).filter((d): d is string => !!d))];
      devs.forEach((dev, i) => {
        ip(ns, 'link', 'add', dev, 'type', 'veth', 'peer', 'name', `peer${i}`);
        ip(ns, 'link', 'set', dev, 'up');
        ip(ns, 'link', 'set', `peer${i}`, 'up');
      });
      ip(ns, 'addr', 'add', `${node.ip}/${node.prefix}`, 'brd', '172.16.11.255', 'dev', 'eth0');
      for (const r of node.routes) {
        if (r.proto === 'kernel') continue; // the kernel adds the connected route itself
        const args = ['route', 'add'];
        if (r.type === 'blackhole') args.push('blackhole');
        args.push(r.dst === '0.0.0.0/0' ? 'default' : r.dst);
        if (r.via) args.push('via', r.via);
        if (r.dev) args.push('dev', r.dev);
        args.push('proto', r.proto);
        if (r.scope === 'link') args.push('scope', 'link');
        if (r.onlink) args.push('onlink');
        ip(ns, ...args);
      }
      const real = ip(ns, 'route', 'show');
      expect(ours).toContain('10.244.1.0/24 via 172.16.11.81 dev tunl0 proto bird onlink');
      expect(ours).toBe(real);
    } finally {
      execFileSync('ip', ['netns', 'del', ns]);
    }
  });
});
