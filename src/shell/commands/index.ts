/** Every command the shell knows, by the name the user types. */
import type { CommandSpec } from '../context';
import { builtins } from './builtins';
import { jobCommands } from './jobs';
import { help } from './help';
import { watch } from './watch';
import { fileCommands } from './files';
import { kubectlCommands } from './kubectl';
import { ipCommands } from './ip';
import { calicoctlCommands } from './calicoctl';
import { birdCommands } from './bird';
import { powerCommands } from './power';
import { netCommands } from './net';
import { iptablesCommands } from './iptables';
import { etcdctl } from './etcdctl';
import { awk } from './text/awk';
import { xargs } from './text/xargs';
import { column } from './text/column';
import { systemCommands } from './system';

const all: CommandSpec[] = [...builtins, help, watch, ...jobCommands, ...fileCommands, ...kubectlCommands, ...ipCommands, ...calicoctlCommands, ...birdCommands, ...netCommands, ...powerCommands, ...iptablesCommands, etcdctl, ...systemCommands, awk, xargs, column];

export const COMMANDS: Record<string, CommandSpec> = Object.fromEntries(all.map((c) => [c.name, c]));
