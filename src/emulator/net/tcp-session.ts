/**
 * A TCP conversation between a client socket (curl, nc) and whatever listens at the destination,
 * segment by segment through the dataplane: every SYN, SYN-ACK, ACK, data, FIN and RST is a real
 * packet forwarded by `packetSend` (so captures see it), sent when the previous one arrived.
 * The client drives time: `syn()` sends at the world's now (retransmissions come from the caller
 * after its waits); once connected the exchange runs ahead on `t`, and the caller sleeps to it.
 */
import type { World } from '../world';
import type { Endpoint } from './trace';
import type { Delivery } from './forward';
import { packetSend } from './forward';
import type { Ipv4Packet, TcpSegment } from './packet';
import { TCP_RST, ipv4New } from './packet';
import { routeTableLookup } from './route';
import type { Tcb } from './tcp-conn';
import { TCP_GIVE_UP_MS, TCP_RTO_MAX_MS, tcbNew, tcpAck, tcpClose, tcpConnectSyn, tcpHash, tcpReceive, tcpResetFor, tcpRetransmit, tcpRto, tcpSend } from './tcp-conn';
import type { TcpApp } from './tcp-apps';
import { endpointHostname, tcpListener, utf8Decode, utf8Encode } from './tcp-apps';
import { outsideHost } from './outside';

export type ConnectOutcome =
  | { kind: 'established' }
  | { kind: 'refused' }
  | { kind: 'unreachable'; from: string; code: number }
  | { kind: 'lost' }
  | { kind: 'local-error'; errno: string };

/** Kernel processing between a segment's arrival and the answer it causes (ms). */
const TURN = { ack: 0.012, app: 0.21, close: 0.05 };

/** Connections opened per world, so ephemeral ports differ within one instant yet replay the same. */
const connections = new WeakMap<World, number>();

/** The MSS a stack advertises: the MTU towards the peer (the pod's veth, the route's device) minus 40. */
export function tcpMssFor(world: World, at: Endpoint, peerIp: string): number {
  if (outsideHost(at.node)) return 1460;
  const node = world.node(at.node);
  if (!node) return 1460;
  if (at.pod) {
    const veth = node.links.find((l) => l.name === node.pods[at.pod!]?.hostVeth);
    return (veth?.mtu ?? 1500) - 40;
  }
  const r = routeTableLookup(node.routes, peerIp);
  const link = node.links.find((l) => l.name === r?.dev);
  return (link?.mtu ?? 1500) - 40;
}

export class TcpSession {
  readonly client: Tcb;
  server?: Tcb;
  serverAt?: Endpoint;
  app?: TcpApp | null;
  /** Epoch ms of the last segment's arrival: where the conversation has got to. */
  t: number;
  /** Everything the client received, and whether the server closed its side. */
  received = '';
  serverClosed = false;
  /** The conversation stopped because a segment was lost (it may be retransmitted: `pending`). */
  stalled = false;
  /** What the conversation waits for next, at epoch ms `at`: a retransmission, a late answer. */
  pending?: { at: number; run: () => void };
  /** The client gave up retransmitting (ETIMEDOUT). */
  timedOut = false;
  /** The retransmission timeout once the handshake measured the round trip (Linux: srtt + 200 ms). */
  private rtoMs = 1000;
  private ipId: number;
  private serverIpId: number;
  /** The client as the server sees it (after natOutgoing). */
  private seenClient?: { ip: string };

  constructor(private world: World, private from: Endpoint, readonly srcIp: string, readonly dstIp: string, readonly dstPort: number, srcPort?: number) {
    const now = world.state.clock.epoch + world.now;
    const n = (connections.get(world) ?? 0) + 1;
    connections.set(world, n);
    const port = srcPort ?? 32768 + (tcpHash(`${world.state.seed}|${srcIp}>${dstIp}:${dstPort}|${world.now}|${n}`) % (60999 - 32768 + 1));
    this.client = tcbNew({ localIp: srcIp, localPort: port, remoteIp: dstIp, remotePort: dstPort, mss: tcpMssFor(world, from, dstIp), secret: world.state.seed, nowMs: now });
    this.ipId = tcpHash(`id|${srcIp}|${port}`) & 0xffff;
    this.serverIpId = tcpHash(`id|${dstIp}|${port}`) & 0xffff;
    this.t = now;
  }

  get srcPort(): number {
    return this.client.localPort;
  }

  /** Simulated ms from the world's now to where the conversation has got. */
  aheadMs(): number {
    return Math.max(0, this.t - (this.world.state.clock.epoch + this.world.now));
  }

