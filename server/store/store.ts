// Queries over the database: players, games and their event logs, results, reports and the
// leaderboard. Everything a room needs to be rebuilt after a restart is here.
import type { Mode } from '../../shared/protocol.js';
import { startCheckpointer } from './checkpointer.js';
import { openDb, type Db } from './db.js';

export type GameState = 'lobby' | 'running' | 'finished';

export interface GameRow {
  id: string;
  code: string;
  scenario: string;
  mode: Mode;
  seed: number;
  /** Room settings as JSON (hashed secrets, limits): the room's business. */
  options: string;
  state: GameState;
  createdAt: number;
  finishedAt: number | null;
}

export interface EventRow {
  seq: number;
  at: number;
  event: string;
}

export interface ResultRow {
  team: string;
  playerId: string;
  name: string;
  score: number;
  teamScore: number;
  mitigated: boolean;
  won?: boolean;
}

export interface ReportRow {
  team: string;
  markdown: string;
  text: string;
}

export interface LeaderRow {
  name: string;
  scenario: string;
  mode: Mode;
  score: number;
  at: string;
}

export interface ReplaySummary {
  id: string;
  scenario: string;
  mode: Mode;
  finishedAt: string;
  players: string[];
}

export class Store {
  private readonly q;
  private stopCheckpoints: (() => void) | undefined;

  constructor(readonly db: Db) {
    this.q = {
      playerByToken: db.prepare('SELECT id, name FROM players WHERE token_hash = ?'),
      insertPlayer: db.prepare('INSERT INTO players (id, name, token_hash, created_at, last_seen) VALUES (?, ?, ?, ?, ?)'),
      touchPlayer: db.prepare('UPDATE players SET last_seen = ?, name = ? WHERE id = ?'),
      insertGame: db.prepare('INSERT INTO games (id, code, scenario, mode, seed, options, state, created_at) VALUES (@id, @code, @scenario, @mode, @seed, @options, @state, @createdAt)'),
      setState: db.prepare('UPDATE games SET state = ? WHERE id = ?'),
      finishGame: db.prepare("UPDATE games SET state = 'finished', finished_at = ? WHERE id = ?"),
      game: db.prepare('SELECT id, code, scenario, mode, seed, options, state, created_at AS createdAt, finished_at AS finishedAt FROM games WHERE id = ?'),
      openGames: db.prepare("SELECT id, code, scenario, mode, seed, options, state, created_at AS createdAt, finished_at AS finishedAt FROM games WHERE state != 'finished' ORDER BY created_at"),
      deleteEvents: db.prepare('DELETE FROM room_events WHERE game_id = ?'),
      deleteGame: db.prepare("DELETE FROM games WHERE id = ? AND state = 'lobby'"),
      insertEvent: db.prepare('INSERT INTO room_events (game_id, seq, at, event) VALUES (?, ?, ?, ?)'),
      events: db.prepare('SELECT seq, at, event FROM room_events WHERE game_id = ? ORDER BY seq'),
      insertResult: db.prepare(`INSERT INTO results (game_id, team, player_id, name, scenario, mode, score, team_score, mitigated, won, finished_at)
        VALUES (@gameId, @team, @playerId, @name, @scenario, @mode, @score, @teamScore, @mitigated, @won, @finishedAt)`),
      insertReport: db.prepare('INSERT INTO reports (game_id, team, markdown, text) VALUES (?, ?, ?, ?)'),
      results: db.prepare('SELECT team, player_id AS playerId, name, score, team_score AS teamScore, mitigated, won FROM results WHERE game_id = ? ORDER BY team, player_id'),
      reports: db.prepare('SELECT team, markdown, text FROM reports WHERE game_id = ? ORDER BY team'),
      replays: db.prepare(`SELECT g.id, g.scenario, g.mode, g.finished_at AS finishedAt, group_concat(r.name, char(31) ORDER BY r.name) AS players
        FROM games g LEFT JOIN results r ON r.game_id = g.id WHERE g.state = 'finished' GROUP BY g.id ORDER BY g.finished_at DESC LIMIT ?`),
    };
  }

  playerByToken(tokenHash: string): { id: string; name: string } | undefined {
    return this.q.playerByToken.get(tokenHash) as { id: string; name: string } | undefined;
  }

  addPlayer(id: string, name: string, tokenHash: string, now: number): void {
    this.q.insertPlayer.run(id, name, tokenHash, now, now);
  }

