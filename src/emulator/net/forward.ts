/**
 * The dataplane: a packet sent from a pod or a node goes hop by hop, each node applying its own
 * routing table as Linux does (longest prefix; blackhole; TTL; MTU and DF; IPIP at tunl0, VXLAN at
 * vxlan.calico, decapsulation on arrival). Every interface crossed hands a copy to the taps.
 * Delivery is instantaneous in simulated time; hops add small latencies to the timestamps.
 */
import type { World } from '../world';
import type { NodeState, PodNet } from '../state';
import type { Link } from './link';
import type { Route } from './route';
import { routeTableLookup } from './route';
import type { EthernetFrame, Ipv4Packet } from './packet';
import {
  ARP_REPLY, ARP_REQUEST, ETHERTYPE_ARP, ETHERTYPE_IPV4, MAC_BROADCAST, ICMP_ECHO_REPLY, ICMP_ECHO_REQUEST, ICMP_TIME_EXCEEDED, ICMP_UNREACH, LINKTYPE_ETHERNET, LINKTYPE_RAW, UNREACH_NEEDFRAG,
  UNREACH_NET, UNREACH_PORT, CALICO_VXLAN_VNI, TCP_RST, ethernetEmit, icmpEcho, icmpError, ipv4Emit, ipv4Fragment, ipv4New,
} from './packet';
import { captureTap } from './capture';
import type { Direction } from './capture';
import type { Endpoint, HopAction, RuleDecision, TraceHop } from './trace';
import { headersOf, traceLogAdd } from './trace';
import { routeText } from './route-text';
import { iptablesHook, iptRelatedPacket } from './iptables';
import { tcpResetFor } from './tcp-conn';
import type { IptPacketState } from './iptables';
import { dnsServerAt } from './dns';
import type { IptHook } from './iptables-types';
import { isGateway, outsideHost } from './outside';
import { nodeForwardsFrom } from '../system/kernel';

export const CALI_MAC = 'ee:ee:ee:ee:ee:ee';
/** REJECT's `--reject-with` ICMP types and their destination-unreachable codes. */
const REJECT_CODES: Record<string, number> = {
  'icmp-net-unreachable': 0, 'icmp-host-unreachable': 1, 'icmp-proto-unreachable': 2, 'icmp-port-unreachable': 3,
  'icmp-net-prohibited': 9, 'icmp-host-prohibited': 10, 'icmp-admin-prohibited': 13,
};
const POD_GATEWAY = '169.254.1.1';
const NEIGH_REACHABLE_MS = 30_000;
/** Pods' neighbour entries for 169.254.1.1 (transient like the captures: when each was confirmed). */
const neighbours = new WeakMap<World, Map<string, number>>();
const LATENCY = { veth: 0.011, route: 0.004, wire: 0.19 };

export type SendError = { errno: 'ENETUNREACH' | 'EINVAL' | 'EMSGSIZE'; mtu?: number };

export interface Delivery {
  to: Endpoint;
  packet: Ipv4Packet;
  timeMs: number;
}

export interface Trace {
  hops: TraceHop[];
  /** Every packet that reached an endpoint: the request, and the replies or ICMP errors it caused. */
  deliveries: Delivery[];
  /** Set when the sender's own stack refused the packet (what `connect`/`sendmsg` returns). */
  error?: SendError;
}

/**
 * Send `packet` from `from`; replies the destination's stack makes are sent back within the same trace.
 * `atMs` (epoch ms, default now) lets a TCP conversation send its later segments when they are due.
 */
export function packetSend(world: World, from: Endpoint, packet: Ipv4Packet, atMs?: number): Trace {
  const f = new Forwarder(world, atMs);
  f.send(from, packet, 0);
  const trace = { hops: f.hops, deliveries: f.deliveries, error: f.error };
  traceLogAdd(world, from, trace); // the page's packet inspector shows the last few sends
  return trace;
}

