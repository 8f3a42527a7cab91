/** The /etc/services names tcpdump prints for ports when not given `-n`. */
const TCP: Record<number, string> = { 22: 'ssh', 53: 'domain', 80: 'http', 179: 'bgp', 443: 'https', 2379: 'etcd-client', 6443: 'sun-sr-https', 8080: 'http-alt' };
const UDP: Record<number, string> = { 53: 'domain', 123: 'ntp', 4789: 'vxlan' };

export function serviceName(proto: 'tcp' | 'udp', port: number): string | undefined {
  return (proto === 'tcp' ? TCP : UDP)[port];
}