  touchPlayer(id: string, name: string, now: number): void {
    this.q.touchPlayer.run(now, name, id);
  }

  addGame(row: Omit<GameRow, 'finishedAt'>): void {
    this.q.insertGame.run(row);
  }

  setState(id: string, state: GameState): void {
    this.q.setState.run(state, id);
  }

  game(id: string): GameRow | undefined {
    return this.q.game.get(id) as GameRow | undefined;
  }

  /** Games in the lobby or running: the rooms to rebuild on start. */
  openGames(): GameRow[] {
    return this.q.openGames.all() as GameRow[];
  }

  /** Forgets a room that never started (nothing was played in it). */
  dropLobby(id: string): void {
    this.db.transaction(() => {
      if (this.game(id)?.state !== 'lobby') return;
      this.q.deleteEvents.run(id);
      this.q.deleteGame.run(id);
    })();
  }

  appendEvent(gameId: string, seq: number, at: number, event: unknown): void {
    this.q.insertEvent.run(gameId, seq, at, JSON.stringify(event));
  }

  events(gameId: string): EventRow[] {
    return this.q.events.all(gameId) as EventRow[];
  }

  /** Writes a finished game's results and reports and marks it finished, in one transaction. */
  recordFinish(game: Pick<GameRow, 'id' | 'scenario' | 'mode'>, results: ResultRow[], reports: ReportRow[], now: number): void {
    this.db.transaction(() => {
      for (const r of results) {
        this.q.insertResult.run({
          gameId: game.id, team: r.team, playerId: r.playerId, name: r.name, scenario: game.scenario, mode: game.mode,
          score: r.score, teamScore: r.teamScore, mitigated: r.mitigated ? 1 : 0, won: r.won === undefined ? null : r.won ? 1 : 0, finishedAt: now,
        });
      }
      for (const r of reports) this.q.insertReport.run(game.id, r.team, r.markdown, r.text);
      this.q.finishGame.run(now, game.id);
    })();
  }

  results(gameId: string): ResultRow[] {
    return (this.q.results.all(gameId) as (Omit<ResultRow, 'mitigated' | 'won'> & { mitigated: number; won: number | null })[]).map((r) => ({
      ...r, mitigated: r.mitigated === 1, ...(r.won === null ? { won: undefined } : { won: r.won === 1 }),
    }));
  }

  reports(gameId: string): ReportRow[] {
    return this.q.reports.all(gameId) as ReportRow[];
  }

  /** Best team results of a scenario and mode (or all of them): one row per team of a game. */
  leaderboard(scenario?: string, mode?: Mode, limit = 20): LeaderRow[] {
    const where: string[] = [];
    const args: unknown[] = [];
    if (scenario) {
      where.push('scenario = ?');
      args.push(scenario);
    }
    if (mode) {
      where.push('mode = ?');
      args.push(mode);
    }
    const sql = `SELECT group_concat(name, ', ' ORDER BY name) AS name, scenario, mode, max(team_score) AS score, max(finished_at) AS at
      FROM results ${where.length ? 'WHERE ' + where.join(' AND ') : ''}
      GROUP BY game_id, team ORDER BY score DESC, at ASC LIMIT ?`;
    const rows = this.db.prepare(sql).all(...args, limit) as { name: string; scenario: string; mode: Mode; score: number; at: number }[];
    return rows.map((r) => ({ ...r, at: new Date(r.at).toISOString() }));
  }

  /** Best team score of a scenario in any mode (the picker shows it). */
  best(scenario: string): number | undefined {
    const r = this.db.prepare('SELECT max(team_score) AS best FROM results WHERE scenario = ?').get(scenario) as { best: number | null };
    return r.best ?? undefined;
  }

  replays(limit = 50): ReplaySummary[] {
    const rows = this.q.replays.all(limit) as { id: string; scenario: string; mode: Mode; finishedAt: number; players: string | null }[];
    return rows.map((r) => ({ id: r.id, scenario: r.scenario, mode: r.mode, finishedAt: new Date(r.finishedAt).toISOString(), players: r.players ? r.players.split('\x1f') : [] }));
  }

  /** Moves WAL checkpoints to a worker thread (a long-running server's store). */
  checkpointInBackground(log: (m: string) => void): void {
    this.stopCheckpoints ??= startCheckpointer(this.db, log);
  }

  close(): void {
    this.stopCheckpoints?.();
    this.db.close();
  }
}

export function openStore(dir: string): Store {
  return new Store(openDb(dir));
}
