/**
 * A node's processes, derived from the world each time they are asked for (nothing is stored):
 * the kernel's threads and systemd's services from boot, then one containerd shim, `/pause` and
 * the containers' programs for every pod the kubelet runs there. calico-node's container is the
 * runit tree of calico/node v3.26 (runsvdir, one runsv per service, felix, confd, bird, ...).
 *
 * Pids grow with start time (a few per second, like a quiet host's pid counter), so a pod that
 * is recreated, a container that restarts or a BIRD that is restarted gets a new, larger pid, and
 * the same world always gives the same pids.
 */
import type { World } from '../world';
import type { NodeState } from '../state';
import type { KObj } from '../k8s/objects';
import { storeList } from '../k8s/objects';
import { apiTimeMs, kubeletStartedAt, nodeBootedAt, stableHash, stableHex64 } from './host';

export interface Proc {
  pid: number;
  ppid: number;
  user: string;
  /** Simulated ms the process started. */
  start: number;
  /** Full command line (`ps -f` CMD; kernel threads in brackets). */
  cmd: string;
  /** The kernel's 15-character name (`/proc/PID/stat`, what ss prints). */
  comm: string;
  /** Fraction of one CPU it uses on average (for TIME and C). */
  load: number;
  /** systemd unit whose cgroup holds it. */
  unit?: string;
  /** The pod and container it belongs to, for crictl and ss. */
  pod?: { namespace: string; name: string; uid: string; container?: string };
  kernel?: boolean;
}

interface Spec {
  cmd: string;
  user?: string;
  load?: number;
  comm?: string;
  children?: Spec[];
  /** Starts this long after its parent (ms). */
  delay?: number;
  /** An absolute start time instead (BIRD: when calico-node last started it). */
  at?: number;
}

/** Kernel threads of a 2-CPU Ubuntu 5.15 guest, in the order the kernel creates them. */
const KTHREADS = [
  'rcu_gp', 'rcu_par_gp', 'slub_flushwq', 'netns', 'kworker/0:0H-events_highpri', 'mm_percpu_wq', 'rcu_tasks_rude_',
  'rcu_tasks_trace', 'ksoftirqd/0', 'rcu_sched', 'migration/0', 'idle_inject/0', 'cpuhp/0', 'cpuhp/1', 'idle_inject/1',
  'migration/1', 'ksoftirqd/1', 'kworker/1:0H-events_highpri', 'kdevtmpfs', 'inet_frag_wq', 'kauditd', 'khungtaskd',
  'oom_reaper', 'writeback', 'kcompactd0', 'ksmd', 'khugepaged', 'kintegrityd', 'kblockd', 'blkcg_punt_bio', 'tpm_dev_wq',
  'ata_sff', 'md', 'edac-poller', 'devfreq_wq', 'watchdogd', 'kswapd0', 'ecryptfs-kthrea', 'kthrotld', 'acpi_thermal_pm',
  'scsi_eh_0', 'scsi_tmf_0', 'vfio-irqfd-clea', 'mld', 'ipv6_addrconf', 'kstrp', 'zswap-shrink', 'charger_manager',
  'jbd2/sda2-8', 'ext4-rsv-conver',
];

/** The services systemd starts at boot, before the kubelet (pid order of a fresh Ubuntu server). */
function bootServices(node: NodeState): (Spec & { unit: string })[] {
  return [
    { unit: 'systemd-journald.service', cmd: '/lib/systemd/systemd-journald', load: 0.0004 },
    { unit: 'multipathd.service', cmd: '/sbin/multipathd -d -s', load: 0.0002 },
    { unit: 'systemd-udevd.service', cmd: '/lib/systemd/systemd-udevd', load: 0.0001 },
    { unit: 'systemd-networkd.service', cmd: '/lib/systemd/systemd-networkd', user: 'systemd-network', load: 0.0001 },
    { unit: 'systemd-resolved.service', cmd: '/lib/systemd/systemd-resolved', user: 'systemd-resolve', load: 0.0001 },
    { unit: 'systemd-timesyncd.service', cmd: '/lib/systemd/systemd-timesyncd', user: 'systemd-timesync' },
    { unit: 'cron.service', cmd: '/usr/sbin/cron -f -P' },
    { unit: 'dbus.service', cmd: '@dbus-daemon --system --address=systemd: --nofork --nopidfile --systemd-activation --syslog-only', comm: 'dbus-daemon', user: 'messagebus' },
    { unit: 'rsyslog.service', cmd: '/usr/sbin/rsyslogd -n -iNONE', user: 'syslog', comm: 'rsyslogd' },
    { unit: 'systemd-logind.service', cmd: '/lib/systemd/systemd-logind' },
    { unit: 'getty@tty1.service', cmd: '/sbin/agetty -o -p -- \\u --noclear tty1 linux', comm: 'agetty' },
    { unit: 'ssh.service', cmd: 'sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups', comm: 'sshd' },
    { unit: 'containerd.service', cmd: '/usr/bin/containerd', load: 0.006 },
    {
      unit: 'kubelet.service',
      cmd: `/usr/bin/kubelet --bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf --kubeconfig=/etc/kubernetes/kubelet.conf --config=/var/lib/kubelet/config.yaml --container-runtime-endpoint=unix:///var/run/containerd/containerd.sock --pod-infra-container-image=registry.k8s.io/pause:3.9`,
      load: node.name.includes('master') ? 0.021 : 0.012,
    },
  ];
}

