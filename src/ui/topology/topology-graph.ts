/**
 * Owns the cytoscape instance. `update()` diffs the new model against what is drawn, so a clock
 * tick that changes one session's state touches one edge instead of rebuilding the graph.
 */
import cytoscape, { type Core, type ElementDefinition, type StylesheetJson } from 'cytoscape';
import type { WorldDigest } from '../../worker/protocol';
import { graphModel, type GraphEdge, type GraphNode } from './graph-model';
import { graphStyle } from './graph-style';

export class TopologyGraph {
  #cy: Core;

  constructor(container: HTMLElement, onNodeClick: (node: string) => void) {
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
    const clickable = 'node[kind = "host"], node[kind = "pod"]';
    this.#cy.on('mouseover', clickable, () => (container.style.cursor = 'pointer'));
    this.#cy.on('mouseout', clickable, () => (container.style.cursor = ''));
    this.#cy.on('tap', clickable, (e) => {
      const name = e.target.data('name') as string | undefined;
      if (name) onNodeClick(name);
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
    this.#cy.destroy();
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

  #upsertEdge(e: GraphEdge): boolean {
    const el = this.#cy.getElementById(e.id);
    if (el.empty()) {
      this.#cy.add({ group: 'edges', data: { ...e } });
      return true;
    }
    if (el.data('status') !== e.status || el.data('bend') !== e.bend) el.data({ ...e });
    return false;
  }
}
