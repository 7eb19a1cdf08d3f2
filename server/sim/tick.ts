// Simulated time passing in a world: the clock moves on and everything that runs by itself
// (the Kubernetes controllers) catches up, one step of a second at a time, always on the same
// grid of instants, so a world stays a pure function of its start and the times of commands.
import { runtimeOf } from './k8s/runtime.js';
import { tickCluster } from './k8s/tick.js';
import type { World } from './world/types.js';

export const STEP_MS = 1000;

/** Runs the controllers for every step between their last run and `world.now`. */
export function catchUp(world: World): void {
  const rt = runtimeOf(world);
  if (!rt) return;
  const target = world.now;
  while (rt.syncedTo + STEP_MS <= target) {
    world.now = rt.syncedTo + STEP_MS;
    tickCluster(world);
  }
  world.now = target;
}

/** Lets `dtMs` of simulated time pass. */
export function tickWorld(world: World, dtMs: number): void {
  if (dtMs > 0 && Number.isFinite(dtMs)) world.now += dtMs;
  catchUp(world);
}
