/**
 * `kubectl expose deployment|pod|service|replicaset NAME --port=N`: a Service whose selector is
 * the resource's (a deployment's matchLabels, a pod's labels), ports from --port or from the
 * containers, labels copied from the resource. The API server gives it its ClusterIP
 * (emulator/k8s/services.ts). Messages as kubectl 1.28 words them.
 */
import type { CommandContext } from '../../context';
import type { Json, KObj } from '../../../emulator/k8s/objects';
import { storeGet } from '../../../emulator/k8s/objects';
import { kindForResource, kindQualifiedName } from '../../../emulator/k8s/kinds';
import { clusterIpInvalid, serviceDefaults } from '../../../emulator/k8s/services';
import { apiCreate } from '../../../emulator/k8s/factory';
import { toKubectlJson, toKubectlYaml } from '../../format/yaml-json';
import type { ParsedArgs } from './args';
import type { Verb } from './common';
import { NO_RESOURCE, fail, namespaceOf } from './common';

const TYPES = ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'];

/** The selector kubectl reads from the object (MapBasedSelectorForObject). */
function selectorOf(o: KObj): Record<string, string> | string {
  switch (o.kind) {
    case 'Pod':
      return o.metadata.labels && Object.keys(o.metadata.labels).length ? { ...o.metadata.labels } : 'the pod has no labels and cannot be exposed';
    case 'Service':
      return o.spec?.selector ? { ...o.spec.selector } : 'the service has no pod selector set';
    case 'Deployment': case 'ReplicaSet': {
      const ml = o.spec?.selector?.matchLabels;
      if (o.spec?.selector?.matchExpressions?.length) return `couldn't convert expressions - "${JSON.stringify(o.spec.selector.matchExpressions)}" to map-based selector format`;
      return ml && Object.keys(ml).length ? { ...ml } : 'invalid deployment: no selectors, therefore cannot be exposed';
    }
  }
  return `cannot expose a ${o.kind}`;
}

/** Container ports of a pod template (PortsForObject), or a service's own ports. */
function portsOf(o: KObj): { port: number; protocol: string; name?: string }[] {
  if (o.kind === 'Service') return (o.spec?.ports ?? []).map((p: Json) => ({ port: p.port, protocol: p.protocol ?? 'TCP', name: p.name }));
  const spec = o.kind === 'Pod' ? o.spec : o.spec?.template?.spec;
  return ((spec?.containers ?? []) as Json[]).flatMap((c) => (c.ports ?? []).map((p: Json) => ({ port: p.containerPort, protocol: p.protocol ?? 'TCP', name: p.name })));
}

