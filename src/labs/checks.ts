/**
 * Lab checks: declarative predicates on the world and on the student's commands. Each one says
 * what it wants as a sentence and, when unmet, what the world shows instead (its evidence).
 */
import type { World } from '../emulator/world';
import type { Locale } from './types';
import { storeGet, storeList } from '../emulator/k8s/objects';
import { nodeIsReady } from '../emulator/k8s/node-status';
import { fsRead } from '../emulator/fs';
import { routeTableLookup } from '../emulator/net/route';
import type { Route } from '../emulator/net/route';
import { captureLogFind } from '../emulator/net/capture-log';
import type { PacketKind } from '../emulator/net/capture-log';

export interface CommandRecord {
  node: string;
  line: string;
  status: number;
}

export interface CheckInput {
  world: World;
  commands: CommandRecord[];
}

export interface CheckResult {
  passed: boolean;
  evidence: string | null;
}

type T = (en: string, zh: string) => string;

export interface Predicate {
  /** The keys this predicate accepts and whether they are required. */
  fields: Record<string, 'string' | 'number' | 'boolean' | 'string?' | 'number?' | 'boolean?'>;
  describe(args: Record<string, unknown>, t: T): string;
  evaluate(args: Record<string, unknown>, input: CheckInput, t: T): CheckResult;
  /** Names that must exist in the scenario (for lab:lint): nodes referenced, etc. */
  nodes?(args: Record<string, unknown>): string[];
}

const ok: CheckResult = { passed: true, evidence: null };
const no = (evidence: string): CheckResult => ({ passed: false, evidence });

function fmtRoute(r: Route): string {
  return [r.type === 'blackhole' ? 'blackhole' : '', r.dst.replace(/\/32$/, ''), r.via ? `via ${r.via}` : '', r.dev ? `dev ${r.dev}` : '', r.proto !== 'boot' ? `proto ${r.proto}` : '', r.onlink ? 'onlink' : '']
    .filter(Boolean)
    .join(' ');
}

