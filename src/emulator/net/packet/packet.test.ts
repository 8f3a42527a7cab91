import { describe, it, expect } from 'vitest';
import {
  ethernetEmit, ethernetParse, inetChecksum, ipv4ChecksumOk, ipv4Emit, ipv4Fragment, ipv4New, ipv4Parse, icmpEcho, pcapRead, pcapWrite,
  pcapFromBinaryString, pcapToBinaryString, tcpSynOptions, LINKTYPE_RAW,
} from './index';
import type { Ipv4Packet } from './index';
import { corpus } from '../../../../tests/dataplane/corpus';

const data = Uint8Array.from({ length: 56 }, (_, i) => i);

describe('packets emit real bytes and parse back', () => {
  it.each(corpus().flatMap((c) => c.frames.map((f, i) => [`${c.name} #${i}`, c.linktype, f.data] as const)))('%s round-trips', (_n, linktype, bytes) => {
    const again = linktype === LINKTYPE_RAW ? ipv4Emit(ipv4Parse(bytes)) : ethernetEmit(ethernetParse(bytes));
    expect(Array.from(again)).toEqual(Array.from(bytes));
  });

  it('gives an ICMP echo of 56 data bytes an 84-byte IP packet with a valid header checksum', () => {
    const b = ipv4Emit(ipv4New({ src: '10.244.1.16', dst: '10.244.3.16', payload: icmpEcho(8, 42, 1, data) }));
    expect(b.length).toBe(84);
    expect(ipv4ChecksumOk(b)).toBe(true);
    expect(inetChecksum(b.subarray(20))).toBe(0);
  });

  it('keeps TTL, ID and DF through emit and parse', () => {
    const p = ipv4Parse(ipv4Emit(ipv4New({ src: '1.2.3.4', dst: '5.6.7.8', ttl: 63, id: 4242, df: true, payload: icmpEcho(0, 1, 2, data) })));
    expect([p.ttl, p.id, p.df, p.protocol]).toEqual([63, 4242, true, 1]);
  });

  it('parses the TCP options Linux puts on a SYN', () => {
    const syn: Ipv4Packet = ipv4New({ src: '1.2.3.4', dst: '5.6.7.8', payload: { kind: 'tcp', srcPort: 1, dstPort: 2, seq: 7, ack: 0, flags: 2, window: 64800, urgent: 0, options: tcpSynOptions(1440, 99), data: new Uint8Array() } });
    const back = ipv4Parse(ipv4Emit(syn)).payload;
    expect(back.kind === 'tcp' && back.options).toEqual(tcpSynOptions(1440, 99));
  });

  it('fragments without DF into 8-byte-aligned pieces that fit the MTU', () => {
    const big = ipv4New({ src: '1.2.3.4', dst: '5.6.7.8', df: false, id: 9, payload: icmpEcho(8, 1, 1, new Uint8Array(2000)) });
    const frags = ipv4Fragment(big, 1480);
    expect(frags.map((f) => [f.fragOffset, f.mf, ipv4Emit(f).length])).toEqual([[0, true, 1476], [1456, false, 572]]);
  });

  it('writes a pcap that reads back, also through a binary string', () => {
    const frames = [{ timeMs: 1714975212114.233, data: Uint8Array.from([0x45, 0, 0, 20]) }];
    const file = pcapFromBinaryString(pcapToBinaryString(pcapWrite(LINKTYPE_RAW, frames)));
    const back = pcapRead(file)!;
    expect(back.linktype).toBe(LINKTYPE_RAW);
    expect(Array.from(back.records[0].data)).toEqual([0x45, 0, 0, 20]);
    expect(back.records[0].timeMs).toBeCloseTo(1714975212114.233, 3);
  });
});
