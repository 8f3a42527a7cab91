/**
 * Which slot a page saves its session into, from the URL: one per lab, per sandbox scenario and
 * size, and a separate one while a share link's session is shown. No DOM: unit-tested in Node.
 */
export const SESSION_PREFIX = 'calico-lab.session.';
/** The URL parameter that marks a page showing a share link's session. */
export const SHARED_PARAM = 'shared';

/** The viewer's own slot for the URL's lab choice, whether or not a shared session is shown. */
export function ownSessionKey(params: URLSearchParams): string {
  if (params.has('lab')) return SESSION_PREFIX + 'lab:' + params.get('lab');
  // A scenario's size and mode are part of its slot: 4 nodes and 12 nodes, IPIP and VXLAN are
  // different clusters.
  const size = (params.has('nodes') ? '@' + params.get('nodes') : '') + (params.has('mode') ? '~' + params.get('mode') : '');
  const scenario = params.get('scenario');
  // The sandbox's scenarios have slots of their own (the exam clears `scenario:installed`).
  if (params.has('sandbox')) return SESSION_PREFIX + 'sandbox' + (scenario ? ':' + scenario : '') + size;
  if (scenario !== null) return SESSION_PREFIX + 'scenario:' + scenario + size;
  return SESSION_PREFIX + 'default';
}

/** The slot the page saves into: the shared session's own slot while one is shown. */
export function savedSessionKey(params: URLSearchParams): string {
  const own = ownSessionKey(params);
  return params.has(SHARED_PARAM) ? SESSION_PREFIX + 'shared:' + own.slice(SESSION_PREFIX.length) : own;
}
