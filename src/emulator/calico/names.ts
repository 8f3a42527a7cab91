/** Names Calico derives from other names, computed the way Calico computes them. */
import { sha1 } from '@noble/hashes/legacy.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

function sha1Hex(text: string): string {
  return bytesToHex(sha1(utf8ToBytes(text)));
}

/** Host-side veth: `cali` + the first 11 hex chars of SHA-1("<namespace>.<pod>"). */
export function vethNameForPod(namespace: string, pod: string, prefix = 'cali'): string {
  return prefix + sha1Hex(`${namespace}.${pod}`).slice(0, 11);
}

/** VXLAN VTEP MAC: `66:` and the first five bytes of SHA-1(node name). */
export function vtepMacForNode(node: string): string {
  const h = sha1Hex(node);
  return ['66', h.slice(0, 2), h.slice(2, 4), h.slice(4, 6), h.slice(6, 8), h.slice(8, 10)].join(':');
}

/** BIRD protocol names replace the dots of the peer address: `Mesh_172_16_11_81`. */
export function birdProtocolName(kind: 'Mesh' | 'Global' | 'Node', ip: string): string {
  return `${kind}_${ip.replace(/[.:]/g, '_')}`;
}

/** IPAM object names replace dots and slashes: `10-244-1-0-24`. */
export function blockObjectName(cidr: string): string {
  return cidr.replace(/[./]/g, '-');
}
