/** `kubectl describe node` (reference §1.8): conditions, addresses, capacity, pods and their requests. */
import type { World } from '../../../emulator/world';
import type { Json, KObj } from '../../../emulator/k8s/objects';
import { storeList } from '../../../emulator/k8s/objects';
import { ageSince, rfc1123z } from '../../format/age';
import { eventsSection, multiline } from './describe-common';
import { nodeRoles } from './printers';

const MI = 1024 * 1024;

function cpuMillis(q: string | undefined): number {
  if (!q) return 0;
  return q.endsWith('m') ? Number(q.slice(0, -1)) : Number(q) * 1000;
}

function memBytes(q: string | undefined): number {
  if (!q) return 0;
  const m = /^(\d+)(Ki|Mi|Gi|K|M|G)?$/.exec(q);
  if (!m) return 0;
  const mult: Record<string, number> = { '': 1, Ki: 1024, Mi: MI, Gi: 1024 * MI, K: 1e3, M: 1e6, G: 1e9 };
  return Number(m[1]) * mult[m[2] ?? ''];
}

const cpuText = (m: number) => (m === 0 ? '0' : m % 1000 === 0 ? String(m / 1000) : `${m}m`);
const memText = (b: number) => (b === 0 ? '0' : b % MI === 0 ? `${b / MI}Mi` : b % 1024 === 0 ? `${b / 1024}Ki` : String(b));
const pct = (v: number, of: number) => (of ? Math.trunc((v / of) * 100) : 0);

function sumResources(pod: KObj, kind: 'requests' | 'limits'): { cpu: number; mem: number } {
  let cpu = 0;
  let mem = 0;
  for (const c of (pod.spec.containers ?? []) as Json[]) {
    cpu += cpuMillis(c.resources?.[kind]?.cpu);
    mem += memBytes(c.resources?.[kind]?.memory);
  }
  return { cpu, mem };
}

