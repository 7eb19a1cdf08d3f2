// A game: one scenario's world for one seed, the players' shells in it, and everything the
// after-action report needs — the ordered command log on the simulated clock, objective
// status after every command and tick, alerts fired and cleared, hints, collateral damage,
// detection and mitigation. Pure: a game rebuilt from (scenario, seed, events) is identical.
import { commands } from '../shell/commands/index.js';
import { execLine, newSession, prompt } from '../shell/shell.js';
import type { Chunk, CommandSpec, ExecOptions, Session } from '../shell/types.js';
import { Rng } from '../sim/rng.js';
import { buildWorld } from '../sim/world/build.js';
import { runtimeOf } from '../sim/k8s/runtime.js';
import { tickWorld } from '../sim/tick.js';
import { formatIp } from '../sim/net/ip.js';
import type { World } from '../sim/world/types.js';
import { touches } from './detect.js';
import { protectedProblem } from './protected.js';
import { injectFault, type InjectedFault } from './faults/index.js';
import { driftedFlows, flowTargets, measureFlows, type Flows, type FlowTarget } from './flows.js';
import { alertText, evaluate } from './objectives.js';
import type { Hint, ObjectiveDef, Scenario, Solution } from './scenario/types.js';
import { score, type Collateral, type Score } from './scoring.js';
import { buildScenarioWorld, hintsFor, solutionsFor, type Drawn } from './setup.js';
import { configPrint } from './world-view.js';

/** What happened, in order: enough to replay the game exactly. */
export type GameEvent =
  | { type: 'join'; player: string; name: string }
  /** `wallMs`: when the player typed it on the real clock (it only goes into the report). */
  | { type: 'exec'; player: string; line: string; wallMs?: number; interruptAt?: number }
  | { type: 'tick'; ms: number }
  | { type: 'hint'; player: string }
  /** A fault injected live by the game master. */
  | { type: 'inject'; fault: { type: string; params?: Record<string, unknown> } };

export interface CommandRecord {
  seq: number;
  /** Simulated ms when the command was typed. */
  at: number;
  elapsedMs: number;
  player: string;
  /** Host and user of the shell it was typed in. */
  host: string;
  user: string;
  line: string;
  exit: number;
  /** The command changed the world (configuration or running state). */
  changed: boolean;
  /** Indexes of the faults whose objects it touched. */
  touched: number[];
  /** Real time it was typed (ms since 1970), when the caller gave it. */
  wallMs?: number;
}

export interface ObjectiveStatus {
  id: string;
  title: string;
  kind: 'objective' | 'guard';
  ok: boolean;
  observed: string;
  /** Simulated ms of the last change. */
  since: number;
}

export interface Alert {
  objective: string;
  message: string;
  firedAt: number;
  clearedAt?: number;
}

export interface HintUse {
  at: number;
  player: string;
  hint: Hint;
}

export interface ExecOutcome {
  chunks: Chunk[];
  exit: number;
  /** The prompt to show next. */
  prompt: string;
  changed: boolean;
  /** Objectives whose status changed with this command. */
  changes: ObjectiveStatus[];
}

export interface GameOptions {
  registry?: Record<string, CommandSpec>;
}

export interface Player {
  id: string;
  name: string;
  session: Session;
}

export class Game {
  readonly world: World;
  readonly drawn: Drawn[];
  readonly faults: InjectedFault[];
  readonly hints: Hint[];
  readonly solutions: Solution[];
  readonly players = new Map<string, Player>();
  readonly events: GameEvent[] = [];
  readonly commands: CommandRecord[] = [];
  readonly alerts: Alert[] = [];
  readonly hintsUsed: HintUse[] = [];
  readonly collateral: Collateral[] = [];
  /** When each fault's object was first touched, and by which command. */
  readonly detected: ({ at: number; seq: number; player: string } | undefined)[];
  private readonly status = new Map<string, ObjectiveStatus>();
  /** Player whose command last turned each objective green. */
  private readonly fixedBy = new Map<string, string | undefined>();
  private readonly registry: Record<string, CommandSpec>;
  private print: string;
  /** Where the cluster's controllers had run up to at the last check. */
  private syncedTo: number | undefined;
  private lastChanger: string | undefined;
  private readonly flowTargets: FlowTarget[];
  private readonly healthyFlows: Flows;
  private readonly startFlows: Flows;
  private finished = false;

