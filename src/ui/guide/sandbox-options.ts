/**
 * The sandbox picker's choices: encapsulation modes and node counts per scenario. The page keeps
 * its own copy of src/emulator/scenario-options.ts (the UI layer imports no engine code, so the
 * first screen's bundle stays small); tests/sandbox-options.test.ts holds the two equal, so the
 * picker, the worker and `npm run cli -- --nodes N --mode M` accept the same things.
 */
import type { EncapChoice } from '../../emulator/scenario-options';

export type { EncapChoice };

export const ENCAP_CHOICES: readonly EncapChoice[] = ['ipip', 'ipip-crosssubnet', 'vxlan', 'vxlan-crosssubnet', 'none'];

export const NODE_LIMITS: Record<string, { min: number; max: number; default: number }> = {
  default: { min: 1, max: 1000, default: 4 },
  installed: { min: 1, max: 1000, default: 4 },
  rr: { min: 3, max: 1000, default: 8 },
  'two-rack': { min: 2, max: 1000, default: 4 },
  tor: { min: 1, max: 1000, default: 4 },
  etcd: { min: 1, max: 1000, default: 4 },
};

export function isEncapChoice(v: unknown): v is EncapChoice {
  return typeof v === 'string' && (ENCAP_CHOICES as readonly string[]).includes(v);
}
