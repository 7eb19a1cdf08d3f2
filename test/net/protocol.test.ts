// The protocol over real sockets on 127.0.0.1: rooms, commands, the feed, chat, streaming
// and Ctrl-C, versus, the game master, resume, game over and bad frames.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGame } from '../../server/game/game.js';
import { configPrint } from '../../server/game/world-view.js';
import { TestClient } from './client.js';
import { playing, testServer, type TestServer } from './server.js';
import { scenario } from '../game/catalogue.js';

let server: TestServer;
beforeAll(async () => {
  server = await testServer();
});
afterAll(async () => {
  await server.stop();
});

describe('rooms over WebSocket', () => {
  it('create, join, exec, chat and leave: two players share one world and one feed', async () => {
    const { code, clients: [alice, bob] } = await playing(server.url);
    expect(alice.view!.code).toBe(code);
    expect(Object.values(alice.view!.players).map((p) => p.name).sort()).toEqual(['alice', 'bob']);

    const wrote = await bob.exec('echo from-bob > /tmp/note');
    expect(wrote.code).toBe(0);
    const read = await alice.exec('cat /tmp/note');
    expect(read).toEqual({ out: 'from-bob\n', code: 0, prompt: 'root@ws1:~# ' });
    const missing = await alice.exec('cat /nonexistent');
    expect(missing.out).toBe('cat: /nonexistent: No such file or directory\n');
    expect(missing.code).toBe(1);

    // Both see every command in the team feed, with who ran it and its exit code.
    for (const c of [alice, bob]) {
      const feed = await c.until((v) => Object.values(v.feed).filter((f) => f.exit !== null).length === 3);
      expect(Object.values(feed.feed).map((f) => [f.player, f.line, f.exit])).toEqual([
        ['bob', 'echo from-bob > /tmp/note', 0],
        ['alice', 'cat /tmp/note', 0],
        ['alice', 'cat /nonexistent', 1],
      ]);
    }

    alice.send({ type: 'chat', text: 'I think it is the gateway' });
    const chat = await bob.until((v) => Object.keys(v.chat).length === 1);
    expect(Object.values(chat.chat)[0]).toMatchObject({ player: 'alice', text: 'I think it is the gateway' });

    bob.send({ type: 'leave' });
    await alice.until((v) => Object.values(v.players).length === 1);
    bob.send({ type: 'exec', id: 'x', line: 'ip route' });
    expect(await bob.next('error')).toMatchObject({ code: 'not-in-room', ref: 'x' });
    await Promise.all([alice.close(), bob.close()]);
  });

  it('a teammate sees a short command once, with its exit code, and a long one as running until it ends', async () => {
    // ping -c 3 takes 2 s of simulated time: 1 s of wall time here.
    const s = await testServer({ room: { streamScale: 0.5 } });
    const { clients: [alice, bob] } = await playing(s.url);
    const patchesBefore = bob.received.filter((m) => m.type === 'patch').length;
    await alice.exec('hostname');
    const [short] = Object.values((await bob.until((v) => Object.keys(v.feed).length === 1)).feed);
    expect(short).toMatchObject({ player: 'alice', line: 'hostname', exit: 0 });
    const feedPatches = bob.received.filter((m) => m.type === 'patch').slice(patchesBefore)
      .flatMap((m) => (m as { patches: { path: (string | number)[] }[] }).patches).filter((p) => p.path[0] === 'feed');
    expect(feedPatches).toHaveLength(1);

    alice.send({ type: 'exec', id: 'long', line: 'ping -c 3 10.10.10.1' });
    const running = await bob.until((v) => Object.keys(v.feed).length === 2);
    expect(Object.values(running.feed)[1]).toMatchObject({ player: 'alice', line: 'ping -c 3 10.10.10.1', exit: null });
    expect(alice.received.some((m) => m.type === 'exit' && m.id === 'long')).toBe(false);
    await alice.next('exit', (m) => m.id === 'long');
    const done = await bob.until((v) => Object.values(v.feed)[1]?.exit !== null);
    expect(Object.values(done.feed)[1].exit).toBe(0);
    await Promise.all([alice.close(), bob.close()]);
    await s.stop();
  });

  it('carries the simulated clock when it changes course, not on every tick', async () => {
    const s = await testServer({ room: { tickMs: 50 } });
    const { clients: [alice] } = await playing(s.url, { mode: 'solo', names: ['alice'] });
    const clockPatches = () => alice.received.filter((m) => m.type === 'patch')
      .flatMap((m) => (m as { patches: { path: (string | number)[] }[] }).patches).filter((p) => p.path[0] === 'clock');
    // Twenty ticks with the clock following wall time: nothing to correct.
    const before = clockPatches().length;
    await new Promise((r) => setTimeout(r, 1000));
    expect(clockPatches()).toHaveLength(before);
    expect(s.hub.rooms.get(alice.view!.code)!.worldOfTeam('main')!.now).toBeGreaterThan(alice.view!.clock.simMs + 500);
    // `sleep 30` runs the simulated clock 30 s ahead (its output takes 1.5 s here): the view
    // carries the jump and how long the clock now holds while the wall clock catches up.
    await alice.exec('sleep 30');
    const held = await alice.until((v) => (v.clock.holdMs ?? 0) > 0);
    expect(held.clock.holdMs).toBeGreaterThan(25_000);
    expect(held.clock.holdMs).toBeLessThanOrEqual(30_000);
    await alice.close();
    await s.stop();
  });

  it('numbers the patches of the view without gaps, and a snapshot plus patches equals the room', async () => {
    const { clients: [alice, bob] } = await playing(server.url);
    await alice.exec('ip route');
    await bob.exec('hostname');
    const late = await TestClient.hello(server.url, 'carol');
    late.send({ type: 'join', code: alice.view!.code });
    await late.next('room');
    await late.next('prompt');
    await alice.until((v) => Object.keys(v.players).length === 3 && Object.values(v.feed).every((f) => f.exit !== null));
    await late.until((v) => Object.values(v.feed).every((f) => f.exit !== null));
    expect(late.view!.feed).toEqual(alice.view!.feed);
    expect(late.view!.players).toEqual(alice.view!.players);
    await Promise.all([alice.close(), bob.close(), late.close()]);
  });

  it('keeps a room behind its password and its player limit', async () => {
    const owner = await TestClient.hello(server.url, 'owner');
    owner.send({ type: 'create', scenario: 'ws-cannot-reach-shop', mode: 'team', password: 's3cret', maxPlayers: 2 });
    const { view } = await owner.next('room');
    const eve = await TestClient.hello(server.url, 'eve');
    eve.send({ type: 'join', code: view.code, password: 'guess' });
    expect(await eve.next('error')).toMatchObject({ code: 'bad-password' });
    eve.send({ type: 'join', code: view.code });
    expect(await eve.next('error')).toMatchObject({ code: 'bad-password' });
    eve.send({ type: 'join', code: 'nosuchroom' });
    expect(await eve.next('error')).toMatchObject({ code: 'no-room' });
    const bob = await TestClient.hello(server.url, 'bob');
    bob.send({ type: 'join', code: view.code, password: 's3cret' });
    await bob.next('room');
    eve.send({ type: 'join', code: view.code, password: 's3cret' });
    expect(await eve.next('error')).toMatchObject({ code: 'room-full' });
    bob.send({ type: 'start' });
    expect(await bob.next('error')).toMatchObject({ code: 'not-owner' });
    await Promise.all([owner.close(), bob.close(), eve.close()]);
  });

  it('starts a team room when every player is ready', async () => {
    const alice = await TestClient.hello(server.url, 'alice');
    alice.send({ type: 'create', scenario: 'ws-cannot-reach-shop', mode: 'team' });
    const { view } = await alice.next('room');
    const bob = await TestClient.hello(server.url, 'bob');
    bob.send({ type: 'join', code: view.code });
    await bob.next('room');
    bob.send({ type: 'exec', id: 'early', line: 'ip route' });
    expect(await bob.next('error')).toMatchObject({ code: 'not-started', ref: 'early' });
    alice.send({ type: 'ready', ready: true });
    await bob.until((v) => v.players[alice.playerId].ready);
    expect(bob.view!.state).toBe('lobby');
    bob.send({ type: 'ready', ready: true });
    await bob.next('prompt');
    await alice.until((v) => v.state === 'running');
    await Promise.all([alice.close(), bob.close()]);
  });

  it('streams ping output over time and Ctrl-C stops it with ^C and the statistics so far', async () => {
    const s = await testServer({ room: { streamScale: 0.2 } });
    const { clients: [alice] } = await playing(s.url, { mode: 'solo', names: ['alice'] });
    const t0 = Date.now();
    alice.send({ type: 'exec', id: 'p5', line: 'ping -c 5 10.10.10.1' });
    const first = await alice.next('output', (m) => m.id === 'p5');
    const tFirst = Date.now();
    expect(first.text).toContain('icmp_seq=1 ');
    await alice.next('exit', (m) => m.id === 'p5');
    // Four 1 s intervals at a fifth of real time: about 0.8 s between the first reply and the end.
    expect(Date.now() - tFirst).toBeGreaterThan(500);
    expect(Date.now() - t0).toBeLessThan(5000);

    alice.send({ type: 'exec', id: 'p', line: 'ping 10.10.10.1' });
    await alice.next('output', (m) => m.id === 'p' && m.text.includes('icmp_seq=3 '));
    alice.send({ type: 'cancel', id: 'p' });
    const exit = await alice.next('exit', (m) => m.id === 'p');
    const out = alice.received.filter((m) => m.type === 'output' && m.id === 'p').map((m) => (m as { text: string }).text).join('');
    const sent = out.match(/icmp_seq=/g)!.length;
    expect(out).toContain('^C\n--- 10.10.10.1 ping statistics ---\n');
    expect(out).toMatch(new RegExp(`\\n${sent} packets transmitted, ${sent} received, 0% packet loss, time \\d+ms\\n`));
    expect(sent).toBeLessThan(10);
    expect(exit.code).toBe(0);
    // The shell is free again, and the interrupted command is in the log as the player saw it.
    const next = await alice.exec('echo $?');
    expect(next.out).toBe('0\n');
    alice.send({ type: 'cancel', id: 'p' });
    expect(await alice.next('error')).toMatchObject({ code: 'not-running', ref: 'p' });
    await alice.close();
    await s.stop();
  });

  it('refuses a second command while one is still running', async () => {
    const s = await testServer({ room: { streamScale: 1 } });
    const { clients: [alice] } = await playing(s.url, { mode: 'solo', names: ['alice'] });
    alice.send({ type: 'exec', id: 'slow', line: 'ping -c 3 10.10.10.1' });
    alice.send({ type: 'exec', id: 'fast', line: 'hostname' });
    expect(await alice.next('error')).toMatchObject({ code: 'busy', ref: 'fast' });
    alice.send({ type: 'cancel', id: 'slow' });
    await alice.next('exit', (m) => m.id === 'slow');
    await alice.close();
    await s.stop();
  });

  it('versus: two teams get identical worlds from the same scenario and seed, and see each other only as progress', async () => {
    const { code, clients: [a1, b1] } = await playing(server.url, { mode: 'versus', seed: 11, names: ['ann', 'ben'], teams: ['a', 'b'] });
    const room = server.hub.rooms.get(code)!;
    const wa = room.worldOfTeam('a')!;
    const wb = room.worldOfTeam('b')!;
    expect(wa.world).not.toBe(wb.world);
    expect(configPrint(wa.world)).toBe(configPrint(wb.world));
    expect(JSON.stringify(wa.world)).toBe(JSON.stringify(wb.world));
    for (const line of ['ip addr', 'ip route', 'cat /etc/resolv.conf', 'ping -c 2 10.10.10.1']) {
      const [ra, rb] = await Promise.all([a1.exec(line), b1.exec(line)]);
      expect(ra).toEqual(rb);
    }
    expect(a1.view!.team).toBe('a');
    expect(b1.view!.team).toBe('b');
    // Each team's feed is its own.
    await a1.exec('hostname');
    await a1.until((v) => Object.values(v.feed).length === 5);
    expect(Object.values(b1.view!.feed).every((f) => f.player === 'ben')).toBe(true);
    expect(a1.view!.rival).toEqual({ green: 0, total: 1 });
    // Team A fixes its world: team B sees the progress, and team A wins.
    const fix = createGame(scenario('ws-cannot-reach-shop'), 11).solutions[0].steps;
    for (const line of fix) await a1.exec(line);
    const over = await b1.next('gameover');
    expect(over.won).toBe(false);
    expect((await a1.next('gameover')).won).toBe(true);
    await b1.until((v) => v.state === 'finished');
    expect(b1.view!.rival).toEqual({ green: 1, total: 1 });
    expect(b1.view!.winner).toBe('a');
    await Promise.all([a1.close(), b1.close()]);
  });

  it('solo: the fix ends the game with the report, and the result is stored first', async () => {
    const seed = 5;
    const { code, clients: [alice] } = await playing(server.url, { mode: 'solo', names: ['alice'], seed });
    const game = server.hub.rooms.get(code)!;
    for (const line of createGame(scenario('ws-cannot-reach-shop'), seed).solutions[0].steps) await alice.exec(line);
    const over = await alice.next('gameover');
    expect(over.report).toContain('After-action report');
    expect(over.report).toContain('Root cause');
    expect(over.score).toBeGreaterThan(0);
    expect(alice.view!.state).toBe('finished');
    // By the time the game-over frame arrives the result is in the database.
    const rows = server.hub['opts'].store.results(game.id);
    expect(rows).toEqual([expect.objectContaining({ name: 'alice', teamScore: over.score, mitigated: true })]);
    alice.send({ type: 'leaderboard', scenario: 'ws-cannot-reach-shop', mode: 'solo' });
    const board = await alice.next('leaderboard');
    expect(board.rows[0]).toMatchObject({ name: 'alice', score: over.score });
    alice.send({ type: 'exec', id: 'late', line: 'ip route' });
    expect(await alice.next('error')).toMatchObject({ code: 'finished' });
    await alice.close();
  });

  it('scored incident: a fresh root cause every time, a timer, and time up ends it', async () => {
    const s = await testServer({ room: { commandBudgetMs: 3_600_000, streamCapMs: 100 } });
    const { code, clients: [alice] } = await playing(s.url, { mode: 'incident', names: ['alice'], seed: 1 });
    const other = await playing(s.url, { mode: 'incident', names: ['bob'], seed: 1 });
    // The seed asked for is ignored: the root cause is drawn anew.
    expect(s.hub.rooms.get(code)!.seed).not.toBe(s.hub.rooms.get(other.code)!.seed);
    expect(alice.view!.clock.limitMs).toBe(16 * 60_000);
    await alice.exec('sleep 1000');
    const over = await alice.next('gameover');
    expect(alice.view!.ended).toBe('time is up');
    alice.send({ type: 'leaderboard', mode: 'incident' });
    expect((await alice.next('leaderboard')).rows[0]).toMatchObject({ name: 'alice', mode: 'incident', score: over.score });
    await Promise.all([alice.close(), ...other.clients.map((c) => c.close())]);
    await s.stop();
  });

  it('game master: sees the world, injects a fault live, pauses the clock, gives hints, ends the drill', async () => {
    const { code, clients: [gm, alice] } = await playing(server.url, { mode: 'gm', names: ['teacher', 'alice'], scenario: 'shop-api-502' });
    expect(await alice.exec('getent hosts ns1')).toMatchObject({ code: 0, out: expect.stringContaining('10.10.30.53') });
    expect(gm.gmToken).toMatch(/^[\w-]{32}$/);
    expect(alice.gmToken).toBeUndefined();
    alice.send({ type: 'gm', token: gm.gmToken, action: { kind: 'pause' } });
    expect(await alice.next('error')).toMatchObject({ code: 'not-gm' });
    gm.send({ type: 'gm', token: 'wrong-token', action: { kind: 'pause' } });
    expect(await gm.next('error')).toMatchObject({ code: 'not-gm' });

    gm.send({ type: 'gm', token: gm.gmToken, action: { kind: 'state' } });
    const state = await gm.next('gm');
    expect(Object.keys(state.worlds)).toEqual(['main']);
    expect((state.worlds.main.faults as { type: string }[]).length).toBe(1);

    gm.send({ type: 'gm', token: gm.gmToken, action: { kind: 'inject', fault: { type: 'no-such-fault' } } });
    expect(await gm.next('error')).toMatchObject({ code: 'bad-fault' });
    gm.send({ type: 'gm', token: gm.gmToken, action: { kind: 'inject', fault: { type: 'service-stopped', params: { host: 'nosuchhost', unit: 'x' } } } });
    expect(await gm.next('error')).toMatchObject({ code: 'bad-fault' });
    gm.send({ type: 'gm', token: gm.gmToken, action: { kind: 'inject', fault: { type: 'dns-server-down', params: { host: 'ns1', unit: 'named' } } } });
    const after = await gm.next('gm');
    expect((after.worlds.main.faults as { type: string }[]).map((f) => f.type)).toContain('dns-server-down');
    expect(await alice.exec('getent hosts ns1')).toMatchObject({ code: 2, out: '' });

    gm.send({ type: 'gm', token: gm.gmToken, action: { kind: 'pause' } });
    await alice.until((v) => v.clock.paused);
    alice.send({ type: 'exec', id: 'paused', line: 'ip route' });
    expect(await alice.next('error')).toMatchObject({ code: 'paused' });
    gm.send({ type: 'gm', token: gm.gmToken, action: { kind: 'resume' } });
    await alice.until((v) => !v.clock.paused);

    gm.send({ type: 'gm', token: gm.gmToken, action: { kind: 'hint', player: alice.playerId } });
    const hint = await alice.next('hint');
    expect(hint.text.length).toBeGreaterThan(0);
    await alice.until((v) => v.hintsUsed === 1);

    gm.send({ type: 'gm', token: gm.gmToken, action: { kind: 'end' } });
    const over = await alice.next('gameover');
    expect(over.report).toContain('dns-server-down');
    await gm.next('gameover');
    expect(server.hub.rooms.get(code)!.state).toBe('finished');
    await Promise.all([gm.close(), alice.close()]);
  });

  it('resume: a dropped player comes back to the same seat, shell and scrollback', async () => {
    const { clients: [alice, bob] } = await playing(server.url, { scenario: 'shop-api-502' });
    const ssh = await alice.exec('ssh api1');
    await alice.exec('cd /etc');
    const before = await alice.exec('ls default');
    expect(before.prompt).toBe('root@api1:/etc# ');
    alice.ws.terminate();
    await bob.until((v) => !v.players[alice.playerId].connected);
    const back = await TestClient.hello(server.url, 'alice', alice.resume);
    expect(back.playerId).toBe(alice.playerId);
    const room = await back.next('room');
    expect(room.you).toBe(alice.playerId);
    const prompt = await back.next('prompt');
    expect(prompt.prompt).toBe('root@api1:/etc# ');
    expect(ssh.out).toContain('Linux api1');
    expect(prompt.scrollback).toBe(`root@ws1:~# ssh api1\n${ssh.out}root@api1:~# cd /etc\nroot@api1:/etc# ls default\n${before.out}`);
    expect((await back.exec('history')).out).toContain('cd /etc');
    await bob.until((v) => v.players[alice.playerId].connected);
    const wrong = await TestClient.connect(server.url);
    wrong.send({ type: 'hello', v: 1, name: 'mallory', resume: 'not-a-token' });
    expect(await wrong.next('error')).toMatchObject({ code: 'bad-resume' });
    await Promise.all([back.close(), bob.close(), wrong.close()]);
  });
});

