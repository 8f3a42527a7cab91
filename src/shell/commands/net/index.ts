/** Tools that send and show packets: ping and tcpdump. */
import type { CommandSpec } from '../../context';
import { ping } from './ping';
import { tcpdump } from './tcpdump';
import { nc } from './nc';

export const netCommands: CommandSpec[] = [ping, tcpdump, nc];
