/**
 * A node's netfilter rules as plain JSON (`NodeState.iptables`): the four tables iptables shows,
 * their chains with rules and counters, and the ipsets Felix keeps for `-m set` matches.
 */

export type IptTableName = 'filter' | 'nat' | 'mangle' | 'raw';
export type IptHook = 'PREROUTING' | 'INPUT' | 'FORWARD' | 'OUTPUT' | 'POSTROUTING';

/** A match extension as `-m NAME ...` configures it; `neg` is a `!` before the option. */
export type IptMatch =
  | { m: 'comment'; text: string }
  | { m: 'tcp' | 'udp'; sport?: string; dport?: string; negSport?: boolean; negDport?: boolean }
  | { m: 'icmp'; type: number }
  | { m: 'multiport'; dports: string }
  | { m: 'set'; name: string; dir: 'src' | 'dst'; neg?: boolean }
  | { m: 'conntrack'; states: string[]; neg?: boolean }
  | { m: 'addrtype'; srcType?: string; dstType?: string; negSrc?: boolean; negDst?: boolean; limitOut?: boolean }
  | { m: 'mark'; value: number; mask: number; neg?: boolean }
  /** `-m length --length MIN[:MAX]`: the IP packet's total length. */
  | { m: 'length'; min: number; max: number; neg?: boolean }
  /** `-m statistic --mode random --probability P` (kube-proxy's choice among endpoints). */
  | { m: 'statistic'; probability: number };

export interface IptRule {
  proto?: string;
  negProto?: boolean;
  src?: string;
  negSrc?: boolean;
  dst?: string;
  negDst?: boolean;
  in?: string;
  negIn?: boolean;
  out?: string;
  negOut?: boolean;
  matches: IptMatch[];
  /** Absent: a rule that only counts. A user chain's name for a jump. */
  target?: string;
  goto?: boolean;
  /** The target's options in `iptables -S` form (`--set-xmark 0x10000/0x10000`). */
  targetOpts?: string[];
  pkts: number;
  bytes: number;
}

export interface IptChain {
  name: string;
  /** Built-in chains only. */
  policy?: 'ACCEPT' | 'DROP';
  /** Packets and bytes that met the policy (built-ins only). */
  pkts: number;
  bytes: number;
  rules: IptRule[];
}

export interface IptTable {
  chains: IptChain[];
}

export interface IpSet {
  type: 'hash:ip' | 'hash:net';
  members: string[];
}

export interface IptablesState {
  tables: Record<IptTableName, IptTable>;
  ipsets: Record<string, IpSet>;
  /** Bumped on every change, so BGP can notice a new rule toward tcp/179. */
  rev: number;
  /**
   * How many of those changes were kube-proxy's to the nat table alone. The nat table cannot drop
   * a packet (iptables refuses DROP and REJECT there), so whether BGP gets through follows
   * `rev - natRevs`: a Service's endpoints moving on 500 nodes does not re-check every session.
   */
  natRevs?: number;
}

export const TABLES: IptTableName[] = ['filter', 'nat', 'mangle', 'raw'];

/** The built-in chains of each table (the kernel's hooks), in the order iptables lists them. */
export const BUILTINS: Record<IptTableName, IptHook[]> = {
  filter: ['INPUT', 'FORWARD', 'OUTPUT'],
  nat: ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'],
  mangle: ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'],
  raw: ['PREROUTING', 'OUTPUT'],
};

/** Tables in the order netfilter runs them at each hook (nat: first packet of a connection only). */
export const HOOK_TABLES: Record<IptHook, IptTableName[]> = {
  PREROUTING: ['raw', 'mangle', 'nat'],
  INPUT: ['mangle', 'filter', 'nat'],
  FORWARD: ['mangle', 'filter'],
  OUTPUT: ['raw', 'mangle', 'nat', 'filter'],
  POSTROUTING: ['mangle', 'nat'],
};

export function iptablesEmpty(): IptablesState {
  const table = (t: IptTableName): IptTable => ({ chains: BUILTINS[t].map((name) => ({ name, policy: 'ACCEPT', pkts: 0, bytes: 0, rules: [] })) });
  return { tables: { filter: table('filter'), nat: table('nat'), mangle: table('mangle'), raw: table('raw') }, ipsets: {}, rev: 0 };
}
