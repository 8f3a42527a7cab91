/**
 * The scenarios beyond the notes' default: where nodes sit (one subnet, a flat /16 for big
 * clusters, two racks), and what happens before the student arrives (Calico applied with the
 * notes' edits through `kubectl apply` semantics, a ToR router speaking BGP).
 */
import type { World } from './world';
import type { NodeState, WorldState } from './state';
import { nodeAddress, nodeNames } from './scenarios';
import type { NodeSubnet } from './scenarios';
import { calicoManifest } from './catalogue/calico-manifests';
import { manifestApply } from './k8s/apply';
import { birdStart } from './calico/bird';
import { etcdScenarioSteps } from './calico/etcd-scenario';
import { manifestWithMode } from './scenario-options';
import type { EncapChoice } from './scenario-options';

export interface ScenarioLayout {
  subnets: NodeSubnet[];
  nodes: { name: string; ip: string; subnet: NodeSubnet }[];
}

const RACK_A: NodeSubnet = { cidr: '172.16.11.0/24', gateway: '172.16.11.1' };
const RACK_B: NodeSubnet = { cidr: '172.16.12.0/24', gateway: '172.16.12.1' };
const FLAT: NodeSubnet = { cidr: '172.16.0.0/16', gateway: '172.16.11.1' };
/** Nodes .80 to .250 fit the /24; beyond that the cluster is one /16. */
const MAX_ON_24 = 171;

export const TOR = { name: 'tor01', ip: '172.16.11.1', asn: 65001 };

export function scenarioLayout(name: string, nodes: number | undefined): ScenarioLayout {
  if (name === 'rr') {
    const n = Math.max(3, nodes ?? 8);
    const names = nodeNames(n - 2).concat(['k8s-rr01', 'k8s-rr02']);
    const ips = names.map((_, i) => (i < n - 2 ? nodeAddress(i) : `172.16.11.${91 + i - (n - 2)}`));
    return { subnets: [RACK_A], nodes: names.map((nm, i) => ({ name: nm, ip: ips[i], subnet: RACK_A })) };
  }
  const count = nodes ?? 4;
  const names = nodeNames(count);
  if (name === 'two-rack') {
    const half = Math.ceil(count / 2);
    return {
      subnets: [RACK_A, RACK_B],
      nodes: names.map((nm, i) => (i < half ? { name: nm, ip: nodeAddress(i), subnet: RACK_A } : { name: nm, ip: `172.16.12.${80 + i}`, subnet: RACK_B })),
    };
  }
  const subnet = count > MAX_ON_24 ? FLAT : RACK_A;
  return { subnets: [subnet], nodes: names.map((nm, i) => ({ name: nm, ip: nodeAddress(i), subnet })) };
}

/** The manifest as the notes edit it: CALICO_IPV4POOL_CIDR uncommented and set, block size 24 added. */
export function notesCalicoManifest(): string {
  return calicoManifest()
    .replace('# - name: CALICO_IPV4POOL_CIDR', '- name: CALICO_IPV4POOL_CIDR')
    .replace(/#   value: "192\.168\.0\.0\/16"\n/, '  value: "10.244.0.0/16"\n            - name: CALICO_IPV4POOL_BLOCK_SIZE\n              value: "24"\n');
}

/**
 * Steps run while the world is built, at simulated times before the student arrives (time 0).
 * A sandbox's `mode` sets the default pool's encapsulation in calico.yaml before it is applied,
 * and installs Calico on the scenarios that otherwise leave that to the student.
 */
export function scenarioSteps(name: string, mode?: EncapChoice): { at: number; run(world: World): void }[] {
  const install = {
    at: -10 * 60_000,
    run(world: World) {
      const text = manifestWithMode(notesCalicoManifest(), mode);
      const master = world.state.nodes[0];
      master.fs['/root/calico.yaml'] = { type: 'file', content: text, mode: 0o644, mtime: world.now };
      const r = manifestApply(world, text, 'default');
      if (!r.ok) throw new Error(`scenario ${name}: calico.yaml did not apply: ${JSON.stringify(r.error)}`);
    },
  };
  if (name === 'installed' || name === 'rr' || (mode && (name === 'default' || name === 'two-rack'))) return [install];
  if (name === 'tor') return [install, { at: -10 * 60_000, run: (world) => torStart(world) }];
  if (name === 'etcd') return etcdScenarioSteps(mode);
  return [];
}

/** A ToR switch speaking BGP (AS 65001) with every node configured as a neighbour. */
function torStart(world: World): void {
  const state: WorldState = world.state;
  const tor: NodeState = {
    name: TOR.name,
    power: 'on',
    ip: TOR.ip,
    prefix: 24,
    gateway: '',
    links: [
      { index: 1, name: 'lo', kind: 'loopback', mac: '00:00:00:00:00:00', mtu: 65536, up: true, qdisc: 'noqueue', addrs: [{ cidr: '127.0.0.1/8', scope: 'host' }] },
      { index: 2, name: 'eth0', kind: 'ether', mac: '00:1c:73:00:00:01', mtu: 1500, up: true, qdisc: 'fq_codel', addrs: [{ cidr: `${TOR.ip}/24`, scope: 'global', brd: '172.16.11.255' }] },
    ],
    nextIfindex: 3,
    routes: [{ type: 'unicast', dst: '172.16.11.0/24', dev: 'eth0', proto: 'kernel', scope: 'link', src: TOR.ip }],
    fs: {},
    pods: {},
    images: [],
    calico: null,
    bird: null,
  };
  state.routers = [...(state.routers ?? []), tor];
  birdStart(world, tor, state.nodes.map((n) => ({ ip: n.ip, as: 64512 })), TOR.asn);
}
