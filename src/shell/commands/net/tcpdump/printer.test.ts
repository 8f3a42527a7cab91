import { describe, it, expect } from 'vitest';
import { TcpdumpPrinter } from './printer';
import { printOptionsDefault } from './options';
import { corpus } from '../../../../../tests/dataplane/corpus';

const ipip = corpus().find((c) => c.name === 'ipip-icmp')!;

describe('the two tcpdump profiles', () => {
  it.each([
    ['4.9', ' (ipip-proto-4)'],
    ['4.99', ''],
  ] as const)('tcpdump %s prints IPIP on eth0 with the inner packet on the same line, ending in "%s"', (profile, suffix) => {
    const line = new TcpdumpPrinter(printOptionsDefault({ profile })).print({ ...ipip.frames[0], linktype: ipip.linktype });
    expect(line).toBe(`06:40:12.000114 IP 172.16.11.81 > 172.16.11.83: IP 10.244.1.16 > 10.244.3.16: ICMP echo request, id 42, seq 1, length 64${suffix}\n`);
  });

  it('names hosts from /etc/hosts when not given -n', () => {
    const names: Record<string, string> = { '172.16.11.81': 'k8s-node01', '172.16.11.83': 'k8s-node03' };
    const line = new TcpdumpPrinter(printOptionsDefault({ host: (ip) => names[ip] ?? ip })).print({ ...ipip.frames[0], linktype: ipip.linktype });
    expect(line).toContain('IP k8s-node01 > k8s-node03: IP 10.244.1.16 > 10.244.3.16:');
  });
});