/** The plain-JSON form of a trace (no byte arrays). */
export function traceToJson(t: Trace): unknown {
  return { hops: t.hops, error: t.error, deliveries: t.deliveries.map((d) => ({ to: d.to, timeMs: d.timeMs, headers: headersOf(d.packet) })) };
}

/** The source address Linux picks for `dst`: the tunnel device's address for routes through it. */
export function sourceAddress(node: NodeState, dst: string): string {
  const r = routeTableLookup(node.routes, dst);
  const dev = r?.dev ? node.links.find((l) => l.name === r.dev) : undefined;
  if (dev && (dev.kind === 'ipip' || dev.kind === 'vxlan') && dev.addrs[0]) return dev.addrs[0].cidr.split('/')[0];
  return r?.src ?? node.ip;
}

export function podByKey(node: NodeState, key: string): PodNet | undefined {
  return node.pods[key];
}

function ipLen(p: Ipv4Packet): number {
  return ipv4Emit(p).length;
}

/** Whether kube-proxy's nat rules are on the node (only then can OUTPUT redirect a local packet). */
function nodeNatRules(node: NodeState): boolean {
  return !!node.iptables?.tables.nat.chains.some((c) => c.name === 'KUBE-SERVICES');
}

function nodeOwns(node: NodeState, ip: string): boolean {
  return node.ip === ip || node.links.some((l) => l.addrs.some((a) => a.cidr.split('/')[0] === ip));
}

class Forwarder {
  hops: TraceHop[] = [];
  deliveries: Delivery[] = [];
  error?: SendError;
  private t: number;
  /** iptables decisions taken since the last hop was recorded; the next hop carries them. */
  private rules: RuleDecision[] = [];

  constructor(private world: World, atMs?: number) {
    this.t = atMs ?? world.state.clock.epoch + world.now;
  }

  private hop(node: string, netns: string, iface: string, action: HopAction, p: Ipv4Packet | EthernetFrame, extra: { route?: Route; reason?: string } = {}): void {
    const rules = this.rules.length > 0 ? { rules: this.rules } : {};
    this.rules = [];
    this.hops.push({ node, netns, iface, action, timeMs: this.t, headers: headersOf(p), ...(extra.route ? { route: routeText(extra.route) } : {}), ...rules, ...(extra.reason ? { reason: extra.reason } : {}) });
  }

  private tap(node: NodeState, link: Link, direction: Direction, p: Ipv4Packet | EthernetFrame): void {
    const raw = p.kind === 'ipv4';
    captureTap(this.world, node.name, { timeMs: this.t, ifname: link.name, ifindex: link.index, direction, linktype: raw ? LINKTYPE_RAW : LINKTYPE_ETHERNET, data: raw ? ipv4Emit(p) : ethernetEmit(p) });
  }

  send(from: Endpoint, p: Ipv4Packet, depth: number): void {
    if (outsideHost(from.node)) return this.fromOutside(from.node, p, depth);
    const node = this.world.node(from.node);
    if (!node || node.power !== 'on') return;
    if (from.pod) this.fromPod(node, from.pod, p, depth);
    else this.routeAt(node, p, null, depth);
  }

  /** A pod has `default via 169.254.1.1 dev eth0`; the host's cali veth answers ARP by proxy. */
  private fromPod(node: NodeState, key: string, p: Ipv4Packet, depth: number): void {
    const pod = node.pods[key];
    const veth = pod && node.links.find((l) => l.name === pod.hostVeth);
    if (!pod || !veth) return;
    if (p.dst === pod.ip) return this.deliver({ node: node.name, pod: key }, p, depth);
    if (ipLen(p) > veth.mtu) {
      if (p.df) return this.localError(node.name, key, 'eth0', p, { errno: 'EMSGSIZE', mtu: veth.mtu });
      for (const frag of ipv4Fragment(p, veth.mtu)) this.fromPod(node, key, frag, depth);
      return;
    }
    if (!veth.up) return this.drop(node.name, 'host', veth.name, p, 'link down');
    this.podArp(node, key, pod.podMac, pod.ip, veth);
    const frame = ether(pod.podMac, CALI_MAC, p);
    this.hop(node.name, key, 'eth0', 'send', frame);
    this.t += LATENCY.veth;
    this.tap(node, veth, 'In', frame);
    this.hop(node.name, 'host', veth.name, 'receive', frame);
    this.routeAt(node, p, veth, depth);
  }

