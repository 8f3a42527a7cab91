/** One row of `calicoctl ipam show [--show-blocks]`: the pool or block, who owns it, what uses it. */
import type { World } from '../world';
import type { NodeState } from '../state';
import { blockCapacity, blockInUse, ipamBlocks } from '../calico/ipam';
import { poolsAll } from '../calico/pools';
import { cidrContains } from '../net/ip';
import { ExplanationBuilder, podByIp, say } from './text';
import { cidrAddress } from '../net/ip';

const pct = (used: number, total: number) => Math.round((100 * used) / Math.max(1, total));

export function explainIpamRow(world: World, node: NodeState, line: string): ExplanationBuilder | null {
  const cells = line.split('|').map((c) => c.trim());
  if (cells.length < 6 || (cells[1] !== 'IP Pool' && cells[1] !== 'Block')) return null;
  const cidr = cells[2];
  if (cells[1] === 'IP Pool') {
    const pool = poolsAll(world).find((p) => p.cidr === cidr);
    const b = new ExplanationBuilder(say(`IP pool ${cidr}`, `地址池 ${cidr}`)).node(node.name);
    if (!pool) return b.add(`No IP pool has the CIDR ${cidr} any more.`, `已经没有 CIDR 为 ${cidr} 的地址池。`);
    const blocks = ipamBlocks(world).filter((x) => cidrContains(pool.cidr, x.spec.cidr.split('/')[0]));
    const used = blocks.reduce((n, x) => n + blockInUse(x), 0);
    const total = 2 ** (32 - Number(cidr.split('/')[1]));
    b.title = say(`IP pool ${pool.name} (${cidr})`, `地址池 ${pool.name}（${cidr}）`);
    b.add(`Pods get addresses from it in blocks of /${pool.blockSize} (${2 ** (32 - pool.blockSize)} addresses), each block affine to one node: ${blocks.length} block${blocks.length === 1 ? '' : 's'} claimed so far.`, `Pod 地址按 /${pool.blockSize} 的块（每块 ${2 ** (32 - pool.blockSize)} 个地址）分配，每块归属一个节点：目前已认领 ${blocks.length} 个块。`);
    b.add(`Now ${used} of ${total} addresses in use (${pct(used, total)}%): pods and the nodes' tunnel addresses.`, `现在 ${total} 个地址中已用 ${used} 个（${pct(used, total)}%）：Pod 以及节点的隧道地址。`);
    b.add(`Encapsulation: ipipMode ${pool.ipipMode}, vxlanMode ${pool.vxlanMode}; natOutgoing ${pool.natOutgoing}${pool.disabled ? '; disabled: no new addresses come from it' : ''}.`, `封装：ipipMode ${pool.ipipMode}，vxlanMode ${pool.vxlanMode}；natOutgoing ${pool.natOutgoing}${pool.disabled ? '；已禁用：不再从中分配新地址' : ''}。`);
    for (const x of blocks) if (String(x.spec.affinity ?? '').startsWith('host:')) b.node(String(x.spec.affinity).slice(5));
    return b;
  }
  const block = ipamBlocks(world).find((x) => x.spec.cidr === cidr);
  const b = new ExplanationBuilder(say(`IPAM block ${cidr}`, `IPAM 地址块 ${cidr}`));
  if (!block) return b.node(node.name).add(`No IPAM block ${cidr} exists any more (released when its node left).`, `IPAM 地址块 ${cidr} 已不存在（节点离开时被释放）。`);
  const affinity = String(block.spec.affinity ?? '');
  const owner = affinity.startsWith('host:') ? affinity.slice(5) : undefined;
  b.node(owner);
  const used = blockInUse(block);
  const total = blockCapacity(block);
  b.add(
    owner ? `Affine to ${owner}: ${owner} assigns its pods' addresses from it, announces it over BGP and holds a blackhole route for it.` : 'Affine to no node (its node is gone): addresses still in use stay until released.',
    owner ? `归属 ${owner}：${owner} 从中给自己的 Pod 分配地址，通过 BGP 通告它，并为它保留一条黑洞路由。` : '不归属任何节点（节点已不在）：仍在使用的地址保留到被释放为止。',
  );
  const users: string[] = [];
  (block.spec.allocations as (number | null)[]).forEach((a, ordinal) => {
    if (a === null) return;
    const ip = cidrAddress(cidr, ordinal);
    const attrs = block.spec.attributes[a]?.secondary ?? {};
    const pod = podByIp(world, ip);
    if (pod) b.pod(pod.node.name, pod.pod);
    users.push(attrs.pod ? `${ip} ${attrs.namespace}/${attrs.pod}` : attrs.type ? `${ip} ${attrs.type} (${attrs.node})` : ip);
  });
  b.add(`${used} of ${total} addresses in use now (${pct(used, total)}%)${users.length ? `: ${users.slice(0, 6).join(', ')}${users.length > 6 ? ', …' : ''}` : ''}.`, `现在已用 ${total} 个地址中的 ${used} 个（${pct(used, total)}%）${users.length ? `：${users.slice(0, 6).join('，')}${users.length > 6 ? '，…' : ''}` : ''}。`);
  return b;
}
