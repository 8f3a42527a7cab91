/**
 * The API server's discovery data: which kinds exist, under which group and resource names.
 * Built-in kinds are fixed; CustomResourceDefinitions add theirs when applied, as on a real cluster.
 */
import type { ApiStore, KObj } from './objects';
import { storeList, storedKind } from './objects';

export interface KindInfo {
  kind: string;
  group: string; // '' for the core group
  version: string;
  plural: string;
  singular: string;
  shortNames: string[];
  namespaced: boolean;
  /** The kind the store keys its objects under (see storedKind). */
  stored: string;
}

const BUILTIN: KindInfo[] = [
  k('Namespace', '', 'v1', 'namespaces', ['ns'], false),
  k('Node', '', 'v1', 'nodes', ['no'], false),
  k('Pod', '', 'v1', 'pods', ['po'], true),
  k('Service', '', 'v1', 'services', ['svc'], true),
  k('Endpoints', '', 'v1', 'endpoints', ['ep'], true),
  k('ServiceAccount', '', 'v1', 'serviceaccounts', ['sa'], true),
  k('ConfigMap', '', 'v1', 'configmaps', ['cm'], true),
  k('Secret', '', 'v1', 'secrets', [], true),
  k('Event', '', 'v1', 'events', ['ev'], true),
  k('DaemonSet', 'apps', 'v1', 'daemonsets', ['ds'], true),
  k('Deployment', 'apps', 'v1', 'deployments', ['deploy'], true),
  k('ReplicaSet', 'apps', 'v1', 'replicasets', ['rs'], true),
  k('PodDisruptionBudget', 'policy', 'v1', 'poddisruptionbudgets', ['pdb'], true),
  k('ClusterRole', 'rbac.authorization.k8s.io', 'v1', 'clusterroles', [], false),
  k('ClusterRoleBinding', 'rbac.authorization.k8s.io', 'v1', 'clusterrolebindings', [], false),
  k('Role', 'rbac.authorization.k8s.io', 'v1', 'roles', [], true),
  k('RoleBinding', 'rbac.authorization.k8s.io', 'v1', 'rolebindings', [], true),
  k('NetworkPolicy', 'networking.k8s.io', 'v1', 'networkpolicies', ['netpol'], true),
  k('EndpointSlice', 'discovery.k8s.io', 'v1', 'endpointslices', [], true),
  k('CustomResourceDefinition', 'apiextensions.k8s.io', 'v1', 'customresourcedefinitions', ['crd', 'crds'], false),
];

function k(kind: string, group: string, version: string, plural: string, shortNames: string[], namespaced: boolean): KindInfo {
  return { kind, group, version, plural, singular: kind.toLowerCase(), shortNames, namespaced, stored: kind };
}

/** Every kind the cluster serves now: the built-ins plus those of installed CRDs. */
export function kindsServed(store: ApiStore): KindInfo[] {
  const crds = storeList(store, 'CustomResourceDefinition').map(crdKind);
  return BUILTIN.concat(crds.filter((c): c is KindInfo => c !== null));
}

function crdKind(crd: KObj): KindInfo | null {
  const s = crd.spec;
  const versions: { name?: string; served?: boolean }[] = Array.isArray(s?.versions) ? s.versions : [];
  const version = versions.find((v) => v?.served)?.name ?? versions[0]?.name;
  if (!s?.group || !s?.names?.kind || !s?.names?.plural || !version) return null;
  return {
    kind: s.names.kind,
    group: s.group,
    version,
    plural: s.names.plural,
    singular: s.names.singular ?? s.names.kind.toLowerCase(),
    shortNames: s.names.shortNames ?? [],
    namespaced: s.scope === 'Namespaced',
    stored: storedKind(`${s.group}/${version}`, s.names.kind),
  };
}

/** apiVersion string of a kind: `v1`, `apps/v1`, `crd.projectcalico.org/v1`. */
export function kindApiVersion(info: KindInfo): string {
  return info.group ? `${info.group}/${info.version}` : info.version;
}

/** Find a kind by apiVersion + kind, as the REST mapper does for manifests. */
export function kindForObject(store: ApiStore, apiVersion: string, kind: string): KindInfo | undefined {
  return kindsServed(store).find((i) => i.kind === kind && kindApiVersion(i) === apiVersion);
}

/**
 * Resolve what a user typed (`pods`, `po`, `pod`, `ippools`, `ippools.crd.projectcalico.org`,
 * `deployment.apps`) to a kind, like kubectl's resource shortcut expansion.
 */
export function kindForResource(store: ApiStore, typed: string): KindInfo | undefined {
  const lower = typed.toLowerCase();
  const [name, ...groupParts] = lower.split('.');
  const group = groupParts.join('.');
  return kindsServed(store).find(
    (i) =>
      (group === '' || i.group === group) &&
      (i.plural === name || i.singular === name || i.shortNames.includes(name) || i.kind.toLowerCase() === name),
  );
}

/** How kubectl names an object in its messages: `daemonset.apps/calico-node`, `configmap/x`. */
export function kindQualifiedName(info: KindInfo): string {
  return info.group ? `${info.singular}.${info.group}` : info.singular;
}
