/**
 * One line of `ip route`: what the route is for, read from the node's real table and the
 * datastore (which block, who owns it, which BGP peer taught it, why this device).
 */
import type { World } from '../world';
import type { NodeState } from '../state';
import type { Route } from '../net/route';
import { cidrContains, cidrNormalise } from '../net/ip';
import { ipamBlocks, ipamLookup } from '../calico/ipam';
import { poolForCidr, type PoolView } from '../calico/pools';
import { speakerByIp } from '../calico/bird-speakers';
import { sessionByName } from '../calico/bird-speakers';
import { ExplanationBuilder, say, type Said } from './text';
import { birdBest } from '../calico/bird-tables';

export interface ParsedRoute {
  type: 'unicast' | 'blackhole' | 'unreachable' | 'prohibit';
  dst: string;
  via?: string;
  dev?: string;
  proto?: string;
  src?: string;
  onlink: boolean;
}

/** `[type] PREFIX [via A] [dev D] [proto P] [scope S] [src A] [metric N] [onlink]`, as ip prints it. */
export function parseRouteLine(line: string): ParsedRoute | null {
  const words = line.trim().split(/\s+/);
  let type: ParsedRoute['type'] = 'unicast';
  if (words[0] === 'blackhole' || words[0] === 'unreachable' || words[0] === 'prohibit') type = words.shift() as ParsedRoute['type'];
  const first = words.shift();
  if (!first) return null;
  const dst = first === 'default' ? '0.0.0.0/0' : cidrNormalise(first.includes('/') ? first : `${first}/32`);
  if (!dst) return null;
  const r: ParsedRoute = { type, dst, onlink: false };
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (w === 'onlink') r.onlink = true;
    else if (w === 'via') r.via = words[++i];
    else if (w === 'dev') r.dev = words[++i];
    else if (w === 'proto') r.proto = words[++i];
    else if (w === 'src') r.src = words[++i];
  }
  return r;
}

/** The IPAM block a prefix is (or lies in), with the node it is affine to. */
function blockOf(world: World, dst: string): { cidr: string; owner?: string } | undefined {
  const ip = dst.split('/')[0];
  const block = ipamBlocks(world).find((b) => cidrContains(b.spec.cidr, ip));
  if (!block) return undefined;
  const affinity: string = block.spec.affinity ?? '';
  return { cidr: block.spec.cidr, owner: affinity.startsWith('host:') ? affinity.slice(5) : undefined };
}

function sameSubnet(a: NodeState, b: NodeState): boolean {
  return cidrContains(`${a.ip}/${a.prefix}`, b.ip);
}

function poolWords(pool: PoolView): Said {
  return say(
    `pool ${pool.name} (${pool.cidr}: ipipMode ${pool.ipipMode}, vxlanMode ${pool.vxlanMode})`,
    `地址池 ${pool.name}（${pool.cidr}：ipipMode ${pool.ipipMode}，vxlanMode ${pool.vxlanMode}）`,
  );
}