/** calico/node v3.26's runit services (rc.local enables bird/bird6/confd only for the BIRD backend). */
function calicoNodeTree(world: World, node: NodeState, started: number): Spec {
  const bird = node.calico?.backend === 'bird';
  const services: [string, string, number][] = [
    ['felix', 'calico-node -felix', 0.015],
    ['monitor-addresses', 'calico-node -monitor-addresses', 0.0001],
    ['allocate-tunnel-addrs', 'calico-node -allocate-tunnel-addrs', 0.0002],
    ['node-status-reporter', 'calico-node -status-reporter', 0.0001],
    ['cni', 'calico-node -monitor-token', 0.0001],
  ];
  if (bird) services.push(['bird6', 'bird6 -R -s /var/run/calico/bird6.ctl -d -c /etc/calico/confd/config/bird6.cfg', 0.0001], ['confd', 'calico-node -confd', 0.002], ['bird', 'bird -R -s /var/run/calico/bird.ctl -d -c /etc/calico/confd/config/bird.cfg', 0.0005]);
  return {
    cmd: '/usr/local/bin/runsvdir -P /etc/service/enabled',
    comm: 'runsvdir',
    children: services.map(([svc, cmd, load]) => ({
      cmd: `runsv ${svc}`,
      comm: 'runsv',
      delay: 20,
      children:
        // BIRD runs only while calico-node's BIRD does (the world's node.bird), from when it last started.
        svc === 'bird' && !node.bird
          ? []
          : [{ cmd, load, delay: svc.startsWith('bird') ? 1_500 : 40, at: svc === 'bird' && node.bird ? Math.max(node.bird.startedAt, started) : undefined }],
    })),
  };
}

type Container = { name: string; image: string; command?: string[]; args?: string[]; env?: { name: string; value?: string }[] };

/** The program an image runs when the pod spec does not say (what its Dockerfile's ENTRYPOINT/CMD give). */
function containerSpec(world: World, node: NodeState, pod: KObj, c: Container, started: number): Spec {
  const image = c.image;
  const given = [...(c.command ?? []), ...(c.args ?? [])];
  if (/calico\/node:/.test(image)) return calicoNodeTree(world, node, started);
  if (/calico\/kube-controllers:/.test(image)) return { cmd: '/usr/bin/kube-controllers', load: 0.002 };
  if (/coredns/.test(image)) return { cmd: '/coredns -conf /etc/coredns/Corefile', load: 0.002, user: 'root' };
  if (/kube-proxy:/.test(image)) return { cmd: `/usr/local/bin/kube-proxy --config=/var/lib/kube-proxy/config.conf --hostname-override=${node.name}`, load: 0.001 };
  if (/kube-apiserver:/.test(image)) return { cmd: kubeadmCommand('kube-apiserver', node), load: 0.045 };
  if (/etcd:/.test(image) && pod.metadata.namespace === 'kube-system' && pod.metadata.name.startsWith('etcd-')) return { cmd: kubeadmCommand('etcd', node), load: 0.018 };
  if (/kube-controller-manager:/.test(image)) return { cmd: kubeadmCommand('kube-controller-manager', node), load: 0.011 };
  if (/kube-scheduler:/.test(image)) return { cmd: kubeadmCommand('kube-scheduler', node), load: 0.003 };
  if (/(^|\/)nginx(:|$)/.test(image) && !given.length) {
    // nginx's workers run as the image's user 101, which the host calls systemd-resolve.
    return { cmd: 'nginx: master process nginx -g daemon off;', comm: 'nginx', children: [0, 1].map(() => ({ cmd: 'nginx: worker process', comm: 'nginx', user: 'systemd-resolve', delay: 30 })) };
  }
  if (given.length) return { cmd: given.join(' '), comm: given[0].split('/').pop() };
  if (/demoapp/.test(image)) return { cmd: '/bin/sh -c python3 /usr/local/bin/demo.py', comm: 'sh', children: [{ cmd: 'python3 /usr/local/bin/demo.py', delay: 10 }] };
  if (/busybox|alpine/.test(image)) return { cmd: 'sh', comm: 'sh' };
  if (/netshoot/.test(image)) return { cmd: 'zsh', comm: 'zsh' };
  return { cmd: image.split('/').pop()!.split(':')[0] };
}

