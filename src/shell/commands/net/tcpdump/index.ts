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
import { linkFlags } from '../../../../emulator/net/link';

const LINKTYPE_NAMES: Record<number, string> = { 1: 'EN10MB (Ethernet)', 101: 'RAW (Raw IP)', 276: 'LINUX_SLL2 (Linux cooked v2)' };
/** Capture polling step: tcpdump prints what arrived every 100 ms of simulated time. */
const POLL_MS = 100;

function profileOf(ctx: CommandContext): TcpdumpProfile {
  return ctx.node.tcpdumpVersion ?? '4.9';
}

function compile(ctx: CommandContext, a: TcpdumpArgs): Filter | null {
  const hosts = hostsRead(ctx.node);
  try {
    return filterCompile(a.filter, (n) => hostsResolveAll(hosts, n));
  } catch (e) {
    if (!(e instanceof FilterError)) throw e;
    const msg = e.message === 'syntax error' && profileOf(ctx) === '4.99' ? "can't parse filter expression: syntax error" : e.message;
    ctx.err(`tcpdump: ${msg}\n`);
    return null;
  }
}

function printer(ctx: CommandContext, a: TcpdumpArgs): TcpdumpPrinter {
  const hosts = hostsRead(ctx.node);
  return new TcpdumpPrinter(
    printOptionsDefault({
      profile: profileOf(ctx),
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
function listInterfaces(ctx: CommandContext): number {
  const links = ctx.node.links.filter((l) => l.kind !== 'loopback');
  const lines = links.map((l) => `${l.name} [${linkFlags(l).includes('UP') ? 'Up, Running, Connected' : 'none'}]`);
  lines.push('any (Pseudo-device that captures on all interfaces) [Up, Running]', 'lo [Up, Running, Loopback]');
  ctx.out(lines.map((l, i) => `${i + 1}.${l}\n`).join(''));
  return 0;
}

function readFile(ctx: CommandContext, a: TcpdumpArgs, filter: Filter): number {
  const path = fsResolve(ctx.shell.cwd, a.read!);
  const content = fsRead(ctx.node.fs, path);
  if (content === 'ENOENT' || content === 'ENOTDIR') return fail(ctx, `tcpdump: ${a.read}: No such file or directory`);
  if (content === 'EISDIR') return fail(ctx, `tcpdump: ${a.read}: Is a directory`);
  const file = pcapRead(pcapFromBinaryString(content));
  if (!file) return fail(ctx, `tcpdump: bad dump file format`);
  const lt = LINKTYPE_NAMES[file.linktype] ?? `${file.linktype}`;
  ctx.err(`reading from file ${a.read}, link-type ${lt}${profileOf(ctx) === '4.99' ? `, snapshot length ${file.snaplen}` : ''}\n`);
  const p = printer(ctx, a);
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
function asSll2(pkt: CapturedPacket): Uint8Array {
  const eth = pkt.linktype === LINKTYPE_ETHERNET;
  const proto = eth ? (pkt.data[12] << 8) | pkt.data[13] : 0x0800;
  const src = eth ? Array.from(pkt.data.subarray(6, 12)) : [];
  return concat(sll2Header(proto, pkt.ifindex, eth ? 1 : 768, pkt.direction === 'In' ? 0 : 4, src), eth ? pkt.data.subarray(14) : pkt.data);
}

async function live(ctx: CommandContext, a: TcpdumpArgs, filter: Filter): Promise<number> {
  const profile = profileOf(ctx);
  const iface = a.iface ?? ctx.node.links.find((l) => l.kind === 'ether')?.name ?? 'any';
  const link = ctx.node.links.find((l) => l.name === iface);
  if (iface !== 'any' && !link) {
    return fail(ctx, `tcpdump: ${iface}: No such device exists\n(${profile === '4.99' ? 'No such device exists' : 'SIOCGIFHWADDR: No such device'})`);
  }
  const linktype = iface === 'any' ? LINKTYPE_LINUX_SLL2 : link!.kind === 'ipip' ? LINKTYPE_RAW : LINKTYPE_ETHERNET;
  const path = a.write ? fsResolve(ctx.shell.cwd, a.write) : null;
  const save = (records: PcapRecord[]) => (path ? fsWrite(ctx.node.fs, path, pcapToBinaryString(pcapWrite(linktype, records)), ctx.world.now) : null);
  if (save([])) return fail(ctx, `tcpdump: ${a.write}: No such file or directory`);
  const size = profile === '4.99' ? 'snapshot length 262144 bytes' : 'capture size 262144 bytes';
  const typeName = iface === 'any' && profile === '4.9' ? 'LINUX_SLL (Linux cooked)' : LINKTYPE_NAMES[linktype];
  if (iface === 'any' && profile === '4.99') ctx.err('tcpdump: data link type LINUX_SLL2\n');
  const listening = `listening on ${iface}, link-type ${typeName}, ${size}`;
  if (a.verbose || a.write) ctx.err(`tcpdump: ${listening}\n`);
  else ctx.err(`tcpdump: verbose output suppressed, use ${profile === '4.99' ? '-v[v]...' : '-v or -vv'} for full protocol decode\n${listening}\n`);

  const session = captureOpen(ctx.world, ctx.node.name, iface);
  const log = captureLogOpen(ctx.world, ctx.node.name, iface);
  const p = printer(ctx, a);
  const records: PcapRecord[] = [];
  let captured = 0;
  try {
    for (;;) {
      for (const pkt of captureDrain(session)) {
        const view = filterView(pkt.data, pkt.linktype === LINKTYPE_RAW);
        if (!filter(view)) continue;
        captured++;
        captureLogCount(log, packetKind(view));
        const data = iface === 'any' ? asSll2(pkt) : pkt.data;
        if (path) records.push({ timeMs: pkt.timeMs, data });
        else {
          const prefix = iface === 'any' && profile === '4.99' ? `${pkt.ifname.padEnd(5)} ${pkt.direction.padEnd(3)} ` : '';
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
  // On Ctrl-C tcpdump ends the line the terminal echoed ^C on before its statistics.
  if (!(a.count && captured >= a.count)) ctx.out('\n');
  const plural = (n: number, what: string) => `${n} ${n === 1 ? 'packet' : 'packets'} ${what}\n`;
  ctx.err(plural(captured, 'captured') + plural(session.received, 'received by filter') + plural(session.dropped, 'dropped by kernel'));
  return 0;
}

export const tcpdump: CommandSpec = {
  name: 'tcpdump',
  summary: 'dump traffic on a network',
  usage: 'tcpdump [-AenvX] [-c count] [-i interface] [-r file] [-w file] [expression]',
  async run(ctx) {
    const parsed = tcpdumpArgs(ctx.argv.slice(1));
    if (!parsed.ok) {
      ctx.err(`${parsed.message}\ntcpdump version ${profileOf(ctx) === '4.99' ? '4.99.3' : '4.9.3'}\nlibpcap version ${profileOf(ctx) === '4.99' ? '1.10.3' : '1.9.1 (with TPACKET_V3)'}\n${TCPDUMP_USAGE}\n`);
      return 1;
    }
    const a = parsed.args;
    if (a.list) return listInterfaces(ctx);
    const filter = compile(ctx, a);
    if (!filter) return 1;
    if (a.read) return readFile(ctx, a, filter);
    return live(ctx, a, filter);
  },
  complete(args, _word, ctx) {
    if (args[args.length - 1] === '-i') return ['any', ...ctx.node.links.map((l) => l.name)];
    return ['-i', '-n', '-nn', '-e', '-v', '-vv', '-c', '-w', '-r', '-A', '-X', 'host', 'net', 'port', 'icmp', 'tcp', 'udp', 'arp', 'and', 'or', 'not'];
  },
};
