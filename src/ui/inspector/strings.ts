/**
 * The packet inspector's own strings, in both languages like src/ui/i18n.ts, but loaded with the
 * inspector: header field names and hop explanations are not needed on the first screen.
 */
import type { Locale } from '../../worker/protocol';
import { locale } from '../locale.svelte';

const table = {
  tracedPackets: { en: 'Traced packets', 'zh-CN': '已追踪的数据包' },
  noPackets: { en: 'No packet traced yet: run ping, curl or nc.', 'zh-CN': '还没有追踪到数据包：请运行 ping、curl 或 nc。' },
  hopList: { en: 'Events of the packet', 'zh-CN': '数据包经过的事件' },
  stepBack: { en: 'Back', 'zh-CN': '上一步' },
  stepForward: { en: 'Forward', 'zh-CN': '下一步' },
  inspectorKeys: {
    en: 'Keys: ← ↑ or k step back, → ↓ or j step forward, Home/End first/last, Esc closes.',
    'zh-CN': '按键：← ↑ 或 k 上一步，→ ↓ 或 j 下一步，Home/End 第一步/最后一步，Esc 关闭。',
  },
  decidedByRoute: { en: 'Route used:', 'zh-CN': '使用的路由：' },
  decidedByRules: { en: 'iptables rules that decided:', 'zh-CN': '起决定作用的 iptables 规则：' },
  reason: { en: 'Reason:', 'zh-CN': '原因：' },
  outer: { en: 'outer', 'zh-CN': '外层' },
  inner: { en: 'inner', 'zh-CN': '内层' },
  actSend: { en: 'sent', 'zh-CN': '发出' },
  actReceive: { en: 'received', 'zh-CN': '收到' },
  actRoute: { en: 'route lookup', 'zh-CN': '查路由' },
  actEncap: { en: 'encapsulated', 'zh-CN': '封装' },
  actDecap: { en: 'decapsulated', 'zh-CN': '解封装' },
  actDeliver: { en: 'delivered', 'zh-CN': '交付' },
  actDrop: { en: 'dropped', 'zh-CN': '丢弃' },
  actIcmpError: { en: 'ICMP error sent back', 'zh-CN': '回送 ICMP 错误' },
  actLocalError: { en: 'refused by the sender', 'zh-CN': '被发送方拒绝' },
  actWire: { en: 'on the wire', 'zh-CN': '线路上' },
  whySend: {
    en: 'The packet leaves through this interface. A pod sends everything to its default gateway 169.254.1.1, which the cali veth answers for by proxy ARP (MAC ee:ee:ee:ee:ee:ee).',
    'zh-CN': '数据包从这个接口发出。Pod 把所有流量发给默认网关 169.254.1.1，由 cali veth 通过代理 ARP 应答（MAC ee:ee:ee:ee:ee:ee）。',
  },
  whyReceive: { en: 'The frame arrives on this interface of the node (or of the pod).', 'zh-CN': '帧到达节点（或 Pod）的这个接口。' },
  whyRoute: {
    en: 'The node looks the destination up in its routing table (longest prefix wins) and passes iptables; the route below decides the next device.',
    'zh-CN': '节点在路由表中查找目的地址（最长前缀匹配），并经过 iptables；下面的路由决定了下一个设备。',
  },
  whyEncapIpip: {
    en: 'tunl0 wraps the pod packet in an outer IP header (protocol 4, IPIP) from this node to the peer node: the network between nodes only has to know node addresses.',
    'zh-CN': 'tunl0 给 Pod 的数据包套上一个外层 IP 头（协议号 4，IPIP），从本节点发往对端节点：节点之间的网络只需要认识节点地址。',
  },
  whyEncapVxlan: {
    en: 'vxlan.calico wraps the whole inner Ethernet frame in UDP port 4789 with VNI 4096, addressed from this node to the peer node.',
    'zh-CN': 'vxlan.calico 把整个内层以太网帧封装进 UDP 4789 端口（VNI 4096），从本节点发往对端节点。',
  },
  whyWire: { en: 'The frame crosses the network between the two nodes: only the outer headers matter here.', 'zh-CN': '帧经过两个节点之间的网络：这里只看外层头部。' },
  whyDecap: {
    en: 'The packet is addressed to this node and carries a tunnel: the outer header is removed and the inner packet is routed again.',
    'zh-CN': '数据包的目的地是本节点且带有隧道封装：去掉外层头部后，内层数据包再次查路由。',
  },
  whyDeliver: { en: 'The destination stack takes the packet (and answers an echo request).', 'zh-CN': '目的协议栈接收数据包（并应答 echo 请求）。' },
  whyDrop: { en: 'The packet goes no further here; the reason says why.', 'zh-CN': '数据包到此为止；原因见下。' },
  whyIcmpError: { en: 'This node could not forward the packet and tells the sender with an ICMP error.', 'zh-CN': '本节点无法转发该数据包，用 ICMP 错误通知发送方。' },
  whyLocalError: { en: 'The sender’s own stack refused to send it (the error the program sees).', 'zh-CN': '发送方自己的协议栈拒绝发送（程序会看到这个错误）。' },
  hdrDstMac: { en: 'Destination MAC', 'zh-CN': '目的 MAC' },
  hdrSrcMac: { en: 'Source MAC', 'zh-CN': '源 MAC' },
  hdrEthertype: { en: 'EtherType', 'zh-CN': '以太网类型' },
  hdrHtype: { en: 'Hardware type', 'zh-CN': '硬件类型' },
  hdrPtype: { en: 'Protocol type', 'zh-CN': '协议类型' },
  hdrHlen: { en: 'Hardware size', 'zh-CN': '硬件地址长度' },
  hdrPlen: { en: 'Protocol size', 'zh-CN': '协议地址长度' },
  hdrOp: { en: 'Opcode', 'zh-CN': '操作码' },
  hdrSenderMac: { en: 'Sender MAC', 'zh-CN': '发送方 MAC' },
  hdrSenderIp: { en: 'Sender IP', 'zh-CN': '发送方 IP' },
  hdrTargetMac: { en: 'Target MAC', 'zh-CN': '目标 MAC' },
  hdrTargetIp: { en: 'Target IP', 'zh-CN': '目标 IP' },
  hdrVersion: { en: 'Version', 'zh-CN': '版本' },
  hdrIhl: { en: 'Header length', 'zh-CN': '首部长度' },
  hdrTos: { en: 'TOS / DSCP', 'zh-CN': '服务类型' },
  hdrTotalLength: { en: 'Total length', 'zh-CN': '总长度' },
  hdrId: { en: 'Identification', 'zh-CN': '标识' },
  hdrFlags: { en: 'Flags', 'zh-CN': '标志' },
  hdrFragOffset: { en: 'Fragment offset', 'zh-CN': '片偏移' },
  hdrTtl: { en: 'TTL', 'zh-CN': '生存时间 TTL' },
  hdrProtocol: { en: 'Protocol', 'zh-CN': '协议' },
  hdrChecksum: { en: 'Checksum', 'zh-CN': '校验和' },
  hdrSrcIp: { en: 'Source address', 'zh-CN': '源地址' },
  hdrDstIp: { en: 'Destination address', 'zh-CN': '目的地址' },
  hdrIcmpType: { en: 'Type', 'zh-CN': '类型' },
  hdrIcmpCode: { en: 'Code', 'zh-CN': '代码' },
  hdrIcmpId: { en: 'Identifier', 'zh-CN': '标识符' },
  hdrIcmpSeq: { en: 'Sequence number', 'zh-CN': '序列号' },
  hdrMtu: { en: 'Next-hop MTU', 'zh-CN': '下一跳 MTU' },
  hdrDataLength: { en: 'Data length', 'zh-CN': '数据长度' },
  hdrSrcPort: { en: 'Source port', 'zh-CN': '源端口' },
  hdrDstPort: { en: 'Destination port', 'zh-CN': '目的端口' },
  hdrUdpLength: { en: 'Length', 'zh-CN': '长度' },
  hdrSeq: { en: 'Sequence number', 'zh-CN': '序列号' },
  hdrAck: { en: 'Acknowledgment number', 'zh-CN': '确认号' },
  hdrDataOffset: { en: 'Header length', 'zh-CN': '首部长度' },
  hdrTcpFlags: { en: 'Flags', 'zh-CN': '标志' },
  hdrWindow: { en: 'Window', 'zh-CN': '窗口' },
  hdrUrgent: { en: 'Urgent pointer', 'zh-CN': '紧急指针' },
  hdrOptions: { en: 'Options', 'zh-CN': '选项' },
  hdrVxlanFlags: { en: 'Flags', 'zh-CN': '标志' },
  hdrVni: { en: 'VNI', 'zh-CN': 'VNI' },
} satisfies Record<string, Record<Locale, string>>;

export type InspectorKey = keyof typeof table;

/** Reactive lookup in the current locale, like `locale.t`. */
export function ti(key: InspectorKey): string {
  return table[key][locale.current];
}