describe('lifecycle', () => {
  it('drops a connection that stops answering heartbeats, keeps the seat a while, then disposes of the empty room', async () => {
    const s = await testServer({ heartbeatMs: 100, room: { resumeMs: 300, emptyGraceMs: 200 } });
    const alice = await TestClient.hello(s.url, 'alice');
    alice.send({ type: 'create', scenario: 'ws-cannot-reach-shop', mode: 'team' });
    const { view } = await alice.next('room');
    const room = s.hub.rooms.get(view.code)!;
    const store = s.hub['opts'].store;
    expect(store.game(room.id)!.state).toBe('lobby');
    // A client that no longer reads (a dead peer): no pong, so the server drops it.
    (alice.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    const t0 = Date.now();
    while (room.seats.get(alice.playerId)!.connected) await new Promise((r) => setTimeout(r, 20));
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(s.hub.rooms.get(view.code)).toBe(room);
    // Nobody comes back: the seat goes, then the room, and a room that never started leaves nothing behind.
    while (s.hub.rooms.has(view.code)) await new Promise((r) => setTimeout(r, 20));
    expect(store.game(room.id)).toBeUndefined();
    alice.ws.terminate();
    await s.stop();
  });
});

describe('a slow client', () => {
  it('is dropped once too much is queued for it, and its room goes on', async () => {
    const s = await testServer({ limits: { maxBuffered: 256 * 1024, exec: { perSecond: 1000, burst: 1000 } } });
    const { clients: [alice, bob] } = await playing(s.url);
    // Alice's terminal stops reading; she keeps typing commands with a lot of output.
    (alice.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    for (let i = 0; i < 200 && !s.logs.some((l) => /dropped/.test(l)); i++) {
      alice.send({ type: 'exec', id: `big${i}`, line: "printf '%0200000d' 0" });
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(s.logs.find((l) => /dropped/.test(l))).toMatch(/bytes unread/);
    await bob.until((v) => !v.players[alice.playerId].connected);
    expect((await bob.exec('hostname')).out).toBe('ws1\n');
    alice.ws.terminate();
    await bob.close();
    await s.stop();
  });
});

describe('bad frames', () => {
  it('answers each with an error naming what was wrong, and the connection stays usable', async () => {
    const c = await TestClient.connect(server.url);
    const cases: [unknown, RegExp][] = [
      ['{not json', /not valid JSON/],
      [{ type: 'teleport' }, /type/],
      [{ type: 'hello', v: 1 }, /name/],
      [{ type: 'hello', v: 99, name: 'x' }, /^v:/],
      [{ type: 'exec', id: 'a', line: 42 }, /^line:/],
      [{ type: 'exec', id: 'a', line: 'x'.repeat(50_000) }, /^line:/],
      [{ type: 'chat', text: '' }, /^text:/],
      [{ type: 'gm', token: 't', action: { kind: 'explode' } }, /^action/],
      [{ type: 'exec', id: 'a', line: 'ip route' }, /hello/],
    ];
    for (const [frame, why] of cases) {
      c.send(frame);
      const err = await c.next('error');
      expect(err.message).toMatch(why);
    }
    c.send({ type: 'hello', v: 1, name: 'ok' });
    await c.next('welcome');
    await c.close();
  });

  it('closes a connection whose frame is larger than 64 KiB', async () => {
    const c = await TestClient.connect(server.url);
    c.send(JSON.stringify({ type: 'chat', text: 'x'.repeat(70 * 1024) }));
    await expect(c.next('welcome', () => true, 5000)).rejects.toThrow(/closed \(1009\)/);
    const again = await TestClient.hello(server.url, 'still-up');
    await again.close();
  });

  it('rate-limits commands per connection', async () => {
    const s = await testServer({ limits: { exec: { perSecond: 1, burst: 3 } } });
    const { clients: [alice] } = await playing(s.url, { mode: 'solo', names: ['alice'] });
    for (let i = 0; i < 3; i++) await alice.exec('true');
    alice.send({ type: 'exec', id: 'flood', line: 'true' });
    expect(await alice.next('error')).toMatchObject({ code: 'rate-limited', ref: 'flood' });
    await alice.close();
    await s.stop();
  });
});
