/**
 * One packet line of tcpdump: the outer and inner headers' addresses named (node, pod, tunnel
 * address), and what the encapsulation says about the route that sent it.
 */
import type { World } from '../world';
import type { NodeState } from '../state';
import { ExplanationBuilder, describeAddress, hostByNameOrIp, say } from './text';

export const TCPDUMP_LINE = /^\d\d:\d\d:\d\d\.\d{6} /;

/** `k8s-node01.4789` / `172.16.11.81.38540` / `10.244.1.1` -> the address or name without the port. */
function endpoint(world: World, token: string): string {
  const t = token.replace(/:$/, '');
  if (/^\d+\.\d+\.\d+\.\d+$/.test(t) || hostByNameOrIp(world, t)) return t;
  const cut = t.replace(/\.[^.]+$/, '');
  return cut || t;
}

function asIp(world: World, name: string): string {
  return /^\d+\.\d+\.\d+\.\d+$/.test(name) ? name : (hostByNameOrIp(world, name)?.ip ?? name);
}

/** The interface the capture ran on, from its command line. */
function captureInterface(command: string): string {
  return /(?:^|\s)-i\s*(\S+)/.exec(command)?.[1] ?? 'eth0';
}

export function explainTcpdumpLine(world: World, node: NodeState, command: string, lines: string[], index: number): ExplanationBuilder | null {
  let text = lines[index];
  // VXLAN in tcpdump 4.9 prints the inner frame on the next line, without a timestamp.
  if (!TCPDUMP_LINE.test(text)) {
    const above = lines[index - 1];
    if (!/^(IP|ARP) /.test(text) || !above || !TCPDUMP_LINE.test(above)) return null;
    text = `${above} ${text}`;
  } else if (/VXLAN/.test(text) && /^(IP|ARP) /.test(lines[index + 1] ?? '')) text = `${text} ${lines[index + 1]}`;
  const pairs = [...text.matchAll(/(\S+) > (\S+?):/g)].map((m) => [endpoint(world, m[1]), endpoint(world, m[2])] as const);
  const dev = captureInterface(command);
  const b = new ExplanationBuilder(say(`Packet seen on ${node.name} ${dev}`, `在 ${node.name} 的 ${dev} 上抓到的包`)).node(node.name);
  if (/ ARP, /.test(text)) {
    b.add('ARP: a host asks who has an address on its subnet (or answers); no IP routing is involved yet.', 'ARP：主机询问（或回答）本子网内某个地址在哪里；此时还不涉及 IP 路由。');
    for (const m of text.matchAll(/(\d+\.\d+\.\d+\.\d+)/g)) describeAddress(world, m[1], b);
    return b;
  }
  if (pairs.length === 0) return null;
  const ipip = /ipip-proto-4/.test(text) || (pairs.length >= 2 && !/VXLAN/.test(text));
  const vxlan = /VXLAN/.test(text);
  const [outer, inner] = pairs;
  const d = (ip: string) => describeAddress(world, asIp(world, ip), b);
  if ((ipip || vxlan) && inner) {
    const [os, od] = [d(outer[0]), d(outer[1])];
    const [is, id] = [d(inner[0]), d(inner[1])];
    if (ipip) b.add(`IPIP: an outer IP header (protocol 4) from ${outer[0]} to ${outer[1]} carries the pod's packet; the pool's ipipMode made the sender route it via tunl0.`, `IPIP：外层 IP 头（协议号 4）从 ${outer[0]} 发往 ${outer[1]}，里面装着 Pod 的包；地址池的 ipipMode 让发送方经 tunl0 路由。`);
    else b.add(`VXLAN: UDP port 4789 (VNI 4096) from ${outer[0]} to ${outer[1]} carries the pod's whole Ethernet frame; the pool's vxlanMode made the sender route it via vxlan.calico.`, `VXLAN：UDP 4789（VNI 4096）从 ${outer[0]} 发往 ${outer[1]}，里面装着 Pod 的整个以太网帧；地址池的 vxlanMode 让发送方经 vxlan.calico 路由。`);
    b.add(`Outer: ${os.en}; ${od.en}.`, `外层：${os.zh}；${od.zh}。`);
    b.add(`Inner: ${is.en}; ${id.en}.`, `内层：${is.zh}；${id.zh}。`);
    const [a, z] = [hostByNameOrIp(world, outer[0]), hostByNameOrIp(world, outer[1])];
    if (a && z) b.session(a.name, z.name);
  } else {
    const [s, t] = [d(outer[0]), d(outer[1])];
    b.add(`From ${s.en}; to ${t.en}.`, `源：${s.zh}；目的：${t.zh}。`);
    if (dev === 'tunl0') b.add('Captured on tunl0: the packet as it enters or leaves the IPIP tunnel, before encapsulation or after decapsulation, so only the inner addresses show.', '在 tunl0 上抓包：看到的是进出 IPIP 隧道、封装前或解封装后的包，所以只有内层地址。');
    else if (dev.startsWith('cali')) b.add(`Captured on ${dev}, the host end of a pod's veth: exactly what the pod sends and receives.`, `在 ${dev} 上抓包，这是 Pod 的 veth 主机端：正是 Pod 收发的内容。`);
    else if (/^10\.|^192\.168\./.test(asIp(world, outer[1])) && dev === 'eth0') b.add('Pod addresses on eth0 without encapsulation: the pool does not encapsulate this path (Never, or CrossSubnet within one subnet).', 'eth0 上出现未封装的 Pod 地址：地址池在这条路径上不封装（Never，或 CrossSubnet 且在同一子网内）。');
  }
  if (/ICMP echo request/.test(text)) b.add('ICMP echo request: a ping.', 'ICMP echo request：ping 的请求。');
  else if (/ICMP echo reply/.test(text)) b.add('ICMP echo reply: the answer to a ping.', 'ICMP echo reply：ping 的应答。');
  else if (/Flags \[S\]/.test(text)) b.add('TCP SYN: the first packet of a new connection.', 'TCP SYN：新连接的第一个包。');
  else if (/Flags \[S\.\]/.test(text)) b.add('TCP SYN-ACK: the server accepts the connection.', 'TCP SYN-ACK：服务端接受连接。');
  else if (/Flags \[R/.test(text)) b.add('TCP RST: the connection is refused or torn down.', 'TCP RST：连接被拒绝或被重置。');
  else if (/Flags \[F/.test(text)) b.add('TCP FIN: one side closes the connection.', 'TCP FIN：一方关闭连接。');
  return b;
}
