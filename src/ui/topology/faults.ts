/**
 * Fault buttons type real commands into the node's terminal (DESIGN: "faults use real
 * commands"), so the student sees exactly what broke the network and can undo it by hand.
 */
import type { MessageKey } from '../i18n';

export const faults: { label: MessageKey; command: string }[] = [
  { label: 'faultLinkDown', command: 'ip link set eth0 down' },
  { label: 'faultLinkUp', command: 'ip link set eth0 up' },
  { label: 'faultBlockBgp', command: 'iptables -A INPUT -p tcp --dport 179 -j DROP' },
  { label: 'faultPowerOff', command: 'poweroff' },
];