export function describeNode(world: World, n: KObj): string[] {
  const st = n.status ?? {};
  const capacity: Record<string, string> = { cpu: '2', 'ephemeral-storage': '19430032Ki', 'hugepages-1Gi': '0', 'hugepages-2Mi': '0', memory: '4005888Ki', pods: '110', ...(st.capacity ?? {}) };
  const allocatable: Record<string, string> = st.allocatable ?? { ...capacity, 'ephemeral-storage': '17906426311', memory: `${Math.max(0, memBytes(capacity.memory) / 1024 - 102400)}Ki` };
  const info = st.nodeInfo ?? {};
  const taints = ((n.spec?.taints ?? []) as Json[]).map((t) => `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`);
  const lines = [
    `Name:\t${n.metadata.name}`,
    `Roles:\t${nodeRoles(n)}`,
    ...multiline('Labels', Object.entries(n.metadata.labels ?? {}).map(([k, v]) => `${k}=${v}`).sort()),
    ...multiline('Annotations', Object.entries(n.metadata.annotations ?? {}).map(([k, v]) => `${k}: ${v}`).sort()),
    `CreationTimestamp:\t${rfc1123z(n.metadata.creationTimestamp)}`,
    ...multiline('Taints', taints),
    `Unschedulable:\t${!!n.spec?.unschedulable}`,
    'Lease:',
    `  HolderIdentity:\t${n.metadata.name}`,
    '  AcquireTime:\t<unset>',
    // The kubelet renews its Lease every 10 s; a kubelet stopped with systemctl renews no more.
    `  RenewTime:\t${rfc1123z(world.timestamp(Math.floor(Math.min(world.now, world.node(n.metadata.name)?.kubeletStoppedAt ?? Infinity) / 10_000) * 10_000))}`,
    'Conditions:',
    '  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage',
    '  ----\t------\t-----------------\t------------------\t------\t-------',
    ...((st.conditions ?? []) as Json[]).map((c) => `  ${c.type} \t${c.status} \t${rfc1123z(c.lastHeartbeatTime)} \t${rfc1123z(c.lastTransitionTime)} \t${c.reason} \t${c.message}`),
    'Addresses:',
    ...((st.addresses ?? []) as Json[]).map((a) => `  ${a.type}:\t${a.address}`),
    'Capacity:',
    ...Object.keys(capacity).sort().map((k) => `  ${k}:\t${capacity[k]}`),
    'Allocatable:',
    ...Object.keys(allocatable).sort().map((k) => `  ${k}:\t${allocatable[k]}`),
    'System Info:',
    `  Machine ID:\t${hexId(n.metadata.uid, 1)}`,
    `  System UUID:\t${hexId(n.metadata.uid, 2)}`,
    `  Boot ID:\t${n.metadata.uid}`,
    `  Kernel Version:\t${info.kernelVersion ?? ''}`,
    `  OS Image:\t${info.osImage ?? ''}`,
    `  Operating System:\t${info.operatingSystem ?? 'linux'}`,
    `  Architecture:\t${info.architecture ?? 'amd64'}`,
    `  Container Runtime Version:\t${info.containerRuntimeVersion ?? ''}`,
    `  Kubelet Version:\t${info.kubeletVersion ?? ''}`,
    `  Kube-Proxy Version:\t${info.kubeProxyVersion ?? ''}`,
  ];
  if (n.spec?.podCIDR) lines.push(`PodCIDR:\t${n.spec.podCIDR}`, `PodCIDRs:\t${(n.spec.podCIDRs ?? [n.spec.podCIDR]).join(',')}`);
  const pods = storeList(world.state.api, 'Pod').filter((p) => p.spec?.nodeName === n.metadata.name && !['Succeeded', 'Failed'].includes(p.status?.phase));
  const allocCpu = cpuMillis(allocatable.cpu);
  const allocMem = memBytes(allocatable.memory);
  lines.push(`Non-terminated Pods:\t(${pods.length} in total)`);
  lines.push('  Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge');
  lines.push('  ---------\t----\t\t------------\t----------\t---------------\t-------------\t---');
  const total = { rc: 0, lc: 0, rm: 0, lm: 0 };
  for (const p of pods) {
    const r = sumResources(p, 'requests');
    const l = sumResources(p, 'limits');
    total.rc += r.cpu;
    total.lc += l.cpu;
    total.rm += r.mem;
    total.lm += l.mem;
    lines.push(`  ${p.metadata.namespace}\t${p.metadata.name}\t\t${cpuText(r.cpu)} (${pct(r.cpu, allocCpu)}%)\t${cpuText(l.cpu)} (${pct(l.cpu, allocCpu)}%)\t${memText(r.mem)} (${pct(r.mem, allocMem)}%)\t${memText(l.mem)} (${pct(l.mem, allocMem)}%)\t${ageSince(world, p.metadata.creationTimestamp)}`);
  }
  lines.push(
    'Allocated resources:',
    '  (Total limits may be over 100 percent, i.e., overcommitted.)',
    '  Resource\tRequests\tLimits',
    '  --------\t--------\t------',
    `  cpu\t${cpuText(total.rc)} (${pct(total.rc, allocCpu)}%)\t${cpuText(total.lc)} (${pct(total.lc, allocCpu)}%)`,
    `  memory\t${memText(total.rm)} (${pct(total.rm, allocMem)}%)\t${memText(total.lm)} (${pct(total.lm, allocMem)}%)`,
    '  ephemeral-storage\t0 (0%)\t0 (0%)',
    '  hugepages-1Gi\t0 (0%)\t0 (0%)',
    '  hugepages-2Mi\t0 (0%)\t0 (0%)',
  );
  lines.push(...eventsSection(world, n));
  return lines;
}

function hexId(uid: string, salt: number): string {
  const hex = uid.replace(/-/g, '');
  return (hex.slice(salt) + hex.slice(0, salt)).slice(0, 32);
}
