/**
 * Owns the cytoscape instance. `update()` diffs the new model against what is drawn, so a clock
 * tick that changes one session's state touches one edge instead of rebuilding the graph.
 */
import cytoscape, { type Core, type ElementDefinition, type StylesheetJson } from 'cytoscape';
import type { WorldDigest } from '../../worker/protocol';
import { graphModel, type GraphEdge, type GraphNode } from './graph-model';
import { graphStyle } from './graph-style';

/** What a click on the graph picks: a host (its terminal), a pod, or a BGP session between two speakers. */
export type GraphPick = { kind: 'host'; name: string } | { kind: 'pod'; node: string; namespace: string; name: string } | { kind: 'session'; a: string; b: string };

/** How long an edge whose state just changed stays drawn wider, so the change is noticed. */
const CHANGE_FLASH_MS = 2500;

export class TopologyGraph {
  #cy: Core;
  #container: HTMLElement;
  #flashes = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(container: HTMLElement, onPick: (pick: GraphPick) => void) {
    this.#container = container;
    this.#cy = cytoscape({
      container,
      style: graphStyle,
      layout: { name: 'preset' },
      minZoom: 0.3,
      maxZoom: 2.5,
      autoungrabify: true,
      boxSelectionEnabled: false,
    });
    // Cytoscape draws on a canvas, so the pointer cursor has to be set by hand.
    const clickable = 'node[kind = "host"], node[kind = "pod"], edge[kind = "bgp"]';
    this.#cy.on('mouseover', clickable, () => (container.style.cursor = 'pointer'));
    this.#cy.on('mouseout', clickable, () => (container.style.cursor = ''));
    this.#cy.on('tap', 'node[kind = "host"]', (e) => {
      const name = e.target.data('name') as string | undefined;
      if (name) onPick({ kind: 'host', name });
    });
    this.#cy.on('tap', 'node[kind = "pod"]', (e) => {
      // Pod ids are `pod:<node>/<namespace>/<name>` (graph-model.ts).
      const [node, namespace, name] = (e.target.id() as string).slice(4).split('/');
      if (node && namespace && name) onPick({ kind: 'pod', node, namespace, name });
    });
    this.#cy.on('tap', 'edge[kind = "bgp"]', (e) => {
      const strip = (id: string) => id.replace(/^node:/, '');
      onPick({ kind: 'session', a: strip(e.target.data('source')), b: strip(e.target.data('target')) });
    });
  }

  update(digest: WorldDigest): void {
    const { nodes, edges } = graphModel(digest);
    const cy = this.#cy;
    const wanted = new Set([...nodes.map((n) => n.id), ...edges.map((e) => e.id)]);
    let structural = false;
    cy.batch(() => {
      cy.elements().forEach((el) => {
        if (!wanted.has(el.id())) {
          el.remove();
          structural = true;
        }
      });
      for (const n of nodes) structural = this.#upsertNode(n) || structural;
      for (const e of edges) structural = this.#upsertEdge(e) || structural;
    });
    if (structural) this.fit();
    this.#describeEdges();
  }

  /**
   * Each session's drawn colour and line style on the container (`data-edges`), as cytoscape
   * computed them: what browser tests read, since the canvas itself has no DOM. Small graphs only.
   */
  #describeEdges(): void {
    const edges = this.#cy.edges();
    if (edges.length > 200) return void delete this.#container.dataset.edges;
    this.#container.dataset.edges = edges
      .map((e) => `${e.id().slice(4)}=${e.data('status')}/${e.style('line-color')}/${e.style('line-style')}`)
      .join(' ');
  }

  fit(): void {
    this.#cy.resize();
    this.#cy.fit(undefined, 18);
  }

  #look = '';
  #explained = '';

  /** Rules added after graph-style.ts (theme, projector mode); redone only when `key` changes. */
  restyle(key: string, extra: StylesheetJson): void {
    if (key === this.#look) return;
    this.#look = key;
    this.#cy.style([...graphStyle, ...extra]);
  }

  /** Marks what an explained terminal line is about (ids from graph-model.ts); [] clears. */
  highlight(ids: string[]): void {
    const key = ids.join(',');
    if (key === this.#explained) return;
    this.#explained = key;
    this.#cy.batch(() => {
      this.#cy.elements('.explained').removeClass('explained');
      for (const id of ids) this.#cy.getElementById(id).addClass('explained');
    });
  }

  destroy(): void {
    for (const t of this.#flashes.values()) clearTimeout(t);
    this.#cy.destroy();
  }

  /**
   * The middle of an element's top edge, in pixels from the container's top left (null if not
   * drawn): the packet marker sits there, above the node, so it never covers its label.
   */
  topOf(id: string): { x: number; y: number } | null {
    const el = this.#cy.getElementById(id);
    if (el.empty()) return null;
    const p = el.renderedPosition();
    return { x: p.x, y: p.y - el.renderedHeight() / 2 - 2 };
  }

  has(id: string): boolean {
    return !this.#cy.getElementById(id).empty();
  }

  /** Returns true when the element is new (so the view is refitted). */
  #upsertNode(n: GraphNode): boolean {
    const { x, y, ...data } = n;
    const el = this.#cy.getElementById(n.id);
    if (el.empty()) {
      this.#cy.add({ group: 'nodes', data, position: { x, y } } as ElementDefinition);
      return true;
    }
    if (el.data('label') !== n.label || el.data('status') !== n.status) el.data(data);
    const p = el.position();
    if (!el.isParent() && (p.x !== x || p.y !== y)) el.position({ x, y });
    return false;
  }

  /** Draws a session that just changed state wider for a moment, in its new colour and dash. */
  #flash(id: string): void {
    const el = this.#cy.getElementById(id);
    el.addClass('changed');
    clearTimeout(this.#flashes.get(id));
    this.#flashes.set(
      id,
      setTimeout(() => {
        this.#flashes.delete(id);
        this.#cy.getElementById(id).removeClass('changed');
      }, CHANGE_FLASH_MS),
    );
  }

  #upsertEdge(e: GraphEdge): boolean {
    const el = this.#cy.getElementById(e.id);
    if (el.empty()) {
      this.#cy.add({ group: 'edges', data: { ...e } });
      return true;
    }
    if (el.data('status') !== e.status) this.#flash(e.id);
    if (el.data('status') !== e.status || el.data('bend') !== e.bend) el.data({ ...e });
    return false;
  }
}
