/**
 * `calicoctl node` and its subcommands besides `status` (calicoctl/commands/node/*.go):
 * - `checksystem`: kernel version and modules, as checksystem.go checks them on this Ubuntu 22.04
 *   kernel (every module is found, so every line is OK; Go's map order is random, ours is the
 *   source's order).
 * - `diags`: runs its list of commands into /tmp/calicoNNN/diagnostics and "tars" them, printing
 *   what the real one prints on a containerd node (no netstat, ipset or docker there).
 * - `run`: starts calico/node with docker. It only works with an etcdv3 config: a Kubernetes
 *   datastore config is refused ("unsupported backend"), which is the real hint that manifest and
 *   operator installs never use it; with etcd it fails for want of docker on a containerd node.
 */
import type { CommandContext } from '../../context';
import { fsResolve, fsStat } from '../../../emulator/fs';
import { calicoctlNodeStatus } from './node-status';
import { DEFAULT_CONFIG } from './client';
import { parse } from 'yaml';

const NOT_ROOT = 'Need super user privileges: Operation not permitted\n';

function nodeHelp(name: string): string {
  return `Usage:
  ${name} node <command> [<args>...]

    run          Run the Calico node container image.
    status       View the current status of a Calico node.
    diags        Gather a diagnostics bundle for a Calico node.
    checksystem  Verify the compute host is able to run a Calico node instance.

Options:
  -h --help      Show this screen.

Description:
  Node specific commands for ${name}.  These commands must be run directly on
  the compute host running the Calico node instance.

  See '${name} node <command> --help' to read about a specific subcommand.
`;
}

function invalid(ctx: CommandContext, args: string[]): number {
  ctx.err(`Invalid option: 'calicoctl ${args.join(' ')}'. Use flag '--help' to read about a specific subcommand.\n`);
  return 1;
}

function isRoot(ctx: CommandContext): boolean {
  return (ctx.shell.env.USER ?? 'root') === 'root';
}

export async function calicoctlNode(ctx: CommandContext, name: string, rest: string[], allowMismatch: boolean): Promise<number> {
  const [sub, ...args] = rest;
  if (sub === undefined || sub === '-h' || sub === '--help') {
    ctx.out(nodeHelp(name) + '\n');
    return sub === undefined ? 1 : 0;
  }
  switch (sub) {
    case 'status':
      return calicoctlNodeStatus(ctx, args.concat(allowMismatch ? ['--allow-version-mismatch'] : []));
    case 'checksystem':
      return checksystem(ctx, ['node', ...rest], args);
    case 'diags':
      return diags(ctx, ['node', ...rest], args);
    case 'run':
      return run(ctx, ['node', ...rest], args);
    default:
      return invalid(ctx, ['node', ...rest]);
  }
}

// ---------------------------------------------------------------------------------------------

const REQUIRED_MODULES = [
  'ip_set', 'ip6_tables', 'ip_tables', 'ipt_ipvs', 'vfio-pci', 'xt_bpf', 'ipt_REJECT', 'ipt_rpfilter', 'xt_rpfilter', 'ipt_set',
  'nf_conntrack_netlink', 'xt_addrtype', 'xt_conntrack', 'xt_icmp', 'xt_icmp6', 'xt_mark', 'xt_multiport', 'xt_set', 'xt_u32',
];

/** printResult: two tabs, the value padded to 20, five tabs, the verdict. */
function result(val: string, verdict: string): string {
  return `\t\t${val.padEnd(20)}\t\t\t\t\t${verdict}\n`;
}

