/**
 * BIRD's state inside a calico-node: its protocols (BGP sessions) and what they learned. Plain
 * data; the per-prefix tables are arrays and sets by prefix number (bird-tables.ts), written as
 * prefix text by the snapshot.
 */

/** BIRD's connection states (`bgp_state_names`); `Passive` is derived for display, not stored. */
export type BgpState = 'Idle' | 'Connect' | 'Active' | 'OpenSent' | 'OpenConfirm' | 'Established' | 'Close';
export type PeerKind = 'mesh' | 'global' | 'node';

/** One path in an Adj-RIB-In: a block with the attributes BIRD shows in `show route all`. */
export interface BgpRoute {
  /** Prefix, e.g. `10.244.1.0/24`. */
  p: string;
  /** BGP.next_hop. */
  nh: string;
  /** Router ID of the speaker that originated the route (ORIGINATOR_ID when reflected). */
  o: string;
  /** CLUSTER_LIST, most recent reflector first; absent when never reflected. */
  cl?: string[];
  /** AS path (empty for iBGP-originated routes). */
  as?: number[];
  /** When this path was learned (the `since` of `show route`). */
  at: number;
  /** Kept by graceful restart after the session dropped (BIRD marks it stale). */
  stale?: boolean;
}

/** Per-session counters: what the notes call the cost of the mesh. */
export interface BgpStats {
  msgsIn: number;
  msgsOut: number;
  bytesIn: number;
  bytesOut: number;
  /** BIRD's "Route change stats": import updates/withdraws received, export updates/withdraws sent. */
  impUpdates: number;
  impWithdraws: number;
  expUpdates: number;
  expWithdraws: number;
}

export interface BgpSession {
  /** BIRD protocol name: `Mesh_172_16_11_81`, `Global_...`, `Node_...`. */
  name: string;
  peerIp: string;
  peerAs: number;
  kind: PeerKind;
  /** `passive on` (mesh only): the peer's IP sorts higher as a string, so it connects to us. */
  passive: boolean;
  /** `rr client; rr cluster id X` on a reflector's session to a client. */
  rrClient: boolean;
  /** Protocol state as `show protocols` prints it. */
  proto: 'up' | 'start' | 'down';
  /** Connection state (the larger of the incoming and outgoing connections). */
  state: BgpState;
  /** BIRD's start_state reached CONNECT (after the error wait): a passive idle session shows `Passive`. */
  started: boolean;
  /** Last protocol state change (the `since` column). */
  since: number;
  /** Last error, class prefix included: `Socket: Connection refused`, `Received: Administrative shutdown`. */
  lastError: string;
  /** Current error wait (s): 0, then 5, doubling up to 30 while errors keep coming. */
  errorWait: number;
  lastErrorAt: number;
  /** When the pending timer of the current state fires (for `Error wait:` / `Start delay:` lines). */
  timerAt: number;
  /** Bumped on every transition; queued events carry it and are ignored when stale. */
  epoch: number;
  /** Identifies the TCP connection: both ends of an Established session share it. */
  conn: number;
  establishedAt: number;
  /** Set while keepalives cannot get through: the time of the last one received. */
  rxStoppedAt: number | null;
  /** Graceful restart in progress: some of this session's routes are stale. */
  gr?: boolean;
  /**
   * Prefixes (by number) the peer has from us (our Adj-RIB-Out), so changes count as updates and withdrawals.
   * Read and written through bird-rib.ts's sent* functions: a relay's set is usually held as
   * `sentRib` instead, and this one stays empty.
   */
  sent: Set<number>;
  /**
   * A reflector's Adj-RIB-Out toward a client is nearly its whole Loc-RIB (all but the client's
   * own routes): held as the Loc-RIB's prefixes minus `minus`, plus `plus` (prefixes no longer in
   * the Loc-RIB). 500 clients then cost a few entries each instead of 500 copies of the table.
   */
  sentRib?: { minus: Set<number>; plus: Set<number> };
  stats: BgpStats;
}

/** A Loc-RIB entry: the best path and the protocol it came from. */
export interface RibEntry {
  from: string;
  route: BgpRoute;
}

export interface BirdState {
  startedAt: number;
  routerId: string;
  asn: number;
  /** `rr cluster id` of this node when it is a route reflector. */
  clusterId: string;
  sessions: BgpSession[];
  /**
   * Adj-RIB-In of every session: prefix -> protocol name -> path. Indexed by the prefix's number
   * (bird-tables.ts; read through its functions); the snapshot writes it by prefix text.
   */
  adjIn: (Record<string, BgpRoute> | undefined)[];
  /** Loc-RIB: the best path per prefix (by number, as adjIn), by the protocol it came from (`static1` for our blocks). */
  rib: (RibEntry | undefined)[];
  /** The node's blocks that static1 announces. */
  ownBlocks: string[];
  /** Prefixes (by number) whose best path must be decided again (and re-exported). */
  changed: Set<number>;
  /** Sessions just Established that must get the whole table. */
  fullSync: string[];
  /** The kernel table must be synced again (a link came back, a route was deleted). */
  kernelDirty: boolean;
  /** How many `proto bird` routes the last kernel sync left (to notice others' table changes cheaply). */
  kernelRoutes?: number;
  /** Peers a standalone speaker (a ToR router) is configured with, instead of confd's. */
  staticPeers?: { ip: string; as: number }[];
}
