/** `calicoctl get`: tabwriter tables (reference §3), or the v3 objects as YAML/JSON (§3.1). */
import type { CommandContext } from '../../context';
import type { KObj } from '../../../emulator/k8s/objects';
import { storeGet } from '../../../emulator/k8s/objects';
import type { CalicoKind } from '../../../emulator/calico/resources';
import { V3, calicoGet, calicoKindByV3, calicoKindLookup, calicoList } from '../../../emulator/calico/resources';
import { calicoctlTable } from '../../format/table';
import { toKubectlJson, toKubectlYaml } from '../../format/yaml-json';
import { getHelp } from './help';
import { invalidOption, parseOpts, resourceNamespace } from './args';
import { calicoClient, versionMismatch } from './client';
import type { Invocation } from './invocation';
import { kindVisible, missingError } from './datastore-view';
import { loadResources } from './write';

const DEFAULT_AS = 64512;

type Columns = { head: string[]; wide: string[]; cells(o: KObj, ctx: CommandContext): Record<string, string> };

const COLUMNS: Record<string, Columns> = {
  Node: {
    head: ['NAME'],
    wide: ['NAME', 'ASN', 'IPV4', 'IPV6'],
    cells: (o, ctx) => {
      const global = storeGet(ctx.world.state.api, 'BGPConfiguration', undefined, 'default')?.spec?.asNumber ?? DEFAULT_AS;
      const asn = o.spec.bgp?.asNumber ? String(o.spec.bgp.asNumber) : `(${global})`;
      return { NAME: o.metadata.name, ASN: asn, IPV4: o.spec.bgp?.ipv4Address ?? '', IPV6: o.spec.bgp?.ipv6Address ?? '' };
    },
  },
  IPPool: {
    head: ['NAME', 'CIDR', 'SELECTOR'],
    wide: ['NAME', 'CIDR', 'NAT', 'IPIPMODE', 'VXLANMODE', 'DISABLED', 'DISABLEBGPEXPORT', 'SELECTOR'],
    cells: (o) => ({
      NAME: o.metadata.name,
      CIDR: o.spec.cidr,
      NAT: String(!!o.spec.natOutgoing),
      IPIPMODE: o.spec.ipipMode || 'Never',
      VXLANMODE: o.spec.vxlanMode || 'Never',
      DISABLED: String(!!o.spec.disabled),
      DISABLEBGPEXPORT: String(!!o.spec.disableBGPExport),
      SELECTOR: o.spec.nodeSelector ?? '',
    }),
  },
  BGPConfiguration: {
    head: ['NAME', 'LOGSEVERITY', 'MESHENABLED', 'ASNUMBER'],
    wide: ['NAME', 'LOGSEVERITY', 'MESHENABLED', 'ASNUMBER'],
    cells: (o) => ({
      NAME: o.metadata.name,
      LOGSEVERITY: o.spec.logSeverityScreen ?? '',
      MESHENABLED: o.spec.nodeToNodeMeshEnabled === undefined ? '-' : String(o.spec.nodeToNodeMeshEnabled),
      ASNUMBER: o.spec.asNumber === undefined ? '-' : String(o.spec.asNumber),
    }),
  },
  BGPPeer: {
    head: ['NAME', 'PEERIP', 'NODE', 'ASN'],
    wide: ['NAME', 'PEERIP', 'NODE', 'ASN'],
    cells: (o) => ({
      NAME: o.metadata.name,
      PEERIP: o.spec.peerIP ?? '',
      NODE: o.spec.node || o.spec.nodeSelector || '(global)',
      ASN: String(o.spec.asNumber ?? 0),
    }),
  },
  FelixConfiguration: { head: ['NAME'], wide: ['NAME'], cells: (o) => ({ NAME: o.metadata.name }) },
  // resourcemgr/globalnetworkpolicy.go and networkpolicy.go: NAME; wide adds ORDER and SELECTOR,
  // printed by Go templates, so a policy without an order shows a nil pointer as `<nil>`.
  GlobalNetworkPolicy: { head: ['NAME'], wide: ['NAME', 'ORDER', 'SELECTOR'], cells: policyCells },
  NetworkPolicy: { head: ['NAME'], wide: ['NAME', 'ORDER', 'SELECTOR'], cells: policyCells },
  ClusterInformation: { head: ['NAME'], wide: ['NAME'], cells: (o) => ({ NAME: o.metadata.name }) },
  IPAMConfiguration: {
    head: ['NAME', 'STRICTAFFINITY', 'AUTOALLOCATEBLOCKS'],
    wide: ['NAME', 'STRICTAFFINITY', 'AUTOALLOCATEBLOCKS', 'MAXBLOCKSPERHOST'],
    cells: (o) => ({ NAME: o.metadata.name, STRICTAFFINITY: String(!!o.spec.strictAffinity), AUTOALLOCATEBLOCKS: String(o.spec.autoAllocateBlocks ?? true), MAXBLOCKSPERHOST: String(o.spec.maxBlocksPerHost ?? 0) }),
  },
  IPAMBlock: {
    head: ['NAME', 'CIDR', 'AFFINITY'],
    wide: ['NAME', 'CIDR', 'AFFINITY', 'STRICTAFFINITY'],
    cells: (o) => ({ NAME: o.metadata.name, CIDR: o.spec.cidr, AFFINITY: o.spec.affinity ?? '', STRICTAFFINITY: String(!!o.spec.strictAffinity) }),
  },
  BlockAffinity: {
    head: ['NAME', 'CIDR', 'NODE'],
    wide: ['NAME', 'CIDR', 'NODE', 'STATE'],
    cells: (o) => ({ NAME: o.metadata.name, CIDR: o.spec.cidr, NODE: o.spec.node, STATE: o.spec.state }),
  },
  WorkloadEndpoint: {
    head: ['WORKLOAD', 'NODE', 'NETWORKS', 'INTERFACE'],
    wide: ['NAME', 'WORKLOAD', 'NODE', 'NETWORKS', 'INTERFACE', 'PROFILES', 'NATS'],
    cells: (o) => ({
      NAME: o.metadata.name,
      WORKLOAD: o.spec.pod,
      NODE: o.spec.node,
      NETWORKS: o.spec.ipNetworks.join(','),
      INTERFACE: o.spec.interfaceName,
      PROFILES: o.spec.profiles.join(','),
      NATS: '',
      NAMESPACE: o.metadata.namespace ?? '',
    }),
  },
};

