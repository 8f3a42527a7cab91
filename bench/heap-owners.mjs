// Who owns the bytes of a Calico Lab world: a heap snapshot summed by owner (issue 3's 300 MB target).
//
//   1. In the process holding the world: globalThis.__heapWorld = world; global.gc();
//      require('node:v8').writeHeapSnapshot('/tmp/x.heapsnapshot')   (run node with --expose-gc)
//   2. node --max-old-space-size=12000 bench/heap-owners.mjs /tmp/x.heapsnapshot
//
// The snapshot is streamed (at 500 nodes it is larger than V8's largest string). Printed:
//  - every object reachable from the world's state claimed by its first owner, in state order
//    (node 0 before node 1; a node's fields in their order), labelled by path: node.routes,
//    node.bird.adjIn, node.bird.session.sent, node.iptables.filter, node.fs /etc, api.Pod, clock.events;
//  - what is left, from the GC roots, labelled by the closure variable or property that holds it
//    (module caches: ctx:PARSED, ctx:COMMENTS, ...) or as code, closures and shapes;
//  - per state label, everything reachable from it (objects shared between labels counted in each);
//  - duplicated strings (same text, several objects) by shape and by owner;
//  - iptables chains by name pattern.
// BY_EDGE=<label> prints one label's bytes by the field that holds them; DEBUG_LABEL=<label> sample paths.
// No npm packages: plain Node.
import { openSync, readSync, fstatSync } from 'node:fs';

const file = process.argv[2];
const fd = openSync(file, 'r');
const size = fstatSync(fd).size;
const CHUNK = 64 << 20;
const buf = Buffer.allocUnsafe(CHUNK);
let bufLen = 0, bufPos = 0, filePos = 0;
function fill() {
  if (bufPos < bufLen) buf.copy(buf, 0, bufPos, bufLen);
  bufLen -= bufPos; bufPos = 0;
  const n = readSync(fd, buf, bufLen, CHUNK - bufLen, filePos);
  filePos += n; bufLen += n;
  return n;
}
fill();
// Header
let head = buf.toString('latin1', 0, Math.min(bufLen, 1 << 20));
const nodesAt = head.indexOf('"nodes":[');
const meta = JSON.parse(head.slice(0, head.lastIndexOf(',', nodesAt)) + '}').snapshot;
const NF = meta.meta.node_fields.length, EF = meta.meta.edge_fields.length;
const nodeTypes = meta.meta.node_types[0], edgeTypes = meta.meta.edge_types[0];
const N = meta.node_count, E = meta.edge_count;
bufPos = nodesAt + 9;

function readNumbers(count) {
  const out = new Float64Array(count);
  let i = 0, v = 0, inNum = false;
  while (i < count) {
    if (bufPos >= bufLen) { if (!fill()) throw new Error('eof'); }
    const c = buf[bufPos++];
    if (c >= 48 && c <= 57) { v = v * 10 + (c - 48); inNum = true; }
    else if (inNum) { out[i++] = v; v = 0; inNum = false; }
  }
  return out;
}
function skipTo(str) {
  for (;;) {
    const idx = buf.indexOf(str, bufPos, 'latin1');
    if (idx >= 0 && idx < bufLen) { bufPos = idx + str.length; return; }
    bufPos = Math.max(bufPos, bufLen - str.length);
    if (!fill()) throw new Error('missing ' + str);
  }
}
const nodesF = readNumbers(N * NF);
skipTo('"edges":[');
const edgesF = readNumbers(E * EF);
skipTo('"strings":[');
const strings = [];
for (;;) {
  // next token: a string or ]
  for (;;) {
    if (bufPos >= bufLen && !fill()) throw new Error('eof strings');
    const c = buf[bufPos];
    if (c === 34) break;
    if (c === 93) { bufPos = -1; break; }
    bufPos++;
  }
  if (bufPos < 0) break;
  let j = bufPos + 1, esc = false;
  for (;;) {
    if (j >= bufLen) { const off = j - bufPos; if (!fill()) throw new Error('eof str'); j = bufPos + off; continue; }
    const c = buf[j];
    if (esc) esc = false; else if (c === 92) esc = true; else if (c === 34) break;
    j++;
  }
  const raw = buf.toString('utf8', bufPos, j + 1);
  strings.push(raw.indexOf('\\') >= 0 ? JSON.parse(raw) : raw.slice(1, -1));
  bufPos = j + 1;
}
console.error(`parsed ${N} nodes ${E} edges ${strings.length} strings`);

