import { describe, expect, it } from 'vitest';
import { createGame, replayGame } from '../../server/game/game.js';
import { reportMarkdown, reportText } from '../../server/game/report.js';
import { score } from '../../server/game/scoring.js';
import { configPrint } from '../../server/game/world-view.js';
import { scenario, seedFor } from './catalogue.js';

const WS = scenario('ws-cannot-reach-shop');
const GW_SEED = seedFor(WS, 'wrong-default-gateway');

/** Two players on the wrong-gateway cause: alice looks, asks for a hint, bob fixes it. */
function teamGame() {
  const game = createGame(WS, GW_SEED);
  game.join('a', 'alice');
  game.join('b', 'bob');
  game.exec('a', 'ping -c 1 10.10.10.1');
  game.tick(20_000);
  game.exec('a', 'ip route');
  game.hint('a');
  game.tick(30_000);
  game.exec('b', 'ip route replace default via 10.10.10.1');
  game.tick(5_000);
  game.exec('a', 'ip neigh');
  return game;
}

describe('a game', () => {
  it('starts with every objective red and its page firing, guards green', () => {
    const game = createGame(WS, GW_SEED);
    expect(game.objectives().map((o) => [o.id, o.kind, o.ok])).toEqual([['shop-from-ws1', 'objective', false], ['db-closed-to-users', 'guard', true]]);
    expect(game.alerts).toEqual([{ objective: 'shop-from-ws1', message: 'could not resolve host for http://shop.office.lan/ from ws1 (ticket #4711)', firedAt: 0 }]);
  });

  it('logs every command with its time, player and whether it changed the world', () => {
    const game = teamGame();
    expect(game.commands.map((c) => [c.seq, c.player, c.host, c.line, c.changed])).toEqual([
      [1, 'a', 'ws1', 'ping -c 1 10.10.10.1', false],
      [2, 'a', 'ws1', 'ip route', false],
      [3, 'b', 'ws1', 'ip route replace default via 10.10.10.1', true],
      [4, 'a', 'ws1', 'ip neigh', false],
    ]);
    const times = game.commands.map((c) => c.at);
    expect(times).toEqual([...times].sort((x, y) => x - y));
    expect(times[1] - times[0]).toBeGreaterThanOrEqual(20_000);
  });

  it('clears the alert when the objective turns green, and credits the player who fixed it', () => {
    const game = teamGame();
    const fixAt = game.commands[2].at + game.commands[2].elapsedMs;
    expect(game.alerts).toEqual([{ objective: 'shop-from-ws1', message: expect.any(String), firedAt: 0, clearedAt: fixAt }]);
    const r = game.finish();
    expect(r.mitigatedAt).toBe(fixAt);
    expect(r.fixedBy).toEqual({ 'shop-from-ws1': 'b' });
    expect(r.detectedAt).toMatchObject({ seq: 2, player: 'a' });
    expect(r.hints.map((h) => [h.player, h.hint.tier, h.hint.cost])).toEqual([['a', 'nudge', 10]]);
    expect(r.score).toMatchObject({ base: 100, resolution: 100, time: 50, hints: -10, collateral: 0, total: 140 });
    expect(r.score.players).toEqual([
      { player: 'a', resolution: 0, time: 0, hints: -10, collateral: 0, total: -10 },
      { player: 'b', resolution: 100, time: 50, hints: 0, collateral: 0, total: 150 },
    ]);
  });

  it('replays identically from its events: world, log and report', () => {
    const game = teamGame();
    const again = replayGame(WS, GW_SEED, game.events);
    expect(JSON.stringify(again.world)).toBe(JSON.stringify(game.world));
    expect(again.commands).toEqual(game.commands);
    expect(reportMarkdown(again.finish())).toBe(reportMarkdown(game.finish()));
  });

  it('scores deterministically: the same command log gives the same score', () => {
    expect(teamGame().finish().score).toEqual(teamGame().finish().score);
  });

  it('charges collateral damage to the player who did it: a guard turned red, a protected object deleted', () => {
    const s = scenario('api2-out-of-pool');
    const game = createGame(s, 1);
    game.join('c', 'carol');
    game.exec('c', 'ssh 10.10.20.2');
    game.exec('c', 'ip link set vnet2 down');
    game.exec('c', 'ip link del br0');
    const r = game.finish();
    expect(r.collateral.filter((c) => c.kind !== 'flow').map((c) => [c.kind, c.what, c.player])).toEqual([
      ['broke', 'api1-health', 'c'],
      ['protected', 'iface:hv1/br0', 'c'],
    ]);
    expect(r.score.collateral).toBeLessThanOrEqual(-80);
    expect(r.score.total).toBe(0);
  });

  it('counts a deleted protected Kubernetes object as collateral damage, and not the pods controllers replace', () => {
    const game = createGame(scenario('k8s-shop-404'), 1);
    game.join('d', 'dave');
    game.exec('d', 'kubectl -n shop delete pod -l app=web --wait=false');
    game.exec('d', 'kubectl -n shop delete deployment api');
    const r = game.finish();
    expect(r.collateral.filter((c) => c.kind === 'protected').map((c) => [c.what, c.player])).toEqual([['k8s:Deployment/shop/api', 'd']]);
  });

  it('gives hints tier by tier until there are none left', () => {
    const game = createGame(WS, GW_SEED);
    game.join('a', 'alice');
    expect([game.hint('a'), game.hint('a'), game.hint('a'), game.hint('a')].map((h) => h?.tier)).toEqual(['nudge', 'direction', 'command', undefined]);
  });

  it('refuses commands from unknown players and after the end', () => {
    const game = createGame(WS, GW_SEED);
    expect(() => game.exec('x', 'ip route')).toThrow('no player "x" in this game');
    game.join('a', 'alice');
    game.finish();
    expect(() => game.exec('a', 'ip route')).toThrow('the game is over');
  });

  it('never changes the world by checking objectives', () => {
    const game = createGame(WS, GW_SEED);
    const before = JSON.stringify(game.world);
    game.tick(1000);
    const after = JSON.parse(JSON.stringify(game.world));
    after.now -= 1000;
    expect(JSON.stringify(after)).toBe(before);
    expect(configPrint(game.world)).toBe(configPrint(JSON.parse(before)));
  });
});

