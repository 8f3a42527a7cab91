/**
 * One end of a TCP connection (RFC 9293), as Linux runs it: the transmission control block, the
 * segments it sends (SYN with `mss,sackOK,TS,nop,wscale 7`, then `nop,nop,TS` on every segment)
 * and the state changes of the segments it receives. Pure: time is passed in.
 */
import type { TcpSegment } from './packet';
import { TCP_ACK, TCP_FIN, TCP_PSH, TCP_RST, TCP_SYN, tcpSynOptions } from './packet';

export type TcpState = 'CLOSED' | 'LISTEN' | 'SYN-SENT' | 'SYN-RECEIVED' | 'ESTABLISHED' | 'FIN-WAIT-1' | 'FIN-WAIT-2' | 'CLOSE-WAIT' | 'CLOSING' | 'LAST-ACK' | 'TIME-WAIT';

export interface Tcb {
  state: TcpState;
  localIp: string;
  localPort: number;
  remoteIp: string;
  remotePort: number;
  /** Initial send sequence number (Linux: a keyed hash of the 4-tuple plus a clock). */
  iss: number;
  sndNxt: number;
  rcvNxt: number;
  /** Our MSS: the MTU of the route towards the peer minus 40. */
  mss: number;
  /** The peer's MSS from its SYN. */
  peerMss: number;
  /** Per-connection offset added to the millisecond clock for TS val (Linux >= 4.10). */
  tsOffset: number;
  tsRecent: number;
  /** Receive space in bytes; advertised scaled by 2^7 after the SYN. */
  rcvSpace: number;
}

const WSCALE = 7;

/** FNV-1a over a string: the keyed hashes Linux uses for ISNs, timestamps offsets and ports. */
export function tcpHash(text: string): number {
  let h = 0x811c9dc5;
  for (const c of text) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193) >>> 0;
  return h;
}

/** Linux's secure_tcp_seq: hash(4-tuple, secret) plus a clock ticking every 64 ns. */
export function tcpIss(secret: number, local: string, lport: number, remote: string, rport: number, nowMs: number): number {
  return (tcpHash(`${secret}|${local}:${lport}>${remote}:${rport}`) + Math.floor(nowMs * 15625)) >>> 0;
}

/** tcp_select_initial_window: the 64 KiB space rounded down to whole segments. */
export function tcpInitialSpace(mss: number): number {
  return Math.floor(65535 / mss) * mss;
}

export function tcbNew(o: { localIp: string; localPort: number; remoteIp: string; remotePort: number; mss: number; secret: number; nowMs: number; listen?: boolean }): Tcb {
  const iss = tcpIss(o.secret, o.localIp, o.localPort, o.remoteIp, o.remotePort, o.nowMs);
  return {
    state: o.listen ? 'LISTEN' : 'CLOSED', localIp: o.localIp, localPort: o.localPort, remoteIp: o.remoteIp, remotePort: o.remotePort, iss, sndNxt: iss, rcvNxt: 0,
    mss: o.mss, peerMss: 536, tsOffset: tcpHash(`ts|${o.secret}|${o.localIp}>${o.remoteIp}`), tsRecent: 0,
    // A listener's SYN-ACK offers whole segments of mss minus the 12 bytes of timestamp option.
    rcvSpace: tcpInitialSpace(o.listen ? o.mss - 12 : o.mss),
  };
}

function tsVal(tcb: Tcb, nowMs: number): number {
  return (Math.floor(nowMs) + tcb.tsOffset) >>> 0;
}

function seg(tcb: Tcb, flags: number, nowMs: number, data: Uint8Array = new Uint8Array(0)): TcpSegment {
  const syn = (flags & TCP_SYN) !== 0;
  const window = syn ? Math.min(tcb.rcvSpace, 65535) : Math.min(Math.floor(tcb.rcvSpace / 2 ** WSCALE), 65535);
  const options = syn ? tcpSynOptions(tcb.mss, tsVal(tcb, nowMs), tcb.tsRecent) : [{ kind: 'nop' as const }, { kind: 'nop' as const }, { kind: 'ts' as const, val: tsVal(tcb, nowMs), ecr: tcb.tsRecent }];
  return { kind: 'tcp', srcPort: tcb.localPort, dstPort: tcb.remotePort, seq: tcb.sndNxt >>> 0, ack: flags & TCP_ACK ? tcb.rcvNxt >>> 0 : 0, flags, window, urgent: 0, options, data };
}

/** connect(): the SYN. */
export function tcpConnectSyn(tcb: Tcb, nowMs: number): TcpSegment {
  tcb.sndNxt = tcb.iss;
  const s = seg(tcb, TCP_SYN, nowMs);
  tcb.sndNxt = (tcb.iss + 1) >>> 0;
  tcb.state = 'SYN-SENT';
  return s;
}

