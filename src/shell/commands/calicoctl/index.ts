/** calicoctl (filled in by the calicoctl work). Installed by downloading it: see registry.ts. */
import type { CommandSpec } from '../../context';

export const calicoctlCommands: CommandSpec[] = [];