  /**
   * The pod resolves its gateway 169.254.1.1 when its neighbour entry is missing or stale (about
   * 30 s); the cali veth answers by proxy ARP. (Felix gives the host static entries for pods.)
   */
  private podArp(node: NodeState, key: string, mac: string, ip: string, veth: Link): void {
    const seen = neighbours.get(this.world) ?? new Map<string, number>();
    neighbours.set(this.world, seen);
    const id = `${node.name}/${key}`;
    const last = seen.get(id);
    seen.set(id, this.t);
    if (last !== undefined && this.t - last < NEIGH_REACHABLE_MS) return;
    const request: EthernetFrame = { kind: 'ethernet', src: mac, dst: MAC_BROADCAST, ethertype: ETHERTYPE_ARP, payload: { kind: 'arp', op: ARP_REQUEST, senderMac: mac, senderIp: ip, targetMac: '00:00:00:00:00:00', targetIp: POD_GATEWAY } };
    const reply: EthernetFrame = { kind: 'ethernet', src: CALI_MAC, dst: mac, ethertype: ETHERTYPE_ARP, payload: { kind: 'arp', op: ARP_REPLY, senderMac: CALI_MAC, senderIp: POD_GATEWAY, targetMac: mac, targetIp: ip } };
    this.tap(node, veth, 'In', request);
    this.hop(node.name, key, 'eth0', 'send', request);
    this.t += LATENCY.veth;
    this.tap(node, veth, 'Out', reply);
    this.hop(node.name, key, 'eth0', 'receive', reply);
    this.t += LATENCY.veth;
  }

