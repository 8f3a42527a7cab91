/**
 * JSON schemas of the Calico resources students write, from Calico's API reference (v3.26, the
 * notes' version): field names, accepted values and defaults. The same spec serves
 * projectcalico.org/v3 (calicoctl) and crd.projectcalico.org/v1 (kubectl on the CRDs).
 * Closed objects (`additionalProperties: false`) catch typos; FelixConfiguration stays open
 * because it has more fields than a student ever types (only its common ones are completed).
 */
import type { JsonSchema } from './types';

const str: JsonSchema = { type: 'string' };
const bool: JsonSchema = { type: 'boolean' };
const int: JsonSchema = { type: 'integer' };
const strList: JsonSchema = { type: 'array', items: str };
const mode = (values: string[], description: string): JsonSchema => ({ type: 'string', enum: values, description });
/**
 * An AS number: calicoctl (projectcalico.org/v3) reads an integer or dotted notation (`64512` or
 * `1.10`); the CRDs kubectl writes take an integer only (see `crdSpecOf`).
 */
const asNumber: JsonSchema = {
  description: 'AS number (integer, or dotted notation such as 1.10)',
  anyOf: [{ type: 'integer', minimum: 0, maximum: 4294967295 }, { type: 'string', pattern: '^[0-9]+(\\.[0-9]+)?$' }],
  'x-as-number': true,
};
const asNumberInteger: JsonSchema = { type: 'integer', minimum: 0, maximum: 4294967295, description: 'AS number (an integer in the CRD)' };

/** The crd.projectcalico.org/v1 form of a spec: the v3 API's dotted AS numbers are integers there. */
function crdSpecOf(spec: JsonSchema): JsonSchema {
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v === null || typeof v !== 'object') return v;
    const o = v as JsonSchema;
    if (o['x-as-number']) return { ...asNumberInteger, ...(o.description ? { description: o.description } : {}) };
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, walk(x)]));
  };
  return walk(spec) as JsonSchema;
}
/** A Go duration as the API accepts it: `120s`, `5m`, `1h30m`. */
const duration: JsonSchema = { type: 'string', pattern: '^([0-9]+(\\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$', description: 'Duration, e.g. 120s' };
const selector: JsonSchema = { type: 'string', description: "Calico selector, e.g. all(), has(label), role == 'x'" };
const closed = (properties: Record<string, JsonSchema>, extra: JsonSchema = {}): JsonSchema => ({ type: 'object', properties, additionalProperties: false, ...extra });

export const ipPoolSpec = closed(
  {
    cidr: { type: 'string', description: 'IP range of the pool (IPv4 or IPv6 CIDR)' },
    blockSize: { type: 'integer', minimum: 20, maximum: 128, description: 'Block size: 20 to 32 for IPv4 (default 26), 116 to 128 for IPv6 (default 122); only at creation' },
    ipipMode: mode(['Always', 'CrossSubnet', 'Never'], 'When IPIP is used (default Never); not with vxlanMode'),
    vxlanMode: mode(['Always', 'CrossSubnet', 'Never'], 'When VXLAN is used (default Never); not with ipipMode'),
    natOutgoing: { ...bool, description: 'Masquerade traffic from this pool to destinations outside all pools' },
    disabled: { ...bool, description: 'No new addresses are assigned from a disabled pool' },
    disableBGPExport: { ...bool, description: 'Do not advertise this pool over BGP' },
    nodeSelector: { ...selector, description: 'Nodes that assign addresses from this pool (default all())' },
    allowedUses: { type: 'array', items: { type: 'string', enum: ['Workload', 'Tunnel', 'LoadBalancer'] } },
    // Deprecated v1 forms, still accepted by the API.
    ipip: closed({ enabled: bool, mode: { type: 'string', enum: ['always', 'cross-subnet'] } }),
    'nat-outgoing': bool,
  },
  { required: ['cidr'] },
);

const bgpPeerSpec = closed({
  node: { ...str, description: 'Node this peer applies to (node scope); empty means every node' },
  peerIP: { ...str, description: 'Address of the peer, optionally with a port (IP:port)' },
  asNumber: { ...asNumber, description: "The peer's AS number" },
  nodeSelector: { ...selector, description: 'Nodes that peer with it' },
  peerSelector: { ...selector, description: 'Calico nodes to peer with (instead of peerIP)' },
  keepOriginalNextHop: bool,
  password: closed({ secretKeyRef: closed({ name: str, key: str, optional: bool }, { required: ['key'] }) }),
  sourceAddress: mode(['UseNodeIP', 'None'], 'Source address of the BGP session (default UseNodeIP)'),
  maxRestartTime: duration,
  numAllowedLocalASNumbers: int,
  ttlSecurity: int,
  filters: strList,
  reachableBy: str,
});

