/**
 * The node kernel's loaded modules and its /proc/sys tunables, derived from the world: `ipip`
 * appears once tunl0 exists, `vxlan` with vxlan.calico, `veth` with the first pod, Felix's ipset
 * and xt modules once calico-node has run; each interface has its net.ipv4.conf.<if>.* entries,
 * and Felix's settings on the cali* veths (proxy_arp=1, forwarding=1, route_localnet=1,
 * rp_filter=1, neigh proxy_delay=0). Values a student wrote (`sysctl -w`, `echo > /proc/sys/…`)
 * are kept in the node's `sysctlWritten` and read back; the packet path consults forwarding (`nodeForwardsFrom`).
 */
import type { World } from '../world';
import type { NodeState } from '../state';
import { KERNEL_RELEASE, KERNEL_VERSION } from './host';

export interface KernelModule {
  name: string;
  size: number;
  /** Users that are not modules (rules, sockets, devices). */
  refs: number;
  /** Modules this one needs; they list it under "Used by". */
  deps: string[];
}

type M = [name: string, size: number, refs: number, deps?: string[]];

/** Loaded at boot on the lab's VMware guests (Ubuntu 22.04, 5.15), oldest last as lsmod prints. */
const BOOT: M[] = [
  ['tls', 114688, 0], ['vmw_vsock_vmci_transport', 32768, 2, ['vsock', 'vmw_vmci']], ['vsock', 49152, 3], ['binfmt_misc', 24576, 1],
  ['intel_rapl_msr', 20480, 0], ['intel_rapl_common', 40960, 0, []], ['vmw_balloon', 24576, 0, ['vmw_vmci']], ['rapl', 20480, 0],
  ['joydev', 32768, 0], ['input_leds', 16384, 0], ['serio_raw', 20480, 0], ['vmw_vmci', 86016, 1], ['mac_hid', 16384, 0],
  ['sch_fq_codel', 20480, 2], ['dm_multipath', 40960, 0], ['scsi_dh_rdac', 20480, 0], ['scsi_dh_emc', 16384, 0],
  ['scsi_dh_alua', 20480, 0], ['msr', 16384, 0], ['efi_pstore', 16384, 0], ['ip_tables', 32768, 0], ['x_tables', 53248, 1, []],
  ['autofs4', 49152, 2], ['btrfs', 1560576, 0, ['xor', 'raid6_pq', 'libcrc32c']], ['raid10', 69632, 0], ['raid456', 163840, 0, ['async_raid6_recov', 'async_memcpy', 'async_pq', 'async_xor', 'async_tx', 'xor', 'raid6_pq', 'libcrc32c']],
  ['async_raid6_recov', 24576, 0, ['async_memcpy', 'async_pq', 'raid6_pq', 'async_xor', 'async_tx']], ['async_memcpy', 20480, 0, ['async_tx']],
  ['async_pq', 24576, 0, ['async_xor', 'async_tx', 'raid6_pq']], ['async_xor', 20480, 0, ['async_tx', 'xor']], ['async_tx', 20480, 0],
  ['xor', 24576, 0], ['raid6_pq', 122880, 0], ['libcrc32c', 16384, 0], ['raid1', 49152, 0], ['raid0', 24576, 0],
  ['multipath', 20480, 0], ['linear', 20480, 0], ['vmwgfx', 372736, 1, ['drm_kms_helper', 'ttm', 'drm']], ['crct10dif_pclmul', 16384, 1],
  ['crc32_pclmul', 16384, 0], ['ghash_clmulni_intel', 16384, 0], ['aesni_intel', 376832, 0, ['crypto_simd', 'cryptd']],
  ['crypto_simd', 16384, 0, ['cryptd']], ['ttm', 86016, 0, ['drm']], ['cryptd', 24576, 1], ['drm_kms_helper', 311296, 0, ['drm']],
  ['psmouse', 176128, 0], ['syscopyarea', 16384, 0], ['sysfillrect', 20480, 0], ['sysimgblt', 16384, 0], ['fb_sys_fops', 16384, 0],
  ['vmxnet3', 69632, 0], ['cec', 61440, 0], ['ahci', 45056, 0, ['libahci']], ['rc_core', 65536, 0, []], ['libahci', 45056, 0],
  ['mptspi', 24576, 2, ['mptscsih', 'mptbase', 'scsi_transport_spi']], ['drm', 622592, 3, []], ['mptscsih', 45056, 0, ['mptbase']],
  ['mptbase', 106496, 0], ['scsi_transport_spi', 40960, 0], ['i2c_piix4', 32768, 0], ['pata_acpi', 16384, 0],
];