function checksystem(ctx: CommandContext, all: string[], args: string[]): number {
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-h' || a === '--help') {
      ctx.out(`Usage:
  calicoctl node checksystem [--kernel-config=<kernel-config>]

Options:
  -h --help                                      Show this screen.
  -f --kernel-config=<kernel-config>             Override the Kernel config file location.
                                                 Expected format is plain text.
                                                 default search locations:
                                                   "/usr/src/linux/.config",
                                                   "/boot/config-kernelVersion,
                                                   "/usr/src/linux-kernelVersion/.config",
                                                   "/usr/src/linux-headers-kernelVersion/.config",
                                                   "/lib/modules/kernelVersion/build/.config"

Description:
  Check the compatibility of this compute host to run a Calico node instance.

`);
      return 0;
    }
    if (a === '-f' || a === '--kernel-config') {
      if (args[++i] === undefined) return invalid(ctx, all);
    } else if (!/^(-f|--kernel-config=).+$/.test(a)) return invalid(ctx, all);
  }
  if (!isRoot(ctx)) {
    ctx.out(NOT_ROOT);
    return 1;
  }
  const kernel = '5.15.0-88-generic';
  let out = 'Checking kernel version...\n' + result(kernel, 'OK') + 'Checking kernel modules...\n';
  for (const m of REQUIRED_MODULES) out += result(m, 'OK');
  ctx.out(out + 'System meets minimum system requirements to run Calico!\n');
  return 0;
}

// ---------------------------------------------------------------------------------------------

/** diags.go's command list: [what it says, command, file]; the tools a containerd node lacks fail. */
const DIAG_CMDS: [string, string, string][] = [
  ['', 'date', 'date'],
  ['', 'hostname', 'hostname'],
  ['Dumping netstat', 'netstat -a -n', 'netstat'],
  ['Dumping routes (IPv4)', 'ip -4 route', 'ipv4_route'],
  ['Dumping routes (IPv6)', 'ip -6 route', 'ipv6_route'],
  ['Dumping interface info (IPv4)', 'ip -4 addr', 'ipv4_addr'],
  ['Dumping interface info (IPv6)', 'ip -6 addr', 'ipv6_addr'],
  ['Dumping iptables (IPv4)', 'iptables-save -c', 'ipv4_tables'],
  ['Dumping iptables (IPv6)', 'ip6tables-save -c', 'ipv6_tables'],
  ['Dumping ipsets', 'ipset list', 'ipsets'],
  ['Dumping ipsets (container)', 'docker run --rm --privileged --net=host calico/node ipset list', 'ipset_container'],
  ['Copying journal for calico-node.service', 'journalctl -u calico-node.service --no-pager', 'journalctl_calico_node'],
  ['Dumping felix stats', 'pkill -SIGUSR1 felix', ''],
];

/** Not installed on the lab's kubeadm nodes (Ubuntu 22.04 with containerd). */
const ABSENT = ['netstat', 'ipset', 'docker'];

