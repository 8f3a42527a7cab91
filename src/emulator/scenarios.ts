/**
 * Scenarios: the clusters a student can start from. The default is the course notes' kubeadm
 * cluster before Calico: four nodes on 172.16.11.0/24, pod network 10.244.0.0/16, nodes NotReady.
 */
import { clockNew } from './clock';
import { kubeadmServices } from './k8s/services';
import { rngMac } from './random';
import type { NodeState, WorldState } from './state';
import { apiCreate } from './k8s/factory';
import { fsMkdirP } from './fs';
import type { FsState } from './fs';
import { cidrFormat, cidrParse, prefixMask } from './net/ip';
import { scenarioLayout } from './scenarios-bgp';
import { nodeFilesystem } from './node-files';
import type { EncapChoice } from './scenario-options';

export interface ScenarioOptions {
  scenario?: string;
  nodes?: number;
  seed?: number;
  /** The default pool's encapsulation (scenario-options.ts); on `default` and `two-rack` it installs Calico too. */
  mode?: EncapChoice;
}

/**
 * `default`: the notes' cluster before Calico. `installed`: Calico applied with the notes' edits
 * (CIDR 10.244.0.0/16, block size 24) and converged. `rr`: installed, 6 nodes plus two route
 * reflector candidates k8s-rr01/k8s-rr02. `two-rack`: rack A 172.16.11.0/24 and rack B
 * 172.16.12.0/24 joined by a router, Calico not installed. `tor`: installed, with a ToR router
 * (tor01, 172.16.11.1, AS 65001) configured to peer with every node. See scenarios-bgp.ts.
 * `etcd`: Calico installed with calico-etcd.yaml against its own etcd on k8s-master01
 * (calico/etcd-scenario.ts).
 */
export const SCENARIOS = ['default', 'installed', 'rr', 'two-rack', 'tor', 'etcd'] as const;

/** Simulated time 0: the moment the student opens the lab (kubeadm finished 41 minutes earlier). */
const EPOCH = Date.UTC(2024, 4, 6, 5, 58, 0);
const MINUTE = 60_000;

export function nodeNames(count: number): string[] {
  const names = ['k8s-master01'];
  for (let i = 1; i < count; i++) names.push(`k8s-node${String(i).padStart(2, '0')}`);
  return names;
}

export function scenarioExists(name: string): boolean {
  return (SCENARIOS as readonly string[]).includes(name);
}

export function buildScenario(opts: ScenarioOptions): WorldState {
  const name = opts.scenario ?? 'default';
  if (!scenarioExists(name)) throw new Error(`unknown scenario: ${name}`);
  const count = Math.max(1, Math.min(opts.nodes ?? 4, 1000));
  const state: WorldState = {
    format: 1,
    scenario: name,
    seed: opts.seed ?? 1,
    rng: { s: opts.seed ?? 1 },
    clock: clockNew(EPOCH),
    subnets: [{ cidr: '172.16.11.0/24', gateway: '172.16.11.1' }],
    podSubnet: '10.244.0.0/16',
    nodes: [],
    api: { revision: 1000, objects: {} },
    calicoVersion: 'v3.26.1',
  };
  const layout = scenarioLayout(name, opts.nodes === undefined ? undefined : count);
  state.subnets = layout.subnets.map((s) => ({ cidr: s.cidr, gateway: s.gateway }));
  const names = layout.nodes.map((n) => n.name);
  const ips = layout.nodes.map((n) => n.ip);
  const hosts = names.map((n, i) => `${ips[i]} ${n}`);
  layout.nodes.forEach((n, i) => state.nodes.push(makeNode(state, n.name, n.ip, i === 0, hosts, n.subnet)));
  createKubeadmObjects(state, names, ips);
  return state;
}

/** The subnet a node is on: its prefix, gateway and broadcast address. */
export interface NodeSubnet {
  cidr: string;
  gateway: string;
}

