// A scenario's world for one seed: the world built from the spec, the root causes drawn
// from the pools, the faults injected. Also what follows from the draw: the hints and the
// fixes that apply to it.
import { Rng } from '../sim/rng.js';
import { buildWorld } from '../sim/world/build.js';
import type { World } from '../sim/world/types.js';
import { injectFault, type InjectedFault } from './faults/index.js';
import { HINT_TIERS, type FaultChoice, type Hint, type Scenario, type Solution } from './scenario/types.js';

/** The cause drawn for one fault slot (`option`: its index in the pool, if a pool). */
export interface Drawn {
  slot: number;
  option?: number;
  choice: FaultChoice;
}

export interface ScenarioWorld {
  world: World;
  drawn: Drawn[];
  faults: InjectedFault[];
}

/** The fault library's randomness: its own stream, so that faults do not shift the world's PRNG. */
const faultRng = (seed: number) => new Rng((Math.imul(seed >>> 0, 0x9e3779b1) ^ 0x5eedfa17) >>> 0);

/** Draws one cause per slot with the seed. */
export function drawCauses(scenario: Scenario, rng: Rng): Drawn[] {
  return scenario.faults.map((slot, i) => {
    if (slot.kind === 'fixed') return { slot: i, choice: slot.choice };
    const option = rng.int(0, slot.choices.length - 1);
    return { slot: i, option, choice: slot.choices[option] };
  });
}

/**
 * Builds the scenario's world for `seed` and injects its faults (the drawn causes, or the
 * given ones). Throws FaultError or WorldSpecError for a scenario that does not fit together
 * (lint reports those first).
 */
export function buildScenarioWorld(scenario: Scenario, seed: number, causes?: Drawn[]): ScenarioWorld {
  const world = buildWorld(scenario.world, seed);
  const rng = faultRng(seed);
  const drawn = causes ?? drawCauses(scenario, rng);
  const faults = drawn.map((d) => injectFault(world, d.choice.type, d.choice.params, rng, -rng.int(180, 900) * 1000));
  return { world, drawn, faults };
}

/** Hints for the drawn causes: the scenario's, with each tier a cause defines replaced by the cause's. */
export function hintsFor(scenario: Scenario, drawn: Drawn[]): Hint[] {
  const own = drawn.flatMap((d) => d.choice.hints);
  const tiers = new Set(own.map((h) => h.tier));
  const all = [...scenario.hints.filter((h) => !tiers.has(h.tier)), ...own];
  return HINT_TIERS.flatMap((t) => all.filter((h) => h.tier === t));
}

/**
 * Full scripts for the drawn causes, from `pick` (solutions or wrongFixes): the scenario's
 * own, then for each cause each of its scripts, with every other cause's first solution
 * before it (slot order) so that the whole scenario is fixed but for that script.
 */
function compose(scenario: Scenario, drawn: Drawn[], pick: 'solutions' | 'wrongFixes'): Solution[] {
  const out: Solution[] = [...scenario[pick]];
  for (const d of drawn) {
    for (const s of d.choice[pick]) {
      const others = drawn.filter((o) => o !== d).map((o) => o.choice.solutions[0]?.steps ?? []);
      out.push({ name: s.name, steps: [...others.flat(), ...s.steps] });
    }
  }
  return out;
}

/** The fixes that apply to the drawn causes; the first is the reference fix of the report. */
export const solutionsFor = (scenario: Scenario, drawn: Drawn[]) => compose(scenario, drawn, 'solutions');

/** Plausible fixes that must leave at least one objective red for the drawn causes. */
export const wrongFixesFor = (scenario: Scenario, drawn: Drawn[]) => compose(scenario, drawn, 'wrongFixes');

/** Every combination of causes the pools can draw (for lint and solve). */
export function allCauses(scenario: Scenario): Drawn[][] {
  let combos: Drawn[][] = [[]];
  scenario.faults.forEach((slot, i) => {
    const options: Drawn[] = slot.kind === 'fixed' ? [{ slot: i, choice: slot.choice }] : slot.choices.map((choice, option) => ({ slot: i, option, choice }));
    combos = combos.flatMap((c) => options.map((o) => [...c, o]));
  });
  return combos;
}
