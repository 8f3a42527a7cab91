/** iputils ping's wording (20221126; reference linux-and-kubectl §3.1), kept in one place. */

/** `time=` as ping_common.c prints it: 3 decimals under 1 ms, then 2, 1 and none. */
export function rttText(ms: number): string {
  if (ms < 1) return ms.toFixed(3);
  if (ms < 10) return ms.toFixed(2);
  if (ms < 100) return ms.toFixed(1);
  return Math.round(ms).toString();
}

/** printf's `%g`: six significant digits, no trailing zeros. */
export function percentText(n: number): string {
  return String(Number(n.toPrecision(6)));
}

export interface PingStats {
  target: string;
  transmitted: number;
  received: number;
  errors: number;
  elapsedMs: number;
  rtts: number[];
  /** Most probes outstanding at once, printed when more than one (a neighbour that never answered ARP). */
  pipe?: number;
}

export function pingStatistics(s: PingStats): string {
  const loss = s.transmitted ? ((s.transmitted - s.received) * 100) / s.transmitted : 0;
  let out = `\n--- ${s.target} ping statistics ---\n`;
  out += `${s.transmitted} packets transmitted, ${s.received} received, ${s.errors ? `+${s.errors} errors, ` : ''}${percentText(loss)}% packet loss, time ${Math.round(s.elapsedMs)}ms\n`;
  if (s.rtts.length) {
    const min = Math.min(...s.rtts);
    const max = Math.max(...s.rtts);
    const avg = s.rtts.reduce((a, b) => a + b, 0) / s.rtts.length;
    const mdev = Math.sqrt(Math.max(0, s.rtts.reduce((a, b) => a + b * b, 0) / s.rtts.length - avg * avg));
    out += `rtt min/avg/max/mdev = ${[min, avg, max, mdev].map((x) => x.toFixed(3)).join('/')} ms\n`;
  } else if (s.pipe && s.pipe > 1) out += `pipe ${s.pipe}\n`;
  else out += '\n';
  return out;
}

export const PING_USAGE = `
Usage
  ping [options] <destination>

Options:
  <destination>      dns name or ip address
  -a                 use audible ping
  -A                 use adaptive ping
  -B                 sticky source address
  -c <count>         stop after <count> replies
  -D                 print timestamps
  -d                 use SO_DEBUG socket option
  -f                 flood ping
  -h                 print help and exit
  -I <interface>     either interface name or address
  -i <interval>      seconds between sending each packet
  -L                 suppress loopback of multicast packets
  -l <preload>       send <preload> number of packages while waiting replies
  -m <mark>          tag the packets going out
  -M <pmtud opt>     define mtu discovery, can be one of <do|dont|want>
  -n                 no dns name resolution
  -O                 report outstanding replies
  -p <pattern>       contents of padding byte
  -q                 quiet output
  -Q <tclass>        use quality of service <tclass> bits
  -s <size>          use <size> as number of data bytes to be sent
  -S <size>          use <size> as SO_SNDBUF socket option value
  -t <ttl>           define time to live
  -U                 print user-to-user latency
  -v                 verbose output
  -V                 print version and exit
  -w <deadline>      reply wait <deadline> in seconds
  -W <timeout>       time to wait for response

IPv4 options:
  -4                 use IPv4
  -b                 allow pinging broadcast
  -R                 record route
  -T <timestamp>     define timestamp, can be one of <tsonly|tsandaddr|tsprespec>

IPv6 options:
  -6                 use IPv6
  -F <flowlabel>     define flow label, default is random
  -N <nodeinfo opt>  use icmp6 node info query, try <help> as argument

For more details see ping(8).
`;