/** The static pods' command lines as kubeadm 1.28 writes them into /etc/kubernetes/manifests. */
function kubeadmCommand(component: string, node: NodeState): string {
  const ip = node.ip;
  const pki = '/etc/kubernetes/pki';
  switch (component) {
    case 'kube-apiserver':
      return [
        'kube-apiserver', `--advertise-address=${ip}`, '--allow-privileged=true', '--authorization-mode=Node,RBAC', `--client-ca-file=${pki}/ca.crt`,
        '--enable-admission-plugins=NodeRestriction', '--enable-bootstrap-token-auth=true', `--etcd-cafile=${pki}/etcd/ca.crt`,
        `--etcd-certfile=${pki}/apiserver-etcd-client.crt`, `--etcd-keyfile=${pki}/apiserver-etcd-client.key`, '--etcd-servers=https://127.0.0.1:2379',
        `--kubelet-client-certificate=${pki}/apiserver-kubelet-client.crt`, `--kubelet-client-key=${pki}/apiserver-kubelet-client.key`,
        '--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname', `--proxy-client-cert-file=${pki}/front-proxy-client.crt`,
        `--proxy-client-key-file=${pki}/front-proxy-client.key`, `--requestheader-allowed-names=front-proxy-client`,
        `--requestheader-client-ca-file=${pki}/front-proxy-ca.crt`, '--requestheader-extra-headers-prefix=X-Remote-Extra-',
        '--requestheader-group-headers=X-Remote-Group', '--requestheader-username-headers=X-Remote-User', '--secure-port=6443',
        '--service-account-issuer=https://kubernetes.default.svc.cluster.local', `--service-account-key-file=${pki}/sa.pub`,
        `--service-account-signing-key-file=${pki}/sa.key`, '--service-cluster-ip-range=10.96.0.0/12', `--tls-cert-file=${pki}/apiserver.crt`,
        `--tls-private-key-file=${pki}/apiserver.key`,
      ].join(' ');
    case 'etcd':
      return [
        'etcd', `--advertise-client-urls=https://${ip}:2379`, `--cert-file=${pki}/etcd/server.crt`, '--client-cert-auth=true',
        '--data-dir=/var/lib/etcd', '--experimental-initial-corrupt-check=true', '--experimental-watch-progress-notify-interval=5s',
        `--initial-advertise-peer-urls=https://${ip}:2380`, `--initial-cluster=${node.name}=https://${ip}:2380`, `--key-file=${pki}/etcd/server.key`,
        `--listen-client-urls=https://127.0.0.1:2379,https://${ip}:2379`, '--listen-metrics-urls=http://127.0.0.1:2381',
        `--listen-peer-urls=https://${ip}:2380`, `--name=${node.name}`, `--peer-cert-file=${pki}/etcd/peer.crt`, '--peer-client-cert-auth=true',
        `--peer-key-file=${pki}/etcd/peer.key`, `--peer-trusted-ca-file=${pki}/etcd/ca.crt`, '--snapshot-count=10000', `--trusted-ca-file=${pki}/etcd/ca.crt`,
      ].join(' ');
    case 'kube-controller-manager':
      return [
        'kube-controller-manager', '--allocate-node-cidrs=true', '--authentication-kubeconfig=/etc/kubernetes/controller-manager.conf',
        '--authorization-kubeconfig=/etc/kubernetes/controller-manager.conf', '--bind-address=127.0.0.1', `--client-ca-file=${pki}/ca.crt`,
        '--cluster-cidr=10.244.0.0/16', '--cluster-name=kubernetes', `--cluster-signing-cert-file=${pki}/ca.crt`, `--cluster-signing-key-file=${pki}/ca.key`,
        '--controllers=*,bootstrapsigner,tokencleaner', '--kubeconfig=/etc/kubernetes/controller-manager.conf', '--leader-elect=true',
        `--requestheader-client-ca-file=${pki}/front-proxy-ca.crt`, `--root-ca-file=${pki}/ca.crt`, `--service-account-private-key-file=${pki}/sa.key`,
        '--service-cluster-ip-range=10.96.0.0/12', '--use-service-account-credentials=true',
      ].join(' ');
    default:
      return 'kube-scheduler --authentication-kubeconfig=/etc/kubernetes/scheduler.conf --authorization-kubeconfig=/etc/kubernetes/scheduler.conf --bind-address=127.0.0.1 --kubeconfig=/etc/kubernetes/scheduler.conf --leader-elect=true';
  }
}

