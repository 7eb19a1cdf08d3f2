// `opsdrill lint`: the format (load.ts) plus what needs the built world — the world builds,
// every fault fits it, objectives name hosts that exist, every cause has hints of each tier
// and a fix, nothing the players read gives the cause away.
import { buildWorld, WorldSpecError } from '../../sim/world/build.js';
import { FaultError, injectFault } from '../faults/index.js';
import { checkHosts } from '../objectives.js';
import { protectedProblem } from '../protected.js';
import { allCauses, hintsFor, solutionsFor, type Drawn } from '../setup.js';
import { Rng } from '../../sim/rng.js';
import type { World } from '../../sim/world/types.js';
import { loadBase, loadScenario, worldLine, type LintError, type Loaded, type ReadBase } from './load.js';
import { HINT_TIERS, type Scenario } from './types.js';
import { lineAt, parseDottedPath, type Path } from './yaml-lines.js';

/** Where a cause sits in the file: `faults[i]` or `faults[i].pool[j]`. */
const causePath = (d: Drawn): Path => (d.option === undefined ? ['faults', d.slot] : ['faults', d.slot, 'pool', d.option]);

const causeName = (d: Drawn) => (d.option === undefined ? d.choice.type : `pool option ${d.option + 1} (${d.choice.type})`);

/** Checks a loaded scenario against its built world. */
function lintSemantics(s: Scenario, loaded: Loaded): LintError[] {
  const errors: LintError[] = [];
  const at = (path: Path, message: string) => errors.push({ file: s.file, line: loaded.lineOf(path), message });
  let world: World;
  try {
    world = buildWorld(s.world, 1);
  } catch (e) {
    if (!(e instanceof WorldSpecError)) throw e;
    return [{ ...worldLine(loaded, s.file, parseDottedPath(e.path)), message: `world: ${e.message}` }];
  }

  const base = s.file.split('/').pop()!.replace(/\.ya?ml$/, '');
  if (s.id !== base) at(['id'], `id "${s.id}" must match the file name (${base})`);

  const start = world.hosts[s.start.host];
  if (!start) at(['start', 'host'], `no host "${s.start.host}" in the world`);
  else if (!start.login) at(['start', 'host'], `players cannot log in to "${s.start.host}" (login: false)`);

  const ids = new Set<string>();
  for (const key of ['objectives', 'guards'] as const) {
    s[key].forEach((o, i) => {
      if (ids.has(o.id)) at([key, i, 'id'], `duplicate objective id "${o.id}"`);
      ids.add(o.id);
      for (const h of checkHosts(o.check)) if (!world.hosts[h]) at([key, i, 'check'], `objective "${o.id}" names host "${h}", which is not in the world`);
    });
  }

  s.protected.forEach((p, i) => {
    const problem = protectedProblem(world, p);
    if (problem) at(['protected', i], problem);
  });

  // Every cause (and every combination the pools can draw) must fit the world.
  // (A scenario whose faults did not load has no causes here: load.ts said why.)
  const combos = allCauses(s).filter((c) => c.length > 0);
  for (const combo of combos) {
    const w = structuredClone(world);
    const rng = new Rng(7);
    for (const d of combo) {
      try {
        injectFault(w, d.choice.type, d.choice.params, rng, 0);
      } catch (e) {
        if (!(e instanceof FaultError)) throw e;
        const msg = `fault ${d.choice.type}: ${e.message}`;
        if (!errors.some((x) => x.message === msg)) at([...causePath(d), 'params'], msg);
      }
    }
    const hints = hintsFor(s, combo);
    for (const tier of HINT_TIERS) {
      if (!hints.some((h) => h.tier === tier)) {
        const d = combo.find((x) => x.option !== undefined) ?? combo[0];
        const msg = `no "${tier}" hint for ${causeName(d)} (hints come in tiers: ${HINT_TIERS.join(', ')})`;
        if (!errors.some((x) => x.message === msg)) at(s.hints.length ? ['hints'] : causePath(d), msg);
      }
    }
    if (!solutionsFor(s, combo).length) for (const d of combo) if (!d.choice.solutions.length) at(causePath(d), `no solution for ${causeName(d)}: add "solutions" to it or to the scenario`);
  }

  // What the players read must not give the cause away.
  const visible: [Path, string][] = [
    [['title'], s.title], [['briefing'], s.briefing],
    ...s.objectives.flatMap((o, i): [Path, string][] => [[['objectives', i, 'title'], o.title], [['objectives', i, 'alert'], o.alert]]),
    ...s.guards.flatMap((o, i): [Path, string][] => [[['guards', i, 'title'], o.title], [['guards', i, 'alert'], o.alert]]),
  ];
  const types = new Set(combos.flat().map((d) => d.choice.type));
  for (const [path, text] of visible) {
    for (const t of types) if (text.toLowerCase().includes(t)) at(path, `names the fault type "${t}": the players must find the cause themselves`);
  }
  return dedupe(errors);
}


function dedupe(errors: LintError[]): LintError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const k = `${e.file}:${e.line}:${e.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export interface LintResult {
  scenario?: Scenario;
  errors: LintError[];
}

/** Lints one scenario file's text. */
export function lintScenario(text: string, file: string, readBase: ReadBase): LintResult {
  const loaded = loadScenario(text, file, readBase);
  const s = loaded.scenario ?? loaded.partial;
  if (!s) return { errors: loaded.errors };
  const errors = dedupe([...loaded.errors, ...lintSemantics(s, loaded)]).sort((a, b) => a.line - b.line);
  return { scenario: errors.length ? undefined : loaded.scenario, errors };
}

/** Lints a base world file: its structure, and that it builds. */
export function lintBase(text: string, file: string): LintError[] {
  const b = loadBase(text, file);
  if (!b.spec) return b.errors;
  try {
    buildWorld(b.spec, 1);
    return [];
  } catch (e) {
    if (!(e instanceof WorldSpecError)) throw e;
    return [{ file, line: lineAt(b.doc!, text, parseDottedPath(e.path)), message: e.message }];
  }
}

/** Catalogue-wide checks: scenario ids are unique. */
export function lintCatalogue(scenarios: Scenario[]): LintError[] {
  const seen = new Map<string, string>();
  const errors: LintError[] = [];
  for (const s of scenarios) {
    const other = seen.get(s.id);
    if (other) errors.push({ file: s.file, line: 1, message: `scenario id "${s.id}" is also used by ${other}` });
    else seen.set(s.id, s.file);
  }
  return errors;
}
