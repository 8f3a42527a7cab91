/**
 * Calico install manifests served by the lab's offline "internet".
 *
 * These are Calico Lab's own renditions of the three files the Calico
 * project publishes for v3.26.1 (calico.yaml, calico-vxlan.yaml and
 * calico-etcd.yaml). For legal reasons we do not ship the published
 * text: everything here is written from scratch. What we keep identical
 * is what students and tutorials depend on:
 *
 *   - the object list (kind, apiVersion, name, namespace) and its order;
 *   - the calico-node environment block: names, values, order and the
 *     12-space indentation, including the two commented-out
 *     CALICO_IPV4POOL_CIDR lines, so that `sed` one-liners written for
 *     the real file behave the same on ours;
 *   - the ConfigMap keys and the CNI conflist placeholders.
 *
 * Everything else is deliberately shorter: CRDs carry a schema that
 * accepts any object, RBAC rules are condensed, and the comments are ours.
 *
 * Pure string building: no DOM and no Node APIs.
 */

export type CalicoBackend = 'bird' | 'vxlan';

const NS = 'kube-system';

// ---------------------------------------------------------------------------
// Small text helpers. Env entries are rendered at the indentation the
// upstream pod templates use: 12 spaces before "- name:".

const ENV_INDENT = ' '.repeat(12);

function note(text: string | undefined): string {
  return text === undefined ? '' : `${ENV_INDENT}# ${text}\n`;
}

/** An env entry with a literal (always double-quoted) value. */
function envValue(name: string, value: string, comment?: string): string {
  return `${note(comment)}${ENV_INDENT}- name: ${name}\n${ENV_INDENT}  value: "${value}"\n`;
}

/** An env entry read from the calico-config ConfigMap. */
function envConfig(name: string, key: string, comment?: string): string {
  return (
    `${note(comment)}${ENV_INDENT}- name: ${name}\n` +
    `${ENV_INDENT}  valueFrom:\n` +
    `${ENV_INDENT}    configMapKeyRef:\n` +
    `${ENV_INDENT}      name: calico-config\n` +
    `${ENV_INDENT}      key: ${key}\n`
  );
}

/** An env entry taken from the pod's own spec via the downward API. */
function envField(name: string, fieldPath: string, comment?: string): string {
  return (
    `${note(comment)}${ENV_INDENT}- name: ${name}\n` +
    `${ENV_INDENT}  valueFrom:\n` +
    `${ENV_INDENT}    fieldRef:\n` +
    `${ENV_INDENT}      fieldPath: ${fieldPath}\n`
  );
}

/**
 * The pool CIDR is shipped commented out, exactly as the published file has
 * it, because so many install guides tell people to uncomment it with sed.
 * The two lines below must stay byte-for-byte identical to upstream.
 */
const COMMENTED_POOL_CIDR =
  `${ENV_INDENT}# - name: CALICO_IPV4POOL_CIDR\n` +
  `${ENV_INDENT}#   value: "192.168.0.0/16"\n`;

/** Optional override of the API server address (used by eBPF installs). */
const ENV_FROM_SERVICES_ENDPOINT = `          envFrom:
          - configMapRef:
              # Lets eBPF installs point pods straight at the API server.
              name: kubernetes-services-endpoint
              optional: true
`;

// ---------------------------------------------------------------------------
// Objects shared by the KDD and etcd flavours.

function header(title: string, version: string): string {
  return `# Calico Lab rendition of Calico ${version} ${title}.
# Written for the lab; structure mirrors the published manifest.
`;
}

const PDB = `---
# Keep at least the one controller pod around during voluntary evictions.
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: calico-kube-controllers
  namespace: ${NS}
  labels:
    k8s-app: calico-kube-controllers
spec:
  maxUnavailable: 1
  selector:
    matchLabels:
      k8s-app: calico-kube-controllers
`;

const SERVICE_ACCOUNTS = ['calico-kube-controllers', 'calico-node', 'calico-cni-plugin']
  .map(
    (name) => `---
# Identity for ${name}.
apiVersion: v1
kind: ServiceAccount
metadata:
  name: ${name}
  namespace: ${NS}
`,
  )
  .join('');

