/**
 * Turns a WorldDigest into the elements the topology draws, with fixed positions: each subnet is
 * a compound box, its hosts in a column, their pods in a row beside them, BGP sessions as arcs.
 * Pure, so the diffing in topology-graph.ts can compare plain data.
 */
import type { WorldDigest } from '../../worker/protocol';

export interface GraphNode {
  id: string;
  parent?: string;
  kind: 'subnet' | 'gateway' | 'host' | 'pod' | 'peer';
  label: string;
  status: string; // drives the style: ready / notready / off / running / pending
  name?: string; // host name, for clicks
  x: number;
  y: number;
}

export interface GraphEdge {
  id: string;
  source: string;
  target: string;
  kind: 'bgp';
  status: string; // established / connecting / down
  bend: number; // how far the arc bows out, so nested sessions stay apart
}

const ROW = 120;
const POD_DX = 62;
const POD_DY = 34;
const PODS_PER_ROW = 4;

/** Which subnet a host sits in; only used to draw the host inside the right box. */
function ipv4ToInt(ip: string): number {
  return ip.split('.').reduce((acc, part) => acc * 256 + Number(part), 0);
}

function inCidr(ip: string, cidr: string): boolean {
  const [base = '', bits = '32'] = cidr.split('/');
  const size = 2 ** (32 - Number(bits));
  return Math.floor(ipv4ToInt(ip) / size) === Math.floor(ipv4ToInt(base) / size);
}

/** BIRD's state names: Established is up; Active/Connect/Open* are trying; the rest is down. */
export function sessionStatus(state: string): 'established' | 'connecting' | 'down' {
  const s = state.toLowerCase();
  if (s.startsWith('established')) return 'established';
  if (/^(active|connect|opensent|openconfirm|start)/.test(s)) return 'connecting';
  return 'down';
}

export function graphModel(d: WorldDigest): { nodes: GraphNode[]; edges: GraphEdge[] } {
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const row = new Map<string, number>();
  const subnets = d.subnets.length > 0 ? d.subnets : [{ cidr: '', gateway: '' }];
  let y = 0;
  subnets.forEach((sn, i) => {
    const box = `subnet:${sn.cidr || i}`;
    nodes.push({ id: box, kind: 'subnet', label: sn.cidr, status: '', x: 0, y });
    if (sn.gateway) {
      nodes.push({ id: `gw:${sn.cidr}`, parent: box, kind: 'gateway', label: `gw ${sn.gateway}`, status: '', x: 0, y });
    }
    const hosts = d.nodes.filter((n) =>
      subnets.length === 1 ? true : inCidr(n.ip, sn.cidr) || (i === 0 && !subnets.some((s) => inCidr(n.ip, s.cidr))),
    );
    let gap = ROW;
    for (const host of hosts) {
      y += gap;
      // Host-network pods (etcd, kube-proxy, calico-node) share the host's address: not drawn.
      const pods = host.pods.filter((p) => p.ip !== host.ip);
      // A host with many pods gets a taller row so its pod grid never meets the next host.
      gap = Math.max(ROW, 56 + Math.ceil(pods.length / PODS_PER_ROW) * POD_DY);
      row.set(host.name, row.size);
      const status = host.power === 'off' ? 'off' : host.ready ? 'ready' : 'notready';
      const word = host.power === 'off' ? 'off' : host.ready ? 'Ready' : 'NotReady';
      const id = `node:${host.name}`;
      nodes.push({ id, parent: box, kind: 'host', label: `${host.name}\n${host.ip}\n${word}`, status, name: host.name, x: 0, y });
      pods.forEach((pod, j) => {
        const pid = `pod:${host.name}/${pod.namespace}/${pod.name}`;
        const running = pod.phase === 'Running';
        const px = 104 + (j % PODS_PER_ROW) * POD_DX;
        const py = y - 14 + Math.floor(j / PODS_PER_ROW) * POD_DY;
        nodes.push({ id: pid, parent: box, kind: 'pod', label: pod.ip ?? pod.phase, status: running ? 'running' : 'pending', name: host.name, x: px, y: py });
      });
    }
    y += gap;
  });
  // Peers that are not cluster nodes (an external router, a ToR switch) stand outside the boxes.
  const external = [...new Set(d.sessions.flatMap((s) => [s.from, s.to]))].filter((p) => !row.has(p));
  external.forEach((peer, i) => {
    row.set(peer, row.size);
    nodes.push({ id: `node:${peer}`, kind: 'peer', label: peer, status: '', x: -260, y: ROW * (i + 1) });
  });
  const seen = new Map<string, GraphEdge>();
  for (const s of d.sessions) {
    const [a, b] = [s.from, s.to].sort();
    if (!a || !b || !row.has(a) || !row.has(b)) continue;
    const id = `bgp:${a}|${b}`;
    const status = sessionStatus(s.state);
    const prev = seen.get(id);
    // Two ends may disagree for a moment; show the worse one.
    if (prev && (prev.status !== 'established' || status === 'established')) continue;
    const delta = (row.get(b) ?? 0) - (row.get(a) ?? 0);
    // The sign keeps every arc on the same (left) side whichever way the edge points.
    const bend = Math.sign(delta) * (26 + Math.abs(delta) * 40);
    seen.set(id, { id, source: `node:${a}`, target: `node:${b}`, kind: 'bgp', status, bend });
  }
  edges.push(...seen.values());
  return { nodes, edges };
}
