import { describe, expect, it } from 'vitest';
import { solveScenario } from '../../server/game/solve.js';
import { catalogue } from './catalogue.js';

const SEEDS = Array.from({ length: 20 }, (_, i) => i + 1);

describe('opsdrill solve over the catalogue (20 seeds)', () => {
  it.each(catalogue().map((s) => [s.id, s] as const))('%s: red at the start, every fix turns it green without collateral damage, wrong fixes stay red', (_, scenario) => {
    const r = solveScenario(scenario, SEEDS);
    expect(r.problems.map((p) => `seed ${p.seed} (${p.causes}): ${p.message}`)).toEqual([]);
    expect(r.fixesRun).toBeGreaterThanOrEqual(SEEDS.length);
  }, 600_000);
});