  private send(fromClient: boolean, seg: TcpSegment, at: number): Delivery | null {
    const src = fromClient ? this.from : this.serverAt!;
    const p: Ipv4Packet = fromClient
      ? ipv4New({ src: this.srcIp, dst: this.dstIp, id: this.ipId++ & 0xffff, payload: seg })
      : ipv4New({ src: this.server!.localIp, dst: this.seenClient!.ip, id: this.serverIpId++ & 0xffff, payload: seg });
    const trace = packetSend(this.world, src, p, at);
    const want = fromClient ? undefined : this.from;
    // NAT may rewrite the client's port on the way (MASQUERADE --random-fully) and a Service's
    // DNAT the server's address and port (replies come back from the ClusterIP): the segment is
    // recognised by its sequence number and flags, and a reply by where it arrives.
    const d = trace.deliveries.find((x) => {
      const pl = x.packet.payload;
      return pl.kind === 'tcp' && pl.seq === seg.seq && pl.flags === seg.flags && (!want || (x.to.node === want.node && x.to.pod === want.pod));
    });
    this.lastTrace = trace;
    return d ?? null;
  }

  lastTrace?: ReturnType<typeof packetSend>;

  /** One SYN (a retransmission repeats the same sequence number), sent at the world's now. */
  syn(): ConnectOutcome {
    const at = this.world.state.clock.epoch + this.world.now;
    const d = this.send(true, tcpConnectSyn(this.client, at), at);
    const trace = this.lastTrace!;
    if (trace.error) return { kind: 'local-error', errno: trace.error.errno };
    if (!d) {
      const icmp = trace.deliveries.find((x) => x.to.node === this.from.node && x.to.pod === this.from.pod && x.packet.payload.kind === 'icmp' && x.packet.payload.type === 3);
      if (icmp && icmp.packet.payload.kind === 'icmp') return (this.t = icmp.timeMs), { kind: 'unreachable', from: icmp.packet.src, code: icmp.packet.payload.code };
      // A RST on the way (iptables REJECT --reject-with tcp-reset) refuses the connection too.
      const rst = trace.deliveries.find((x) => x.to.node === this.from.node && x.to.pod === this.from.pod && x.packet.payload.kind === 'tcp' && (x.packet.payload.flags & TCP_RST) !== 0);
      if (rst) {
        this.t = rst.timeMs;
        this.client.state = 'CLOSED';
        return { kind: 'refused' };
      }
      return { kind: 'lost' };
    }
    const syn = d.packet.payload as TcpSegment;
    this.serverAt = d.to;
    this.seenClient = { ip: d.packet.src };
    this.app = tcpListener(this.world, d.to, syn.dstPort);
    if (!this.app) {
      const rst = tcpResetFor(syn);
      this.server = tcbNew({ localIp: d.packet.dst, localPort: syn.dstPort, remoteIp: d.packet.src, remotePort: syn.srcPort, mss: 1460, secret: 0, nowMs: d.timeMs });
      const back = this.send(false, rst, d.timeMs + TURN.ack);
      if (!back) return { kind: 'lost' };
      this.t = back.timeMs;
      tcpReceive(this.client, back.packet.payload as TcpSegment, this.t);
      return { kind: 'refused' };
    }
    this.server = tcbNew({ localIp: d.packet.dst, localPort: syn.dstPort, remoteIp: d.packet.src, remotePort: syn.srcPort, mss: tcpMssFor(this.world, d.to, d.packet.src), secret: this.world.state.seed, nowMs: d.timeMs, listen: true });
    const synAck = tcpReceive(this.server, syn, d.timeMs)!;
    const back = this.send(false, synAck, d.timeMs + TURN.ack);
    if (!back) return { kind: 'lost' };
    const ack = tcpReceive(this.client, back.packet.payload as TcpSegment, back.timeMs)!;
    this.rtoMs = tcpRto(back.timeMs - at);
    const acked = this.send(true, ack, back.timeMs + TURN.ack);
    this.t = back.timeMs + TURN.ack;
    if (acked) {
      tcpReceive(this.server, acked.packet.payload as TcpSegment, acked.timeMs);
      this.t = acked.timeMs;
      if (this.app.greeting) this.serverSends(this.app.greeting, acked.timeMs + TURN.app);
      if (this.app.closeOnAccept) this.serverCloses(acked.timeMs + TURN.close);
    }
    return { kind: 'established' };
  }

  /**
   * Send a data or FIN segment and have the receiver acknowledge it, as Linux's retransmission
   * timer sees it: a segment lost (or whose ACK is lost) is sent again with the same sequence
   * number RTO later, the RTO doubling up to 120 s; past tcp_retries2 (15) the sender gives up.
   * `arrive` handles the receiver's side of a (possibly repeated) segment and returns its ACK;
   * `acked` continues the conversation once the sender has the ACK. Waits become `pending`.
   */
  private reliable(fromClient: boolean, seg: TcpSegment, at: number, arrive: (d: Delivery, dup: boolean) => TcpSegment | null, acked: (ackSentAt: number, ackArrivedAt: number) => void, firstAt = at, rto = this.rtoMs): void {
    const sender = fromClient ? this.client : this.server!;
    const receiver = fromClient ? this.server! : this.client;
    const d = this.send(fromClient, seg, at);
    const retry = () => {
      this.stalled = true;
      const next = at + rto;
      if (next - firstAt >= TCP_GIVE_UP_MS) {
        this.pending = { at: next, run: () => this.giveUp(fromClient) };
        return;
      }
      this.pending = { at: next, run: () => this.reliable(fromClient, tcpRetransmit(sender, seg, next), next, arrive, acked, firstAt, Math.min(rto * 2, TCP_RTO_MAX_MS)) };
    };
    if (!d) return retry();
    this.stalled = false;
    const got = d.packet.payload as TcpSegment;
    // A repeated segment the receiver already has: it only acknowledges again.
    const dup = got.seq !== receiver.rcvNxt;
    const ack = arrive(d, dup);
    this.t = d.timeMs;
    if (!ack) return acked(d.timeMs, d.timeMs);
    const back = this.send(!fromClient, ack, d.timeMs + TURN.ack);
    if (!back) return retry();
    tcpReceive(sender, back.packet.payload as TcpSegment, back.timeMs);
    acked(d.timeMs + TURN.ack, back.timeMs);
  }

