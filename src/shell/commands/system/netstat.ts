/**
 * net-tools' `netstat`: the same sockets as `ss` (`netstat -antp | grep bird`), in netstat's fixed
 * columns, names through /etc/hosts and /etc/services unless -n; `netstat -rn` is the routing table.
 */
import type { CommandContext, CommandSpec } from '../../context';
import type { Socket } from '../../../emulator/system/sockets';
import { nodeSockets } from '../../../emulator/system/sockets';
import { hostsRead } from '../net/hosts';
import { netstatAddress } from './socket-text';
import { NETSTAT_USAGE } from './usage-texts';
import { routeTable } from './route';

const STATE: Record<Socket['state'], string> = { ESTAB: 'ESTABLISHED', 'SYN-SENT': 'SYN_SENT', LISTEN: 'LISTEN', UNCONN: '' };

/** net-tools' PID/Program name: argv[0] without its directory, cut to 19 characters. */
export function netstatProgram(owner: Socket['owner']): string {
  if (!owner) return '-';
  // A process that rewrote its title (sshd, nginx) keeps it whole as argv[0].
  const argv0 = owner.cmd.includes(': ') ? owner.cmd : owner.cmd.split(' ')[0];
  const name = argv0.startsWith('/') ? argv0.slice(argv0.lastIndexOf('/') + 1) : argv0;
  return `${owner.pid}/${name}`.slice(0, 19);
}

const LONG: Record<string, string> = {
  '--tcp': 't', '--udp': 'u', '--listening': 'l', '--all': 'a', '--numeric': 'n', '--programs': 'p', '--route': 'r', '--wide': 'W',
  '--numeric-hosts': 'H', '--numeric-ports': 'P', '--help': 'h', '--version': 'V', '--extend': 'e', '--verbose': 'v',
};

export const netstat: CommandSpec = {
  name: 'netstat',
  summary: 'print network connections, routing tables (net-tools)',
  usage: 'netstat [-tulanpr]',
  run(ctx: CommandContext) {
    const f = new Set<string>();
    for (const a of ctx.argv.slice(1)) {
      if (a.startsWith('--')) {
        if (!LONG[a]) {
          ctx.err(`netstat: unrecognized option '${a}'\n${NETSTAT_USAGE}`);
          return 3;
        }
        f.add(LONG[a]);
      } else if (a.startsWith('-') && a.length > 1) {
        for (const c of a.slice(1)) {
          if (!'tulanprWhVev46'.includes(c)) {
            ctx.err(`netstat: invalid option -- '${c}'\n${NETSTAT_USAGE}`);
            return 3;
          }
          f.add(c);
        }
      } else {
        ctx.err(`${NETSTAT_USAGE}`);
        return 3;
      }
    }
    if (f.has('h')) {
      ctx.out(NETSTAT_USAGE);
      return 0;
    }
    if (f.has('V')) {
      ctx.out('net-tools 2.10-alpha\nFred Baumgarten, Alan Cox, Bernd Eckenfels, Phil Blundell, Tuan Hoang, Brian Micek and others\n+NEW_ADDRT +RTF_IRTT +RTF_REJECT +FW_MASQUERADE +I18N +SELINUX\nAF: (inet) +UNIX +INET +INET6 +IPX +AX25 +NETROM +X25 +ATALK +ECONET +ROSE -BLUETOOTH\nHW:  +ETHER +ARC +SLIP +PPP +TUNNEL -TR +AX25 +NETROM +X25 +FR +ROSE +ASH +SIT +FDDI +HIPPI +HDLC/LAPB +EUI64 \n');
      return 0;
    }
    if (f.has('r')) {
      ctx.out(routeTable(ctx, f.has('n'), 'netstat'));
      return 0;
    }
    const tcp = f.has('t') || !f.has('u');
    const udp = f.has('u') || !f.has('t');
    const listening = f.has('l');
    const all = f.has('a');
    const title = all ? '(servers and established)' : listening ? '(only servers)' : '(w/o servers)';
    const numericHosts = f.has('n') || f.has('H');
    const numericPorts = f.has('n') || f.has('P');
    const hosts = hostsRead(ctx.node);
    const socks = nodeSockets(ctx.world, ctx.node).filter((s) => {
      if (s.proto === 'tcp' ? !tcp : !udp) return false;
      const server = s.state === 'LISTEN' || s.state === 'UNCONN';
      return all || (listening ? server : !server);
    });
    // /proc/net/tcp, tcp6, udp, udp6 in that order.
    const order = (s: Socket) => (s.proto === 'tcp' ? 0 : 2) + (s.v6 ? 1 : 0);
    socks.sort((a, b) => order(a) - order(b));
    const head = `Proto Recv-Q Send-Q ${'Local Address'.padEnd(23)} ${'Foreign Address'.padEnd(23)} ${'State'.padEnd(11)}${f.has('p') ? ` ${'PID/Program name'.padEnd(20)}` : ''}`;
    let out = `Active Internet connections ${title}\n${head}\n`;
    for (const s of socks) {
      const proto = s.proto + (s.v6 ? '6' : '');
      const line = `${proto.padEnd(5)} ${String(s.recvQ).padStart(6)} ${String(s.state === 'LISTEN' ? 0 : s.sendQ).padStart(6)} ${netstatAddress(s, 'local', numericHosts, numericPorts, hosts).padEnd(23)} ${netstatAddress(s, 'peer', numericHosts, numericPorts, hosts).padEnd(23)} ${STATE[s.state].padEnd(11)}`;
      out += line + (f.has('p') ? ` ${netstatProgram(s.owner).padEnd(20)}` : '') + '\n';
    }
    ctx.out(out);
    return 0;
  },
  complete: (_args, word) => ['-t', '-u', '-l', '-a', '-n', '-p', '-r', '-antp', '-tlnp', '-rn'].filter((c) => c.startsWith(word)),
};
