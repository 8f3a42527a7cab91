/** kubectl plugins: `kubectl-NAME` executables on $PATH (reference §1.13). */
import type { CommandContext } from '../../context';
import { fsIsExecutable } from '../../../emulator/fs';
import { PATH_DIRS, commandLookup } from '../../registry';
import type { Verb } from './common';
import { fail } from './common';

/** Run `kubectl NAME ARGS` as the plugin `kubectl-NAME`; null when there is no executable plugin. */
export async function pluginRun(ctx: CommandContext, name: string, rest: string[]): Promise<number | null> {
  if (!/^[\w-]+$/.test(name)) return null;
  const lookup = commandLookup(`kubectl-${name}`, ctx.node);
  if (!lookup.ok) return null;
  // Only files on $PATH count: a builtin of the same name is not a plugin.
  const onPath = PATH_DIRS.some((d) => fsIsExecutable(ctx.node.fs[`${d}/kubectl-${name}`]));
  if (!onPath) return null;
  return lookup.command.run({ ...ctx, argv: [`kubectl-${name}`, ...rest], version: lookup.version });
}

function pluginList(ctx: CommandContext): number {
  const found: string[] = [];
  const warnings: string[] = [];
  for (const dir of PATH_DIRS) {
    for (const path of Object.keys(ctx.node.fs).sort()) {
      const base = path.slice(dir.length + 1);
      if (!path.startsWith(dir + '/') || base.includes('/') || !base.startsWith('kubectl-')) continue;
      if (ctx.node.fs[path].type !== 'file') continue;
      found.push(path);
      if (!fsIsExecutable(ctx.node.fs[path])) warnings.push(`  - warning: ${path} identified as a kubectl plugin, but it is not executable`);
    }
  }
  if (found.length === 0) return fail(ctx, 'error: unable to find any kubectl plugins in your PATH');
  ctx.out(`The following compatible plugins are available:\n\n${found.join('\n')}\n`);
  if (!warnings.length) return 0;
  ctx.err(warnings.join('\n') + '\n');
  return fail(ctx, `error: ${warnings.length === 1 ? 'one plugin warning was' : `${warnings.length} plugin warnings were`} found`);
}

export const plugin: Verb = {
  name: 'plugin',
  summary: 'Provides utilities for interacting with plugins',
  server: 'none',
  flags: { 'name-only': { type: 'bool' } },
  run(ctx, a) {
    if (a.args[0] === 'list') return pluginList(ctx);
    ctx.out('Provides utilities for interacting with plugins.\n\n Plugins provide extended functionality that is not part of the major command-line distribution.\n\nAvailable Commands:\n  list          List all visible plugin executables on a user\'s PATH\n\nUsage:\n  kubectl plugin [flags] [options]\n');
    return 0;
  },
};
