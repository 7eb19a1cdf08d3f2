// The README's complete scenario example lints and solves.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { baseReader, SCENARIO_DIR } from '../../client/scenario-files.js';
import { lintScenario } from '../../server/game/scenario/lint.js';
import { formatLintError } from '../../server/game/scenario/load.js';
import { solveScenario } from '../../server/game/solve.js';

describe('the README example scenario', () => {
  it('lints and solves on 10 seeds', () => {
    const readme = readFileSync('README.md', 'utf8');
    const section = readme.slice(readme.indexOf('### Writing a scenario'));
    const yaml = /```yaml\n([\s\S]*?)```/.exec(section)![1];
    const r = lintScenario(yaml, 'readme-example.yaml', baseReader(`${SCENARIO_DIR}/readme-example.yaml`));
    expect(r.errors.map(formatLintError)).toEqual([]);
    const solved = solveScenario(r.scenario!, Array.from({ length: 10 }, (_, i) => i + 1));
    expect(solved.problems).toEqual([]);
    expect(solved.causesSeen.length).toBe(2);
  });
});