  constructor(readonly scenario: Scenario, readonly seed: number, opts: GameOptions = {}) {
    this.registry = opts.registry ?? commands;
    const healthy = buildWorld(scenario.world, seed);
    const built = buildScenarioWorld(scenario, seed);
    this.world = built.world;
    this.drawn = built.drawn;
    this.faults = built.faults;
    this.hints = hintsFor(scenario, this.drawn);
    this.solutions = solutionsFor(scenario, this.drawn);
    this.detected = this.faults.map(() => undefined);
    const flows = cachedFlows(scenario, seed, healthy, this.world);
    this.flowTargets = flows.targets;
    this.healthyFlows = flows.healthy;
    this.startFlows = flows.start;
    this.print = configPrint(this.world);
    this.syncedTo = runtimeOf(this.world)?.syncedTo;
    for (const [kind, defs] of [['objective', scenario.objectives], ['guard', scenario.guards]] as const) {
      for (const def of defs) {
        const o = evaluate(this.world, def.check);
        this.status.set(def.id, { id: def.id, title: def.title, kind, ok: o.ok, observed: o.observed, since: 0 });
        if (!o.ok) this.alerts.push({ objective: def.id, message: alertText(def.alert, o.observed), firedAt: 0 });
      }
    }
  }

  get now(): number {
    return this.world.now;
  }

  get isFinished(): boolean {
    return this.finished;
  }

  objectives(): ObjectiveStatus[] {
    return [...this.status.values()].map((s) => ({ ...s }));
  }

  /** Every objective (not the guards) is green. */
  get allGreen(): boolean {
    return [...this.status.values()].every((s) => s.kind !== 'objective' || s.ok);
  }

  join(id: string, name: string): Player {
    this.assertOpen();
    const existing = this.players.get(id);
    if (existing) return existing;
    const player: Player = { id, name, session: newSession(this.world, this.scenario.start.host, this.scenario.start.user) };
    this.players.set(id, player);
    this.events.push({ type: 'join', player: id, name });
    return player;
  }

  prompt(playerId: string): string {
    return prompt(this.player(playerId).session);
  }

  /**
   * Runs one line in the player's shell; the clock moves on by the command's duration.
   * `wallMs` (the real time it was typed) only goes into the log and the report.
   */
  exec(playerId: string, line: string, wallMs?: number, opts: ExecOptions = {}): ExecOutcome {
    this.assertOpen();
    const player = this.player(playerId);
    const { session } = player;
    this.events.push({ type: 'exec', player: playerId, line, ...(wallMs === undefined ? {} : { wallMs }), ...(opts.interruptAt === undefined ? {} : { interruptAt: opts.interruptAt }) });
    const at = this.world.now;
    const before = { host: session.host, user: session.user };
    const res = execLine(this.world, session, line, this.registry, opts);
    const ran = this.advance(res.elapsedMs);
    // A line that only read, with nothing running by itself meanwhile, changed nothing.
    const print = res.readOnly && !ran ? this.print : configPrint(this.world);
    const changed = print !== this.print;
    this.print = print;
    if (changed) this.lastChanger = playerId;
    const seq = this.commands.length + 1;
    const touched = this.touchedBy(line, [before.host, session.host]);
    for (const i of touched) this.detected[i] ??= { at, seq, player: playerId };
    this.commands.push({ seq, at, elapsedMs: res.elapsedMs, player: playerId, host: before.host, user: before.user, line, exit: res.exit, changed, touched, ...(wallMs === undefined ? {} : { wallMs }) });
    // Objectives only move when the configuration did or something ran by itself.
    const changes = changed || ran ? this.check(changed ? playerId : undefined) : [];
    if (changed) this.checkProtected(playerId);
    return { chunks: res.chunks, exit: res.exit, prompt: prompt(session), changed, changes };
  }

  /** Lets simulated time pass (the room's clock); objectives are checked again. */
  tick(ms: number): ObjectiveStatus[] {
    this.assertOpen();
    if (!(ms > 0)) return [];
    this.events.push({ type: 'tick', ms });
    return this.advance(ms) ? this.check(this.lastChanger) : [];
  }

  /**
   * Lets `ms` pass; true when anything ran by itself meanwhile (the cluster's controllers,
   * including during the command that took the time). A world without them only changes
   * through commands.
   */
  private advance(ms: number): boolean {
    tickWorld(this.world, ms);
    const syncedTo = runtimeOf(this.world)?.syncedTo;
    const ran = syncedTo !== this.syncedTo;
    this.syncedTo = syncedTo;
    return ran;
  }

