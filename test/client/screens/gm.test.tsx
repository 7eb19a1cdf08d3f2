import { afterEach, describe, expect, test } from 'vitest';
import { loadScenarioFile } from '../../../client/scenario-files.js';
import { buildScenarioWorld } from '../../../server/game/setup.js';
import { GameMasterScreen } from '../../../client/screens/gm/GameMaster.js';
import { plain, renderAt } from '../helpers/render.js';
import { drive, inGame, key, server, text } from '../helpers/state.js';

const { world, faults } = buildScenarioWorld(loadScenarioFile('scenarios/ws-cannot-reach-shop.yaml').scenario!, 3);

function gmState(cols = 120, rows = 30) {
  const s = inGame({ mode: 'gm', players: { g: { name: 'teacher', role: 'gm', ready: true, connected: true }, p2: { name: 'bob', role: 'player', ready: true, connected: true } } }, cols, rows, 'g');
  return drive(s, [
    server({ type: 'room', seq: 1, view: s.room!.view, you: 'g', gmToken: 'gmtok' }),
    server({ type: 'gm', worlds: { '0': { world, faults, paused: false } } }),
  ]).s;
}

let unmount: (() => void) | undefined;
afterEach(() => unmount?.());

describe('game-master view', () => {
  test('shows the true state and the whole fault description, never cut', () => {
    const s = gmState();
    const r = renderAt(<GameMasterScreen s={s} size={s.size} />, 120, 30);
    unmount = r.unmount;
    const f = plain(r.lastFrame());
    expect(f).toContain('True state');
    expect(f).toContain('ws1');
    const side = f.split('\n').map((l) => l.slice(84)).join(' ').replace(/[│╭╮╰╯─]/g, ' ').replace(/\s+/g, ' ');
    const fault = faults[0] as { type: string; description: string };
    expect(side).toContain(`${fault.type}: ${fault.description}`);
    expect(side).toContain('› bob');
  });

  test('the fault picker: filter by typing, required parameters marked, inject sends the fault', () => {
    let s = drive(gmState(), [text('i'), text('dns-server')]).s;
    let r = renderAt(<GameMasterScreen s={s} size={s.size} />, 120, 30);
    expect(plain(r.lastFrame())).toMatch(/› dns-server-down\s+dns/);
    r.unmount();
    s = drive(s, [key('enter')]).s;
    r = renderAt(<GameMasterScreen s={s} size={s.size} />, 120, 30);
    const f = plain(r.lastFrame());
    r.unmount();
    expect(f).toContain('Inject dns-server-down');
    expect(f).toMatch(/› host\*/);
    expect(f).toMatch(/ {3}unit\*/);
    const sent = drive(s, [text('ns1'), key('tab'), text('named'), key('enter')]);
    expect(sent.fx).toContainEqual({ type: 'send', msg: { type: 'gm', token: 'gmtok', action: { kind: 'inject', fault: { type: 'dns-server-down', params: { host: 'ns1', unit: 'named' } } } } });
  });

  test('pause/resume the clock, a hint to the selected player, end the drill after a confirmation', () => {
    const s = gmState();
    expect(drive(s, [text('p')]).fx).toContainEqual({ type: 'send', msg: { type: 'gm', token: 'gmtok', action: { kind: 'pause' } } });
    const paused = drive(s, [server({ type: 'patch', seq: 2, patches: [{ op: 'replace', path: ['clock', 'paused'], value: true }] })]).s;
    expect(drive(paused, [text('p')]).fx).toContainEqual({ type: 'send', msg: { type: 'gm', token: 'gmtok', action: { kind: 'resume' } } });
    const r = renderAt(<GameMasterScreen s={paused} size={paused.size} />, 120, 30);
    expect(plain(r.lastFrame())).toContain('CLOCK PAUSED');
    r.unmount();
    const hint = drive(s, [text('h')]);
    expect(hint.fx).toContainEqual({ type: 'send', msg: { type: 'gm', token: 'gmtok', action: { kind: 'hint', player: 'p2' } } });
    expect(hint.s.notice?.text).toBe('Hint sent to bob.');
    const asked = drive(s, [text('E')]);
    expect(asked.s.game.focus).toBe('confirm-end');
    expect(drive(asked.s, [text('y')]).fx).toContainEqual({ type: 'send', msg: { type: 'gm', token: 'gmtok', action: { kind: 'end' } } });
  });
});
