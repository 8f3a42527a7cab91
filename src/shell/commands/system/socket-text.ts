/** How ss and netstat write a socket's addresses and ports (numeric or through /etc/services). */
import type { Socket } from '../../../emulator/system/sockets';
import type { Hosts } from '../net/hosts';

/** Ubuntu's /etc/services (netbase) for the ports a Kubernetes node has open. */
const SERVICES: Record<string, string> = { 'tcp/22': 'ssh', 'tcp/53': 'domain', 'udp/53': 'domain', 'tcp/80': 'http', 'tcp/179': 'bgp', 'tcp/443': 'https' };

/** A port's name, unless it is in the ephemeral range (ss never names those). */
export function serviceName(port: number, proto: 'tcp' | 'udp'): string {
  if (port >= 32768 && port <= 60999) return String(port);
  return SERVICES[`${proto}/${port}`] ?? String(port);
}

/** ss's `addr` and `port` fields of one end. */
export function ssAddress(s: Socket, end: 'local' | 'peer', numeric: boolean, hosts: Hosts | null): [string, string] {
  const ip = end === 'local' ? s.local : s.peer;
  const port = end === 'local' ? s.lport : s.pport;
  let addr: string;
  if (s.v6 && (ip === '::' || ip === '')) addr = s.v6only ? '[::]' : '*';
  else addr = hosts?.byIp.get(ip) ?? ip;
  if (end === 'local' && s.dev) addr += `%${s.dev}`;
  return [addr, port === 0 ? '*' : numeric ? String(port) : serviceName(port, s.proto)];
}

/** netstat's `addr:port` column text (23 wide; a long address is cut to keep the port). */
export function netstatAddress(s: Socket, end: 'local' | 'peer', numericHosts: boolean, numericPorts: boolean, hosts: Hosts): string {
  const ip = end === 'local' ? s.local : s.peer;
  const port = end === 'local' ? s.lport : s.pport;
  let host: string;
  if (s.v6) host = ip === '::' ? (numericHosts ? '::' : '[::]') : ip;
  else if (numericHosts || ip === '0.0.0.0') host = ip;
  // systemd's NSS modules name the resolver's stub address; the rest comes from /etc/hosts.
  else host = ip === '127.0.0.53' ? '_localdnsstub' : hosts.byIp.get(ip) ?? ip;
  const portText = port === 0 ? '*' : numericPorts ? String(port) : serviceName(port, s.proto);
  if (host.length + portText.length + 1 > 23) host = host.slice(0, 22 - portText.length);
  return `${host}:${portText}`;
}