function policyCells(o: KObj): Record<string, string> {
  return { NAME: o.metadata.name, ORDER: o.spec.order === undefined ? '<nil>' : String(o.spec.order), SELECTOR: o.spec.selector ?? '' };
}

export function calicoctlGet(ctx: CommandContext, inv: Invocation, args: string[]): number {
  const p = parseOpts(args, [
    { long: 'output', short: 'o', value: true },
    { long: 'namespace', short: 'n', value: true },
    { long: 'all-namespaces', short: 'A' },
    { long: 'filename', short: 'f', value: true },
    { long: 'export' },
  ]);
  if (!p.ok) return fail(ctx, invalidOption(['get', ...args]));
  if (p.opts.help) {
    ctx.out(getHelp(inv.name) + '\n');
    return 0;
  }
  const output = (p.opts.output as string | undefined) ?? 'ps';
  if (!['ps', 'wide', 'yaml', 'yml', 'json'].includes(output)) return fail(ctx, `unrecognized output format '${output}'\n`);
  const file = p.opts.filename as string | undefined;
  const [kindName, ...names] = p.pos;
  if (!kindName && !file) return fail(ctx, invalidOption(['get', ...args]));
  if (kindName && file) return fail(ctx, invalidOption(['get', ...args]));
  const config = p.opts.config as string | undefined;
  const mismatch = versionMismatch(ctx, inv.allowMismatch || !!p.opts['allow-version-mismatch'], config);
  if (mismatch) return fail(ctx, `Failed to get resources: ${mismatch}\n`);
  // `get -f FILE`: each resource the file names (kind, name, namespace) is read back.
  let wanted: { kind: CalicoKind; name: string; namespace?: string }[] | null = null;
  if (file) {
    const loaded = loadResources(ctx, file);
    if (!loaded.ok) return fail(ctx, `Failed to get resources: ${loaded.error}\n`);
    wanted = loaded.resources.map((r) => ({ kind: calicoKindByV3(r.kind)!, name: r.metadata.name, namespace: r.metadata.namespace }));
  }
  const kind = kindName ? calicoKindLookup(kindName) : wanted?.[0]?.kind;
  if (kindName && !kind) return fail(ctx, `Failed to get resources: resource type '${kindName}' is not supported\n`);
  const client = calicoClient(ctx, config);
  if (!client.ok) {
    ctx.out(client.fatal ? client.error : `Failed to create Calico API client: ${client.error}\n`);
    return 1;
  }
  if (!kind || (wanted && wanted.length === 0)) return 0;
  const allNs = !!p.opts['all-namespaces'];
  let items: KObj[] = [];
  const errors: string[] = [];
  const getOne = (k: CalicoKind, n: string, ns: string | undefined) => {
    const o = kindVisible(ctx, client.datastore, k) ? calicoGet(ctx.world, k, n, ns) : undefined;
    if (o) items.push(o);
    else errors.push(missingError(ctx, client.datastore, k, n, ns));
  };
  const cliNs = p.opts.namespace as string | undefined;
  if (wanted) {
    for (const w of wanted) {
      const ns = resourceNamespace(w.kind.namespaced, w.kind.kind, w.namespace || undefined, cliNs, allNs);
      if (!ns.ok) return fail(ctx, `Failed to get resources: ${ns.error}\n`);
    }
    for (const w of wanted) getOne(w.kind, w.name, w.kind.namespaced ? (w.namespace || cliNs || 'default') : undefined);
  } else {
    const nsr = resourceNamespace(kind.namespaced, kind.kind, undefined, cliNs, allNs);
    if (!nsr.ok) return fail(ctx, `Failed to get resources: ${nsr.error}\n`);
    const ns = nsr.namespace;
    if (names.length) for (const n of names) getOne(kind, n, ns);
    else items = kindVisible(ctx, client.datastore, kind) ? calicoList(ctx.world, kind, ns) : [];
  }
  const single = (wanted ?? names).length === 1;
  const kinds = [...new Set(items.map((o) => o.kind))];
  if (items.length || !single) {
    if (kinds.length > 1 && output !== 'yaml' && output !== 'yml' && output !== 'json') {
      // One table per kind, in the order the file named them.
      for (const kn of kinds) ctx.out(render(ctx, calicoKindByV3(kn)!, items.filter((o) => o.kind === kn), output, false, false));
    } else {
      const k = kinds.length === 1 ? calicoKindByV3(kinds[0])! : kind;
      ctx.out(render(ctx, k, items, output, single, k.namespaced && (allNs || !!p.opts.namespace)));
    }
  }
  if (errors.length) return fail(ctx, errors.join('\n') + '\n');
  return 0;
}

function render(ctx: CommandContext, kind: CalicoKind, items: KObj[], output: string, single: boolean, printNs: boolean): string {
  if (output === 'yaml' || output === 'yml' || output === 'json') {
    const value = single ? items[0] : { apiVersion: V3, items, kind: `${kind.kind}List`, metadata: { resourceVersion: String(ctx.world.state.api.revision) } };
    return output === 'json' ? toKubectlJson(value) : toKubectlYaml(value);
  }
  const cols = COLUMNS[kind.kind];
  const head = [...(printNs ? ['NAMESPACE'] : []), ...(output === 'wide' ? cols.wide : cols.head)];
  const rows = items.map((o) => {
    const c: Record<string, string> = { ...cols.cells(o, ctx), NAMESPACE: o.metadata.namespace ?? '' };
    return head.map((h) => c[h] ?? '');
  });
  return calicoctlTable([head, ...rows]);
}

function fail(ctx: CommandContext, text: string): number {
  ctx.err(text);
  return 1;
}
