/** kubectl's flag parsing (cobra/pflag rules: `-n x`, `-nx`, `-n=x`, `--namespace=x`, `--`). */

export type FlagType = 'bool' | 'string' | 'strings';

export interface FlagDef {
  type: FlagType;
  short?: string;
}

export type Flags = Record<string, string | boolean | string[] | undefined>;

export interface ParsedArgs {
  args: string[];
  /** Words after `--` (exec's command). */
  dash: string[] | null;
  flags: Flags;
}

/** Flags every kubectl verb accepts. */
export const GLOBAL_FLAGS: Record<string, FlagDef> = {
  namespace: { type: 'string', short: 'n' },
  kubeconfig: { type: 'string' },
  context: { type: 'string' },
  server: { type: 'string', short: 's' },
  v: { type: 'string', short: 'v' },
  'request-timeout': { type: 'string' },
};

export function argsParse(argv: string[], defs: Record<string, FlagDef>, verb: string): { ok: true; parsed: ParsedArgs } | { ok: false; error: string } {
  const all = { ...GLOBAL_FLAGS, ...defs };
  const byShort = new Map(Object.entries(all).filter(([, d]) => d.short).map(([k, d]) => [d.short!, k]));
  const flags: Flags = {};
  const args: string[] = [];
  const usage = `\nSee 'kubectl ${verb} --help' for usage.`;
  const set = (name: string, value: string | boolean) => {
    if (all[name].type === 'strings') flags[name] = [...((flags[name] as string[]) ?? []), String(value)];
    else flags[name] = value;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') return { ok: true, parsed: { args, dash: argv.slice(i + 1), flags } };
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq < 0 ? a.slice(2) : a.slice(2, eq);
      const def = all[name];
      if (!def) return { ok: false, error: `error: unknown flag: --${name}${usage}` };
      if (def.type === 'bool') set(name, eq < 0 ? true : a.slice(eq + 1) !== 'false');
      else if (eq >= 0) set(name, a.slice(eq + 1));
      else if (i + 1 < argv.length) set(name, argv[++i]);
      else return { ok: false, error: `error: flag needs an argument: --${name}${usage}` };
    } else if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const name = byShort.get(a[j]);
        if (!name) return { ok: false, error: `error: unknown shorthand flag: '${a[j]}' in ${a}${usage}` };
        if (all[name].type === 'bool') {
          set(name, true);
          continue;
        }
        let value = a.slice(j + 1);
        if (value.startsWith('=')) value = value.slice(1);
        if (value === '' && j + 1 === a.length) {
          if (i + 1 >= argv.length) return { ok: false, error: `error: flag needs an argument: '${a[j]}' in ${a}${usage}` };
          value = argv[++i];
        }
        set(name, value);
        break;
      }
    } else args.push(a);
  }
  return { ok: true, parsed: { args, dash: null, flags } };
}
