/**
 * Cluster DNS as a pod sees it: its /etc/resolv.conf (kubelet's ClusterFirst: nameserver
 * 10.96.0.10, the namespace's search list, ndots:5) and queries that are real UDP packets to
 * the kube-dns ClusterIP, DNATed by kube-proxy to a CoreDNS pod and answered by it, so a
 * network policy or a CoreDNS pod that is down decides what a lookup meets. CoreDNS's kubernetes
 * plugin is emulated by answering from the Service objects (`svc.ns.svc.cluster.local` A records);
 * names outside cluster.local are NXDOMAIN (the lab has no upstream resolver).
 */
import type { World } from '../world';
import type { Endpoint } from './trace';
import type { Ipv4Packet } from './packet';
import { ipv4New } from './packet';
import { packetSend } from './forward';
import { storeGet } from '../k8s/objects';
import { KUBE_DNS_IP, serviceByDnsName } from '../k8s/services';
import { tcpHash } from './tcp-conn';

export const CLUSTER_DOMAIN = 'cluster.local';

/** kubelet's resolv.conf for a ClusterFirst pod in `ns`. */
export function podResolvConf(ns: string): string {
  return `search ${ns}.svc.${CLUSTER_DOMAIN} svc.${CLUSTER_DOMAIN} ${CLUSTER_DOMAIN}\nnameserver ${KUBE_DNS_IP}\noptions ndots:5\n`;
}

/** The names a resolver tries for `name` in `ns`, in order (ndots:5: the search list first). */
export function dnsCandidates(name: string, ns: string): string[] {
  const bare = name.replace(/\.$/, '');
  if (name.endsWith('.')) return [bare];
  const search = [`${ns}.svc.${CLUSTER_DOMAIN}`, `svc.${CLUSTER_DOMAIN}`, CLUSTER_DOMAIN].map((d) => `${bare}.${d}`);
  return (bare.split('.').length - 1 >= 5 ? [bare, ...search] : [...search, bare]);
}

/** Does a CoreDNS pod listen at this endpoint (udp/53)? The forwarder then sends no port unreachable. */
export function dnsServerAt(world: World, at: Endpoint, port: number): boolean {
  if (port !== 53 || !at.pod) return false;
  const [ns, name] = at.pod.split('/');
  const pod = storeGet(world.state.api, 'Pod', ns, name);
  return !!pod && pod.status?.phase === 'Running' && (pod.spec?.containers ?? []).some((c: { image?: string }) => /coredns/.test(c.image ?? ''));
}

function qnameBytes(name: string): number[] {
  const out: number[] = [];
  for (const label of name.split('.').filter(Boolean)) out.push(label.length, ...Array.from(label, (c) => c.charCodeAt(0) & 0x7f));
  out.push(0);
  return out;
}

/** A DNS message: the query, or its answer (A records, or NXDOMAIN with rcode 3). */
function dnsMessage(id: number, qname: string, answer?: { rcode: number; ips: string[] }): Uint8Array {
  const q = [...qnameBytes(qname), 0, 1, 0, 1];
  const flags = answer ? 0x8500 | answer.rcode : 0x0100; // response, authoritative, RD; or a query with RD
  const an = answer?.ips ?? [];
  const head = [id >> 8, id & 255, flags >> 8, flags & 255, 0, 1, 0, an.length, 0, 0, 0, 0];
  const rrs = an.flatMap((ip) => [0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 30, 0, 4, ...ip.split('.').map(Number)]);
  return new Uint8Array([...head, ...q, ...rrs]);
}

export type DnsOutcome = { kind: 'answer'; ips: string[]; rttMs: number } | { kind: 'nxdomain'; rttMs: number } | { kind: 'lost' };

/** CoreDNS's answer for one name (kubernetes plugin: ClusterIP Services; headless ones have none here). */
function coreDnsAnswer(world: World, qname: string): { rcode: number; ips: string[] } {
  const svc = serviceByDnsName(world.state.api, qname);
  const ip = svc?.spec?.clusterIP;
  return svc && ip && ip !== 'None' ? { rcode: 0, ips: [ip] } : { rcode: 3, ips: [] };
}

/**
 * One query from a pod (or a node) to the nameserver: the query packet, and CoreDNS's answer
 * when the query reached a CoreDNS pod and the answer made it back.
 */