/** kubeadm's prerequisites (overlay, br_netfilter) and kube-proxy's iptables on the nf_tables backend. */
const KUBERNETES: M[] = [
  ['xt_statistic', 16384, 3], ['xt_nat', 16384, 11, ['nf_nat', 'x_tables']], ['xt_comment', 16384, 40, ['x_tables']], ['xt_addrtype', 16384, 4, ['x_tables']],
  ['xt_mark', 16384, 14, ['x_tables']], ['xt_MASQUERADE', 20480, 3, ['nf_nat', 'x_tables']], ['xt_conntrack', 16384, 8, ['nf_conntrack', 'x_tables']],
  ['nft_chain_nat', 16384, 4, ['nf_nat', 'nf_tables']], ['nf_nat', 49152, 0, ['nf_conntrack', 'libcrc32c']], ['nf_conntrack', 172032, 0, ['nf_defrag_ipv6', 'nf_defrag_ipv4', 'libcrc32c']],
  ['nf_defrag_ipv6', 24576, 0], ['nf_defrag_ipv4', 16384, 0], ['nft_compat', 20480, 72, ['nf_tables', 'x_tables']], ['nf_tables', 249856, 323, ['nfnetlink']],
  ['nfnetlink', 20480, 2], ['br_netfilter', 32768, 0, ['bridge']], ['bridge', 307200, 0, ['stp', 'llc']], ['stp', 16384, 0, ['llc']], ['llc', 16384, 0],
  ['overlay', 151552, 10],
];

/** What Felix's iptables rules and ipsets pull in. */
const FELIX: M[] = [
  ['xt_multiport', 20480, 2, ['x_tables']], ['ip_set_hash_net', 53248, 2, ['ip_set']], ['ip_set_hash_ip', 49152, 1, ['ip_set']], ['xt_set', 20480, 6, ['ip_set', 'x_tables']],
  ['ip_set', 57344, 0, ['nfnetlink']], ['nf_conntrack_netlink', 53248, 0, ['nf_conntrack', 'nfnetlink']],
];

const VETH: M[] = [['veth', 36864, 0]];
const IPIP: M[] = [['ipip', 20480, 0, ['tunnel4', 'ip_tunnel']], ['tunnel4', 16384, 0], ['ip_tunnel', 32768, 0]];
const VXLAN: M[] = [['vxlan', 86016, 0, ['ip6_udp_tunnel', 'udp_tunnel']], ['ip6_udp_tunnel', 16384, 0], ['udp_tunnel', 32768, 0]];

/** Modules any `modprobe` can load (the rest answer "not found"). */
export const KNOWN_MODULES = new Set([...BOOT, ...KUBERNETES, ...FELIX, ...VETH, ...IPIP, ...VXLAN, ['wireguard', 94208, 0] as M, ['ip_vs', 176128, 0] as M, ['nf_conntrack_ipv4', 0, 0] as M].map((m) => m[0]));

const EXTRA: Record<string, M[]> = {
  wireguard: [['wireguard', 94208, 0, ['curve25519_x86_64', 'libchacha20poly1305', 'ip6_udp_tunnel', 'udp_tunnel']], ['curve25519_x86_64', 36864, 0], ['libchacha20poly1305', 16384, 0]],
  ip_vs: [['ip_vs', 176128, 0, ['nf_conntrack', 'nf_defrag_ipv6', 'libcrc32c']]],
};

/** Loaded modules, newest first, with who uses each (lsmod's view). */
export function kernelModules(world: World, node: NodeState): (KernelModule & { usedBy: string[] })[] {
  void world;
  const links = node.links;
  const calicoRan = !!node.calico || links.some((l) => l.name === 'tunl0' || l.name.startsWith('cali') || l.kind === 'vxlan');
  const layers: M[][] = [BOOT, KUBERNETES];
  if (calicoRan) layers.push(FELIX);
  if (links.some((l) => l.kind === 'veth')) layers.push(VETH);
  if (links.some((l) => l.kind === 'ipip') || node.modulesLoaded?.includes('ipip')) layers.push(IPIP);
  if (links.some((l) => l.kind === 'vxlan') || node.modulesLoaded?.includes('vxlan')) layers.push(VXLAN);
  for (const m of node.modulesLoaded ?? []) {
    const known = [...BOOT, ...KUBERNETES, ...FELIX, ...VETH, ...IPIP, ...VXLAN].filter((x) => x[0] === m);
    layers.push(EXTRA[m] ?? known);
  }
  const seen = new Set<string>();
  const list: KernelModule[] = [];
  for (const layer of layers) {
    const fresh = layer.filter((m) => !seen.has(m[0]));
    fresh.forEach((m) => seen.add(m[0]));
    list.unshift(...fresh.map(([name, size, refs, deps]) => ({ name, size, refs, deps: deps ?? [] })));
  }
  const loaded = new Set(list.map((m) => m.name));
  return list.map((m) => {
    const usedBy = list.filter((o) => o.deps.includes(m.name) && loaded.has(o.name)).map((o) => o.name);
    // Tunnels and veths are held by their devices.
    const devices = m.name === 'ipip' ? 0 : m.name === 'veth' ? 0 : m.refs;
    return { ...m, refs: devices, usedBy };
  });
}