const communityValue: JsonSchema = { type: 'string', pattern: '^[0-9]+:[0-9]+(:[0-9]+)?$', description: 'aa:nn or aa:nn:mm' };
const cidrList: JsonSchema = { type: 'array', items: closed({ cidr: str }, { required: ['cidr'] }) };

const bgpConfigurationSpec = closed({
  logSeverityScreen: mode(['Debug', 'Info', 'Warning', 'Error', 'Fatal'], 'BIRD log level (default Info)'),
  nodeToNodeMeshEnabled: { ...bool, description: 'Full node-to-node BGP mesh (default true)' },
  asNumber: { ...asNumber, description: 'Default AS number of the nodes (default 64512)' },
  serviceClusterIPs: cidrList,
  serviceExternalIPs: cidrList,
  serviceLoadBalancerIPs: cidrList,
  listenPort: { type: 'integer', minimum: 1, maximum: 65535, description: 'BGP port (default 179)' },
  bindMode: mode(['None', 'NodeIP'], 'Address BIRD listens on'),
  communities: { type: 'array', items: closed({ name: str, value: communityValue }) },
  prefixAdvertisements: { type: 'array', items: closed({ cidr: str, communities: strList }) },
  ignoredInterfaces: strList,
  nodeMeshPassword: closed({ secretKeyRef: closed({ name: str, key: str, optional: bool }) }),
  nodeMeshMaxRestartTime: duration,
});

const nodeSpec = closed({
  bgp: closed({
    ipv4Address: { ...str, description: 'BGP address with prefix, e.g. 172.16.11.81/24' },
    ipv6Address: str,
    ipv4IPIPTunnelAddr: str,
    asNumber,
    routeReflectorClusterID: { ...str, description: 'Makes this node a route reflector with this cluster ID' },
  }),
  ipv4VXLANTunnelAddr: str,
  ipv6VXLANTunnelAddr: str,
  vxlanTunnelMACAddr: str,
  vxlanTunnelMACAddrV6: str,
  orchRefs: { type: 'array', items: closed({ nodeName: str, orchestrator: str }) },
  addresses: { type: 'array', items: closed({ address: str, type: str }) },
  wireguard: closed({ interfaceIPv4Address: str, interfaceIPv6Address: str }),
});

const felixConfigurationSpec: JsonSchema = {
  type: 'object',
  properties: {
    logSeverityScreen: mode(['Debug', 'Info', 'Warning', 'Error', 'Fatal'], 'Felix log level'),
    logSeverityFile: mode(['Debug', 'Info', 'Warning', 'Error', 'Fatal'], ''),
    ipipEnabled: bool,
    ipipMTU: int,
    vxlanEnabled: bool,
    vxlanMTU: int,
    vxlanPort: int,
    vxlanVNI: int,
    wireguardEnabled: bool,
    wireguardMTU: int,
    bpfEnabled: bool,
    // calico-node writes the default configuration with an empty bpfLogLevel, which Felix reads as Off.
    bpfLogLevel: mode(['', 'Off', 'Info', 'Debug'], ''),
    reportingInterval: duration,
    routeRefreshInterval: duration,
    iptablesRefreshInterval: duration,
    iptablesBackend: mode(['Legacy', 'NFT', 'Auto'], ''),
    chainInsertMode: mode(['Insert', 'Append'], ''),
    defaultEndpointToHostAction: mode(['Drop', 'Return', 'Accept'], ''),
    failsafeInboundHostPorts: { type: 'array', items: closed({ protocol: str, port: int, net: str }) },
    failsafeOutboundHostPorts: { type: 'array', items: closed({ protocol: str, port: int, net: str }) },
    natOutgoingAddress: str,
    natPortRange: str,
    interfacePrefix: str,
    mtuIfacePattern: str,
    healthEnabled: bool,
    healthPort: int,
    prometheusMetricsEnabled: bool,
    prometheusMetricsPort: int,
    floatingIPs: mode(['Enabled', 'Disabled'], ''),
    routeSource: mode(['CalicoIPAM', 'WorkloadIPs'], ''),
    removeExternalRoutes: bool,
    xdpEnabled: bool,
    useInternalDataplaneDriver: bool,
  },
};

