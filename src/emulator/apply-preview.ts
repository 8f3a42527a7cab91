/**
 * "What would change if I applied this?": the file is applied to a copy of the world (restored
 * from its snapshot), time runs until BGP settles, and each node's BGP sessions and routes are
 * compared with a second copy that only waited as long, so changes already under way (a session
 * still connecting) are not blamed on the file. The real world is never touched.
 */
import { parseAllDocuments } from 'yaml';
import { calicoctlDocuments, goYamlProblem } from './go-yaml-errors';
import { World } from './world';
import type { NodeState } from './state';
import type { BgpState, PeerKind } from './calico/bird-types';
import type { Route } from './net/route';
import type { ManifestError } from './k8s/apply';
import { manifestApply } from './k8s/apply';
import { V3, calicoKindByV3 } from './calico/resources';
import { calicoWrite } from './calico/datastore';
import type { KObj } from './k8s/objects';

export interface SessionView {
  node: string;
  /** BIRD protocol name, e.g. `Mesh_172_16_11_82`. */
  name: string;
  peerIp: string;
  kind: PeerKind;
  state: BgpState;
}

export interface RouteView {
  node: string;
  dst: string;
  /** The rest of the `ip route` line: `via 172.16.11.82 dev tunl0 proto bird onlink`, `blackhole`. */
  how: string;
}

/** What the preview compares: every speaker's sessions and the routes BGP and IPAM decide. */
export interface BgpView {
  sessions: SessionView[];
  routes: RouteView[];
}

export interface SessionChange {
  node: string;
  name: string;
  peerIp: string;
  kind: PeerKind;
  /** null: the session does not exist on that side. */
  before: BgpState | null;
  after: BgpState | null;
}

export interface RouteChange {
  node: string;
  dst: string;
  /** null: no such route on that side; both set: the route moved (another next hop or device). */
  before: string | null;
  after: string | null;
}

export interface BgpDiff {
  sessions: SessionChange[];
  routes: RouteChange[];
}

export type PreviewTool = 'kubectl' | 'calicoctl';

export type ApplyPreview =
  | ({ ok: true; tool: PreviewTool; waitedMs: number; settled: boolean } & BgpDiff)
  | { ok: false; tool: PreviewTool; error: string };

/** Time steps while waiting for BGP to settle: quiet for QUIET_MS, at most MAX_MS in all. */
const STEP_MS = 1_000;
const QUIET_MS = 10_000;
const MAX_MS = 180_000;

function routeHow(r: Route): string {
  if (r.type === 'blackhole') return `blackhole proto ${r.proto}`;
  return [r.via ? `via ${r.via}` : '', r.dev ? `dev ${r.dev}` : '', `proto ${r.proto}`, r.onlink ? 'onlink' : ''].filter(Boolean).join(' ');
}

/**
 * Routes that BGP, IPAM and the pool modes decide: not a pod's own `/32 dev cali…` route nor the
 * kernel's connected routes, which an apply of a Calico resource does not move.
 */
function routeMatters(r: Route): boolean {
  return r.proto !== 'kernel' && !(r.dev ?? '').startsWith('cali');
}

function speakers(world: World): NodeState[] {
  return [...world.state.nodes, ...(world.state.routers ?? [])];
}

export function bgpView(world: World): BgpView {
  const sessions: SessionView[] = [];
  const routes: RouteView[] = [];
  for (const n of speakers(world)) {
    for (const s of n.bird?.sessions ?? []) sessions.push({ node: n.name, name: s.name, peerIp: s.peerIp, kind: s.kind, state: s.state });
    for (const r of n.routes) if (routeMatters(r)) routes.push({ node: n.name, dst: r.dst, how: routeHow(r) });
  }
  return { sessions, routes };
}