export function dnsQuery(world: World, from: Endpoint, srcIp: string, qname: string, attempt = 0): DnsOutcome {
  const now = world.state.clock.epoch + world.now;
  const h = tcpHash(`dns|${world.state.seed}|${srcIp}|${qname}|${world.now}|${attempt}`);
  const id = h & 0xffff;
  const sport = 32768 + ((h >>> 16) % 28232);
  const query: Ipv4Packet = ipv4New({ src: srcIp, dst: KUBE_DNS_IP, df: false, id: (h >>> 8) & 0xffff, payload: { kind: 'udp', srcPort: sport, dstPort: 53, payload: { kind: 'raw', bytes: dnsMessage(id, qname) } } });
  const out = packetSend(world, from, query, now);
  const got = out.deliveries.find((d) => d.packet.payload.kind === 'udp' && d.packet.payload.dstPort === 53 && dnsServerAt(world, d.to, 53));
  if (!got || got.packet.payload.kind !== 'udp') return { kind: 'lost' };
  const answer = coreDnsAnswer(world, qname);
  const reply: Ipv4Packet = ipv4New({ src: got.packet.dst, dst: got.packet.src, df: false, id: (h >>> 4) & 0xffff, payload: { kind: 'udp', srcPort: 53, dstPort: got.packet.payload.srcPort, payload: { kind: 'raw', bytes: dnsMessage(id, qname, answer) } } });
  const back = packetSend(world, got.to, reply, got.timeMs + 0.08);
  const arrived = back.deliveries.find((d) => d.to.node === from.node && d.to.pod === from.pod && d.packet.payload.kind === 'udp' && d.packet.payload.dstPort === sport);
  if (!arrived) return { kind: 'lost' };
  const rttMs = arrived.timeMs - now;
  return answer.rcode === 0 ? { kind: 'answer', ips: answer.ips, rttMs } : { kind: 'nxdomain', rttMs };
}

/** glibc's resolver defaults: 5 s per try, 2 attempts for each name asked. */
export const DNS_TIMEOUT_MS = 5000;
export const DNS_ATTEMPTS = 2;

export type Resolved = { kind: 'ok'; name: string; ips: string[]; waitedMs: number } | { kind: 'nxdomain'; waitedMs: number } | { kind: 'timeout'; waitedMs: number };

/**
 * getaddrinfo in a pod: literal addresses as they are, /etc/hosts' own name, then the search
 * list, query by query. A name nobody answers (two tries of 5 s) ends the search list, and glibc
 * then asks for the name as typed (two more tries) before it gives up: 20 s for a short name with
 * no DNS, as measured with Debian 12's glibc in a network namespace.
 */
export function podResolve(world: World, from: Endpoint, srcIp: string, ns: string, name: string, hostsName?: string): Resolved {
  if (/^\d+\.\d+\.\d+\.\d+$/.test(name)) return { kind: 'ok', name, ips: [name], waitedMs: 0 };
  if (name === 'localhost') return { kind: 'ok', name, ips: ['127.0.0.1'], waitedMs: 0 };
  if (hostsName && name === hostsName) return { kind: 'ok', name, ips: [srcIp], waitedMs: 0 };
  const asTyped = name.replace(/\.$/, '');
  const candidates = dnsCandidates(name, ns);
  let waited = 0;
  for (let i = 0; i < candidates.length; i++) {
    let r: DnsOutcome = { kind: 'lost' };
    for (let attempt = 0; attempt < DNS_ATTEMPTS && r.kind === 'lost'; attempt++) {
      r = dnsQuery(world, from, srcIp, candidates[i], attempt);
      if (r.kind === 'lost') waited += DNS_TIMEOUT_MS;
    }
    if (r.kind === 'lost') {
      // a timeout ends the search list; glibc still asks for the name as typed if that is still to come
      const next = candidates.indexOf(asTyped, i + 1);
      if (next < 0) return { kind: 'timeout', waitedMs: waited };
      i = next - 1;
      continue;
    }
    waited += r.rttMs;
    if (r.kind === 'answer') return { kind: 'ok', name: candidates[i], ips: r.ips, waitedMs: waited };
  }
  return { kind: 'nxdomain', waitedMs: waited };
}