  /** ip_rcv/ip_forward or ip_output: `ingress` is null for packets the node itself sends. */
  private routeAt(node: NodeState, p: Ipv4Packet, ingress: Link | null, depth: number, rejection = false): void {
    if (node.power !== 'on') return;
    // The packet's mark and connection travel with it through this node's hooks.
    const pkt: IptPacketState = rejection ? iptRelatedPacket(this.world) : { mark: 0 };
    if (ingress) {
      // PREROUTING: conntrack rewrites replies to masqueraded connections back to the pod here,
      // and kube-proxy's DNAT sends a Service's ClusterIP to a backend pod.
      const q = this.netfilter(node, ['PREROUTING'], p, depth, ingress.name, undefined, pkt);
      if (!q) return;
      p = q;
    }
    const local = ingress === null;
    let outputDone = false;
    if (nodeOwns(node, p.dst)) {
      if (!local || !nodeNatRules(node)) return this.arriveLocal(node, p, ingress, depth, pkt);
      // A packet the node sends to itself meets OUTPUT on its way to lo: kube-proxy's NodePort
      // DNAT there sends `curl <own address>:<nodePort>` on to a pod.
      const o = this.netfilter(node, ['OUTPUT'], p, depth, undefined, 'lo', pkt);
      if (!o) return;
      if (o.dst === p.dst || nodeOwns(node, o.dst)) return this.arriveLocal(node, o, ingress, depth, pkt);
      p = o;
      outputDone = true;
    }
    // Forwarding off on the ingress device (`sysctl -w net.ipv4.ip_forward=0`): the kernel's
    // route lookup gives up and ip_error drops the packet without an ICMP error.
    if (ingress && !nodeForwardsFrom(node, ingress.name)) return this.drop(node.name, 'host', ingress.name, p, 'forwarding disabled');
    let r = routeTableLookup(node.routes, p.dst);
    this.t += LATENCY.route;
    if (!r) {
      if (local) return this.localError(node.name, 'host', '', p, { errno: 'ENETUNREACH' });
      this.drop(node.name, 'host', ingress.name, p, 'no route');
      return this.icmpBack(node, p, ICMP_UNREACH, UNREACH_NET, depth);
    }
    if (r.type === 'blackhole') {
      if (local) return this.localError(node.name, 'host', '', p, { errno: 'EINVAL' });
      return this.drop(node.name, 'host', ingress.name, p, 'blackhole', r);
    }
    if (!local) {
      if (p.ttl <= 1) {
        this.drop(node.name, 'host', ingress.name, p, 'ttl exceeded', r);
        return this.icmpBack(node, p, ICMP_TIME_EXCEEDED, 0, depth);
      }
      p = { ...p, ttl: p.ttl - 1 };
    }
    let link = node.links.find((l) => l.name === r!.dev);
    if (!link || !link.up) return this.drop(node.name, 'host', r.dev ?? '', p, 'link down', r);
    const first = outputDone ? p : this.netfilter(node, [local ? 'OUTPUT' : 'FORWARD'], p, depth, ingress?.name, link.name, pkt);
    if (!first) return;
    if (local && first.dst !== p.dst) {
      // OUTPUT's DNAT (a Service's ClusterIP from the node itself): the kernel routes again.
      if (nodeOwns(node, first.dst)) return this.arriveLocal(node, first, null, depth, pkt);
      r = routeTableLookup(node.routes, first.dst);
      link = node.links.find((l) => l.name === r?.dev);
      if (!r || !link || !link.up) return this.localError(node.name, 'host', '', first, { errno: 'ENETUNREACH' });
    }
    p = first;
    // POSTROUTING's nat table masquerades (natOutgoing) before the packet leaves.
    const q = this.netfilter(node, ['POSTROUTING'], p, depth, ingress?.name, link.name, pkt);
    if (!q) return;
    p = q;
    this.hop(node.name, 'host', link.name, 'route', p, { route: r });
    if (ipLen(p) > link.mtu) {
      if (p.df) {
        if (local) return this.localError(node.name, 'host', link.name, p, { errno: 'EMSGSIZE', mtu: link.mtu });
        this.drop(node.name, 'host', link.name, p, 'fragmentation needed', r);
        return this.icmpBack(node, p, ICMP_UNREACH, UNREACH_NEEDFRAG, depth, link.mtu);
      }
      for (const frag of ipv4Fragment(p, link.mtu)) this.transmit(node, link, r, frag, depth);
      return;
    }
    this.transmit(node, link, r, p, depth);
  }

  private transmit(node: NodeState, link: Link, r: Route, p: Ipv4Packet, depth: number): void {
    if (link.kind === 'veth') return this.toPod(node, link, p, depth);
    if (link.kind === 'ipip') {
      this.tap(node, link, 'Out', p);
      // tunl0 is `ttl inherit nopmtudisc`: the outer header copies TTL, TOS and DF from the inner.
      const outer = ipv4New({ src: node.ip, dst: r.via ?? p.dst, ttl: p.ttl, tos: p.tos, df: p.df, id: (p.id + 0x1f3) & 0xffff, payload: p });
      this.hop(node.name, 'host', link.name, 'encap', outer);
      return this.routeAt(node, outer, null, depth);
    }
    if (link.kind === 'vxlan') return this.vxlanEncap(node, link, r, p, depth);
    this.toWire(node, link, r.via ?? p.dst, p, depth);
  }

  private vxlanEncap(node: NodeState, link: Link, r: Route, p: Ipv4Packet, depth: number): void {
    const via = r.via ?? p.dst;
    const peer = this.world.state.nodes.find((n) => n.links.some((l) => l.kind === 'vxlan' && l.addrs.some((a) => a.cidr.split('/')[0] === via)));
    const peerVtep = peer?.links.find((l) => l.kind === 'vxlan');
    if (!peer || !peerVtep) return this.drop(node.name, 'host', link.name, p, 'no VTEP for ' + via, r);
    const frame = ether(link.mac, peerVtep.mac, p);
    this.tap(node, link, 'Out', frame);
    const outer = ipv4New({ src: node.ip, dst: peer.ip, df: false, id: (p.id + 0x2b1) & 0xffff, payload: { kind: 'udp', srcPort: flowPort(p), dstPort: 4789, payload: { kind: 'vxlan', flags: 0x08, vni: CALICO_VXLAN_VNI, frame } } });
    this.hop(node.name, 'host', link.name, 'encap', outer);
    this.routeAt(node, outer, null, depth);
  }

