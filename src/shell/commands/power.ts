/**
 * Power faults: `poweroff` / `reboot` on a node (systemd stops the services first; `-f` skips
 * that, like pulling the plug), and `virsh` for the lab's hypervisor, the one way to boot a node
 * that is off: `virsh start NODE` (also `list --all`, `shutdown`, `destroy`, `reboot`).
 */
import type { CommandContext, CommandSpec } from '../context';
import type { NodeState } from '../../emulator/state';
import { nodeBooting, nodePowerOff, nodePowerOn } from '../../emulator/node-power';

/** Leaving a node that went down under our ssh session, as OpenSSH reports it. */
function dropSession(ctx: CommandContext, node: NodeState): void {
  if (ctx.shell.nodeStack.length > 1 && ctx.shell.nodeStack[ctx.shell.nodeStack.length - 1] === node.name) {
    ctx.shell.nodeStack.pop();
    ctx.err(`Connection to ${node.name} closed by remote host.\nConnection to ${node.name} closed.\n`);
  }
}

function powerCommand(name: 'poweroff' | 'reboot'): CommandSpec {
  return {
    name,
    summary: name === 'poweroff' ? 'power off the machine' : 'reboot the machine',
    usage: `${name} [-f]`,
    run(ctx) {
      const args = ctx.argv.slice(1);
      const bad = args.find((a) => !['-f', '--force', '-ff', '-p', '--poweroff', '--no-wall'].includes(a));
      if (bad) {
        ctx.err(`${name}: unrecognized option '${bad}'\n`);
        return 1;
      }
      if ((ctx.shell.env.USER ?? 'root') !== 'root') {
        ctx.err('Call to PowerOff failed: Interactive authentication required.\n');
        return 1;
      }
      const node = ctx.node;
      const force = args.some((a) => a.startsWith('-f') || a === '--force');
      nodePowerOff(ctx.world, node, !force);
      if (name === 'reboot') nodePowerOn(ctx.world, node);
      dropSession(ctx, node);
      return 0;
    },
  };
}

function domainState(ctx: CommandContext, n: NodeState): string {
  return n.power === 'on' ? 'running' : nodeBooting(ctx.world, n) ? 'running' : 'shut off';
}

const virsh: CommandSpec = {
  name: 'virsh',
  summary: "manage the lab's virtual machines (the cluster nodes)",
  usage: 'virsh { list [--all] | start NODE | shutdown NODE | destroy NODE | reboot NODE }',
  run(ctx) {
    const [verb, ...rest] = ctx.argv.slice(1);
    const nodes = ctx.world.state.nodes;
    if (verb === 'list') {
      const all = rest.includes('--all');
      const rows = nodes.map((n, i) => [domainState(ctx, n) === 'running' ? String(i + 1) : '-', n.name, domainState(ctx, n)]).filter((r) => all || r[2] === 'running');
      const w = [Math.max(2, ...rows.map((r) => r[0].length)), Math.max(4, ...rows.map((r) => r[1].length)), 5];
      const line = (c: string[]) => ` ${c[0].padEnd(w[0])}   ${c[1].padEnd(w[1])}   ${c[2]}`.trimEnd();
      ctx.out([line(['Id', 'Name', 'State']), '-'.repeat(w[0] + w[1] + w[2] + 9 + 7), ...rows.map(line), ''].join('\n') + '\n');
      return 0;
    }
    if (!['start', 'shutdown', 'destroy', 'reboot'].includes(verb ?? '')) {
      ctx.err(verb ? `error: unknown command: '${verb}'\n` : 'error: command required\n');
      return 1;
    }
    const name = rest.find((a) => !a.startsWith('-'));
    if (!name) {
      ctx.err(`error: command '${verb}' requires <domain> option\n`);
      return 1;
    }
    const node = nodes.find((n) => n.name === name);
    if (!node) {
      ctx.err(`error: failed to get domain '${name}'\n`);
      return 1;
    }
    const running = domainState(ctx, node) === 'running';
    const invalid = (what: string, why: string) => {
      ctx.err(`error: Failed to ${what} domain '${name}'\nerror: Requested operation is not valid: ${why}\n`);
      return 1;
    };
    if (verb === 'start') {
      if (running) return invalid('start', 'domain is already running');
      nodePowerOn(ctx.world, node);
      ctx.out(`Domain '${name}' started\n\n`);
      return 0;
    }
    if (!running) return invalid(verb === 'destroy' ? 'destroy' : verb === 'reboot' ? 'reboot' : 'shutdown', 'domain is not running');
    nodePowerOff(ctx.world, node, verb !== 'destroy');
    if (verb === 'reboot') nodePowerOn(ctx.world, node);
    dropSession(ctx, node);
    ctx.out(verb === 'destroy' ? `Domain '${name}' destroyed\n\n` : verb === 'reboot' ? `Domain '${name}' is being rebooted\n\n` : `Domain '${name}' is being shutdown\n\n`);
    return 0;
  },
  complete: (args, word, ctx) => (args.length === 0 ? ['list', 'start', 'shutdown', 'destroy', 'reboot'] : ctx.world.state.nodes.map((n) => n.name)).filter((c) => c.startsWith(word)),
};

export const powerCommands: CommandSpec[] = [powerCommand('poweroff'), powerCommand('reboot'), virsh];
