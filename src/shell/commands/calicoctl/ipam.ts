/** `calicoctl ipam show|check|release|configure` (calicoctl/commands/ipam/*.go, reference §5). */
import type { CommandContext } from '../../context';
import type { KObj } from '../../../emulator/k8s/objects';
import { storeGet, storeList, storePut } from '../../../emulator/k8s/objects';
import { apiCreate } from '../../../emulator/k8s/factory';
import { ipv4Parse } from '../../../emulator/net/ip';
import { blockCapacity, blockInUse, ipamBlocks, ipamConfig, ipamLookup, ipamReleaseIp } from '../../../emulator/calico/ipam';
import { poolsAll } from '../../../emulator/calico/pools';
import { cidrContains, cidrSize } from '../../../emulator/net/ip';
import { CRD_V1 } from '../../../emulator/calico/resources';
import { boxTable } from '../../format/box-table';
import { ipamCheckHelp, ipamConfigureHelp, ipamHelp, ipamReleaseHelp, ipamShowHelp } from './help';
import { parseOpts } from './args';
import { calicoClient, calicoResourcesVisible, versionMismatch } from './client';
import type { Invocation } from './invocation';
import { goG5, goPercent } from './numbers';

export function calicoctlIpam(ctx: CommandContext, inv: Invocation, args: string[]): number {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === '-h' || sub === '--help') {
    if (sub === undefined) ctx.err(`Usage:\n  ${inv.name} ipam <command> [<args>...]\n`);
    else ctx.out(ipamHelp(inv.name) + '\n');
    return sub === undefined ? 1 : 0;
  }
  const run = SUBCOMMANDS[sub];
  if (!run) {
    ctx.out(ipamHelp(inv.name) + '\n');
    return 0;
  }
  return run(ctx, inv, rest);
}

type Sub = (ctx: CommandContext, inv: Invocation, args: string[]) => number;

/** The common prologue: --help, option errors, the version check and the client. */
function prologue(ctx: CommandContext, inv: Invocation, sub: string, args: string[], specs: Parameters<typeof parseOpts>[1], help: string) {
  const p = parseOpts(args, specs);
  if (!p.ok || p.pos.length) {
    ctx.err(`invalid option: 'calicoctl ipam ${[sub, ...args].join(' ')}'. Use flag '--help' to read about a specific subcommand\n`);
    return null;
  }
  if (p.opts.help) {
    ctx.out(help + '\n');
    return 'done' as const;
  }
  const config = p.opts.config as string | undefined;
  const mismatch = versionMismatch(ctx, inv.allowMismatch || !!p.opts['allow-version-mismatch'], config);
  if (mismatch) {
    ctx.err(mismatch + '\n');
    return null;
  }
  const client = calicoClient(ctx, config);
  if (!client.ok) {
    if (client.fatal) ctx.out(client.error);
    else ctx.err(client.error + '\n');
    return null;
  }
  return p.opts;
}

const show: Sub = (ctx, inv, args) => {
  const opts = prologue(ctx, inv, 'show', args, [{ long: 'ip', value: true }, { long: 'show-blocks' }, { long: 'show-borrowed' }, { long: 'show-configuration' }], ipamShowHelp(inv.name));
  if (opts === null) return 1;
  if (opts === 'done') return 0;
  // A Kubernetes-datastore client on an etcd-mode cluster finds no IPAM objects (no CRDs): empty
  // tables and the default configuration, as the KDD backend reads 404s as "none".
  const conn = calicoClient(ctx, opts.config as string | undefined);
  const visible = conn.ok && calicoResourcesVisible(ctx, conn.datastore);
  if (!visible) {
    if (typeof opts.ip === 'string') ctx.out(`${opts.ip} is not assigned\n`);
    else if (opts['show-configuration']) ctx.out(boxTable(['PROPERTY', 'VALUE'], [['StrictAffinity', 'false'], ['AutoAllocateBlocks', 'true'], ['MaxBlocksPerHost', '0']]));
    else if (opts['show-borrowed']) ctx.out(boxTable(['IP', 'BORROWING-NODE', 'BLOCK', 'BLOCK OWNER', 'TYPE', 'ALLOCATED-TO'], []));
    else ctx.out(boxTable(['GROUPING', 'CIDR', 'IPS TOTAL', 'IPS IN USE', 'IPS FREE'], []));
    return 0;
  }
  if (typeof opts.ip === 'string') return showIp(ctx, opts.ip);
  if (opts['show-configuration']) {
    const c = ipamConfig(ctx.world);
    ctx.out(boxTable(['PROPERTY', 'VALUE'], [['StrictAffinity', String(c.strictAffinity)], ['AutoAllocateBlocks', String(c.autoAllocateBlocks)], ['MaxBlocksPerHost', String(c.maxBlocksPerHost)]]));
    return 0;
  }
  if (opts['show-borrowed']) {
    ctx.out(boxTable(['IP', 'BORROWING-NODE', 'BLOCK', 'BLOCK OWNER', 'TYPE', 'ALLOCATED-TO'], borrowedRows(ctx)));
    return 0;
  }
  ctx.out(boxTable(['GROUPING', 'CIDR', 'IPS TOTAL', 'IPS IN USE', 'IPS FREE'], utilisationRows(ctx, !!opts['show-blocks'])));
  return 0;
};