/** Sessions added, removed or changing state, and routes added, withdrawn or moved, per node. */
export function bgpDiff(before: BgpView, after: BgpView): BgpDiff {
  const sKey = (s: SessionView) => `${s.node}\u0000${s.name}`;
  const sBefore = new Map(before.sessions.map((s) => [sKey(s), s]));
  const sAfter = new Map(after.sessions.map((s) => [sKey(s), s]));
  const sessions: SessionChange[] = [];
  for (const key of new Set([...sBefore.keys(), ...sAfter.keys()])) {
    const b = sBefore.get(key);
    const a = sAfter.get(key);
    if (b && a && b.state === a.state) continue;
    const s = (a ?? b)!;
    sessions.push({ node: s.node, name: s.name, peerIp: s.peerIp, kind: s.kind, before: b?.state ?? null, after: a?.state ?? null });
  }
  // A destination may have more than one route (metrics): compare the sorted set per node and prefix.
  const group = (routes: RouteView[]) => {
    const m = new Map<string, string[]>();
    for (const r of routes) m.set(`${r.node}\u0000${r.dst}`, [...(m.get(`${r.node}\u0000${r.dst}`) ?? []), r.how]);
    return new Map([...m].map(([k, v]) => [k, v.sort().join('; ')]));
  };
  const rBefore = group(before.routes);
  const rAfter = group(after.routes);
  const routes: RouteChange[] = [];
  for (const key of new Set([...rBefore.keys(), ...rAfter.keys()])) {
    const b = rBefore.get(key) ?? null;
    const a = rAfter.get(key) ?? null;
    if (b === a) continue;
    const [node, dst] = key.split('\u0000');
    routes.push({ node, dst, before: b, after: a });
  }
  const byNode = <T extends { node: string }>(x: T, y: T) => x.node.localeCompare(y.node);
  return { sessions: sessions.sort(byNode), routes: routes.sort(byNode) };
}

/** Which tool the file is for: calicoctl when every document is a projectcalico.org/v3 resource. */
export function previewTool(text: string): PreviewTool {
  const docs = parseAllDocuments(text)
    .map((d) => (d.errors.length ? undefined : (d.toJS() as unknown)))
    .filter((v) => v !== null && v !== undefined);
  const v3 = docs.filter((v) => typeof v === 'object' && (v as { apiVersion?: unknown }).apiVersion === V3);
  return docs.length > 0 && v3.length === docs.length ? 'calicoctl' : 'kubectl';
}

function manifestErrorText(e: ManifestError): string {
  switch (e.type) {
    case 'yaml':
      return `${e.problem}`;
    case 'field-not-set':
      return `${e.field} not set`;
    case 'no-match':
      return `no matches for kind "${e.kind}" in version "${e.apiVersion}"`;
    case 'no-name':
      return 'resource name may not be empty';
    case 'invalid':
      return `${e.kind} "${e.name}" is invalid: ${e.causes.join(', ')}`;
    case 'namespace-not-found':
      return `namespaces "${e.namespace}" not found`;
  }
}

/** Writes the file as `calicoctl apply -f` does (in order, stop at the first failure). */
function calicoctlApply(world: World, text: string): string | null {
  for (const chunk of calicoctlDocuments(text)) for (const doc of parseAllDocuments(chunk, { uniqueKeys: false })) {
    if (doc.errors.length) return `error converting YAML to JSON: yaml: ${goYamlProblem(chunk, doc.errors)}`;
    const obj = doc.toJS() as KObj | null;
    if (!obj) continue;
    const kind = calicoKindByV3(obj.kind);
    if (!kind) return `resource type '${obj.kind}' is not supported`;
    obj.metadata ??= {} as KObj['metadata'];
    const r = calicoWrite(world, kind, 'apply', obj);
    if (!r.ok) return `Failed to apply '${obj.kind}' resource: [${r.error}]`;
  }
  world.reconcile();
  return null;
}

/** A fingerprint of what settling means: which sessions are up, and the routes. */
function settleKey(world: World): string {
  const v = bgpView(world);
  return JSON.stringify([v.sessions.map((s) => [s.node, s.name, s.state === 'Established']), v.routes]);
}

/**
 * Previews `kubectl apply -f` or `calicoctl apply -f` of `text` on the world saved in `snapshot`.
 * Pure: works on copies; the same snapshot and text always give the same answer.
 */
export function applyPreview(snapshot: string, text: string, tool: PreviewTool = previewTool(text)): ApplyPreview {
  const applied = World.restore(snapshot);
  if (tool === 'calicoctl') {
    const err = calicoctlApply(applied, text);
    if (err) return { ok: false, tool, error: err };
  } else {
    const r = manifestApply(applied, text);
    if (!r.ok) return { ok: false, tool, error: manifestErrorText(r.error) };
    applied.reconcile();
  }
  let waited = 0;
  let quiet = 0;
  let last = settleKey(applied);
  while (waited < MAX_MS && quiet < QUIET_MS) {
    applied.advance(STEP_MS);
    waited += STEP_MS;
    const key = settleKey(applied);
    quiet = key === last ? quiet + STEP_MS : 0;
    last = key;
  }
  const baseline = World.restore(snapshot);
  baseline.advance(waited);
  return { ok: true, tool, waitedMs: waited, settled: quiet >= QUIET_MS, ...bgpDiff(bgpView(baseline), bgpView(applied)) };
}
