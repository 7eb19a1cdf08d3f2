// Scoring: a pure function of what happened, so the same command log gives the same score.
//   resolution  the difficulty's base points, if every objective is green at the end;
//               split between the objectives, each credited to the player whose command
//               turned it green (for the last time)
//   time        up to half the base: all of it at or under par, none at twice par
//               (simulated clock, from the start to mitigation); shared by the players who
//               changed the world
//   hints       minus each hint's cost, charged to the player who asked
//   collateral  minus 30 for each objective or guard a command turned red, 50 for each
//               protected object deleted, 10 for each flow that no longer behaves as in the
//               healthy world (a firewall flushed open, a route deleted by mistake);
//               charged to the player whose command did it
// The team's score is the sum, never below zero.
import type { Difficulty } from './scenario/types.js';

export const BASE_POINTS: Record<Difficulty, number> = { beginner: 100, intermediate: 200, advanced: 300, expert: 400 };
export const PENALTY = { broke: 30, protected: 50, flow: 10 } as const;

export interface Collateral {
  kind: 'broke' | 'protected' | 'flow';
  /** What was damaged: an objective id, a protected object, a flow. */
  what: string;
  at: number;
  /** The player whose command did it (undefined: nobody can be blamed). */
  player?: string;
}

export interface ScoreInput {
  difficulty: Difficulty;
  parMs: number;
  /** When every objective went green for good; undefined if not mitigated. */
  mitigatedAt?: number;
  /** Objective id -> the player whose command turned it green for the last time (for those green at the end). */
  fixedBy: Record<string, string | undefined>;
  objectiveCount: number;
  /** Players who changed the world at least once. */
  contributors: string[];
  hints: { player: string; cost: number }[];
  collateral: Collateral[];
  players: string[];
}

export interface PlayerScore {
  player: string;
  resolution: number;
  time: number;
  hints: number;
  collateral: number;
  total: number;
}

export interface Score {
  base: number;
  resolution: number;
  time: number;
  hints: number;
  collateral: number;
  total: number;
  players: PlayerScore[];
}

/** Splits `points` into `n` integer shares that add up (the first ones get the remainder). */
function shares(points: number, n: number): number[] {
  const each = Math.floor(points / n);
  return Array.from({ length: n }, (_, i) => each + (i < points - each * n ? 1 : 0));
}

export function score(input: ScoreInput): Score {
  const base = BASE_POINTS[input.difficulty];
  const solved = input.mitigatedAt !== undefined;
  const per: Record<string, PlayerScore> = Object.fromEntries(input.players.map((p) => [p, { player: p, resolution: 0, time: 0, hints: 0, collateral: 0, total: 0 }]));
  const add = (p: string | undefined, key: 'resolution' | 'time' | 'hints' | 'collateral', v: number) => {
    if (p !== undefined && per[p]) per[p][key] += v;
  };
  let resolution = 0;
  let time = 0;
  if (solved) {
    resolution = base;
    const credited = shares(base, input.objectiveCount);
    Object.values(input.fixedBy).forEach((p, i) => add(p, 'resolution', credited[i] ?? 0));
    const t = input.mitigatedAt!;
    time = Math.round((base / 2) * Math.min(1, Math.max(0, (2 * input.parMs - t) / input.parMs)));
    const contributors = input.contributors.length ? input.contributors : input.players;
    shares(time, contributors.length).forEach((v, i) => add(contributors[i], 'time', v));
  }
  let hints = 0;
  for (const h of input.hints) {
    hints -= h.cost;
    add(h.player, 'hints', -h.cost);
  }
  let collateral = 0;
  for (const c of input.collateral) {
    collateral -= PENALTY[c.kind];
    add(c.player, 'collateral', -PENALTY[c.kind]);
  }
  const players = Object.values(per).map((p) => ({ ...p, total: p.resolution + p.time + p.hints + p.collateral }));
  return { base, resolution, time, hints, collateral, total: Math.max(0, resolution + time + hints + collateral), players };
}
