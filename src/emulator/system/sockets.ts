/**
 * A node's TCP and UDP sockets as the kernel would list them (`ss`, `netstat`), derived from the
 * world: the listeners of the programs that run there (sshd, systemd-resolved, containerd, the
 * kubelet, kube-proxy, the control plane, Felix's health port, BIRD on 179), BIRD's BGP sessions
 * (ESTAB while a session is up or opening, SYN-SENT while BIRD's SYN goes unanswered), and the
 * clients of the API server (kubelet, kube-proxy, calico-node) with their server side on the
 * control plane. Sockets inside pods live in the pods' namespaces and are not listed.
 */
import type { World } from '../world';
import type { NodeState } from '../state';
import { storeList } from '../k8s/objects';
import { nodeProcesses, podsByNode, type Proc } from './processes';
import { stableHash } from './host';

export type SocketState = 'LISTEN' | 'ESTAB' | 'SYN-SENT' | 'UNCONN';

export interface Socket {
  proto: 'tcp' | 'udp';
  /** An AF_INET6 socket (`tcp6` in netstat); `v6only` ones print as `[::]`, dual-stack ones as `*`. */
  v6: boolean;
  v6only?: boolean;
  state: SocketState;
  local: string;
  lport: number;
  /** Bound to a device (`127.0.0.53%lo`). */
  dev?: string;
  peer: string;
  /** 0 prints as `*`. */
  pport: number;
  recvQ: number;
  sendQ: number;
  owner?: { pid: number; comm: string; cmd: string; fd: number };
}

/** Linux's default ephemeral range (net.ipv4.ip_local_port_range = 32768 60999). */
export function ephemeralPort(key: string): number {
  return 32768 + (stableHash(key) % (60999 - 32768 + 1));
}

/** The node running the API server, if it runs. */
function apiServerNode(world: World): NodeState | undefined {
  const pod = storeList(world.state.api, 'Pod', 'kube-system').find((p) => p.metadata.name.startsWith('kube-apiserver-') && p.status?.containerStatuses?.[0]?.state?.running);
  const node = pod ? world.node(pod.spec.nodeName) : undefined;
  return node?.power === 'on' ? node : undefined;
}

function owner(procs: Proc[], match: (p: Proc) => boolean, key: string): Socket['owner'] | undefined {
  const p = procs.find(match);
  return p ? { pid: p.pid, comm: p.comm, cmd: p.cmd, fd: 3 + (stableHash(`${p.pid}/${key}`) % 18) } : undefined;
}

/** BGP's TCP connection for one BIRD session: who connected, from which port. */
function bgpSockets(node: NodeState, procs: Proc[]): Socket[] {
  const bird = node.bird;
  if (!bird) return [];
  const birdOwner = (key: string) => owner(procs, (p) => p.cmd.startsWith('bird -R'), key);
  if (!birdOwner('listen')) return [];
  const me = node.calico?.bgpIp ?? node.ip;
  const out: Socket[] = [];
  for (const s of bird.sessions) {
    // In the mesh the side without `passive on` connects; other peerings: the higher address's SYN wins.
    const weClient = s.kind === 'mesh' ? !s.passive : me > s.peerIp;
    if (s.state === 'Established' || s.state === 'OpenSent' || s.state === 'OpenConfirm') {
      const [lo, hi] = [me, s.peerIp].sort();
      const eph = ephemeralPort(`bgp/${s.conn}/${lo}/${hi}`);
      out.push({ proto: 'tcp', v6: false, state: 'ESTAB', local: me, lport: weClient ? eph : 179, peer: s.peerIp, pport: weClient ? 179 : eph, recvQ: 0, sendQ: 0, owner: birdOwner(`conn/${s.peerIp}`) });
    } else if (s.state === 'Connect' && !s.passive) {
      out.push({ proto: 'tcp', v6: false, state: 'SYN-SENT', local: me, lport: ephemeralPort(`syn/${s.epoch}/${me}/${s.peerIp}`), peer: s.peerIp, pport: 179, recvQ: 0, sendQ: 1, owner: birdOwner(`conn/${s.peerIp}`) });
    }
  }
  return out;
}