/** The CNI conflist template; the install-cni container fills the __X__ slots. */
function cniConflist(datastore: 'kubernetes' | 'etcd'): string {
  const datastoreLines =
    datastore === 'kubernetes'
      ? `          "datastore_type": "kubernetes",
          "nodename": "__KUBERNETES_NODE_NAME__",
`
      : `          "etcd_endpoints": "__ETCD_ENDPOINTS__",
          "etcd_key_file": "__ETCD_KEY_FILE__",
          "etcd_cert_file": "__ETCD_CERT_FILE__",
          "etcd_ca_cert_file": "__ETCD_CA_CERT_FILE__",
`;
  return `  cni_network_config: |-
    {
      "name": "k8s-pod-network",
      "cniVersion": "0.3.1",
      "plugins": [
        {
          "type": "calico",
          "log_level": "info",
          "log_file_path": "/var/log/calico/cni/cni.log",
${datastoreLines}          "mtu": __CNI_MTU__,
          "ipam": { "type": "calico-ipam" },
          "policy": { "type": "k8s" },
          "kubernetes": { "kubeconfig": "__KUBECONFIG_FILEPATH__" }
        },
        { "type": "portmap", "snat": true, "capabilities": { "portMappings": true } },
        { "type": "bandwidth", "capabilities": { "bandwidth": true } }
      ]
    }
`;
}

function calicoConfig(backend: CalicoBackend, datastore: 'kubernetes' | 'etcd'): string {
  const etcdKeys =
    datastore === 'etcd'
      ? `  # Where calico-node, the CNI plugin and kube-controllers find etcd.
  etcd_endpoints: "http://<ETCD_IP>:<ETCD_PORT>"
  # TLS file paths; leave empty for plain HTTP. When using TLS, set e.g.
  # "/calico-secrets/etcd-ca" and fill calico-etcd-secrets to match.
  etcd_ca: ""
  etcd_cert: ""
  etcd_key: ""
`
      : '';
  return `---
# Cluster-wide settings read by calico-node and the CNI installer.
kind: ConfigMap
apiVersion: v1
metadata:
  name: calico-config
  namespace: ${NS}
data:
${etcdKeys}  # No Typha in this small-cluster manifest.
  typha_service_name: "none"
  # Networking backend for calico-node: "bird" (BGP) or "vxlan".
  calico_backend: "${backend}"
  # Pod interface MTU; "0" means detect it from the host.
  veth_mtu: "0"
  # Template for /etc/cni/net.d/10-calico.conflist on every node.
${cniConflist(datastore)}`;
}

// ---------------------------------------------------------------------------
// Custom resource definitions (KDD only). Order matches the published file.

interface CrdInfo {
  kind: string;
  plural: string;
  namespaced?: boolean;
}

const CRDS: readonly CrdInfo[] = [
  { kind: 'BGPConfiguration', plural: 'bgpconfigurations' },
  { kind: 'BGPFilter', plural: 'bgpfilters' },
  { kind: 'BGPPeer', plural: 'bgppeers' },
  { kind: 'BlockAffinity', plural: 'blockaffinities' },
  { kind: 'CalicoNodeStatus', plural: 'caliconodestatuses' },
  { kind: 'ClusterInformation', plural: 'clusterinformations' },
  { kind: 'FelixConfiguration', plural: 'felixconfigurations' },
  { kind: 'GlobalNetworkPolicy', plural: 'globalnetworkpolicies' },
  { kind: 'GlobalNetworkSet', plural: 'globalnetworksets' },
  { kind: 'HostEndpoint', plural: 'hostendpoints' },
  { kind: 'IPAMBlock', plural: 'ipamblocks' },
  { kind: 'IPAMConfig', plural: 'ipamconfigs' },
  { kind: 'IPAMHandle', plural: 'ipamhandles' },
  { kind: 'IPPool', plural: 'ippools' },
  { kind: 'IPReservation', plural: 'ipreservations' },
  { kind: 'KubeControllersConfiguration', plural: 'kubecontrollersconfigurations' },
  { kind: 'NetworkPolicy', plural: 'networkpolicies', namespaced: true },
  { kind: 'NetworkSet', plural: 'networksets', namespaced: true },
];

