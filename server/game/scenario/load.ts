// Loads a scenario file: YAML, the format's schema (zod), the world's base merged with the
// overrides. Pure: the caller reads files and passes the text, and a function that returns
// a base by name. Every problem is an error with the file and line it is on.
import { parseDocument, type Document } from 'yaml';
import { z } from 'zod';
import type { WorldSpec } from '../../sim/world/spec.js';
import { checkParams } from '../faults/index.js';
import { parseCheck } from '../objectives.js';
import { DIFFICULTIES, HINT_TIERS, type FaultChoice, type FaultSlot, type Hint, type ObjectiveDef, type Scenario, type Solution } from './types.js';
import { worldSpecSchema } from './world-schema.js';
import { zodIssues, type Issue } from '../issues.js';
import { hasPath, lineAt, type Path } from './yaml-lines.js';

export interface LintError {
  file: string;
  line: number;
  message: string;
}

export const formatLintError = (e: LintError) => `${e.file}:${e.line}: ${e.message}`;

/** A base world file, as the caller found it. */
export interface BaseFile {
  file: string;
  text: string;
}

export type ReadBase = (name: string) => BaseFile | undefined;

export const LAYERS = ['link', 'network', 'firewall', 'nat', 'cloud', 'dns', 'service', 'host', 'container', 'kubernetes'] as const;

/** Points a hint costs unless the author says otherwise. */
export const DEFAULT_HINT_COST: Record<(typeof HINT_TIERS)[number], number> = { nudge: 10, direction: 25, command: 50 };

/** `90s`, `15m`, `1h30m` as milliseconds; null if malformed. */
export function parseDuration(text: string): number | null {
  const m = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(text.trim());
  if (!m || text.trim() === '') return null;
  return ((Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0)) * 60 + Number(m[3] ?? 0)) * 1000;
}

const hintSchema = z.strictObject({ tier: z.enum(HINT_TIERS), text: z.string().min(1), cost: z.number().int().min(0).optional() });

/** A script as a block of lines (or a list); blank lines and `#` comments are not typed. */
const stepsSchema = z.union([z.string(), z.array(z.string())]).transform((s) =>
  (typeof s === 'string' ? s.split('\n') : s).map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#')));

const solutionSchema = z.strictObject({ name: z.string().optional(), steps: stepsSchema.refine((s) => s.length > 0, 'a solution needs at least one command') });

const choiceSchema = z.strictObject({
  type: z.string(),
  params: z.record(z.string(), z.unknown()).default({}),
  hints: z.array(hintSchema).default([]),
  solutions: z.array(solutionSchema).default([]),
  wrongFixes: z.array(solutionSchema).default([]),
});

const objectiveSchema = z.strictObject({ id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'use lower-case letters, digits and -'), title: z.string().min(1), alert: z.string().min(1), check: z.unknown() });

const scenarioSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'use lower-case words joined by -'),
  title: z.string().min(1),
  briefing: z.string().min(1),
  difficulty: z.enum(DIFFICULTIES),
  layers: z.array(z.enum(LAYERS)).min(1),
  tags: z.array(z.string()).default([]),
  par: z.string().refine((s) => (parseDuration(s) ?? 0) > 0, 'a duration like 10m, 90s or 1h30m'),
  start: z.strictObject({ host: z.string(), user: z.string().default('root') }),
  world: z.strictObject({ base: z.string().optional(), overrides: z.record(z.string(), z.unknown()).optional() }),
  faults: z.array(z.unknown()).min(1, 'a scenario needs at least one fault'),
  objectives: z.array(objectiveSchema).min(1, 'a scenario needs at least one objective'),
  guards: z.array(objectiveSchema).default([]),
  protected: z.array(z.string()).default([]),
  hints: z.array(hintSchema).default([]),
  solutions: z.array(solutionSchema).default([]),
  wrongFixes: z.array(solutionSchema).default([]),
});

