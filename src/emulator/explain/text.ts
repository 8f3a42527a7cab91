/**
 * What an explanation is, and the helpers every explainer shares: one sentence in both
 * languages, and the objects the topology should light up.
 */
import type { World } from '../world';
import type { NodeState, PodNet } from '../state';
import { ipamLookup } from '../calico/ipam';
import { speakerByIp } from '../calico/bird-speakers';

export type ExplainLocale = 'en' | 'zh-CN';

/** The objects an explained line is about, for the topology to highlight. */
export interface ExplainHighlight {
  nodes: string[];
  pods: { node: string; namespace: string; name: string }[];
  /** BGP sessions as the two speakers' names. */
  sessions: [string, string][];
}

export interface Explanation {
  /** One line naming the object (a route, a peer, a block). */
  title: string;
  /** The explanation, a sentence per entry, in the requested language. */
  lines: string[];
  highlight: ExplainHighlight;
}

/** A sentence in both languages; the explainers build lists of these. */
export interface Said {
  en: string;
  zh: string;
}

export const say = (en: string, zh: string): Said => ({ en, zh });

/** Collects sentences and highlighted objects, then renders them in one language. */
export class ExplanationBuilder {
  readonly lines: Said[] = [];
  readonly highlight: ExplainHighlight = { nodes: [], pods: [], sessions: [] };

  constructor(public title: Said) {}

  add(en: string, zh: string): this {
    this.lines.push(say(en, zh));
    return this;
  }

  node(name: string | undefined): this {
    if (name && !this.highlight.nodes.includes(name)) this.highlight.nodes.push(name);
    return this;
  }

  pod(node: string, pod: PodNet): this {
    if (!this.highlight.pods.some((p) => p.node === node && p.namespace === pod.namespace && p.name === pod.pod)) {
      this.highlight.pods.push({ node, namespace: pod.namespace, name: pod.pod });
    }
    return this;
  }

  session(a: string | undefined, b: string | undefined): this {
    if (!a || !b) return this;
    if (!this.highlight.sessions.some(([x, y]) => (x === a && y === b) || (x === b && y === a))) this.highlight.sessions.push([a, b]);
    return this;
  }

  render(locale: ExplainLocale): Explanation {
    const pick = (s: Said) => (locale === 'zh-CN' ? s.zh : s.en);
    return { title: pick(this.title), lines: this.lines.map(pick), highlight: this.highlight };
  }
}

/** A pod by its address, on whichever node holds its veth. */
export function podByIp(world: World, ip: string): { node: NodeState; pod: PodNet } | undefined {
  for (const node of world.state.nodes) {
    for (const pod of Object.values(node.pods)) if (pod.ip === ip) return { node, pod };
  }
  return undefined;
}

/** A host (node or fabric router) by name or address, as tcpdump and BIRD print them. */
export function hostByNameOrIp(world: World, text: string): NodeState | undefined {
  const all = world.state.nodes.concat(world.state.routers ?? []);
  return all.find((n) => n.name === text) ?? speakerByIp(world, text) ?? all.find((n) => n.ip === text);
}

/** Whose tunnel address an IP is (the source of traffic a node sends through tunl0 or vxlan.calico). */
export function tunnelOwner(world: World, ip: string): { node: string; kind: 'ipip' | 'vxlan' } | undefined {
  const held = ipamLookup(world, ip);
  const type = held?.attrs?.type;
  if (!held || (type !== 'ipipTunnelAddress' && type !== 'vxlanTunnelAddress')) return undefined;
  return { node: held.attrs.node, kind: type === 'ipipTunnelAddress' ? 'ipip' : 'vxlan' };
}

/** `10.244.0.3 (pod kube-system/coredns-… on k8s-master01)`: what an address belongs to, in words. */
export function describeAddress(world: World, ip: string, b?: ExplanationBuilder): Said {
  const pod = podByIp(world, ip);
  if (pod) {
    b?.pod(pod.node.name, pod.pod).node(pod.node.name);
    const who = `${pod.pod.namespace}/${pod.pod.pod}`;
    return say(`${ip} is pod ${who} on ${pod.node.name}`, `${ip} 是 ${pod.node.name} 上的 Pod ${who}`);
  }
  const tunnel = tunnelOwner(world, ip);
  if (tunnel) {
    b?.node(tunnel.node);
    const dev = tunnel.kind === 'ipip' ? 'tunl0' : 'vxlan.calico';
    return say(
      `${ip} is ${tunnel.node}'s ${dev} address (a node sends from it when it talks to pods through the tunnel)`,
      `${ip} 是 ${tunnel.node} 的 ${dev} 地址（节点经隧道访问 Pod 时用它作源地址）`,
    );
  }
  const host = hostByNameOrIp(world, ip);
  if (host) {
    b?.node(host.name);
    return say(`${ip} is ${host.name}`, `${ip} 是 ${host.name}`);
  }
  return say(`${ip} is outside the cluster`, `${ip} 在集群之外`);
}