/** The published CRDs use the lower-cased kind as the singular name. */
function crd({ kind, plural, namespaced }: CrdInfo): string {
  return `---
# ${kind}: stored as crd.projectcalico.org/v1 (schema left open in the lab).
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: ${plural}.crd.projectcalico.org
spec:
  group: crd.projectcalico.org
  names:
    kind: ${kind}
    listKind: ${kind}List
    plural: ${plural}
    singular: ${kind.toLowerCase()}
  scope: ${namespaced ? 'Namespaced' : 'Cluster'}
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        x-kubernetes-preserve-unknown-fields: true
`;
}

// ---------------------------------------------------------------------------
// RBAC. Condensed: the verbs each component needs, grouped per API group.

const CALICO_RESOURCES_READ = [
  'felixconfigurations',
  'bgppeers',
  'bgpfilters',
  'bgpconfigurations',
  'ippools',
  'ipreservations',
  'ipamblocks',
  'globalnetworkpolicies',
  'globalnetworksets',
  'networkpolicies',
  'networksets',
  'clusterinformations',
  'hostendpoints',
  'blockaffinities',
  'caliconodestatuses',
];

function list(items: readonly string[], indent: string): string {
  return items.map((i) => `${indent}- ${i}\n`).join('');
}

function kubeControllersRole(datastore: 'kubernetes' | 'etcd'): string {
  const rules =
    datastore === 'kubernetes'
      ? `  # Core objects the node and IPAM controllers follow.
  - apiGroups: [""]
    resources: [nodes, pods]
    verbs: [get, list, watch]
  # Garbage-collect IPAM state and keep host endpoints in sync.
  - apiGroups: ["crd.projectcalico.org"]
    resources: [blockaffinities, ipamblocks, ipamhandles, hostendpoints]
    verbs: [get, list, watch, create, update, delete]
  - apiGroups: ["crd.projectcalico.org"]
    resources: [ippools, ipreservations]
    verbs: [list, watch]
  # Its own config object and the cluster information record.
  - apiGroups: ["crd.projectcalico.org"]
    resources: [clusterinformations, kubecontrollersconfigurations]
    verbs: [get, list, watch, create, update]
`
      : `  # Objects mirrored from the Kubernetes API into etcd.
  - apiGroups: [""]
    resources: [pods, nodes, namespaces, serviceaccounts]
    verbs: [get, list, watch]
  - apiGroups: ["networking.k8s.io"]
    resources: [networkpolicies]
    verbs: [list, watch]
`;
  return `---
# What calico-kube-controllers may do.
kind: ClusterRole
apiVersion: rbac.authorization.k8s.io/v1
metadata:
  name: calico-kube-controllers
rules:
${rules}`;
}

function nodeRole(datastore: 'kubernetes' | 'etcd'): string {
  const crdRules =
    datastore === 'kubernetes'
      ? `  # Calico's own resources live in CRDs in this datastore mode.
  - apiGroups: ["crd.projectcalico.org"]
    resources:
${list(CALICO_RESOURCES_READ, '      ')}    verbs: [get, list, watch]
  - apiGroups: ["crd.projectcalico.org"]
    resources: [ippools, felixconfigurations, clusterinformations, caliconodestatuses, bgpconfigurations, bgppeers]
    verbs: [create, update]
  # IPAM bookkeeping done by the CNI plugin and calico-node.
  - apiGroups: ["crd.projectcalico.org"]
    resources: [blockaffinities, ipamblocks, ipamhandles, ipamconfigs]
    verbs: [get, list, watch, create, update, delete]
  # The IPAM upgrade init container looks up daemonsets.
  - apiGroups: ["apps"]
    resources: [daemonsets]
    verbs: [get]
`
      : '';
  return `---
# What calico-node may do.
kind: ClusterRole
apiVersion: rbac.authorization.k8s.io/v1
metadata:
  name: calico-node
rules:
  # Mint short-lived tokens for the CNI plugin's identity.
  - apiGroups: [""]
    resources: [serviceaccounts/token]
    resourceNames: [calico-cni-plugin]
    verbs: [create]
  - apiGroups: [""]
    resources: [pods, nodes, namespaces, serviceaccounts, endpoints, services, configmaps]
    verbs: [get, list, watch]
  - apiGroups: [""]
    resources: [nodes/status, pods/status]
    verbs: [patch, update]
  - apiGroups: ["discovery.k8s.io"]
    resources: [endpointslices]
    verbs: [list, watch]
  - apiGroups: ["networking.k8s.io"]
    resources: [networkpolicies]
    verbs: [list, watch]
${crdRules}`;
}

