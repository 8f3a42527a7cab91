/**
 * One BGP row (`calicoctl node status`, `birdcl show protocols`) or one BIRD route: the peer,
 * the kind of session, its state, and when it is not Established, what in the world stops it.
 */
import type { World } from '../world';
import type { NodeState } from '../state';
import type { BgpSession } from '../calico/bird-types';
import { sessionByName, sessionByPeer, speakerByIp } from '../calico/bird-speakers';
import { bgpPortBlocked } from '../calico/bird';
import { cidrContains } from '../net/ip';
import { ExplanationBuilder, say } from './text';
import { explainRoute } from './route';
import { routeText as kernelText } from '../net/route-text';
import { birdImported } from '../calico/bird-tables';

function eth0Up(n: NodeState): boolean {
  return n.power === 'on' && !!n.links.find((l) => l.name === 'eth0')?.up;
}

/** Mesh, reflector (either side) or a configured peer, in words. */
function kindWords(world: World, node: NodeState, s: BgpSession, peer: NodeState | undefined, b: ExplanationBuilder): void {
  const name = peer?.name ?? s.peerIp;
  if (s.kind === 'mesh') {
    const n = world.state.nodes.filter((x) => x.bird).length;
    b.add(`Node-to-node mesh: with the mesh on, every node peers with every other one (${n} speakers: ${(n * (n - 1)) / 2} sessions, which is why large clusters switch to route reflectors).`, `全互联（node-to-node mesh）：开启时每个节点都和其他所有节点建立会话（${n} 个 BGP 发言者：${(n * (n - 1)) / 2} 个会话，这就是大集群改用路由反射器的原因）。`);
  } else if (s.rrClient) {
    b.add(`${node.name} is a route reflector (cluster ID ${node.bird?.clusterId}) and ${name} its client: routes ${name} announces are reflected to the other clients.`, `${node.name} 是路由反射器（cluster ID ${node.bird?.clusterId}），${name} 是它的客户端：${name} 通告的路由会被反射给其他客户端。`);
  } else if (peer?.bird?.clusterId && peer.bird.clusterId !== node.bird?.clusterId) {
    b.add(`${name} is a route reflector (cluster ID ${peer.bird.clusterId}) and ${node.name} its client: it passes on the other nodes' routes, so no full mesh is needed.`, `${name} 是路由反射器（cluster ID ${peer.bird.clusterId}），${node.name} 是它的客户端：它转发其他节点的路由，因此不需要全互联。`);
  } else if (s.kind === 'global') {
    b.add(`A global BGPPeer (no node selector): every node peers with ${name}, AS ${s.peerAs}${s.peerAs !== node.bird?.asn ? ' (another AS: eBGP)' : ''}.`, `全局 BGPPeer（没有 node 选择器）：每个节点都与 ${name} 建立会话，AS ${s.peerAs}${s.peerAs !== node.bird?.asn ? '（不同的 AS：eBGP）' : ''}。`);
  } else {
    b.add(`A node-specific BGPPeer: only the nodes its node selector matches peer with ${name}, AS ${s.peerAs}.`, `节点级 BGPPeer：只有匹配其 node 选择器的节点才与 ${name}（AS ${s.peerAs}）建立会话。`);
  }
}