/** A pod's sandbox id, as the kubelet names it (its uid twice, without dashes, cut to 64). */
export function podSandboxId(pod: KObj): string {
  return (pod.metadata.uid.replace(/-/g, '') + pod.metadata.uid.replace(/-/g, '')).slice(0, 64);
}

/** A container's id: stable for one run of one container of one pod, new after a restart. */
export function containerId(pod: KObj, name: string, attempt: number): string {
  return stableHex64(`${pod.metadata.uid}/${name}/${attempt}`);
}

export interface RunningContainer {
  pod: KObj;
  name: string;
  image: string;
  attempt: number;
  started: number;
  state: 'Running' | 'Exited';
}

/** Pods with a sandbox (the kubelet reported a start time), by node: one pass over the store. */
export function podsByNode(world: World): Map<string, KObj[]> {
  const index = new Map<string, KObj[]>();
  for (const p of storeList(world.state.api, 'Pod')) {
    if (!p.spec?.nodeName || !p.status?.startTime || p.metadata.deletionTimestamp) continue;
    const list = index.get(p.spec.nodeName);
    if (list) list.push(p);
    else index.set(p.spec.nodeName, [p]);
  }
  return index;
}

/** Pods bound to this node whose sandbox exists. `index` saves a scan when many nodes are asked. */
export function podsWithSandbox(world: World, node: NodeState, index?: Map<string, KObj[]>): KObj[] {
  if (node.power !== 'on') return [];
  return [...((index ?? podsByNode(world)).get(node.name) ?? [])];
}

/** The containers containerd has for this node's pods: running ones, and init containers that ran. */
export function nodeContainers(world: World, node: NodeState, index?: Map<string, KObj[]>): RunningContainer[] {
  const out: RunningContainer[] = [];
  for (const pod of podsWithSandbox(world, node, index)) {
    const statuses = [...((pod.status.initContainerStatuses ?? []) as Status[]), ...((pod.status.containerStatuses ?? []) as Status[])];
    for (const s of statuses) {
      const running = s.state?.running;
      const done = s.state?.terminated;
      if (!running && !done) continue;
      out.push({ pod, name: s.name, image: s.image, attempt: s.restartCount ?? 0, started: apiTimeMs(world, running?.startedAt ?? done?.startedAt), state: running ? 'Running' : 'Exited' });
    }
  }
  return out;
}

type Status = { name: string; image: string; restartCount?: number; state?: { running?: { startedAt: string }; terminated?: { startedAt: string } } };