  private toPod(node: NodeState, veth: Link, p: Ipv4Packet, depth: number): void {
    const entry = Object.entries(node.pods).find(([, pod]) => pod.hostVeth === veth.name);
    if (!entry) return this.drop(node.name, 'host', veth.name, p, 'no pod behind ' + veth.name);
    const [key, pod] = entry;
    const frame = ether(CALI_MAC, pod.podMac, p);
    this.tap(node, veth, 'Out', frame);
    this.t += LATENCY.veth;
    this.hop(node.name, key, 'eth0', 'receive', frame);
    if (p.dst !== pod.ip) return this.drop(node.name, key, 'eth0', p, 'not addressed to the pod');
    this.deliver({ node: node.name, pod: key }, p, depth);
  }

  /** Out of eth0 to the neighbour on the subnet (a node, or the gateway for everything else). */
  private toWire(node: NodeState, link: Link, nextHop: string, p: Ipv4Packet, depth: number): void {
    const peer = this.world.state.nodes.find((n) => n !== node && n.ip === nextHop);
    const peerLink = peer?.links.find((l) => l.kind === 'ether');
    const frame = ether(link.mac, peerLink?.mac ?? gatewayMac(nextHop), p);
    this.tap(node, link, 'Out', frame);
    this.t += LATENCY.wire;
    if ((!peer || !peerLink) && isGateway(this.world, nextHop)) return this.viaGateway(nextHop, p, depth);
    if (!peer || !peerLink) return this.drop(node.name, 'host', link.name, p, 'no host answers ARP for ' + nextHop);
    this.fromWire(peer, peerLink, frame, depth);
  }

  /** A frame arrives on a node's ethernet interface (PREROUTING undoes natOutgoing for replies). */
  private fromWire(peer: NodeState, peerLink: Link, frame: EthernetFrame, depth: number): void {
    if (peer.power !== 'on') return this.drop(peer.name, 'host', peerLink.name, frame.payload as Ipv4Packet, 'node powered off');
    if (!peerLink.up) return this.drop(peer.name, 'host', peerLink.name, frame.payload as Ipv4Packet, 'link down');
    this.tap(peer, peerLink, 'In', frame);
    this.hop(peer.name, 'host', peerLink.name, 'receive', frame);
    this.routeAt(peer, frame.payload as Ipv4Packet, peerLink, depth);
  }

  /** The fabric's router: TTL as any router, then the outside host, or nowhere (no route to the pools). */
  private viaGateway(gw: string, p: Ipv4Packet, depth: number): void {
    if (p.ttl <= 1) {
      this.drop(gw, 'host', '', p, 'ttl exceeded');
      const pl = p.payload;
      if (depth > 2 || (pl.kind === 'icmp' && pl.type !== ICMP_ECHO_REQUEST && pl.type !== ICMP_ECHO_REPLY)) return;
      return this.fromGatewayTo(gw, ipv4New({ src: gw, dst: p.src, df: false, payload: icmpError(ICMP_TIME_EXCEEDED, 0, ipv4Emit(p)) }), depth + 1);
    }
    p = { ...p, ttl: p.ttl - 1 };
    this.t += LATENCY.wire;
    if (outsideHost(p.dst)) return this.deliver({ node: p.dst }, p, depth);
    // The router joins the racks: it knows every node subnet (but no pod pool), so node-to-node
    // traffic crosses it and a pod's packet must be encapsulated to get across (CrossSubnet).
    const peer = this.world.state.nodes.find((n) => n.ip === p.dst);
    if (peer) return this.fromGatewayTo(peer.gateway, p, depth);
    this.drop(gw, 'host', '', p, 'left the cluster via the gateway');
  }

