/** `iptables` (v1.8.7, nf_tables, as on Ubuntu 22.04) and `iptables-save`, on the node's own tables. */
import type { CommandContext, CommandSpec } from '../../context';
import type { IptTableName, IptablesState } from '../../../emulator/net/iptables-types';
import { TABLES } from '../../../emulator/net/iptables-types';
import { chainFind, chainIsBuiltin, chainReferences, iptablesOf } from '../../../emulator/net/iptables';
import type { IptError } from '../../../emulator/net/iptables-spec';
import { IPT_VERSION, ruleFinish, ruleOption, ruleParseStart, ruleSame, ruleSpec } from '../../../emulator/net/iptables-spec';
import { chainList, chainRules, chainsOrdered, ruleLine } from './list';
import type { ListFormat } from './list';
import { iptablesSave } from './save';

const TRY = "Try `iptables -h' or 'iptables --help' for more information.\n";
const COMMANDS: Record<string, string> = {
  '-L': 'L', '--list': 'L', '-S': 'S', '--list-rules': 'S', '-A': 'A', '--append': 'A', '-I': 'I', '--insert': 'I', '-D': 'D', '--delete': 'D',
  '-R': 'R', '--replace': 'R', '-N': 'N', '--new-chain': 'N', '-X': 'X', '--delete-chain': 'X', '-F': 'F', '--flush': 'F', '-P': 'P', '--policy': 'P',
  '-Z': 'Z', '--zero': 'Z', '-C': 'C', '--check': 'C',
};
/** Commands whose chain is optional, and those that also take a rule number. */
const OPTIONAL_CHAIN = 'LSXFZ';
const TARGETS = ['ACCEPT', 'DROP', 'REJECT', 'RETURN', 'MARK', 'MASQUERADE', 'LOG', 'SNAT', 'DNAT'];

function paramError(ctx: CommandContext, e: IptError): number {
  ctx.err(`iptables ${IPT_VERSION}: ${e.error}\n${e.blank ? '\n' : ''}${TRY}`);
  return 2;
}

function fail(ctx: CommandContext, msg: string): number {
  ctx.err(`iptables: ${msg}\n`);
  return 1;
}

interface Parsed {
  cmd: string;
  chain?: string;
  num?: number;
  extra?: string;
  table: IptTableName;
  fmt: ListFormat;
}

function run(ctx: CommandContext): number {
  const args = ctx.argv.slice(1);
  const p: Parsed = { cmd: '', table: 'filter', fmt: { numeric: false, verbose: false, exact: false, lineNumbers: false } };
  const st = ruleParseStart();
  for (let i = 0; i < args.length; ) {
    const a = args[i];
    if (a === '-h' || a === '--help') {
      ctx.out(`iptables ${IPT_VERSION}\n\nUsage: iptables -[ACD] chain rule-specification [options]\n       iptables -I chain [rulenum] rule-specification [options]\n       iptables -R chain rulenum rule-specification [options]\n       iptables -D chain rulenum [options]\n       iptables -[LS] [chain [rulenum]] [options]\n       iptables -[FZ] [chain] [options]\n       iptables -[NX] chain\n       iptables -E old-chain-name new-chain-name\n       iptables -P chain target [options]\n       iptables -h (print this help information)\n`);
      return 0;
    }
    if (a === '-V' || a === '--version') {
      ctx.out(`iptables ${IPT_VERSION}\n`);
      return 0;
    }
    const c = COMMANDS[a] ?? (/^-[LSAIDRNXFPZC][nvx]+$/.test(a) ? COMMANDS[a.slice(0, 2)] : undefined);
    if (c) {
      if (p.cmd) return paramError(ctx, { error: 'Cannot use more than one command at once' });
      p.cmd = c;
      for (const f of a.slice(2)) if (f === 'n') p.fmt.numeric = true; else if (f === 'v') p.fmt.verbose = true; else p.fmt.exact = true;
      i++;
      const word = (k: number) => args[k] !== undefined && !args[k].startsWith('-') && args[k] !== '!';
      if (word(i)) p.chain = args[i++];
      else if (!OPTIONAL_CHAIN.includes(c)) return paramError(ctx, { error: `option "${a}" requires an argument` });
      if ('IDRLSZ'.includes(c) && word(i) && /^\d+$/.test(args[i])) p.num = Number(args[i++]);
      else if ('RC'.includes(c) && c === 'R') return paramError(ctx, { error: `option "${a}" requires an argument` });
      if (c === 'P') {
        if (!word(i)) return paramError(ctx, { error: `option "${a}" requires an argument` });
        p.extra = args[i++];
      }
      continue;
    }
    if (a === '-t' || a === '--table') {
      const t = args[i + 1];
      if (t === undefined) return paramError(ctx, { error: `option "${a}" requires an argument` });
      if (!(TABLES as string[]).includes(t)) {
        ctx.err(`iptables ${IPT_VERSION}: can't initialize iptables table \`${t}': Table does not exist (do you need to insmod?)\nPerhaps iptables or your kernel needs to be upgraded.\n`);
        return 3;
      }
      p.table = t as IptTableName;
      i += 2;
      continue;
    }
    if (a === '-n' || a === '--numeric') p.fmt.numeric = true;
    else if (a === '-v' || a === '--verbose') p.fmt.verbose = true;
    else if (a === '-x' || a === '--exact') p.fmt.exact = true;
    else if (a === '--line-numbers') p.fmt.lineNumbers = true;
    else if (a === '-w' || a === '--wait') { if (/^\d+$/.test(args[i + 1] ?? '')) i++; }
    else {
      const next = ruleOption(st, args, i);
      if (next === null) return paramError(ctx, { error: `Bad argument \`${a}'`, blank: true });
      if (typeof next !== 'number') return paramError(ctx, next);
      i = next;
      continue;
    }
    i++;
  }
  if (!p.cmd) return paramError(ctx, { error: 'no command specified' });
  const ipt = iptablesOf(ctx.node);
  const r = execute(ctx, ipt, p, ruleFinish(st.rule));
  return r;
}

