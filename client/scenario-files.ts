// Reading scenario files from disk (the I/O edge of server/game/scenario): listing a
// catalogue, finding a scenario's base world, loading and linting.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { lintBase, lintCatalogue, lintScenario } from '../server/game/scenario/lint.js';
import type { BaseFile, LintError } from '../server/game/scenario/load.js';
import type { Scenario } from '../server/game/scenario/types.js';

/** The catalogue shipped with opsdrill. */
export const SCENARIO_DIR = resolve(dirname(new URL(import.meta.url).pathname), '..', 'scenarios');

const display = (path: string) => {
  const rel = relative(process.cwd(), path);
  return rel.startsWith('..') ? path : rel;
};

const isBase = (file: string) => basename(dirname(file)) === 'bases';

/** YAML files under the given files and directories, sorted. */
export function yamlFiles(paths: string[]): string[] {
  const out: string[] = [];
  const walk = (p: string) => {
    if (statSync(p).isDirectory()) for (const e of readdirSync(p).sort()) walk(join(p, e));
    else if (/\.ya?ml$/.test(p)) out.push(p);
  };
  for (const p of paths) walk(p);
  return out;
}

/** Scenario files (not bases) under the given paths. */
export const scenarioFiles = (paths: string[]) => yamlFiles(paths).filter((f) => !isBase(f));

/** A base named in `file`: bases/NAME.yaml next to it or in a parent directory, else in the shipped catalogue. */
export function baseReader(file: string): (name: string) => BaseFile | undefined {
  return (name) => {
    if (!/^[\w-]+$/.test(name)) return undefined;
    const dirs: string[] = [];
    for (let d = dirname(resolve(file)); ; d = dirname(d)) {
      dirs.push(join(d, 'bases'), join(d, 'scenarios', 'bases'));
      if (dirname(d) === d) break;
    }
    dirs.push(join(SCENARIO_DIR, 'bases'));
    for (const d of dirs) {
      const path = join(d, `${name}.yaml`);
      if (existsSync(path)) return { file: display(path), text: readFileSync(path, 'utf8') };
    }
    return undefined;
  };
}

export interface LoadedFile {
  file: string;
  scenario?: Scenario;
  errors: LintError[];
}

/** Loads and lints one scenario file. */
export function loadScenarioFile(file: string): LoadedFile {
  const name = display(file);
  return { file: name, ...lintScenario(readFileSync(file, 'utf8'), name, baseReader(file)) };
}

/** Lints files and directories: bases as world files, the rest as scenarios, and the catalogue as a whole. */
export function lintPaths(paths: string[]): { files: number; errors: LintError[]; scenarios: Scenario[] } {
  const files = yamlFiles(paths);
  const errors: LintError[] = [];
  const scenarios: Scenario[] = [];
  for (const f of files) {
    if (isBase(f)) errors.push(...lintBase(readFileSync(f, 'utf8'), display(f)));
    else {
      const r = loadScenarioFile(f);
      errors.push(...r.errors);
      if (r.scenario) scenarios.push(r.scenario);
    }
  }
  errors.push(...lintCatalogue(scenarios));
  return { files: files.length, errors, scenarios };
}

/** Whether a YAML file is a scenario (rather than a plain world file). */
export function looksLikeScenario(text: string): boolean {
  return /^(faults|objectives):/m.test(text);
}
