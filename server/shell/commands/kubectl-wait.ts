// Simulated time passing inside kubectl commands that wait for the cluster (rollout
// status, delete, get --watch, logs -f): `ctx.wait` moves the clock and the cluster's
// controllers catch up with it (server/shell/shell.ts). A cluster without a runtime is a
// static snapshot: there these commands report the current state once instead of waiting.
import { runtimeOf } from '../../sim/k8s/runtime.js';
import type { World } from '../../sim/world/types.js';
import type { CommandContext } from '../types.js';

/** Whether waiting can change anything: the cluster runs (it is not a static snapshot). */
export const canWait = (world: World) => runtimeOf(world) !== undefined;

/** Lets `ms` of simulated time pass; the controllers react meanwhile. */
export function advance(ctx: CommandContext, ms: number): void {
  ctx.wait(ms);
}

/**
 * How long a command may keep waiting: `ms`, or less when the player presses Ctrl-C first.
 * The budget runs just past the interrupt, so that the shell sees the command interrupted
 * (it shows `^C` and the status 130) while the cluster has moved on no further than that.
 */
export function waitBudget(ctx: CommandContext, ms: number): number {
  return ctx.interruptAt === undefined ? ms : Math.max(0, Math.min(ms, ctx.interruptAt + 1 - ctx.elapsed));
}

/**
 * Polls `done` every `stepMs` until it holds or `timeoutMs` passed (0: the cap of
 * `maxMs`). Returns whether it held. Checks once when the cluster cannot move.
 */
export function waitUntil(ctx: CommandContext, done: () => boolean, stepMs: number, timeoutMs: number, maxMs = 10 * 60_000): boolean {
  if (done()) return true;
  if (!canWait(ctx.world)) return false;
  const limit = waitBudget(ctx, timeoutMs > 0 ? timeoutMs : maxMs);
  const start = ctx.elapsed;
  while (ctx.elapsed - start < limit) {
    advance(ctx, Math.min(stepMs, limit - (ctx.elapsed - start)));
    if (done()) return true;
  }
  return false;
}
