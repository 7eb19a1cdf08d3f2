// Randomised root causes: different seeds draw different causes, and the fix of one cause
// does not fix another.
import { describe, expect, it } from 'vitest';
import { play } from '../../server/game/solve.js';
import { buildScenarioWorld } from '../../server/game/setup.js';
import { catalogue } from './catalogue.js';

const pooled = catalogue().filter((s) => s.faults.some((f) => f.kind === 'pool'));

/** The first seed that draws each option of the scenario's first pool. */
function seedsByOption(scenario: (typeof pooled)[number]): Map<number, number> {
  const slot = scenario.faults.findIndex((f) => f.kind === 'pool');
  const seeds = new Map<number, number>();
  const pool = scenario.faults[slot];
  const options = pool.kind === 'pool' ? pool.choices.length : 1;
  for (let seed = 1; seed <= 200 && seeds.size < options; seed++) {
    const option = buildScenarioWorld(scenario, seed).drawn[slot].option!;
    if (!seeds.has(option)) seeds.set(option, seed);
  }
  return seeds;
}

describe('seeded pools of root causes', () => {
  it('the catalogue has at least 4 network scenarios with a pool', () => {
    expect(pooled.length).toBeGreaterThanOrEqual(4);
  });

  it.each(pooled.map((s) => [s.id, s] as const))('%s: 20 seeds draw different causes, and every cause can be drawn', (_, scenario) => {
    const slot = scenario.faults.findIndex((f) => f.kind === 'pool');
    const pool = scenario.faults[slot];
    const drawn = new Set(Array.from({ length: 20 }, (_, i) => buildScenarioWorld(scenario, i + 1).drawn[slot].option));
    expect(drawn.size).toBeGreaterThan(1);
    expect(seedsByOption(scenario).size).toBe(pool.kind === 'pool' ? pool.choices.length : 1);
  });

  it.each(pooled.map((s) => [s.id, s] as const))('%s: the fix for one cause does not fix another', (_, scenario) => {
    const slot = scenario.faults.findIndex((f) => f.kind === 'pool');
    const pool = scenario.faults[slot];
    if (pool.kind !== 'pool') throw new Error('no pool');
    const seeds = seedsByOption(scenario);
    for (const [a, choiceA] of pool.choices.entries()) {
      for (const [b] of pool.choices.entries()) {
        if (a === b) continue;
        const { game } = play(scenario, seeds.get(b)!, choiceA.solutions[0].steps);
        const red = game.objectives().filter((o) => o.kind === 'objective' && !o.ok);
        expect(red.length, `fix of option ${a + 1} (${choiceA.type}) played on option ${b + 1} (${pool.choices[b].type})`).toBeGreaterThan(0);
      }
    }
  });
});
