// 10,000 seeded malformed or hostile frames: bad JSON, wrong types, huge strings, unknown
// message types, out-of-order messages, another room's ids, game-master actions without the
// token. The server answers every one with an error, stays up, and the other rooms do not
// change.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../server/sim/rng.js';
import { TestClient } from './client.js';
import { playing, testServer, type TestServer } from './server.js';

const FRAMES = 10_000;

let server: TestServer;
beforeAll(async () => {
  // The clock does not tick during the test, so that a room that refused everything is byte-identical.
  server = await testServer({ room: { tickMs: 3_600_000 }, limits: { frames: { perSecond: 1e6, burst: 1e6 }, exec: { perSecond: 1e6, burst: 1e6 }, chat: { perSecond: 1e6, burst: 1e6 } } });
});
afterAll(async () => {
  await server.stop();
});

type Gen = (r: Rng) => unknown;

const pick = <T>(r: Rng, xs: T[]): T => xs[r.int(0, xs.length - 1)];
const junk = (r: Rng, n: number) => Array.from({ length: n }, () => String.fromCharCode(r.int(1, 0x2fff))).join('');

describe('fuzzing the protocol', () => {
  it('answers every hostile frame with an error and changes no room', async () => {
    const victim = await playing(server.url, { password: 'pw', names: ['alice', 'bob'] });
    const [alice, bob] = victim.clients;
    const ran = await alice.exec('ping -c 1 10.10.10.1', 'victim-cmd');
    expect(ran.code).toBeTypeOf('number');
    await bob.exec('echo hi > /tmp/x');
    const gmRoom = await playing(server.url, { mode: 'gm', names: ['teacher', 'gina'] });
    const token = gmRoom.clients[0].gmToken!;
    await alice.until((v) => Object.values(v.feed).every((f) => f.exit !== null));

    const rooms = [victim.code, gmRoom.code].map((c) => server.hub.rooms.get(c)!);
    const fingerprint = () => rooms.map((r) => JSON.stringify([r.state, r.eventCount, r.worldOfTeam('main')!.world, r.worldOfTeam('main')!.events, [...r.seats.keys()]]));
    const before = fingerprint();
    const watched = [...victim.clients, ...gmRoom.clients];
    const framesBefore = watched.map((c) => c.frames.length);

    // The attackers: one that never says hello, one outside any room, one in a room of its own.
    const stranger = await TestClient.connect(server.url);
    const outsider = await TestClient.hello(server.url, 'mallory');
    const own = (await playing(server.url, { mode: 'solo', names: ['trudy'] })).clients[0];
    const ownRoom = server.hub.rooms.get(own.view!.code)!;
    const ownBefore = JSON.stringify([ownRoom.eventCount, ownRoom.worldOfTeam('main')!.world]);

    const anyValid: Gen = (r) => pick(r, [
      { type: 'create', scenario: 'ws-cannot-reach-shop', mode: 'team' },
      { type: 'join', code: victim.code, password: 'pw' },
      { type: 'exec', id: 'x', line: 'ip route' },
      { type: 'chat', text: 'hello' },
      { type: 'scenarios' },
      { type: 'leaderboard' },
      { type: 'gm', token, action: { kind: 'end' } },
    ]);
    const badJson: Gen = (r) => pick(r, [
      () => junk(r, r.int(0, 40)),
      () => JSON.stringify({ type: 'exec', id: 'a', line: 'ls' }).slice(0, r.int(1, 30)),
      () => pick(r, ['', 'null', '[]', '42', '"hello"', 'true', '{}', '{"type":null}', '[{"type":"hello"}]']),
      () => '{"type":"hello","v":1,"name":"a"' + '}'.repeat(r.int(2, 5)),
    ])();
    const wrongTypes: Gen = (r) => pick(r, [
      { type: 'exec', id: r.int(0, 9), line: 'ls' },
      { type: 'exec', id: 'a', line: [r.int(0, 9)] },
      { type: 'chat', text: { a: 1 } },
      { type: 'create', scenario: 'ws-cannot-reach-shop', mode: 'deathmatch' },
      { type: 'create', scenario: 'ws-cannot-reach-shop', mode: 'team', seed: -r.int(1, 99) },
      { type: 'create', scenario: 'ws-cannot-reach-shop', mode: 'team', seed: 1.5 },
      { type: 'join', code: 'ab' },
      { type: 'join', code: '../../etc/passwd' },
      { type: 'ready', ready: 'yes' },
      { type: 'gm', token: 7, action: { kind: 'pause' } },
      { type: 'gm', token, action: { kind: 'inject', fault: { type: '' } } },
      { type: 'hello', v: '1', name: 'x' },
      { type: 'hello', v: 1, name: '' },
      { type: 'hello', v: 1, name: '<script>' },
      { type: 'exec', id: '', line: 'ls' },
      { type: 7 },
    ]);
    const huge: Gen = (r) => {
      // Under the 64 KiB frame limit (a larger frame closes the connection: see protocol.test.ts).
      const big = 'A'.repeat(r.int(5_000, 60_000));
      return pick(r, [
        { type: 'exec', id: big, line: 'ls' },
        { type: 'exec', id: 'a', line: big.slice(0, 1000).repeat(50) },
        { type: 'chat', text: big },
        { type: 'hello', v: 1, name: big },
        { type: 'join', code: big },
        { type: 'gm', token: big, action: { kind: 'pause' } },
        { type: 'create', scenario: big, mode: 'team' },
      ]);
    };
    const unknown: Gen = (r) => ({ type: pick(r, ['teleport', 'admin', 'EXEC', 'exec ', '__proto__', 'constructor', junk(r, 8)]), id: 'a', line: 'rm -rf /' });
    const protoPollution: Gen = () => '{"type":"hello","v":1,"name":"x","__proto__":{"admin":true},"constructor":{"prototype":{"admin":true}}}';

    // Frames that are invalid for the sender's state, whatever their shape.
    const forStranger: Gen[] = [anyValid, badJson, wrongTypes, huge, unknown];
    const forOutsider: Gen[] = [
      badJson, wrongTypes, huge, unknown, protoPollution,
      () => ({ type: 'hello', v: 1, name: 'again' }),
      (r) => pick(r, [{ type: 'exec', id: 'victim-cmd', line: 'ip route' }, { type: 'cancel', id: 'victim-cmd' }, { type: 'ready', ready: true }, { type: 'start' }, { type: 'hint' }, { type: 'leave' }, { type: 'chat', text: 'hi' }]),
      (r) => ({ type: 'join', code: victim.code, password: pick(r, [undefined, '', 'PW', 'pw ', junk(r, 10)]) }),
      (r) => ({ type: 'join', code: junk(r, 1).replace(/\W/g, 'x') + 'nosuchroom' }),
      (r) => ({ type: 'gm', token: pick(r, [token, 'x']), action: pick(r, [{ kind: 'end' }, { kind: 'pause' }, { kind: 'state' }, { kind: 'hint', player: gmRoom.clients[1].playerId }]) }),
      () => ({ type: 'create', scenario: 'no-such-scenario', mode: 'team' }),
    ];
    const forOwn: Gen[] = [
      badJson, wrongTypes, huge, unknown,
      () => ({ type: 'hello', v: 1, name: 'again' }),
      () => ({ type: 'create', scenario: 'ws-cannot-reach-shop', mode: 'team' }),
      (r) => ({ type: 'join', code: pick(r, [victim.code, gmRoom.code]), password: 'pw' }),
      (r) => pick(r, [{ type: 'start' }, { type: 'ready', ready: true }, { type: 'cancel', id: pick(r, ['victim-cmd', 'nope', junk(r, 5)]) }]),
      (r) => ({ type: 'gm', token: pick(r, [token, 'x'.repeat(32), '']), action: pick(r, [{ kind: 'end' }, { kind: 'pause' }, { kind: 'inject', fault: { type: 'nic-down', params: { host: 'ws1', iface: 'eth0' } } }, { kind: 'state' }, { kind: 'hint', player: alice.playerId }]) }),
    ];

    const rng = new Rng(20261123);
    const attackers: [TestClient, Gen[]][] = [[stranger, forStranger], [outsider, forOutsider], [own, forOwn]];
    const counts = attackers.map(() => 0);
    const startErrors = attackers.map(([c]) => c.received.filter((m) => m.type === 'error').length);
    const startOther = attackers.map(([c]) => c.received.filter((m) => m.type !== 'error').length);
    for (let sent = 0; sent < FRAMES;) {
      const batch = Math.min(250, FRAMES - sent);
      for (let i = 0; i < batch; i++) {
        const k = rng.int(0, attackers.length - 1);
        const [client, gens] = attackers[k];
        const frame = pick(rng, gens)(rng);
        client.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
        counts[k]++;
      }
      sent += batch;
      await Promise.all(attackers.map(async ([c], k) => {
        const want = startErrors[k] + counts[k];
        while (c.received.filter((m) => m.type === 'error').length < want) {
          if (c.closed) throw new Error(`attacker ${k} was disconnected (${c.closeCode})`);
          await c.next('error', () => false, 200).catch(() => {});
        }
      }));
    }
    for (const [k, [c]] of attackers.entries()) {
      const errors = c.received.filter((m) => m.type === 'error');
      expect(errors.length - startErrors[k]).toBe(counts[k]);
      expect(c.received.filter((m) => m.type !== 'error').length).toBe(startOther[k]);
      expect(c.closed).toBe(false);
    }
    expect(counts.reduce((a, b) => a + b)).toBe(FRAMES);

    // The server is up, the other rooms are as they were, and their players saw nothing of it.
    expect(fingerprint()).toEqual(before);
    expect(JSON.stringify([ownRoom.eventCount, ownRoom.worldOfTeam('main')!.world])).toBe(ownBefore);
    expect(watched.map((c) => c.frames.length)).toEqual(framesBefore);
    expect(server.logs.filter((l) => /error handling/.test(l))).toEqual([]);
    const after = await alice.exec('cat /tmp/x');
    expect(after.out).toBe('hi\n');
    const fresh = await TestClient.hello(server.url, 'newcomer');
    await Promise.all([fresh, stranger, outsider, own, ...watched].map((c) => c.close()));
  }, 120_000);
});
