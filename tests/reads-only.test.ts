/**
 * After a command that only looked (reads-only.ts), the interpreter skips the reconcile when the
 * world is settled (controllersSettled). These tests say which lines count as looking, and check
 * the promise the skip rests on: a world called settled is left exactly as it was by a reconcile.
 */
import { describe, expect, it } from 'vitest';
import { LabSession } from '../src/shell/lab-session';
import { onlyReads } from '../src/shell/reads-only';
import { controllersSettled } from '../src/emulator/k8s/controllers';

const reads = (line: string) => {
  const [name, ...args] = line.split(' ');
  return onlyReads(name, args);
};

describe('lines that only look', () => {
  it('the looking forms of ip, birdcl, calicoctl, kubectl and the text filters', () => {
    for (const line of ['ip r', 'ip -4 route show', 'ip route list dev tunl0', 'ip r get 10.244.1.5', 'ip a', 'ip -d link show', 'ip neigh', 'birdcl show route', 'birdc show protocols all', 'calicoctl node status', 'calicoctl get nodes -o wide', 'calicoctl ipam show --show-blocks', 'kubectl get pods -A -o wide', 'kubectl describe node k8s-node01', 'grep bird', 'wc -l', 'tail -n 3']) {
      expect(reads(line), line).toBe(true);
    }
  });

  it('anything that can change the world, or that cannot be told apart from it, is left out', () => {
    // `ip a s`: `s` could be set or save as well as show; `kubectl -n x get`: the flag's value looks like a verb.
    for (const line of ['ip r a 10.0.0.0/8 via 172.16.11.1', 'ip route del 10.244.1.0/24', 'ip link set eth0 down', 'ip a s', 'ip r flush', 'calicoctl apply -f peer.yaml', 'calicoctl node run', 'kubectl -n kube-system get pods', 'kubectl delete pod x', 'kubectl apply -f x.yaml', 'sort -o out.txt', 'iptables -L', 'sed -i s/a/b/ f', 'hostname']) {
      expect(reads(line), line).toBe(false);
    }
  });
});

describe('a settled world', () => {
  it('is left byte for byte as it was by one more reconcile, through changes, failures and waits', async () => {
    const s = LabSession.create({ scenario: 'installed', nodes: 4 });
    await s.ready;
    const t = s.openTerminal();
    const lines = [
      'kubectl create deployment web --image=nginx --replicas=4',
      'kubectl get pods -o wide',
      'sleep 20',
      'kubectl get pods -o wide',
      'ip r',
      'ssh k8s-node03',
      'ip link set eth0 down',
      'birdcl show protocols',
      'sleep 250',
      'ip r',
      'birdcl show route',
      'ip link set eth0 up',
      'sleep 10',
      'birdcl show route',
      'exit',
      'kubectl scale deployment web --replicas=2',
      'kubectl get pods',
      'kubectl get pods',
      'ip route add 10.99.0.0/16 via 172.16.11.1',
      'ip r',
      'sleep 60',
      'ip r',
    ];
    let settled = 0;
    for (const line of lines) {
      await s.exec(t, line, () => undefined);
      if (!controllersSettled(s.world)) continue;
      settled++;
      const before = s.world.snapshot();
      s.world.reconcile();
      expect(s.world.snapshot(), `after: ${line}`).toBe(before);
    }
    // Not a rare case: half of these lines leave the world settled (the others changed it, or
    // left pods terminating and the controllers busy).
    expect(settled).toBeGreaterThanOrEqual(lines.length / 2);
  });
});