function execute(ctx: CommandContext, ipt: IptablesState, p: Parsed, rule: ReturnType<typeof ruleFinish>): number {
  const table = ipt.tables[p.table];
  const chain = p.chain ? chainFind(ipt, p.table, p.chain) : undefined;
  const noChain = () => fail(ctx, 'No chain/target/match by that name.');
  if (p.chain && !chain && p.cmd !== 'N') return noChain();
  if ('AIDRC'.includes(p.cmd) && rule.target && !TARGETS.includes(rule.target)) {
    if (!chainFind(ipt, p.table, rule.target) || chainIsBuiltin(p.table, rule.target)) return paramError(ctx, { error: `Chain '${rule.target}' does not exist` });
  }
  const changed = () => {
    ipt.rev++;
    return 0;
  };
  switch (p.cmd) {
    case 'L': {
      // `-L CHAIN N`: that rule's line alone, without the chain's header (as list_entries does).
      if (chain && p.num !== undefined) {
        const r = chain.rules[p.num - 1];
        if (r) ctx.out(ruleLine(r, p.num - 1, p.fmt) + '\n');
        return 0;
      }
      const chains = chain ? [chain] : chainsOrdered(ipt, p.table);
      ctx.out(chains.map((c) => chainList(ipt, p.table, c, p.fmt)).join('\n'));
      return 0;
    }
    case 'S':
      if (chain && p.num !== undefined) {
        const r = chain.rules[p.num - 1];
        if (r) ctx.out(`-A ${chain.name} ${ruleSpec(r)}`.trimEnd() + '\n');
        return 0;
      }
      ctx.out(chainRules(chain ? [chain] : chainsOrdered(ipt, p.table), !!chain));
      return 0;
    case 'A':
      chain!.rules.push(rule);
      return changed();
    case 'I': {
      const at = (p.num ?? 1) - 1;
      if (at > chain!.rules.length) return fail(ctx, 'Index of insertion too big.');
      chain!.rules.splice(at, 0, rule);
      return changed();
    }
    case 'R':
      if (!p.num || p.num > chain!.rules.length) return fail(ctx, 'Index of replacement too big.');
      chain!.rules[p.num - 1] = rule;
      return changed();
    case 'D': {
      const at = p.num !== undefined ? p.num - 1 : chain!.rules.findIndex((r) => ruleSame(r, rule));
      if (p.num !== undefined && (at < 0 || at >= chain!.rules.length)) return fail(ctx, 'Index of deletion too big.');
      if (at < 0) return fail(ctx, 'Bad rule (does a matching rule exist in that chain?).');
      chain!.rules.splice(at, 1);
      return changed();
    }
    case 'C':
      return chain!.rules.some((r) => ruleSame(r, rule)) ? 0 : fail(ctx, 'Bad rule (does a matching rule exist in that chain?).');
    case 'N':
      if (chain) return fail(ctx, 'Chain already exists.');
      table.chains.push({ name: p.chain!, pkts: 0, bytes: 0, rules: [] });
      return changed();
    case 'X': {
      const victims = chain ? [chain] : table.chains.filter((c) => !c.policy);
      if (chain?.policy) return fail(ctx, 'Invalid argument. Run `dmesg\' for more information.');
      for (const v of victims) {
        if (chainReferences(ipt, p.table, v.name) > 0 || v.rules.length) {
          ctx.err(`iptables ${IPT_VERSION}: CHAIN_USER_DEL failed (Device or resource busy): chain ${v.name}\n`);
          return 1;
        }
      }
      table.chains = table.chains.filter((c) => !victims.includes(c));
      return changed();
    }
    case 'F':
      for (const c of chain ? [chain] : table.chains) c.rules = [];
      return changed();
    case 'Z':
      for (const c of chain ? [chain] : table.chains) {
        c.pkts = c.bytes = 0;
        for (const r of c.rules) r.pkts = r.bytes = 0;
      }
      return 0;
    case 'P':
      if (!chain!.policy) return fail(ctx, 'Bad built-in chain name.');
      if (p.extra !== 'ACCEPT' && p.extra !== 'DROP') return fail(ctx, "Bad policy name. Run `dmesg' for more information.");
      chain!.policy = p.extra;
      return changed();
  }
  return 0;
}

export const iptables: CommandSpec = {
  name: 'iptables',
  summary: 'administration tool for IPv4 packet filtering and NAT',
  usage: 'iptables [-t table] {-A|-C|-D|-I|-R|-S|-L|-F|-Z|-N|-X|-P} [chain] [rule-specification] [options]',
  run,
};

export const iptablesCommands: CommandSpec[] = [iptables, iptablesSave];