const ports: JsonSchema = { type: 'array', items: { anyOf: [{ type: 'integer', minimum: 0, maximum: 65535 }, { type: 'string' }] } };
const entityRule = closed({
  nets: strList,
  notNets: strList,
  selector,
  notSelector: selector,
  namespaceSelector: selector,
  ports,
  notPorts: ports,
  serviceAccounts: closed({ names: strList, selector }),
  services: closed({ name: str, namespace: str }),
});
const protocol: JsonSchema = {
  anyOf: [{ type: 'string', enum: ['TCP', 'UDP', 'ICMP', 'ICMPv6', 'SCTP', 'UDPLite'] }, { type: 'integer', minimum: 1, maximum: 255 }],
};
const icmp = closed({ type: { type: 'integer', minimum: 0, maximum: 254 }, code: { type: 'integer', minimum: 0, maximum: 255 } });
const rule = closed(
  {
    action: mode(['Allow', 'Deny', 'Log', 'Pass'], 'What the rule does with a match'),
    protocol,
    notProtocol: protocol,
    icmp,
    notICMP: icmp,
    ipVersion: { type: 'integer', enum: [4, 6] },
    source: entityRule,
    destination: entityRule,
    http: closed({ methods: strList, paths: { type: 'array', items: closed({ exact: str, prefix: str }) } }),
    metadata: closed({ annotations: { type: 'object', additionalProperties: str } }),
  },
  { required: ['action'] },
);
const policyCommon: Record<string, JsonSchema> = {
  order: { type: 'number', description: 'Lower orders apply first' },
  selector: { ...selector, description: 'Endpoints the policy applies to' },
  types: { type: 'array', items: { type: 'string', enum: ['Ingress', 'Egress'] } },
  ingress: { type: 'array', items: rule },
  egress: { type: 'array', items: rule },
  serviceAccountSelector: selector,
};
const networkPolicySpec = closed(policyCommon);
const globalNetworkPolicySpec = closed({
  ...policyCommon,
  namespaceSelector: selector,
  doNotTrack: bool,
  preDNAT: bool,
  applyOnForward: bool,
});

const ipamConfigurationSpec = closed({
  strictAffinity: { ...bool, description: 'Only the affine node assigns from a block (needed for Windows)' },
  maxBlocksPerHost: { type: 'integer', minimum: 0 },
  autoAllocateBlocks: bool,
});

/** calicoctl.cfg: how calicoctl reaches the datastore. */
const calicoApiConfigSpec = closed({
  datastoreType: mode(['kubernetes', 'etcdv3'], 'Where Calico stores its data'),
  kubeconfig: str,
  k8sAPIEndpoint: str,
  k8sAPIToken: str,
  k8sCertFile: str,
  k8sKeyFile: str,
  k8sCAFile: str,
  etcdEndpoints: str,
  etcdKeyFile: str,
  etcdCertFile: str,
  etcdCACertFile: str,
  etcdUsername: str,
  etcdPassword: str,
});

/**
 * v3 kind -> spec schema (`crdSpec`: its crd.projectcalico.org/v1 form); `name` pins resources that
 * must have one name (`default`). Fields are those of v3.26 (upstream-crds.test.ts checks them
 * against the CRDs of calico.yaml v3.26.1): newer ones such as IPPool assignmentMode or a policy's
 * tier are refused by that version's calicoctl and API server alike.
 */
const SPECS: { kind: string; crdKind: string | null; spec: JsonSchema; name?: string; specRequired?: boolean }[] = [
  { kind: 'IPPool', crdKind: 'IPPool', spec: ipPoolSpec, specRequired: true },
  { kind: 'BGPPeer', crdKind: 'BGPPeer', spec: bgpPeerSpec, specRequired: true },
  { kind: 'BGPConfiguration', crdKind: 'BGPConfiguration', spec: bgpConfigurationSpec },
  { kind: 'Node', crdKind: null, spec: nodeSpec },
  { kind: 'FelixConfiguration', crdKind: 'FelixConfiguration', spec: felixConfigurationSpec },
  { kind: 'NetworkPolicy', crdKind: 'NetworkPolicy', spec: networkPolicySpec },
  { kind: 'GlobalNetworkPolicy', crdKind: 'GlobalNetworkPolicy', spec: globalNetworkPolicySpec },
  { kind: 'IPAMConfiguration', crdKind: 'IPAMConfig', spec: ipamConfigurationSpec, name: 'default' },
];
export const CALICO_SPECS = SPECS.map((s) => ({ ...s, crdSpec: crdSpecOf(s.spec) }));

export const CALICO_API_CONFIG_SPEC = calicoApiConfigSpec;
