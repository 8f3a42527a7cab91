/**
 * How calicoctl finds its datastore (clientmgr.LoadClientConfig, apiconfig): the config file
 * (`--config`, default /etc/calico/calicoctl.cfg) if it exists, else the environment
 * (DATASTORE_TYPE, KUBECONFIG, ETCD_ENDPOINTS, also with a CALICO_ prefix). Then the version
 * check every datastore command makes unless --allow-version-mismatch (common/version_mismatch.go).
 */
import { parse } from 'yaml';
import { goYamlError } from '../../../emulator/go-yaml-errors';
import type { CommandContext } from '../../context';
import { fsResolve, fsStat } from '../../../emulator/fs';
import { storeGet } from '../../../emulator/k8s/objects';
import { calicoCrdsInstalled } from '../../../emulator/calico/resources';
import { calicoDatastoreType, etcdReach } from '../../../emulator/calico/datastore-etcd';

export const DEFAULT_CONFIG = '/etc/calico/calicoctl.cfg';

export type ClientResult =
  | { ok: true; datastore: 'kubernetes' | 'etcdv3' }
  /** `fatal`: calicoctl printed to stdout and exited itself (bad --config path). */
  | { ok: false; error: string; fatal?: boolean };

function env(ctx: CommandContext, name: string): string {
  return ctx.shell.env[name] || ctx.shell.env[`CALICO_${name}`] || '';
}

/** Versions before v3.22 default to etcdv3 when nothing says otherwise; later ones detect Kubernetes. */
function defaultsToKubernetes(version: string | undefined): boolean {
  const m = /^v?(\d+)\.(\d+)/.exec(version ?? '');
  return !!m && (Number(m[1]) > 3 || Number(m[2]) >= 22);
}

export function calicoClient(ctx: CommandContext, configPath: string | undefined): ClientResult {
  const cf = configPath ?? DEFAULT_CONFIG;
  const path = fsResolve(ctx.shell.cwd, cf);
  const file = fsStat(ctx.node.fs, path);
  let datastore = '';
  let kubeconfig = '';
  let etcd = '';
  if (!file || file.type !== 'file') {
    if (cf !== DEFAULT_CONFIG) return { ok: false, error: `Error reading config file: ${cf}\n`, fatal: true };
    datastore = env(ctx, 'DATASTORE_TYPE');
    kubeconfig = env(ctx, 'KUBECONFIG');
    etcd = env(ctx, 'ETCD_ENDPOINTS');
  } else {
    let doc: Record<string, unknown> | null;
    try {
      doc = parse(file.content) ?? {};
    } catch (e) {
      const problem = goYamlError(file.content) ?? (e as Error).message.split('\n')[0];
      return { ok: false, error: `syntax error in ${cf}: error converting YAML to JSON: yaml: ${problem}` };
    }
    if (typeof doc !== 'object' || doc === null) doc = {};
    const spec = (doc.spec ?? {}) as Record<string, string>;
    if (doc.apiVersion !== 'projectcalico.org/v3') return { ok: false, error: `syntax error in ${cf}: invalid config file: unknown APIVersion '${doc.apiVersion ?? ''}'` };
    if (doc.kind !== 'CalicoAPIConfig') return { ok: false, error: `syntax error in ${cf}: invalid config file: expected kind 'CalicoAPIConfig', got '${doc.kind ?? ''}'` };
    datastore = spec.datastoreType ?? '';
    kubeconfig = spec.kubeconfig ?? '';
    etcd = spec.etcdEndpoints ?? '';
    if (!datastore && !defaultsToKubernetes(ctx.version)) datastore = 'etcdv3';
  }
  if (!datastore) datastore = etcd || !defaultsToKubernetes(ctx.version) ? 'etcdv3' : 'kubernetes';
  if (datastore === 'etcdv3') {
    if (!etcd) return { ok: false, error: 'no etcd endpoints specified' };
    // Calico's own etcd (the etcd scenario) answers; anything else (kubeadm's etcd wants client
    // certificates, nothing listens) makes calicoctl give up after its dial timeout.
    if (etcd.split(',').some((ep) => etcdReach(ctx.world, ctx.node, ep).ok)) return { ok: true, datastore: 'etcdv3' };
    return { ok: false, error: 'context deadline exceeded' };
  }
  if (datastore !== 'kubernetes') return { ok: false, error: `Unknown datastore type: ${datastore}` };
  if (!kubeconfig && defaultsToKubernetes(ctx.version)) {
    const home = `${ctx.shell.env.HOME || '/root'}/.kube/config`;
    if (fsStat(ctx.node.fs, home)) kubeconfig = home;
  }
  if (!kubeconfig) return { ok: false, error: 'invalid configuration: no configuration has been provided, try setting KUBERNETES_MASTER environment variable' };
  const kc = fsStat(ctx.node.fs, fsResolve(ctx.shell.cwd, kubeconfig));
  if (!kc) return { ok: false, error: `stat ${kubeconfig}: no such file or directory` };
  return { ok: true, datastore: 'kubernetes' };
}

/**
 * Whether Calico's stored resources are where this client looks: the Kubernetes datastore needs
 * the CRDs (an etcd-mode install has none, and the KDD client then lists nothing); the etcdv3
 * client finds them only when Calico was installed against etcd.
 */
export function calicoResourcesVisible(ctx: CommandContext, datastore: 'kubernetes' | 'etcdv3'): boolean {
  if (datastore === 'etcdv3') return calicoDatastoreType(ctx.world) === 'etcdv3';
  return calicoCrdsInstalled(ctx.world);
}

/** The mismatch error (with its trailing newline), or null when the versions agree or the check is skipped. */
export function versionMismatch(ctx: CommandContext, allow: boolean, configPath: string | undefined): string | null {
  if (allow) return null;
  const conn = calicoClient(ctx, configPath);
  if (!conn.ok || !calicoResourcesVisible(ctx, conn.datastore)) return null;
  const ci = storeGet(ctx.world.state.api, 'ClusterInformation', undefined, 'default');
  const cluster: string | undefined = ci?.spec?.calicoVersion;
  if (!cluster) return null;
  const clusterv = cluster.replace(/^v/, '').split('-')[0];
  const client = ctx.version ?? '';
  if (client.replace(/^v/, '').split('-')[0] === clusterv) return null;
  return `Version mismatch.\nClient Version:   ${client}\nCluster Version:  ${clusterv}\nUse --allow-version-mismatch to override.\n`;
}

/**
 * The short commit `calicoctl version` prints: v3.26.1's is its release commit (b1d192c95c89…);
 * v3.21.5's is not checked against a source; other versions get a made-up but stable hash.
 */
export function gitCommit(version: string | undefined): string {
  const known: Record<string, string> = { 'v3.21.5': 'f0c6a7eb5', 'v3.26.1': 'b1d192c95' };
  if (version && known[version]) return known[version];
  let h = 0;
  for (const ch of version ?? '') h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return h.toString(16).padStart(9, '0').slice(0, 9);
}
