/** The shape of the simulated world: plain JSON, so a snapshot is `JSON.stringify(state)`. */
import type { ClockState } from './clock';
import type { EtcdServerState } from './calico/datastore-etcd';
import type { RngState } from './random';
import type { ApiStore } from './k8s/objects';
import type { Link } from './net/link';
import type { Route } from './net/route';
import type { FsState } from './fs';
import type { BirdState } from './calico/bird-types';
import type { CaptureRecord } from './net/capture-log';
import type { IptablesState } from './net/iptables-types';

export interface Subnet {
  cidr: string;
  gateway: string;
}

/** A pod's network namespace on its node: the veth pair the CNI plugin made. */
export interface PodNet {
  namespace: string;
  pod: string;
  ip: string;
  hostVeth: string;
  hostIfindex: number;
  podMac: string;
  netnsName: string; // cni-<uuid>
  handle: string;
}

export interface CalicoNodeProcess {
  startedAt: number;
  /** The address BIRD and the BGP sessions use (autodetected or set by IP_AUTODETECTION_METHOD). */
  bgpIp: string;
  backend: 'bird' | 'vxlan' | 'none';
}

export interface NodeState {
  name: string;
  power: 'on' | 'off';
  ip: string;
  prefix: number;
  gateway: string;
  links: Link[];
  nextIfindex: number;
  routes: Route[];
  fs: FsState;
  pods: Record<string, PodNet>; // keyed by namespace/name
  /** Images already pulled by containerd, so a second pod of the same image starts faster. */
  images: string[];
  calico: CalicoNodeProcess | null;
  bird: BirdState | null;
  /**
   * Which tcpdump the node's OS ships, for its output format: absent means 4.9 (Ubuntu 18.04/20.04
   * and CentOS, as on the course notes' nodes); a scenario sets '4.99' for Debian 12 / Ubuntu 22.04.
   */
  tcpdumpVersion?: '4.9' | '4.99';
  /** Netfilter tables and ipsets; absent until Felix or the iptables command first touches them. */
  iptables?: IptablesState;
  /** When the node last powered on (simulated ms); absent: before the cluster was built (`system/host.ts`). */
  bootedAt?: number;
  /** Kernel modules loaded with `modprobe` beyond those the node's devices pull in (`system/kernel.ts`). */
  modulesLoaded?: string[];
  /** sysctl values a student wrote, by key; read back by sysctl and /proc/sys (`system/kernel.ts`). */
  sysctlWritten?: Record<string, string>;
  /** When `systemctl stop kubelet` stopped the kubelet (simulated ms); absent while it runs (`system/kubelet-service.ts`). */
  kubeletStoppedAt?: number;
  /** When `systemctl start kubelet` last started it, and when it had stopped; absent: it has run since boot. */
  kubeletRestartedAt?: number;
  kubeletLastStopAt?: number;
  /** Since when the kubelet cannot reach the API server over the network (eth0 down here or on the API server's node). */
  kubeletCutOffAt?: number;
}

export interface WorldState {
  format: 1;
  scenario: string;
  seed: number;
  rng: RngState;
  clock: ClockState;
  subnets: Subnet[];
  podSubnet: string;
  nodes: NodeState[];
  /** Routers of the fabric that are not Kubernetes nodes (a ToR speaking BGP, the rack router). */
  routers?: NodeState[];
  api: ApiStore;
  calicoVersion: string;
  /** Summaries of the captures students ran (what each saw), newest last; bounded. */
  captures?: CaptureRecord[];
  /** Calico's own etcd, in the scenarios that install Calico with calico-etcd.yaml (calico/datastore-etcd.ts). */
  etcd?: EtcdServerState;
  /** The taint manager's scheduled pod deletions, by `namespace/name` (`k8s/taint-eviction.ts`). */
  taintEvictions?: Record<string, TaintEviction>;
  /** When the zone's NoExecute tainting queue may taint its next node (rate limit), and whether a wake-up is queued. */
  taintQueue?: { freeAt: number; wakeAt?: number };
}

export interface TaintEviction {
  uid: string;
  /** When the pod's toleration runs out (simulated ms). */
  at: number;
  /** The deletion was made: the pod is Terminating until its kubelet confirms. */
  done?: boolean;
}
