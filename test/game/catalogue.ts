// The shipped scenarios, loaded once per test file.
import { loadScenarioFile, scenarioFiles, SCENARIO_DIR } from '../../client/scenario-files.js';
import type { Scenario } from '../../server/game/scenario/types.js';
import { buildScenarioWorld } from '../../server/game/setup.js';

export function catalogue(): Scenario[] {
  return scenarioFiles([SCENARIO_DIR]).map((f) => {
    const r = loadScenarioFile(f);
    if (!r.scenario) throw new Error(r.errors.map((e) => `${e.file}:${e.line}: ${e.message}`).join('\n'));
    return r.scenario;
  });
}

export function scenario(id: string): Scenario {
  const s = catalogue().find((x) => x.id === id);
  if (!s) throw new Error(`no scenario ${id}`);
  return s;
}

/** The first seed whose draw includes a fault of `type` (on `host`, if given). */
export function seedFor(scenario: Scenario, type: string, host?: string): number {
  for (let seed = 1; seed <= 500; seed++) {
    const { faults } = buildScenarioWorld(scenario, seed);
    if (faults.some((f) => f.type === type && (host === undefined || f.params.host === host))) return seed;
  }
  throw new Error(`${scenario.id}: no seed draws ${type}${host ? ` on ${host}` : ''}`);
}
