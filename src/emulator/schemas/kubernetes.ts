/**
 * JSON schemas of the Kubernetes kinds the lab's manifests use (calico.yaml, the labs' pods and
 * deployments): enough to check apiVersion, kind, metadata and the common spec fields, from the
 * Kubernetes API reference (v1.28). Pod specs and containers are closed so that a misspelt field
 * is marked; rarely used sub-objects (probes, affinity, security contexts) stay open.
 */
import type { JsonSchema } from './types';

const str: JsonSchema = { type: 'string' };
const bool: JsonSchema = { type: 'boolean' };
const int: JsonSchema = { type: 'integer' };
const open: JsonSchema = { type: 'object' };
const strMap: JsonSchema = { type: 'object', additionalProperties: { type: 'string' } };
/** A map that YAML may leave empty (`data:` followed by comments only is null, which the API accepts). */
const strMapOrNull: JsonSchema = { type: ['object', 'null'], additionalProperties: { type: 'string' } };
const strList: JsonSchema = { type: 'array', items: str };
const intOrString: JsonSchema = { anyOf: [{ type: 'integer' }, { type: 'string' }] };
const closed = (properties: Record<string, JsonSchema>, extra: JsonSchema = {}): JsonSchema => ({ type: 'object', properties, additionalProperties: false, ...extra });

/** RFC 1123 subdomain: what the API server accepts as most objects' names. */
export const DNS_SUBDOMAIN = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$';

export const objectMeta = closed({
  name: { type: 'string', description: 'Name of the object (lower case letters, digits, - and .)' },
  generateName: str,
  namespace: str,
  labels: strMap,
  annotations: strMap,
  uid: str,
  resourceVersion: str,
  generation: int,
  creationTimestamp: { type: ['string', 'null'] },
  deletionTimestamp: str,
  deletionGracePeriodSeconds: int,
  ownerReferences: { type: 'array', items: open },
  finalizers: strList,
  managedFields: { type: 'array', items: open },
});

const labelSelector = closed({
  matchLabels: strMap,
  matchExpressions: {
    type: 'array',
    items: closed({ key: str, operator: { type: 'string', enum: ['In', 'NotIn', 'Exists', 'DoesNotExist'] }, values: strList }, { required: ['key', 'operator'] }),
  },
});

const envVar = closed(
  {
    name: str,
    value: str,
    valueFrom: closed({ configMapKeyRef: open, secretKeyRef: open, fieldRef: open, resourceFieldRef: open }),
  },
  { required: ['name'] },
);

const containerPort = closed(
  {
    containerPort: { type: 'integer', minimum: 1, maximum: 65535 },
    hostPort: int,
    hostIP: str,
    name: str,
    protocol: { type: 'string', enum: ['TCP', 'UDP', 'SCTP'] },
  },
  { required: ['containerPort'] },
);

const container = closed(
  {
    name: str,
    image: str,
    imagePullPolicy: { type: 'string', enum: ['Always', 'IfNotPresent', 'Never'] },
    command: strList,
    args: strList,
    workingDir: str,
    env: { type: 'array', items: envVar },
    envFrom: { type: 'array', items: open },
    ports: { type: 'array', items: containerPort },
    resources: closed({ limits: open, requests: open, claims: { type: 'array' } }),
    volumeMounts: { type: 'array', items: open },
    volumeDevices: { type: 'array', items: open },
    livenessProbe: open,
    readinessProbe: open,
    startupProbe: open,
    lifecycle: open,
    securityContext: open,
    terminationMessagePath: str,
    terminationMessagePolicy: str,
    stdin: bool,
    stdinOnce: bool,
    tty: bool,
    restartPolicy: str,
  },
  { required: ['name'] },
);

export const podSpec = closed(
  {
    containers: { type: 'array', items: container, minItems: 1 },
    initContainers: { type: 'array', items: container },
    ephemeralContainers: { type: 'array', items: open },
    restartPolicy: { type: 'string', enum: ['Always', 'OnFailure', 'Never'] },
    nodeName: str,
    nodeSelector: strMap,
    hostNetwork: bool,
    hostPID: bool,
    hostIPC: bool,
    hostname: str,
    subdomain: str,
    dnsPolicy: { type: 'string', enum: ['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None'] },
    dnsConfig: open,
    serviceAccountName: str,
    serviceAccount: str,
    automountServiceAccountToken: bool,
    tolerations: { type: 'array', items: open },
    affinity: open,
    volumes: { type: 'array', items: open },
    terminationGracePeriodSeconds: int,
    activeDeadlineSeconds: int,
    priorityClassName: str,
    priority: int,
    schedulerName: str,
    securityContext: open,
    imagePullSecrets: { type: 'array', items: open },
    enableServiceLinks: bool,
    shareProcessNamespace: bool,
    topologySpreadConstraints: { type: 'array', items: open },
    hostAliases: { type: 'array', items: open },
    preemptionPolicy: str,
    runtimeClassName: str,
  },
  { required: ['containers'] },
);

const podTemplate = closed({ metadata: objectMeta, spec: podSpec }, { required: ['spec'] });

