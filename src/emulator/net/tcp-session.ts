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
import { ipv4New } from './packet';
import { routeTableLookup } from './route';
import type { Tcb } from './tcp-conn';
import { tcbNew, tcpAck, tcpClose, tcpConnectSyn, tcpHash, tcpReceive, tcpResetFor, tcpSend } from './tcp-conn';
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
  /** The conversation stopped because a segment was lost. */
  stalled = false;
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
    // NAT may rewrite the client's port on the way (MASQUERADE --random-fully): the segment is
    // recognised by the server's port, its sequence number and flags.
    const d = trace.deliveries.find((x) => {
      const pl = x.packet.payload;
      return pl.kind === 'tcp' && pl.seq === seg.seq && pl.flags === seg.flags && (fromClient ? pl.dstPort === seg.dstPort : pl.srcPort === seg.srcPort) && (!want || (x.to.node === want.node && x.to.pod === want.pod));
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
      return { kind: 'lost' };
    }
    const syn = d.packet.payload as TcpSegment;
    this.serverAt = d.to;
    this.seenClient = { ip: d.packet.src };
    this.app = tcpListener(this.world, d.to, this.dstPort);
    if (!this.app) {
      const rst = tcpResetFor(syn);
      this.server = tcbNew({ localIp: d.packet.dst, localPort: this.dstPort, remoteIp: d.packet.src, remotePort: syn.srcPort, mss: 1460, secret: 0, nowMs: d.timeMs });
      const back = this.send(false, rst, d.timeMs + TURN.ack);
      if (!back) return { kind: 'lost' };
      this.t = back.timeMs;
      tcpReceive(this.client, back.packet.payload as TcpSegment, this.t);
      return { kind: 'refused' };
    }
    this.server = tcbNew({ localIp: d.packet.dst, localPort: this.dstPort, remoteIp: d.packet.src, remotePort: syn.srcPort, mss: tcpMssFor(this.world, d.to, d.packet.src), secret: this.world.state.seed, nowMs: d.timeMs, listen: true });
    const synAck = tcpReceive(this.server, syn, d.timeMs)!;
    const back = this.send(false, synAck, d.timeMs + TURN.ack);
    if (!back) return { kind: 'lost' };
    const ack = tcpReceive(this.client, back.packet.payload as TcpSegment, back.timeMs)!;
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

  /** The server writes `text`; the client acknowledges each segment as it arrives. */
  private serverSends(text: string, at: number): void {
    for (const seg of tcpSend(this.server!, utf8Encode(text), at)) {
      const d = this.send(false, seg, at);
      if (!d) return void (this.stalled = true);
      const got = d.packet.payload as TcpSegment;
      tcpReceive(this.client, got, d.timeMs);
      this.received += utf8Decode(got.data);
      this.t = d.timeMs;
      at = d.timeMs + TURN.ack;
      const ack = this.send(true, tcpAck(this.client, at), at);
      if (ack) tcpReceive(this.server!, ack.packet.payload as TcpSegment, ack.timeMs);
    }
  }

  private serverCloses(at: number): void {
    const d = this.send(false, tcpClose(this.server!, at), at);
    if (!d) return void (this.stalled = true);
    this.serverClosed = true;
    const ack = tcpReceive(this.client, d.packet.payload as TcpSegment, d.timeMs);
    this.t = d.timeMs;
    if (ack) {
      const a = this.send(true, ack, d.timeMs + TURN.ack);
      if (a) tcpReceive(this.server!, a.packet.payload as TcpSegment, a.timeMs);
    }
  }

  /** The client writes `text`; the server acknowledges, and its program answers a complete request. */
  write(text: string): void {
    if (this.client.state !== 'ESTABLISHED' && this.client.state !== 'CLOSE-WAIT') return;
    let at = this.t + TURN.ack;
    let request = '';
    for (const seg of tcpSend(this.client, utf8Encode(text), at)) {
      const d = this.send(true, seg, at);
      if (!d) return void (this.stalled = true);
      const got = d.packet.payload as TcpSegment;
      tcpReceive(this.server!, got, d.timeMs);
      request += utf8Decode(got.data);
      at = d.timeMs + TURN.ack;
      const ack = this.send(false, tcpAck(this.server!, at), at);
      if (ack) tcpReceive(this.client, ack.packet.payload as TcpSegment, ack.timeMs);
      this.t = ack?.timeMs ?? at;
    }
    if (this.serverClosed || !this.app || this.server!.state !== 'ESTABLISHED') return;
    const r = this.app.reply(request, { clientIp: this.seenClient!.ip, clientPort: this.server!.remotePort, serverIp: this.server!.localIp, serverName: endpointHostname(this.serverAt!), nowMs: at });
    if (r.data) this.serverSends(r.data, at + TURN.app);
    if (r.close && !this.stalled) this.serverCloses(this.t + TURN.close);
  }

  /** close() on the client: FIN; the server answers with its own FIN when it has not closed yet. */
  close(): void {
    if (this.client.state !== 'ESTABLISHED' && this.client.state !== 'CLOSE-WAIT') return;
    const at = this.t + TURN.close;
    const d = this.send(true, tcpClose(this.client, at), at);
    if (!d) return void (this.stalled = true);
    this.t = d.timeMs;
    const reply = tcpReceive(this.server!, d.packet.payload as TcpSegment, d.timeMs);
    // A server still open closes at once: its FIN carries the ACK of ours (nginx, Go).
    const seg = this.server!.state === 'CLOSE-WAIT' ? tcpClose(this.server!, d.timeMs + TURN.ack) : reply;
    if (!seg) return;
    const back = this.send(false, seg, d.timeMs + TURN.ack);
    if (!back) return;
    this.t = back.timeMs;
    const last = tcpReceive(this.client, back.packet.payload as TcpSegment, back.timeMs);
    if (last) {
      const a = this.send(true, last, back.timeMs + TURN.ack);
      if (a) tcpReceive(this.server!, a.packet.payload as TcpSegment, a.timeMs);
    }
  }

  get state(): string {
    return this.client.state;
  }
}

