// A loaded scenario: what the author wrote (see the README, "Writing a scenario"), with the
// world's base merged in and durations in simulated milliseconds.
import type { WorldSpec } from '../../sim/world/spec.js';
import type { Check } from '../objectives.js';

export const DIFFICULTIES = ['beginner', 'intermediate', 'advanced', 'expert'] as const;
export type Difficulty = (typeof DIFFICULTIES)[number];

/** Hints come in tiers: a nudge, a direction, then the command. */
export const HINT_TIERS = ['nudge', 'direction', 'command'] as const;
export type HintTier = (typeof HINT_TIERS)[number];

export interface Hint {
  tier: HintTier;
  text: string;
  /** Points the hint costs the player who asks for it. */
  cost: number;
}

/** A command script typed by one player from the scenario's start host. */
export interface Solution {
  name: string;
  steps: string[];
}

/** One root cause: a fault of the library with its parameters, and what is specific to it. */
export interface FaultChoice {
  type: string;
  params: Record<string, unknown>;
  /** Hints for this cause; they replace the scenario's hints of the same tiers. */
  hints: Hint[];
  /** Fixes of this cause (the first is the reference fix of the report). */
  solutions: Solution[];
  /** Plausible fixes that must not work for this cause (checked by `opsdrill solve`). */
  wrongFixes: Solution[];
}

/** A fault slot: always the same cause, or one drawn from a pool with the seed. */
export type FaultSlot = { kind: 'fixed'; choice: FaultChoice } | { kind: 'pool'; choices: FaultChoice[] };

export interface ObjectiveDef {
  id: string;
  title: string;
  /** The page raised while it is red; `{observed}` is replaced by what the check saw (e.g. `HTTP 502`). */
  alert: string;
  check: Check;
}

export interface Scenario {
  /** Path of the scenario file (for messages). */
  file: string;
  id: string;
  title: string;
  /** What the players are told: the symptom, never the cause. */
  briefing: string;
  difficulty: Difficulty;
  layers: string[];
  tags: string[];
  /** Par time on the simulated clock, in ms. */
  parMs: number;
  start: { host: string; user: string };
  /** Base merged with the overrides. */
  world: WorldSpec;
  faults: FaultSlot[];
  /** Red at the start; the players turn them green. */
  objectives: ObjectiveDef[];
  /** Green at the start and must stay green (collateral damage when they go red). */
  guards: ObjectiveDef[];
  /** Objects the players must not delete: `host:NAME`, `iface:HOST/IFACE`, `unit:HOST/UNIT`, `sg:ID`. */
  protected: string[];
  hints: Hint[];
  /** Fixes that work whatever cause the pools drew. */
  solutions: Solution[];
  wrongFixes: Solution[];
}