function usageRow(kind: string, cidr: string, capacity: number, inUse: number): string[] {
  return [kind, cidr, goG5(capacity), `${goG5(inUse)} (${goPercent(inUse, capacity)}%)`, `${goG5(capacity - inUse)} (${goPercent(capacity - inUse, capacity)}%)`];
}

function utilisationRows(ctx: CommandContext, showBlocks: boolean): string[][] {
  const blocks = ipamBlocks(ctx.world).slice().sort((a, b) => (a.spec.cidr < b.spec.cidr ? -1 : a.spec.cidr > b.spec.cidr ? 1 : 0));
  const rows: string[][] = [];
  const claimed = new Set<KObj>();
  for (const pool of poolsAll(ctx.world)) {
    const mine = blocks.filter((b) => cidrContains(pool.cidr, b.spec.cidr.split('/')[0]));
    mine.forEach((b) => claimed.add(b));
    const inUse = mine.reduce((n, b) => n + blockInUse(b), 0);
    rows.push(usageRow('IP Pool', pool.cidr, cidrSize(pool.cidr), inUse));
    if (showBlocks) for (const b of mine) rows.push(usageRow('Block', b.spec.cidr, blockCapacity(b), blockInUse(b)));
  }
  // Orphaned blocks (no pool any more) show only with --show-blocks, without a pool row.
  if (showBlocks) for (const b of blocks.filter((x) => !claimed.has(x))) rows.push(usageRow('Block', b.spec.cidr, blockCapacity(b), blockInUse(b)));
  return rows;
}

function borrowedRows(ctx: CommandContext): string[][] {
  const rows: string[][] = [];
  for (const b of ipamBlocks(ctx.world)) {
    const owner = String(b.spec.affinity ?? '').replace(/^host:/, '');
    b.spec.allocations.forEach((a: number | null, ordinal: number) => {
      if (a === null) return;
      const attrs = b.spec.attributes[a]?.secondary ?? {};
      if (!attrs.node || attrs.node === owner) return;
      const ip = ipamAddress(b.spec.cidr, ordinal);
      const type = attrs.pod ? 'pod' : (attrs.type ?? '');
      rows.push([ip, attrs.node, b.spec.cidr, owner, type, attrs.pod ? `${attrs.namespace}/${attrs.pod}` : '']);
    });
  }
  return rows;
}

