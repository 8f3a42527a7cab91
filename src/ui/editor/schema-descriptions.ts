/**
 * The editor's hover texts in the page's language: the manifest schema's descriptions
 * (src/emulator/schemas, English) with their zh-CN wording, applied to a copy of the schema
 * before monaco-yaml gets it. A description missing here stays English (a test lists them all).
 */
import type { Locale } from '../../worker/protocol';

export const DESCRIPTIONS_ZH: Record<string, string> = {
  'Name of the object (lower case letters, digits, - and .)': '对象名称（小写字母、数字、- 和 .）',
  'IP range of the pool (IPv4 or IPv6 CIDR)': '地址池的 IP 范围（IPv4 或 IPv6 CIDR）',
  'Block size: 20 to 32 for IPv4 (default 26), 116 to 128 for IPv6 (default 122); only at creation':
    '地址块大小（blockSize）：IPv4 为 20 到 32（默认 26），IPv6 为 116 到 128（默认 122）；只能在创建时设置',
  'When IPIP is used (default Never); not with vxlanMode': '何时使用 IPIP 封装（默认 Never）；不能与 vxlanMode 同时启用',
  'When VXLAN is used (default Never); not with ipipMode': '何时使用 VXLAN 封装（默认 Never）；不能与 ipipMode 同时启用',
  'Masquerade traffic from this pool to destinations outside all pools': '从本地址池发往所有地址池之外目的地的流量做 SNAT 伪装（MASQUERADE）',
  'No new addresses are assigned from a disabled pool': '禁用的地址池不再分配新地址',
  'Do not advertise this pool over BGP': '不通过 BGP 通告本地址池',
  'Nodes that assign addresses from this pool (default all())': '从本地址池分配地址的节点（默认 all()）',
  'Node this peer applies to (node scope); empty means every node': '此 BGP 对等体所属的节点（节点级）；留空表示所有节点',
  'Address of the peer, optionally with a port (IP:port)': '对等体地址，可带端口（IP:port）',
  "The peer's AS number": '对等体的 AS 号',
  'Nodes that peer with it': '与它建立 BGP 会话的节点',
  'Calico nodes to peer with (instead of peerIP)': '要建立对等关系的 Calico 节点（代替 peerIP）',
  'Source address of the BGP session (default UseNodeIP)': 'BGP 会话的源地址（默认 UseNodeIP）',
  'Duration, e.g. 120s': '时长，例如 120s',
  'BIRD log level (default Info)': 'BIRD 日志级别（默认 Info）',
  'Full node-to-node BGP mesh (default true)': '节点间 BGP 全互联（node-to-node mesh，默认 true）',
  'Default AS number of the nodes (default 64512)': '节点的默认 AS 号（默认 64512）',
  'BGP port (default 179)': 'BGP 端口（默认 179）',
  'Address BIRD listens on': 'BIRD 监听的地址',
  'aa:nn or aa:nn:mm': 'aa:nn 或 aa:nn:mm',
  'BGP address with prefix, e.g. 172.16.11.81/24': '带前缀长度的 BGP 地址，例如 172.16.11.81/24',
  'AS number (integer, or dotted notation such as 1.10)': 'AS 号（整数，或点分写法，例如 1.10）',
  'AS number (an integer in the CRD)': 'AS 号（CRD 中为整数）',
  'Makes this node a route reflector with this cluster ID': '使本节点成为路由反射器，并使用此集群 ID',
  'Felix log level': 'Felix 日志级别',
  'Lower orders apply first': 'order 越小越先生效',
  'Endpoints the policy applies to': '策略作用的端点',
  'What the rule does with a match': '规则匹配后的动作',
  "Calico selector, e.g. all(), has(label), role == 'x'": "Calico 选择器，例如 all()、has(label)、role == 'x'",
  'Only the affine node assigns from a block (needed for Windows)': '只有亲和节点能从地址块分配地址（Windows 节点需要）',
  'Where Calico stores its data': 'Calico 存放数据的位置',
};

/** A copy of the schema with its descriptions in `locale` (the schema itself is untouched). */
export function schemaIn(locale: Locale, schema: unknown): unknown {
  if (locale !== 'zh-CN') return schema;
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (!v || typeof v !== 'object') return v;
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = k === 'description' && typeof x === 'string' ? (DESCRIPTIONS_ZH[x] ?? x) : walk(x);
    return out;
  };
  return walk(schema);
}
