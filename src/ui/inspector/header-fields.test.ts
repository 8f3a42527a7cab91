import { describe, it, expect } from 'vitest';
import { headerFields, innerStart } from './header-fields';
import { encapsulationOf, traceEvents, traceLabel } from './packet-summary';
import type { HeaderSummary, PacketTrace } from '../../worker/protocol';

const outer: HeaderSummary = { proto: 'ipv4', version: 4, ihl: 5, tos: 0, totalLength: 104, id: 0x1f3, df: true, mf: false, fragOffset: 0, ttl: 63, protocol: 4, checksum: 0xbeef, src: '172.16.11.81', dst: '172.16.11.82' };
const inner: HeaderSummary = { ...outer, totalLength: 84, id: 100, protocol: 1, src: '10.244.1.2', dst: '10.244.2.3' };
const icmp: HeaderSummary = { proto: 'icmp', type: 8, code: 0, checksum: 0x1234, id: 7, seq: 1, dataLength: 56 };

describe('the inspector’s header tables', () => {
  it('lists all twelve IPv4 fields, protocol and checksum spelled out', () => {
    const f = headerFields(outer);
    expect(f.map((x) => x.name)).toEqual(['hdrVersion', 'hdrIhl', 'hdrTos', 'hdrTotalLength', 'hdrId', 'hdrFlags', 'hdrFragOffset', 'hdrTtl', 'hdrProtocol', 'hdrChecksum', 'hdrSrcIp', 'hdrDstIp']);
    expect(f.find((x) => x.name === 'hdrProtocol')?.value).toBe('4 (IPIP)');
    expect(f.find((x) => x.name === 'hdrChecksum')?.value).toBe('0xbeef');
    expect(f.find((x) => x.name === 'hdrIhl')?.value).toBe('5 (20 bytes)');
  });

  it('splits an IPIP stack at the inner IP header and a VXLAN stack after the VXLAN header', () => {
    expect(innerStart([outer, inner, icmp])).toBe(1);
    expect(encapsulationOf([outer, inner, icmp])).toBe('ipip');
    const vx: HeaderSummary[] = [outer, { proto: 'udp', srcPort: 40000, dstPort: 4789, length: 114, checksum: 0 }, { proto: 'vxlan', flags: 8, vni: 4096 }, { proto: 'ethernet', src: 'a', dst: 'b', ethertype: 0x800 }, inner, icmp];
    expect(innerStart(vx)).toBe(3);
    expect(encapsulationOf(vx)).toBe('vxlan');
    expect(innerStart([inner, icmp])).toBe(2); // nothing inner: not encapsulated
  });
});

describe('the events of a traced packet', () => {
  it('adds the wire between two nodes, and names the send by its inner packet', () => {
    const hop = (node: string, action: PacketTrace['hops'][number]['action'], headers: HeaderSummary[], netns = 'host') => ({ node, netns, iface: 'eth0', action, timeMs: 0, headers });
    const t: PacketTrace = { seq: 3, from: { node: 'a', pod: 'default/p' }, timeMs: 0, deliveries: [], hops: [hop('a', 'send', [inner, icmp], 'default/p'), hop('a', 'route', [outer, inner, icmp]), hop('b', 'receive', [outer, inner, icmp]), hop('b', 'decap', [inner, icmp])] };
    expect(traceEvents(t)).toEqual([{ hop: 0, wire: false }, { hop: 1, wire: false }, { hop: 2, wire: true }, { hop: 2, wire: false }, { hop: 3, wire: false }]);
    expect(traceLabel(t)).toBe('ICMP echo request 10.244.1.2 → 10.244.2.3');
  });
});