function cniRole(datastore: 'kubernetes' | 'etcd'): string {
  const crdRules =
    datastore === 'kubernetes'
      ? `  - apiGroups: ["crd.projectcalico.org"]
    resources: [blockaffinities, ipamblocks, ipamhandles, ipamconfigs, ippools, ipreservations, clusterinformations]
    verbs: [get, list, create, update, delete]
`
      : '';
  return `---
# What the CNI plugin (running on the host) may do.
kind: ClusterRole
apiVersion: rbac.authorization.k8s.io/v1
metadata:
  name: calico-cni-plugin
rules:
  - apiGroups: [""]
    resources: [pods, nodes, namespaces]
    verbs: [get]
${datastore === 'kubernetes' ? `  - apiGroups: [""]
    resources: [pods/status]
    verbs: [patch]
` : ''}${crdRules}`;
}

function binding(name: string, apiVersionFirst: boolean): string {
  const head = apiVersionFirst
    ? 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding'
    : 'kind: ClusterRoleBinding\napiVersion: rbac.authorization.k8s.io/v1';
  return `---
# Grant the ${name} role to the ${name} service account.
${head}
metadata:
  name: ${name}
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: ${name}
subjects:
- kind: ServiceAccount
  name: ${name}
  namespace: ${NS}
`;
}

function rbac(datastore: 'kubernetes' | 'etcd'): string {
  return (
    kubeControllersRole(datastore) +
    nodeRole(datastore) +
    cniRole(datastore) +
    binding('calico-kube-controllers', false) +
    binding('calico-node', true) +
    binding('calico-cni-plugin', true)
  );
}

// ---------------------------------------------------------------------------
// calico-node DaemonSet.

interface PoolModes {
  ipip: string;
  vxlan: string;
  vxlan6: string;
}

function poolModes(backend: CalicoBackend): PoolModes {
  return backend === 'vxlan'
    ? { ipip: 'Never', vxlan: 'CrossSubnet', vxlan6: 'CrossSubnet' }
    : { ipip: 'Always', vxlan: 'Never', vxlan6: 'Never' };
}

const ETCD_ACCESS_ENV =
  envConfig('ETCD_ENDPOINTS', 'etcd_endpoints', 'etcd cluster address.') +
  envConfig('ETCD_CA_CERT_FILE', 'etcd_ca', 'TLS: CA bundle path (may be empty).') +
  envConfig('ETCD_KEY_FILE', 'etcd_key', 'TLS: client key path (may be empty).') +
  envConfig('ETCD_CERT_FILE', 'etcd_cert', 'TLS: client certificate path (may be empty).');

function calicoNodeEnv(backend: CalicoBackend, datastore: 'kubernetes' | 'etcd'): string {
  const modes = poolModes(backend);
  const identity =
    datastore === 'kubernetes'
      ? envValue('DATASTORE_TYPE', 'kubernetes', 'Store Calico state in the Kubernetes API.') +
        envValue('WAIT_FOR_DATASTORE', 'true', 'Block start-up until that API answers.') +
        envField('NODENAME', 'spec.nodeName', 'Calico node name = Kubernetes node name.')
      : ETCD_ACCESS_ENV +
        envField('CALICO_K8S_NODE_REF', 'spec.nodeName', 'Link the Calico node to its Kubernetes node.');
  return (
    identity +
    envConfig('CALICO_NETWORKING_BACKEND', 'calico_backend', 'bird or vxlan, from calico-config.') +
    envValue('CLUSTER_TYPE', 'k8s,bgp', 'Reported in ClusterInformation.') +
    envValue('IP', 'autodetect', 'Pick the node address automatically.') +
    envValue('CALICO_IPV4POOL_IPIP', modes.ipip, 'IP-in-IP mode of the default IPv4 pool.') +
    envValue('CALICO_IPV4POOL_VXLAN', modes.vxlan, 'VXLAN mode of the default IPv4 pool.') +
    envValue('CALICO_IPV6POOL_VXLAN', modes.vxlan6, 'VXLAN mode of the default IPv6 pool.') +
    envConfig('FELIX_IPINIPMTU', 'veth_mtu', 'Tunnel MTUs follow veth_mtu (0 = auto).') +
    envConfig('FELIX_VXLANMTU', 'veth_mtu') +
    envConfig('FELIX_WIREGUARDMTU', 'veth_mtu') +
    `${ENV_INDENT}# Default IPv4 pool, created once at first start-up only.\n` +
    `${ENV_INDENT}# Uncomment and match it to the cluster's pod CIDR.\n` +
    COMMENTED_POOL_CIDR +
    envValue('CALICO_DISABLE_FILE_LOGGING', 'true', 'Log to stdout only, for kubectl logs.') +
    envValue('FELIX_DEFAULTENDPOINTTOHOSTACTION', 'ACCEPT', 'Pods may reach their own host.') +
    envValue('FELIX_IPV6SUPPORT', 'false', 'IPv4-only cluster.') +
    envValue('FELIX_HEALTHENABLED', 'true', 'Serve the health endpoint used by the probes.')
  );
}

