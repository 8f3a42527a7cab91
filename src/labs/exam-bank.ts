/**
 * The exam's question bank, bilingual: true/false, multiple choice, multi-select and hands-on
 * tasks graded by lab checks (on the `installed` scenario). Grounded in the course notes
 * (/work/shared/seed) and the emulator's reference (calico-behaviour.md).
 */
import type { ExamQuestion } from './exam';

export const EXAM_SCENARIO = 'installed';

export const EXAM_BANK: ExamQuestion[] = [
  // Networking model
  {
    id: 'model-vrouter', topic: 'model', type: 'tf',
    prompt: { en: 'In Calico\'s BGP model every node acts as a virtual router that learns the other nodes\' pod routes.', 'zh-CN': '在 Calico 的 BGP 模型中，每个节点都是一个 vRouter，学习其他节点的 Pod 路由。' },
    answer: true,
    explanation: { en: 'Each node runs BIRD, which exchanges routes with its BGP peers and programs them into the kernel.', 'zh-CN': '每个节点都运行 BIRD，它与 BGP 对等体交换路由并写入内核。' },
  },
  {
    id: 'model-components', topic: 'model', type: 'multi',
    prompt: { en: 'Which components run inside the calico-node pod?', 'zh-CN': '哪些组件运行在 calico-node Pod 中？' },
    options: [{ en: 'Felix', 'zh-CN': 'Felix' }, { en: 'BIRD', 'zh-CN': 'BIRD' }, { en: 'kube-proxy', 'zh-CN': 'kube-proxy' }, { en: 'CoreDNS', 'zh-CN': 'CoreDNS' }],
    answer: [0, 1],
    explanation: { en: 'calico-node packages Felix (interfaces, routes, iptables policy) and BIRD (BGP), with confd generating BIRD\'s configuration.', 'zh-CN': 'calico-node 封装了 Felix（接口、路由、iptables 策略）和 BIRD（BGP），confd 负责生成 BIRD 配置。' },
  },
  {
    id: 'model-felix', topic: 'model', type: 'single',
    prompt: { en: 'Which component programs network policy into iptables on each node?', 'zh-CN': '哪个组件在每个节点上把网络策略写入 iptables？' },
    options: [{ en: 'BIRD', 'zh-CN': 'BIRD' }, { en: 'Felix', 'zh-CN': 'Felix' }, { en: 'calico-kube-controllers', 'zh-CN': 'calico-kube-controllers' }, { en: 'confd', 'zh-CN': 'confd' }],
    answer: 1,
    explanation: { en: 'Felix manages interfaces, routes and ACLs (policy, via iptables) and reports status.', 'zh-CN': 'Felix 负责接口管理、路由规划和 ACL（网络策略，借助 iptables 实现）以及状态报告。' },
  },
  // Installing
  {
    id: 'install-cidr', topic: 'install', type: 'single',
    prompt: { en: 'In calico.yaml, which environment variable sets the default pool\'s CIDR on first start?', 'zh-CN': '在 calico.yaml 中，哪个环境变量决定首次启动时默认地址池的 CIDR？' },
    options: [{ en: 'CALICO_IPV4POOL_CIDR', 'zh-CN': 'CALICO_IPV4POOL_CIDR' }, { en: 'CALICO_NETWORKING_BACKEND', 'zh-CN': 'CALICO_NETWORKING_BACKEND' }, { en: 'FELIX_IPINIPMTU', 'zh-CN': 'FELIX_IPINIPMTU' }, { en: 'IP_AUTODETECTION_METHOD', 'zh-CN': 'IP_AUTODETECTION_METHOD' }],
    answer: 0,
    explanation: { en: 'CALICO_IPV4POOL_CIDR (commented out in the manifest) sets default-ipv4-ippool\'s CIDR; without it the kubeadm podSubnet or 192.168.0.0/16 is used.', 'zh-CN': 'CALICO_IPV4POOL_CIDR（清单中默认被注释）设置 default-ipv4-ippool 的 CIDR；未设置时使用 kubeadm 的 podSubnet 或 192.168.0.0/16。' },
  },
  {
    id: 'install-env-later', topic: 'install', type: 'tf',
    prompt: { en: 'Changing CALICO_IPV4POOL_CIDR after Calico is running changes the existing default pool.', 'zh-CN': 'Calico 运行之后再修改 CALICO_IPV4POOL_CIDR，会改变已存在的默认地址池。' },
    answer: false,
    explanation: { en: 'The pool is only created on first start when no IPv4 pool exists; later changes to the env vars do nothing to an existing pool.', 'zh-CN': '只有在首次启动且不存在 IPv4 地址池时才会创建默认池；之后修改环境变量不会影响已有的池。' },
  },
  {
    id: 'install-notready', topic: 'install', type: 'single',
    prompt: { en: 'Before any CNI plugin is installed, kubeadm nodes report…', 'zh-CN': '在安装任何 CNI 插件之前，kubeadm 节点的状态是……' },
    options: [{ en: 'Ready', 'zh-CN': 'Ready' }, { en: 'NotReady', 'zh-CN': 'NotReady' }, { en: 'Unknown', 'zh-CN': 'Unknown' }, { en: 'SchedulingDisabled', 'zh-CN': 'SchedulingDisabled' }],
    answer: 1,
    explanation: { en: 'The kubelet reports the network plugin not ready, so nodes stay NotReady until calico-node runs.', 'zh-CN': 'kubelet 报告网络插件未就绪，所以节点在 calico-node 运行之前一直是 NotReady。' },
  },
  // IPAM
  {
    id: 'ipam-blocksize', topic: 'ipam', type: 'single',
    prompt: { en: 'What is the default IPv4 IPAM block size?', 'zh-CN': 'IPv4 IPAM 地址块的默认大小是多少？' },
    options: [{ en: '/24', 'zh-CN': '/24' }, { en: '/26', 'zh-CN': '/26' }, { en: '/28', 'zh-CN': '/28' }, { en: '/16', 'zh-CN': '/16' }],
    answer: 1,
    explanation: { en: 'blockSize defaults to 26 (64 addresses) for IPv4 and 122 for IPv6; it is immutable once the pool exists.', 'zh-CN': 'blockSize 默认 IPv4 为 26（64 个地址），IPv6 为 122；地址池创建后不可修改。' },
  },
  {
    id: 'ipam-blackhole', topic: 'ipam', type: 'tf',
    prompt: { en: 'A node holds a blackhole route for each IPAM block affine to it.', 'zh-CN': '节点会为每个与之亲和的 IPAM 地址块保留一条 blackhole 路由。' },
    answer: true,
    explanation: { en: '`blackhole 10.244.0.0/24 proto bird` drops traffic to unallocated addresses of the node\'s own block; pods get /32 routes via their cali interfaces.', 'zh-CN': '`blackhole 10.244.0.0/24 proto bird` 丢弃发往本节点地址块中未分配地址的流量；Pod 通过各自的 cali 接口获得 /32 路由。' },
  },
  {
    id: 'ipam-tools', topic: 'ipam', type: 'multi',
    prompt: { en: 'Which commands show IPAM blocks and their usage?', 'zh-CN': '哪些命令可以显示 IPAM 地址块及其使用情况？' },
    options: [{ en: 'calicoctl ipam show --show-blocks', 'zh-CN': 'calicoctl ipam show --show-blocks' }, { en: 'kubectl get blockaffinities', 'zh-CN': 'kubectl get blockaffinities' }, { en: 'ip link show', 'zh-CN': 'ip link show' }, { en: 'calicoctl node status', 'zh-CN': 'calicoctl node status' }],
    answer: [0, 1],
    explanation: { en: 'calicoctl ipam show --show-blocks lists blocks with usage; BlockAffinity resources say which node owns which block. node status shows BGP peers.', 'zh-CN': 'calicoctl ipam show --show-blocks 列出地址块及使用率；BlockAffinity 资源说明哪个节点拥有哪个块。node status 显示的是 BGP 对等体。' },
  },
  // Encapsulation
  {
    id: 'encap-ipip-mtu', topic: 'encap', type: 'single',
    prompt: { en: 'With a 1500-byte underlay, what MTU does Calico give tunl0 in IPIP mode?', 'zh-CN': '底层网络 MTU 为 1500 时，IPIP 模式下 Calico 为 tunl0 设置的 MTU 是多少？' },
    options: [{ en: '1500', 'zh-CN': '1500' }, { en: '1480', 'zh-CN': '1480' }, { en: '1450', 'zh-CN': '1450' }, { en: '1440', 'zh-CN': '1440' }],
    answer: 1,
    explanation: { en: 'IPIP adds a 20-byte outer IP header: 1500 − 20 = 1480. VXLAN adds 50 bytes (1450).', 'zh-CN': 'IPIP 增加 20 字节的外层 IP 头：1500 − 20 = 1480。VXLAN 增加 50 字节（1450）。' },
  },
  {
    id: 'encap-crosssubnet', topic: 'encap', type: 'single',
    prompt: { en: 'ipipMode: CrossSubnet encapsulates traffic…', 'zh-CN': 'ipipMode: CrossSubnet 会封装哪些流量？' },
    options: [{ en: 'always', 'zh-CN': '所有流量' }, { en: 'only between nodes in different subnets', 'zh-CN': '仅不同子网节点之间的流量' }, { en: 'only between nodes in the same subnet', 'zh-CN': '仅同一子网节点之间的流量' }, { en: 'never', 'zh-CN': '从不' }],
    answer: 1,
    explanation: { en: 'Within a subnet packets are routed natively (via the peer, dev eth0); across subnets they go through tunl0.', 'zh-CN': '同一子网内直接路由（via 对端，dev eth0）；跨子网时经过 tunl0 封装。' },
  },
  {
    id: 'encap-never-l2', topic: 'encap', type: 'tf',
    prompt: { en: 'With ipipMode and vxlanMode both Never, pod traffic between nodes in different L2 segments works without extra routing in the underlay.', 'zh-CN': '当 ipipMode 和 vxlanMode 都为 Never 时，不同二层网段节点之间的 Pod 流量无需底层网络额外路由即可互通。' },
    answer: false,
    explanation: { en: 'Unencapsulated pod packets carry pod addresses; routers between segments must know the pod routes (peer them with BGP) or drop the packets.', 'zh-CN': '不封装时报文携带的是 Pod 地址；网段之间的路由器必须知道 Pod 路由（通过 BGP 对等），否则会丢弃报文。' },
  },
  // BGP and reflectors
  {
    id: 'bgp-mesh-count', topic: 'bgp', type: 'single',
    prompt: { en: 'In a node-to-node mesh of 10 nodes, how many BGP sessions does each node hold?', 'zh-CN': '10 个节点的全互联中，每个节点持有多少个 BGP 会话？' },
    options: [{ en: '1', 'zh-CN': '1' }, { en: '9', 'zh-CN': '9' }, { en: '10', 'zh-CN': '10' }, { en: '90', 'zh-CN': '90' }],
    answer: 1,
    explanation: { en: 'Each node peers with the n−1 others (the notes\' 1:9 model); the cluster has n·(n−1) session ends.', 'zh-CN': '每个节点与其余 n−1 个节点对等（笔记中的 1:9 模型）；整个集群共有 n·(n−1) 个会话端点。' },
  },
  {
    id: 'bgp-port', topic: 'bgp', type: 'single',
    prompt: { en: 'Which port must be open between BGP peers?', 'zh-CN': 'BGP 对等体之间必须放通哪个端口？' },
    options: [{ en: 'UDP 4789', 'zh-CN': 'UDP 4789' }, { en: 'TCP 179', 'zh-CN': 'TCP 179' }, { en: 'TCP 6443', 'zh-CN': 'TCP 6443' }, { en: 'IP protocol 4 only', 'zh-CN': '仅 IP 协议 4' }],
    answer: 1,
    explanation: { en: 'BGP runs over TCP 179. IPIP is IP protocol 4, VXLAN UDP 4789, the API server TCP 6443.', 'zh-CN': 'BGP 运行在 TCP 179 上。IPIP 是 IP 协议 4，VXLAN 是 UDP 4789，API Server 是 TCP 6443。' },
  },
  {
    id: 'bgp-rr-first', topic: 'bgp', type: 'tf',
    prompt: { en: 'It is safe to set nodeToNodeMeshEnabled: false before any route reflector is configured.', 'zh-CN': '在配置任何路由反射器之前就把 nodeToNodeMeshEnabled 设为 false 是安全的。' },
    answer: false,
    explanation: { en: 'Disabling the mesh drops every session at once: configure reflectors (routeReflectorClusterID, BGPPeers) first, then disable the mesh.', 'zh-CN': '关闭全互联会立即断开所有会话：应先配置反射器（routeReflectorClusterID、BGPPeer），再关闭全互联。' },
  },
  {
    id: 'bgp-rr-redundant', topic: 'bgp', type: 'multi',
    prompt: { en: 'Which statements about route reflectors are true?', 'zh-CN': '关于路由反射器，哪些说法正确？' },
    options: [
      { en: 'Reflectors should be redundant', 'zh-CN': '反射器应当冗余部署' },
      { en: 'Clients peer only with the reflectors', 'zh-CN': '客户端只与反射器建立对等' },
      { en: 'Reflectors rewrite the next hop to themselves', 'zh-CN': '反射器会把下一跳改写为自己' },
      { en: 'They suit large clusters', 'zh-CN': '适用于大规模集群' },
    ],
    answer: [0, 1, 3],
    explanation: { en: 'Reflectors turn N→N−1 into N→1; they keep the original next hop, so traffic still flows node to node. Run at least two.', 'zh-CN': '反射器把 N→N−1 变为 N→1；它们保留原始下一跳，流量仍在节点之间直接转发。至少部署两个。' },
  },
  {
    id: 'bgp-as', topic: 'bgp', type: 'single',
    prompt: { en: 'What is Calico\'s default AS number?', 'zh-CN': 'Calico 默认的 AS 号是多少？' },
    options: [{ en: '64512', 'zh-CN': '64512' }, { en: '65000', 'zh-CN': '65000' }, { en: '100', 'zh-CN': '100' }, { en: '4200000000', 'zh-CN': '4200000000' }],
    answer: 0,
    explanation: { en: 'BGPConfiguration default asNumber is 64512 (private range).', 'zh-CN': 'BGPConfiguration 默认 asNumber 为 64512（私有范围）。' },
  },
  // Policy
  {
    id: 'policy-select', topic: 'policy', type: 'tf',
    prompt: { en: 'Once a NetworkPolicy selects a pod for Ingress, traffic that no policy allows is dropped.', 'zh-CN': '一旦有 NetworkPolicy 在 Ingress 方向选中了某个 Pod，任何策略都未允许的流量都会被丢弃。' },
    answer: true,
    explanation: { en: 'Selected pods become default-deny for that direction; only allowed traffic passes (the default-deny drill).', 'zh-CN': '被选中的 Pod 在该方向上变为默认拒绝；只有被允许的流量才能通过（见默认拒绝故障演练）。' },
  },
  {
    id: 'policy-dns', topic: 'policy', type: 'single',
    prompt: { en: 'After applying a default-deny egress policy to a namespace, what usually breaks first?', 'zh-CN': '给一个名称空间应用默认拒绝出站的策略后，通常最先坏掉的是什么？' },
    options: [{ en: 'Name resolution (DNS, port 53)', 'zh-CN': '域名解析（DNS，53 端口）' }, { en: 'BGP sessions', 'zh-CN': 'BGP 会话' }, { en: 'IPAM allocation', 'zh-CN': 'IPAM 地址分配' }, { en: 'kubectl logs', 'zh-CN': 'kubectl logs' }],
    answer: 0,
    explanation: { en: 'Pods can no longer reach CoreDNS: always pair default-deny with an allow for UDP/TCP 53 to kube-dns.', 'zh-CN': 'Pod 无法再访问 CoreDNS：默认拒绝策略务必配合放行到 kube-dns 的 UDP/TCP 53。' },
  },
  // Troubleshooting
  {
    id: 'ts-routes-missing', topic: 'troubleshooting', type: 'multi',
    prompt: { en: 'One node\'s pod block is missing from the other nodes\' routes. What do you check?', 'zh-CN': '其他节点的路由中缺少某个节点的 Pod 地址块。你会检查什么？' },
    options: [
      { en: 'BGP session state (calicoctl node status / birdcl show protocols)', 'zh-CN': 'BGP 会话状态（calicoctl node status / birdcl show protocols）' },
      { en: 'Firewall rules for TCP 179 on that node', 'zh-CN': '该节点上针对 TCP 179 的防火墙规则' },
      { en: 'The node\'s autodetected BGP address', 'zh-CN': '该节点自动探测到的 BGP 地址' },
      { en: 'The pod\'s container image', 'zh-CN': 'Pod 的容器镜像' },
    ],
    answer: [0, 1, 2],
    explanation: { en: 'Missing routes mean BIRD learned nothing: look at the sessions, then what blocks them (a firewall, a wrong autodetected IP).', 'zh-CN': '缺少路由说明 BIRD 没有学到：先看会话，再看是什么阻断了它们（防火墙、自动探测到错误 IP）。' },
  },
  {
    id: 'ts-mtu', topic: 'troubleshooting', type: 'single',
    prompt: { en: 'Small pings work but large transfers stall between two nodes. Which test confirms an MTU problem?', 'zh-CN': '两个节点之间小包 ping 正常但大数据传输卡住。哪个测试能确认是 MTU 问题？' },
    options: [{ en: 'ping -s 1472 -M do PEER', 'zh-CN': 'ping -s 1472 -M do 对端' }, { en: 'ping -c 1 PEER', 'zh-CN': 'ping -c 1 对端' }, { en: 'kubectl get nodes', 'zh-CN': 'kubectl get nodes' }, { en: 'calicoctl get ippool', 'zh-CN': 'calicoctl get ippool' }],
    answer: 0,
    explanation: { en: 'A 1500-byte packet with Don\'t Fragment fails where the path MTU is smaller; `ip link` then shows which interface differs.', 'zh-CN': '带“禁止分片”的 1500 字节报文在路径 MTU 更小时会失败；再用 `ip link` 找出哪个接口不一致。' },
  },
  // Hands-on tasks, graded by lab checks on the exam's cluster
  {
    id: 'task-route', topic: 'troubleshooting', type: 'task', points: 2,
    prompt: { en: 'On k8s-master01, add a static route to 10.99.0.0/16 via 172.16.11.81.', 'zh-CN': '在 k8s-master01 上添加一条静态路由：10.99.0.0/16 经由 172.16.11.81。' },
    checks: [{ id: 'route', route: { node: 'k8s-master01', dst: '10.99.0.0/16', via: '172.16.11.81' } }],
    explanation: { en: '`ip route add 10.99.0.0/16 via 172.16.11.81`', 'zh-CN': '`ip route add 10.99.0.0/16 via 172.16.11.81`' },
  },
  {
    id: 'task-ippool', topic: 'ipam', type: 'task', points: 2,
    prompt: { en: 'Create an IPPool named exam-pool for 10.250.0.0/16 with ipipMode Never.', 'zh-CN': '创建名为 exam-pool 的 IPPool，CIDR 为 10.250.0.0/16，ipipMode 为 Never。' },
    checks: [
      { id: 'cidr', ippool: { name: 'exam-pool', field: 'spec.cidr', equals: '10.250.0.0/16' } },
      { id: 'ipip', ippool: { name: 'exam-pool', field: 'spec.ipipMode', equals: 'Never' } },
    ],
    explanation: {
      en: 'Write a `crd.projectcalico.org/v1` IPPool manifest (spec.cidr, spec.ipipMode: Never) and `kubectl apply -f` it.',
      'zh-CN': '编写 `crd.projectcalico.org/v1` 的 IPPool 清单（spec.cidr、spec.ipipMode: Never），再 `kubectl apply -f`。',
    },
  },
  {
    id: 'task-mtu', topic: 'encap', type: 'task', points: 2,
    prompt: { en: 'Set the MTU of k8s-node02\'s eth0 to 9000 (jumbo frames).', 'zh-CN': '把 k8s-node02 的 eth0 的 MTU 设为 9000（巨型帧）。' },
    checks: [{ id: 'mtu', link: { node: 'k8s-node02', dev: 'eth0', mtu: 9000 } }],
    explanation: { en: '`ssh k8s-node02 ip link set eth0 mtu 9000`', 'zh-CN': '`ssh k8s-node02 ip link set eth0 mtu 9000`' },
  },
];
