// A room: one scenario played by a group, around the pure Game. Lifecycle lobby → running →
// finished; the modes (solo, team, incident, versus, gm); every player's shell in the room's
// one world (one per team in versus); the simulated clock following wall time; output
// released as the simulated commands produce it; the public view as numbered patches.
// Every change is an event appended to the persisted log first, then applied, so a room is
// rebuilt exactly after a restart.
import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import { nanoid } from 'nanoid';
import type { Patch } from 'immer';
import { createGame, type Game } from '../game/game.js';
import { FAULTS } from '../game/faults/index.js';
import { reportMarkdown, reportText } from '../game/report.js';
import { HINT_TIERS, type Scenario } from '../game/scenario/types.js';
import type { FeedItem, GmAction, Mode, RoomView, ServerMessage } from '../../shared/protocol.js';
import type { Store } from '../store/store.js';
import { applyToGame, interruptsOf, type LoggedEvent, type RoomEvent, type WorldKey } from './room-log.js';
import { OutputStream } from './stream.js';
import { Views } from './view.js';

export interface RoomConfig {
  /** Wall ms between two ticks of the simulated clock. */
  tickMs: number;
  /** Wall ms per simulated ms when output is released. */
  streamScale: number;
  /** Longest wall time one command's output is spread over. */
  streamCapMs: number;
  /** Simulated ms after which any command is interrupted (no command can hold a shell forever). */
  commandBudgetMs: number;
  /** Characters of output one command may send. */
  maxOutputChars: number;
  /** How long a dropped player's seat, shell and scrollback are kept. */
  resumeMs: number;
  /** How long a room with nobody connected is kept. */
  emptyGraceMs: number;
  /** Characters of scrollback kept per player. */
  maxScrollback: number;
  feedSize: number;
  chatSize: number;
}

export const DEFAULT_ROOM_CONFIG: RoomConfig = {
  tickMs: 1000,
  streamScale: 1,
  streamCapMs: 60_000,
  commandBudgetMs: 300_000,
  maxOutputChars: 256 * 1024,
  resumeMs: 120_000,
  emptyGraceMs: 60_000,
  maxScrollback: 64 * 1024,
  feedSize: 200,
  chatSize: 200,
};

/** What a room needs from the server around it. */
export interface RoomHost {
  store: Store;
  config: RoomConfig;
  send(playerId: string, msg: ServerMessage): void;
  /** One message to several players, serialised once. */
  sendAll(playerIds: string[], msg: ServerMessage): void;
  /** The room has ended and nobody is left in it: forget it. */
  disposed(room: Room): void;
  log(message: string): void;
}

/** A refusal to report to the client (nothing changed). */
export class RoomError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

/** Settings kept with the game row (secrets hashed). */
export interface RoomOptions {
  owner: string;
  maxPlayers: number;
  salt: string;
  passwordHash?: string;
  gmTokenHash?: string;
  limitMs?: number;
}

interface ScrollEntry {
  prompt: string;
  line: string;
  text: string;
}

interface Running {
  id: string;
  seq: number;
  w: WorldKey;
  out: OutputStream;
  entry: ScrollEntry;
  exit: number;
  prompt: string;
  /** The command's line in the team feed: added as it ends, or as running once it has run a while. */
  feed: FeedItem;
  feedShown: boolean;
  feedTimer?: NodeJS.Timeout;
}

interface Seat {
  id: string;
  name: string;
  role: 'player' | 'gm';
  team?: 'a' | 'b';
  ready: boolean;
  connected: boolean;
  release?: NodeJS.Timeout;
  scroll: ScrollEntry[];
  scrollChars: number;
  running?: Running;
}

/**
 * Events between two copies of a world (kept to re-run a command cut by Ctrl-C from the
 * nearest one): a copy costs a few ms, a re-run about 0.3 ms an event.
 */
const CHECKPOINT_EVERY = 128;
/**
 * A live command shows in the team feed when it ends, or as running after this long. Most
 * commands end sooner: the teammates get one patch for them, not one as they start and one
 * as they end.
 */
const FEED_RUNNING_MS = 500;
/** How far the players' own reckoning of the simulated clock may be out before the view corrects it. */
const CLOCK_SLACK_MS = 1000;
const DEFAULT_MAX_PLAYERS: Record<Mode, number> = { solo: 1, team: 8, incident: 8, versus: 10, gm: 8 };

export const hashSecret = (salt: string, secret: string) => createHash('sha256').update(salt).update('\0').update(secret).digest('hex');

