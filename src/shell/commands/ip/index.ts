/** iproute2's `ip`. */
import type { CommandSpec } from '../../context';

export const ipCommands: CommandSpec[] = [];
