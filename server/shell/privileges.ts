// Root checks for commands that change the system; each tool words its refusal its own
// way, so the caller passes the exact message.
import type { CommandContext } from './types.js';

export const isRoot = (ctx: CommandContext) => ctx.session.user === 'root';

/** True for root; otherwise prints `message` on stderr and returns false. */
export function requireRoot(ctx: CommandContext, message: string): boolean {
  if (isRoot(ctx)) return true;
  ctx.err(message.endsWith('\n') ? message : message + '\n');
  return false;
}