/** What a TCB answers to a received segment (possibly nothing), after updating its state. */
export function tcpReceive(tcb: Tcb, s: TcpSegment, nowMs: number): TcpSegment | null {
  const ts = s.options.find((o) => o.kind === 'ts');
  if (ts && ts.kind === 'ts') tcb.tsRecent = ts.val;
  if (s.flags & TCP_RST) {
    tcb.state = 'CLOSED';
    return null;
  }
  if (tcb.state === 'LISTEN' && s.flags & TCP_SYN) {
    tcb.peerMss = mssOf(s) ?? 536;
    tcb.rcvNxt = (s.seq + 1) >>> 0;
    tcb.state = 'SYN-RECEIVED';
    const out = seg(tcb, TCP_SYN | TCP_ACK, nowMs);
    tcb.sndNxt = (tcb.iss + 1) >>> 0;
    return out;
  }
  if (tcb.state === 'SYN-SENT' && s.flags & TCP_SYN && s.flags & TCP_ACK) {
    tcb.peerMss = mssOf(s) ?? 536;
    tcb.rcvNxt = (s.seq + 1) >>> 0;
    tcb.state = 'ESTABLISHED';
    return seg(tcb, TCP_ACK, nowMs);
  }
  if (tcb.state === 'SYN-RECEIVED' && s.flags & TCP_ACK) tcb.state = 'ESTABLISHED';
  const fin = (s.flags & TCP_FIN) !== 0;
  if (s.data.length || fin) tcb.rcvNxt = (s.seq + s.data.length + (fin ? 1 : 0)) >>> 0;
  if (s.flags & TCP_ACK && s.ack === tcb.sndNxt) {
    if (tcb.state === 'FIN-WAIT-1') tcb.state = fin ? 'TIME-WAIT' : 'FIN-WAIT-2';
    else if (tcb.state === 'LAST-ACK' || tcb.state === 'CLOSING') tcb.state = 'CLOSED';
  }
  if (fin) {
    if (tcb.state === 'ESTABLISHED') tcb.state = 'CLOSE-WAIT';
    else if (tcb.state === 'FIN-WAIT-2') tcb.state = 'TIME-WAIT';
    else if (tcb.state === 'FIN-WAIT-1') tcb.state = 'CLOSING';
    return seg(tcb, TCP_ACK, nowMs);
  }
  return null;
}

/** A bare ACK (a data segment's acknowledgement). */
export function tcpAck(tcb: Tcb, nowMs: number): TcpSegment {
  return seg(tcb, TCP_ACK, nowMs);
}

/** send(): data in segments of at most the peer's MSS less the timestamp option, the last with PSH. */
export function tcpSend(tcb: Tcb, data: Uint8Array, nowMs: number): TcpSegment[] {
  const max = Math.max(1, tcb.peerMss - 12);
  const out: TcpSegment[] = [];
  for (let at = 0; at < data.length; at += max) {
    const chunk = data.slice(at, at + max);
    out.push(seg(tcb, TCP_ACK | (at + max >= data.length ? TCP_PSH : 0), nowMs, chunk));
    tcb.sndNxt = (tcb.sndNxt + chunk.length) >>> 0;
  }
  return out;
}

/** close(): FIN (with ACK). */
export function tcpClose(tcb: Tcb, nowMs: number): TcpSegment {
  const s = seg(tcb, TCP_FIN | TCP_ACK, nowMs);
  tcb.sndNxt = (tcb.sndNxt + 1) >>> 0;
  tcb.state = tcb.state === 'CLOSE-WAIT' ? 'LAST-ACK' : 'FIN-WAIT-1';
  return s;
}

/** TCP_RTO_MAX: the retransmission timeout stops doubling at 120 s. */
export const TCP_RTO_MAX_MS = 120_000;
/**
 * tcp_retries2 = 15 as tcp_model_timeout turns it into time with TCP_RTO_MIN (200 ms): 9
 * doublings (204.6 s) then 6 RTOs of 120 s — the sender gives up 924.6 s after the first send.
 */
export const TCP_GIVE_UP_MS = 924_600;

/**
 * The RTO after one round-trip measurement (tcp_rtt_estimator, __tcp_set_rto): srtt plus an
 * rttvar of at least TCP_RTO_MIN (200 ms), in jiffies of 4 ms (CONFIG_HZ=250, Ubuntu's kernels).
 */
export function tcpRto(rttMs: number): number {
  return Math.ceil((200 + rttMs) / 4) * 4;
}

/** The same segment again (same sequence number and data), with a fresh timestamp. */
export function tcpRetransmit(tcb: Tcb, s: TcpSegment, nowMs: number): TcpSegment {
  const options = s.options.map((o) => (o.kind === 'ts' ? { ...o, val: tsVal(tcb, nowMs), ecr: tcb.tsRecent } : o));
  return { ...s, ack: s.flags & TCP_ACK ? tcb.rcvNxt >>> 0 : 0, options };
}

/** A closed port's answer to a SYN: RST|ACK acknowledging it (tcp_v4_send_reset). */
export function tcpResetFor(s: TcpSegment): TcpSegment {
  const ack = (s.seq + s.data.length + (s.flags & TCP_SYN ? 1 : 0) + (s.flags & TCP_FIN ? 1 : 0)) >>> 0;
  return { kind: 'tcp', srcPort: s.dstPort, dstPort: s.srcPort, seq: s.flags & TCP_ACK ? s.ack : 0, ack, flags: TCP_RST | (s.flags & TCP_ACK ? 0 : TCP_ACK), window: 0, urgent: 0, options: [], data: new Uint8Array(0) };
}

function mssOf(s: TcpSegment): number | undefined {
  const o = s.options.find((x) => x.kind === 'mss');
  return o && o.kind === 'mss' ? o.value : undefined;
}
