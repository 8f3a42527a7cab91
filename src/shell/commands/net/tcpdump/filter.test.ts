import { describe, it, expect } from 'vitest';
import { FilterError, filterCompile } from './filter';
import type { FilterView } from './filter';

const hosts: Record<string, string[]> = { 'k8s-node01': ['172.16.11.81'], 'k8s-node03': ['127.0.1.1', '172.16.11.83'] };
const compile = (text: string) => filterCompile(text, (n) => hosts[n] ?? []);
const ipip: FilterView = { ethertype: 0x0800, src: '172.16.11.81', dst: '172.16.11.83', proto: 4, length: 118 };
const bgp: FilterView = { ethertype: 0x0800, src: '172.16.11.80', dst: '172.16.11.81', proto: 6, sport: 40123, dport: 179, length: 66 };
const arp: FilterView = { ethertype: 0x0806, src: '10.244.1.16', dst: '169.254.1.1', length: 42 };
const vxlan: FilterView = { ethertype: 0x0800, src: '172.16.11.81', dst: '172.16.11.83', proto: 17, sport: 53412, dport: 4789, length: 148 };

describe('pcap filter expressions', () => {
  it.each([
    ['ip host k8s-node01 and host k8s-node03', ipip, true],
    ['ip proto 4', ipip, true],
    ['ip proto 4', bgp, false],
    ['tcp port 179', bgp, true],
    ['udp port 179', bgp, false],
    ['port 80 or 179', bgp, true],
    ['src host 172.16.11.80 and dst port 179', bgp, true],
    ['dst host 172.16.11.80', bgp, false],
    ['net 172.16.11.0/24 and not tcp', ipip, true],
    ['not (tcp or udp)', arp, true],
    ['arp and host 169.254.1.1', arp, true],
    ['icmp', arp, false],
    ['udp dst port 4789', vxlan, true],
    ['portrange 4000-5000', vxlan, true],
    ['host 172.16.11.81 or 10.244.1.16', arp, true],
  ] as const)('%s', (text, view, want) => {
    expect(compile(text)(view)).toBe(want);
  });

  it.each([
    ['port', 'syntax error'],
    ['host', 'syntax error'],
    ['hots 1.2.3.4', 'syntax error'],
    ['(tcp', 'syntax error'],
    ['port 99999', 'illegal port number 99999 > 65535'],
    ['net 10.244.1.0/16', 'non-network bits set in "10.244.1.0/16"'],
    ['host nosuchhost', "unknown host 'nosuchhost'"],
    ['ip proto foo', "unknown ip proto 'foo'"],
  ])('rejects %s with "%s"', (text, message) => {
    expect(() => compile(text)).toThrowError(new FilterError(message));
  });
});