/** The per-interface name in sysctl keys: dots become slashes (`vxlan/calico`). */
export function sysctlIfName(dev: string): string {
  return dev.replace(/\./g, '/');
}

/** net.ipv4.conf.<if>.* in the kernel's (alphabetical) order, 5.15's set. */
const CONF_KEYS = [
  'accept_local', 'accept_redirects', 'accept_source_route', 'arp_accept', 'arp_announce', 'arp_filter', 'arp_ignore', 'arp_notify',
  'bc_forwarding', 'bootp_relay', 'disable_policy', 'disable_xfrm', 'drop_gratuitous_arp', 'drop_unicast_in_l2_multicast',
  'force_igmp_version', 'forwarding', 'igmpv2_unsolicited_report_interval', 'igmpv3_unsolicited_report_interval',
  'ignore_routes_with_linkdown', 'log_martians', 'mc_forwarding', 'medium_id', 'promote_secondaries', 'proxy_arp', 'proxy_arp_pvlan',
  'route_localnet', 'rp_filter', 'secure_redirects', 'send_redirects', 'shared_media', 'src_valid_mark', 'tag',
];

const CONF_DEFAULTS: Record<string, string> = {
  accept_local: '0', accept_redirects: '1', accept_source_route: '0', arp_accept: '0', arp_announce: '0', arp_filter: '0', arp_ignore: '0',
  arp_notify: '0', bc_forwarding: '0', bootp_relay: '0', disable_policy: '0', disable_xfrm: '0', drop_gratuitous_arp: '0',
  drop_unicast_in_l2_multicast: '0', force_igmp_version: '0', forwarding: '1', igmpv2_unsolicited_report_interval: '10000',
  igmpv3_unsolicited_report_interval: '1000', ignore_routes_with_linkdown: '0', log_martians: '0', mc_forwarding: '0', medium_id: '0',
  promote_secondaries: '0', proxy_arp: '0', proxy_arp_pvlan: '0', route_localnet: '0', rp_filter: '2', secure_redirects: '1',
  send_redirects: '1', shared_media: '1', src_valid_mark: '0', tag: '0',
};

/** Per-interface values that differ from the defaults above. */
function confValue(dev: string, key: string, isCali: boolean): string {
  if (isCali) {
    // Felix's configureInterface on a workload's host veth.
    if (key === 'proxy_arp' || key === 'route_localnet' || key === 'rp_filter' || key === 'forwarding') return '1';
  }
  if (dev === 'lo' && key === 'rp_filter') return '0';
  if (dev === 'lo' && key === 'promote_secondaries') return '1';
  if ((dev === 'all' || dev === 'default') && key === 'accept_source_route') return dev === 'default' ? '1' : '0';
  if (dev !== 'all' && dev !== 'default' && dev !== 'lo' && key === 'promote_secondaries') return '1';
  return CONF_DEFAULTS[key];
}