  /** tcp_write_timeout: the sender's connection ends with ETIMEDOUT; nothing is sent. */
  private giveUp(fromClient: boolean): void {
    this.pending = undefined;
    const tcb = fromClient ? this.client : this.server!;
    tcb.state = 'CLOSED';
    if (fromClient) this.timedOut = true;
  }

  /** Run what was waiting (a retransmission, a late answer) at the world's now. */
  runPending(): void {
    const p = this.pending;
    this.pending = undefined;
    p?.run();
  }

  /** The server writes `text`; the client acknowledges each segment as it arrives. */
  private serverSends(text: string, at: number, then: () => void = () => undefined): void {
    const segs = tcpSend(this.server!, utf8Encode(text), at);
    const next = (i: number, t: number): void => {
      if (i >= segs.length) return then();
      this.reliable(false, segs[i], t, (d, dup) => {
        const got = d.packet.payload as TcpSegment;
        if (!dup) this.received += utf8Decode(got.data);
        tcpReceive(this.client, got, d.timeMs);
        return tcpAck(this.client, d.timeMs + TURN.ack);
      }, (t2) => next(i + 1, t2));
    };
    next(0, at);
  }

  private serverCloses(at: number): void {
    this.reliable(false, tcpClose(this.server!, at), at, (d) => {
      this.serverClosed = true;
      return tcpReceive(this.client, d.packet.payload as TcpSegment, d.timeMs);
    }, () => undefined);
  }

  /** The client writes `text`; the server acknowledges, and its program answers a complete request. */
  write(text: string): void {
    if (this.client.state !== 'ESTABLISHED' && this.client.state !== 'CLOSE-WAIT') return;
    const segs = tcpSend(this.client, utf8Encode(text), this.t + TURN.ack);
    let request = '';
    const next = (i: number, at: number): void => {
      if (i >= segs.length) return this.answer(request, at);
      this.reliable(true, segs[i], at, (d, dup) => {
        const got = d.packet.payload as TcpSegment;
        if (!dup) request += utf8Decode(got.data);
        tcpReceive(this.server!, got, d.timeMs);
        return tcpAck(this.server!, d.timeMs + TURN.ack);
      }, (t, arrived) => {
        this.t = arrived;
        next(i + 1, t);
      });
    };
    next(0, this.t + TURN.ack);
  }

  /** The server's program answers the request, at once or (httpbin's /delay) later. */
  private answer(request: string, at: number): void {
    if (this.serverClosed || !this.app || this.server!.state !== 'ESTABLISHED') return;
    const r = this.app.reply(request, { clientIp: this.seenClient!.ip, clientPort: this.server!.remotePort, serverIp: this.server!.localIp, serverName: endpointHostname(this.serverAt!), nowMs: at });
    const respond = (t: number) => {
      if (r.close) this.serverSends(r.data, t, () => this.serverCloses(this.t + TURN.close));
      else if (r.data) this.serverSends(r.data, t);
    };
    if (r.delayMs) this.pending = { at: at + TURN.app + r.delayMs, run: () => respond(this.world.state.clock.epoch + this.world.now) };
    else respond(at + TURN.app);
  }

  /** close() on the client: FIN; the server answers with its own FIN when it has not closed yet. */
  close(): void {
    if (this.client.state !== 'ESTABLISHED' && this.client.state !== 'CLOSE-WAIT') return;
    this.pending = undefined;
    const at = this.t + TURN.close;
    this.reliable(true, tcpClose(this.client, at), at, (d) => {
      const reply = tcpReceive(this.server!, d.packet.payload as TcpSegment, d.timeMs);
      // A server still open closes at once: its FIN carries the ACK of ours (nginx, Go).
      if (this.server!.state !== 'CLOSE-WAIT') return reply;
      const fin = tcpClose(this.server!, d.timeMs + TURN.ack);
      const back = this.send(false, fin, d.timeMs + TURN.ack);
      if (!back) return null;
      this.t = back.timeMs;
      const last = tcpReceive(this.client, back.packet.payload as TcpSegment, back.timeMs);
      if (last) {
        const a = this.send(true, last, back.timeMs + TURN.ack);
        if (a) tcpReceive(this.server!, a.packet.payload as TcpSegment, a.timeMs);
      }
      return null;
    }, (_, arrived) => void (this.t = Math.max(this.t, arrived)));
  }

  get state(): string {
    return this.client.state;
  }
}

