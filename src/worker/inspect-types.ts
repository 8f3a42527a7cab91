/** What the topology's inspectors receive from the worker: plain JSON read from the world on demand. */

/** What the topology can ask details of: a BGP session (two speakers' names), a pod, an IPAM block. */
export type InspectTarget =
  | { kind: 'session'; a: string; b: string }
  | { kind: 'pod'; node: string; namespace: string; name: string }
  | { kind: 'block'; cidr: string };

/** One end of a BGP session as its BIRD sees it. */
export interface SessionSide {
  node: string;
  protocol: string;
  peerIp: string;
  peerAs: number;
  localAs: number;
  kind: string;
  rrClient: boolean;
  passive: boolean;
  proto: string;
  state: string;
  sinceSec: number;
  lastError: string;
  holdSec: number;
  keepaliveSec: number;
  /** Seconds before the hold timer expires, while keepalives are not getting through. */
  holdLeftSec: number | null;
  /** Adj-RIB-In from this peer: `prefix via next-hop`, `*` when it is the best path. */
  imported: string[];
  /** Prefixes this end has sent the peer. */
  exported: string[];
  messagesIn: number;
  messagesOut: number;
  updatesIn: number;
  withdrawsIn: number;
}

export interface SessionDetail {
  kind: 'session';
  a: string;
  b: string;
  sides: SessionSide[];
}

export interface PodDetail {
  kind: 'pod';
  node: string;
  namespace: string;
  name: string;
  ip: string;
  mac: string;
  veth: string;
  ifindex: number;
  netns: string;
  /** The host's `/32 dev cali…` route as `ip route` prints it. */
  hostRoute: string | null;
  block: string | null;
  blockOwner: string | null;
}

export interface BlockDetail {
  kind: 'block';
  cidr: string;
  owner: string | null;
  inUse: number;
  capacity: number;
  /** Nodes whose pods hold addresses of the block. */
  usedBy: string[];
}

export type InspectDetail = SessionDetail | PodDetail | BlockDetail;