function upgradeIpamInit(version: string): string {
  return `        # Converts host-local IPAM state to Calico IPAM; harmless on new clusters.
        - name: upgrade-ipam
          image: docker.io/calico/cni:${version}
          imagePullPolicy: IfNotPresent
          command: ["/opt/cni/bin/calico-ipam", "-upgrade"]
${ENV_FROM_SERVICES_ENDPOINT}          env:
${envField('KUBERNETES_NODE_NAME', 'spec.nodeName')}${envConfig('CALICO_NETWORKING_BACKEND', 'calico_backend')}          volumeMounts:
            - mountPath: /var/lib/cni/networks
              name: host-local-net-dir
            - mountPath: /host/opt/cni/bin
              name: cni-bin-dir
          securityContext:
            privileged: true
`;
}

function installCniInit(version: string, datastore: 'kubernetes' | 'etcd'): string {
  const where =
    datastore === 'kubernetes'
      ? envField('KUBERNETES_NODE_NAME', 'spec.nodeName', 'Fills __KUBERNETES_NODE_NAME__.')
      : envConfig('ETCD_ENDPOINTS', 'etcd_endpoints', 'Fills __ETCD_ENDPOINTS__.');
  const secretsMount =
    datastore === 'etcd'
      ? `            - mountPath: /calico-secrets
              name: etcd-certs
`
      : '';
  return `        # Copies the CNI binaries and writes the conflist on the host.
        - name: install-cni
          image: docker.io/calico/cni:${version}
          imagePullPolicy: IfNotPresent
          command: ["/opt/cni/bin/install"]
${ENV_FROM_SERVICES_ENDPOINT}          env:
${envValue('CNI_CONF_NAME', '10-calico.conflist', 'File name under /etc/cni/net.d.')}${envConfig('CNI_NETWORK_CONFIG', 'cni_network_config', 'Template for that file.')}${where}${envConfig('CNI_MTU', 'veth_mtu', 'Fills __CNI_MTU__.')}${envValue('SLEEP', 'false', 'Exit when done instead of idling.')}          volumeMounts:
            - mountPath: /host/opt/cni/bin
              name: cni-bin-dir
            - mountPath: /host/etc/cni/net.d
              name: cni-net-dir
${secretsMount}          securityContext:
            privileged: true
`;
}

function mountBpffsInit(version: string): string {
  return `        # Best-effort mount of bpffs and cgroup2 for the eBPF data plane.
        - name: "mount-bpffs"
          image: docker.io/calico/node:${version}
          imagePullPolicy: IfNotPresent
          command: ["calico-node", "-init", "-best-effort"]
          volumeMounts:
            - mountPath: /sys/fs
              name: sys-fs
              mountPropagation: Bidirectional
            - mountPath: /var/run/calico
              name: var-run-calico
              mountPropagation: Bidirectional
            - mountPath: /nodeproc
              name: nodeproc
              readOnly: true
          securityContext:
            privileged: true
`;
}