function sameSecret(salt: string, secret: string, hash: string | undefined): boolean {
  if (hash === undefined) return false;
  const a = Buffer.from(hashSecret(salt, secret), 'hex');
  const b = Buffer.from(hash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

export interface CreateRoom {
  id: string;
  code: string;
  scenario: Scenario;
  mode: Mode;
  seed?: number;
  password?: string;
  maxPlayers?: number;
}

export class Room {
  state: 'lobby' | 'running' | 'finished' = 'lobby';
  paused = false;
  readonly seats = new Map<string, Seat>();
  private readonly games = new Map<WorldKey, Game>();
  private readonly checkpoints = new Map<WorldKey, { game: Game; index: number }>();
  private readonly log: LoggedEvent[] = [];
  private readonly interrupts = new Map<number, number>();
  /** Simulated ms a world ran ahead of the wall clock (command durations), paid back by ticks. */
  private readonly debt = new Map<WorldKey, number>();
  /** The clock each view last carried, and the wall time it was set (see syncWorld). */
  private readonly clockSent = new Map<WorldKey, { simMs: number; holdMs: number; at: number }>();
  private readonly views: Views;
  private lastTick = Date.now();
  private ending: { reason: string; winner?: 'a' | 'b' } | undefined;
  private finishing = false;
  /** Kept in memory only (the database has its hash): shown to the game master's seat. */
  private gmToken: string | undefined;
  private disposeTimer: NodeJS.Timeout | undefined;
  private live = false;
  private readonly objectiveIds: Set<string>;

  private constructor(
    private readonly host: RoomHost,
    readonly id: string,
    readonly code: string,
    readonly scenario: Scenario,
    readonly mode: Mode,
    readonly seed: number,
    readonly options: RoomOptions,
  ) {
    this.objectiveIds = new Set(scenario.objectives.map((o) => o.id));
    const worlds: WorldKey[] = mode === 'versus' ? ['a', 'b'] : ['main'];
    // Building a world is costly; the others (versus' second world, the checkpoints) are copies of the first.
    const first = createGame(scenario, seed);
    for (const w of worlds) {
      this.games.set(w, w === worlds[0] ? first : first.fork());
      this.checkpoints.set(w, { game: first.fork(), index: 0 });
      this.debt.set(w, 0);
    }
    const initial: Record<string, RoomView> = {};
    for (const w of worlds) initial[w] = this.initialView(w);
    this.views = new Views(initial, (aud, seq, patches) => this.broadcastPatch(aud, seq, patches));
  }

  /** A new room; the creator takes the first seat (the game master's in gm mode). Returns the gm token if any. */
  static create(host: RoomHost, c: CreateRoom, creator: { id: string; name: string }): { room: Room; gmToken?: string } {
    const salt = nanoid(16);
    const gmToken = c.mode === 'gm' ? nanoid(32) : undefined;
    const options: RoomOptions = {
      owner: creator.id,
      maxPlayers: c.mode === 'solo' ? 1 : c.maxPlayers ?? DEFAULT_MAX_PLAYERS[c.mode],
      salt,
      ...(c.password ? { passwordHash: hashSecret(salt, c.password) } : {}),
      ...(gmToken ? { gmTokenHash: hashSecret(salt, gmToken) } : {}),
      ...(c.mode === 'incident' ? { limitMs: 2 * c.scenario.parMs } : {}),
    };
    // Incident practice always draws a fresh root cause; elsewhere a seed replays a drill.
    const seed = c.mode === 'incident' || c.seed === undefined ? randomInt(0, 2 ** 31 - 1) : c.seed;
    const room = new Room(host, c.id, c.code, c.scenario, c.mode, seed, options);
    room.gmToken = gmToken;
    host.store.addGame({ id: c.id, code: c.code, scenario: c.scenario.id, mode: c.mode, seed, options: JSON.stringify(options), state: 'lobby', createdAt: Date.now() });
    room.live = true;
    room.event({ k: 'join', player: creator.id, name: creator.name, role: c.mode === 'gm' ? 'gm' : 'player', ...(c.mode === 'versus' ? { team: 'a' as const } : {}) });
    if (c.mode === 'solo') room.begin();
    return { room, gmToken };
  }

  /** Rebuilds a room from its log after a restart: every seat waits for its player to resume. */
  static restore(host: RoomHost, row: { id: string; code: string; mode: Mode; seed: number; options: string }, scenario: Scenario, events: LoggedEvent[]): Room {
    const room = new Room(host, row.id, row.code, scenario, row.mode, row.seed, JSON.parse(row.options) as RoomOptions);
    for (const [ref, at] of interruptsOf(events)) room.interrupts.set(ref, at);
    for (const e of events) {
      room.log.push(e);
      room.apply(e);
    }
    for (const w of room.games.keys()) {
      room.debt.set(w, 0);
      room.syncWorld(w, true);
      room.checkpoint(w);
    }
    room.live = true;
    room.lastTick = Date.now();
    for (const seat of room.seats.values()) room.holdSeat(seat);
    room.scheduleDispose();
    return room;
  }

  // --- players -------------------------------------------------------------------------

  join(player: { id: string; name: string }, password?: string, team?: 'a' | 'b'): void {
    if (this.seats.has(player.id)) throw new RoomError('already-joined', `you are already in room ${this.code}`);
    if (this.state === 'finished') throw new RoomError('finished', `room ${this.code} has finished`);
    if (this.options.passwordHash && !sameSecret(this.options.salt, password ?? '', this.options.passwordHash)) {
      throw new RoomError('bad-password', `wrong password for room ${this.code}`);
    }
    if (this.mode === 'solo') throw new RoomError('room-full', `room ${this.code} is a solo challenge`);
    if (this.playerCount() >= this.options.maxPlayers) throw new RoomError('room-full', `room ${this.code} is full (${this.options.maxPlayers} players)`);
    const side = this.mode === 'versus' ? team ?? this.smallerTeam() : undefined;
    const w: WorldKey = side ?? 'main';
    const enter = this.state === 'running';
    this.event({ k: 'join', player: player.id, name: player.name, role: 'player', ...(side ? { team: side } : {}), ...(enter ? { w, enter: true } : {}) });
  }

  /** The player's connection is back (or new): snapshot, shell prompt and scrollback. */
  connect(playerId: string): void {
    const seat = this.seats.get(playerId);
    if (!seat) return;
    clearTimeout(seat.release);
    seat.release = undefined;
    clearTimeout(this.disposeTimer);
    seat.connected = true;
    this.views.update('all', (d) => {
      if (d.players[playerId]) d.players[playerId].connected = true;
    });
    this.sendSnapshot(seat);
  }

  /** The connection dropped: the seat is kept for `resumeMs`. */
  disconnect(playerId: string): void {
    const seat = this.seats.get(playerId);
    if (!seat) return;
    seat.connected = false;
    this.views.update('all', (d) => {
      if (d.players[playerId]) d.players[playerId].connected = false;
    });
    this.holdSeat(seat);
    this.scheduleDispose();
  }

  leave(playerId: string): void {
    this.seat(playerId);
    this.event({ k: 'leave', player: playerId });
    this.scheduleDispose();
  }

  ready(playerId: string, ready: boolean): void {
    const seat = this.seat(playerId);
    if (this.state !== 'lobby') throw new RoomError('not-lobby', 'the game has already started');
    if (seat.ready === ready) return;
    this.event({ k: 'ready', player: playerId, ready });
    const players = [...this.seats.values()].filter((s) => s.role === 'player');
    if (players.length && players.every((s) => s.ready) && this.canStart()) this.begin();
  }

  start(playerId: string): void {
    this.seat(playerId);
    if (this.state !== 'lobby') throw new RoomError('not-lobby', 'the game has already started');
    if (playerId !== this.options.owner) throw new RoomError('not-owner', 'only the player who created the room can start it');
    if (!this.canStart()) throw new RoomError('not-enough-players', this.mode === 'versus' ? 'each team needs at least one player' : 'the room needs at least one player');
    this.begin();
  }

  // --- the game ------------------------------------------------------------------------

  exec(playerId: string, id: string, line: string): void {
    const seat = this.seat(playerId);
    this.assertPlaying(seat);
    if (seat.running) throw new RoomError('busy', `command ${seat.running.id} is still running (cancel it first)`);
    const w = this.worldOf(seat);
    const seq = this.event({ k: 'exec', w, player: playerId, line, wallMs: Date.now(), budget: this.host.config.commandBudgetMs }, id);
    // While its output streams, the view waits for the command (streamDone syncs it).
    this.afterGameEvent(w, !this.streaming(seat, seq));
  }

  /** Ctrl-C: the command stops where the player is in its output; the rest is replaced by what it prints on SIGINT. */
  cancel(playerId: string, id: string): void {
    const seat = this.seat(playerId);
    const run = seat.running;
    if (!run || run.id !== id) throw new RoomError('not-running', `no command ${id} is running`);
    const at = Math.max(Math.floor(run.out.simOffset()), run.out.lastSentAt + 1);
    if (at >= run.out.durationMs || this.state !== 'running') {
      run.out.flush();
      return;
    }
    this.append({ k: 'interrupt', ref: run.seq, at });
    this.interrupts.set(run.seq, at);
    const cp = this.checkpoints.get(run.w)!;
    const game = cp.game.fork();
    let rerun: { outcome: { chunks: { fd: 1 | 2; text: string; at: number }[]; exit: number; prompt: string }; elapsedMs: number } | undefined;
    for (const e of this.log.slice(cp.index)) {
      const r = applyToGame(game, run.w, e, this.interrupts);
      if (e.seq === run.seq && r?.kind === 'exec') rerun = r;
    }
    this.games.set(run.w, game);
    if (!rerun) throw new Error(`exec ${run.seq} not found after checkpoint ${cp.index}`);
    this.debt.set(run.w, Math.max(0, this.debt.get(run.w)! - (run.out.durationMs - rerun.elapsedMs)));
    run.exit = rerun.outcome.exit;
    run.prompt = rerun.outcome.prompt;
    run.out.interrupt(at, rerun.outcome.chunks, rerun.elapsedMs);
    this.syncWorld(run.w);
  }

  chat(playerId: string, text: string): void {
    const seat = this.seat(playerId);
    const w = this.worldOf(seat);
    this.event({ k: 'chat', player: playerId, text, at: this.games.get(w)!.now });
  }

  hint(playerId: string): void {
    const seat = this.seat(playerId);
    this.assertPlaying(seat);
    this.giveHint(seat);
  }

  gm(playerId: string, token: string, action: GmAction): void {
    const seat = this.seat(playerId);
    if (seat.role !== 'gm' || !sameSecret(this.options.salt, token, this.options.gmTokenHash)) {
      throw new RoomError('not-gm', 'game-master actions need the game master token of this room');
    }
    if (action.kind === 'state') {
      this.host.send(playerId, this.gmState());
      return;
    }
    if (this.state !== 'running') throw new RoomError('not-running', 'the game is not running');
    switch (action.kind) {
      case 'inject': {
        const type = action.fault.type;
        if (!FAULTS[type]) throw new RoomError('bad-fault', `unknown fault type "${type}" (known: ${Object.keys(FAULTS).join(', ')})`);
        const params = action.fault.params ?? {};
        try {
          this.games.get('main')!.fork().inject(type, params);
        } catch (e) {
          throw new RoomError('bad-fault', `${type}: ${(e as Error).message}`);
        }
        this.event({ k: 'inject', w: 'main', fault: { type, params } });
        this.afterGameEvent('main');
        this.host.send(playerId, this.gmState());
        return;
      }
      case 'pause':
        if (!this.paused) this.event({ k: 'pause' });
        return;
      case 'resume':
        if (this.paused) this.event({ k: 'resume' });
        return;
      case 'hint': {
        const target = this.seats.get(action.player);
        if (!target || target.role !== 'player') throw new RoomError('no-player', `no player ${action.player} in this room`);
        this.giveHint(target, playerId);
        return;
      }
      case 'end':
        this.finish('ended by the game master');
        return;
    }
  }

  /** Wall time passes: every world's clock follows, less what its commands already ran ahead. */
  tick(): void {
    const now = Date.now();
    const wall = now - this.lastTick;
    this.lastTick = now;
    if (this.state !== 'running' || this.paused || this.ending || wall <= 0) return;
    for (const w of this.games.keys()) {
      const pay = Math.min(this.debt.get(w)!, wall);
      this.debt.set(w, this.debt.get(w)! - pay);
      const ms = Math.round(wall - pay);
      if (ms > 0) {
        this.event({ k: 'tick', w, ms });
        this.afterGameEvent(w);
      }
      if (this.state !== 'running') return;
    }
  }

  /** Events in the room's log (a room that refused a frame has the same count as before it). */
  get eventCount(): number {
    return this.log.length;
  }

  get isRunning(): boolean {
    return this.state === 'running';
  }

  playerIds(): string[] {
    return [...this.seats.keys()];
  }

  /** Test and GM hook: the true state of a world (never sent to players). */
  worldOfTeam(w: WorldKey): Game | undefined {
    return this.games.get(w);
  }

  /** The server stops: timers cleared and nothing changed (the log rebuilds the room on the next start). */
  shutdown(): void {
    clearTimeout(this.disposeTimer);
    for (const seat of this.seats.values()) {
      clearTimeout(seat.release);
      this.stopRun(seat, false);
    }
  }

  dispose(): void {
    clearTimeout(this.disposeTimer);
    for (const seat of this.seats.values()) {
      clearTimeout(seat.release);
      this.stopRun(seat, false);
    }
    if (this.state === 'running') this.finish('abandoned: everybody left');
    else if (this.state === 'lobby') this.host.store.dropLobby(this.id);
    this.host.disposed(this);
  }

  // --- events --------------------------------------------------------------------------

  /** Persists an event, applies it, and (live) sends what follows from it. */
  private event(ev: RoomEvent, requestId?: string): number {
    const e = this.append(ev);
    this.apply(e, requestId);
    return e.seq;
  }

  private append(ev: RoomEvent): LoggedEvent {
    const e: LoggedEvent = { seq: (this.log[this.log.length - 1]?.seq ?? 0) + 1, at: Date.now(), ev };
    this.host.store.appendEvent(this.id, e.seq, e.at, ev);
    this.log.push(e);
    return e;
  }

  /** The one state transition of a room, used live and when rebuilding. */
  private apply(e: LoggedEvent, requestId?: string): void {
    const { ev } = e;
    switch (ev.k) {
      case 'join': {
        const seat: Seat = { id: ev.player, name: ev.name, role: ev.role, ready: false, connected: this.live, scroll: [], scrollChars: 0, ...(ev.team ? { team: ev.team } : {}) };
        this.seats.set(ev.player, seat);
        if (ev.enter) applyToGame(this.games.get(ev.w!)!, ev.w!, e, this.interrupts);
        this.views.update('all', (d) => {
          d.players[ev.player] = { name: ev.name, role: ev.role, ready: false, connected: seat.connected, ...(ev.team ? { team: ev.team } : {}) };
        });
        if (this.live) {
          this.sendSnapshot(seat);
        }
        return;
      }
      case 'leave': {
        const seat = this.seats.get(ev.player);
        if (!seat) return;
        clearTimeout(seat.release);
        this.stopRun(seat, true);
        this.seats.delete(ev.player);
        this.views.update('all', (d) => {
          delete d.players[ev.player];
        });
        return;
      }
      case 'ready':
        this.seats.get(ev.player)!.ready = ev.ready;
        this.views.update('all', (d) => {
          d.players[ev.player].ready = ev.ready;
        });
        return;
      case 'start':
        this.state = 'running';
        this.lastTick = Date.now();
        for (const w of this.games.keys()) applyToGame(this.games.get(w)!, w, e, this.interrupts);
        this.views.update('all', (d) => {
          d.state = 'running';
        });
        for (const w of this.games.keys()) this.syncWorld(w, true);
        if (this.live) {
          this.host.store.setState(this.id, 'running');
          for (const seat of this.seats.values()) if (seat.role === 'player') this.host.send(seat.id, { type: 'prompt', prompt: this.games.get(this.worldOf(seat))!.prompt(seat.id) });
        }
        return;
      case 'exec': {
        const seat = this.seats.get(ev.player)!;
        const r = applyToGame(this.games.get(ev.w)!, ev.w, e, this.interrupts);
        if (r?.kind !== 'exec') return;
        this.debt.set(ev.w, this.debt.get(ev.w)! + r.elapsedMs);
        const host = this.games.get(ev.w)!.commands[this.games.get(ev.w)!.commands.length - 1].host;
        const entry: ScrollEntry = { prompt: r.before, line: ev.line, text: this.live ? '' : r.outcome.chunks.map((c) => c.text).join('') };
        this.addScroll(seat, entry);
        const feed: FeedItem = { player: seat.name, host, line: ev.line, exit: r.outcome.exit, at: this.games.get(ev.w)!.commands[this.games.get(ev.w)!.commands.length - 1].at };
        if (this.live) this.stream(seat, requestId ?? String(e.seq), e.seq, ev.w, entry, r.outcome, r.elapsedMs, feed);
        else this.views.addEntry(ev.w, 'feed', e.seq, feed, this.host.config.feedSize);
        return;
      }
      case 'tick':
        applyToGame(this.games.get(ev.w)!, ev.w, e, this.interrupts);
        return;
      case 'hint': {
        const r = applyToGame(this.games.get(ev.w)!, ev.w, e, this.interrupts);
        const hint = r?.kind === 'hint' ? r.hint : undefined;
        if (this.live && hint) {
          const msg: ServerMessage = { type: 'hint', tier: HINT_TIERS.indexOf(hint.tier) + 1, text: hint.text, cost: hint.cost };
          this.host.send(ev.player, msg);
        }
        return;
      }
      case 'inject':
        applyToGame(this.games.get(ev.w)!, ev.w, e, this.interrupts);
        return;
      case 'chat': {
        const seat = this.seats.get(ev.player);
        const aud = this.mode === 'versus' && seat?.team ? seat.team : 'all';
        this.views.addEntry(aud, 'chat', e.seq, { player: seat?.name ?? ev.player, text: ev.text, at: ev.at }, this.host.config.chatSize);
        return;
      }
      case 'pause':
      case 'resume':
        this.paused = ev.k === 'pause';
        this.lastTick = Date.now();
        for (const w of this.games.keys()) this.syncWorld(w, true);
        return;
      case 'interrupt':
      case 'finish':
        return;
    }
  }

  /** After an event that changed a world: checkpoints, the view, and whether the game is over. */
  private afterGameEvent(w: WorldKey, sync = true): void {
    if (sync) this.syncWorld(w);
    const cp = this.checkpoints.get(w)!;
    const busy = [...this.seats.values()].some((s) => s.running && s.running.w === w);
    if (!busy && this.log.length - cp.index >= CHECKPOINT_EVERY) this.checkpoint(w);
    this.checkEnd();
  }

  private checkpoint(w: WorldKey): void {
    this.checkpoints.set(w, { game: this.games.get(w)!.fork(), index: this.log.length });
  }

  private checkEnd(): void {
    if (this.state !== 'running' || this.ending) return;
    if (this.mode === 'versus') {
      const winner = (['a', 'b'] as const).find((t) => this.mitigated(this.games.get(t)!));
      if (winner) this.endWhenIdle(`team ${winner.toUpperCase()} turned every objective green first`, winner);
      return;
    }
    const game = this.games.get('main')!;
    if (this.options.limitMs !== undefined && game.now >= this.options.limitMs) this.endWhenIdle('time is up');
    else if (this.mode !== 'gm' && this.mitigated(game)) this.endWhenIdle('every objective is green');
  }

  /** Every objective is green again after one went red (some faults only show after a while). */
  private mitigated(game: Game): boolean {
    return game.allGreen && game.alerts.some((a) => this.objectiveIds.has(a.objective));
  }

  /** The game ends once the commands still printing have finished. */
  private endWhenIdle(reason: string, winner?: 'a' | 'b'): void {
    this.ending = { reason, ...(winner ? { winner } : {}) };
    if (![...this.seats.values()].some((s) => s.running)) this.finish(reason, winner);
  }

  private finish(reason: string, winner?: 'a' | 'b'): void {
    if (this.state === 'finished' || this.finishing) return;
    this.finishing = true;
    this.ending = { reason, ...(winner ? { winner } : {}) };
    for (const seat of this.seats.values()) seat.running?.out.flush();
    const now = Date.now();
    const perWorld = [...this.games.entries()].map(([w, game]) => {
      const result = game.finish();
      return { w, result, markdown: reportMarkdown(result), text: reportText(result) };
    });
    const rows = perWorld.flatMap(({ w, result }) => result.score.players.map((p) => ({
      team: w,
      playerId: p.player,
      name: result.players.find((x) => x.id === p.player)?.name ?? p.player,
      score: p.total,
      teamScore: result.score.total,
      mitigated: result.mitigatedAt !== undefined,
      ...(this.mode === 'versus' ? { won: w === winner } : {}),
    })));
    this.host.store.db.transaction(() => {
      this.append({ k: 'finish', reason, ...(winner ? { winner } : {}) });
      this.host.store.recordFinish({ id: this.id, scenario: this.scenario.id, mode: this.mode }, rows, perWorld.map((p) => ({ team: p.w, markdown: p.markdown, text: p.text })), now);
    })();
    this.state = 'finished';
    const scores = new Map(rows.map((r) => [r.playerId, r.score]));
    for (const w of this.games.keys()) this.syncWorld(w, true);
    this.views.update('all', (d) => {
      d.state = 'finished';
      d.ended = reason;
      if (winner) d.winner = winner;
      for (const [id, p] of Object.entries(d.players)) if (scores.has(id)) p.score = scores.get(id);
    });
    for (const seat of this.seats.values()) {
      const mine = perWorld.find((p) => p.w === (seat.role === 'gm' ? 'main' : this.worldOf(seat))) ?? perWorld[0];
      this.host.send(seat.id, { type: 'gameover', report: mine.text, score: mine.result.score.total, ...(winner ? { won: mine.w === winner } : {}) });
    }
    this.scheduleDispose();
  }

  // --- output --------------------------------------------------------------------------

  private stream(seat: Seat, id: string, seq: number, w: WorldKey, entry: ScrollEntry, outcome: { chunks: { fd: 1 | 2; text: string; at: number }[]; exit: number; prompt: string }, elapsedMs: number, feed: FeedItem): void {
    const { config } = this.host;
    const run: Running = { id, seq, w, entry, exit: outcome.exit, prompt: outcome.prompt, feed, feedShown: false } as Running;
    run.feedTimer = setTimeout(() => this.guard(() => this.showRunning(run)), FEED_RUNNING_MS);
    const out = new OutputStream(
      outcome.chunks, elapsedMs,
      { scale: config.streamScale, capMs: config.streamCapMs, maxChars: config.maxOutputChars },
      Date.now(), Date.now,
      (fd, text) => {
        entry.text += text;
        seat.scrollChars += text.length;
        this.host.send(seat.id, { type: 'output', id, fd, text });
      },
      () => this.guard(() => this.streamDone(seat, run)),
    );
    run.out = out;
    seat.running = run;
    out.pump();
  }

  private streamDone(seat: Seat, run: Running): void {
    if (seat.running === run) seat.running = undefined;
    this.trimScroll(seat);
    this.host.send(seat.id, { type: 'exit', id: run.id, code: run.exit, prompt: run.prompt });
    clearTimeout(run.feedTimer);
    if (run.feedShown) this.views.setEntryField(run.w, 'feed', run.seq, 'exit', run.exit);
    else this.views.addEntry(run.w, 'feed', run.seq, { ...run.feed, exit: run.exit }, this.host.config.feedSize);
    this.syncWorld(run.w);
    if (this.ending && this.state === 'running' && ![...this.seats.values()].some((s) => s.running)) this.finish(this.ending.reason, this.ending.winner);
    else if (this.state === 'running') {
      const cp = this.checkpoints.get(run.w)!;
      if (this.log.length - cp.index >= CHECKPOINT_EVERY && ![...this.seats.values()].some((s) => s.running?.w === run.w)) this.checkpoint(run.w);
    }
  }

  private streaming(seat: Seat, seq: number): boolean {
    return seat.running?.seq === seq;
  }

  /** A command still running shows in the feed without its exit code. */
  private showRunning(run: Running): void {
    clearTimeout(run.feedTimer);
    if (run.feedShown) return;
    run.feedShown = true;
    this.views.addEntry(run.w, 'feed', run.seq, { ...run.feed, exit: null }, this.host.config.feedSize);
    this.syncWorld(run.w);
  }

  /** A command's output stops for good (its player left, the room goes): `show` keeps it in the feed as running. */
  private stopRun(seat: Seat, show: boolean): void {
    const run = seat.running;
    if (!run) return;
    run.out.stop();
    if (show) this.showRunning(run);
    else clearTimeout(run.feedTimer);
  }

  private addScroll(seat: Seat, entry: ScrollEntry): void {
    seat.scroll.push(entry);
    seat.scrollChars += entry.prompt.length + entry.line.length + 1 + entry.text.length;
    this.trimScroll(seat);
  }

  private trimScroll(seat: Seat): void {
    while (seat.scrollChars > this.host.config.maxScrollback && seat.scroll.length > 1) {
      const old = seat.scroll.shift()!;
      seat.scrollChars -= old.prompt.length + old.line.length + 1 + old.text.length;
    }
  }

  scrollback(playerId: string): string {
    const seat = this.seats.get(playerId);
    return seat ? seat.scroll.map((e) => `${e.prompt}${e.line}\n${e.text}`).join('') : '';
  }

  // --- views ---------------------------------------------------------------------------

  private initialView(w: WorldKey): RoomView {
    const s = this.scenario;
    const game = this.games.get(w)!;
    return {
      code: this.code,
      mode: this.mode,
      state: 'lobby',
      scenario: { id: s.id, title: s.title, briefing: s.briefing, difficulty: s.difficulty, parMs: s.parMs },
      players: {},
      objectives: Object.fromEntries(game.objectives().filter((o) => o.kind === 'objective').map((o) => [o.id, { title: o.title, green: o.ok }])),
      alerts: {},
      clock: { simMs: game.now, paused: false, ...(this.options.limitMs !== undefined ? { limitMs: this.options.limitMs } : {}) },
      feed: {},
      chat: {},
      hintsUsed: 0,
      ...(this.mode === 'versus' ? { team: w as 'a' | 'b', rival: { green: 0, total: s.objectives.length } } : {}),
    };
  }

  /**
   * Copies a world's public status (objectives red/green, alerts, clock, hints) into its view.
   * Players' clients run the simulated clock on by themselves (it follows wall time, held while
   * commands have run it ahead: `holdMs`), so the view carries the clock only when that
   * reckoning is out by CLOCK_SLACK_MS, or when the clock starts or stops (`clock`).
   */
  private syncWorld(w: WorldKey, clock = false): void {
    const game = this.games.get(w)!;
    const objectives = game.objectives().filter((o) => o.kind === 'objective');
    this.views.update(w, (d) => {
      for (const o of objectives) if (d.objectives[o.id] && d.objectives[o.id].green !== o.ok) d.objectives[o.id].green = o.ok;
      game.alerts.forEach((a, i) => {
        const firing = a.clearedAt === undefined;
        const at = a.clearedAt ?? a.firedAt;
        const cur = d.alerts[i];
        if (!cur) d.alerts[i] = { message: a.message, firing, at };
        else if (cur.firing !== firing || cur.at !== at) Object.assign(cur, { firing, at });
      });
      d.clock.paused = this.paused;
      if (clock || this.clockDrifted(w)) {
        // (A stopped clock holds nothing: the debt is what the running clock pays first.)
        const holdMs = this.state === 'running' && !this.paused ? this.debt.get(w)! : 0;
        d.clock.simMs = game.now;
        if (holdMs) d.clock.holdMs = holdMs;
        else delete d.clock.holdMs;
        this.clockSent.set(w, { simMs: game.now, holdMs, at: Date.now() });
      }
      d.hintsUsed = game.hintsUsed.length;
    });
    if (this.mode === 'versus') {
      const other: WorldKey = w === 'a' ? 'b' : 'a';
      const green = objectives.filter((o) => o.ok).length;
      this.views.update(other, (d) => {
        d.rival = { green, total: objectives.length };
      });
    }
  }

  /** The players' reckoning of a world's clock (from what the view last carried) is out by CLOCK_SLACK_MS. */
  private clockDrifted(w: WorldKey): boolean {
    const sent = this.clockSent.get(w);
    if (!sent) return true;
    const runs = this.state === 'running' && !this.paused;
    const reckoned = sent.simMs + (runs ? Math.max(0, Date.now() - sent.at - sent.holdMs) : 0);
    return Math.abs(this.games.get(w)!.now - reckoned) >= CLOCK_SLACK_MS;
  }

  private broadcastPatch(aud: WorldKey, seq: number, patches: Patch[]): void {
    if (!this.live) return;
    const to = [...this.seats.values()].filter((seat) => seat.connected && this.audienceOf(seat) === aud).map((seat) => seat.id);
    this.host.sendAll(to, { type: 'patch', seq, patches });
  }

  private sendSnapshot(seat: Seat): void {
    const { view, seq } = this.views.snapshot(this.audienceOf(seat));
    this.host.send(seat.id, { type: 'room', seq, view, you: seat.id, ...(seat.role === 'gm' && this.gmToken ? { gmToken: this.gmToken } : {}) });
    if (seat.role === 'player' && this.state !== 'lobby') {
      const game = this.games.get(this.worldOf(seat))!;
      if (game.players.has(seat.id)) this.host.send(seat.id, { type: 'prompt', prompt: game.prompt(seat.id), scrollback: this.scrollback(seat.id) });
    }
  }

  private gmState(): ServerMessage {
    const worlds: Record<string, { world: unknown; faults: unknown[]; paused: boolean }> = {};
    for (const [w, game] of this.games) worlds[w] = { world: game.world, faults: game.faults, paused: this.paused };
    return { type: 'gm', worlds };
  }

  // --- helpers -------------------------------------------------------------------------

  private begin(): void {
    const players = [...this.seats.values()].filter((s) => s.role === 'player').map((s) => ({ id: s.id, name: s.name, w: this.worldOf(s) }));
    this.event({ k: 'start', players });
  }

  private giveHint(seat: Seat, gm?: string): void {
    const w = this.worldOf(seat);
    const game = this.games.get(w)!;
    if (!game.players.has(seat.id)) throw new RoomError('not-playing', `${seat.name} has not entered the game yet`);
    if (game.hintsUsed.length >= game.hints.length) throw new RoomError('no-hints', 'there are no hints left');
    this.event({ k: 'hint', w, player: seat.id });
    if (gm) {
      const used = game.hintsUsed[game.hintsUsed.length - 1];
      this.host.send(gm, { type: 'hint', tier: HINT_TIERS.indexOf(used.hint.tier) + 1, text: used.hint.text, cost: used.hint.cost });
    }
    this.afterGameEvent(w);
  }

  private assertPlaying(seat: Seat): void {
    if (seat.role !== 'player') throw new RoomError('not-player', 'the game master has no shell in the world');
    if (this.state === 'lobby') throw new RoomError('not-started', 'the game has not started yet');
    if (this.state === 'finished' || this.ending) throw new RoomError('finished', 'the game is over');
    if (this.paused) throw new RoomError('paused', 'the game master has paused the drill');
  }

  private seat(playerId: string): Seat {
    const seat = this.seats.get(playerId);
    if (!seat) throw new RoomError('not-in-room', `you are not in room ${this.code}`);
    return seat;
  }

  private worldOf(seat: Seat): WorldKey {
    return this.mode === 'versus' ? seat.team ?? 'a' : 'main';
  }

  private audienceOf(seat: Seat): WorldKey {
    return this.worldOf(seat);
  }

  private playerCount(): number {
    return [...this.seats.values()].filter((s) => s.role === 'player').length;
  }

  private smallerTeam(): 'a' | 'b' {
    const count = (t: 'a' | 'b') => [...this.seats.values()].filter((s) => s.team === t).length;
    return count('b') < count('a') ? 'b' : 'a';
  }

  private canStart(): boolean {
    const players = [...this.seats.values()].filter((s) => s.role === 'player');
    if (this.mode === 'versus') return players.some((s) => s.team === 'a') && players.some((s) => s.team === 'b');
    return players.length > 0;
  }

  private holdSeat(seat: Seat): void {
    clearTimeout(seat.release);
    seat.release = setTimeout(() => this.guard(() => {
      if (!seat.connected && this.seats.get(seat.id) === seat) this.leave(seat.id);
    }), this.host.config.resumeMs);
  }

  /** With nobody connected for a while, a room ends (if running) and is forgotten. */
  private scheduleDispose(): void {
    clearTimeout(this.disposeTimer);
    if ([...this.seats.values()].some((s) => s.connected)) return;
    const wait = this.seats.size ? this.host.config.resumeMs + this.host.config.emptyGraceMs : this.host.config.emptyGraceMs;
    this.disposeTimer = setTimeout(() => this.guard(() => this.dispose()), wait);
  }

  /** Runs a timer callback; an exception is logged and stays inside this room. */
  guard(fn: () => void): void {
    try {
      fn();
    } catch (e) {
      this.host.log(`room ${this.code}: ${(e as Error).stack ?? e}`);
    }
  }
}
