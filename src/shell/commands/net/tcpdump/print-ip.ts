/**
 * IPv4 and what it carries, as tcpdump's print-ip.c, print-icmp.c, print-tcp.c, print-udp.c and
 * print-vxlan.c lay it out. Only the formats our dataplane produces are modelled.
 */
import { inetChecksum, ipRead, pseudoHeaderSum, u16, u32 } from '../../../../emulator/net/packet/bytes';
import type { TcpOption } from '../../../../emulator/net/packet/tcp';
import { tcpParse } from '../../../../emulator/net/packet/tcp';
import type { PrintOptions } from './options';
import { serviceName } from './services';

export interface IpPrintState {
  opts: PrintOptions;
  /** Link printing of the packet inside a VXLAN datagram. */
  ether(b: Uint8Array): string;
  tcpSeqs: Map<string, { seq: number; ack: number }>;
}

const PROTO_NAMES: Record<number, string> = { 1: 'ICMP', 4: 'IPIP', 6: 'TCP', 17: 'UDP' };

/** `IP (tos ...)` / `IP src > dst: ...`; `prefix` is false under `-e` where the link line named it. */
export function ipPrint(b: Uint8Array, st: IpPrintState, prefix: boolean): string {
  const o = st.opts;
  const hl = (b[0] & 15) * 4;
  const len = u16(b, 2);
  const frag = u16(b, 6);
  const offset = (frag & 0x1fff) * 8;
  const proto = b[9];
  const src = ipRead(b, 12);
  const dst = ipRead(b, 16);
  const body = b.subarray(hl, Math.min(len, b.length));
  let s = prefix ? 'IP ' : '';
  if (o.verbose) {
    const flags = [frag & 0x4000 ? 'DF' : '', frag & 0x2000 ? '+' : ''].filter(Boolean).join(', ') || 'none';
    s += `(tos 0x${b[1].toString(16)}, ttl ${b[8]}, id ${u16(b, 4)}, offset ${offset}, flags [${flags}], proto ${PROTO_NAMES[proto] ?? 'unknown'} (${proto}), length ${len})\n    `;
  }
  if (offset > 0) return s + `${o.host(src)} > ${o.host(dst)}: ${fragmentName(proto)}`;
  const l4 = len - hl;
  switch (proto) {
    case 1:
      return s + `${o.host(src)} > ${o.host(dst)}: ` + icmpPrint(body, l4, st, prefix);
    case 6:
      return s + tcpPrint(body, l4, src, dst, st);
    case 17:
      return s + udpPrint(body, l4, src, dst, st);
    case 4: {
      const inner = ipPrint(body, st, prefix);
      // tcpdump 4.9 printed the protocol again after the inner packet (fixed in 4.99.0, cba9b77a).
      return s + `${o.host(src)} > ${o.host(dst)}: ` + inner + (o.profile === '4.9' && !o.verbose ? ' (ipip-proto-4)' : '');
    }
    default:
      return s + `${o.host(src)} > ${o.host(dst)}: ip-proto-${proto} ${l4}`;
  }
}

function fragmentName(proto: number): string {
  return proto === 1 ? 'ip-proto-1' : PROTO_NAMES[proto]?.toLowerCase() ?? `ip-proto-${proto}`;
}

const UNREACH: Record<number, (b: Uint8Array, st: IpPrintState) => string> = {
  0: (q, st) => `net ${st.opts.host(ipRead(q, 16))} unreachable`,
  1: (q, st) => `host ${st.opts.host(ipRead(q, 16))} unreachable`,
  2: (q, st) => `${st.opts.host(ipRead(q, 16))} protocol ${q[9]} unreachable`,
  3: (q, st) => {
    const p = q.subarray((q[0] & 15) * 4);
    const name = q[9] === 17 ? 'udp' : 'tcp';
    return `${st.opts.host(ipRead(q, 16))} ${name} port ${u16(p, 2)} unreachable`;
  },
};

function icmpPrint(b: Uint8Array, len: number, st: IpPrintState, prefix: boolean): string {
  const type = b[0];
  const code = b[1];
  const quoted = b.subarray(8);
  let text: string;
  if (type === 8 || type === 0) text = `echo ${type === 8 ? 'request' : 'reply'}, id ${u16(b, 4)}, seq ${u16(b, 6)}`;
  else if (type === 3 && code === 4) text = `${st.opts.host(ipRead(quoted, 16))} unreachable - need to frag (mtu ${u16(b, 6)})`;
  else if (type === 3) text = UNREACH[code]?.(quoted, st) ?? `${st.opts.host(ipRead(quoted, 16))} unreachable - code ${code}`;
  else if (type === 11) text = code === 0 ? 'time exceeded in-transit' : 'ip reassembly time exceeded';
  else text = `type-#${type}`;
  let s = `ICMP ${text}, length ${len}`;
  if (st.opts.verbose && (type === 3 || type === 11) && quoted.length >= 20) s += '\n\t' + ipPrint(quoted, st, prefix);
  return s;
}

function port(ip: string, p: number, st: IpPrintState, proto: 'tcp' | 'udp'): string {
  return `${st.opts.host(ip)}.${st.opts.portNames ? serviceName(proto, p) ?? p : p}`;
}