function calicoNodeDaemonSet(
  version: string,
  backend: CalicoBackend,
  datastore: 'kubernetes' | 'etcd',
): string {
  const bird = backend === 'bird';
  const live = bird ? '              - -felix-live\n              - -bird-live\n' : '              - -felix-live\n';
  const ready = bird ? '              - -felix-ready\n              - -bird-ready\n' : '              - -felix-ready\n';
  const etcd = datastore === 'etcd';
  const inits =
    (etcd ? '' : upgradeIpamInit(version)) + installCniInit(version, datastore) + mountBpffsInit(version);
  return `---
# calico-node on every Linux node: Felix, BIRD/confd and the CNI installer.
kind: DaemonSet
apiVersion: apps/v1
metadata:
  name: calico-node
  namespace: ${NS}
  labels:
    k8s-app: calico-node
spec:
  selector:
    matchLabels:
      k8s-app: calico-node
  updateStrategy:
    type: RollingUpdate
    rollingUpdate:
      maxUnavailable: 1
  template:
    metadata:
      labels:
        k8s-app: calico-node
    spec:
      nodeSelector:
        kubernetes.io/os: linux
      hostNetwork: true
      tolerations:
        # Run everywhere, tainted nodes included.
        - effect: NoSchedule
          operator: Exists
        - key: CriticalAddonsOnly
          operator: Exists
        - effect: NoExecute
          operator: Exists
      serviceAccountName: calico-node
      # Stop immediately on delete; the next pod takes over the host state.
      terminationGracePeriodSeconds: 0
      priorityClassName: system-node-critical
      initContainers:
${inits}      containers:
        - name: calico-node
          image: docker.io/calico/node:${version}
          imagePullPolicy: IfNotPresent
${ENV_FROM_SERVICES_ENDPOINT}          env:
${calicoNodeEnv(backend, datastore)}          securityContext:
            privileged: true
          resources:
            requests:
              cpu: 250m
          lifecycle:
            preStop:
              exec:
                command:
                - /bin/calico-node
                - -shutdown
          livenessProbe:
            exec:
              command:
              - /bin/calico-node
${live}            periodSeconds: 10
            initialDelaySeconds: 10
            failureThreshold: 6
            timeoutSeconds: 10
          readinessProbe:
            exec:
              command:
              - /bin/calico-node
${ready}            periodSeconds: 10
            timeoutSeconds: 10
          volumeMounts:
            - { name: cni-net-dir, mountPath: /host/etc/cni/net.d }
            - { name: lib-modules, mountPath: /lib/modules, readOnly: true }
            - { name: xtables-lock, mountPath: /run/xtables.lock }
            - { name: var-run-calico, mountPath: /var/run/calico }
            - { name: var-lib-calico, mountPath: /var/lib/calico }
${etcd ? '            - { name: etcd-certs, mountPath: /calico-secrets }\n' : ''}            - { name: policysync, mountPath: /var/run/nodeagent }
            - { name: bpffs, mountPath: /sys/fs/bpf }
            - { name: cni-log-dir, mountPath: /var/log/calico/cni, readOnly: true }
      volumes:
        - { name: lib-modules, hostPath: { path: /lib/modules } }
        - { name: var-run-calico, hostPath: { path: /var/run/calico } }
        - { name: var-lib-calico, hostPath: { path: /var/lib/calico } }
        - { name: xtables-lock, hostPath: { path: /run/xtables.lock, type: FileOrCreate } }
        - { name: sys-fs, hostPath: { path: /sys/fs/, type: DirectoryOrCreate } }
        - { name: bpffs, hostPath: { path: /sys/fs/bpf, type: Directory } }
        - { name: nodeproc, hostPath: { path: /proc } }
        - { name: cni-bin-dir, hostPath: { path: /opt/cni/bin } }
        - { name: cni-net-dir, hostPath: { path: /etc/cni/net.d } }
        - { name: cni-log-dir, hostPath: { path: /var/log/calico/cni } }
${
  etcd
    ? '        - { name: etcd-certs, secret: { secretName: calico-etcd-secrets, defaultMode: 0400 } }\n'
    : '        - { name: host-local-net-dir, hostPath: { path: /var/lib/cni/networks } }\n'
}        - { name: policysync, hostPath: { path: /var/run/nodeagent, type: DirectoryOrCreate } }
`;
}

// ---------------------------------------------------------------------------
// calico-kube-controllers Deployment.

