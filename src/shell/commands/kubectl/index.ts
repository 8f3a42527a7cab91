/** kubectl (filled in by the kubectl work). */
import type { CommandSpec } from '../../context';

export const kubectlCommands: CommandSpec[] = [];
