/** Tools that send and show packets: ping, tcpdump, nc, traceroute, tracepath; download takes captures home. */
import type { CommandSpec } from '../../context';
import { ping } from './ping';
import { tcpdump } from './tcpdump';
import { nc } from './nc';
import { traceroute, tracepath } from './traceroute';
import { download } from './download';

export const netCommands: CommandSpec[] = [ping, tcpdump, nc, traceroute, tracepath, download];