async function diags(ctx: CommandContext, all: string[], args: string[]): Promise<number> {
  let logDir = '/var/log/calico';
  for (const a of args) {
    if (a === '-h' || a === '--help') {
      ctx.out(`Usage:
  calicoctl node diags [--log-dir=<LOG_DIR>] [--allow-version-mismatch]

Options:
  -h --help                    Show this screen.
     --log-dir=<LOG_DIR>       The directory containing Calico logs.
                               [default: /var/log/calico]
     --allow-version-mismatch  Allow client and cluster versions mismatch.

Description:
  This command is used to gather diagnostic information from a Calico node.
  This is usually used when trying to diagnose an issue that may be related to
  your Calico network.

  The output of the command explains how to automatically upload the
  diagnostics to http://transfer.sh for easy sharing of the data. Note that the
  uploaded files will be deleted after 14 days.

  This command must be run on the specific Calico node that you are gathering
  diagnostics for.

`);
      return 0;
    }
    if (a.startsWith('--log-dir=')) logDir = a.slice('--log-dir='.length);
    else if (a !== '--allow-version-mismatch') return invalid(ctx, all);
  }
  if (!isRoot(ctx)) {
    ctx.out(NOT_ROOT);
    return 1;
  }
  const fs = ctx.node.fs;
  const now = ctx.world.state.clock.epoch + ctx.world.now;
  // ioutil.TempDir("", "calico"): a random decimal suffix; ours comes from the clock.
  const tmp = `/tmp/calico${String(1_000_000_000 + (Math.floor(now / 1000) * 7919) % 3_000_000_000)}`;
  const dir = `${tmp}/diagnostics`;
  const mtime = ctx.world.now;
  fs[tmp] = { type: 'dir', content: '', mode: 0o700, mtime };
  fs[dir] = { type: 'dir', content: '', mode: 0o755, mtime };
  let text = `Collecting diagnostics\nUsing temp dir: ${tmp}\n`;
  for (const [info, cmd, file] of DIAG_CMDS) {
    if (info) text += info + '\n';
    let content = '';
    if (ABSENT.includes(cmd.split(' ')[0])) text += `Failed to run command: ${cmd}\nError: \n`;
    else if (['ip', 'iptables-save', 'hostname', 'date'].includes(cmd.split(' ')[0])) {
      let captured = '';
      await ctx.run(cmd, (t) => (captured += t), (t) => (captured += t));
      content = captured;
    } else if (cmd.startsWith('journalctl')) content = '-- No entries --\n';
    if (file) fs[`${dir}/${file}`] = { type: 'file', content, mode: 0o644, mtime };
  }
  const logs = fsStat(fs, fsResolve('/', logDir));
  if (!logs) text += `Error copying log files: stat ${logDir}: no such file or directory\n`;
  else if (logs.type === 'dir') text += 'Copying Calico logs\n';
  else text += `No logs found in ${logDir}; skipping log copying`;
  fs[`${dir}/logs`] = { type: 'dir', content: '', mode: 0o755, mtime };
  text += 'Could not run docker command: \n';
  const stamp = new Date(now).toISOString().replace(/[-:]/g, '').replace('T', '_').slice(0, 15);
  const tar = `${tmp}/diags-${stamp}.tar.gz`;
  fs[tar] = { type: 'file', content: '\x1f\x8b\x08\x00', mode: 0o644, mtime };
  text += `\nDiags saved to ${tar}\nIf required, you can upload the diagnostics bundle to a file sharing service\nsuch as transfer.sh using curl or similar.  For example:\n\n    curl --upload-file ${tar} https://transfer.sh/${tar}\n`;
  ctx.out(text);
  return 0;
}

// ---------------------------------------------------------------------------------------------

const RUN_VALUE = ['ip', 'ip6', 'as', 'name', 'ip-autodetection-method', 'ip6-autodetection-method', 'log-dir', 'node-image', 'backend', 'config', 'felix-config'];
const RUN_BOOL = ['no-default-ippools', 'dryrun', 'init-system'];

/** The datastore a calicoctl.cfg names (clientmgr.LoadClientConfig), for `node run`'s one check. */
function configDatastore(ctx: CommandContext, path: string): { ok: true; datastore: string; etcd: string } | { ok: false } {
  const f = fsStat(ctx.node.fs, fsResolve(ctx.shell.cwd, path));
  if (!f || f.type !== 'file') {
    if (path !== DEFAULT_CONFIG) return { ok: false };
    const env = ctx.shell.env;
    const etcd = env.ETCD_ENDPOINTS || env.CALICO_ETCD_ENDPOINTS || '';
    return { ok: true, datastore: env.DATASTORE_TYPE || env.CALICO_DATASTORE_TYPE || (etcd ? 'etcdv3' : 'kubernetes'), etcd };
  }
  try {
    const doc = parse(f.content) ?? {};
    const spec = (doc.spec ?? {}) as Record<string, string>;
    return { ok: true, datastore: spec.datastoreType ?? 'kubernetes', etcd: spec.etcdEndpoints ?? '' };
  } catch {
    return { ok: false };
  }
}

