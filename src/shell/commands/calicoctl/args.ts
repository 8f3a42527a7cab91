/** A small docopt-like option parser for calicoctl's subcommands. */

export interface OptSpec {
  /** Long name without dashes, e.g. `output`. */
  long: string;
  short?: string;
  value?: boolean;
}

export type Parsed = { ok: true; opts: Record<string, string | true>; pos: string[] } | { ok: false };

export const COMMON_OPTS: OptSpec[] = [
  { long: 'help', short: 'h' },
  { long: 'config', short: 'c', value: true },
  { long: 'context', value: true },
  { long: 'allow-version-mismatch' },
];

/** Options anywhere (`-o yaml`, `-oyaml`, `--output=yaml`, `--output yaml`); anything unknown fails. */
export function parseOpts(args: string[], specs: OptSpec[]): Parsed {
  const all = [...COMMON_OPTS, ...specs];
  const opts: Record<string, string | true> = {};
  const pos: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-' || !a.startsWith('-')) {
      pos.push(a);
      continue;
    }
    let spec: OptSpec | undefined;
    let value: string | undefined;
    if (a.startsWith('--')) {
      const [name, v] = a.slice(2).split(/=(.*)/s, 2);
      spec = all.find((s) => s.long === name);
      value = v;
    } else {
      spec = all.find((s) => s.short === a[1]);
      if (a.length > 2) value = a.slice(2).replace(/^=/, '');
    }
    if (!spec) return { ok: false };
    if (spec.value) {
      if (value === undefined) {
        if (i + 1 >= args.length) return { ok: false };
        value = args[++i];
      }
      opts[spec.long] = value;
    } else {
      if (value !== undefined) return { ok: false };
      opts[spec.long] = true;
    }
  }
  return { ok: true, opts, pos };
}

export function invalidOption(args: string[]): string {
  return `Invalid option: 'calicoctl ${args.join(' ')}'. Use flag '--help' to read about a specific subcommand.\n`;
}

/**
 * calicoctl's namespace rules for one resource (resourcemgr's handling of -n/--all-namespaces):
 * a namespaced resource takes its own namespace, else -n, else `default`; a namespace on a
 * cluster-wide kind is an error. Returns the namespace to use, or calicoctl's error text.
 */
export function resourceNamespace(namespaced: boolean, kind: string, resNs: string | undefined, cliNs: string | undefined, allNs = false): { ok: true; namespace: string | undefined } | { ok: false; error: string } {
  if (namespaced) {
    if (allNs && cliNs) return { ok: false, error: 'cannot use both --namespace and --all-namespaces flags at the same time' };
    if (allNs) return { ok: true, namespace: undefined };
    if (!resNs) return { ok: true, namespace: cliNs || 'default' };
    if (cliNs && resNs !== cliNs) return { ok: false, error: `resource namespace does not match client namespace. ${resNs} != ${cliNs}` };
    return { ok: true, namespace: resNs };
  }
  if (resNs) return { ok: false, error: `namespace should not be specified for a non-namespaced resource. ${kind} is not a namespaced resource` };
  if (allNs || cliNs) return { ok: false, error: `${kind} is not namespaced` };
  return { ok: true, namespace: undefined };
}