/** Deep merge for overrides: mappings merge key by key, anything else replaces, null deletes. */
export function mergeSpec(base: unknown, over: unknown): unknown {
  if (over === undefined) return base;
  if (over === null || typeof over !== 'object' || Array.isArray(over) || base === null || typeof base !== 'object' || Array.isArray(base)) return over;
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [k, v] of Object.entries(over)) {
    if (v === null) delete out[k];
    else out[k] = mergeSpec(out[k], v);
  }
  return out;
}

function parseYaml(text: string): { doc: Document } | { line: number; message: string } {
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length) {
    const e = doc.errors[0];
    const line = e.linePos?.[0]?.line ?? text.slice(0, e.pos[0]).split('\n').length;
    return { line, message: `YAML: ${e.message.split('\n')[0]}` };
  }
  return { doc };
}

/** Where the scenario's world comes from, for mapping a world error to a file and line. */
export interface WorldSource {
  base?: { file: string; text: string; doc: Document };
  overrides: Record<string, unknown>;
}

export interface Loaded {
  /** The scenario, when the file has no error. */
  scenario?: Scenario;
  /** What could be read despite errors in faults or objectives (those are left out), for further checks. */
  partial?: Scenario;
  errors: LintError[];
  /** Line of a path in the scenario file. */
  lineOf: (path: Path) => number;
  worldSource?: WorldSource;
}

/** The file and line of a path in the merged world spec: in the overrides if set there, else in the base. */
export function worldLine(loaded: Loaded, file: string, path: Path): { file: string; line: number } {
  const src = loaded.worldSource;
  if (src && !hasPath(src.overrides, path.slice(0, 2)) && src.base) return { file: src.base.file, line: lineAt(src.base.doc, src.base.text, path) };
  return { file, line: loaded.lineOf(['world', 'overrides', ...path]) };
}

function parseChoice(raw: unknown, path: Path, issues: Issue[]): FaultChoice | undefined {
  const r = choiceSchema.safeParse(raw);
  if (!r.success) {
    issues.push(...zodIssues(r.error.issues, path));
    return undefined;
  }
  const params = checkParams(r.data.type, r.data.params);
  if (!params.ok) {
    issues.push(...params.issues.map((i) => ({ path: [...path, FAULT_TYPE_ERROR.test(i.message) ? 'type' : 'params', ...i.path], message: i.message })));
    return undefined;
  }
  return { type: r.data.type, params: params.params, hints: r.data.hints.map(hintOf), solutions: r.data.solutions.map(solutionOf), wrongFixes: r.data.wrongFixes.map(solutionOf) };
}

const FAULT_TYPE_ERROR = /^unknown fault type/;

function parseSlot(raw: unknown, path: Path, issues: Issue[]): FaultSlot | undefined {
  if (raw !== null && typeof raw === 'object' && !Array.isArray(raw) && 'pool' in raw) {
    const pool = (raw as { pool: unknown }).pool;
    const extra = Object.keys(raw).filter((k) => k !== 'pool');
    if (extra.length) issues.push({ path: [...path, extra[0]], message: `unknown field "${extra[0]}" next to "pool"` });
    if (!Array.isArray(pool) || pool.length < 2) {
      issues.push({ path: [...path, 'pool'], message: 'a pool is a list of at least two root causes' });
      return undefined;
    }
    const choices = pool.map((c, i) => parseChoice(c, [...path, 'pool', i], issues));
    return choices.every((c) => c) ? { kind: 'pool', choices: choices as FaultChoice[] } : undefined;
  }
  const choice = parseChoice(raw, path, issues);
  return choice && { kind: 'fixed', choice };
}

const hintOf = (h: z.infer<typeof hintSchema>): Hint => ({ tier: h.tier, text: h.text.trim(), cost: h.cost ?? DEFAULT_HINT_COST[h.tier] });
const solutionOf = (s: z.infer<typeof solutionSchema>, i = 0): Solution => ({ name: s.name ?? `fix ${i + 1}`, steps: s.steps });