/** Why this device: the pool's encapsulation mode, and for CrossSubnet where the owner sits. */
function whyDevice(b: ExplanationBuilder, node: NodeState, r: ParsedRoute, pool: PoolView | undefined, owner: NodeState | undefined): void {
  const p = pool ? poolWords(pool) : say('no IP pool', '没有地址池');
  const where = owner
    ? sameSubnet(node, owner)
      ? say(`${owner.name} (${owner.ip}) is in the same subnet as ${node.name}`, `${owner.name}（${owner.ip}）与 ${node.name} 在同一子网`)
      : say(`${owner.name} (${owner.ip}) is in another subnet than ${node.name} (${node.ip}/${node.prefix})`, `${owner.name}（${owner.ip}）与 ${node.name}（${node.ip}/${node.prefix}）不在同一子网`)
    : null;
  if (r.dev === 'tunl0') {
    const mode = pool?.ipipMode ?? 'Always';
    if (mode === 'CrossSubnet' && where) b.add(`Via tunl0 because ${p.en} encapsulates across subnets and ${where.en}: each packet is wrapped in an outer IP header (IPIP, protocol 4) addressed to ${r.via}.`, `走 tunl0：${p.zh} 跨子网时封装，而 ${where.zh}；每个包外面再套一层 IP 头（IPIP，协议号 4），外层目的地址是 ${r.via}。`);
    else b.add(`Via tunl0 because ${p.en} encapsulates every packet between nodes: an outer IP header (IPIP, protocol 4) addressed to ${r.via} carries the pod's packet, so the network between the nodes never sees pod addresses.`, `走 tunl0：${p.zh} 在节点之间总是封装：外层 IP 头（IPIP，协议号 4）发往 ${r.via}，里面装着 Pod 的包，节点之间的网络看不到 Pod 地址。`);
    if (r.onlink) b.add(`onlink: tunl0 has no subnet, so the kernel is told to treat ${r.via} as directly reachable; the outer packet then leaves by eth0.`, `onlink：tunl0 没有子网，要内核把 ${r.via} 当作直连；外层包再从 eth0 发出。`);
  } else if (r.dev === 'vxlan.calico') {
    const mode = pool?.vxlanMode ?? 'Always';
    const cross = mode === 'CrossSubnet' && where ? say(` and ${where.en}`, `，而 ${where.zh}`) : say('', '');
    b.add(`Via vxlan.calico because ${p.en} uses VXLAN${cross.en}: the pod's whole Ethernet frame travels inside UDP port 4789 (VNI 4096) to the owner's VTEP ${r.via}.`, `走 vxlan.calico：${p.zh} 使用 VXLAN${cross.zh}；Pod 的整个以太网帧装进 UDP 4789（VNI 4096），发往属主节点的 VTEP ${r.via}。`);
    b.add(`Felix programs VXLAN routes itself from the datastore (the owner's block and its VTEP address ${r.via}), not BIRD: so no proto bird (the route is proto boot, which ip route does not print).`, `VXLAN 路由由 Felix 根据数据存储（属主的地址块和它的 VTEP 地址 ${r.via}）直接下发，不经 BIRD：所以没有 proto bird（它是 proto boot，ip route 不显示）。`);
  } else if (r.dev === 'eth0' && pool) {
    const enc = pool.ipipMode !== 'Never' ? pool.ipipMode : pool.vxlanMode;
    if (enc === 'CrossSubnet' && where) b.add(`Via eth0 without encapsulation: ${p.en} encapsulates only across subnets, and ${where.en}, so the packet goes straight to ${r.via} as it is.`, `直接走 eth0，不封装：${p.zh} 只在跨子网时封装，而 ${where.zh}，所以包原样发给 ${r.via}。`);
    else b.add(`Via eth0 without encapsulation: ${p.en} never encapsulates, so the pod's packet goes to ${r.via} as it is; the network between the nodes must deliver it (one L2 subnet, or routers that know the blocks).`, `直接走 eth0，不封装：${p.zh} 从不封装，Pod 的包原样发给 ${r.via}；节点之间的网络必须能送达（同一二层子网，或路由器知道这些地址块）。`);
  }
}

/** Which BIRD protocol taught this prefix to the node, and who originated it. */
function whyLearned(world: World, b: ExplanationBuilder, node: NodeState, dst: string): void {
  const best = node.bird && birdBest(node.bird, dst);
  if (!best || best.from === 'static1') return;
  const session = node.bird ? sessionByName(node.bird, best.from) : undefined;
  const peer = session ? speakerByIp(world, session.peerIp) : undefined;
  const origin = speakerByIp(world, best.route.o);
  const peerName = peer?.name ?? session?.peerIp ?? best.from;
  b.node(peer?.name).session(node.name, peer?.name);
  b.add(`Learned over BGP from ${peerName} (BIRD protocol ${best.from}); BIRD's kernel protocol wrote it into the table, hence proto bird.`, `通过 BGP 从 ${peerName} 学到（BIRD 协议 ${best.from}）；BIRD 的 kernel 协议把它写进路由表，所以是 proto bird。`);
  if (origin && peer && origin !== peer) {
    b.node(origin.name);
    b.add(`${peerName} is a route reflector: it passed on the route that ${origin.name} originated (ORIGINATOR_ID ${best.route.o}).`, `${peerName} 是路由反射器：它转发了 ${origin.name} 发起的路由（ORIGINATOR_ID ${best.route.o}）。`);
  }
}