const TCP_FLAGS: [number, string][] = [[0x01, 'F'], [0x02, 'S'], [0x04, 'R'], [0x08, 'P'], [0x10, '.'], [0x20, 'U'], [0x40, 'E'], [0x80, 'W']];

function tcpOptions(opts: TcpOption[]): string {
  return opts
    .map((o) => {
      switch (o.kind) {
        case 'nop': return 'nop';
        case 'mss': return `mss ${o.value}`;
        case 'wscale': return `wscale ${o.shift}`;
        case 'sackOK': return 'sackOK';
        case 'ts': return `TS val ${o.val} ecr ${o.ecr}`;
      }
    })
    .join(',');
}

/**
 * Sequence numbers are shown relative to the first segment carrying ACK of each conversation
 * (tcpdump records both initial numbers from it and prints that segment itself absolute).
 */
function tcpPrint(b: Uint8Array, len: number, src: string, dst: string, st: IpPrintState): string {
  const t = tcpParse(b);
  const hlen = (b[12] >> 4) * 4;
  const dataLen = len - hlen;
  const rev = src > dst || (src === dst && t.srcPort > t.dstPort);
  const key = rev ? `${dst}.${t.dstPort}-${src}.${t.srcPort}` : `${src}.${t.srcPort}-${dst}.${t.dstPort}`;
  let seq = t.seq;
  let ack = t.ack;
  if (t.flags & 0x10) {
    const th = st.tcpSeqs.get(key);
    if (!th || t.flags & 0x02) st.tcpSeqs.set(key, rev ? { ack: t.seq, seq: (t.ack - 1) >>> 0 } : { seq: t.seq, ack: (t.ack - 1) >>> 0 });
    else if (rev) [seq, ack] = [(seq - th.ack) >>> 0, (ack - th.seq) >>> 0];
    else [seq, ack] = [(seq - th.seq) >>> 0, (ack - th.ack) >>> 0];
  }
  const flags = TCP_FLAGS.filter(([bit]) => t.flags & bit).map(([, c]) => c).join('') || 'none';
  let s = `${port(src, t.srcPort, st, 'tcp')} > ${port(dst, t.dstPort, st, 'tcp')}: Flags [${flags}]`;
  if (st.opts.verbose) {
    const sum = u16(b, 16);
    const ok = inetChecksum(b.subarray(0, len), pseudoHeaderSum(src, dst, 6, len)) === 0;
    s += `, cksum 0x${sum.toString(16).padStart(4, '0')} (${ok ? 'correct' : 'incorrect'})`;
  }
  if (dataLen > 0 || t.flags & 0x07 || st.opts.verbose > 1) s += dataLen > 0 ? `, seq ${seq}:${(seq + dataLen) >>> 0}` : `, seq ${seq}`;
  if (t.flags & 0x10) s += `, ack ${ack}`;
  s += `, win ${t.window}`;
  if (t.flags & 0x20) s += `, urg ${t.urgent}`;
  if (t.options.length) s += `, options [${tcpOptions(t.options)}]`;
  s += `, length ${dataLen}`;
  if (dataLen > 0 && (t.srcPort === 80 || t.dstPort === 80)) s += httpPrint(t.data, st.opts.verbose > 0);
  return s;
}

/** print-http.c via txtproto_print: the first line, or with -v every line, an unterminated tail marked `[|http]`. */
function httpPrint(data: Uint8Array, verbose: boolean): string {
  const text = String.fromCharCode(...data);
  if (!/^(GET|HEAD|POST|PUT|DELETE|OPTIONS|HTTP\/1\.[01]) /.test(text)) return '';
  if (!verbose) return `: HTTP: ${text.split('\r\n')[0]}`;
  let out = `: HTTP, length: ${data.length}`;
  let rest = text;
  while (rest.length) {
    const m = /\r?\n/.exec(rest);
    if (!m) {
      out += `\n\t${rest} [|http]`;
      break;
    }
    out += `\n\t${rest.slice(0, m.index)}`;
    rest = rest.slice(m.index + m[0].length);
  }
  return out;
}

function udpPrint(b: Uint8Array, len: number, src: string, dst: string, st: IpPrintState): string {
  const sp = u16(b, 0);
  const dp = u16(b, 2);
  let s = `${port(src, sp, st, 'udp')} > ${port(dst, dp, st, 'udp')}: `;
  if (st.opts.verbose > 1) {
    const sum = u16(b, 6);
    // A datagram quoted inside an ICMP error is cut short: its checksum cannot be checked.
    if (sum !== 0 && b.length >= len) {
      const ok = inetChecksum(b.subarray(0, len), pseudoHeaderSum(src, dst, 17, len)) === 0;
      s += ok ? '[udp sum ok] ' : `[bad udp cksum 0x${sum.toString(16).padStart(4, '0')}!] `;
    }
  }
  if (dp === 4789 && len >= 8 + 8 + 14) {
    const v = b.subarray(8);
    s += `VXLAN, flags [${v[0] & 0x08 ? 'I' : '.'}] (0x${v[0].toString(16).padStart(2, '0')}), vni ${u32(v, 4) >>> 8}\n`;
    return s + st.ether(v.subarray(8, len - 8));
  }
  return s + `UDP, length ${u16(b, 4) - 8}`;
}
