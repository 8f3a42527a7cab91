/** birdcl / birdc (filled in by the BGP work). */
import type { CommandSpec } from '../../context';

export const birdCommands: CommandSpec[] = [];