/** Why a session is not Established, from the world as it is now. */
function whyDown(world: World, node: NodeState, s: BgpSession, peer: NodeState | undefined, b: ExplanationBuilder): void {
  const name = peer?.name ?? s.peerIp;
  if (!peer) {
    b.add(`No host answers at ${s.peerIp}.`, `${s.peerIp} 上没有主机应答。`);
  } else if (peer.power === 'off') {
    b.add(`${name} is powered off (virsh start ${name} boots it again).`, `${name} 已关机（virsh start ${name} 可以重新开机）。`);
  } else if (!eth0Up(node)) {
    b.add(`${node.name}'s eth0 is down: no TCP connection can leave (ip link set eth0 up).`, `${node.name} 的 eth0 已关闭：TCP 连接发不出去（ip link set eth0 up）。`);
  } else if (!eth0Up(peer)) {
    b.add(`${name}'s eth0 is down, so its BGP port cannot be reached.`, `${name} 的 eth0 已关闭，连不上它的 BGP 端口。`);
  } else if (bgpPortBlocked(world, node, peer) || bgpPortBlocked(world, peer, node)) {
    const where = bgpPortBlocked(world, node, peer) ? `${node.name} → ${name}` : `${name} → ${node.name}`;
    b.add(`TCP port 179 is dropped by iptables (${where}): check iptables -L INPUT/OUTPUT on both ends.`, `TCP 179 端口被 iptables 丢弃（${where}）：检查两端的 iptables -L INPUT/OUTPUT。`);
  } else if (!peer.bird) {
    b.add(`BIRD is not running on ${name} (calico-node is not running there), so the connection is refused.`, `${name} 上没有运行 BIRD（calico-node 没在运行），所以连接被拒绝。`);
  } else if (!sessionByPeer(peer.bird, node.ip)) {
    b.add(`${name}'s BIRD has no protocol for ${node.ip}: it closes the connection. Its BGP configuration (mesh, BGPPeer selectors, reflector cluster IDs) does not include ${node.name}.`, `${name} 的 BIRD 里没有对应 ${node.ip} 的协议，会直接关闭连接：它的 BGP 配置（mesh、BGPPeer 选择器、反射器 cluster ID）里没有 ${node.name}。`);
  } else if (s.state === 'Active' || s.state === 'Connect' || s.state.startsWith('Open')) {
    b.add('The path is open again: BIRD is (re)connecting, and the session should come up within seconds.', '链路已经恢复：BIRD 正在（重新）连接，会话几秒内应该会建立。');
  } else {
    b.add('The path is open again: BIRD retries after its error wait (5 s, doubling up to 30 s).', '链路已经恢复：BIRD 会在错误等待（5 秒起，翻倍到 30 秒）后重试。');
  }
  const err = s.lastError;
  if (/Hold timer expired/.test(err)) b.add('Last error "Hold timer expired": no KEEPALIVE arrived for 240 s, so BIRD gave up the session and withdrew its routes.', '上次错误 "Hold timer expired"：240 秒没有收到 KEEPALIVE，BIRD 放弃会话并撤回它的路由。');
  else if (/Connection refused/.test(err)) b.add('Last error "Connection refused": nothing listens on port 179 there.', '上次错误 "Connection refused"：对端 179 端口没有进程监听。');
  else if (/Connection closed/.test(err)) b.add('Last error "Connection closed": the peer accepted and then closed the connection.', '上次错误 "Connection closed"：对端接受后又关闭了连接。');
  else if (/No route to host/.test(err)) b.add('Last error "No route to host": the peer did not answer ARP.', '上次错误 "No route to host"：对端不回应 ARP。');
  else if (/Network is unreachable/.test(err)) b.add('Last error "Network is unreachable": this node had no route (its link was down).', '上次错误 "Network is unreachable"：本节点没有路由（链路断开）。');
  else if (/Administrative shutdown/.test(err)) b.add('Last error "Administrative shutdown": the peer\'s BIRD stopped cleanly and said so (a Cease).', '上次错误 "Administrative shutdown"：对端 BIRD 正常停止并发出了 Cease 通知。');
}

export function explainSession(world: World, node: NodeState, s: BgpSession | undefined, label: string): ExplanationBuilder {
  const b = new ExplanationBuilder(say(`BGP peer ${label}`, `BGP 邻居 ${label}`)).node(node.name);
  if (!s) {
    b.add(`${node.name}'s BIRD has no session ${label} any more: its configuration changed since the command ran.`, `${node.name} 的 BIRD 已经没有会话 ${label}：命令运行后配置变了。`);
    return b;
  }
  const peer = speakerByIp(world, s.peerIp);
  const name = peer?.name ?? s.peerIp;
  b.title = say(`BGP peer ${name} (${s.peerIp}), protocol ${s.name}`, `BGP 邻居 ${name}（${s.peerIp}），协议 ${s.name}`);
  b.node(peer?.name).session(node.name, peer?.name);
  kindWords(world, node, s, peer, b);
  if (s.state === 'Established') {
    const routes = node.bird ? birdImported(node.bird, s.name) : 0;
    b.add(`Established: the TCP session on port 179 is up and routes flow; ${routes} prefix${routes === 1 ? '' : 'es'} received from ${name}. Keepalives every 80 s, hold time 240 s.`, `Established：179 端口的 TCP 会话已建立，路由正在交换；从 ${name} 收到 ${routes} 条前缀。每 80 秒一次 KEEPALIVE，保持时间 240 秒。`);
  } else {
    // BIRD shows an idle passive session as Passive (bgp_state_dsc): it waits for the peer to connect.
    const shown = s.proto === 'down' ? 'Down' : s.state === 'Idle' && s.started && s.passive ? 'Passive' : s.state;
    b.add(`Not established (${shown}, protocol ${s.proto}): no routes from ${name} are used.`, `未建立（${shown}，协议 ${s.proto}）：不会使用来自 ${name} 的路由。`);
    if (shown === 'Passive') b.add(`Passive: ${name}'s address sorts higher, so ${node.name} waits for ${name} to connect to it.`, `Passive：${name} 的地址排序更靠后，所以 ${node.name} 等待 ${name} 主动连接。`);
    whyDown(world, node, s, peer, b);
  }
  return b;
}

