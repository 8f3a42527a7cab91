/**
 * birdcl / birdc: BIRD's client, talking to the BIRD of this node's calico-node over its control
 * socket (`-s /var/run/calico/bird.ctl`). Available on a node while calico-node runs there, and in
 * the calico-node pod through `kubectl exec` (which runs host-network pods' commands on the node).
 */
import type { CommandContext, CommandSpec } from '../../context';
import { BIRD_VERSION, birdProtocols, protocolCounts, protocolDetails, protocolLine, protocolsHeader } from './view';
import { birdRouteLines, birdTable } from './routes';
import { cidrContains, cidrParse } from '../../../emulator/net/ip';

// calico-node's BIRD listens only here (bird -s /var/run/calico/bird.ctl; /var/run is /run). The
// Debian bird package's /run/bird/bird.ctl does not exist on a Calico node.
const SOCKETS = ['/var/run/calico/bird.ctl', '/run/calico/bird.ctl'];

/** BIRD's CLI accepts any unambiguous prefix of a keyword (`sh pro all`). */
function kw(word: string | undefined, full: string, min = 1): boolean {
  return !!word && word.length >= min && full.startsWith(word.toLowerCase());
}

async function run(ctx: CommandContext): Promise<number> {
  const args = ctx.argv.slice(1);
  let socket = SOCKETS[0];
  const words: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-s') socket = args[++i] ?? '';
    else if (a.startsWith('-s')) socket = a.slice(2);
    else if (a === '-r' || a === '-v' || a === '-l') continue;
    else if (a.startsWith('-') && words.length === 0) {
      ctx.err(`Usage: ${ctx.argv[0]} [-s <control-socket>] [-v] [-r] [-l]\n`);
      return 1;
    } else words.push(a);
  }
  const node = ctx.node;
  if (!SOCKETS.includes(socket) || !node.bird || !node.calico || node.power !== 'on') {
    ctx.err(`Unable to connect to server control socket (${socket}): ${SOCKETS.includes(socket) ? 'Connection refused' : 'No such file or directory'}\n`);
    return 1;
  }
  ctx.out(`BIRD ${BIRD_VERSION} ready.\n`);
  if (words.length === 0) return 0;
  return birdCommand(ctx, words.join(' ').trim().split(/\s+/));
}

function birdCommand(ctx: CommandContext, w: string[]): number {
  if (!kw(w[0], 'show')) {
    ctx.out('syntax error, unexpected CF_SYM_UNDEFINED\n');
    return 0;
  }
  if (kw(w[1], 'protocols', 1)) return showProtocols(ctx, w.slice(2));
  if (kw(w[1], 'route', 2)) return showRoute(ctx, w.slice(2));
  if (kw(w[1], 'status', 2)) return showStatus(ctx);
  ctx.out(`syntax error, unexpected ${w[1] === undefined ? 'END' : 'CF_SYM_UNDEFINED'}, expecting PROTOCOLS or ROUTE or STATUS\n`);
  return 0;
}

function showProtocols(ctx: CommandContext, w: string[]): number {
  const all = kw(w[0], 'all', 1);
  const name = all ? w[1] : w[0];
  let rows = birdProtocols(ctx.node.bird!);
  if (name) {
    const re = new RegExp('^' + name.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.') + '$');
    rows = rows.filter((r) => re.test(r.name));
    if (!rows.length) {
      ctx.out('No protocols match\n');
      return 0;
    }
  }
  const out = [protocolsHeader()];
  const counts = all ? protocolCounts(ctx.node.bird!) : undefined;
  for (const r of rows) {
    out.push(protocolLine(ctx.world, r));
    if (counts) out.push(...protocolDetails(ctx.world, ctx.node, r, counts), '');
  }
  ctx.out(out.join('\n') + '\n');
  return 0;
}

function showRoute(ctx: CommandContext, w: string[]): number {
  let all = false;
  let count = false;
  let forWhat: string | null = null;
  let proto: string | null = null;
  for (let i = 0; i < w.length; i++) {
    if (kw(w[i], 'all', 1)) all = true;
    else if (kw(w[i], 'count', 1)) count = true;
    else if (kw(w[i], 'for', 1)) {
      forWhat = w[++i] ?? null;
      // BIRD's grammar wants an address or prefix after `for`.
      if (!forWhat || !cidrParse(forWhat.includes('/') ? forWhat : `${forWhat}/32`)) {
        ctx.out(forWhat ? 'syntax error, unexpected CF_SYM_UNDEFINED\n' : 'syntax error, unexpected END, expecting IP4 or PREFIX4\n');
        return 0;
      }
    }
    else if (kw(w[i], 'protocol', 2)) proto = w[++i] ?? null;
    else if (cidrParse(w[i].includes('/') ? w[i] : `${w[i]}/32`)) forWhat = w[i];
    else {
      ctx.out('syntax error, unexpected CF_SYM_UNDEFINED\n');
      return 0;
    }
  }
  let entries = [...birdTable(ctx.world, ctx.node).entries()];
  if (forWhat) {
    // `for ADDR`: the longest prefix that contains it; a bare prefix matches exactly.
    if (w.some((x) => kw(x, 'for', 1)) || !forWhat.includes('/')) {
      const ip = forWhat.split('/')[0];
      const matches = entries.filter(([p]) => cidrContains(p, ip));
      const longest = Math.max(-1, ...matches.map(([p]) => cidrParse(p)!.prefix));
      entries = matches.filter(([p]) => cidrParse(p)!.prefix === longest);
    } else entries = entries.filter(([p]) => p === forWhat);
  }
  if (proto) entries = entries.map(([p, rs]) => [p, rs.filter((r) => r.proto === proto)] as [string, typeof rs]).filter(([, rs]) => rs.length);
  if (count) {
    const routes = entries.reduce((n, [, rs]) => n + rs.length, 0);
    ctx.out(`${routes} of ${routes} routes for ${entries.length} networks\n`);
    return 0;
  }
  if (!entries.length && forWhat) {
    ctx.out('Network not in table\n');
    return 0;
  }
  const out: string[] = [];
  for (const [p, rs] of entries) out.push(...birdRouteLines(ctx.world, p, rs, all));
  if (out.length) ctx.out(out.join('\n') + '\n');
  return 0;
}

function showStatus(ctx: CommandContext): number {
  const bird = ctx.node.bird!;
  const date = (at: number) => new Date(ctx.world.state.clock.epoch + at).toISOString().replace('T', ' ').slice(0, 19);
  ctx.out(
    [
      `BIRD ${BIRD_VERSION}`,
      `Router ID is ${bird.routerId}`,
      `Current server time is ${date(ctx.world.now)}`,
      `Last reboot on ${date(bird.startedAt)}`,
      `Last reconfiguration on ${date(bird.startedAt)}`,
      'Daemon is up and running',
    ].join('\n') + '\n',
  );
  return 0;
}

const spec = (name: string): CommandSpec => ({
  name,
  summary: 'BIRD routing daemon client',
  usage: `${name} [-s SOCKET] show protocols [all] [NAME] | show route [all] [for PREFIX] | show status`,
  run,
  complete: (args, word) => {
    const next = args.length === 0 ? ['show'] : args.length === 1 ? ['protocols', 'route', 'status'] : args[1] === 'protocols' ? ['all'] : args[1] === 'route' ? ['all', 'for', 'count'] : [];
    return next.filter((c) => c.startsWith(word));
  },
});

export const birdCommands: CommandSpec[] = [spec('birdcl'), spec('birdc')];
