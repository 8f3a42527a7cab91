/** File and text tools: ls, cat, grep, head, tail, wc, sed, chmod, ... (filled in by the text-tools work). */
import type { CommandSpec } from '../context';

export const fileCommands: CommandSpec[] = [];