describe('wall-clock times', () => {
  it('go into the log and the report when the server gives them, and survive a replay', () => {
    const game = createGame(WS, GW_SEED);
    game.join('a', 'alice');
    game.exec('a', 'ip route', Date.UTC(2026, 0, 5, 14, 30, 0));
    const md = reportMarkdown(replayGame(WS, GW_SEED, game.events).finish());
    expect(md).toContain('| Time | Wall clock (UTC) | Player | Where | Command | Exit | Changed |');
    expect(md).toContain('| 0:00 | 2026-01-05T14:30:00Z | alice | root@ws1 | `ip route` | 0 |  |');
  });
});

describe('scoring', () => {
  const base = { difficulty: 'intermediate' as const, parMs: 600_000, fixedBy: { o: 'a' }, objectiveCount: 1, contributors: ['a'], hints: [], collateral: [], players: ['a'] };
  it('gives the full time bonus at par and none at twice par', () => {
    expect(score({ ...base, mitigatedAt: 600_000 }).time).toBe(100);
    expect(score({ ...base, mitigatedAt: 900_000 }).time).toBe(50);
    expect(score({ ...base, mitigatedAt: 1_200_000 }).time).toBe(0);
  });
  it('gives nothing for resolution or time when not mitigated', () => {
    expect(score({ ...base, fixedBy: { o: undefined } })).toMatchObject({ resolution: 0, time: 0, total: 0 });
  });
});

describe('the after-action report', () => {
  it('has the timeline, alerts, root cause, reference fix, hints and score, in Markdown and plain text', () => {
    const r = teamGame().finish();
    const md = reportMarkdown(r);
    for (const heading of ['## Outcome', '## Root cause', '## Reference fix: point the default route at the router', '## Timeline', '## Alerts', '## Objectives', '## Hints used', '## Collateral damage', '## Score']) {
      expect(md).toContain(heading);
    }
    expect(md).toContain('| 0:20 | alice | root@ws1 | `ip route` | 0 |  |');
    expect(md).toContain("the default route on ws1 points to");
    expect(md).toContain('```sh\nip route replace default via 10.10.10.1\n```');
    expect(md).toContain('Time to detect: 0:20 — alice ran `ip route` on ws1.');
    const text = reportText(r);
    expect(text).toContain('Timeline\n--------\n');
    expect(text).toMatch(/^0:20 +alice +root@ws1 +ip route +0$/m);
  });
});