function kubeControllersDeployment(version: string, datastore: 'kubernetes' | 'etcd'): string {
  const etcd = datastore === 'etcd';
  const env = etcd
    ? ETCD_ACCESS_ENV +
      `${ENV_INDENT}# Controllers that sync Kubernetes objects into etcd.\n` +
      `${ENV_INDENT}- name: ENABLED_CONTROLLERS\n` +
      `${ENV_INDENT}  value: policy,namespace,serviceaccount,workloadendpoint,node\n`
    : `${ENV_INDENT}# Only the node controller is needed with the Kubernetes datastore.\n` +
      `${ENV_INDENT}- name: ENABLED_CONTROLLERS\n` +
      `${ENV_INDENT}  value: node\n` +
      `${ENV_INDENT}- name: DATASTORE_TYPE\n` +
      `${ENV_INDENT}  value: kubernetes\n`;
  return `---
# calico-kube-controllers: cluster-level housekeeping for Calico.
apiVersion: apps/v1
kind: Deployment
metadata:
  name: calico-kube-controllers
  namespace: ${NS}
  labels:
    k8s-app: calico-kube-controllers
spec:
  # Exactly one active instance; replace rather than surge on updates.
  replicas: 1
  selector:
    matchLabels:
      k8s-app: calico-kube-controllers
  strategy:
    type: Recreate
  template:
    metadata:
      name: calico-kube-controllers
      namespace: ${NS}
      labels:
        k8s-app: calico-kube-controllers
    spec:
      nodeSelector:
        kubernetes.io/os: linux
      tolerations:
        - key: CriticalAddonsOnly
          operator: Exists
        - key: node-role.kubernetes.io/master
          effect: NoSchedule
        - key: node-role.kubernetes.io/control-plane
          effect: NoSchedule
      serviceAccountName: calico-kube-controllers
      priorityClassName: system-cluster-critical
${etcd ? '      # Host networking keeps it reachable whatever policy is applied.\n      hostNetwork: true\n' : ''}      containers:
        - name: calico-kube-controllers
          image: docker.io/calico/kube-controllers:${version}
          imagePullPolicy: IfNotPresent
          env:
${env}${etcd ? '          volumeMounts:\n            - { name: etcd-certs, mountPath: /calico-secrets }\n' : ''}          livenessProbe:
            exec:
              command:
              - /usr/bin/check-status
              - -l
            periodSeconds: 10
            initialDelaySeconds: 10
            failureThreshold: 6
            timeoutSeconds: 10
          readinessProbe:
            exec:
              command:
              - /usr/bin/check-status
              - -r
            periodSeconds: 10
${etcd ? '      volumes:\n        - { name: etcd-certs, secret: { secretName: calico-etcd-secrets, defaultMode: 0440 } }\n' : ''}`;
}

// ---------------------------------------------------------------------------
// Public API.

/**
 * Our equivalent of calico.yaml (backend 'bird') or calico-vxlan.yaml
 * (backend 'vxlan') for the Kubernetes API datastore.
 */
export function calicoManifest(version = 'v3.26.1', backend: CalicoBackend = 'bird'): string {
  const title = backend === 'vxlan' ? 'calico-vxlan.yaml' : 'calico.yaml';
  return (
    header(title, version) +
    PDB +
    SERVICE_ACCOUNTS +
    calicoConfig(backend, 'kubernetes') +
    CRDS.map(crd).join('') +
    rbac('kubernetes') +
    calicoNodeDaemonSet(version, backend, 'kubernetes') +
    kubeControllersDeployment(version, 'kubernetes')
  );
}

/** Our equivalent of calico-etcd.yaml (etcd datastore, BIRD backend). */
export function calicoEtcdManifest(version = 'v3.26.1'): string {
  const secret = `---
# TLS material for etcd, if your etcd uses TLS. Add base64 values under
# data (keys etcd-key, etcd-cert, etcd-ca) and point etcd_ca / etcd_cert /
# etcd_key in calico-config at /calico-secrets/<key>.
apiVersion: v1
kind: Secret
type: Opaque
metadata:
  name: calico-etcd-secrets
  namespace: ${NS}
data:
  # etcd-key: null
  # etcd-cert: null
  # etcd-ca: null
`;
  return (
    header('calico-etcd.yaml', version) +
    PDB +
    SERVICE_ACCOUNTS +
    secret +
    calicoConfig('bird', 'etcd') +
    rbac('etcd') +
    calicoNodeDaemonSet(version, 'bird', 'etcd') +
    kubeControllersDeployment(version, 'etcd')
  );
}