  /** The next hint for the team, charged to the player who asks; undefined when none is left. */
  hint(playerId: string): Hint | undefined {
    this.assertOpen();
    this.player(playerId);
    const hint = this.hints[this.hintsUsed.length];
    if (!hint) return undefined;
    this.events.push({ type: 'hint', player: playerId });
    this.hintsUsed.push({ at: this.world.now, player: playerId, hint });
    return hint;
  }

  /**
   * Injects a fault from the library into the running world (the game master's Wheel of
   * Misfortune). Objectives it turns red page the team but are not charged as collateral
   * damage. Throws FaultError when the parameters do not fit the world.
   */
  inject(type: string, params: Record<string, unknown> = {}): InjectedFault {
    this.assertOpen();
    const rng = new Rng((Math.imul(this.seed >>> 0, 0x2545f491) ^ (0x1f123bb5 + this.faults.length)) >>> 0);
    const fault = injectFault(this.world, type, params, rng, this.world.now);
    this.events.push({ type: 'inject', fault: { type, params } });
    this.faults.push(fault);
    this.detected.push(undefined);
    this.print = configPrint(this.world);
    this.check(undefined, false);
    return fault;
  }

  /**
   * An independent copy of the game in its current state (the world, the shells, the log),
   * e.g. to run a command again from the same state when the player presses Ctrl-C in it.
   */
  fork(): Game {
    const copy = Object.create(Game.prototype) as Game;
    for (const [key, value] of Object.entries(this)) {
      (copy as unknown as Record<string, unknown>)[key] = FORK_SHARED.has(key) ? value : FORK_APPEND_ONLY.has(key) ? (value as unknown[]).slice() : structuredClone(value);
    }
    return copy;
  }

  /** Ends the game: final collateral check and the data of the after-action report. */
  finish(): GameResult {
    if (!this.finished) {
      const now = measureFlows(this.world, this.flowTargets);
      for (const d of driftedFlows(this.healthyFlows, this.startFlows, now)) {
        this.collateral.push({ kind: 'flow', what: `${d.flow} ${d.healthy ? 'no longer works' : 'is now open'}`, at: this.world.now, player: this.lastChanger });
      }
      this.finished = true;
    }
    return this.result();
  }

  private result(): GameResult {
    const objectives = this.scenario.objectives.map((o) => this.status.get(o.id)!);
    const mitigatedAt = objectives.every((o) => o.ok) ? Math.max(0, ...objectives.map((o) => o.since)) : undefined;
    const fixedBy = Object.fromEntries(objectives.map((o) => [o.id, o.ok ? this.fixedBy.get(o.id) : undefined]));
    const contributors = [...new Set(this.commands.filter((c) => c.changed).map((c) => c.player))];
    const detectedAt = this.detected.filter((d) => d !== undefined).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
    return {
      scenario: this.scenario,
      seed: this.seed,
      endedAt: this.world.now,
      players: [...this.players.values()].map((p) => ({ id: p.id, name: p.name })),
      commands: this.commands,
      alerts: this.alerts,
      objectives: this.objectives(),
      detectedAt,
      mitigatedAt,
      faults: this.faults,
      detected: this.detected,
      reference: this.solutions[0],
      hints: this.hintsUsed,
      hintsLeft: this.hints.length - this.hintsUsed.length,
      collateral: this.collateral,
      fixedBy,
      score: score({
        difficulty: this.scenario.difficulty, parMs: this.scenario.parMs, mitigatedAt, fixedBy, objectiveCount: objectives.length, contributors,
        hints: this.hintsUsed.map((h) => ({ player: h.player, cost: h.hint.cost })), collateral: this.collateral, players: [...this.players.keys()],
      }),
    };
  }

  private player(id: string): Player {
    const p = this.players.get(id);
    if (!p) throw new Error(`no player "${id}" in this game`);
    return p;
  }

  private assertOpen(): void {
    if (this.finished) throw new Error('the game is over');
  }

  private touchedBy(line: string, hosts: string[]): number[] {
    const byAddress = (ip: string) => Object.values(this.world.hosts).find((h) => h.ifaces.some((i) => i.addrs.some((a) => formatIp(a.ip) === ip)))?.name;
    return this.faults.flatMap((f, i) => (f.touches.some((t) => touches(t, line, hosts, byAddress)) ? [i] : []));
  }

