/** `kubectl describe service`: kubectl 1.28's describeService layout, endpoints from the Endpoints object. */
import type { World } from '../../../emulator/world';
import type { Json, KObj } from '../../../emulator/k8s/objects';
import { storeGet } from '../../../emulator/k8s/objects';
import { eventsSection, multiline } from './describe-common';

/** formatEndpoints for one port name: `IP:PORT` of the ready addresses, three at most. */
function endpointsFor(ep: KObj | undefined, portName: string): string {
  if (!ep?.subsets?.length) return '<none>';
  const list: string[] = [];
  for (const ss of ep.subsets as Json[]) {
    for (const p of (ss.ports ?? []) as Json[]) {
      if ((p.name ?? '') !== portName) continue;
      for (const a of (ss.addresses ?? []) as Json[]) list.push(`${a.ip}:${p.port}`);
    }
  }
  if (!list.length) return '';
  return list.length > 3 ? `${list.slice(0, 3).join(',')} + ${list.length - 3} more...` : list.join(',');
}

export function describeService(world: World, svc: KObj): string[] {
  const spec = svc.spec ?? {};
  const ep = storeGet(world.state.api, 'Endpoints', svc.metadata.namespace, svc.metadata.name);
  const selector = Object.entries((spec.selector ?? {}) as Record<string, string>).map(([k, v]) => `${k}=${v}`).sort().join(',');
  const lines = [
    `Name:\t${svc.metadata.name}`,
    `Namespace:\t${svc.metadata.namespace}`,
    ...multiline('Labels', Object.entries(svc.metadata.labels ?? {}).map(([k, v]) => `${k}=${v}`).sort()),
    ...multiline('Annotations', Object.entries(svc.metadata.annotations ?? {}).map(([k, v]) => `${k}: ${v}`).sort()),
    `Selector:\t${selector || '<none>'}`,
    `Type:\t${spec.type ?? 'ClusterIP'}`,
    ...(spec.ipFamilyPolicy ? [`IP Family Policy:\t${spec.ipFamilyPolicy}`] : []),
    `IP Families:\t${(spec.ipFamilies ?? []).join(',') || '<none>'}`,
    `IP:\t${spec.clusterIP ?? ''}`,
    `IPs:\t${(spec.clusterIPs ?? []).join(',') || '<none>'}`,
  ];
  for (const p of (spec.ports ?? []) as Json[]) {
    const name = p.name || '<unset>';
    lines.push(`Port:\t${name}\t${p.port}/${p.protocol}`, `TargetPort:\t${p.targetPort}/${p.protocol}`);
    if (p.nodePort) lines.push(`NodePort:\t${name}\t${p.nodePort}/${p.protocol}`);
    lines.push(`Endpoints:\t${endpointsFor(ep, p.name ?? '')}`);
  }
  lines.push(`Session Affinity:\t${spec.sessionAffinity ?? 'None'}`);
  if (spec.externalTrafficPolicy) lines.push(`External Traffic Policy:\t${spec.externalTrafficPolicy}`);
  return [...lines, ...eventsSection(world, svc)];
}
