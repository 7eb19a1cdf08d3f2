import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS, openDb } from '../../server/store/db.js';
import { Store, openStore } from '../../server/store/store.js';

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'opsdrill-store-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function game(store: Store, id: string, scenario = 'shop-api-502', mode: 'team' | 'solo' = 'team') {
  store.addGame({ id, code: `code-${id}`, scenario, mode, seed: 3, options: '{}', state: 'running', createdAt: 1000 });
}

describe('the store', () => {
  it('is a WAL-mode SQLite file with every migration applied, and opening it again changes nothing', () => {
    const dir = tmp();
    const db = openDb(dir);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    db.close();
    const again = openDb(dir);
    expect(again.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    again.close();
  });

  it('keeps a room log in order and lists the games still open', () => {
    const dir = tmp();
    const store = openStore(dir);
    game(store, 'g1');
    game(store, 'g2');
    store.appendEvent('g1', 1, 10, { k: 'join', player: 'p1' });
    store.appendEvent('g1', 2, 11, { k: 'exec', line: 'ip route' });
    expect(() => store.appendEvent('g1', 2, 12, { k: 'dup' })).toThrow();
    store.close();
    const reopened = openStore(dir);
    expect(reopened.events('g1').map((e) => [e.seq, JSON.parse(e.event).k])).toEqual([[1, 'join'], [2, 'exec']]);
    expect(reopened.openGames().map((g) => g.id)).toEqual(['g1', 'g2']);
    reopened.close();
  });

  it('writes a result in one transaction: results, reports and the finished state, or nothing', () => {
    const store = openStore(tmp());
    game(store, 'g1');
    const row = { team: 'main', playerId: 'p1', name: 'alice', score: 120, teamScore: 150, mitigated: true };
    // The second row repeats the primary key: the whole transaction must roll back.
    expect(() => store.recordFinish({ id: 'g1', scenario: 'shop-api-502', mode: 'team' }, [row, row], [{ team: 'main', markdown: '# r', text: 'r' }], 5000)).toThrow();
    expect(store.results('g1')).toEqual([]);
    expect(store.reports('g1')).toEqual([]);
    expect(store.game('g1')!.state).toBe('running');
    store.recordFinish({ id: 'g1', scenario: 'shop-api-502', mode: 'team' }, [row, { ...row, playerId: 'p2', name: 'bob', score: 30 }], [{ team: 'main', markdown: '# r', text: 'r' }], 5000);
    expect(store.game('g1')).toMatchObject({ state: 'finished', finishedAt: 5000 });
    expect(store.results('g1').map((r) => [r.name, r.score, r.teamScore, r.mitigated])).toEqual([['alice', 120, 150, true], ['bob', 30, 150, true]]);
    expect(store.openGames()).toEqual([]);
    store.close();
  });

  it('ranks teams per scenario and mode on the leaderboard', () => {
    const store = openStore(tmp());
    const finish = (id: string, scenario: string, mode: 'team' | 'solo', names: string[], teamScore: number) => {
      game(store, id, scenario, mode);
      store.recordFinish({ id, scenario, mode }, names.map((name, i) => ({ team: 'main', playerId: `${id}-${i}`, name, score: 1, teamScore, mitigated: true })), [], 1000);
    };
    finish('g1', 'shop-api-502', 'team', ['alice', 'bob'], 150);
    finish('g2', 'shop-api-502', 'team', ['carol'], 210);
    finish('g3', 'shop-api-502', 'solo', ['dave'], 300);
    finish('g4', 'vpc-site-down', 'team', ['erin'], 400);
    expect(store.leaderboard('shop-api-502', 'team').map((r) => [r.name, r.score])).toEqual([['carol', 210], ['alice, bob', 150]]);
    expect(store.leaderboard().map((r) => r.score)).toEqual([400, 300, 210, 150]);
    expect(store.best('shop-api-502')).toBe(300);
    expect(store.best('nothing')).toBeUndefined();
    expect(store.replays().map((r) => r.id).sort()).toEqual(['g1', 'g2', 'g3', 'g4']);
    store.close();
  });

  it('forgets a room that never left the lobby, and only such a room', () => {
    const store = openStore(tmp());
    store.addGame({ id: 'lobby', code: 'c1', scenario: 'shop-api-502', mode: 'team', seed: 3, options: '{}', state: 'lobby', createdAt: 1000 });
    store.appendEvent('lobby', 1, 10, { k: 'join', player: 'p1' });
    game(store, 'g2');
    store.appendEvent('g2', 1, 10, { k: 'join', player: 'p1' });
    store.dropLobby('lobby');
    store.dropLobby('g2');
    expect(store.game('lobby')).toBeUndefined();
    expect(store.events('lobby')).toEqual([]);
    expect(store.openGames().map((g) => g.id)).toEqual(['g2']);
    expect(store.events('g2')).toHaveLength(1);
    store.close();
  });

  it('finds a player by the hash of their resume token', () => {
    const store = openStore(tmp());
    store.addPlayer('p1', 'alice', 'hash1', 1);
    expect(store.playerByToken('hash1')).toEqual({ id: 'p1', name: 'alice' });
    expect(store.playerByToken('hash2')).toBeUndefined();
    store.close();
  });
});