function parseObjectives(raw: z.infer<typeof objectiveSchema>[], key: string, issues: Issue[]): ObjectiveDef[] {
  const out: ObjectiveDef[] = [];
  raw.forEach((o, i) => {
    const c = parseCheck(o.check);
    if (!c.ok) issues.push(...c.issues.map((x) => ({ path: [key, i, 'check', ...x.path], message: x.message })));
    else out.push({ id: o.id, title: o.title.trim(), alert: o.alert.trim(), check: c.check });
  });
  return out;
}

/**
 * Parses and checks the structure of a scenario file and merges its world. Semantic checks
 * that need the built world are in lint.ts.
 */
export function loadScenario(text: string, file: string, readBase: ReadBase): Loaded {
  const parsed = parseYaml(text);
  if ('message' in parsed) return { errors: [{ file, line: parsed.line, message: parsed.message }], lineOf: () => parsed.line };
  const { doc } = parsed;
  const lineOf = (path: Path) => lineAt(doc, text, path);
  const errors: LintError[] = [];
  const report = (issues: Issue[]) => errors.push(...issues.map((i) => ({ file, line: lineOf(i.path), message: i.message })));
  const raw = doc.toJS();
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return { errors: [{ file, line: 1, message: 'a scenario file is a mapping (id, title, briefing, world, faults, objectives, ...)' }], lineOf };
  const top = scenarioSchema.safeParse(raw);
  if (!top.success) {
    report(zodIssues(top.error.issues));
    return { errors, lineOf };
  }
  const s = top.data;
  const issues: Issue[] = [];
  const faults = s.faults.map((f, i) => parseSlot(f, ['faults', i], issues));
  const objectives = parseObjectives(s.objectives, 'objectives', issues);
  const guards = parseObjectives(s.guards, 'guards', issues);
  report(issues);

  // The world: a base file merged with the overrides.
  let base: WorldSource['base'];
  if (s.world.base !== undefined) {
    const found = readBase(s.world.base);
    if (!found) errors.push({ file, line: lineOf(['world', 'base']), message: `no base world "${s.world.base}" (looked for bases/${s.world.base}.yaml)` });
    else {
      const b = parseYaml(found.text);
      if ('message' in b) errors.push({ file: found.file, line: b.line, message: b.message });
      else base = { ...found, doc: b.doc };
    }
  }
  const overrides = s.world.overrides ?? {};
  const loaded: Loaded = { errors, lineOf, worldSource: { base, overrides } };
  const world = mergeSpec(base?.doc.toJS() ?? {}, overrides);
  const shape = worldSpecSchema.safeParse(world);
  if (!shape.success) {
    for (const i of zodIssues(shape.error.issues)) errors.push({ ...worldLine(loaded, file, i.path), message: `world: ${i.message}` });
  }
  if (errors.some((e) => e.message.startsWith('world: ') || e.message.startsWith('YAML: ') || e.message.startsWith('no base world'))) return loaded;

  const scenario: Scenario = {
    file, id: s.id, title: s.title.trim(), briefing: s.briefing.trim(), difficulty: s.difficulty, layers: s.layers, tags: s.tags,
    parMs: parseDuration(s.par)!, start: s.start, world: world as WorldSpec, faults: faults.filter((f) => f !== undefined), objectives, guards,
    protected: s.protected, hints: s.hints.map(hintOf), solutions: s.solutions.map(solutionOf), wrongFixes: s.wrongFixes.map(solutionOf),
  };
  return errors.length ? { ...loaded, partial: scenario } : { ...loaded, scenario };
}

/** Loads a base world file on its own (for linting bases). */
export function loadBase(text: string, file: string): { spec?: WorldSpec; errors: LintError[]; doc?: Document } {
  const parsed = parseYaml(text);
  if ('message' in parsed) return { errors: [{ file, line: parsed.line, message: parsed.message }] };
  const spec = parsed.doc.toJS() ?? {};
  const shape = worldSpecSchema.safeParse(spec);
  if (!shape.success) return { errors: zodIssues(shape.error.issues).map((i) => ({ file, line: lineAt(parsed.doc, text, i.path), message: i.message })), doc: parsed.doc };
  return { spec: spec as WorldSpec, errors: [], doc: parsed.doc };
}
