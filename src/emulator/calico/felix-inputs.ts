/**
 * What Felix reads from the datastore (confd and BIRD's static1 use the kind signatures too), as
 * short signatures that change whenever an input does, so Felix recomputes a node only when
 * something it depends on moved (instead of scanning every IPAM block for every node on every
 * pass). Kept beside the state in WeakMaps, never in the snapshot: a restored world starts empty
 * and computes everything once.
 *
 * A kind's signature is its object count and highest resourceVersion: every storePut takes a new,
 * highest revision, and a delete without a put lowers the count, so any change shows.
 */
import type { World } from '../world';
import type { NodeState } from '../state';
import type { KObj } from '../k8s/objects';
import { storeGet, storeKeys } from '../k8s/objects';
import { cidrAddress, cidrParts, ipv4ToInt, prefixMask } from '../net/ip';
import { poolsAll } from './pools';
import type { PoolView } from './pools';

interface ApiView {
  revision: number;
  sigs: Map<string, string>;
  pools?: PoolView[];
}

const API = new WeakMap<object, ApiView>();

function apiView(world: World): ApiView {
  const revision = world.state.api.revision;
  let v = API.get(world.state);
  if (!v || v.revision !== revision) API.set(world.state, (v = { revision, sigs: new Map() }));
  return v;
}

/** `count:maxResourceVersion` of one kind, computed once per API revision. */
export function kindSignature(world: World, kind: string): string {
  const v = apiView(world);
  let sig = v.sigs.get(kind);
  if (sig === undefined) {
    const objects = world.state.api.objects;
    const keys = storeKeys(world.state.api, kind);
    let max = 0;
    for (const k of keys) {
      const rv = Number(objects[k]?.metadata.resourceVersion ?? 0);
      if (rv > max) max = rv;
    }
    sig = `${keys.length}:${max}`;
    v.sigs.set(kind, sig);
  }
  return sig;
}

/** Every IP pool (disabled ones too), read once per API revision. Do not modify. */
export function poolsCached(world: World): PoolView[] {
  const v = apiView(world);
  return (v.pools ??= poolsAll(world));
}

interface BlockIndex {
  sig: string;
  /** Block by network address, per block prefix length in use. */
  byPrefix: Map<number, Map<number, KObj>>;
  /** Blocks affine to each node, in address order (as blocksOfNode gives them). */
  byNode: Map<string, string[]>;
  /** Addresses each node has borrowed from blocks affine to others (as ipamBorrowedOnNode). */
  borrowed?: Map<string, string[]>;
}

const BLOCKS = new WeakMap<object, BlockIndex>();

/** IPAM blocks indexed by address and by affine node, rebuilt when any block changes. */
export function blockIndex(world: World): BlockIndex {
  const sig = kindSignature(world, 'IPAMBlock');
  let ix = BLOCKS.get(world.state);
  if (ix && ix.sig === sig) return ix;
  ix = { sig, byPrefix: new Map(), byNode: new Map() };
  const objects = world.state.api.objects;
  for (const k of storeKeys(world.state.api, 'IPAMBlock')) {
    const b = objects[k];
    const parts = cidrParts(b.spec.cidr);
    if (!parts) continue;
    let m = ix.byPrefix.get(parts.prefix);
    if (!m) ix.byPrefix.set(parts.prefix, (m = new Map()));
    const net = (parts.network & prefixMask(parts.prefix)) >>> 0;
    if (!m.has(net)) m.set(net, b);
    const aff = String(b.spec.affinity ?? '');
    if (aff.startsWith('host:')) {
      const node = aff.slice(5);
      let list = ix.byNode.get(node);
      if (!list) ix.byNode.set(node, (list = []));
      list.push(b.spec.cidr);
    }
  }
  for (const list of ix.byNode.values()) list.sort((a, b) => ipv4ToInt(a.split('/')[0]) - ipv4ToInt(b.split('/')[0]));
  BLOCKS.set(world.state, ix);
  return ix;
}

/** The block holding an address (the first in list order, as ipamLookup finds it). */
export function blockOfAddress(world: World, ip: string): KObj | undefined {
  const addr = ipv4ToInt(ip);
  let found: KObj | undefined;
  let foundKey = '';
  for (const [prefix, m] of blockIndex(world).byPrefix) {
    const b = m.get((addr & prefixMask(prefix)) >>> 0);
    if (!b) continue;
    const key = `${b.metadata.namespace ?? ''}/${b.metadata.name}`;
    if (!found || key < foundKey) {
      found = b;
      foundKey = key;
    }
  }
  return found;
}

/** blocksOfNode from the index. */
export function blocksOfNodeCached(world: World, node: string): string[] {
  return blockIndex(world).byNode.get(node) ?? [];
}

/** ipamBorrowedOnNode from the index: addresses `node` holds in blocks affine to other nodes. */
export function borrowedOnNodeCached(world: World, node: string): string[] {
  const ix = blockIndex(world);
  if (!ix.borrowed) {
    const borrowed = new Map<string, string[]>();
    const objects = world.state.api.objects;
    for (const k of storeKeys(world.state.api, 'IPAMBlock')) {
      const block = objects[k];
      const aff = block.spec.affinity;
      block.spec.allocations.forEach((a: number | null, ordinal: number) => {
        if (a === null) return;
        const holder = block.spec.attributes[a]?.secondary?.node;
        if (holder === undefined || aff === `host:${holder}`) return;
        let list = borrowed.get(holder);
        if (!list) borrowed.set(holder, (list = []));
        list.push(cidrAddress(block.spec.cidr, ordinal));
      });
    }
    for (const list of borrowed.values()) list.sort((a, b) => ipv4ToInt(a) - ipv4ToInt(b));
    ix.borrowed = borrowed;
  }
  return ix.borrowed.get(node) ?? [];
}

/** The node's own Node object version. */
export function nodeObjectVersion(world: World, node: NodeState): string {
  return storeGet(world.state.api, 'Node', undefined, node.name)?.metadata.resourceVersion ?? '-';
}
