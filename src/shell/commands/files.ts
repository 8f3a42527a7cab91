/** File and text tools: ls, cat, grep, head, tail, wc, sed, chmod, ..., plus curl and the editors. */
import type { CommandSpec } from '../context';
import { ls } from './text/ls';
import { cat, less, more } from './text/cat';
import { grep } from './text/grep';
import { head, tail } from './text/headtail';
import { wc } from './text/wc';
import { sed } from './text/sed';
import { fileOps } from './text/fileops';
import { filters } from './text/filters';
import { diff } from './text/diff';
import { seq } from './text/seq';
import { curl } from './curl';
import { editorCommands } from './editor';

export const fileCommands: CommandSpec[] = [ls, cat, less, more, grep, head, tail, wc, sed, ...fileOps, ...filters, diff, seq, curl, ...editorCommands];
