/** `kubectl describe pod`: kubectl's describe.go layout, aligned by its tabwriter (padding 2). */
import type { World } from '../../../emulator/world';
import type { Json, KObj } from '../../../emulator/k8s/objects';
import { humanDuration, rfc1123z } from '../../format/age';
import { eventsSection, multiline } from './describe-common';

const PRIORITY: Record<string, number> = { 'system-node-critical': 2000001000, 'system-cluster-critical': 2000000000 };

function hex64(seed: string): string {
  let h = 2166136261;
  let out = '';
  for (let i = 0; out.length < 64; i++) {
    h = Math.imul(h ^ seed.charCodeAt(i % seed.length) ^ i, 16777619) >>> 0;
    out += (h >>> 4).toString(16).padStart(7, '0').slice(0, 7);
  }
  return out.slice(0, 64);
}

function envLines(c: Json): string[] {
  const env = (c.env ?? []) as Json[];
  if (!env.length) return ['    Environment:\t<none>'];
  const lines = ['    Environment:'];
  for (const e of env) {
    let v: string;
    if (e.valueFrom?.configMapKeyRef) v = `<set to the key '${e.valueFrom.configMapKeyRef.key}' of config map '${e.valueFrom.configMapKeyRef.name}'>\tOptional: ${!!e.valueFrom.configMapKeyRef.optional}`;
    else if (e.valueFrom?.fieldRef) v = ` (${e.valueFrom.fieldRef.apiVersion ?? 'v1'}:${e.valueFrom.fieldRef.fieldPath})`;
    else v = String(e.value ?? '');
    lines.push(`      ${e.name}:\t${v}`);
  }
  return lines;
}

