/** TCP (RFC 9293): ports, sequence numbers, flags, window and the options Linux sends. */
import { concat, inetChecksum, pseudoHeaderSum, put16, put32, u16, u32 } from './bytes';

export const TCP_FIN = 0x01;
export const TCP_SYN = 0x02;
export const TCP_RST = 0x04;
export const TCP_PSH = 0x08;
export const TCP_ACK = 0x10;
export const TCP_URG = 0x20;

export type TcpOption =
  | { kind: 'nop' }
  | { kind: 'mss'; value: number }
  | { kind: 'wscale'; shift: number }
  | { kind: 'sackOK' }
  | { kind: 'ts'; val: number; ecr: number };

export interface TcpSegment {
  kind: 'tcp';
  srcPort: number;
  dstPort: number;
  seq: number;
  ack: number;
  flags: number;
  window: number;
  urgent: number;
  options: TcpOption[];
  data: Uint8Array;
}

/** Linux's SYN options: `mss,sackOK,TS,nop,wscale`. */
export function tcpSynOptions(mss: number, tsVal: number, tsEcr = 0): TcpOption[] {
  return [{ kind: 'mss', value: mss }, { kind: 'sackOK' }, { kind: 'ts', val: tsVal, ecr: tsEcr }, { kind: 'nop' }, { kind: 'wscale', shift: 7 }];
}

function optionsEmit(opts: TcpOption[]): Uint8Array {
  const out: number[] = [];
  for (const o of opts) {
    if (o.kind === 'nop') out.push(1);
    else if (o.kind === 'mss') out.push(2, 4, o.value >> 8, o.value & 255);
    else if (o.kind === 'wscale') out.push(3, 3, o.shift);
    else if (o.kind === 'sackOK') out.push(4, 2);
    else {
      const b = new Uint8Array(10);
      b[0] = 8;
      b[1] = 10;
      put32(b, 2, o.val);
      put32(b, 6, o.ecr);
      out.push(...b);
    }
  }
  while (out.length % 4) out.push(0);
  return Uint8Array.from(out);
}

function optionsParse(b: Uint8Array): TcpOption[] {
  const opts: TcpOption[] = [];
  for (let i = 0; i < b.length; ) {
    const k = b[i];
    if (k === 0) break;
    if (k === 1) {
      opts.push({ kind: 'nop' });
      i++;
      continue;
    }
    const len = b[i + 1];
    if (!len || len < 2) break;
    if (k === 2) opts.push({ kind: 'mss', value: u16(b, i + 2) });
    else if (k === 3) opts.push({ kind: 'wscale', shift: b[i + 2] });
    else if (k === 4) opts.push({ kind: 'sackOK' });
    else if (k === 8) opts.push({ kind: 'ts', val: u32(b, i + 2), ecr: u32(b, i + 6) });
    i += len;
  }
  return opts;
}

export function tcpEmit(t: TcpSegment, src: string, dst: string): Uint8Array {
  const opts = optionsEmit(t.options);
  const h = new Uint8Array(20);
  put16(h, 0, t.srcPort);
  put16(h, 2, t.dstPort);
  put32(h, 4, t.seq);
  put32(h, 8, t.ack);
  h[12] = ((20 + opts.length) / 4) << 4;
  h[13] = t.flags;
  put16(h, 14, t.window);
  put16(h, 18, t.urgent);
  const b = concat(h, opts, t.data);
  put16(b, 16, inetChecksum(b, pseudoHeaderSum(src, dst, 6, b.length)));
  return b;
}

export function tcpParse(b: Uint8Array): TcpSegment {
  if (b.length < 20) throw new Error('truncated tcp');
  const off = (b[12] >> 4) * 4;
  return {
    kind: 'tcp',
    srcPort: u16(b, 0),
    dstPort: u16(b, 2),
    seq: u32(b, 4),
    ack: u32(b, 8),
    flags: b[13],
    window: u16(b, 14),
    urgent: u16(b, 18),
    options: optionsParse(b.subarray(20, off)),
    data: b.slice(off),
  };
}