// Typed arrays
const nType = new Uint8Array(N), nName = new Uint32Array(N), nSize = new Float64Array(N), nEdges = new Uint32Array(N), nId = new Float64Array(N);
const firstEdge = new Uint32Array(N + 1);
for (let i = 0, e = 0; i < N; i++) {
  nType[i] = nodesF[i * NF]; nName[i] = nodesF[i * NF + 1]; nId[i] = nodesF[i * NF + 2]; nSize[i] = nodesF[i * NF + 3]; nEdges[i] = nodesF[i * NF + 4];
  firstEdge[i] = e; e += nEdges[i];
}
firstEdge[N] = E;
const eType = new Uint8Array(E), eName = new Uint32Array(E), eTo = new Uint32Array(E);
for (let i = 0; i < E; i++) { eType[i] = edgesF[i * EF]; eName[i] = edgesF[i * EF + 1]; eTo[i] = edgesF[i * EF + 2] / NF; }
const T = Object.fromEntries(nodeTypes.map((t, i) => [t, i]));
const ET = Object.fromEntries(edgeTypes.map((t, i) => [t, i]));
const edgeName = (e) => (eType[e] === ET.element || eType[e] === ET.hidden ? String(eName[e]) : strings[eName[e]]);
let total = 0;
for (let i = 0; i < N; i++) total += nSize[i];

// Where data lives: objects, arrays, strings, numbers; not code, closures, shapes or V8 internals.
const dataType = new Uint8Array(16);
for (const t of ['array', 'string', 'object', 'number', 'concatenated string', 'sliced string', 'hidden', 'bigint']) dataType[T[t]] = 1;
const skipEdgeName = new Set(['map', '__proto__', 'constructor', 'prototype']);
function followable(e) {
  const t = eType[e];
  if (t === ET.weak || t === ET.shortcut || t === ET.context) return false;
  if (!dataType[nType[eTo[e]]]) return false;
  if (t !== ET.element && skipEdgeName.has(strings[eName[e]])) return false;
  // a WeakMap's key -> value edge: a cache beside the state, claimed later by the variable holding it
  if (t === ET.internal && strings[eName[e]].includes('part of key')) return false;
  // a data object's closures/methods: not data
  return true;
}

// Find the world: global's property __heapWorld.
function findByEdge(from, name) {
  for (let e = firstEdge[from]; e < firstEdge[from + 1]; e++) if (eType[e] !== ET.element && strings[eName[e]] === name) return eTo[e];
  return -1;
}
let world = -1;
for (let i = 0; i < N && world < 0; i++) {
  if (nType[i] !== T.object) continue;
  for (let e = firstEdge[i]; e < firstEdge[i + 1]; e++) if (eType[e] === ET.property && strings[eName[e]] === '__heapWorld') { world = eTo[e]; break; }
}
if (world < 0) throw new Error('no __heapWorld');
const state = findByEdge(world, 'state');
console.error('world', world, 'state', state);

// Labels
const labels = [];
const labelIx = new Map();
function L(name) { let i = labelIx.get(name); if (i === undefined) { i = labels.length; labels.push(name); labelIx.set(name, i); } return i; }
const owner = new Int32Array(N).fill(-1);
const parentOf = new Int32Array(N).fill(-1), parentEdge = new Int32Array(N).fill(-1);
function pathOf(i) {
  const parts = [];
  for (let k = 0; k < 40 && parentOf[i] >= 0; k++) { parts.push(`${edgeTypes[eType[parentEdge[i]]][0]}:${edgeName(parentEdge[i])}(${nodeTypes[nType[i]]}:${strings[nName[i]].slice(0, 20)})`); i = parentOf[i]; }
  return parts.reverse().join(' / ');
}