const deploymentSpec = closed(
  {
    replicas: { type: 'integer', minimum: 0 },
    selector: labelSelector,
    template: podTemplate,
    strategy: closed({ type: { type: 'string', enum: ['RollingUpdate', 'Recreate'] }, rollingUpdate: closed({ maxSurge: intOrString, maxUnavailable: intOrString }) }),
    minReadySeconds: int,
    revisionHistoryLimit: int,
    progressDeadlineSeconds: int,
    paused: bool,
  },
  { required: ['selector', 'template'] },
);

const daemonSetSpec = closed(
  {
    selector: labelSelector,
    template: podTemplate,
    updateStrategy: closed({ type: { type: 'string', enum: ['RollingUpdate', 'OnDelete'] }, rollingUpdate: closed({ maxSurge: intOrString, maxUnavailable: intOrString }) }),
    minReadySeconds: int,
    revisionHistoryLimit: int,
  },
  { required: ['selector', 'template'] },
);

const servicePort = closed(
  {
    name: str,
    protocol: { type: 'string', enum: ['TCP', 'UDP', 'SCTP'] },
    port: { type: 'integer', minimum: 1, maximum: 65535 },
    targetPort: intOrString,
    nodePort: { type: 'integer', minimum: 1, maximum: 65535 },
    appProtocol: str,
  },
  { required: ['port'] },
);

const serviceSpec = closed({
  type: { type: 'string', enum: ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'] },
  selector: strMap,
  ports: { type: 'array', items: servicePort },
  clusterIP: str,
  clusterIPs: strList,
  externalIPs: strList,
  externalName: str,
  externalTrafficPolicy: { type: 'string', enum: ['Cluster', 'Local'] },
  internalTrafficPolicy: { type: 'string', enum: ['Cluster', 'Local'] },
  sessionAffinity: { type: 'string', enum: ['ClientIP', 'None'] },
  loadBalancerIP: str,
  ipFamilies: strList,
  ipFamilyPolicy: str,
  publishNotReadyAddresses: bool,
});

const netpolPort = closed({ protocol: { type: 'string', enum: ['TCP', 'UDP', 'SCTP'] }, port: intOrString, endPort: int });
const netpolPeer = closed({
  podSelector: labelSelector,
  namespaceSelector: labelSelector,
  ipBlock: closed({ cidr: str, except: strList }, { required: ['cidr'] }),
});
const k8sNetworkPolicySpec = closed(
  {
    podSelector: labelSelector,
    policyTypes: { type: 'array', items: { type: 'string', enum: ['Ingress', 'Egress'] } },
    ingress: { type: 'array', items: closed({ from: { type: 'array', items: netpolPeer }, ports: { type: 'array', items: netpolPort } }) },
    egress: { type: 'array', items: closed({ to: { type: 'array', items: netpolPeer }, ports: { type: 'array', items: netpolPort } }) },
  },
  { required: ['podSelector'] },
);

/** Whole-object schemas by apiVersion and kind (beyond apiVersion/kind/metadata). */
export const KUBERNETES_KINDS: { apiVersion: string; kind: string; properties: Record<string, JsonSchema>; required?: string[]; namespaced: boolean }[] = [
  { apiVersion: 'v1', kind: 'Pod', properties: { spec: podSpec, status: open }, required: ['spec'], namespaced: true },
  { apiVersion: 'apps/v1', kind: 'Deployment', properties: { spec: deploymentSpec, status: open }, required: ['spec'], namespaced: true },
  { apiVersion: 'apps/v1', kind: 'DaemonSet', properties: { spec: daemonSetSpec, status: open }, required: ['spec'], namespaced: true },
  { apiVersion: 'apps/v1', kind: 'ReplicaSet', properties: { spec: open, status: open }, namespaced: true },
  { apiVersion: 'v1', kind: 'Service', properties: { spec: serviceSpec, status: open }, namespaced: true },
  { apiVersion: 'v1', kind: 'ConfigMap', properties: { data: strMapOrNull, binaryData: strMapOrNull, immutable: bool }, namespaced: true },
  { apiVersion: 'v1', kind: 'Secret', properties: { type: str, data: strMapOrNull, stringData: strMapOrNull, immutable: bool }, namespaced: true },
  { apiVersion: 'v1', kind: 'ServiceAccount', properties: { secrets: { type: 'array', items: open }, imagePullSecrets: { type: 'array', items: open }, automountServiceAccountToken: bool }, namespaced: true },
  { apiVersion: 'v1', kind: 'Namespace', properties: { spec: open, status: open }, namespaced: false },
  { apiVersion: 'v1', kind: 'Node', properties: { spec: open, status: open }, namespaced: false },
  { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', properties: { spec: k8sNetworkPolicySpec }, namespaced: true },
  { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', properties: { spec: open, status: open }, namespaced: true },
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', properties: { rules: { type: 'array', items: open }, aggregationRule: open }, namespaced: false },
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', properties: { roleRef: open, subjects: { type: 'array', items: open } }, namespaced: false },
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', properties: { rules: { type: 'array', items: open } }, namespaced: true },
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', properties: { roleRef: open, subjects: { type: 'array', items: open } }, namespaced: true },
  { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', properties: { spec: open, status: open }, namespaced: false },
];
