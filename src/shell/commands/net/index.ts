/** Tools that send and show packets: ping, tcpdump, nc, traceroute, tracepath. */
import type { CommandSpec } from '../../context';
import { ping } from './ping';
import { tcpdump } from './tcpdump';
import { nc } from './nc';
import { traceroute, tracepath } from './traceroute';

export const netCommands: CommandSpec[] = [ping, tcpdump, nc, traceroute, tracepath];