async function run(ctx: CommandContext, a: ParsedArgs): Promise<number> {
  const api = ctx.world.state.api;
  let words = a.args;
  if (!words.length) return fail(ctx, NO_RESOURCE);
  if (words[0].includes('/')) words = [...words[0].split('/', 2), ...words.slice(1)];
  const [typed, name] = words;
  const info = kindForResource(api, typed);
  if (!info) return fail(ctx, `error: the server doesn't have a resource type "${typed}"`);
  if (!name) return fail(ctx, NO_RESOURCE);
  const ns = namespaceOf(a);
  const obj = storeGet(api, info.stored, info.namespaced ? ns : undefined, name);
  if (!obj) return fail(ctx, `Error from server (NotFound): ${info.plural}${info.group ? `.${info.group}` : ''} "${name}" not found`);
  if (!['Pod', 'Service', 'Deployment', 'ReplicaSet'].includes(obj.kind)) return fail(ctx, `error: cannot expose a ${obj.kind}${info.group ? `.${info.group}` : ''}`); // a GroupKind: DaemonSet.apps
  let selector: Record<string, string> | string = selectorOf(obj);
  if (a.flags.selector) {
    selector = {};
    for (const kv of String(a.flags.selector).split(',')) {
      const [k, v = ''] = kv.split('=');
      selector[k] = v;
    }
  }
  if (typeof selector === 'string') return fail(ctx, `error: couldn't retrieve selectors via --selector flag or introspection: ${selector}\nSee 'kubectl expose -h' for help and examples`);
  const type = (a.flags.type as string | undefined) ?? 'ClusterIP';
  const canonical = TYPES.find((t) => t.toLowerCase() === type.toLowerCase());
  if (!canonical) return fail(ctx, `error: invalid service type: "${type}"`);
  const protocol = ((a.flags.protocol as string | undefined) ?? '').toUpperCase();
  let ports: { port: number; protocol: string; name?: string }[];
  const portFlag = a.flags.port as string | undefined;
  if (portFlag !== undefined) {
    ports = [];
    for (const p of portFlag.split(',')) {
      if (!/^\d+$/.test(p)) return fail(ctx, `error: strconv.Atoi: parsing "${p}": invalid syntax`);
      ports.push({ port: Number(p), protocol: protocol || 'TCP' });
    }
  } else {
    ports = portsOf(obj).map((p) => ({ ...p, protocol: protocol || p.protocol }));
    if (!ports.length) return fail(ctx, `error: couldn't find port via --port flag or introspection\nSee 'kubectl expose -h' for help and examples`);
  }
  const target = a.flags['target-port'] as string | undefined;
  const svcPorts = ports.map((p, i) => ({
    ...(ports.length > 1 ? { name: p.name ?? `port-${i + 1}` } : {}),
    port: p.port,
    protocol: p.protocol,
    targetPort: target !== undefined ? (/^\d+$/.test(target) ? Number(target) : target) : p.port,
  }));
  const svcName = (a.flags.name as string | undefined) ?? name;
  let labels = obj.metadata.labels && Object.keys(obj.metadata.labels).length ? { ...obj.metadata.labels } : undefined;
  if (a.flags.labels) labels = Object.fromEntries(String(a.flags.labels).split(',').map((kv) => [kv.split('=')[0], kv.split('=').slice(1).join('=')]));
  const clusterIp = a.flags['cluster-ip'] as string | undefined;
  const spec: Json = { ports: svcPorts, selector, ...(canonical !== 'ClusterIP' ? { type: canonical } : {}), ...(clusterIp ? { clusterIP: clusterIp } : {}) };
  const sent: Json = { apiVersion: 'v1', kind: 'Service', metadata: { creationTimestamp: null, ...(labels ? { labels } : {}), name: svcName, ...(a.flags.namespace ? { namespace: ns } : {}) }, spec, status: { loadBalancer: {} } };
  const dry = a.flags['dry-run'] as string | undefined;
  if (dry !== undefined && !['none', 'client', 'server'].includes(dry)) return fail(ctx, `error: Invalid dry-run value (${dry}). Must be "none", "server", or "client".`);
  const output = a.flags.output as string | undefined;
  if (output !== undefined && !['yaml', 'json', 'name'].includes(output)) {
    return fail(ctx, `error: unable to match a printer suitable for the output format "${output}", allowed formats are: go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml`);
  }
  let shown: Json = sent;
  if (dry !== 'client') {
    if (storeGet(api, 'Service', ns, svcName)) return fail(ctx, `Error from server (AlreadyExists): services "${svcName}" already exists`);
    if (clusterIp) {
      const bad = clusterIpInvalid(api, clusterIp);
      if (bad) return fail(ctx, `The Service "${svcName}" is invalid: ${bad}`);
    }
    const svc: Json = { apiVersion: 'v1', kind: 'Service', metadata: { name: svcName, namespace: ns, ...(labels ? { labels } : {}) }, spec: JSON.parse(JSON.stringify(spec)) };
    serviceDefaults(api, ctx.world.state, svc);
    if (dry === 'server') shown = svc;
    else {
      shown = apiCreate(ctx.world.state, svc as Parameters<typeof apiCreate>[1]) as unknown as Json;
      // The endpoints controller and kube-proxy react at once, as they would within milliseconds.
      ctx.world.reconcile();
    }
  }
  const svcInfo = kindForResource(api, 'services')!;
  const typedSvc = `${kindQualifiedName(svcInfo)}/${svcName}`;
  const suffix = dry === 'client' ? ' (dry run)' : dry === 'server' ? ' (server dry run)' : '';
  if (output === 'yaml') ctx.out(toKubectlYaml(shown));
  else if (output === 'json') ctx.out(toKubectlJson(shown));
  else if (output === 'name') ctx.out(`${typedSvc}\n`);
  else ctx.out(`${typedSvc} exposed${suffix}\n`);
  return 0;
}

export const expose: Verb = {
  name: 'expose',
  summary: 'Take a replication controller, service, deployment or pod and expose it as a new Kubernetes service',
  server: 'plain',
  flags: {
    port: { type: 'string' },
    'target-port': { type: 'string' },
    name: { type: 'string' },
    type: { type: 'string' },
    protocol: { type: 'string' },
    selector: { type: 'string' },
    'cluster-ip': { type: 'string' },
    labels: { type: 'string', short: 'l' },
    'dry-run': { type: 'string' },
    output: { type: 'string', short: 'o' },
  },
  run,
};