export const PREDICATES: Record<string, Predicate> = {
  file: {
    fields: { node: 'string', path: 'string', contains: 'string?', matches: 'string?', says: 'string?' },
    nodes: (a) => [a.node as string],
    // `says` is the human wording of a `matches` pattern, e.g. "an uncommented CALICO_IPV4POOL_CIDR".
    describe: (a, t) => t(`${a.node}:${a.path} contains ${a.says ?? `"${a.contains ?? a.matches}"`}`, `${a.node} 上的 ${a.path} 包含 ${a.says ?? `"${a.contains ?? a.matches}"`}`),
    evaluate(a, { world }, t) {
      const node = world.node(a.node as string);
      const content = node ? fsRead(node.fs, a.path as string) : 'ENOENT';
      if (content === 'ENOENT' || content === 'ENOTDIR' || content === 'EISDIR') return no(t(`${a.path} does not exist on ${a.node}`, `${a.node} 上没有 ${a.path}`));
      const hit = a.matches ? new RegExp(a.matches as string, 'm').test(content) : content.includes(a.contains as string);
      return hit ? ok : no(t(`${a.path} exists but does not contain ${a.says ?? `"${a.contains ?? a.matches}"`}`, `${a.path} 存在，但不包含 ${a.says ?? `"${a.contains ?? a.matches}"`}`));
    },
  },
  command: {
    fields: { matches: 'string', node: 'string?', succeeded: 'boolean?', says: 'string?' },
    // `says` is the command as a student would read it; the pattern also accepts its variants.
    describe: (a, t) =>
      a.says
        ? t(`run \`${a.says}\`${a.node ? ` on ${a.node}` : ''}`, `${a.node ? `在 ${a.node} 上` : ''}运行 \`${a.says}\``)
        : t(`run a command matching /${a.matches}/${a.node ? ` on ${a.node}` : ''}`, `${a.node ? `在 ${a.node} 上` : ''}运行匹配 /${a.matches}/ 的命令`),
    evaluate(a, { commands }, t) {
      const re = new RegExp(a.matches as string);
      const hit = commands.find((c) => re.test(c.line) && (!a.node || c.node === a.node) && (a.succeeded === false || c.status === 0));
      return hit ? ok : no(t(commands.length ? `last command: ${commands[commands.length - 1].line}` : 'no command run yet', commands.length ? `最近的命令：${commands[commands.length - 1].line}` : '还没有运行命令'));
    },
  },
  nodes: {
    fields: { ready: 'boolean' },
    describe: (a, t) => (a.ready ? t('every node is Ready', '所有节点都是 Ready') : t('every node is NotReady', '所有节点都是 NotReady')),
    evaluate(a, { world }, t) {
      const wrong = world.state.nodes.filter((n) => nodeIsReady(world, n.name) !== a.ready).map((n) => n.name);
      return wrong.length === 0 ? ok : no(t(`${a.ready ? 'not Ready' : 'Ready'}: ${wrong.join(', ')}`, `${a.ready ? '未就绪' : '已就绪'}：${wrong.join(', ')}`));
    },
  },
  pods: {
    fields: { namespace: 'string', prefix: 'string', ready: 'boolean', count: 'number?' },
    describe: (a, t) => t(`${a.count ?? 'every'} ${a.prefix}* pod(s) in ${a.namespace} Running and ready`, `${a.namespace} 中${a.count ?? '所有'} ${a.prefix}* Pod 为 Running 且就绪`),
    evaluate(a, { world }, t) {
      const pods = storeList(world.state.api, 'Pod', a.namespace as string).filter((p) => p.metadata.name.startsWith(a.prefix as string));
      const ready = pods.filter((p) => p.status?.phase === 'Running' && p.status?.conditions?.some((c: { type: string; status: string }) => c.type === 'Ready' && c.status === 'True'));
      const want = (a.count as number | undefined) ?? Math.max(pods.length, 1);
      if (ready.length >= want && (a.count !== undefined || ready.length === pods.length)) return ok;
      return no(t(`${ready.length} of ${pods.length || want} ${a.prefix}* pods are Running and ready`, `${pods.length || want} 个 ${a.prefix}* Pod 中有 ${ready.length} 个 Running 且就绪`));
    },
  },
  route: {
    fields: { node: 'string', dst: 'string', dev: 'string?', via: 'string?', proto: 'string?', type: 'string?', absent: 'boolean?' },
    nodes: (a) => [a.node as string],
    describe: (a, t) => {
      const what = [a.type === 'blackhole' ? 'blackhole' : '', a.dst, a.via ? `via ${a.via}` : '', a.dev ? `dev ${a.dev}` : '', a.proto ? `proto ${a.proto}` : ''].filter(Boolean).join(' ');
      return a.absent ? t(`${a.node} has no route ${what}`, `${a.node} 没有路由 ${what}`) : t(`${a.node} routes ${what}`, `${a.node} 有路由 ${what}`);
    },
    evaluate(a, { world }, t) {
      const node = world.node(a.node as string);
      if (!node) return no(t(`no node ${a.node}`, `没有节点 ${a.node}`));
      const dst = (a.dst as string).includes('/') ? (a.dst as string) : `${a.dst}/32`;
      const match = node.routes.find((r) => r.dst === dst && (!a.dev || r.dev === a.dev) && (!a.via || r.via === a.via) && (!a.proto || r.proto === a.proto) && (!a.type || r.type === a.type));
      if (a.absent) return match ? no(t(`${a.node} still has: ${fmtRoute(match)}`, `${a.node} 仍有：${fmtRoute(match)}`)) : ok;
      if (match) return ok;
      const same = node.routes.find((r) => r.dst === dst) ?? routeTableLookup(node.routes, dst.split('/')[0]);
      return no(same ? t(`${a.node} has instead: ${fmtRoute(same)}`, `${a.node} 上实际是：${fmtRoute(same)}`) : t(`${a.node} has no route for ${a.dst}`, `${a.node} 没有到 ${a.dst} 的路由`));
    },
  },
  bgp: {
    // `kind` narrows to one kind of session (mesh, node = node specific, global), as
    // `calicoctl node status` groups them; with `peers` it asks for at least that many.
    fields: { node: 'string', state: 'string', peers: 'number?', kind: 'string?' },
    nodes: (a) => [a.node as string],
    describe: (a, t) => {
      const kind = a.kind ? { mesh: ' node-to-node mesh', node: ' node specific', global: ' global' }[a.kind as string] ?? ` ${a.kind}` : '';
      return t(`${a.node} has ${a.peers ?? 'all its'}${kind} BGP session(s) ${a.state}`, `${a.node} 的 ${a.peers ?? '所有'} 个${kind} BGP 会话为 ${a.state}`);
    },
    evaluate(a, { world }, t) {
      const node = world.node(a.node as string);
      const sessions = (node?.bird?.sessions ?? []).filter((s) => !a.kind || s.kind === a.kind);
      const inState = sessions.filter((s) => s.state === a.state);
      const want = (a.peers as number | undefined) ?? Math.max(sessions.length, 1);
      if (inState.length >= want && (a.peers !== undefined || inState.length === sessions.length)) return ok;
      if (!node?.bird) return no(t(`BIRD is not running on ${a.node}`, `${a.node} 上的 BIRD 没有运行`));
      const all = node.bird.sessions;
      return no(all.map((s) => `${s.name}: ${s.state}${s.lastError ? ` (${s.lastError})` : ''}`).join('; ') || t('no BGP sessions', '没有 BGP 会话'));
    },
  },
  capture: {
    fields: { node: 'string', iface: 'string?', saw: 'string' },
    nodes: (a) => [a.node as string],
    describe: (a, t) =>
      t(`a tcpdump on ${a.node}${a.iface ? ` ${a.iface}` : ''} saw ${KIND_NAMES[a.saw as PacketKind] ?? a.saw} packets`, `${a.node}${a.iface ? ` 的 ${a.iface}` : ''} 上的 tcpdump 抓到了 ${KIND_NAMES[a.saw as PacketKind] ?? a.saw} 报文`),
    evaluate(a, { world }, t) {
      const recs = captureLogFind(world, a.node as string, a.iface as string | undefined);
      if (recs.some((r) => (r.kinds[a.saw as PacketKind] ?? 0) > 0)) return ok;
      if (!recs.length) return no(t(`no capture has run on ${a.node}${a.iface ? ` ${a.iface}` : ''} yet`, `${a.node}${a.iface ? ` 的 ${a.iface}` : ''} 上还没有运行过抓包`));
      const seen = recs.flatMap((r) => Object.entries(r.kinds).map(([k, n]) => `${KIND_NAMES[k as PacketKind] ?? k} ${n}`));
      return no(t(`captures there saw ${seen.join(', ') || 'nothing'}`, `那里的抓包看到了：${seen.join('，') || '无'}`));
    },
  },
  link: {
    fields: { node: 'string', dev: 'string', mtu: 'number?', up: 'boolean?' },
    nodes: (a) => [a.node as string],
    describe: (a, t) => {
      const what = [a.mtu !== undefined ? `mtu ${a.mtu}` : '', a.up !== undefined ? (a.up ? 'up' : 'down') : ''].filter(Boolean).join(', ');
      return t(`${a.node}'s ${a.dev} is ${what}`, `${a.node} 的 ${a.dev} 为 ${what}`);
    },
    evaluate(a, { world }, t) {
      const link = world.node(a.node as string)?.links.find((l) => l.name === a.dev);
      if (!link) return no(t(`${a.node} has no link ${a.dev}`, `${a.node} 上没有 ${a.dev}`));
      if (a.mtu !== undefined && link.mtu !== a.mtu) return no(t(`${a.dev} has mtu ${link.mtu}`, `${a.dev} 的 mtu 为 ${link.mtu}`));
      if (a.up !== undefined && link.up !== a.up) return no(t(`${a.dev} is ${link.up ? 'up' : 'down'}`, `${a.dev} 为 ${link.up ? 'up' : 'down'}`));
      return ok;
    },
  },
  ippool: {
    fields: { name: 'string', field: 'string', equals: 'string' },
    describe: (a, t) => t(`IPPool ${a.name} has ${a.field} = ${a.equals}`, `IPPool ${a.name} 的 ${a.field} = ${a.equals}`),
    evaluate(a, { world }, t) {
      const pool = storeGet(world.state.api, 'IPPool', undefined, a.name as string);
      if (!pool) return no(t(`IPPool ${a.name} does not exist yet`, `IPPool ${a.name} 还不存在`));
      const value = (a.field as string).split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], pool);
      return String(value) === a.equals ? ok : no(t(`${a.field} is ${value === undefined ? 'unset' : String(value)}`, `${a.field} 当前为 ${value === undefined ? '未设置' : String(value)}`));
    },
  },
};

const KIND_NAMES: Record<PacketKind, string> = { ipip: 'IPIP', vxlan: 'VXLAN', icmp: 'ICMP', tcp: 'TCP', udp: 'UDP', arp: 'ARP', bgp: 'BGP' };

export function translator(locale: Locale): T {
  return (en, zh) => (locale === 'zh-CN' ? zh : en);
}
