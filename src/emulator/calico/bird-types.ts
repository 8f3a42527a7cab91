/** BIRD's state inside a calico-node: its protocols (BGP sessions) and what they learned. */

export type BgpState = 'Idle' | 'Connect' | 'Active' | 'OpenSent' | 'OpenConfirm' | 'Established';
export type PeerKind = 'mesh' | 'global' | 'node';

export interface BgpSession {
  /** BIRD protocol name: `Mesh_172_16_11_81`, `Global_...`, `Node_...`. */
  name: string;
  peerIp: string;
  peerAs: number;
  kind: PeerKind;
  /** `passive on`: the peer's IP sorts higher as a string, so it connects to us. */
  passive: boolean;
  state: BgpState;
  /** Protocol state as `show protocols` prints it: up, start, down. */
  proto: 'up' | 'start' | 'down';
  since: number;
  lastError: string;
  /** Prefixes received from this peer (its Adj-RIB-In after import). */
  routesIn: string[];
  establishedAt: number;
  /** Messages counted for the cost the notes discuss (OPEN, UPDATE, KEEPALIVE, NOTIFICATION). */
  msgsIn: number;
  msgsOut: number;
}

export interface BirdState {
  startedAt: number;
  routerId: string;
  asn: number;
  sessions: BgpSession[];
}
