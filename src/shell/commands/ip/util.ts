/** iproute2's argument conventions. */
import type { CommandContext } from '../../context';

/** iproute2 accepts any prefix of a keyword (`ip r`, `ip ro`, `ip route`). */
export function matches(typed: string, keyword: string): boolean {
  return typed.length > 0 && keyword.startsWith(typed);
}

export function ipError(ctx: CommandContext, message: string, status: number): number {
  ctx.err(message + '\n');
  return status;
}