function run(ctx: CommandContext, all: string[], args: string[]): number {
  const v: Record<string, string> = { 'ip-autodetection-method': 'first-found', 'ip6-autodetection-method': 'first-found', 'log-dir': '/var/log/calico', 'node-image': 'quay.io/calico/node:latest', backend: 'bird', config: DEFAULT_CONFIG };
  const flags = new Set<string>();
  for (const a of args) {
    if (a === '-h' || a === '--help') {
      ctx.out(`Usage:\n  calicoctl node run [--ip=<IP>] [--ip6=<IP6>] [--as=<AS_NUM>]\n                     [--name=<NAME>]\n                     [--ip-autodetection-method=<IP_AUTODETECTION_METHOD>]\n                     [--ip6-autodetection-method=<IP6_AUTODETECTION_METHOD>]\n                     [--log-dir=<LOG_DIR>]\n                     [--node-image=<DOCKER_IMAGE_NAME>]\n                     [--backend=(bird|gobgp|none)]\n                     [--config=<CONFIG>]\n                     [--felix-config=<CONFIG>]\n                     [--no-default-ippools]\n                     [--dryrun]\n                     [--init-system]\n\nDescription:\n  This command is used to start a calico/node container instance which provides\n  Calico networking and network policy on your compute host.\n\n`);
      return 0;
    }
    const m = /^--([\w-]+)(?:=(.*))?$/.exec(a);
    if (!m) return invalid(ctx, all);
    if (RUN_VALUE.includes(m[1]) && m[2] !== undefined) v[m[1]] = m[2];
    else if (RUN_BOOL.includes(m[1]) && m[2] === undefined) flags.add(m[1]);
    else return invalid(ctx, all);
  }
  if (!/^(none|bird|gobgp)$/.test(v.backend)) return fail(ctx, `Error executing command: unknown backend '${v.backend}'\n`);
  const name = v.name ?? ctx.node.name;
  const cfg = configDatastore(ctx, v.config);
  if (!cfg.ok) return fail(ctx, 'Error executing command: invalid config file\n');
  if (cfg.datastore !== 'etcdv3') return fail(ctx, 'Error executing command: unsupported backend specified in config\n');
  const envs: [string, string][] = [['NODENAME', name], ['CALICO_NETWORKING_BACKEND', v.backend]];
  if (flags.has('no-default-ippools')) envs.push(['NO_DEFAULT_POOLS', 'true']);
  if (v['ip-autodetection-method'] !== 'first-found') envs.push(['IP_AUTODETECTION_METHOD', v['ip-autodetection-method']]);
  if (v.as) envs.push(['AS', v.as]);
  if (v.ip) envs.push(['IP', v.ip]);
  envs.push(['ETCD_ENDPOINTS', cfg.etcd], ['ETCD_DISCOVERY_SRV', '']);
  const vols = [`${v['log-dir']}:/var/log/calico`, '/var/run/calico:/var/run/calico', '/var/lib/calico:/var/lib/calico', '/lib/modules:/lib/modules', '/run:/run'];
  const init = flags.has('init-system');
  const cmd = ['docker', 'run', '--net=host', '--privileged', '--name=calico-node', ...(init ? ['--rm'] : ['-d', '--restart=always'])]
    .concat(envs.flatMap(([k, val]) => ['-e', `${k}=${val}`]), vols.flatMap((x) => ['-v', x]), [v['node-image']])
    .join(' ');
  if (flags.has('dryrun')) {
    ctx.out(`Use the following command to start the calico/node container:\n\n${cmd}\n\n`);
    ctx.out(init ? 'Use the following command to stop the calico/node container:\n\ndocker stop calico-node\n\n' : 'If you are running calico/node in an init system, use the --init-system flag\nto display the appropriate start and stop commands.\n');
    return 0;
  }
  if (!isRoot(ctx)) {
    ctx.out(NOT_ROOT);
    return 1;
  }
  ctx.out(`Removing old calico-node container (if running).\nRunning the following command to start calico-node:\n\n${cmd}\n\nImage may take a short time to download if it is not available locally.\n`);
  // The nodes run containerd, not docker: exec finds no docker binary (and run.go's "/n" is its own).
  return fail(ctx, 'Error executing command: exec: "docker": executable file not found in $PATH\n | /n\n');
}

function fail(ctx: CommandContext, text: string): number {
  ctx.err(text);
  return 1;
}
