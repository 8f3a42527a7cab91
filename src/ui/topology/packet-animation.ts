/**
 * Moves a packet marker over the topology, hop by hop, on an HTML layer above the cytoscape
 * canvas: a dot between pods and nodes, and an outer box around the dot while the packet is
 * encapsulated (IPIP or VXLAN between the nodes). The layer never takes clicks and stays small
 * and translucent, so a BGP edge that changes meanwhile remains visible. With reduced motion the
 * marker jumps from hop to hop instead of sliding.
 */
import type { PacketTrace, TraceHop } from '../../worker/protocol';
import { encapsulationOf, hopPlace, ipHeaders, payloadName } from '../inspector/packet-summary';

type Point = { x: number; y: number };

const MOVE_MS = 450;
const DWELL_MS = 240;
const STILL_DWELL_MS = 650;
const LINGER_MS = 1500;

export class PacketAnimator {
  #layer: HTMLElement;
  #marker: HTMLElement;
  #outer: HTMLElement;
  #inner: HTMLElement;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #pending: PacketTrace | null = null;
  #locate: (hop: TraceHop) => Point | null;
  #announce: (text: string) => void;

  constructor(stage: HTMLElement, locate: (hop: TraceHop) => Point | null, announce: (text: string) => void) {
    this.#locate = locate;
    this.#announce = announce;
    this.#layer = document.createElement('div');
    this.#layer.className = 'pkt-layer';
    this.#marker = document.createElement('div');
    this.#marker.className = 'pkt';
    this.#marker.dataset.testid = 'packet-anim';
    this.#marker.hidden = true;
    this.#outer = document.createElement('span');
    this.#outer.className = 'pkt-outer';
    this.#inner = document.createElement('span');
    this.#inner.className = 'pkt-inner';
    this.#marker.append(this.#outer, this.#inner);
    this.#layer.append(this.#marker);
    stage.append(this.#layer);
  }

  static reducedMotion(): boolean {
    return globalThis.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;
  }

  /** Animates a traced send; one arriving while another plays waits (only the newest waits). */
  play(trace: PacketTrace): void {
    if (this.#timer !== null) {
      this.#pending = trace;
      return;
    }
    this.#marker.dataset.seq = String(trace.seq);
    this.#marker.dataset.path = '';
    const still = PacketAnimator.reducedMotion();
    const { inner } = ipHeaders(trace.hops[0]?.headers ?? []);
    this.#announce(`${payloadName(trace.hops.find((h) => h.headers.some((x) => x.proto === 'ipv4'))?.headers ?? [])}${inner ? ` ${inner.src} → ${inner.dst}` : ''}`);
    let i = 0;
    let last: Point | null = null;
    const step = () => {
      if (i >= trace.hops.length) {
        this.#marker.dataset.done = 'true';
        this.#timer = setTimeout(() => this.#finish(), LINGER_MS);
        return;
      }
      const hop = trace.hops[i];
      const at = this.#locate(hop);
      const moved = at !== null && last !== null && (at.x !== last.x || at.y !== last.y);
      this.#place(hop, i, at, still);
      this.#marker.dataset.path += `${this.#marker.dataset.path ? '|' : ''}${hop.node} ${hopPlace(hop)} ${hop.action}`;
      if (at) last = at;
      i++;
      this.#timer = setTimeout(step, (still ? STILL_DWELL_MS : DWELL_MS) + (moved && !still ? MOVE_MS : 0));
    };
    this.#marker.dataset.done = 'false';
    step();
  }

  /** Shows one hop of a trace and holds it there (the inspector's current step). */
  show(trace: PacketTrace, hopIndex: number, wire = false): void {
    this.#cancel();
    const hop = trace.hops[hopIndex];
    if (!hop) return this.#finish();
    this.#marker.dataset.seq = String(trace.seq);
    let at = this.#locate(hop);
    const before = wire ? trace.hops[hopIndex - 1] : undefined;
    const from = before ? this.#locate(before) : null;
    // On the wire: halfway between the two nodes.
    if (at && from) at = { x: (at.x + from.x) / 2, y: (at.y + from.y) / 2 };
    this.#place(hop, hopIndex, at, PacketAnimator.reducedMotion());
    this.#marker.dataset.wire = String(wire);
  }

  hide(): void {
    this.#cancel();
    this.#finish();
  }

  destroy(): void {
    this.#cancel();
    this.#layer.remove();
  }

  #place(hop: TraceHop, index: number, at: Point | null, still: boolean): void {
    const m = this.#marker;
    if (!at) return; // a hop outside the drawn graph (the outside host): the marker waits where it is
    m.classList.toggle('still', still);
    m.hidden = false;
    const enc = encapsulationOf(hop.headers);
    const { outer, inner } = ipHeaders(hop.headers);
    m.dataset.hop = String(index);
    m.dataset.node = hop.node;
    m.dataset.action = hop.action;
    m.dataset.encap = enc ?? '';
    m.classList.toggle('encap', enc !== null);
    m.classList.toggle('drop', hop.action === 'drop' || hop.action === 'local-error');
    this.#outer.textContent = enc && outer ? `${enc.toUpperCase()} ${outer.src} → ${outer.dst}` : '';
    this.#inner.textContent = `${payloadName(hop.headers).split(' ')[0]}${inner ? ` → ${inner.dst}` : ''}`;
    m.style.transform = `translate(${Math.round(at.x)}px, ${Math.round(at.y)}px) translate(-50%, -100%)`;
  }

  #finish(): void {
    this.#timer = null;
    const next = this.#pending;
    this.#pending = null;
    if (next) return this.play(next);
    this.#marker.hidden = true;
  }

  #cancel(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    this.#pending = null;
  }
}