function findRoute(node: NodeState, r: ParsedRoute): Route | undefined {
  const type = r.type === 'blackhole' ? 'blackhole' : 'unicast';
  return node.routes.find((x) => x.dst === r.dst && x.type === type && (x.dev ?? '') === (r.dev ?? x.dev ?? ''));
}

export function explainRoute(world: World, node: NodeState, line: string): ExplanationBuilder | null {
  const r = parseRouteLine(line);
  if (!r) return null;
  const shown = line.trim();
  const b = new ExplanationBuilder(say(`Route ${shown}`, `路由 ${shown}`)).node(node.name);
  const now = findRoute(node, r);
  if (!now) b.add(`${node.name} no longer has this route: the table changed since the command ran.`, `${node.name} 现在已经没有这条路由了：命令运行之后路由表变过。`);
  const block = blockOf(world, r.dst);
  const pool = poolForCidr(world, r.dst);
  const owner = block?.owner ? world.node(block.owner) : undefined;

  if (r.dst === '0.0.0.0/0') {
    b.add(`The default route: whatever no more specific route matches goes to the gateway ${r.via ?? '?'} through ${r.dev ?? 'eth0'}.`, `默认路由：没有更具体路由匹配的包都经 ${r.dev ?? 'eth0'} 交给网关 ${r.via ?? '?'}。`);
    return b;
  }
  if (r.proto === 'kernel' && cidrContains(r.dst, node.ip)) {
    b.add(`${node.name}'s own subnet ${r.dst}, directly connected on ${r.dev}: the kernel added it with the address ${r.src ?? node.ip}; hosts in it are reached without a router.`, `${node.name} 自己的子网 ${r.dst}，在 ${r.dev} 上直连：内核在配置地址 ${r.src ?? node.ip} 时自动加上；子网内的主机不经路由器直接可达。`);
    for (const n of world.state.nodes) if (cidrContains(r.dst, n.ip)) b.node(n.name);
    return b;
  }
  if (r.type === 'blackhole') {
    const mine = block?.cidr === r.dst && block.owner === node.name;
    b.add(
      mine
        ? `${r.dst} is ${node.name}'s own IPAM block${pool ? ` in pool ${pool.name}` : ''}.`
        : `${r.dst} is ${block?.owner ? `${block.owner}'s` : 'an'} IPAM block, no longer affine to ${node.name}.`,
      mine
        ? `${r.dst} 是 ${node.name} 自己的 IPAM 地址块${pool ? `（地址池 ${pool.name}）` : ''}。`
        : `${r.dst} 是${block?.owner ? ` ${block.owner} 的` : '一个'} IPAM 地址块，已经不属于 ${node.name}。`,
    );
    b.add(`Its pods each have a more specific /32 route to their cali interface; any other address of the block is dropped here instead of following the default route out.`, `块内每个 Pod 都有一条更具体的 /32 路由指向它的 cali 接口；块里其余的地址在这里直接丢弃，而不会顺着默认路由发出去。`);
    if (r.proto === 'bird') b.add('BIRD installs it from its static1 protocol, which also announces the block to the BGP peers: that is how the other nodes learn where these pods live.', 'BIRD 的 static1 协议安装了它，同时把这个地址块通告给 BGP 邻居：其他节点由此知道这些 Pod 在哪里。');
    else b.add('Felix installs it (proto 80) because the pool uses VXLAN.', '地址池使用 VXLAN，所以由 Felix 安装（proto 80）。');
    return b;
  }
  if (r.dev?.startsWith('cali')) {
    const pod = Object.values(node.pods).find((p) => p.ip === r.dst.split('/')[0]);
    if (pod) {
      b.pod(node.name, pod);
      b.add(`A pod on this node: ${pod.namespace}/${pod.pod} (${pod.ip}), behind the host end ${pod.hostVeth} of its veth pair.`, `本节点上的 Pod：${pod.namespace}/${pod.pod}（${pod.ip}），位于 veth 对的主机端 ${pod.hostVeth} 后面。`);
    } else b.add(`No pod on ${node.name} has ${r.dst.split('/')[0]} any more.`, `${node.name} 上已经没有地址为 ${r.dst.split('/')[0]} 的 Pod。`);
    b.add('Felix added this /32 when the CNI plugin created the veth; scope link: no next hop, the pod is on the other end of the cable. It is more specific than the block\'s blackhole, so it wins.', 'CNI 插件创建 veth 后由 Felix 加上这条 /32；scope link：没有下一跳，Pod 就在这根“网线”的另一端。它比地址块的黑洞路由更具体，所以优先。');
    return b;
  }
  if (block || pool) {
    const borrowed = r.dst.endsWith('/32') ? ipamLookup(world, r.dst.split('/')[0]) : null;
    const holder = borrowed?.attrs?.node ? world.node(borrowed.attrs.node) : owner;
    b.node(holder?.name);
    if (borrowed && holder) b.add(`${r.dst.split('/')[0]} is an address ${holder.name} borrowed from block ${borrowed.block} (its own blocks were full), so it is routed on its own as a /32.`, `${r.dst.split('/')[0]} 是 ${holder.name} 从地址块 ${borrowed.block} 借来的地址（它自己的块满了），所以单独按 /32 路由。`);
    else if (block?.cidr === r.dst) b.add(`${r.dst} is the IPAM block of ${owner?.name ?? 'no node'}${pool ? ` (pool ${pool.name})` : ''}: the pods there got their addresses from it.`, `${r.dst} 是 ${owner?.name ?? '（无节点）'} 的 IPAM 地址块${pool ? `（地址池 ${pool.name}）` : ''}：那里的 Pod 从中分配地址。`);
    else b.add(`${r.dst} lies in ${pool ? `pool ${pool.name}` : 'a pool'}.`, `${r.dst} 属于${pool ? `地址池 ${pool.name}` : '某个地址池'}。`);
    if (holder && r.via === holder.ip) b.add(`The next hop ${r.via} is ${holder.name}'s eth0 address.`, `下一跳 ${r.via} 是 ${holder.name} 的 eth0 地址。`);
    else if (r.via) {
      const hop = speakerByIp(world, r.via);
      if (hop) b.node(hop.name);
    }
    // Only proto bird routes come from BGP; VXLAN ones are Felix's even while BIRD still peers.
    if (r.proto === 'bird') whyLearned(world, b, node, r.dst);
    whyDevice(b, node, r, pool, holder);
    return b;
  }
  if (r.via) {
    const hop = speakerByIp(world, r.via);
    b.node(hop?.name);
    b.add(`Traffic for ${r.dst} goes to ${r.via}${hop ? ` (${hop.name})` : ''} through ${r.dev ?? 'eth0'}${r.proto ? `; proto ${r.proto} says who added it` : ''}.`, `去往 ${r.dst} 的流量经 ${r.dev ?? 'eth0'} 交给 ${r.via}${hop ? `（${hop.name}）` : ''}${r.proto ? `；proto ${r.proto} 表示由谁添加` : ''}。`);
    return b;
  }
  b.add(`${r.dst} is reached directly on ${r.dev ?? '?'}.`, `${r.dst} 经 ${r.dev ?? '?'} 直接可达。`);
  return b;
}
