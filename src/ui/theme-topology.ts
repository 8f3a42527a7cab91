/**
 * The topology's look per theme and in projector mode, as cytoscape rules added after
 * graph-style.ts, and the highlight of what an explained terminal line is about.
 *
 * Colour-blind safety: BGP states stay Okabe-Ito hues (blue / orange / vermillion) and also differ
 * in dash (solid / dashed / dotted); on the dark background the blue is the palette's sky blue so
 * it keeps contrast. The highlight is a thick outline plus an underlay, never a hue alone.
 */
import type { StylesheetJson } from 'cytoscape';
import type { ExplainHighlight } from '../worker/protocol';
import type { ThemeName } from './theme.svelte';

/** Established / connecting / down on a dark canvas (Okabe-Ito sky blue, orange, vermillion). */
export const darkSessionColours = { established: '#56B4E9', connecting: '#E69F00', down: '#D55E00' };

export function topologyLook(name: ThemeName, projector: boolean): StylesheetJson {
  const rules: StylesheetJson = [];
  if (name === 'dark') {
    rules.push(
      { selector: 'node', style: { color: '#dde3e9' } },
      { selector: 'node[kind = "subnet"]', style: { 'background-color': '#1a232c', 'border-color': '#52606d' } },
      { selector: 'node[kind = "gateway"]', style: { 'background-color': '#52606d' } },
      { selector: 'node[kind = "host"]', style: { 'background-color': '#0f151b' } },
      { selector: 'node[status = "notready"]', style: { 'background-color': '#2a2112' } },
      { selector: 'node[status = "off"]', style: { 'background-color': '#23292f', color: '#9fb0c0' } },
      { selector: 'node[kind = "peer"]', style: { 'background-color': '#1c2630', 'border-color': '#9fb0c0' } },
      { selector: 'node[kind = "pod"][status = "pending"]', style: { 'background-color': '#0f151b' } },
      { selector: 'edge[kind = "bgp"]', style: { 'line-color': darkSessionColours.established } },
      { selector: 'edge[status = "connecting"]', style: { 'line-color': darkSessionColours.connecting } },
      { selector: 'edge[status = "down"]', style: { 'line-color': darkSessionColours.down } },
    );
  }
  if (projector) {
    rules.push(
      { selector: 'node[kind = "host"]', style: { 'font-size': 13, width: 132, height: 58 } },
      { selector: 'node[kind = "subnet"]', style: { 'font-size': 15 } },
      { selector: 'node[kind = "pod"]', style: { 'font-size': 11, width: 18, height: 18 } },
      { selector: 'edge[kind = "bgp"]', style: { width: 4 } },
    );
  }
  const ring = name === 'dark' ? '#F0E442' : '#000000';
  rules.push(
    { selector: 'node.explained', style: { 'underlay-color': '#F0E442', 'underlay-opacity': 0.55, 'underlay-padding': 7, 'border-width': 4, 'outline-color': ring, 'outline-width': 2 } as Record<string, unknown> },
    { selector: 'edge.explained', style: { width: 7, 'underlay-color': '#F0E442', 'underlay-opacity': 0.6, 'underlay-padding': 5, 'z-index': 20 } as Record<string, unknown> },
  );
  return rules;
}

/** Element ids (graph-model.ts) of what an explanation is about. */
export function explainedElementIds(h: ExplainHighlight | null): string[] {
  if (!h) return [];
  return [
    ...h.nodes.map((n) => `node:${n}`),
    ...h.pods.map((p) => `pod:${p.node}/${p.namespace}/${p.name}`),
    ...h.sessions.map(([a, b]) => `bgp:${[a, b].sort().join('|')}`),
  ];
}