/**
 * Node addresses: 172.16.11.80, .81, ... on 172.16.11.0/24 while they fit (up to 170 nodes);
 * a larger cluster is one flat 172.16.0.0/16 (gateway still 172.16.11.1), its addresses running
 * on past .250 into 172.16.12.x and beyond.
 */
export function nodeAddress(i: number): string {
  const n = (cidrParse('172.16.11.0/24')!.network + 80 + i) >>> 0;
  return cidrFormat(n, 32).replace('/32', '');
}

function makeNode(state: WorldState, name: string, ip: string, master: boolean, hosts: string[], subnet: NodeSubnet = { cidr: '172.16.11.0/24', gateway: '172.16.11.1' }): NodeState {
  const net = cidrParse(subnet.cidr)!;
  const brd = cidrFormat((net.network | (~prefixMask(net.prefix) >>> 0)) >>> 0, 32).replace('/32', '');
  const fs: FsState = nodeFilesystem(name, ip, master, hosts);
  fsMkdirP(fs, '/etc/cni/net.d');
  return {
    name,
    power: 'on',
    ip,
    prefix: net.prefix,
    gateway: subnet.gateway,
    links: [
      { index: 1, name: 'lo', kind: 'loopback', mac: '00:00:00:00:00:00', mtu: 65536, up: true, qdisc: 'noqueue', addrs: [{ cidr: '127.0.0.1/8', scope: 'host' }] },
      { index: 2, name: 'eth0', kind: 'ether', mac: rngMac(state.rng, '00:0c:29'), mtu: 1500, up: true, qdisc: 'fq_codel', addrs: [{ cidr: `${ip}/${net.prefix}`, scope: 'global', brd }] },
    ],
    nextIfindex: 3,
    routes: [
      { type: 'unicast', dst: '0.0.0.0/0', via: subnet.gateway, dev: 'eth0', proto: 'static', scope: 'global' },
      { type: 'unicast', dst: subnet.cidr, dev: 'eth0', proto: 'kernel', scope: 'link', src: ip },
    ],
    fs,
    pods: {},
    images: ['registry.k8s.io/kube-proxy:v1.28.2', 'registry.k8s.io/pause:3.9'],
    calico: null,
    bird: null,
  };
}

function createKubeadmObjects(state: WorldState, names: string[], ips: string[]): void {
  const t0 = -41 * MINUTE;
  for (const ns of ['default', 'kube-node-lease', 'kube-public', 'kube-system']) {
    apiCreate(state, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns }, spec: {}, status: { phase: 'Active' } }, t0);
  }
  // The workers join three a minute from six minutes after the master; a large cluster's joins
  // are spread over the same half hour instead (at three a minute, node 500 would join 2 h after
  // the world's "now", and its pods' ages print <invalid>).
  const joinMinutes = 34;
  names.forEach((name, i) => {
    const after = names.length - 1 <= joinMinutes * 3 ? Math.floor(i / 3) * MINUTE : Math.floor(((i - 1) * joinMinutes * MINUTE) / (names.length - 1));
    const created = i === 0 ? t0 : t0 + 6 * MINUTE + after;
    apiCreate(state, nodeObject(name, ips[i], i), created);
  });
  apiCreate(state, {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'kubeadm-config', namespace: 'kube-system' },
    data: {
      ClusterConfiguration: [
        'apiVersion: kubeadm.k8s.io/v1beta3',
        'kind: ClusterConfiguration',
        'kubernetesVersion: v1.28.2',
        'networking:',
        '  dnsDomain: cluster.local',
        `  podSubnet: ${state.podSubnet}`,
        '  serviceSubnet: 10.96.0.0/12',
        '',
      ].join('\n'),
    },
  }, t0);
  for (const c of ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler']) {
    apiCreate(state, staticPod(c, names[0], ips[0]), t0 - 14_000);
  }
  apiCreate(state, kubeProxyDaemonSet(), t0);
  apiCreate(state, corednsDeployment(), t0);
  kubeadmServices(state, ips[0], t0);
  // The world starts when kubeadm finished; World.create runs the cluster forward to time 0, so
  // kube-proxy starts and coredns waits for a network exactly as they did on the real cluster.
  state.clock.now = t0;
}

