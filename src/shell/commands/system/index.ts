/** The node's system tools a student checks Calico with: sockets, processes, kernel, services. */
import type { CommandSpec } from '../../context';
import { ss } from './ss';
import { netstat } from './netstat';
import { route } from './route';
import { arp } from './arp';
import { ps } from './ps';
import { lsmod, modprobe, sysctl, uname } from './kernel-tools';
import { crictl } from './crictl';
import { journalctl, systemctl } from './services';

export const systemCommands: CommandSpec[] = [ss, netstat, route, arp, ps, sysctl, lsmod, modprobe, uname, crictl, systemctl, journalctl];
