/**
 * etcdctl 3.5 (v3 API), as installed beside the `etcd` scenario's etcd: get/put/del, member list,
 * endpoint health/status, version. Output follows etcdctl's simple printer (a key line then a value
 * line, also with --keys-only, whose value is empty) and its tablewriter tables (-w table); errors
 * go through cobrautl.ExitWithError ("Error: ..." and its exit codes: 1 error, 128 bad arguments).
 * A client that reaches no etcd waits for --command-timeout (5 s) and prints the gRPC client's
 * retry warning first, as 3.5 does.
 */
import type { CommandContext, CommandSpec } from '../context';
import type { EtcdServerState } from '../../emulator/calico/datastore-etcd';
import { ETCD_VERSION, etcdDelete, etcdEntries, etcdPut, etcdReach } from '../../emulator/calico/datastore-etcd';

const EXIT_ERROR = 1;
const EXIT_BAD_ARGS = 128;

interface Flags {
  endpoints: string[];
  writeOut: string;
  commandTimeoutMs: number;
  bool: Set<string>;
  values: Record<string, string>;
}

const GLOBAL_VALUE = ['endpoints', 'write-out', 'command-timeout', 'dial-timeout', 'cacert', 'cert', 'key', 'user', 'password', 'discovery-srv', 'discovery-srv-name', 'keepalive-time', 'keepalive-timeout'];
const GLOBAL_BOOL = ['debug', 'hex', 'insecure-transport', 'insecure-skip-tls-verify', 'insecure-discovery'];
const COMMAND_VALUE = ['limit', 'order', 'sort-by', 'rev', 'consistency', 'prev-kv', 'lease'];
const COMMAND_BOOL = ['prefix', 'keys-only', 'count-only', 'print-value-only', 'from-key', 'prev-kv', 'ignore-value', 'ignore-lease', 'cluster', 'hex'];

function parseDuration(v: string): number | null {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)$/.exec(v);
  if (!m) return null;
  return Number(m[1]) * (m[2] === 'ms' ? 1 : m[2] === 's' ? 1000 : 60_000);
}

type Parsed = { ok: true; flags: Flags; args: string[] } | { ok: false; error: string };

/** pflag parsing: `--name=value`, `--name value`, `-w table`, flags anywhere, `--` ends them. */
function parse(ctx: CommandContext, argv: string[]): Parsed {
  const env = ctx.shell.env;
  const flags: Flags = {
    endpoints: (env.ETCDCTL_ENDPOINTS || '127.0.0.1:2379').split(','),
    writeOut: env.ETCDCTL_WRITE_OUT || 'simple',
    commandTimeoutMs: 5000,
    bool: new Set(),
    values: {},
  };
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      args.push(...argv.slice(i + 1));
      break;
    }
    if (!a.startsWith('-') || a === '-') {
      args.push(a);
      continue;
    }
    let name: string;
    let value: string | undefined;
    if (a.startsWith('--')) [name, value] = a.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    else if (a === '-w' || a.startsWith('-w')) [name, value] = ['write-out', a.length > 2 ? a.slice(2).replace(/^=/, '') : undefined];
    else if (a === '-h') [name, value] = ['help', undefined];
    else return { ok: false, error: `unknown shorthand flag: '${a[1]}' in ${a}` };
    if (name === 'help') {
      flags.bool.add('help');
      continue;
    }
    if (GLOBAL_VALUE.includes(name) || (COMMAND_VALUE.includes(name) && !COMMAND_BOOL.includes(name))) {
      if (value === undefined) {
        if (i + 1 >= argv.length) return { ok: false, error: `flag needs an argument: --${name}` };
        value = argv[++i];
      }
      flags.values[name] = value;
    } else if (GLOBAL_BOOL.includes(name) || COMMAND_BOOL.includes(name)) {
      if (value !== undefined && value !== 'true' && value !== 'false') return { ok: false, error: `invalid argument "${value}" for "--${name}" flag: strconv.ParseBool: parsing "${value}": invalid syntax` };
      if (value !== 'false') flags.bool.add(name);
    } else return { ok: false, error: `unknown flag: --${name}` };
  }
  if (flags.values.endpoints) flags.endpoints = flags.values.endpoints.split(',');
  if (flags.values['write-out']) flags.writeOut = flags.values['write-out'];
  if (flags.values['command-timeout']) {
    const ms = parseDuration(flags.values['command-timeout']);
    if (ms === null) return { ok: false, error: `invalid argument "${flags.values['command-timeout']}" for "--command-timeout" flag: time: invalid duration "${flags.values['command-timeout']}"` };
    flags.commandTimeoutMs = ms;
  }
  return { ok: true, flags, args };
}

