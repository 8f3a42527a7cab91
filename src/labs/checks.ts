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
import { cidrContains, cidrOverlaps, ipv4ToInt } from '../emulator/net/ip';
import { ruleSpec } from '../emulator/net/iptables-spec';
import type { IptTableName } from '../emulator/net/iptables-types';

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
    // `succeeded: false` accepts any exit status; `failed: true` wants a non-zero one (a ping or a
    // curl that policy blocks). `says` is the command as a student would read it; the pattern also
    // accepts its variants.
    fields: { matches: 'string', node: 'string?', succeeded: 'boolean?', failed: 'boolean?', says: 'string?' },
    describe: (a, t) => {
      const outcome = a.failed ? t(' and see it fail', '，并看到它失败') : '';
      return a.says
        ? t(`run \`${a.says}\`${a.node ? ` on ${a.node}` : ''}${outcome}`, `${a.node ? `在 ${a.node} 上` : ''}运行 \`${a.says}\`${outcome}`)
        : t(`run a command matching /${a.matches}/${a.node ? ` on ${a.node}` : ''}${outcome}`, `${a.node ? `在 ${a.node} 上` : ''}运行匹配 /${a.matches}/ 的命令${outcome}`);
    },
    evaluate(a, { commands }, t) {
      const re = new RegExp(a.matches as string);
      const statusOk = (status: number) => (a.failed ? status !== 0 : a.succeeded === false || status === 0);
      const hit = commands.find((c) => re.test(c.line) && (!a.node || c.node === a.node) && statusOk(c.status));
      if (!hit) {
        const tried = [...commands].reverse().find((c) => re.test(c.line) && (!a.node || c.node === a.node));
        if (tried) return no(a.failed ? t(`\`${tried.line}\` succeeded (exit 0)`, `\`${tried.line}\` 成功了（退出码 0）`) : t(`\`${tried.line}\` failed (exit ${tried.status})`, `\`${tried.line}\` 失败了（退出码 ${tried.status}）`));
      }
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
  nopool: {
    // A pool taken out of service, whichever way: disabled (`spec.disabled: true`, IPAM assigns
    // nothing new from it) or deleted. Grades a pool migration's result, not the way it was done.
    fields: { overlaps: 'string' },
    describe: (a, t) => t(`no enabled IP pool overlaps ${a.overlaps} (disabled or deleted)`, `没有启用的地址池与 ${a.overlaps} 重叠（已禁用或已删除）`),
    evaluate(a, { world }, t) {
      const live = storeList(world.state.api, 'IPPool').filter((p) => !p.spec?.disabled && p.spec?.cidr && cidrOverlaps(a.overlaps as string, p.spec.cidr));
      if (!live.length) return ok;
      const list = live.map((p) => `${p.metadata.name} (${p.spec.cidr})`);
      return no(t(`still enabled: ${list.join(', ')}`, `仍处于启用状态：${list.join('、')}`));
    },
  },
  block: {
    // An IPAM block of a pool (or of any CIDR) affine to a node: what `calicoctl ipam show
    // --show-blocks` lists and BIRD announces.
    fields: { node: 'string', within: 'string', absent: 'boolean?' },
    nodes: (a) => [a.node as string],
    describe: (a, t) => (a.absent ? t(`${a.node} has no IPAM block in ${a.within}`, `${a.node} 在 ${a.within} 中没有 IPAM 块`) : t(`${a.node} has an IPAM block in ${a.within}`, `${a.node} 在 ${a.within} 中有一个 IPAM 块`)),
    evaluate(a, { world }, t) {
      const mine = storeList(world.state.api, 'IPAMBlock')
        .filter((b) => b.spec.affinity === `host:${a.node}`)
        .map((b) => b.spec.cidr as string)
        .sort((x, y) => ipv4ToInt(x.split('/')[0]) - ipv4ToInt(y.split('/')[0]));
      const inside = mine.filter((c) => cidrOverlaps(a.within as string, c));
      if (a.absent) return inside.length ? no(t(`${a.node} still has ${inside.join(', ')}`, `${a.node} 仍有 ${inside.join('、')}`)) : ok;
      if (inside.length) return ok;
      return no(mine.length ? t(`${a.node}'s blocks: ${mine.join(', ')}`, `${a.node} 的块：${mine.join('、')}`) : t(`${a.node} has no IPAM block`, `${a.node} 没有 IPAM 块`));
    },
  },
  borrowed: {
    // An address a node took from a block affine to another node (its own blocks full, the pool
    // out of free blocks, StrictAffinity false): `calicoctl ipam show --show-borrowed`.
    fields: { within: 'string', node: 'string?' },
    nodes: (a) => (a.node ? [a.node as string] : []),
    describe: (a, t) =>
      a.node
        ? t(`${a.node} uses an address borrowed from another node's block in ${a.within}`, `${a.node} 使用了从 ${a.within} 中其他节点的块借用的地址`)
        : t(`a node uses an address borrowed from another node's block in ${a.within}`, `有节点使用了从 ${a.within} 中其他节点的块借用的地址`),
    evaluate(a, { world }, t) {
      const blocks = storeList(world.state.api, 'IPAMBlock').filter((b) => cidrOverlaps(a.within as string, b.spec.cidr));
      for (const b of blocks) {
        const owner = String(b.spec.affinity ?? '').replace(/^host:/, '');
        const hit = (b.spec.allocations as (number | null)[]).some((x) => {
          const user = x === null ? undefined : b.spec.attributes[x]?.secondary?.node;
          return user && user !== owner && (!a.node || user === a.node);
        });
        if (hit) return ok;
      }
      if (!blocks.length) return no(t(`no block of ${a.within} has been claimed yet`, `${a.within} 中还没有块被申领`));
      const used = blocks.map((b) => `${b.spec.cidr} → ${String(b.spec.affinity ?? '').replace(/^host:/, '')} (${(b.spec.allocations as unknown[]).filter((x) => x !== null).length}/${b.spec.allocations.length})`);
      return no(t(`every address is in its node's own block: ${used.join(', ')}`, `每个地址都在其节点自己的块中：${used.join('，')}`));
    },
  },
  podip: {
    // Where pods got their addresses: every pod of a prefix (at least `count` of them, when given)
    // has an IP inside `within`, e.g. the pool a namespace annotation asked for.
    fields: { namespace: 'string', prefix: 'string', within: 'string', count: 'number?' },
    describe: (a, t) =>
      t(
        `${a.count ?? 'every'} ${a.prefix}* pod(s) in ${a.namespace} have an IP in ${a.within}`,
        a.count !== undefined ? `${a.namespace} 中有 ${a.count} 个 ${a.prefix}* Pod 的 IP 在 ${a.within} 内` : `${a.namespace} 中所有 ${a.prefix}* Pod 的 IP 都在 ${a.within} 内`,
      ),
    evaluate(a, { world }, t) {
      const pods = storeList(world.state.api, 'Pod', a.namespace as string).filter((p) => p.metadata.name.startsWith(a.prefix as string));
      const ipOf = (p: (typeof pods)[number]) => p.status?.podIP as string | undefined;
      const inside = pods.filter((p) => ipOf(p) && cidrContains(a.within as string, ipOf(p)!));
      const want = (a.count as number | undefined) ?? Math.max(pods.length, 1);
      if (inside.length >= want) return ok;
      if (!pods.length) return no(t(`no ${a.prefix}* pod in ${a.namespace}`, `${a.namespace} 中没有 ${a.prefix}* Pod`));
      const shown = pods.filter((p) => !inside.includes(p)).slice(0, 4).map((p) => `${p.metadata.name}: ${ipOf(p) ?? t('no IP yet', '还没有 IP')}`);
      return no(t(`${inside.length} of ${a.count ?? pods.length} in ${a.within}; ${shown.join('; ')}`, `${a.count ?? pods.length} 个中有 ${inside.length} 个在 ${a.within} 内；${shown.join('；')}`));
    },
  },
  iptables: {
    // A rule on a node as `iptables -S` prints it (`-A CHAIN spec`), found by a regular expression;
    // `chain` narrows to chains whose name starts with it (`cali-tw-`, `cali-pi-`), `counted` asks
    // for a rule whose packet counter has moved, `absent` for no such rule. `says` words the rule.
    fields: { node: 'string', matches: 'string', table: 'string?', chain: 'string?', counted: 'boolean?', absent: 'boolean?', says: 'string?' },
    nodes: (a) => [a.node as string],
    describe: (a, t) => {
      const what = a.says ?? `/${a.matches}/`;
      const where = `${a.node}${a.table && a.table !== 'filter' ? ` (${a.table})` : ''}`;
      if (a.absent) return t(`${where} has no iptables rule ${what}`, `${where} 没有 iptables 规则 ${what}`);
      return a.counted ? t(`${where}'s iptables rule ${what} has counted packets`, `${where} 的 iptables 规则 ${what} 计到了报文`) : t(`${where} has an iptables rule ${what}`, `${where} 有 iptables 规则 ${what}`);
    },
    evaluate(a, { world }, t) {
      const node = world.node(a.node as string);
      if (!node) return no(t(`no node ${a.node}`, `没有节点 ${a.node}`));
      const table = node.iptables?.tables[((a.table as string | undefined) ?? 'filter') as IptTableName];
      const re = new RegExp(a.matches as string);
      const rules = (table?.chains ?? [])
        .filter((c) => !a.chain || c.name.startsWith(a.chain as string))
        .flatMap((c) => c.rules.map((r) => ({ text: `-A ${c.name} ${ruleSpec(r)}`, pkts: r.pkts })));
      const hits = rules.filter((r) => re.test(r.text));
      if (a.absent) return hits.length ? no(t(`${a.node} still has: ${hits[0].text}`, `${a.node} 仍有：${hits[0].text}`)) : ok;
      if (hits.some((r) => !a.counted || r.pkts > 0)) return ok;
      if (hits.length) return no(t(`${hits[0].text} has counted 0 packets`, `${hits[0].text} 的计数仍为 0`));
      if (a.chain && !rules.length) return no(t(`${a.node} has no chain ${a.chain}…`, `${a.node} 上没有 ${a.chain}… 链`));
      return no(t(`no rule on ${a.node} matches (${rules.length} rules searched)`, `${a.node} 上没有匹配的规则（查了 ${rules.length} 条）`));
    },
  },
};

const KIND_NAMES: Record<PacketKind, string> = { ipip: 'IPIP', vxlan: 'VXLAN', icmp: 'ICMP', tcp: 'TCP', udp: 'UDP', arp: 'ARP', bgp: 'BGP' };

export function translator(locale: Locale): T {
  return (en, zh) => (locale === 'zh-CN' ? zh : en);
}
