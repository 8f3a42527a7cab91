/**
 * Which traced packet and hop the student is looking at, shared by the packet inspector (lazy)
 * and the topology (which holds the marker on that hop). Tiny on purpose: it is in the main bundle.
 */
class PacketFocus {
  /** The inspector drawer is open. */
  open = $state(false);
  /** The `seq` of the inspected send, null for the newest. */
  seq = $state<number | null>(null);
  hop = $state(0);
  /** The wire just before `hop` (between two nodes) rather than the hop itself. */
  wire = $state(false);

  show(seq: number | null, hop = 0, wire = false) {
    this.seq = seq;
    this.hop = hop;
    this.wire = wire;
    this.open = true;
  }

  close() {
    this.open = false;
  }
}

export const packetFocus = new PacketFocus();
