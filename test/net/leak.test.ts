// Nothing leaks over the wire: every frame a player receives during a whole scenario —
// diagnostics by one player, the fix by the other, a game master watching — holds no fault
// id, no root-cause text, no hint beyond the nudges, no line of the fix before anyone typed
// it, and nothing of the world's internal state. The report at the end reveals the cause.
import { afterAll, beforeAll, describe, it } from 'vitest';
import { FAULTS } from '../../server/game/faults/index.js';
import { catalogue } from '../game/catalogue.js';
import { playing, testServer, type TestServer } from './server.js';

const DIAGNOSTICS = [
  'hostname', 'ip addr', 'ip route', 'ip neigh', 'ip -s link', 'iptables-save', 'ss -tulnp', 'systemctl --failed --no-pager',
  'journalctl --no-pager | tail -n 20', 'cat /etc/resolv.conf /etc/hosts', 'env', 'history', 'df -h',
];
/** Keys of the world model and of the fault library that must never reach a player. */
const INTERNAL = ['"faults"', '"drawn"', '"touches"', '"rng"', '"ifaces"', '"units"', '"hosts"', '"solutions"', '"wrongFixes"', '"params"'];

const scenarios = catalogue();
let server: TestServer;
beforeAll(async () => {
  // Commands are typed faster than a person would: no rate limit.
  server = await testServer({ scenarios: new Map(scenarios.map((s) => [s.id, s])), room: { streamScale: 0.01 }, limits: { exec: { perSecond: 1000, burst: 1000 } } });
});
afterAll(async () => {
  await server.stop();
});

// Rooms are independent: a few play at once while the server works for another.
describe.concurrent('no fault leaks over the wire', () => {
  for (const scenario of scenarios) {
    it(scenario.id, async ({ expect }) => {
      // A game master's drill: the players' frames are checked; the game master ends it after the fix
      // (whether or not the fix works: that is `opsdrill solve`'s business).
      const { code, clients: [gm, alice, bob] } = await playing(server.url, { scenario: scenario.id, seed: 17, mode: 'gm', names: ['teacher', 'alice', 'bob'] });
      const room = server.hub.rooms.get(code)!;
      const game = room.worldOfTeam('main')!;
      for (const line of DIAGNOSTICS) await alice.exec(line);
      await bob.exec('ip route');
      const diagnosed = [alice.frames.length, bob.frames.length];
      for (const line of game.solutions[0].steps) await bob.exec(line);
      gm.send({ type: 'gm', token: gm.gmToken, action: { kind: 'end' } });
      const over = await alice.next('gameover');
      await bob.next('gameover');

      const causes = game.faults.map((f) => f.description);
      // Hints beyond the nudges and the fix may show once somebody typed them (the feed echoes commands).
      const untilTyped = [...game.hints.filter((h) => h.tier !== 'nudge').map((h) => h.text), ...game.solutions.flatMap((s) => s.steps).filter((l) => l.length >= 16)];
      for (const [c, n] of [[alice, diagnosed[0]], [bob, diagnosed[1]]] as const) {
        const end = c.frames.findIndex((f) => f.includes('"type":"gameover"'));
        const played = c.frames.slice(0, end);
        expect(played.length).toBeGreaterThan(DIAGNOSTICS.length);
        const text = played.join('\n');
        const lower = text.toLowerCase();
        for (const id of Object.keys(FAULTS)) expect(lower, `fault id ${id}`).not.toContain(id);
        for (const s of causes) expect(text, 'root cause').not.toContain(s);
        for (const key of INTERNAL) expect(text, `internal state ${key}`).not.toContain(key);
        const beforeFix = c.frames.slice(0, n).join('\n');
        for (const l of untilTyped) expect(beforeFix, 'a hint or a line of the fix').not.toContain(l);
      }
      // The after-action report, at the end, names the cause.
      for (const f of game.faults) expect(over.report).toContain(f.description);
      await Promise.all([gm.close(), alice.close(), bob.close()]);
    });
  }
});
