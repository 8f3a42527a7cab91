/**
 * Explains one line of a command's output from the world as it is now: the terminal remembers
 * which command printed the line and on which node, and the worker asks here. Routes, BGP rows,
 * IPAM rows and tcpdump packets are read back into the objects they show (never canned text).
 */
import type { World } from '../world';
import { explainRoute } from './route';
import { explainBirdRoute, explainNodeStatusRow, explainProtocolRow } from './bgp';
import { explainIpamRow } from './ipam';
import { explainTcpdumpLine, TCPDUMP_LINE } from './tcpdump';
import type { ExplainLocale, Explanation } from './text';

export type { ExplainHighlight, ExplainLocale, Explanation } from './text';

export interface ExplainRequest {
  /** The node the command ran on (from the prompt it was typed at). */
  node: string;
  /** The command line as typed. */
  command: string;
  /** The lines of that command's output, and which one is asked about. */
  lines: string[];
  index: number;
}

export type ExplainedTool = 'route' | 'nodeStatus' | 'ipam' | 'birdProtocols' | 'birdRoute' | 'tcpdump';

/** Which explainable tool a command line runs (a pipeline's stages, `sudo`, `watch` looked through). */
export function explainedTool(command: string): ExplainedTool | null {
  for (const stage of command.split(/\|\|?|;|&&?/)) {
    const words = stage.trim().split(/\s+/).filter((w) => w !== 'sudo');
    while (words[0] === 'watch' || (words[0] === 'ssh' && words.length > 2)) {
      words.shift();
      while (words[0]?.startsWith('-')) words.splice(0, /^-[nd]$/.test(words[0]) ? 2 : 1);
      if (words.length && !/^(ip|calicoctl|birdcl|birdc|tcpdump)$/.test(words[0] ?? '') && /^[a-z0-9.-]+$/.test(words[0] ?? '')) words.shift();
    }
    const cmd = (words[0] ?? '').replace(/^.*\//, '');
    const rest = words.slice(1).filter((w) => !w.startsWith('-'));
    if (cmd === 'ip' && /^r(o(u(te?)?)?)?$/.test(rest[0] ?? '') && (rest.length < 2 || /^(show|list|ls|lst)$/.test(rest[1] ?? ''))) return 'route';
    if (cmd === 'calicoctl' && rest[0] === 'node' && rest[1] === 'status') return 'nodeStatus';
    if (cmd === 'calicoctl' && rest[0] === 'ipam' && rest[1] === 'show') return 'ipam';
    if (cmd === 'birdcl' || cmd === 'birdc') {
      const args = words.slice(1).filter((w, i, all) => !w.startsWith('-') && !all[i - 1]?.startsWith('-s'));
      if (args[0] === 'show' && /^p/.test(args[1] ?? '')) return 'birdProtocols';
      if (args[0] === 'show' && /^r/.test(args[1] ?? '')) return 'birdRoute';
    }
    if (cmd === 'tcpdump') return 'tcpdump';
  }
  return null;
}

/** The explanation of `lines[index]`, or null when the line says nothing worth explaining. */
export function explainLine(world: World, req: ExplainRequest, locale: ExplainLocale): Explanation | null {
  // `ssh k8s-node02 ip r` prints k8s-node02's table, whatever node the prompt was on.
  const via = /^\s*ssh\s+(?:-\S+\s+)*(?:\S+@)?([a-z0-9.-]+)\s+\S/.exec(req.command)?.[1];
  const name = via && (world.node(via) || world.state.routers?.some((r) => r.name === via)) ? via : req.node;
  const node = world.node(name) ?? world.state.routers?.find((r) => r.name === name);
  const line = req.lines[req.index];
  if (!node || line === undefined || line.trim() === '') return null;
  const tool = explainedTool(req.command);
  // A background capture's packets land in whatever output comes next: recognised by their form.
  const looksLikePacket = TCPDUMP_LINE.test(line) || (/^IP /.test(line) && TCPDUMP_LINE.test(req.lines[req.index - 1] ?? ''));
  if (looksLikePacket) {
    const captured = tool === 'tcpdump' ? req.command : (/tcpdump[^|;&]*/.exec(req.command)?.[0] ?? '');
    return explainTcpdumpLine(world, node, captured, req.lines, req.index)?.render(locale) ?? null;
  }
  let built = null;
  if (tool === 'route') built = explainRoute(world, node, line);
  else if (tool === 'nodeStatus') built = explainNodeStatusRow(world, node, req.lines, req.index);
  else if (tool === 'ipam') built = explainIpamRow(world, node, line);
  else if (tool === 'birdProtocols') built = explainProtocolRow(world, node, line);
  else if (tool === 'birdRoute') built = explainBirdRoute(world, node, req.lines, req.index);
  return built?.render(locale) ?? null;
}