  /** Re-evaluates every objective; fires and clears alerts; records collateral damage. */
  private check(blame: string | undefined, collateral = true): ObjectiveStatus[] {
    const changes: ObjectiveStatus[] = [];
    const defs: ObjectiveDef[] = [...this.scenario.objectives, ...this.scenario.guards];
    for (const def of defs) {
      const s = this.status.get(def.id)!;
      const o = evaluate(this.world, def.check);
      const wasOk = s.ok;
      if (o.ok === wasOk && o.observed === s.observed) continue;
      s.observed = o.observed;
      if (o.ok === wasOk) continue;
      s.ok = o.ok;
      s.since = this.world.now;
      changes.push({ ...s });
      if (o.ok) {
        this.fixedBy.set(def.id, blame);
        for (const a of this.alerts) if (a.objective === def.id && a.clearedAt === undefined) a.clearedAt = this.world.now;
      } else {
        this.alerts.push({ objective: def.id, message: alertText(def.alert, o.observed), firedAt: this.world.now });
        if (collateral) this.collateral.push({ kind: 'broke', what: def.id, at: this.world.now, player: blame });
      }
    }
    return changes;
  }

  private checkProtected(playerId: string): void {
    for (const ref of this.scenario.protected) {
      if (this.collateral.some((c) => c.kind === 'protected' && c.what === ref) || protectedProblem(this.world, ref) === undefined) continue;
      this.collateral.push({ kind: 'protected', what: ref, at: this.world.now, player: playerId });
    }
  }
}

/** Game fields a fork shares (never changed after construction) or copies shallowly (entries never change once added). */
const FORK_SHARED = new Set(['scenario', 'seed', 'registry', 'drawn', 'hints', 'solutions', 'flowTargets', 'healthyFlows', 'startFlows']);
const FORK_APPEND_ONLY = new Set(['events', 'commands', 'hintsUsed', 'collateral']);

/**
 * The flows of the healthy world and of the broken one at the start are pure functions of
 * (scenario, seed): measured once per scenario object (healthy: reachability does not depend
 * on the seed) and once per seed (start).
 */
const flowCache = new WeakMap<Scenario, { targets: FlowTarget[]; healthy: Flows; start: Map<number, Flows> }>();

function cachedFlows(scenario: Scenario, seed: number, healthy: World, start: World): { targets: FlowTarget[]; healthy: Flows; start: Flows } {
  let entry = flowCache.get(scenario);
  if (!entry) {
    const targets = flowTargets(healthy);
    entry = { targets, healthy: measureFlows(healthy, targets), start: new Map() };
    flowCache.set(scenario, entry);
  }
  let startFlows = entry.start.get(seed);
  if (!startFlows) {
    startFlows = measureFlows(start, entry.targets);
    entry.start.set(seed, startFlows);
  }
  return { targets: entry.targets, healthy: entry.healthy, start: startFlows };
}


export interface GameResult {
  scenario: Scenario;
  seed: number;
  endedAt: number;
  players: { id: string; name: string }[];
  commands: CommandRecord[];
  alerts: Alert[];
  objectives: ObjectiveStatus[];
  /** The first command that touched a faulty object. */
  detectedAt?: { at: number; seq: number; player: string };
  /** When every objective went green for good. */
  mitigatedAt?: number;
  faults: InjectedFault[];
  detected: ({ at: number; seq: number; player: string } | undefined)[];
  reference?: Solution;
  hints: HintUse[];
  hintsLeft: number;
  collateral: Collateral[];
  fixedBy: Record<string, string | undefined>;
  score: Score;
}

export function createGame(scenario: Scenario, seed: number, opts: GameOptions = {}): Game {
  return new Game(scenario, seed, opts);
}

/** Rebuilds a game from its events: the same scenario, seed and events give the same game. */
export function replayGame(scenario: Scenario, seed: number, events: GameEvent[], opts: GameOptions = {}): Game {
  const game = createGame(scenario, seed, opts);
  for (const e of events) {
    if (e.type === 'join') game.join(e.player, e.name);
    else if (e.type === 'exec') game.exec(e.player, e.line, e.wallMs, e.interruptAt === undefined ? {} : { interruptAt: e.interruptAt });
    else if (e.type === 'inject') game.inject(e.fault.type, e.fault.params);
    else if (e.type === 'tick') game.tick(e.ms);
    else game.hint(e.player);
  }
  return game;
}
