/**
 * What a sandbox may ask of a scenario beyond its name: how many nodes (within what the scenario
 * allows) and the encapsulation of Calico's default pool. Shared by the command-line runner, the
 * worker and the page's sandbox picker, so the three agree (the page keeps a copy,
 * src/ui/guide/sandbox-options.ts, held equal by tests/sandbox-options.test.ts).
 */

/** The encapsulation choices: the notes' IPIP Always, the two CrossSubnet modes, VXLAN, and none (plain BGP routes). */
export const ENCAP_MODES = ['ipip', 'ipip-crosssubnet', 'vxlan', 'vxlan-crosssubnet', 'none'] as const;
export type EncapChoice = (typeof ENCAP_MODES)[number];

/** The pool modes a choice gives: calico-node's CALICO_IPV4POOL_IPIP and CALICO_IPV4POOL_VXLAN. */
export const ENCAP_POOL_MODES: Record<EncapChoice, { ipip: string; vxlan: string }> = {
  ipip: { ipip: 'Always', vxlan: 'Never' },
  'ipip-crosssubnet': { ipip: 'CrossSubnet', vxlan: 'Never' },
  vxlan: { ipip: 'Never', vxlan: 'Always' },
  'vxlan-crosssubnet': { ipip: 'Never', vxlan: 'CrossSubnet' },
  none: { ipip: 'Never', vxlan: 'Never' },
};

export function isEncapChoice(v: unknown): v is EncapChoice {
  return typeof v === 'string' && (ENCAP_MODES as readonly string[]).includes(v);
}

/**
 * Node counts per scenario: `rr` keeps its two reflector candidates beside at least one worker and
 * the master, `two-rack` needs a node in each rack. Past 1000 the emulator stops; the page offers
 * up to 50 (a share link carries up to 64).
 */
export const SCENARIO_NODES: Record<string, { min: number; max: number; default: number }> = {
  default: { min: 1, max: 1000, default: 4 },
  installed: { min: 1, max: 1000, default: 4 },
  rr: { min: 3, max: 1000, default: 8 },
  'two-rack': { min: 2, max: 1000, default: 4 },
  tor: { min: 1, max: 1000, default: 4 },
  etcd: { min: 1, max: 1000, default: 4 },
};

/** Why a scenario cannot start with these options, as a sentence; null when it can. */
export function scenarioOptionsProblem(scenario: string, nodes: number | undefined, mode: string | undefined): string | null {
  const limits = SCENARIO_NODES[scenario];
  if (!limits) return `unknown scenario: ${scenario}`;
  if (nodes !== undefined && (!Number.isInteger(nodes) || nodes < limits.min || nodes > limits.max)) return `scenario ${scenario} takes ${limits.min} to ${limits.max} nodes`;
  if (mode !== undefined && !isEncapChoice(mode)) return `unknown mode: ${mode} (${ENCAP_MODES.join(', ')})`;
  return null;
}

/** calico.yaml with the default pool's modes set for a choice (the env calico-node reads at its first start). */
export function manifestWithMode(text: string, mode: EncapChoice | undefined): string {
  if (!mode) return text;
  const m = ENCAP_POOL_MODES[mode];
  return text
    .replace(/(- name: CALICO_IPV4POOL_IPIP\n\s+value: )"[^"]*"/, `$1"${m.ipip}"`)
    .replace(/(- name: CALICO_IPV4POOL_VXLAN\n\s+value: )"[^"]*"/, `$1"${m.vxlan}"`);
}
