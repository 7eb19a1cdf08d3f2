// The server's store checkpoints its WAL from a worker thread: the game loop's connection no
// longer does, yet what it writes reaches the database file itself within a second or two.
import Database from 'better-sqlite3';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../server/store/store.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Rows of the room log found in the database file alone, without its WAL. */
function eventsInMainFile(dir: string): number {
  const copy = join(dir, 'copy.db');
  copyFileSync(join(dir, 'opsdrill.db'), copy);
  const db = new Database(copy, { readonly: true });
  try {
    const table = db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'room_events'").get();
    return table ? (db.prepare('SELECT count(*) AS n FROM room_events').get() as { n: number }).n : 0;
  } finally {
    db.close();
  }
}

describe('background checkpoints', () => {
  it('move the room log into the database file while the server connection never checkpoints', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'opsdrill-ckpt-'));
    dirs.push(dir);
    const store = openStore(dir);
    const logs: string[] = [];
    store.checkpointInBackground((m) => logs.push(m));
    expect(store.db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    store.addGame({ id: 'g1', code: 'c1', scenario: 's', mode: 'team', seed: 1, options: '{}', state: 'running', createdAt: 1 });
    for (let i = 1; i <= 200; i++) store.appendEvent('g1', i, i, { k: 'exec', line: `ip route # ${i}` });
    expect(eventsInMainFile(dir)).toBe(0);
    let found = 0;
    for (let waited = 0; waited < 5000 && found < 200; waited += 100) {
      await new Promise((r) => setTimeout(r, 100));
      found = eventsInMainFile(dir);
    }
    expect(found).toBe(200);
    expect(logs).toEqual([]);
    store.close();
  });
});
