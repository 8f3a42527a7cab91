/**
 * The lab's `help`: every command this node can run, with its one-line summary, derived from
 * the command table (as learnGitBranching derives its help from its command specs).
 */
import type { CommandSpec } from '../context';
import { commandLookup, commandNames } from '../registry';

export const help: CommandSpec = {
  name: 'help',
  summary: 'list the commands this lab understands',
  run(ctx) {
    const topic = ctx.argv[1];
    if (topic) {
      const found = commandLookup(topic, ctx.node);
      if (!found.ok) {
        ctx.err(`bash: help: no help topics match \`${topic}'.  Try \`help help' or \`man -k ${topic}' or \`info ${topic}'.\n`);
        return 1;
      }
      ctx.out(`${found.command.name}: ${found.command.summary}\n${found.command.usage ? `usage: ${found.command.usage}\n` : ''}`);
      return 0;
    }
    const rows = commandNames(ctx.node)
      .map((n) => commandLookup(n, ctx.node))
      .filter((l): l is Extract<typeof l, { ok: true }> => l.ok)
      .map((l) => l.command)
      .filter((c, i, all) => all.findIndex((x) => x.name === c.name) === i);
    const width = Math.max(...rows.map((c) => c.name.length)) + 2;
    ctx.out('Calico Lab: the commands of this node. Type `help NAME` for one of them.\n\n');
    for (const c of rows) ctx.out(`  ${c.name.padEnd(width)}${c.summary}\n`);
    return 0;
  },
};
