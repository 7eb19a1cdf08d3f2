import { describe, expect, it } from 'vitest';
import { reckonedSimMs } from '../../../client/app/clock.js';
import type { RoomState } from '../../../client/app/state.js';
import type { RoomView } from '../../../shared/protocol.js';

const room = (clock: RoomView['clock'], state: RoomView['state'], clockAt?: number): RoomState =>
  ({ seq: 1, you: 'p1', owner: true, clockAt, view: { state, clock } as RoomView });

describe('the clock a player sees', () => {
  it('runs on with wall time from when the view set it', () => {
    expect(reckonedSimMs(room({ simMs: 60_000, paused: false }, 'running', 1_000), 4_500)).toBe(63_500);
  });
  it('holds while commands have run it ahead, then runs on', () => {
    const r = room({ simMs: 60_000, paused: false, holdMs: 5_000 }, 'running', 1_000);
    expect(reckonedSimMs(r, 4_000)).toBe(60_000);
    expect(reckonedSimMs(r, 8_000)).toBe(62_000);
  });
  it('stands still when paused, before the start, after the end, or without a time of arrival', () => {
    expect(reckonedSimMs(room({ simMs: 60_000, paused: true }, 'running', 1_000), 9_000)).toBe(60_000);
    expect(reckonedSimMs(room({ simMs: 0, paused: false }, 'lobby', 1_000), 9_000)).toBe(0);
    expect(reckonedSimMs(room({ simMs: 60_000, paused: false }, 'finished', 1_000), 9_000)).toBe(60_000);
    expect(reckonedSimMs(room({ simMs: 60_000, paused: false }, 'running'), 9_000)).toBe(60_000);
  });
});
