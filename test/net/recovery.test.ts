// Crash recovery: the server runs as a child process; two players (and their game master)
// play half a scenario, the server is killed with SIGKILL and started again on the same data
// directory; everybody resumes into the same world, shells and scrollback, and the results
// of finished games are all still there.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { SCENARIO_DIR } from '../../client/scenario-files.js';
import { createGame } from '../../server/game/game.js';
import { scenario } from '../game/catalogue.js';
import { TestClient } from './client.js';
import { tempDir } from './server.js';

const ROOT = new URL('../..', import.meta.url).pathname;
const dataDir = tempDir('opsdrill-recovery-');
// The server loads (and lints) only the two scenarios played here: it starts faster.
const scenarioDir = tempDir('opsdrill-recovery-scenarios-');
for (const id of ['ws-cannot-reach-shop', 'shop-api-502']) copyFileSync(join(SCENARIO_DIR, `${id}.yaml`), join(scenarioDir, `${id}.yaml`));
const children: ChildProcess[] = [];

afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(scenarioDir, { recursive: true, force: true });
});

async function startChild(): Promise<{ proc: ChildProcess; url: string; health: string }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'client/cli.ts', 'server', '--port', '0', '--data', dataDir, '--scenarios', scenarioDir], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(proc);
  const lines = createInterface({ input: proc.stdout! });
  const health = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    proc.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  const url = /listening on (ws:\/\/\S+),/.exec(health)![1];
  return { proc, url, health };
}

/** A player's terminal as they saw it: prompt, command, output, for every command. */
class Terminal {
  text = '';
  prompt = '';
  constructor(readonly client: TestClient) {}
  async run(line: string) {
    const r = await this.client.exec(line);
    this.text += `${this.prompt}${line}\n${r.out}`;
    this.prompt = r.prompt;
    return r;
  }
}

