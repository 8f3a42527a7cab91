/** How a tcpdump prints: the command-line flags and the node's tcpdump version. */

/** `4.9`: Ubuntu 18.04/20.04 and CentOS nodes, as in the course notes; `4.99`: Debian 12 / Ubuntu 22.04. */
export type TcpdumpProfile = '4.9' | '4.99';

export interface PrintOptions {
  profile: TcpdumpProfile;
  /** `-e`: print the link-level header. */
  link: boolean;
  /** `-v` count. */
  verbose: number;
  /** `-A` / `-X`. */
  ascii: boolean;
  hex: boolean;
  /** Address to name (identity under `-n`). */
  host(ip: string): string;
  /** Ports as /etc/services names (not under `-n`). */
  portNames: boolean;
}

export function printOptionsDefault(over: Partial<PrintOptions> = {}): PrintOptions {
  return { profile: '4.99', link: false, verbose: 0, ascii: false, hex: false, host: (ip) => ip, portNames: false, ...over };
}