/** Scalars outside the per-interface tables (a kubeadm node: forwarding and bridge netfilter on). */
function globalKeys(node: NodeState): [string, string][] {
  const keys: [string, string][] = [
    ['kernel.hostname', node.name],
    ['kernel.osrelease', KERNEL_RELEASE],
    ['kernel.ostype', 'Linux'],
    ['kernel.panic', '10'],
    ['kernel.panic_on_oops', '1'],
    ['kernel.pid_max', '4194304'],
    ['kernel.version', KERNEL_VERSION],
    ['net.core.netdev_max_backlog', '1000'],
    ['net.core.rmem_default', '212992'],
    ['net.core.rmem_max', '212992'],
    ['net.core.somaxconn', '4096'],
    ['net.core.wmem_default', '212992'],
    ['net.core.wmem_max', '212992'],
    ['net.ipv4.conf.__IFACES__', ''],
    ['net.ipv4.icmp_echo_ignore_all', '0'],
    ['net.ipv4.icmp_echo_ignore_broadcasts', '1'],
    ['net.ipv4.ip_default_ttl', '64'],
    ['net.ipv4.ip_forward', '1'],
    ['net.ipv4.ip_local_port_range', '32768\t60999'],
    ['net.ipv4.ip_nonlocal_bind', '0'],
    ['net.ipv4.neigh.__IFACES__', ''],
    ['net.ipv4.tcp_congestion_control', 'cubic'],
    ['net.ipv4.tcp_fin_timeout', '60'],
    ['net.ipv4.tcp_keepalive_time', '7200'],
    ['net.ipv4.tcp_max_syn_backlog', '512'],
    ['net.ipv4.tcp_syncookies', '1'],
    ['net.ipv6.conf.all.disable_ipv6', '0'],
    ['net.ipv6.conf.all.forwarding', '0'],
    ['net.netfilter.nf_conntrack_count', '0'],
    ['net.netfilter.nf_conntrack_max', '131072'],
    ['vm.max_map_count', '65530'],
    ['vm.overcommit_memory', '1'],
    ['vm.swappiness', '60'],
  ];
  return keys;
}

/** Every sysctl of the node, in `sysctl -a` order (key, value). */
export function nodeSysctls(node: NodeState): [string, string][] {
  // The kernel keeps sysctl directories sorted by name, so `all` and `default` sort among the interfaces.
  const ifaces = ['all', 'default', ...node.links.map((l) => l.name)].sort();
  const out: [string, string][] = [];
  const bridge = true;
  for (const [k, v] of globalKeys(node)) {
    if (k === 'net.ipv4.conf.__IFACES__') {
      for (const dev of ifaces) for (const key of CONF_KEYS) out.push([`net.ipv4.conf.${sysctlIfName(dev)}.${key}`, confValue(dev, key, dev.startsWith('cali'))]);
    } else if (k === 'net.ipv4.neigh.__IFACES__') {
      for (const dev of ['default', ...node.links.map((l) => l.name)].sort()) out.push([`net.ipv4.neigh.${sysctlIfName(dev)}.proxy_delay`, dev.startsWith('cali') ? '0' : '80']);
    } else out.push([k, v]);
    if (k === 'kernel.version' && bridge) {
      // br_netfilter is loaded by kubeadm's prerequisites; /etc/sysctl.d/k8s.conf turns these on.
      out.push(['net.bridge.bridge-nf-call-arptables', '1'], ['net.bridge.bridge-nf-call-ip6tables', '1'], ['net.bridge.bridge-nf-call-iptables', '1']);
    }
  }
  const written = node.sysctlWritten ?? {};
  return out.map(([k, v]) => [k, written[k] ?? v]);
}

/**
 * Whether the kernel forwards a packet that arrived on `dev` (ip_route_input_slow checks the
 * ingress device's conf.<dev>.forwarding; without it ip_error drops the packet, no ICMP). Felix
 * writes ip_forward=1 only at its start of day (configureKernel), and the CNI plugin and Felix set
 * forwarding=1 on each new cali veth, so a write sticks until calico-node restarts or the node boots.
 */
export function nodeForwardsFrom(node: NodeState, dev: string): boolean {
  return node.sysctlWritten?.[`net.ipv4.conf.${sysctlIfName(dev)}.forwarding`] !== '0';
}

/** A sysctl key as its /proc/sys path, and back (interface names keep their dots in paths). */
export function sysctlPath(key: string): string {
  const parts = key.split('.');
  const iface = parts[0] === 'net' && (parts[2] === 'conf' || parts[2] === 'neigh') && parts.length === 5;
  return '/proc/sys/' + (iface ? [...parts.slice(0, 3), parts[3].replace(/\//g, '.'), parts[4]] : parts).join('/');
}

export function sysctlKeyFromPath(path: string): string {
  const rel = path.replace(/^\/proc\/sys\//, '').split('/');
  const iface = rel[0] === 'net' && (rel[2] === 'conf' || rel[2] === 'neigh') && rel.length === 5;
  return (iface ? [...rel.slice(0, 3), rel[3].replace(/\./g, '/'), rel[4]] : rel).join('.');
}