describe('crash recovery', () => {
  it('rebuilds every running room exactly after SIGKILL', async () => {
    let server = await startChild();
    expect(server.health).toMatch(/^opsdrill server listening on ws:\/\/127\.0\.0\.1:\d+, data in .*, 2 scenario\(s\) loaded, 0 room\(s\) restored$/);

    // A finished solo game first: its result must survive.
    const carol = await TestClient.hello(server.url, 'carol');
    carol.send({ type: 'create', scenario: 'ws-cannot-reach-shop', mode: 'solo', seed: 5 });
    await carol.next('prompt');
    for (const line of createGame(scenario('ws-cannot-reach-shop'), 5).solutions[0].steps) await carol.exec(line);
    const carolOver = await carol.next('gameover');
    await carol.close();

    // The drill: a game master and two players on shop-api-502.
    const gm = await TestClient.hello(server.url, 'teacher');
    gm.send({ type: 'create', scenario: 'shop-api-502', mode: 'gm', seed: 4 });
    const { view } = await gm.next('room');
    const alice = new Terminal(await TestClient.hello(server.url, 'alice'));
    const bob = new Terminal(await TestClient.hello(server.url, 'bob'));
    for (const t of [alice, bob]) {
      t.client.send({ type: 'join', code: view.code });
      await t.client.next('room');
    }
    gm.send({ type: 'start' });
    for (const t of [alice, bob]) t.prompt = (await t.client.next('prompt')).prompt;

    await alice.run('ssh api1');
    await bob.run('ip route');
    await alice.run('ss -tlnp');
    await bob.run('ping -c 2 10.10.20.21');
    await alice.run('cat /etc/default/shop-api');
    await bob.run('cd /etc && echo drill > /tmp/note');
    bob.client.send({ type: 'chat', text: 'api1 listens on loopback only?' });
    await alice.client.until((v) => Object.keys(v.chat).length === 1);
    gm.send({ type: 'gm', token: gm.gmToken, action: { kind: 'pause' } });
    await gm.until((v) => v.clock.paused && Object.values(v.feed).every((f) => f.exit !== null));
    gm.send({ type: 'gm', token: gm.gmToken, action: { kind: 'state' } });
    const before = await gm.next('gm');
    const viewBefore = gm.view!;

    server.proc.kill('SIGKILL');
    await new Promise((resolve) => server.proc.once('exit', resolve));
    for (const c of [gm, alice.client, bob.client]) await c.next('welcome', () => false, 5000).catch(() => {});

    server = await startChild();
    expect(server.health).toMatch(/, 1 room\(s\) restored$/);
    const gm2 = await TestClient.hello(server.url, 'teacher', gm.resume);
    await gm2.next('room');
    const alice2 = await TestClient.hello(server.url, 'alice', alice.client.resume);
    const bob2 = await TestClient.hello(server.url, 'bob', bob.client.resume);
    expect([alice2.playerId, bob2.playerId]).toEqual([alice.client.playerId, bob.client.playerId]);
    for (const [t, c] of [[alice, alice2], [bob, bob2]] as const) {
      await c.next('room');
      const p = await c.next('prompt');
      expect(p.prompt).toBe(t.prompt);
      expect(p.scrollback).toBe(t.text);
    }
    expect(alice.prompt).toBe('root@api1:~# ');
    expect(bob.prompt).toBe('root@ws1:/etc# ');

    // The same world, to the byte, and the same public view.
    gm2.send({ type: 'gm', token: gm.gmToken, action: { kind: 'state' } });
    const after = await gm2.next('gm');
    expect(JSON.stringify(after.worlds)).toBe(JSON.stringify(before.worlds));
    const viewAfter = await gm2.until((v) => Object.values(v.players).every((p) => p.connected));
    expect({ ...viewAfter, players: {} }).toEqual({ ...viewBefore, players: {} });
    expect(viewAfter.players).toEqual(viewBefore.players);

    // The drill goes on: same shells (history, cwd), and the fix ends it.
    gm2.send({ type: 'gm', token: gm.gmToken, action: { kind: 'resume' } });
    await alice2.until((v) => !v.clock.paused);
    expect((await bob2.exec('cat /tmp/note; pwd')).out).toBe('drill\n/etc\n');
    const history = await alice2.exec('history');
    expect(history.out).toMatch(/ssh api1\n.*ss -tlnp\n.*cat \/etc\/default\/shop-api\n.*history\n$/s);
    const game = createGame(scenario('shop-api-502'), 4);
    const fix = game.solutions[0].steps.filter((l) => l !== 'ssh api1');
    for (const line of fix) await alice2.exec(line);
    await gm2.until((v) => Object.values(v.objectives).every((o) => o.green));
    gm2.send({ type: 'gm', token: gm.gmToken, action: { kind: 'end' } });
    const over = await alice2.next('gameover');
    expect(over.report).toContain('Mitigated at');

    // Both results are there, and the finished drill replays from the command line.
    gm2.send({ type: 'leaderboard' });
    const board = await gm2.next('leaderboard');
    expect(board.rows.map((r) => [r.name, r.score]).sort()).toEqual([['alice, bob', over.score], ['carol', carolOver.score]].sort());
    gm2.send({ type: 'replays' });
    const replays = await gm2.next('replays');
    expect(replays.list).toHaveLength(2);
    const drill = replays.list.find((r) => r.scenario === 'shop-api-502')!;
    await Promise.all([gm2.close(), alice2.close(), bob2.close()]);
    server.proc.kill('SIGTERM');
    await new Promise((resolve) => server.proc.once('exit', resolve));

    const replay = spawnSync(process.execPath, ['--import', 'tsx', 'client/cli.ts', 'replay', drill.id, '--data', dataDir, '--scenarios', scenarioDir], { cwd: ROOT, encoding: 'utf8' });
    expect(replay.status).toBe(0);
    expect(replay.stdout).toContain(`Game ${drill.id}: Shop API: 502 Bad Gateway (gm), seed 4, finished`);
    expect(replay.stdout).toContain(`alice, exit 0\nroot@ws1:~# ssh api1\n`);
    expect(replay.stdout).toContain('bob, exit 0\nroot@ws1:~# ping -c 2 10.10.20.21\nPING 10.10.20.21');
    expect(replay.stdout).toContain('<bob> api1 listens on loopback only?');
    expect(replay.stdout).toMatch(/game over: ended by the game master\n$/);
  }, 120_000);
});