/** Every process on the node, pid order. Empty while the node is off. */
export function nodeProcesses(world: World, node: NodeState, index = podsByNode(world)): Proc[] {
  if (node.power !== 'on') return [];
  const boot = nodeBootedAt(world, node);
  const procs: Proc[] = [];
  procs.push({ pid: 1, ppid: 0, user: 'root', start: boot, cmd: '/sbin/init', comm: 'systemd', load: 0.0006, unit: 'init.scope' });
  procs.push({ pid: 2, ppid: 0, user: 'root', start: boot, cmd: '[kthreadd]', comm: 'kthreadd', load: 0, kernel: true });
  KTHREADS.forEach((t, i) => procs.push({ pid: i + 3 + (i > 4 ? 1 : 0) + (i > 17 ? 1 : 0), ppid: 2, user: 'root', start: boot, cmd: `[${t}]`, comm: t.slice(0, 15), load: 0, kernel: true }));

  // Later processes take pids from a counter that also moves with time, so gaps appear as on a live host.
  let next = 380;
  const take = (start: number, key: string) => {
    const base = 900 + Math.floor(Math.max(0, start - boot) / 1000) * 3;
    next = Math.max(next + 1 + (stableHash(key) % 3), base);
    return next;
  };
  const add = (spec: Spec, ppid: number, start: number, extra: Partial<Proc>, key: string) => {
    const at = spec.at ?? start + (spec.delay ?? 0);
    const pending: { spec: Spec; ppid: number; at: number; key: string }[] = [];
    const walk = (s: Spec, parent: number, t: number, k: string) => {
      const pid = take(t, k);
      const comm = (s.comm ?? s.cmd.split(' ')[0].split('/').pop()!).slice(0, 15);
      procs.push({ pid, ppid: parent, user: s.user ?? 'root', start: t, cmd: s.cmd, comm, load: s.load ?? 0, ...extra });
      (s.children ?? []).forEach((c, i) => pending.push({ spec: c, ppid: pid, at: c.at ?? t + (c.delay ?? 0), key: `${k}/${i}` }));
    };
    walk(spec, ppid, at, key);
    // Children in start order (runit starts every runsv, then each runsv its service).
    while (pending.length) {
      pending.sort((a, b) => a.at - b.at || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      const p = pending.shift()!;
      walk(p.spec, p.ppid, p.at, p.key);
    }
  };

  const services = bootServices(node);
  const kubeletAt = kubeletStartedAt(world, node);
  services.forEach((s, i) => {
    const start = s.unit === 'kubelet.service' || s.unit === 'containerd.service' ? kubeletAt - (s.unit === 'containerd.service' ? 1_500 : 0) : boot + 2_000 + i * 300;
    // The boot's kubelet, since stopped with systemctl: its pid stays taken (later pids keep theirs).
    if (s.unit === 'kubelet.service' && (node.kubeletStoppedAt !== undefined || node.kubeletRestartedAt !== undefined)) take(start, s.unit);
    else add(s, 1, start, { unit: s.unit }, s.unit);
  });

  // Pods in sandbox order; a shim, /pause, then each container's program.
  const containers = nodeContainers(world, node, index).filter((c) => c.state === 'Running');
  const podStart = new Map(podsWithSandbox(world, node, index).map((p) => [p, apiTimeMs(world, p.status.startTime)]));
  const pods = [...podStart.keys()].sort((a, b) => podStart.get(a)! - podStart.get(b)! || (a.metadata.uid < b.metadata.uid ? -1 : 1));
  const groups: { at: number; key: string; run: () => void }[] = [];
  const restarted = node.kubeletStoppedAt === undefined ? node.kubeletRestartedAt : undefined;
  const kubeletSpec = services.find((s) => s.unit === 'kubelet.service');
  if (restarted !== undefined && kubeletSpec) groups.push({ at: restarted, key: 'kubelet', run: () => add(kubeletSpec, 1, restarted, { unit: 'kubelet.service' }, 'kubelet.service/restart') });
  for (const pod of pods) {
    const sandboxAt = Math.max(podStart.get(pod)! + 500, kubeletAt);
    const ref = { namespace: pod.metadata.namespace ?? 'default', name: pod.metadata.name, uid: pod.metadata.uid };
    let shimPid = 0;
    groups.push({
      at: sandboxAt,
      key: pod.metadata.uid,
      run: () => {
        add({ cmd: `/usr/bin/containerd-shim-runc-v2 -namespace k8s.io -id ${podSandboxId(pod)} -address /run/containerd/containerd.sock`, load: 0.0003 }, 1, sandboxAt, { unit: 'containerd.service', pod: ref }, `${pod.metadata.uid}/shim`);
        shimPid = procs[procs.length - 1].pid;
        add({ cmd: '/pause', user: '65535' }, shimPid, sandboxAt + 100, { pod: ref, unit: undefined }, `${pod.metadata.uid}/pause`);
      },
    });
    for (const c of containers.filter((x) => x.pod === pod)) {
      const spec = ((pod.spec.containers ?? []) as Container[]).find((s) => s.name === c.name) ?? { name: c.name, image: c.image };
      groups.push({
        at: Math.max(c.started, sandboxAt + 200),
        key: `${pod.metadata.uid}/${c.name}/${c.attempt}`,
        run: () => add(containerSpec(world, node, pod, spec, c.started), shimPid, Math.max(c.started, sandboxAt + 200), { pod: { ...ref, container: c.name } }, `${pod.metadata.uid}/${c.name}/${c.attempt}`),
      });
    }
  }
  groups.sort((a, b) => a.at - b.at || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)).forEach((g) => g.run());
  return procs.sort((a, b) => a.pid - b.pid);
}

/** CPU time used so far (ms). */
export function procCpuMs(world: World, p: Proc): number {
  return Math.floor(Math.max(0, world.now - p.start) * p.load);
}
