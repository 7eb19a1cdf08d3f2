// `opsdrill solve`: for a scenario and seeds, every objective is red at the start and every
// guard green; every fix turns all objectives green with the guards still green and no
// collateral damage; every wrong fix leaves an objective red.
import { createGame, type Game } from './game.js';
import type { Scenario, Solution } from './scenario/types.js';
import { wrongFixesFor } from './setup.js';

export interface SolveProblem {
  scenario: string;
  seed: number;
  /** The drawn causes, e.g. `iptables-drop`. */
  causes: string;
  message: string;
}

export interface SolveSummary {
  problems: SolveProblem[];
  /** Distinct combinations of causes drawn over the seeds. */
  causesSeen: string[];
  fixesRun: number;
}

const PLAYER = 'solver';

/** Plays a script from the start host in a fresh game; returns the game and the failed steps. */
export function play(scenario: Scenario, seed: number, steps: string[]): { game: Game; failures: string[] } {
  const game = createGame(scenario, seed);
  game.join(PLAYER, PLAYER);
  const failures: string[] = [];
  for (const line of steps) {
    const r = game.exec(PLAYER, line);
    if (r.exit !== 0) {
      const err = r.chunks.filter((c) => c.fd === 2).map((c) => c.text).join('').trim().split('\n')[0];
      failures.push(`\`${line}\` exited ${r.exit}${err ? `: ${err}` : ''}`);
    }
  }
  return { game, failures };
}

const red = (game: Game) => game.objectives().filter((o) => o.kind === 'objective' && !o.ok);
const redGuards = (game: Game) => game.objectives().filter((o) => o.kind === 'guard' && !o.ok);
const list = (os: { id: string; observed: string }[]) => os.map((o) => `${o.id} (${o.observed})`).join(', ');

export function solveScenario(scenario: Scenario, seeds: number[]): SolveSummary {
  const problems: SolveProblem[] = [];
  const causesSeen = new Set<string>();
  let fixesRun = 0;
  for (const seed of seeds) {
    const start = createGame(scenario, seed);
    const causes = start.faults.map((f) => `${f.type}${typeof f.params.host === 'string' ? ` on ${f.params.host}` : ''}`).join(' + ');
    causesSeen.add(causes);
    const problem = (message: string) => problems.push({ scenario: scenario.id, seed, causes, message });
    const green = start.objectives().filter((o) => o.kind === 'objective' && o.ok);
    if (green.length) problem(`green at the start: ${green.map((o) => o.id).join(', ')}`);
    if (redGuards(start).length) problem(`guards red at the start: ${list(redGuards(start))}`);
    if (!start.solutions.length) problem('no solution for the drawn causes');
    const run = (fix: Solution) => {
      fixesRun++;
      return play(scenario, seed, fix.steps);
    };
    for (const fix of start.solutions) {
      const { game, failures } = run(fix);
      for (const f of failures) problem(`solution "${fix.name}": ${f}`);
      if (red(game).length) problem(`solution "${fix.name}" leaves red: ${list(red(game))}`);
      const result = game.finish();
      if (result.collateral.length) problem(`solution "${fix.name}" does collateral damage: ${result.collateral.map((c) => `${c.kind} ${c.what}`).join('; ')}`);
    }
    for (const fix of wrongFixesFor(scenario, start.drawn)) {
      const { game } = run(fix);
      if (!red(game).length) problem(`wrong fix "${fix.name}" turns every objective green`);
    }
  }
  return { problems, causesSeen: [...causesSeen].sort(), fixesRun };
}
