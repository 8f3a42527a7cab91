/**
 * Cytoscape styles. Colours come from the Okabe-Ito palette, which colour-blind students can tell
 * apart, and every state also differs in line style or label text, never in colour alone.
 */
import type { StylesheetJson } from 'cytoscape';

export const colours = {
  established: '#0072B2', // blue, solid
  connecting: '#E69F00', // orange, dashed
  down: '#D55E00', // vermillion, dotted
  ready: '#009E73',
  notready: '#E69F00',
  off: '#6b7480',
  pod: '#56B4E9',
};

export const graphStyle: StylesheetJson = [
  {
    selector: 'node',
    style: {
      label: 'data(label)',
      'font-size': 11,
      'font-family': 'system-ui, sans-serif',
      color: '#1f2933',
      'text-wrap': 'wrap',
      'text-valign': 'center',
      'text-halign': 'center',
    },
  },
  {
    selector: 'node[kind = "subnet"]',
    style: {
      shape: 'round-rectangle',
      'background-color': '#eef3f8',
      'border-color': '#9aa8b6',
      'border-width': 1,
      'text-valign': 'top',
      'text-halign': 'center',
      'font-weight': 'bold',
      'font-size': 12,
      padding: '16px',
    },
  },
  {
    selector: 'node[kind = "gateway"]',
    style: {
      shape: 'diamond',
      width: 26,
      height: 26,
      'background-color': '#c3cdd7',
      'text-valign': 'bottom',
      'text-margin-y': 4,
      'font-size': 10,
    },
  },
  {
    selector: 'node[kind = "host"]',
    style: {
      shape: 'round-rectangle',
      width: 112,
      height: 50,
      'background-color': '#ffffff',
      'border-width': 3,
      'border-color': colours.ready,
      'font-size': 10.5,
    },
  },
  {
    selector: 'node[status = "notready"]',
    style: { 'border-color': colours.notready, 'border-style': 'dashed', 'background-color': '#fff8ec' },
  },
  {
    selector: 'node[status = "off"]',
    style: { 'border-color': colours.off, 'border-style': 'dotted', 'background-color': '#e4e7eb', color: '#6b7480' },
  },
  {
    selector: 'node[kind = "peer"]',
    style: {
      shape: 'round-hexagon',
      width: 90,
      height: 40,
      'background-color': '#e8eef4',
      'border-width': 2,
      'border-color': '#52606d',
      'font-size': 10,
    },
  },
  {
    selector: 'node[kind = "pod"]',
    style: {
      shape: 'ellipse',
      width: 14,
      height: 14,
      'background-color': colours.pod,
      'text-valign': 'bottom',
      'text-margin-y': 2,
      'font-size': 8.5,
    },
  },
  {
    selector: 'node[kind = "pod"][status = "pending"]',
    style: { 'background-color': '#ffffff', 'border-width': 2, 'border-color': colours.off, 'border-style': 'dashed' },
  },
  {
    selector: 'edge[kind = "bgp"]',
    style: {
      width: 2.5,
      'curve-style': 'unbundled-bezier',
      'control-point-distances': 'data(bend)',
      'control-point-weights': 0.5,
      // Arcs leave and enter at the hosts' left edges, so they never cross the host boxes.
      'source-endpoint': '-50% 0%',
      'target-endpoint': '-50% 0%',
      'line-color': colours.established,
    } as Record<string, unknown>,
  },
  {
    selector: 'edge[status = "connecting"]',
    style: { 'line-color': colours.connecting, 'line-style': 'dashed', 'line-dash-pattern': [7, 4] },
  },
  {
    selector: 'edge[status = "down"]',
    style: { 'line-color': colours.down, 'line-style': 'dashed', 'line-dash-pattern': [2, 4] },
  },
  {
    // A session that just changed state: wider for a moment, keeping its new colour and dash.
    selector: 'edge.changed',
    style: { width: 7, 'z-index': 10 },
  },
  {
    selector: 'edge:selected',
    style: { width: 5, 'overlay-color': '#000000', 'overlay-opacity': 0.12, 'overlay-padding': 4 },
  },
];