  /** The outside host's replies go back through the gateway to a node on the subnet. */
  private fromOutside(host: string, p: Ipv4Packet, depth: number): void {
    this.hop(host, 'host', 'eth0', 'send', p);
    this.t += LATENCY.wire;
    const gw = this.world.state.subnets[0]?.gateway ?? '172.16.11.1';
    this.fromGatewayTo(gw, { ...p, ttl: p.ttl - 1 }, depth);
  }

  private fromGatewayTo(gw: string, p: Ipv4Packet, depth: number): void {
    const peer = this.world.state.nodes.find((n) => n.ip === p.dst);
    const peerLink = peer?.links.find((l) => l.kind === 'ether');
    if (!peer || !peerLink) return this.drop(gw, 'host', '', p, 'the gateway has no route to ' + p.dst);
    this.t += LATENCY.wire;
    this.fromWire(peer, peerLink, ether(gatewayMac(gw), peerLink.mac, p), depth);
  }

  /** For this node: decapsulate IPIP and VXLAN, or hand the packet to the node's own stack. */
  private arriveLocal(node: NodeState, p: Ipv4Packet, ingress: Link | null, depth: number, pkt?: IptPacketState): void {
    const q = this.netfilter(node, ['INPUT'], p, depth, ingress?.name ?? 'lo', undefined, pkt);
    if (!q) return;
    p = q;
    const pl = p.payload;
    if (pl.kind === 'ipv4') {
      const tunl = node.links.find((l) => l.kind === 'ipip');
      if (!tunl || !tunl.up) return this.drop(node.name, 'host', ingress?.name ?? '', p, 'no tunl0');
      this.hop(node.name, 'host', tunl.name, 'decap', pl);
      this.tap(node, tunl, 'In', pl);
      return this.routeAt(node, pl, tunl, depth);
    }
    if (pl.kind === 'udp' && pl.payload.kind === 'vxlan') {
      const vx = node.links.find((l) => l.kind === 'vxlan');
      const inner = pl.payload.frame.payload;
      if (!vx || !vx.up || inner.kind !== 'ipv4') return this.drop(node.name, 'host', ingress?.name ?? '', p, 'no vxlan.calico');
      this.hop(node.name, 'host', vx.name, 'decap', pl.payload.frame);
      this.tap(node, vx, 'In', pl.payload.frame);
      return this.routeAt(node, inner, vx, depth);
    }
    this.deliver({ node: node.name }, p, depth);
  }

  /** The receiving stack: echo requests are answered, closed UDP ports refuse. */
  private deliver(to: Endpoint, p: Ipv4Packet, depth: number): void {
    this.hop(to.node, to.pod ?? 'host', to.pod || outsideHost(to.node) ? 'eth0' : 'lo', 'deliver', p);
    this.deliveries.push({ to, packet: p, timeMs: this.t });
    if (depth > 2) return;
    const pl = p.payload;
    if (pl.kind === 'icmp' && pl.type === ICMP_ECHO_REQUEST) {
      const reply = ipv4New({ src: p.dst, dst: p.src, df: false, id: (p.id * 7 + 0x3c1) & 0xffff, payload: icmpEcho(ICMP_ECHO_REPLY, pl.id ?? 0, pl.seq ?? 0, pl.data) });
      this.send(to, reply, depth + 1);
    } else if (pl.kind === 'udp' && pl.payload.kind === 'raw' && !dnsServerAt(this.world, to, pl.dstPort)) {
      this.send(to, ipv4New({ src: p.dst, dst: p.src, df: false, payload: icmpError(ICMP_UNREACH, UNREACH_PORT, ipv4Emit(p)) }), depth + 1);
    }
  }

  /** RFC 1122: an ICMP error goes back to the source, never about another ICMP error. */
  private icmpBack(node: NodeState, about: Ipv4Packet, type: number, code: number, depth: number, mtu?: number): void {
    const pl = about.payload;
    if (depth > 2 || (pl.kind === 'icmp' && pl.type !== ICMP_ECHO_REQUEST && pl.type !== ICMP_ECHO_REPLY)) return;
    const err = ipv4New({ src: sourceAddress(node, about.src), dst: about.src, df: false, payload: icmpError(type, code, ipv4Emit(about), mtu) });
    this.hop(node.name, 'host', '', 'icmp-error', err);
    this.routeAt(node, err, null, depth + 1);
  }