function fail(ctx: CommandContext, code: number, message: string): number {
  ctx.err(`Error: ${message}\n`);
  return code;
}

/** The etcd the endpoints reach, or the client's failure after its command timeout. */
async function connect(ctx: CommandContext, flags: Flags): Promise<EtcdServerState | null> {
  for (const ep of flags.endpoints) {
    const r = etcdReach(ctx.world, ctx.node, ep);
    if (r.ok) return r.etcd;
  }
  const ep = flags.endpoints[0];
  const hostPort = ep.replace(/^\w+:\/\//, '');
  const r = etcdReach(ctx.world, ctx.node, ep);
  const cause = !r.ok && r.error === 'refused' ? 'connect: connection refused' : 'i/o timeout';
  await ctx.sleep(flags.commandTimeoutMs);
  const ts = new Date(ctx.world.state.clock.epoch + ctx.world.now).toISOString();
  const target = `etcd-endpoints://0xc000${(0x1e6a80 + ctx.world.now % 4096).toString(16)}/${hostPort}`;
  const line = {
    level: 'warn',
    ts,
    logger: 'etcd-client',
    caller: 'v3@v3.5.9/retry_interceptor.go:62',
    msg: 'retrying of unary invoker failed',
    target,
    attempt: 0,
    error: `rpc error: code = DeadlineExceeded desc = latest balancer error: last connection error: connection error: desc = "transport: Error while dialing dial tcp ${hostPort}: ${cause}"`,
  };
  ctx.err(JSON.stringify(line) + '\n');
  fail(ctx, EXIT_ERROR, 'context deadline exceeded');
  return null;
}

function prefixEnd(key: string): (k: string) => boolean {
  return (k) => k.startsWith(key);
}

async function get(ctx: CommandContext, flags: Flags, args: string[]): Promise<number> {
  if (args.length === 0) return fail(ctx, EXIT_BAD_ARGS, 'get command needs one argument as key and an optional argument as range_end');
  const prefix = flags.bool.has('prefix');
  const fromKey = flags.bool.has('from-key');
  if (prefix && fromKey) return fail(ctx, EXIT_BAD_ARGS, '`--prefix` and `--from-key` cannot be set at the same time, choose one');
  if (flags.bool.has('keys-only') && flags.bool.has('count-only')) return fail(ctx, EXIT_BAD_ARGS, '`--keys-only` and `--count-only` cannot be set at the same time, choose one');
  if (args.length > 1 && (prefix || fromKey)) return fail(ctx, EXIT_BAD_ARGS, 'too many arguments, only accept one argument when `--prefix` or `--from-key` is set');
  const order = (flags.values.order ?? '').toUpperCase();
  if (!['', 'ASCEND', 'DESCEND'].includes(order)) return fail(ctx, 4, `bad sort order ${flags.values.order}`);
  const limit = Number(flags.values.limit ?? 0);
  if (!Number.isInteger(limit)) return fail(ctx, EXIT_BAD_ARGS, `invalid argument "${flags.values.limit}" for "--limit" flag: strconv.ParseInt: parsing "${flags.values.limit}": invalid syntax`);
  if (flags.writeOut !== 'simple') return fail(ctx, EXIT_BAD_ARGS, `this lab's etcdctl prints get results in the simple format only (-w simple)`);
  if (flags.bool.has('count-only')) return fail(ctx, EXIT_BAD_ARGS, '--count-only is only for `--write-out=fields`');
  const etcd = await connect(ctx, flags);
  if (!etcd) return EXIT_ERROR;
  const key = args[0];
  const match: (k: string) => boolean = prefix ? prefixEnd(key) : fromKey ? (k) => k >= key : args.length > 1 ? (k) => k >= key && k < args[1] : (k) => k === key;
  let kvs = etcdEntries(ctx.world).filter(([k]) => match(k));
  if (order === 'DESCEND') kvs.reverse();
  if (limit > 0) kvs = kvs.slice(0, limit);
  const valueOnly = flags.bool.has('print-value-only');
  const keysOnly = flags.bool.has('keys-only');
  let text = '';
  for (const [k, v] of kvs) {
    if (!valueOnly) text += k + '\n';
    text += (keysOnly ? '' : v) + '\n';
  }
  ctx.out(text);
  return 0;
}

async function put(ctx: CommandContext, flags: Flags, args: string[]): Promise<number> {
  if (args.length === 0 || args.length > 2) return fail(ctx, EXIT_BAD_ARGS, 'put command needs 1 argument and input from stdin or 2 arguments');
  const value = args.length === 2 ? args[1] : ctx.stdin.replace(/\n$/, '');
  if (args.length === 1 && !ctx.stdin) return fail(ctx, EXIT_BAD_ARGS, 'put command needs 1 argument and input from stdin or 2 arguments');
  const etcd = await connect(ctx, flags);
  if (!etcd) return EXIT_ERROR;
  etcdPut(ctx.world, args[0], value);
  ctx.world.reconcile();
  ctx.out('OK\n');
  return 0;
}

async function del(ctx: CommandContext, flags: Flags, args: string[]): Promise<number> {
  if (args.length === 0) return fail(ctx, EXIT_BAD_ARGS, 'del command needs one argument as key and an optional argument as range_end');
  const prefix = flags.bool.has('prefix');
  const fromKey = flags.bool.has('from-key');
  if (prefix && fromKey) return fail(ctx, EXIT_BAD_ARGS, '`--prefix` and `--from-key` cannot be set at the same time, choose one');
  if (args.length > 1 && (prefix || fromKey)) return fail(ctx, EXIT_BAD_ARGS, 'too many arguments, only accept one argument when `--prefix` or `--from-key` is set');
  const etcd = await connect(ctx, flags);
  if (!etcd) return EXIT_ERROR;
  const key = args[0];
  const match: (k: string) => boolean = prefix ? prefixEnd(key) : fromKey ? (k) => k >= key : args.length > 1 ? (k) => k >= key && k < args[1] : (k) => k === key;
  const kvs = etcdEntries(ctx.world).filter(([k]) => match(k));
  const n = etcdDelete(ctx.world, kvs.map(([k]) => k));
  ctx.world.reconcile();
  let text = `${n}\n`;
  if (flags.bool.has('prev-kv')) for (const [k, v] of kvs) text += `${k}\n${v}\n`;
  ctx.out(text);
  return 0;
}

/** olekukonko/tablewriter as etcdctl configures it: centred headers, left cells, right for booleans. */
function table(head: string[], rows: string[][], rightCols: number[] = []): string {
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = '+' + w.map((n) => '-'.repeat(n + 2)).join('+') + '+\n';
  const centre = (s: string, n: number) => {
    const pad = n - s.length;
    const left = Math.floor(pad / 2);
    return ' '.repeat(left) + s + ' '.repeat(pad - left);
  };
  let out = line + '|' + head.map((h, i) => ` ${centre(h, w[i])} `).join('|') + '|\n' + line;
  for (const r of rows) out += '|' + r.map((c, i) => ` ${rightCols.includes(i) ? c.padStart(w[i]) : c.padEnd(w[i])} `).join('|') + '|\n';
  return out + line;
}

async function memberList(ctx: CommandContext, flags: Flags): Promise<number> {
  const etcd = await connect(ctx, flags);
  if (!etcd) return EXIT_ERROR;
  const row = [etcd.memberId, 'started', etcd.node, etcd.peerUrl, etcd.clientUrl, 'false'];
  if (flags.writeOut === 'table') ctx.out(table(['ID', 'STATUS', 'NAME', 'PEER ADDRS', 'CLIENT ADDRS', 'IS LEARNER'], [row], [5]));
  else ctx.out(row.join(', ') + '\n');
  return 0;
}

/** The health probe's round trip, a stable few milliseconds. */
function tookMs(ctx: CommandContext, ep: string): string {
  let h = 7;
  for (const ch of ep + String(ctx.world.now)) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return `${1 + (h % 3)}.${String(h % 1000).padStart(3, '0')}${String((h >>> 10) % 1000).padStart(3, '0')}ms`;
}

async function endpoint(ctx: CommandContext, flags: Flags, args: string[]): Promise<number> {
  const sub = args[0];
  if (sub === 'health') {
    let bad = false;
    const errs: string[] = [];
    for (const ep of flags.endpoints) {
      const r = etcdReach(ctx.world, ctx.node, ep);
      if (r.ok) ctx.out(`${ep} is healthy: successfully committed proposal: took = ${tookMs(ctx, ep)}\n`);
      else {
        bad = true;
        errs.push(`${ep} is unhealthy: failed to commit proposal: context deadline exceeded`);
      }
    }
    if (bad) {
      await ctx.sleep(flags.commandTimeoutMs);
      ctx.err(errs.join('\n') + '\n');
      return fail(ctx, EXIT_ERROR, 'unhealthy cluster');
    }
    return 0;
  }
  if (sub === 'status') {
    const etcd = await connect(ctx, flags);
    if (!etcd) return EXIT_ERROR;
    const rev = ctx.world.state.api.revision;
    const size = `${Math.round(20 + rev / 40)} kB`;
    const rows = flags.endpoints.map((ep) => [ep, etcd.memberId, ETCD_VERSION, size, 'true', 'false', '2', String(rev), String(rev), '']);
    if (flags.writeOut === 'table') ctx.out(table(['ENDPOINT', 'ID', 'VERSION', 'DB SIZE', 'IS LEADER', 'IS LEARNER', 'RAFT TERM', 'RAFT INDEX', 'RAFT APPLIED INDEX', 'ERRORS'], rows, [4, 5, 6, 7, 8]));
    else ctx.out(rows.map((r) => r.join(', ')).join('\n') + '\n');
    return 0;
  }
  ctx.out(ENDPOINT_HELP);
  return 0;
}

const ENDPOINT_HELP = `NAME:
	endpoint - Endpoint related commands

USAGE:
	etcdctl endpoint <subcommand> [flags]

API VERSION:
	3.5


COMMANDS:
	hashkv	Prints the KV history hash for each endpoint in --endpoints
	health	Checks the healthiness of endpoints specified in \`--endpoints\` flag
	status	Prints out the status of endpoints specified in \`--endpoints\` flag

OPTIONS:
      --cluster[=false]	use all endpoints from the cluster member list
  -h, --help[=false]	help for endpoint

`;

const COMMANDS_HELP: [string, string][] = [
  ['alarm disarm', 'Disarms all alarms'],
  ['alarm list', 'Lists all alarms'],
  ['auth disable', 'Disables authentication'],
  ['auth enable', 'Enables authentication'],
  ['auth status', 'Returns authentication status'],
  ['check datascale', 'Check the memory usage of holding data for different workloads on a given server endpoint.'],
  ['check perf', 'Check the performance of the etcd cluster'],
  ['compaction', 'Compacts the event history in etcd'],
  ['defrag', 'Defragments the storage of the etcd members with given endpoints'],
  ['del', 'Removes the specified key or range of keys [key, range_end)'],
  ['elect', 'Observes and participates in leader election'],
  ['endpoint hashkv', 'Prints the KV history hash for each endpoint in --endpoints'],
  ['endpoint health', 'Checks the healthiness of endpoints specified in `--endpoints` flag'],
  ['endpoint status', 'Prints out the status of endpoints specified in `--endpoints` flag'],
  ['get', 'Gets the key or a range of keys'],
  ['help', 'Help about any command'],
  ['lease grant', 'Creates leases'],
  ['lease keep-alive', 'Keeps leases alive (renew)'],
  ['lease list', 'List all active leases'],
  ['lease revoke', 'Revokes leases'],
  ['lease timetolive', 'Get lease information'],
  ['lock', 'Acquires a named lock'],
  ['make-mirror', 'Makes a mirror at the destination etcd cluster'],
  ['member add', 'Adds a member into the cluster'],
  ['member list', 'Lists all members in the cluster'],
  ['member promote', 'Promotes a non-voting member in the cluster'],
  ['member remove', 'Removes a member from the cluster'],
  ['member update', 'Updates a member in the cluster'],
  ['move-leader', 'Transfers leadership to another etcd cluster member.'],
  ['put', 'Puts the given key into the store'],
  ['snapshot restore', 'Restores an etcd member snapshot to an etcd directory'],
  ['snapshot save', 'Stores an etcd node backend snapshot to a given file'],
  ['snapshot status', 'Gets backend snapshot status of a given file'],
  ['txn', 'Txn processes all the requests in one transaction'],
  ['version', 'Prints the version of etcdctl'],
  ['watch', 'Watches events stream on keys or prefixes'],
];

function mainHelp(): string {
  const w = Math.max(...COMMANDS_HELP.map(([c]) => c.length)) + 2;
  return `NAME:
	etcdctl - A simple command line client for etcd3.

USAGE:
	etcdctl [flags]

VERSION:
	${ETCD_VERSION}

API VERSION:
	3.5


COMMANDS:
${COMMANDS_HELP.map(([c, d]) => `\t${c.padEnd(w)}${d}`).join('\n')}

OPTIONS:
      --cacert=""				verify certificates of TLS-enabled secure servers using this CA bundle
      --cert=""					identify secure client using this TLS certificate file
      --command-timeout=5s			timeout for short running command (excluding dial timeout)
      --debug[=false]				enable client-side debug logging
      --dial-timeout=2s				dial timeout for client connections
      --endpoints=[127.0.0.1:2379]		gRPC endpoints
  -h, --help[=false]				help for etcdctl
      --hex[=false]				print byte strings as hex encoded strings
      --key=""					identify secure client using this TLS key file
  -w, --write-out="simple"			set the output format (fields, json, protobuf, simple, table)

`;
}

async function run(ctx: CommandContext): Promise<number> {
  const p = parse(ctx, ctx.argv.slice(1));
  if (!p.ok) return fail(ctx, EXIT_ERROR, p.error);
  const { flags, args } = p;
  const [cmd, ...rest] = args;
  if (flags.bool.has('help') || cmd === undefined || cmd === 'help') {
    ctx.out(mainHelp());
    return 0;
  }
  if (!['simple', 'table', 'json', 'protobuf', 'fields'].includes(flags.writeOut)) return fail(ctx, EXIT_BAD_ARGS, `unknown output format "${flags.writeOut}"`);
  switch (cmd) {
    case 'get':
      return get(ctx, flags, rest);
    case 'put':
      return put(ctx, flags, rest);
    case 'del':
      return del(ctx, flags, rest);
    case 'member':
      if (rest[0] === 'list') return memberList(ctx, flags);
      ctx.out(`NAME:\n\tmember - Membership related commands\n\nUSAGE:\n\tetcdctl member <subcommand> [flags]\n\nAPI VERSION:\n\t3.5\n\n\nCOMMANDS:\n\tadd\tAdds a member into the cluster\n\tlist\tLists all members in the cluster\n\tpromote\tPromotes a non-voting member in the cluster\n\tremove\tRemoves a member from the cluster\n\tupdate\tUpdates a member in the cluster\n\nOPTIONS:\n  -h, --help[=false]\thelp for member\n\n`);
      return 0;
    case 'endpoint':
      return endpoint(ctx, flags, rest);
    case 'version':
      ctx.out(`etcdctl version: ${ETCD_VERSION}\nAPI version: 3.5\n`);
      return 0;
    default: {
      ctx.err(`Error: unknown command "${cmd}" for "etcdctl"\nRun 'etcdctl --help' for usage.\n`);
      return fail(ctx, EXIT_ERROR, `unknown command "${cmd}" for "etcdctl"`);
    }
  }
}

export const etcdctl: CommandSpec = {
  name: 'etcdctl',
  summary: "etcd's command-line client (installed beside Calico's etcd in the etcd scenario)",
  usage: 'etcdctl [flags] get|put|del|member list|endpoint health|endpoint status|version',
  installable: true,
  run,
};