/** `| 172.16.11.81 | node-to-node mesh | up | 05:48:43 | Established |`; continuation rows look up. */
export function explainNodeStatusRow(world: World, node: NodeState, lines: string[], index: number): ExplanationBuilder | null {
  for (let i = index; i >= 0; i--) {
    const cells = lines[i].split('|').map((c) => c.trim());
    if (cells.length < 6) return null;
    const ip = cells[1];
    if (!ip) continue;
    if (!/^\d+\.\d+\.\d+\.\d+$/.test(ip)) return null;
    const s = node.bird ? sessionByPeer(node.bird, ip) : undefined;
    return explainSession(world, node, s, ip);
  }
  return null;
}

const BUILTIN: Record<string, [string, string]> = {
  static1: ['static1 announces this node\'s own IPAM blocks (as blackholes) so the BGP protocols can export them.', 'static1 通告本节点自己的 IPAM 地址块（黑洞路由），供 BGP 协议导出。'],
  kernel1: ['kernel1 syncs BIRD\'s table with the kernel\'s: it writes the learned blocks as proto bird routes (tunl0 onlink under IPIP).', 'kernel1 在 BIRD 路由表与内核路由表之间同步：把学到的地址块写成 proto bird 路由（IPIP 下为 tunl0 onlink）。'],
  device1: ['device1 watches the interfaces (up, down, addresses).', 'device1 监视网络接口（启停、地址）。'],
  direct1: ['direct1 imports the directly connected subnets (eth0\'s).', 'direct1 导入直连子网（eth0 的）。'],
};

/** `Mesh_172_16_11_81 BGP master up 05:48:43 Established` (birdcl show protocols). */
export function explainProtocolRow(world: World, node: NodeState, line: string): ExplanationBuilder | null {
  const name = line.trim().split(/\s+/)[0];
  if (!name || name === 'name' || name === 'BIRD') return null;
  const builtin = BUILTIN[name];
  if (builtin) return new ExplanationBuilder(say(`BIRD protocol ${name}`, `BIRD 协议 ${name}`)).node(node.name).add(...builtin);
  if (!/^(Mesh|Global|Node)_/.test(name)) return null;
  return explainSession(world, node, node.bird ? sessionByName(node.bird, name) : undefined, name);
}

/**
 * `10.244.1.0/24 via 172.16.11.81 on eth0 [Mesh_172_16_11_81 05:48:43] * (100/0) [i]`; a line
 * that starts with spaces is another path for the prefix above.
 */
export function explainBirdRoute(world: World, node: NodeState, lines: string[], index: number): ExplanationBuilder | null {
  let prefix: string | undefined;
  for (let i = index; i >= 0 && !prefix; i--) {
    const m = /^(\d+\.\d+\.\d+\.\d+\/\d+)\s/.exec(lines[i]);
    if (m) prefix = m[1];
    else if (!/^\s/.test(lines[i])) return null;
  }
  if (!prefix) return null;
  const line = lines[index];
  const proto = /\[(\S+)/.exec(line)?.[1];
  const best = /\]\s+\*/.test(line);
  const kernel = node.routes.find((r) => r.dst === prefix);
  const b = (kernel ? explainRoute(world, node, kernelText(kernel)) : null) ?? new ExplanationBuilder(say('', ''));
  b.title = say(`BIRD route ${prefix}${proto ? ` from ${proto}` : ''}`, `BIRD 路由 ${prefix}${proto ? `，来自 ${proto}` : ''}`);
  b.lines.unshift(
    best
      ? say(`"*": this is BIRD's best path for ${prefix}, the one exported to the kernel and to the peers. In the kernel it became: ${kernel ? kernelText(kernel) : '(none)'}.`, `“*”：这是 BIRD 对 ${prefix} 的最佳路径，会导出到内核和邻居。在内核里它是：${kernel ? kernelText(kernel) : '（无）'}。`)
      : say(`Without "*": another path for ${prefix} is preferred; this one is kept as a backup.`, `没有“*”：${prefix} 有更优的路径，这条作为备份保留。`),
  );
  const s = proto && node.bird ? sessionByName(node.bird, proto) : undefined;
  if (s && !best) {
    const peer = speakerByIp(world, s.peerIp);
    b.node(peer?.name).session(node.name, peer?.name);
  }
  if (/ on eth0/.test(line) && /via/.test(line) && kernel?.dev === 'tunl0') {
    b.lines.splice(1, 0, say('BGP\'s next hop is the owner\'s eth0 address; BIRD\'s kernel protocol turns it into a tunl0 onlink route because the pool uses IPIP.', 'BGP 的下一跳是属主节点的 eth0 地址；由于地址池使用 IPIP，BIRD 的 kernel 协议把它变成 tunl0 onlink 路由。'));
  }
  if (cidrContains(prefix, node.ip) || prefix === '0.0.0.0/0') b.node(node.name);
  return b;
}