function containerLines(pod: KObj, c: Json, st: Json | undefined): string[] {
  const lines = [`  ${c.name}:`];
  if (st) lines.push(`    Container ID:\t${st.state?.running || st.state?.terminated ? `containerd://${hex64(pod.metadata.uid + c.name)}` : ''}`);
  lines.push(`    Image:\t${c.image}`);
  if (st) lines.push(`    Image ID:\t${st.state?.running || st.state?.terminated ? `${String(c.image).replace(/:[^/:]+$/, '')}@sha256:${hex64(c.image)}` : ''}`);
  const ports = (c.ports ?? []) as Json[];
  const fmt = (p: number | undefined, proto: string) => `${p ?? 0}/${proto}`;
  if (ports.length > 1) {
    lines.push(`    Ports:\t${ports.map((p) => fmt(p.containerPort, p.protocol ?? 'TCP')).join(', ')}`);
    lines.push(`    Host Ports:\t${ports.map((p) => fmt(pod.spec.hostNetwork ? p.containerPort : p.hostPort, p.protocol ?? 'TCP')).join(', ')}`);
  } else {
    lines.push(`    Port:\t${ports.length ? fmt(ports[0].containerPort, ports[0].protocol ?? 'TCP') : '<none>'}`);
    lines.push(`    Host Port:\t${ports.length ? fmt(pod.spec.hostNetwork ? ports[0].containerPort : ports[0].hostPort, ports[0].protocol ?? 'TCP') : '<none>'}`);
  }
  if (c.command) lines.push('    Command:', ...c.command.map((x: string) => `      ${x}`));
  if (c.args) lines.push('    Args:', ...c.args.map((x: string) => `      ${x}`));
  const s = st?.state ?? {};
  if (s.running) lines.push('    State:\tRunning', `      Started:\t${rfc1123z(s.running.startedAt)}`);
  else if (s.terminated) {
    lines.push('    State:\tTerminated', `      Reason:\t${s.terminated.reason}`, `      Exit Code:\t${s.terminated.exitCode}`, `      Started:\t${rfc1123z(s.terminated.startedAt)}`, `      Finished:\t${rfc1123z(s.terminated.finishedAt)}`);
  } else if (s.waiting) lines.push('    State:\tWaiting', `      Reason:\t${s.waiting.reason}`);
  if (st) lines.push(`    Ready:\t${st.ready ? 'True' : 'False'}`, `    Restart Count:\t${st.restartCount ?? 0}`);
  for (const kind of ['limits', 'requests'] as const) {
    const r = c.resources?.[kind];
    if (r && Object.keys(r).length) lines.push(`    ${kind === 'limits' ? 'Limits' : 'Requests'}:`, ...Object.entries(r).map(([k, v]) => `      ${k}:\t${v}`));
  }
  lines.push(...envLines(c));
  lines.push('    Mounts:\t<none>');
  return lines;
}

export function describePod(world: World, pod: KObj): string[] {
  const spec = pod.spec ?? {};
  const st = pod.status ?? {};
  const node = spec.nodeName ? `${spec.nodeName}/${st.hostIP ?? world.node(spec.nodeName)?.ip ?? ''}` : '<none>';
  const lines = [
    `Name:\t${pod.metadata.name}`,
    `Namespace:\t${pod.metadata.namespace}`,
    `Priority:\t${PRIORITY[spec.priorityClassName] ?? 0}`,
  ];
  if (spec.priorityClassName) lines.push(`Priority Class Name:\t${spec.priorityClassName}`);
  lines.push(`Service Account:\t${spec.serviceAccountName ?? 'default'}`, `Node:\t${node}`);
  if (st.startTime) lines.push(`Start Time:\t${rfc1123z(st.startTime)}`);
  lines.push(...multiline('Labels', Object.entries(pod.metadata.labels ?? {}).map(([k, v]) => `${k}=${v}`).sort()));
  lines.push(...multiline('Annotations', Object.entries(pod.metadata.annotations ?? {}).map(([k, v]) => `${k}: ${v}`).sort()));
  if (pod.metadata.deletionTimestamp) {
    // translateTimestampUntil: how long the grace period has left (`<invalid>` once it is over).
    const left = Date.parse(String(pod.metadata.deletionTimestamp)) - (world.state.clock.epoch + world.now);
    lines.push(`Status:\tTerminating (lasts ${humanDuration(left)})`, `Termination Grace Period:\t${pod.metadata.deletionGracePeriodSeconds ?? 30}s`);
  } else lines.push(`Status:\t${st.phase ?? 'Pending'}`);
  lines.push(`IP:\t${st.podIP ?? ''}`);
  if (st.podIPs?.length) lines.push('IPs:', ...st.podIPs.map((p: Json) => `  IP:\t${p.ip}`));
  else lines.push('IPs:\t<none>');
  const owner = pod.metadata.ownerReferences?.find((o) => o.controller);
  if (owner) lines.push(`Controlled By:\t${owner.kind}/${owner.name}`);
  const statusOf = (list: Json[] | undefined, name: string) => (list ?? []).find((x) => x.name === name);
  if (spec.initContainers?.length) {
    lines.push('Init Containers:');
    for (const c of spec.initContainers) lines.push(...containerLines(pod, c, statusOf(st.initContainerStatuses, c.name)));
  }
  lines.push('Containers:');
  for (const c of spec.containers ?? []) lines.push(...containerLines(pod, c, statusOf(st.containerStatuses, c.name)));
  const conds = (st.conditions ?? []) as Json[];
  if (conds.length) {
    lines.push('Conditions:', '  Type\tStatus');
    const order = ['Initialized', 'Ready', 'ContainersReady', 'PodScheduled', 'DisruptionTarget'];
    for (const c of [...conds].sort((x, y) => order.indexOf(x.type) - order.indexOf(y.type))) lines.push(`  ${c.type} \t${c.status} `);
  }
  lines.push('Volumes:\t<none>');
  lines.push(`QoS Class:\t${st.qosClass ?? 'BestEffort'}`);
  lines.push(...multiline('Node-Selectors', Object.entries(spec.nodeSelector ?? {}).map(([k, v]) => `${k}=${v}`)));
  lines.push(...multiline('Tolerations', ((spec.tolerations ?? []) as Json[]).map(tolerationText)));
  lines.push(...eventsSection(world, pod));
  return lines;
}

function tolerationText(t: Json): string {
  let s = t.key ?? '';
  if (t.value) s += `=${t.value}`;
  if (t.effect) s += `:${t.effect}`;
  if (t.operator === 'Exists') s += `${s ? ' ' : ''}op=Exists`;
  if (t.tolerationSeconds !== undefined) s += ` for ${t.tolerationSeconds}s`;
  return s;
}
