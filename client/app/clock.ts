// The simulated clock as a player sees it: the view carries it only when it changes course
// (see RoomView.clock), and the client runs it on with wall time in between.
import type { RoomState } from './state.js';

/** Simulated ms to show at wall time `now` (performance.now), from the clock the view last carried. */
export function reckonedSimMs(room: RoomState, now: number): number {
  const { clock, state } = room.view;
  if (state !== 'running' || clock.paused || room.clockAt === undefined) return clock.simMs;
  return clock.simMs + Math.max(0, now - room.clockAt - (clock.holdMs ?? 0));
}