/** Every socket of the node's own network namespace, in the kernel's listing order. */
export function nodeSockets(world: World, node: NodeState): Socket[] {
  if (node.power !== 'on') return [];
  const index = podsByNode(world);
  const procs = nodeProcesses(world, node, index);
  const byComm = (comm: string) => (p: Proc) => p.comm === comm;
  const listen: Socket[] = [];
  const L = (local: string, lport: number, backlog: number, match: (p: Proc) => boolean, opts: Partial<Socket> = {}) => {
    const o = owner(procs, match, `listen/${lport}/${local}`);
    if (o) listen.push({ proto: 'tcp', v6: false, state: 'LISTEN', local, lport, peer: '0.0.0.0', pport: 0, recvQ: 0, sendQ: backlog, owner: o, ...opts });
  };
  const isApi = (p: Proc) => p.comm === 'kube-apiserver';
  L('127.0.0.53', 53, 4096, byComm('systemd-resolve'), { dev: 'lo' });
  L('0.0.0.0', 22, 128, byComm('sshd'));
  L('127.0.0.1', ephemeralPort(`containerd/${node.name}`), 4096, byComm('containerd'));
  L('127.0.0.1', 10248, 4096, byComm('kubelet'));
  L('127.0.0.1', 10249, 4096, byComm('kube-proxy'));
  L('127.0.0.1', 9099, 4096, (p) => p.cmd === 'calico-node -felix');
  if (node.bird) L('0.0.0.0', 179, 8, (p) => p.cmd.startsWith('bird -R'));
  L('127.0.0.1', 2379, 4096, byComm('etcd'));
  L(node.ip, 2379, 4096, byComm('etcd'));
  L(node.ip, 2380, 4096, byComm('etcd'));
  L('127.0.0.1', 2381, 4096, byComm('etcd'));
  L('127.0.0.1', 10257, 4096, byComm('kube-controller'));
  L('127.0.0.1', 10259, 4096, byComm('kube-scheduler'));
  L('::', 22, 128, byComm('sshd'), { v6: true, v6only: true, peer: '::' });
  L('::', 10250, 4096, byComm('kubelet'), { v6: true, peer: '::' });
  L('::', 10256, 4096, byComm('kube-proxy'), { v6: true, peer: '::' });
  L('::', 6443, 4096, isApi, { v6: true, peer: '::' });
  // The ports Go's net/http takes last go first in the kernel's listening hash; keep a stable order.
  listen.sort((a, b) => Number(a.v6) - Number(b.v6) || stableHash(`${a.local}:${a.lport}`) % 7 - stableHash(`${b.local}:${b.lport}`) % 7 || a.lport - b.lport);

  const conns: Socket[] = [...bgpSockets(node, procs)];
  // Clients of the API server on this node: the kubelet, kube-proxy and calico-node (through the
  // kubernetes Service, 10.96.0.1:443, which the server sees DNATed to its own address and 6443).
  const api = apiServerNode(world);
  const clients = (n: NodeState, ps: Proc[]) =>
    [
      { who: 'kubelet', match: byComm('kubelet'), via: 'direct' },
      { who: 'kube-proxy', match: byComm('kube-proxy'), via: 'direct' },
      { who: 'felix', match: (p: Proc) => p.cmd === 'calico-node -felix', via: 'service' },
    ].flatMap((c) => {
      const o = owner(ps, c.match, `api/${c.who}`);
      return o ? [{ ...c, o, port: ephemeralPort(`api/${n.name}/${c.who}/${o.pid}`) }] : [];
    });
  for (const c of clients(node, procs)) {
    const service = c.via === 'service';
    if (!api && service) continue;
    conns.push(
      api
        ? { proto: 'tcp', v6: false, state: 'ESTAB', local: node.ip, lport: c.port, peer: service ? '10.96.0.1' : api.ip, pport: service ? 443 : 6443, recvQ: 0, sendQ: 0, owner: c.o }
        : { proto: 'tcp', v6: false, state: 'SYN-SENT', local: node.ip, lport: c.port, peer: world.state.nodes[0].ip, pport: 6443, recvQ: 0, sendQ: 1, owner: c.o },
    );
  }
  if (api === node) {
    const apiOwner = (key: string) => owner(procs, isApi, key);
    for (const n of world.state.nodes) {
      if (n.power !== 'on') continue;
      const ps = n === node ? procs : nodeProcesses(world, n, index);
      for (const c of clients(n, ps)) conns.push({ proto: 'tcp', v6: true, state: 'ESTAB', local: node.ip, lport: 6443, peer: n.ip, pport: c.port, recvQ: 0, sendQ: 0, owner: apiOwner(`from/${n.name}/${c.who}`) });
    }
    const etcdPort = ephemeralPort(`etcd/${node.name}`);
    const etcd = owner(procs, byComm('etcd'), 'client');
    const apiEtcd = apiOwner('etcd');
    if (etcd && apiEtcd) {
      conns.push({ proto: 'tcp', v6: false, state: 'ESTAB', local: '127.0.0.1', lport: etcdPort, peer: '127.0.0.1', pport: 2379, recvQ: 0, sendQ: 0, owner: apiEtcd });
      conns.push({ proto: 'tcp', v6: false, state: 'ESTAB', local: '127.0.0.1', lport: 2379, peer: '127.0.0.1', pport: etcdPort, recvQ: 0, sendQ: 0, owner: etcd });
    }
  }
  // Established sockets come out of the kernel's hash table: an order that looks random but is
  // stable. Each socket is hashed once, not in every comparison (a reflector has 500).
  const hashed = conns.map((c) => ({ c, h: stableHash(`${c.local}:${c.lport}>${c.peer}:${c.pport}`) }));
  hashed.sort((a, b) => a.h - b.h);
  conns.splice(0, conns.length, ...hashed.map((x) => x.c));

  const udp: Socket[] = [];
  const resolved = owner(procs, byComm('systemd-resolve'), 'udp/53');
  if (resolved) udp.push({ proto: 'udp', v6: false, state: 'UNCONN', local: '127.0.0.53', dev: 'lo', lport: 53, peer: '0.0.0.0', pport: 0, recvQ: 0, sendQ: 0, owner: resolved });
  // The kernel's VXLAN socket has no process.
  if (node.links.some((l) => l.kind === 'vxlan')) udp.push({ proto: 'udp', v6: false, state: 'UNCONN', local: '0.0.0.0', lport: 4789, peer: '0.0.0.0', pport: 0, recvQ: 0, sendQ: 0 });
  const all = [...listen, ...conns, ...udp];
  // File descriptors: each process numbers its sockets upwards from a few past stdio and its logs.
  const nextFd = new Map<number, number>();
  for (const sock of all) {
    if (!sock.owner) continue;
    const fd = nextFd.get(sock.owner.pid) ?? 3 + (stableHash(`fd/${sock.owner.pid}`) % 6);
    sock.owner = { ...sock.owner, fd };
    nextFd.set(sock.owner.pid, fd + 1 + (stableHash(`gap/${sock.owner.pid}/${fd}`) % 2));
  }
  return all;
}
