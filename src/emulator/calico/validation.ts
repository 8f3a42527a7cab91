/**
 * IPPool validation as libcalico-go's clientv3 does it before writing (ippool.go
 * validateAndSetDefaults, Create and Update), with its error texts (reference §6).
 */
import type { Json } from '../k8s/objects';
import { cidrNormalise, cidrOverlaps, cidrParse } from '../net/ip';

export interface FieldError {
  name: string;
  value?: string;
  reason: string;
}

/** libcalico-go's ErrorValidation text: one field inline, several as a `-  ` list. */
export function fieldErrorsText(errs: FieldError[]): string {
  const one = (e: FieldError) => (e.value === undefined ? `${e.name}` : `${e.name} = '${e.value}'`) + ` (${e.reason})`;
  if (errs.length === 1) return `error with field ${one(errs[0])}`;
  return 'error with the following fields:\n' + errs.map((e) => `-  ${one(e)}`).join('\n');
}

const MODES = ['Always', 'CrossSubnet', 'Never'];

/** Fill in defaults and validate an IPPool spec in place; returns the field errors. */
export function ippoolValidate(spec: Json): FieldError[] {
  const errs: FieldError[] = [];
  if (!spec.cidr) return [{ name: 'IPPool.Spec.CIDR', reason: 'IPPool CIDR must be specified' }];
  const parsed = typeof spec.cidr === 'string' && /^\d+\.\d+\.\d+\.\d+\/\d+$/.test(spec.cidr) ? cidrParse(spec.cidr) : null;
  if (!parsed) return [{ name: 'IPPool.Spec.CIDR', value: String(spec.cidr), reason: 'IPPool CIDR must be a valid subnet' }];
  const normal = cidrNormalise(spec.cidr)!;
  if (normal !== spec.cidr) errs.push({ name: 'IPPool.Spec.CIDR', value: normal, reason: 'IPPool CIDR is not strictly masked' });
  spec.blockSize ??= 26;
  spec.ipipMode ||= 'Never';
  spec.vxlanMode ||= 'Never';
  spec.nodeSelector ||= 'all()';
  spec.allowedUses ??= ['Workload', 'Tunnel'];
  if (!MODES.includes(spec.ipipMode)) errs.push({ name: 'IPPool.Spec.IPIPMode', value: String(spec.ipipMode), reason: 'IPIP mode must be one of Always, CrossSubnet or Never' });
  if (!MODES.includes(spec.vxlanMode)) errs.push({ name: 'IPPool.Spec.VXLANMode', value: String(spec.vxlanMode), reason: 'VXLAN mode must be one of Always, CrossSubnet or Never' });
  const bs = Number(spec.blockSize);
  if (!Number.isInteger(bs) || bs < 20 || bs > 32) {
    errs.push({ name: 'IPPool.Spec.BlockSize', value: String(spec.blockSize), reason: 'IPv4 block size must be between 20 and 32' });
  } else if (!spec.disabled && parsed.prefix > bs) {
    errs.push({ name: 'IPPool.Spec.CIDR', value: normal, reason: 'IP pool size is too small for use with Calico IPAM. It must be equal to or greater than the block size.' });
  }
  if (spec.ipipMode !== 'Never' && spec.vxlanMode !== 'Never' && MODES.includes(spec.ipipMode) && MODES.includes(spec.vxlanMode)) {
    errs.push({ name: 'IPPool.Spec.VXLANMode', value: spec.vxlanMode, reason: 'Cannot enable both VXLAN and IPIP on the same IPPool' });
  }
  if (cidrOverlaps(normal, '169.254.0.0/16')) errs.push({ name: 'IPPool.Spec.CIDR', value: normal, reason: 'IPPool CIDR overlaps with IPv4 Link Local range 169.254.0.0/16' });
  return errs;
}

/** Checks of a create against the pools that exist. */
export function ippoolCreateCheck(name: string, spec: Json, existing: { name: string; cidr: string }[]): FieldError[] {
  for (const p of existing) {
    if (cidrOverlaps(p.cidr, spec.cidr)) {
      return [{ name: 'IPPool.Spec.CIDR', value: spec.cidr, reason: `IPPool(${name}) CIDR overlaps with IPPool(${p.name}) CIDR ${p.cidr}` }];
    }
  }
  return [];
}

/** Checks of an update: CIDR and block size are immutable. */
export function ippoolUpdateCheck(spec: Json, old: Json): FieldError[] {
  if (spec.cidr !== old.cidr) return [{ name: 'IPPool.Spec.CIDR', value: spec.cidr, reason: 'IPPool CIDR cannot be modified' }];
  if (Number(spec.blockSize) !== Number(old.blockSize ?? 26)) return [{ name: 'IPPool.Spec.BlockSize', value: String(spec.blockSize), reason: 'IPPool BlockSize cannot be modified' }];
  return [];
}
