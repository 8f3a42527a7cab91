/** `calicoctl node status` (filled in by the BGP work). */
import type { CommandContext } from '../../context';

export function calicoctlNodeStatus(ctx: CommandContext, _args: string[]): number {
  ctx.err('Calico process is not running.\n');
  return 1;
}
