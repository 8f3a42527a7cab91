import { describe, expect, it } from 'vitest';
import { TCP_GIVE_UP_MS, TCP_RTO_MAX_MS, tcbNew, tcpClose, tcpConnectSyn, tcpReceive, tcpResetFor, tcpRetransmit, tcpRto, tcpSend } from './tcp-conn';
import { TCP_ACK, TCP_FIN, TCP_PSH, TCP_RST, TCP_SYN, tcpEmit, tcpParse } from './packet';

const pair = () => ({
  c: tcbNew({ localIp: '10.244.1.16', localPort: 49490, remoteIp: '10.244.3.16', remotePort: 10016, mss: 1440, secret: 1, nowMs: 1000 }),
  s: tcbNew({ localIp: '10.244.3.16', localPort: 10016, remoteIp: '10.244.1.16', remotePort: 49490, mss: 1440, secret: 1, nowMs: 1000, listen: true }),
});

describe('TCP state machine', () => {
  it('opens with SYN (mss 1440 on a 1480 veth, sackOK, TS, nop, wscale 7), SYN-ACK and ACK', () => {
    const { c, s } = pair();
    const syn = tcpConnectSyn(c, 1000);
    expect(syn.flags).toBe(TCP_SYN);
    expect(syn.window).toBe(64800);
    expect(syn.options.map((o) => o.kind)).toEqual(['mss', 'sackOK', 'ts', 'nop', 'wscale']);
    expect(tcpParse(tcpEmit(syn, c.localIp, c.remoteIp))).toEqual(syn);
    const synAck = tcpReceive(s, syn, 1000.2)!;
    expect(synAck.flags).toBe(TCP_SYN | TCP_ACK);
    expect(synAck.ack).toBe((syn.seq + 1) >>> 0);
    expect(synAck.window).toBe(64260);
    const ack = tcpReceive(c, synAck, 1000.4)!;
    expect(c.state).toBe('ESTABLISHED');
    expect(ack.flags).toBe(TCP_ACK);
    expect(ack.window).toBe(506);
    expect(ack.options.map((o) => o.kind)).toEqual(['nop', 'nop', 'ts']);
    tcpReceive(s, ack, 1000.5);
    expect(s.state).toBe('ESTABLISHED');
  });

  it('sends data with PSH on the last segment and numbers it by bytes; FIN takes one sequence number', () => {
    const { c, s } = pair();
    tcpReceive(c, tcpReceive(s, tcpConnectSyn(c, 0), 0)!, 0);
    const [seg] = tcpSend(c, new Uint8Array(26), 1);
    expect(seg.flags).toBe(TCP_PSH | TCP_ACK);
    expect(seg.seq).toBe((c.iss + 1) >>> 0);
    tcpReceive(s, seg, 1);
    expect(s.rcvNxt).toBe((c.iss + 27) >>> 0);
    const fin = tcpClose(c, 2);
    expect(fin.flags).toBe(TCP_FIN | TCP_ACK);
    expect(c.state).toBe('FIN-WAIT-1');
    const ack = tcpReceive(s, fin, 2)!;
    expect(s.state).toBe('CLOSE-WAIT');
    tcpReceive(c, ack, 3);
    expect(c.state).toBe('FIN-WAIT-2');
  });

  it('answers a SYN to a closed port with RST|ACK acknowledging it', () => {
    const { c } = pair();
    const syn = tcpConnectSyn(c, 0);
    const rst = tcpResetFor(syn);
    expect(rst.flags).toBe(TCP_RST | TCP_ACK);
    expect(rst.seq).toBe(0);
    expect(rst.ack).toBe((syn.seq + 1) >>> 0);
    tcpReceive(c, rst, 0);
    expect(c.state).toBe('CLOSED');
  });

  it('seeds the initial sequence number from the 4-tuple and the clock', () => {
    const a = pair().c;
    const b = tcbNew({ localIp: '10.244.1.16', localPort: 49491, remoteIp: '10.244.3.16', remotePort: 10016, mss: 1440, secret: 1, nowMs: 1000 });
    expect(a.iss).not.toBe(b.iss);
    expect(pair().c.iss).toBe(a.iss);
  });
});

describe('retransmission timing (Linux, HZ=250)', () => {
  it('sets the RTO to the round trip plus TCP_RTO_MIN, in 4 ms jiffies', () => {
    expect(tcpRto(0.8)).toBe(204);
    expect(tcpRto(0)).toBe(200);
    expect(tcpRto(5)).toBe(208);
  });

  it('gives up 924.6 s after the first send: 15 retransmissions on a doubling RTO capped at 120 s', () => {
    let at = 0;
    let rto = 200;
    let sent = 1;
    for (;;) {
      const next = at + rto;
      if (next >= TCP_GIVE_UP_MS) break;
      at = next;
      sent++;
      rto = Math.min(rto * 2, TCP_RTO_MAX_MS);
    }
    expect(sent).toBe(16);
  });

  it('retransmits the same bytes with the same sequence number and a fresh timestamp', () => {
    const tcb = tcbNew({ localIp: '10.0.0.1', localPort: 40000, remoteIp: '10.0.0.2', remotePort: 80, mss: 1460, secret: 1, nowMs: 0 });
    tcb.state = 'ESTABLISHED';
    const [seg] = tcpSend(tcb, new Uint8Array([1, 2, 3]), 1000);
    const again = tcpRetransmit(tcb, seg, 1204);
    expect(again.seq).toBe(seg.seq);
    expect(again.data).toBe(seg.data);
    const ts = (s: typeof seg) => s.options.find((o) => o.kind === 'ts') as { val: number };
    expect(ts(again).val - ts(seg).val).toBe(204);
  });
});