function nodeObject(name: string, ip: string, index: number) {
  const master = index === 0;
  const labels: Record<string, string> = {
    'beta.kubernetes.io/arch': 'amd64',
    'beta.kubernetes.io/os': 'linux',
    'kubernetes.io/arch': 'amd64',
    'kubernetes.io/hostname': name,
    'kubernetes.io/os': 'linux',
  };
  if (master) {
    labels['node-role.kubernetes.io/control-plane'] = '';
    labels['node.kubernetes.io/exclude-from-external-load-balancers'] = '';
  }
  const taints = [{ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }];
  if (master) taints.unshift({ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' });
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      labels,
      annotations: {
        'kubeadm.alpha.kubernetes.io/cri-socket': 'unix:///var/run/containerd/containerd.sock',
        'node.alpha.kubernetes.io/ttl': '0',
        'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
      },
    },
    spec: { podCIDR: `10.244.${index}.0/24`, podCIDRs: [`10.244.${index}.0/24`], taints },
    status: {
      addresses: [
        { address: ip, type: 'InternalIP' },
        { address: name, type: 'Hostname' },
      ],
      conditions: [],
      nodeInfo: {
        architecture: 'amd64',
        containerRuntimeVersion: 'containerd://1.6.24',
        kernelVersion: '5.15.0-88-generic',
        kubeProxyVersion: 'v1.28.2',
        kubeletVersion: 'v1.28.2',
        operatingSystem: 'linux',
        osImage: 'Ubuntu 22.04.3 LTS',
      },
      capacity: { cpu: '2', memory: '4005888Ki', pods: '110' },
    },
  };
}

function staticPod(component: string, node: string, ip: string) {
  const images: Record<string, string> = {
    etcd: 'registry.k8s.io/etcd:3.5.9-0',
    'kube-apiserver': 'registry.k8s.io/kube-apiserver:v1.28.2',
    'kube-controller-manager': 'registry.k8s.io/kube-controller-manager:v1.28.2',
    'kube-scheduler': 'registry.k8s.io/kube-scheduler:v1.28.2',
  };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `${component}-${node}`, namespace: 'kube-system', labels: { component, tier: 'control-plane' } },
    spec: {
      nodeName: node,
      hostNetwork: true,
      priorityClassName: 'system-node-critical',
      containers: [{ name: component, image: images[component] }],
      tolerations: [{ operator: 'Exists', effect: 'NoExecute' }],
    },
    status: { phase: 'Pending', hostIP: ip },
  };
}

function kubeProxyDaemonSet() {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'kube-proxy', namespace: 'kube-system', labels: { 'k8s-app': 'kube-proxy' }, generation: 1 },
    spec: {
      selector: { matchLabels: { 'k8s-app': 'kube-proxy' } },
      template: {
        metadata: { labels: { 'k8s-app': 'kube-proxy' } },
        spec: {
          hostNetwork: true,
          priorityClassName: 'system-node-critical',
          serviceAccountName: 'kube-proxy',
          containers: [{ name: 'kube-proxy', image: 'registry.k8s.io/kube-proxy:v1.28.2' }],
          tolerations: [{ operator: 'Exists' }],
        },
      },
    },
  };
}

function corednsDeployment() {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'coredns', namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' }, generation: 1 },
    spec: {
      replicas: 2,
      selector: { matchLabels: { 'k8s-app': 'kube-dns' } },
      template: {
        metadata: { labels: { 'k8s-app': 'kube-dns' } },
        spec: {
          priorityClassName: 'system-cluster-critical',
          containers: [{ name: 'coredns', image: 'registry.k8s.io/coredns/coredns:v1.10.1', ports: [{ containerPort: 53, name: 'dns', protocol: 'UDP' }] }],
          tolerations: [
            { key: 'CriticalAddonsOnly', operator: 'Exists' },
            { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' },
          ],
        },
      },
    },
  };
}
