// The embedded database: one SQLite file in the data directory, WAL mode, and the schema as
// an ordered list of migrations (user_version counts the ones applied).
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

export type Db = Database.Database;

export const MIGRATIONS: string[] = [
  `CREATE TABLE players (
     id TEXT PRIMARY KEY,
     name TEXT NOT NULL,
     token_hash TEXT NOT NULL UNIQUE,
     created_at INTEGER NOT NULL,
     last_seen INTEGER NOT NULL
   );
   CREATE TABLE games (
     id TEXT PRIMARY KEY,
     code TEXT NOT NULL,
     scenario TEXT NOT NULL,
     mode TEXT NOT NULL,
     seed INTEGER NOT NULL,
     options TEXT NOT NULL,
     state TEXT NOT NULL CHECK (state IN ('lobby', 'running', 'finished')),
     created_at INTEGER NOT NULL,
     finished_at INTEGER
   );
   CREATE INDEX games_state ON games(state);
   CREATE TABLE room_events (
     game_id TEXT NOT NULL REFERENCES games(id),
     seq INTEGER NOT NULL,
     at INTEGER NOT NULL,
     event TEXT NOT NULL,
     PRIMARY KEY (game_id, seq)
   ) WITHOUT ROWID;
   CREATE TABLE results (
     game_id TEXT NOT NULL REFERENCES games(id),
     team TEXT NOT NULL,
     player_id TEXT NOT NULL,
     name TEXT NOT NULL,
     scenario TEXT NOT NULL,
     mode TEXT NOT NULL,
     score INTEGER NOT NULL,
     team_score INTEGER NOT NULL,
     mitigated INTEGER NOT NULL,
     won INTEGER,
     finished_at INTEGER NOT NULL,
     PRIMARY KEY (game_id, player_id)
   );
   CREATE INDEX results_board ON results(scenario, mode, team_score DESC);
   CREATE TABLE reports (
     game_id TEXT NOT NULL REFERENCES games(id),
     team TEXT NOT NULL,
     markdown TEXT NOT NULL,
     text TEXT NOT NULL,
     PRIMARY KEY (game_id, team)
   );`,
];

/** Opens (creating if needed) `opsdrill.db` in `dir` and brings its schema up to date. */
export function openDb(dir: string): Db {
  mkdirSync(dir, { recursive: true });
  const db = new Database(join(dir, 'opsdrill.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return db;
}

export function migrate(db: Db): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  for (let v = version; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}
