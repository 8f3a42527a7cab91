/**
 * The bare stack of ../shared/TOOLCHAIN.md, the floor our own load time is compared with:
 * a Svelte-free page with xterm.js, a cytoscape graph, a comlink worker that answers commands,
 * and Monaco behind a lazy import (never loaded at start). Same prompt as the lab, so the
 * benchmark drives both pages alike.
 */
import { Terminal } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import '@xterm/xterm/css/xterm.css';
import cytoscape from 'cytoscape';
import { wrap } from 'comlink';
import type { BareApi } from './worker';

const PROMPT = 'root@k8s-master01:~# ';
const app = document.getElementById('app')!;
app.style.cssText = 'display:flex;height:100vh;margin:0';
const termEl = document.createElement('div');
termEl.style.cssText = 'flex:1;min-width:0;background:#101418';
const graphEl = document.createElement('div');
graphEl.style.cssText = 'width:420px';
const editBtn = document.createElement('button');
editBtn.textContent = 'Edit';
editBtn.onclick = async () => {
  const monaco = await import('monaco-editor/editor');
  monaco.editor.create(termEl, { value: 'kind: IPPool\n', language: 'yaml' });
};
app.append(termEl, graphEl, editBtn);

const names = ['k8s-master01', 'k8s-node01', 'k8s-node02', 'k8s-node03'];
cytoscape({
  container: graphEl,
  elements: [
    ...names.map((id) => ({ data: { id } })),
    ...names.flatMap((a, i) => names.slice(i + 1).map((b) => ({ data: { id: `${a}-${b}`, source: a, target: b } }))),
  ],
  layout: { name: 'circle' },
});

const api = wrap<BareApi>(new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' }));
const term = new Terminal({ fontSize: 13 });
const fit = new FitAddon();
term.loadAddon(fit);
term.open(termEl);
fit.fit();
let line = '';
await api.ready();
term.write(PROMPT);
term.onData(async (d) => {
  if (d === '\r') {
    term.write('\r\n' + (await api.exec(line)).replace(/\n/g, '\r\n') + PROMPT);
    line = '';
  } else {
    line += d;
    term.write(d);
  }
});
