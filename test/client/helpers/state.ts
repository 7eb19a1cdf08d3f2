// Client states for component tests, reached the way the app reaches them: server messages
// and key presses through the reducer, from the initial state.
import type { Mode, RoomView, ScenarioSummary, ServerMessage } from '../../../shared/protocol.js';
import { initialState, update, type AppEvent, type AppState, type Effect } from '../../../client/app/state.js';
import type { KeyPress } from '../../../client/terminal/keys.js';

export const SCENARIOS: ScenarioSummary[] = [
  { id: 'ws-cannot-reach-shop', title: 'The shop is down for one desk', difficulty: 'beginner', layers: ['link', 'network'], parMs: 480_000, best: 150 },
  { id: 'shop-name-not-found', title: '"Server not found" for the shop', difficulty: 'intermediate', layers: ['dns', 'firewall'], parMs: 720_000 },
  { id: 'vpc-site-down', title: 'The website is down from the internet', difficulty: 'beginner', layers: ['cloud', 'firewall', 'service'], parMs: 600_000 },
  { id: 'monitoring-blind-to-db', title: 'Monitoring cannot see the database', difficulty: 'expert', layers: ['network'], parMs: 1_500_000 },
];

export function roomView(over: Partial<RoomView> = {}): RoomView {
  return {
    code: 'AbCd1234',
    mode: 'solo',
    state: 'running',
    scenario: { id: 'ws-cannot-reach-shop', title: 'The shop is down for one desk', briefing: "Ticket #4711: the shop does not load on Dana's workstation.\n\nYou are logged in on ws1 as root.\n", difficulty: 'beginner', parMs: 480_000 },
    players: { p1: { name: 'alice', role: 'player', ready: true, connected: true } },
    objectives: { '0': { title: 'The shop loads on ws1', green: false } },
    alerts: { '0': { message: 'could not resolve host for http://shop.office.lan/ from ws1', firing: true, at: 0 } },
    clock: { simMs: 65_000, paused: false },
    feed: {},
    chat: {},
    hintsUsed: 0,
    ...over,
  };
}

/** Applies events in order; returns the final state and every effect. */
export function drive(s: AppState, events: AppEvent[]): { s: AppState; fx: Effect[] } {
  const fx: Effect[] = [];
  for (const e of events) {
    const [next, more] = update(s, e);
    s = next;
    fx.push(...more);
  }
  return { s, fx };
}

export const server = (...msgs: ServerMessage[]): AppEvent => ({ type: 'server', msgs });
export const key = (name: string): AppEvent => ({ type: 'key', press: { name } });
export const text = (t: string): AppEvent => ({ type: 'key', press: { text: t } satisfies KeyPress });

export function online(cols = 120, rows = 30): AppState {
  const s = initialState({ url: 'ws://127.0.0.1:7420', size: { cols, rows } });
  return drive(s, [{ type: 'conn', conn: { state: 'online' } }, server({ type: 'welcome', v: 1, playerId: 'p1', resume: 'tok', name: 'alice' }, { type: 'scenarios', list: SCENARIOS })]).s;
}

/** In a running game at the shell prompt. */
export function inGame(view: Partial<RoomView> = {}, cols = 120, rows = 30, you = 'p1'): AppState {
  return drive(online(cols, rows), [server({ type: 'room', seq: 1, view: roomView(view), you }, { type: 'prompt', prompt: 'root@ws1:~# ' })]).s;
}

export function inRoom(mode: Mode, view: Partial<RoomView> = {}, cols = 120, rows = 30): AppState {
  return inGame({ mode, ...view }, cols, rows);
}

/** Runs one command: echo, output, exit. */
export function ran(s: AppState, line: string, output: string, code = 0): AppState {
  const id = `c${s.term.nextId}`;
  return drive(s, [text(line), key('enter'), server({ type: 'output', id, fd: 1, text: output }, { type: 'exit', id, code, prompt: s.term.prompt })]).s;
}
