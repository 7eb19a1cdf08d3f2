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
});