// Path refinement: label strings ending in '~' are not final (their children get refined names).
function refine(label, e) {
  const t = eType[e];
  const name = edgeName(e);
  // backing stores (elements, properties, hash tables): their parent's label, not descended into by name
  if (t === ET.internal) return isFinal(label) ? label : label.slice(0, -1) + ' (backing store)';
  const nm = t === ET.element ? '*' : name;
  switch (label) {
    case 'state~': {
      if (nm === 'nodes' || nm === 'routers') return 'nodes~';
      if (nm === 'api') return 'api~';
      if (nm === 'clock') return 'clock~';
      return 'state.' + nm;
    }
    case 'nodes~': return 'node~';
    case 'node~':
      if (nm === 'bird') return 'node.bird~';
      if (nm === 'iptables') return 'node.iptables~';
      if (nm === 'fs') return 'node.fs~';
      return 'node.' + nm;
    case 'node.bird~':
      if (nm === 'sessions') return 'node.bird.sessions~';
      return 'node.bird.' + nm;
    case 'node.bird.sessions~': return 'node.bird.session~';
    case 'node.bird.session~': return 'node.bird.session.' + nm;
    case 'node.iptables~':
      if (nm === 'tables') return 'node.iptables.tables~';
      return 'node.iptables.' + nm;
    case 'node.iptables.tables~': return 'node.iptables.' + nm;
    case 'node.fs~': {
      const m = /^\/(proc|sys|etc|var\/log|var\/lib|run|usr|opt|tmp|root|home|dev)/.exec(nm);
      return 'node.fs ' + (m ? m[0] : '/other');
    }
    case 'api~': return nm === 'objects' ? 'api.objects~' : 'api.' + nm;
    case 'api.objects~': return 'api.' + nm.split('/')[0];
    case 'clock~': return nm === 'events' ? 'clock.events~' : 'clock.' + nm;
    case 'clock.events~': return 'clock.events~ev';
    case 'clock.events~ev': return 'clock.events';
  }
  return label;
}
// Event label by type: refined after the fact below.
const isFinal = (s) => !s.endsWith('~') && s !== 'clock.events~ev';

// DFS, claim at push, children in edge order (pushed reversed so that the first edge is explored first).
const stack = new Int32Array(N * 2 + 16);
const stackLabel = [];
function claimFrom(root, label) {
  if (owner[root] >= 0) return;
  owner[root] = L(label);
  let sp = 0;
  stack[sp] = root; stackLabel[sp] = label; sp++;
  while (sp > 0) {
    sp--;
    const n = stack[sp], lab = stackLabel[sp];
    const final = isFinal(lab);
    const kids = [];
    for (let e = firstEdge[n]; e < firstEdge[n + 1]; e++) {
      if (!followable(e)) continue;
      const c = eTo[e];
      if (owner[c] >= 0) continue;
      let cl = final ? lab : refine(lab, e);
      owner[c] = L(cl);
      parentOf[c] = n; parentEdge[c] = e;
      kids.push(c, cl);
    }
    for (let k = kids.length - 2; k >= 0; k -= 2) { stack[sp] = kids[k]; stackLabel[sp] = kids[k + 1]; sp++; }
  }
}
owner[world] = L('world');
claimFrom(state, 'state~');
for (let e = firstEdge[world]; e < firstEdge[world + 1]; e++) if (followable(e)) claimFrom(eTo[e], 'world.' + edgeName(e));

// 2. The rest, from the GC roots: BFS over all non-weak edges; an object is labelled by the closest
// holder: a closure-context variable or a property of a non-data object (module exports, caches).
const restLabel = new Int32Array(N).fill(-1);
{
  const q = new Int32Array(N);
  let qh = 0, qt = 0;
  q[qt++] = 0; restLabel[0] = L('(roots)');
  const seen = new Uint8Array(N); seen[0] = 1;
  for (let i = 0; i < N; i++) if (owner[i] >= 0) seen[i] = 1;
  while (qh < qt) {
    const n = q[qh++];
    for (let e = firstEdge[n]; e < firstEdge[n + 1]; e++) {
      if (eType[e] === ET.weak || eType[e] === ET.shortcut) continue;
      const c = eTo[e];
      if (seen[c]) continue;
      seen[c] = 1;
      let lab = restLabel[n];
      const ct = nType[c];
      if (ct === T.code || ct === T.closure || ct === T['object shape'] || ct === T.regexp || ct === T.synthetic) lab = L('(code, closures, shapes: ' + nodeTypes[ct] + ')');
      else if (eType[e] === ET.context) lab = L('ctx:' + strings[eName[e]]);
      else if (eType[e] === ET.property && !dataType[nType[n]]) lab = L('prop:' + strings[eName[e]]);
      else if (eType[e] === ET.property && labels[lab] && labels[lab].startsWith('(')) lab = L('prop:' + strings[eName[e]]);
      restLabel[c] = lab;
      q[qt++] = c;
    }
  }
  for (let i = 0; i < N; i++) if (owner[i] < 0 && restLabel[i] >= 0) owner[i] = restLabel[i];
}

