/** `tcpdump`: live captures from the dataplane's taps, `-w`/`-r` pcap files, and `-D`. */
import type { CommandContext, CommandSpec } from '../../../context';
import { fsRead, fsResolve, fsWrite } from '../../../../emulator/fs';
import { captureClose, captureDrain, captureHasPending, captureOpen } from '../../../../emulator/net/capture';
import { captureLogCount, captureLogOpen, packetKind } from '../../../../emulator/net/capture-log';
import type { CapturedPacket } from '../../../../emulator/net/capture';
import { LINKTYPE_ETHERNET, LINKTYPE_LINUX_SLL2, LINKTYPE_RAW, concat, pcapFromBinaryString, pcapRead, pcapToBinaryString, pcapWrite, sll2Header } from '../../../../emulator/net/packet';
import type { PcapRecord } from '../../../../emulator/net/packet';
import { TCPDUMP_USAGE, tcpdumpArgs } from './args';
import type { TcpdumpArgs } from './args';
import { FilterError, filterCompile, filterView } from './filter';
import type { Filter } from './filter';
import { TcpdumpPrinter } from './printer';
import type { TcpdumpProfile } from './options';
import { printOptionsDefault } from './options';
import { hostsRead, hostsResolveAll } from '../hosts';
import type { Hosts } from '../hosts';
import type { NodeState } from '../../../../emulator/state';
import { linkFlags } from '../../../../emulator/net/link';

/** An interface tcpdump can open: where the kernel's tap is, and how this namespace names it. */
export interface TcpdumpIface {
  name: string;
  /** The node interface whose tap carries its packets (a pod's eth0 is its host-side cali veth). */
  tapOn: string;
  /** A pod's eth0 sees the veth's traffic the other way round. */
  flip: boolean;
  ifindex: number;
  up: boolean;
  ipip: boolean;
  /** The interface tcpdump opens without -i (the first Ethernet device). */
  primary: boolean;
}

/** Where tcpdump runs: a node, or a pod's network namespace on a node (kubectl exec). */
export interface TcpdumpHost {
  node: NodeState;
  profile: TcpdumpProfile;
  hosts: Hosts;
  ifaces: TcpdumpIface[];
  /** Files: the node's, or the container's root filesystem as the node stores it. */
  path: (p: string) => string;
}

export function tcpdumpNodeHost(ctx: CommandContext): TcpdumpHost {
  const node = ctx.node;
  return {
    node,
    profile: node.tcpdumpVersion ?? '4.9',
    hosts: hostsRead(node),
    ifaces: node.links.filter((l) => l.kind !== 'loopback').map((l) => ({ name: l.name, tapOn: l.name, flip: false, ifindex: l.index, up: linkFlags(l).includes('UP'), ipip: l.kind === 'ipip', primary: l.kind === 'ether' })),
    path: (p) => fsResolve(ctx.shell.cwd, p),
  };
}

const LINKTYPE_NAMES: Record<number, string> = { 1: 'EN10MB (Ethernet)', 101: 'RAW (Raw IP)', 276: 'LINUX_SLL2 (Linux cooked v2)' };
/** Capture polling step: tcpdump prints what arrived every 100 ms of simulated time. */
const POLL_MS = 100;

function compile(ctx: CommandContext, h: TcpdumpHost, a: TcpdumpArgs): Filter | null {
  try {
    return filterCompile(a.filter, (n) => hostsResolveAll(h.hosts, n));
  } catch (e) {
    if (!(e instanceof FilterError)) throw e;
    const msg = e.message === 'syntax error' && h.profile === '4.99' ? "can't parse filter expression: syntax error" : e.message;
    ctx.err(`tcpdump: ${msg}\n`);
    return null;
  }
}

function printer(h: TcpdumpHost, a: TcpdumpArgs): TcpdumpPrinter {
  const hosts = h.hosts;
  return new TcpdumpPrinter(
    printOptionsDefault({
      profile: h.profile,
      link: a.link,
      verbose: a.verbose,
      ascii: a.ascii,
      hex: a.hex,
      host: a.numeric ? (ip) => ip : (ip) => hosts.byIp.get(ip) ?? ip,
      portNames: a.numeric === 0,
    }),
  );
}