function ipamAddress(cidr: string, ordinal: number): string {
  const [base] = cidr.split('/');
  const n = (base.split('.').reduce((acc, o) => acc * 256 + Number(o), 0) + ordinal) >>> 0;
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

function showIp(ctx: CommandContext, ip: string): number {
  if (!ipv4Parse(ip)) {
    ctx.err(`Invalid IP address specified.\n`);
    return 1;
  }
  const hit = ipamLookup(ctx.world, ip);
  if (!hit) {
    ctx.out(`${ip} is not assigned\n`);
    return 0;
  }
  const lines = Object.keys(hit.attrs).sort().map((k) => `  ${k}: ${hit.attrs[k]}\n`).join('');
  ctx.out(`IP ${ip} is in use\nAttributes:\n${lines}`);
  return 0;
}

const release: Sub = (ctx, inv, args) => {
  const opts = prologue(ctx, inv, 'release', args, [{ long: 'ip', value: true }, { long: 'from-report', value: true }, { long: 'force' }], ipamReleaseHelp(inv.name));
  if (opts === null) return 1;
  if (opts === 'done') return 0;
  const ip = opts.ip;
  if (typeof ip !== 'string') {
    ctx.err('You must specify either --ip or --from-report\n');
    return 1;
  }
  if (!ipv4Parse(ip)) {
    ctx.err('Invalid IP address specified.\n');
    return 1;
  }
  if (!ipamReleaseIp(ctx.world, ip)) {
    ctx.err(`IP address ${ip} is not assigned\n`);
    return 1;
  }
  ctx.world.reconcile();
  ctx.out(`Successfully released IP address ${ip}\n`);
  return 0;
};

const configure: Sub = (ctx, inv, args) => {
  const opts = prologue(ctx, inv, 'configure', args, [{ long: 'strictaffinity', value: true }], ipamConfigureHelp(inv.name));
  if (opts === null) return 1;
  if (opts === 'done') return 0;
  const v = String(opts.strictaffinity ?? '').toLowerCase();
  if (v !== 'true' && v !== 'false') {
    ctx.err(`invalid option: 'calicoctl ipam ${['configure', ...args].join(' ')}'. Use flag '--help' to read about a specific subcommand\n`);
    return 1;
  }
  const api = ctx.world.state.api;
  const obj = storeGet(api, 'IPAMConfig', undefined, 'default');
  if (obj) {
    obj.spec = { ...obj.spec, strictAffinity: v === 'true' };
    storePut(api, obj);
  } else {
    apiCreate(ctx.world.state, { apiVersion: CRD_V1, kind: 'IPAMConfig', metadata: { name: 'default', annotations: {} }, spec: { autoAllocateBlocks: true, maxBlocksPerHost: 0, strictAffinity: v === 'true' } });
  }
  ctx.world.reconcile();
  ctx.out(`Successfully set StrictAffinity to: ${v}\n`);
  return 0;
};

const check: Sub = (ctx, inv, args) => {
  const opts = prologue(ctx, inv, 'check', args, [{ long: 'show-all-ips' }, { long: 'show-problem-ips' }, { long: 'output', short: 'o', value: true }], ipamCheckHelp(inv.name));
  if (opts === null) return 1;
  if (opts === 'done') return 0;
  ctx.out(ipamCheckReport(ctx));
  return 0;
};

function ipamCheckReport(ctx: CommandContext): string {
  const w = ctx.world;
  const blocks = ipamBlocks(w);
  const allocs = blocks.reduce((n, b) => n + blockInUse(b), 0);
  const nodes = storeList(w.state.api, 'Node');
  const tunnels = nodes.filter((n) => n.metadata.annotations?.['projectcalico.org/IPv4IPIPTunnelAddr'] || n.metadata.annotations?.['projectcalico.org/IPv4VXLANTunnelAddr']).length;
  const weps = w.state.nodes.reduce((n, node) => n + Object.keys(node.pods).length, 0);
  const perNode = new Map<string, number>();
  for (const b of blocks) {
    for (const a of b.spec.allocations as (number | null)[]) {
      if (a === null) continue;
      const node = b.spec.attributes[a]?.secondary?.node ?? '';
      perNode.set(node, (perNode.get(node) ?? 0) + 1);
    }
  }
  const top = [...perNode.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 20);
  const counts = top.map(([, n]) => n).sort((a, b) => a - b);
  const median = counts.length ? counts[Math.floor(counts.length / 2)] : 0;
  const pools = poolsAll(w).filter((p) => !p.disabled);
  let s = 'Checking IPAM for inconsistencies...\n\nLoading all IPAM blocks...\n';
  s += `Found ${blocks.length} IPAM blocks.\n`;
  for (const b of blocks) s += ` IPAM block ${b.spec.cidr} affinity=${b.spec.affinity ?? ''}:\n`;
  s += `IPAM blocks record ${allocs} allocations.\n\nLoading all IPAM pools...\n`;
  for (const p of pools) s += `  ${p.cidr}\n`;
  s += `Found ${pools.length} active IP pools.\n\nLoading all nodes.\nFound ${tunnels} node tunnel IPs.\n\n`;
  s += 'Loading all service load balancer IPs.\nFound 0 service load balancer.\n\n';
  s += `Loading all workload endpoints.\nFound ${weps} workload IPs.\nWorkloads and nodes are using ${weps + tunnels} IPs.\n\n`;
  s += 'Loading all handles\nLooking for top (up to 20) nodes by allocations...\n';
  for (const [node, n] of top) s += `  ${node} has ${n} allocations\n`;
  s += `Node with most allocations has ${top[0]?.[1] ?? 0}; median is ${median}\n\n`;
  const leaked = Math.max(0, allocs - weps - tunnels);
  s += `Scanning for IPs that are allocated but not actually in use...\nFound ${leaked} IPs that are allocated in IPAM but not actually in use.\n`;
  s += 'Scanning for IPs that are in use by a workload or node but not allocated in IPAM...\nFound 0 in-use IPs that are not in active IP pools.\nFound 0 in-use IPs that are in active IP pools but have no corresponding IPAM allocation.\n\n';
  const handles = storeList(w.state.api, 'IPAMHandle').length;
  s += `Scanning for IPAM handles with no matching IPs...\nFound 0 handles with no matching IPs (and ${handles} handles with matches).\n`;
  s += `Scanning for IPs with missing handle...\nFound 0 handles mentioned in blocks with no matching handle resource.\nCheck complete; found ${leaked} problems.\n`;
  return s;
}

const SUBCOMMANDS: Record<string, Sub> = { show, release, configure, check };