if (process.env.DEBUG_LABEL) {
  const li = labelIx.get(process.env.DEBUG_LABEL); let k = 0;
  for (let i = 0; i < N && k < 8; i++) if (owner[i] === li && (k++ % 1) === 0) console.log('DEBUG', pathOf(i));
}
if (process.env.BY_EDGE) {
  // for one label: bytes by (edge name from the claiming parent, node type)
  const li = labelIx.get(process.env.BY_EDGE);
  const by = new Map();
  for (let i = 0; i < N; i++) if (owner[i] === li && parentEdge[i] >= 0) {
    const k = edgeName(parentEdge[i]).replace(/^\d+$/, '[i]').slice(0, 50) + ' ' + nodeTypes[nType[i]];
    const v = by.get(k) ?? [0, 0]; v[0] += nSize[i]; v[1]++; by.set(k, v);
  }
  for (const [k, [s, c]] of [...by].sort((a, b) => b[1][0] - a[1][0]).slice(0, 30)) console.log('BY_EDGE', (s / 1048576).toFixed(2), c, k);
}
// Sum
const sum = new Float64Array(labels.length + 1), cnt = new Float64Array(labels.length + 1);
for (let i = 0; i < N; i++) { const o = owner[i] < 0 ? labels.length : owner[i]; sum[o] += nSize[i]; cnt[o]++; }
const MB = (b) => (b / 1048576).toFixed(1);
console.log(`total self size ${MB(total)} MB in ${N} objects`);
const rows = labels.map((l, i) => [l, sum[i], cnt[i]]).concat([['(unreachable/unclaimed)', sum[labels.length], cnt[labels.length]]]);
rows.sort((a, b) => b[1] - a[1]);
console.log('\n## Claimed by first owner (MB, objects)');
let shown = 0;
for (const [l, s, c] of rows) { if (s < total * 0.002 && shown > 25) continue; console.log(`${MB(s).padStart(8)}  ${String(c).padStart(9)}  ${l}`); shown++; }

// Top constructors within the biggest labels
const topLabels = rows.slice(0, 14).map((r) => r[0]);
console.log('\n## What each big owner is made of (type/name: MB)');
for (const l of topLabels) {
  const li = labelIx.get(l);
  if (li === undefined) continue;
  const by = new Map();
  for (let i = 0; i < N; i++) if (owner[i] === li) {
    const t = nodeTypes[nType[i]];
    const k = t === 'string' || t === 'concatenated string' || t === 'sliced string' ? t : t + ':' + strings[nName[i]].slice(0, 40);
    by.set(k, (by.get(k) ?? 0) + nSize[i]);
  }
  const top = [...by].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([k, v]) => `${k} ${MB(v)}`).join(' | ');
  console.log(`${l}: ${top}`);
}

// 3. Reachable per label group (shared objects counted in every group that reaches them)
console.log('\n## Reachable from each state label (shared objects included; MB)');
{
  // roots of each label: objects whose owner label differs from their claimer's... simpler: re-walk the
  // state with a per-label visited stamp.
  const stamp = new Int32Array(N).fill(-1);
  const reach = new Float64Array(labels.length);
  // collect, for each final label, the roots = the children at which the label was first assigned
  const rootsBy = new Map();
  {
    // walk state again without claims, noting (child,label) where label becomes final
    const seen = new Uint8Array(N);
    const st = [[state, 'state~']];
    seen[state] = 1;
    while (st.length) {
      const [n, lab] = st.pop();
      for (let e = firstEdge[n]; e < firstEdge[n + 1]; e++) {
        if (!followable(e)) continue;
        const c = eTo[e];
        const cl = refine(lab, e);
        if (eType[e] === ET.internal) continue;
        if (isFinal(cl)) { if (!rootsBy.has(cl)) rootsBy.set(cl, []); rootsBy.get(cl).push(c); }
        else if (!seen[c]) { seen[c] = 1; st.push([c, cl]); }
      }
    }
  }
  const out = [];
  let k = 0;
  for (const [lab, roots] of rootsBy) {
    k++;
    let s = 0;
    const st = [];
    for (const r of roots) if (stamp[r] !== k) { stamp[r] = k; st.push(r); }
    while (st.length) {
      const n = st.pop();
      s += nSize[n];
      for (let e = firstEdge[n]; e < firstEdge[n + 1]; e++) {
        if (!followable(e)) continue;
        const c = eTo[e];
        if (stamp[c] !== k) { stamp[c] = k; st.push(c); }
      }
    }
    out.push([lab, s]);
  }
  out.sort((a, b) => b[1] - a[1]);
  for (const [l, s] of out.slice(0, 30)) console.log(`${MB(s).padStart(8)}  ${l}`);
}