/** `tcpdump -D`: the node's interfaces, `any` after the first ones as libpcap lists it. */
function listInterfaces(ctx: CommandContext, h: TcpdumpHost): number {
  const lines = h.ifaces.map((l) => `${l.name} [${l.up ? 'Up, Running, Connected' : 'none'}]`);
  lines.push('any (Pseudo-device that captures on all interfaces) [Up, Running]', 'lo [Up, Running, Loopback]');
  ctx.out(lines.map((l, i) => `${i + 1}.${l}\n`).join(''));
  return 0;
}

function readFile(ctx: CommandContext, h: TcpdumpHost, a: TcpdumpArgs, filter: Filter): number {
  const content = a.read === '-' ? ctx.stdin ?? '' : fsRead(h.node.fs, h.path(a.read!));
  if (content === 'ENOENT' || content === 'ENOTDIR') return fail(ctx, `tcpdump: ${a.read}: No such file or directory`);
  if (content === 'EISDIR') return fail(ctx, `tcpdump: ${a.read}: Is a directory`);
  const file = pcapRead(pcapFromBinaryString(content));
  if (!file) return fail(ctx, `tcpdump: bad dump file format`);
  const lt = LINKTYPE_NAMES[file.linktype] ?? `${file.linktype}`;
  ctx.err(`reading from file ${a.read}, link-type ${lt}${h.profile === '4.99' ? `, snapshot length ${file.snaplen}` : ''}\n`);
  const p = printer(h, a);
  let n = 0;
  for (const r of file.records) {
    if (file.linktype !== LINKTYPE_LINUX_SLL2 && !filter(filterView(r.data, file.linktype === LINKTYPE_RAW))) continue;
    ctx.out(p.print({ linktype: file.linktype, data: r.data, timeMs: r.timeMs }));
    if (a.count && ++n >= a.count) break;
  }
  return 0;
}

function fail(ctx: CommandContext, msg: string): number {
  ctx.err(msg + '\n');
  return 1;
}

/** An `any` capture is Linux cooked v2: the interface's index and direction, then the IP packet. */
function asSll2(pkt: CapturedPacket, ifindex: number, direction: string): Uint8Array {
  const eth = pkt.linktype === LINKTYPE_ETHERNET;
  const proto = eth ? (pkt.data[12] << 8) | pkt.data[13] : 0x0800;
  const src = eth ? Array.from(pkt.data.subarray(6, 12)) : [];
  return concat(sll2Header(proto, ifindex, eth ? 1 : 768, direction === 'In' ? 0 : 4, src), eth ? pkt.data.subarray(14) : pkt.data);
}