  /**
   * The node's iptables (net/iptables.ts) at each hook in turn: DROP or REJECT ends the packet
   * here (null); otherwise the packet as it continues, after any NAT conntrack applied.
   */
  private netfilter(node: NodeState, hooks: IptHook[], p: Ipv4Packet, depth: number, inIf?: string, outIf?: string, pkt?: IptPacketState): Ipv4Packet | null {
    for (const hook of hooks) {
      const r = iptablesHook(this.world, node, hook, p, ipLen(p), inIf, outIf, { explain: this.rules, pkt });
      if (r.verdict !== 'ACCEPT') {
        this.drop(node.name, 'host', inIf ?? outIf ?? '', p, `iptables ${hook}: ${r.verdict}`);
        if (r.verdict === 'REJECT') this.reject(node, p, r.rejectWith ?? 'icmp-port-unreachable', depth);
        return null;
      }
      p = r.packet;
    }
    return p;
  }

  /**
   * The REJECT target (ipt_REJECT): an ICMP error about the packet, or for `tcp-reset` a RST from
   * the address it was sent to, back to its source; conntrack attaches the answer to the
   * rejected packet's connection, so it travels as RELATED (a Calico policy lets it in).
   */
  private reject(node: NodeState, about: Ipv4Packet, rejectWith: string, depth: number): void {
    const pl = about.payload;
    if (depth > 2 || (pl.kind === 'icmp' && pl.type !== ICMP_ECHO_REQUEST && pl.type !== ICMP_ECHO_REPLY)) return;
    let answer: Ipv4Packet;
    if (rejectWith === 'tcp-reset') {
      if (pl.kind !== 'tcp' || pl.flags & TCP_RST) return;
      answer = ipv4New({ src: about.dst, dst: about.src, df: true, payload: tcpResetFor(pl) });
    } else {
      const code = REJECT_CODES[rejectWith] ?? UNREACH_PORT;
      answer = ipv4New({ src: sourceAddress(node, about.src), dst: about.src, df: false, payload: icmpError(ICMP_UNREACH, code, ipv4Emit(about)) });
    }
    this.hop(node.name, 'host', '', 'icmp-error', answer);
    this.routeAt(node, answer, null, depth + 1, true);
  }

  private drop(node: string, netns: string, iface: string, p: Ipv4Packet, reason: string, route?: Route): void {
    this.hop(node, netns, iface, 'drop', p, { reason, route });
  }

  private localError(node: string, netns: string, iface: string, p: Ipv4Packet, e: SendError): void {
    this.hop(node, netns, iface, 'local-error', p, { reason: e.errno });
    this.error ??= e;
  }
}

function ether(src: string, dst: string, p: Ipv4Packet): EthernetFrame {
  return { kind: 'ethernet', src, dst, ethertype: ETHERTYPE_IPV4, payload: p };
}

/** The fabric's gateway answers ARP with a MAC of its own. */
function gatewayMac(ip: string): string {
  return `00:50:56:c0:00:${Number(ip.split('.')[3]).toString(16).padStart(2, '0')}`;
}

/** Linux's udp_flow_src_port: a hash of the inner flow into the local port range 32768-60999. */
export function flowPort(p: Ipv4Packet): number {
  const pl = p.payload;
  const ports = pl.kind === 'tcp' || pl.kind === 'udp' ? `${pl.srcPort}:${pl.dstPort}` : pl.kind === 'icmp' ? `${pl.id ?? 0}` : '';
  let h = 0x811c9dc5;
  for (const c of `${p.src}>${p.dst}/${p.protocol}/${ports}`) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193) >>> 0;
  return 32768 + (h % (60999 - 32768 + 1));
}