// 4. Duplicated strings (same text, several heap objects)
console.log('\n## Duplicated strings (copies beyond the first: MB, by shape of text)');
{
  const byText = new Map();
  for (let i = 0; i < N; i++) {
    if (nType[i] !== T.string) continue;
    const s = strings[nName[i]];
    const v = byText.get(nName[i]);
    if (v) { v[0]++; v[1] += nSize[i]; } else byText.set(nName[i], [1, nSize[i]]);
  }
  const byShape = new Map();
  let waste = 0;
  for (const [si, [c, sz]] of byText) {
    if (c < 2) continue;
    const w = sz - sz / c;
    waste += w;
    const shape = strings[si].replace(/[0-9a-f]{8,}/g, 'H').replace(/\d+/g, '9').slice(0, 60);
    const v = byShape.get(shape) ?? [0, 0];
    v[0] += c - 1; v[1] += w;
    byShape.set(shape, v);
  }
  console.log(`wasted in duplicates: ${MB(waste)} MB`);
  for (const [k, [c, w]] of [...byShape].sort((a, b) => b[1][1] - a[1][1]).slice(0, 15)) console.log(`${MB(w).padStart(8)}  ${String(c).padStart(8)}  ${JSON.stringify(k)}`);
}

// 5. iptables by chain (name pattern), reachable from each chain object of every node
console.log('\n## iptables chains by name pattern (reachable from the chain objects; MB, chains, rules)');
{
  const byPat = new Map();
  const stamp = new Uint8Array(N);
  const nodesArr = findByEdge(state, 'nodes');
  for (let e0 = firstEdge[nodesArr]; e0 < firstEdge[nodesArr + 1]; e0++) {
    if (eType[e0] !== ET.element) continue;
    const ipt = findByEdge(eTo[e0], 'iptables');
    if (ipt < 0) continue;
    const tables = findByEdge(ipt, 'tables');
    for (const t of ['filter', 'nat', 'mangle', 'raw']) {
      const tab = findByEdge(tables, t);
      const chains = findByEdge(tab, 'chains');
      for (let e1 = firstEdge[chains]; e1 < firstEdge[chains + 1]; e1++) {
        if (eType[e1] !== ET.element) continue;
        const ch = eTo[e1];
        const nm = strings[nName[findByEdge(ch, 'name')]];
        const pat = t + ' ' + nm.replace(/cali[0-9a-f]{11}/g, 'caliX').replace(/_[A-Za-z0-9_-]{19}$/, '_H').replace(/KUBE-(SVC|SEP|SVL|EXT|FW)-[A-Z0-9]+/, 'KUBE-$1-X');
        let s = 0, rules = 0;
        const st = [ch];
        const rl = findByEdge(ch, 'rules');
        for (let e = firstEdge[rl]; e < firstEdge[rl + 1]; e++) if (eType[e] === ET.element) rules++;
        while (st.length) {
          const n = st.pop();
          if (stamp[n]) continue;
          stamp[n] = 1;
          s += nSize[n];
          for (let e = firstEdge[n]; e < firstEdge[n + 1]; e++) if (followable(e) && !stamp[eTo[e]]) st.push(eTo[e]);
        }
        const v = byPat.get(pat) ?? [0, 0, 0];
        v[0] += s; v[1]++; v[2] += rules;
        byPat.set(pat, v);
      }
    }
  }
  for (const [k, [s, c, r]] of [...byPat].sort((a, b) => b[1][0] - a[1][0]).slice(0, 25)) console.log(`${MB(s).padStart(8)}  ${String(c).padStart(6)}  ${String(r).padStart(7)}  ${k}`);
}

// 6. Where the duplicate strings are held (copies beyond the first, by owner label)
console.log('\n## Duplicate string copies by owner (MB)');
{
  const first = new Map();
  const by = new Map();
  for (let i = 0; i < N; i++) {
    if (nType[i] !== T.string) continue;
    if (!first.has(nName[i])) { first.set(nName[i], i); continue; }
    const l = owner[i] < 0 ? '(none)' : labels[owner[i]];
    by.set(l, (by.get(l) ?? 0) + nSize[i]);
  }
  for (const [k, v] of [...by].sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log(`${MB(v).padStart(8)}  ${k}`);
}