async function live(ctx: CommandContext, h: TcpdumpHost, a: TcpdumpArgs, filter: Filter): Promise<number> {
  const profile = h.profile;
  const iface = a.iface ?? h.ifaces.find((l) => l.primary)?.name ?? 'any';
  const link = h.ifaces.find((l) => l.name === iface);
  if (iface !== 'any' && !link) {
    return fail(ctx, `tcpdump: ${iface}: No such device exists\n(${profile === '4.99' ? 'No such device exists' : 'SIOCGIFHWADDR: No such device'})`);
  }
  const linktype = iface === 'any' ? LINKTYPE_LINUX_SLL2 : link!.ipip ? LINKTYPE_RAW : LINKTYPE_ETHERNET;
  // `-w -` writes the pcap to stdout (`kubectl exec POD -- tcpdump -w - > cap.pcap`).
  const toStdout = a.write === '-';
  const path = a.write && !toStdout ? h.path(a.write) : null;
  const save = (records: PcapRecord[]) => (path ? fsWrite(h.node.fs, path, pcapToBinaryString(pcapWrite(linktype, records)), ctx.world.now) : null);
  if (save([])) return fail(ctx, `tcpdump: ${a.write}: No such file or directory`);
  const size = profile === '4.99' ? 'snapshot length 262144 bytes' : 'capture size 262144 bytes';
  const typeName = iface === 'any' && profile === '4.9' ? 'LINUX_SLL (Linux cooked)' : LINKTYPE_NAMES[linktype];
  if (iface === 'any' && profile === '4.99') ctx.err('tcpdump: data link type LINUX_SLL2\n');
  const listening = `listening on ${iface}, link-type ${typeName}, ${size}`;
  if (a.verbose || a.write) ctx.err(`tcpdump: ${listening}\n`);
  else ctx.err(`tcpdump: verbose output suppressed, use ${profile === '4.99' ? '-v[v]...' : '-v or -vv'} for full protocol decode\n${listening}\n`);

  // A pod's `any` is its eth0 (lo carries nothing here); a node's is every interface.
  const podAny = iface === 'any' && h.ifaces.every((l) => l.flip);
  const tapOn = link?.tapOn ?? (podAny ? h.ifaces[0]?.tapOn ?? 'any' : 'any');
  const seenAs = (pkt: CapturedPacket) => {
    const own = link ?? (podAny ? h.ifaces[0] : h.ifaces.find((l) => l.tapOn === pkt.ifname));
    const flip = own?.flip ?? false;
    return { name: own?.name ?? pkt.ifname, ifindex: own?.ifindex ?? pkt.ifindex, direction: flip ? (pkt.direction === 'In' ? 'Out' : 'In') : pkt.direction };
  };
  const session = captureOpen(ctx.world, h.node.name, tapOn);
  const log = captureLogOpen(ctx.world, h.node.name, tapOn);
  const p = printer(h, a);
  const records: PcapRecord[] = [];
  let captured = 0;
  try {
    for (;;) {
      for (const pkt of captureDrain(session)) {
        const view = filterView(pkt.data, pkt.linktype === LINKTYPE_RAW);
        if (!filter(view)) continue;
        captured++;
        captureLogCount(log, packetKind(view));
        const v = seenAs(pkt);
        const data = iface === 'any' ? asSll2(pkt, v.ifindex, v.direction) : pkt.data;
        if (path || toStdout) records.push({ timeMs: pkt.timeMs, data });
        else {
          const prefix = iface === 'any' && profile === '4.99' ? `${v.name.padEnd(5)} ${v.direction.padEnd(3)} ` : '';
          ctx.out(p.print({ linktype: iface === 'any' ? LINKTYPE_LINUX_SLL2 : linktype, data, timeMs: pkt.timeMs, prefix }));
        }
        if (a.count && captured >= a.count) break;
      }
      if ((a.count && captured >= a.count) || ctx.interrupted()) break;
      // Wake as soon as a packet arrives, as the kernel wakes a reading tcpdump.
      await ctx.sleep(POLL_MS, () => captureHasPending(session));
    }
  } finally {
    captureClose(ctx.world, session);
  }
  save(records);
  if (toStdout) ctx.out(pcapToBinaryString(pcapWrite(linktype, records)));
  // On Ctrl-C tcpdump ends the line the terminal echoed ^C on before its statistics.
  else if (!(a.count && captured >= a.count)) ctx.out('\n');
  const plural = (n: number, what: string) => `${n} ${n === 1 ? 'packet' : 'packets'} ${what}\n`;
  ctx.err(plural(captured, 'captured') + plural(session.received, 'received by filter') + plural(session.dropped, 'dropped by kernel'));
  return 0;
}

/** tcpdump's main(), wherever it runs. */
export async function tcpdumpRun(ctx: CommandContext, h: TcpdumpHost, argv: string[]): Promise<number> {
  const parsed = tcpdumpArgs(argv);
  if (!parsed.ok) {
    ctx.err(`${parsed.message}\ntcpdump version ${h.profile === '4.99' ? '4.99.3' : '4.9.3'}\nlibpcap version ${h.profile === '4.99' ? '1.10.3' : '1.9.1 (with TPACKET_V3)'}\n${TCPDUMP_USAGE}\n`);
    return 1;
  }
  const a = parsed.args;
  if (a.list) return listInterfaces(ctx, h);
  const filter = compile(ctx, h, a);
  if (!filter) return 1;
  if (a.read) return readFile(ctx, h, a, filter);
  return live(ctx, h, a, filter);
}

export const tcpdump: CommandSpec = {
  name: 'tcpdump',
  summary: 'dump traffic on a network',
  usage: 'tcpdump [-AenvX] [-c count] [-i interface] [-r file] [-w file] [expression]',
  run: (ctx) => tcpdumpRun(ctx, tcpdumpNodeHost(ctx), ctx.argv.slice(1)),
  complete(args, _word, ctx) {
    if (args[args.length - 1] === '-i') return ['any', ...ctx.node.links.map((l) => l.name)];
    return ['-i', '-n', '-nn', '-e', '-v', '-vv', '-c', '-w', '-r', '-A', '-X', 'host', 'net', 'port', 'icmp', 'tcp', 'udp', 'arp', 'and', 'or', 'not'];
  },
};
