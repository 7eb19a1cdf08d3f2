// All client state, and the reducer that changes it: `update(state, event)` returns the next
// state and the effects to run (frames to send, files to write). Components only draw the
// state; nothing here does I/O, so every behaviour is testable as data in, data out.
import { applyPatches, enablePatches, type Patch } from 'immer';
import type { ClientMessage, Mode, RoomView, ScenarioSummary, ServerMessage } from '../../shared/protocol.js';
import type { ConnState } from '../net/connection.js';
import { complete } from '../terminal/completion.js';
import {
  emptyHistory, historyOf, newer, older, remember, searchAgain, searchBackspace, searchResult, searchType, startSearch, type History, type Search,
} from '../terminal/history.js';
import { resolveKey, type KeyContext, type KeyPress } from '../terminal/keys.js';
import * as ed from '../terminal/line-editor.js';
import { appendLine, appendText, clearScreen, closeLine, emptyScrollback, type Scrollback } from '../terminal/scrollback.js';
import { learn, emptySeen, type Seen } from '../terminal/seen.js';
import { maxScroll } from '../terminal/viewport.js';
import { emptyTopology, learnTopology, promptHost, type Topology } from '../topology/model.js';
import { FAULT_CATALOGUE, faultParams } from '../screens/gm/faults.js';
import { reportRows, reportWidth } from '../screens/report/rows.js';
import { gameLayout, listRows, type Size } from './layout.js';

enablePatches();

export type Screen = 'home' | 'picker' | 'join' | 'lobby' | 'game' | 'report' | 'leaderboard' | 'replays';

export interface Notice {
  text: string;
  level: 'info' | 'warn' | 'error';
  /** Stays until replaced (the connection's state); other notices go at the next key. */
  sticky?: boolean;
  /** About the connection: replaced when it comes back. */
  conn?: boolean;
}

export interface RoomState {
  seq: number;
  view: RoomView;
  /** My player id in view.players. */
  you: string;
  gmToken?: string;
  /** I created the room (only the owner can start it). */
  owner: boolean;
  /** When (performance.now) the view's clock was last set: it runs on from there (see clock.ts). */
  clockAt?: number;
}

export type GmWorlds = Extract<ServerMessage, { type: 'gm' }>['worlds'];

export interface Running {
  id: string;
  line: string;
  /** Host of the prompt it was typed at. */
  host?: string;
  /** Its output so far (bounded), parsed when it exits. */
  out: string;
}

export interface TermState {
  sb: Scrollback;
  editor: ed.Editor;
  prompt: string;
  history: History;
  search?: Search;
  running?: Running;
  /** Lines entered while a command runs (type-ahead), run in order after it. */
  queue: string[];
  /** Rows scrolled back from the bottom (0: following). */
  scroll: number;
  /** The line at the last Tab, to list candidates on a second Tab. */
  lastTab?: string;
  nextId: number;
}

export type GameFocus = 'terminal' | 'search' | 'chat' | 'confirm-hint' | 'confirm-leave' | 'confirm-end';

export interface FaultPicker {
  step: 'type' | 'params';
  index: number;
  filter: string;
  type?: string;
  fields: { name: string; value: string; required?: boolean }[];
  field: number;
}

export interface GameUi {
  focus: GameFocus;
  chat: ed.Editor;
  map: boolean;
  mapScroll: number;
  /** Side panels forced on/off; null: by width. */
  side: boolean | null;
  hints: { tier: number; text: string; cost: number }[];
  gm: { worlds?: GmWorlds; player: number; scroll: number; picker?: FaultPicker };
}

export interface AppState {
  /** The server's address; empty while the embedded server starts. */
  url: string;
  /** The embedded server's data directory (for `opsdrill replay --data`); unknown for a team server. */
  serverData?: string;
  size: Size;
  screen: Screen;
  conn: ConnState;
  me?: { id: string; name: string };
  notice?: Notice;
  homeIndex: number;
  picker: { filter: string; index: number; mode: Mode; purpose: 'solo' | 'room' };
  scenarios?: ScenarioSummary[];
  join: { code: string; error?: string };
  /** A room code to join as soon as the server greets us (`opsdrill join --room`). */
  autoJoin?: string;
  /** A create request is in flight, for this mode: the room that comes back is ours. */
  creating?: Mode;
  room?: RoomState;
  term: TermState;
  game: GameUi;
  report?: { text: string; markdown?: string; score: number; won?: boolean; scroll: number; exported?: string; since?: number };
  leaderboard: { rows?: Extract<ServerMessage, { type: 'leaderboard' }>['rows']; filter: number };
  replays?: Extract<ServerMessage, { type: 'replays' }>['list'];
  listIndex: number;
  topology: Topology;
  seen: Seen;
  quitting: boolean;
}

/** `at`: wall ms (performance.now) when the event happened, where timing matters. */
export type AppEvent =
  | { type: 'key'; press: KeyPress; at?: number }
  | { type: 'server'; msgs: ServerMessage[]; at?: number }
  | { type: 'conn'; conn: ConnState }
  | { type: 'resize'; size: Size }
  /** The embedded server is listening. */
  | { type: 'url'; url: string }
  /** The pause after the game ends is over: the report replaces the game screen. */
  | { type: 'show-report'; at?: number }
  | { type: 'history-loaded'; scenario: string; entries: string[] }
  | { type: 'exported'; path?: string; error?: string };

export type Effect =
  | { type: 'send'; msg: ClientMessage }
  | { type: 'load-history'; scenario: string }
  | { type: 'save-history'; scenario: string; entries: readonly string[] }
  | { type: 'export'; markdown: string; name: string }
  | { type: 'resync' }
  | { type: 'later'; ms: number; event: AppEvent }
  | { type: 'quit' };

export const HOME_ITEMS = [
  { id: 'solo', label: 'Solo challenge', help: 'pick a scenario and play it alone' },
  { id: 'create', label: 'Create team room', help: 'a shared world for your team; share the room code' },
  { id: 'join', label: 'Join room', help: 'enter the code a team lead gave you' },
  { id: 'leaderboard', label: 'Leaderboard', help: 'best scores, kept across restarts' },
  { id: 'replays', label: 'Replays', help: 'finished drills' },
  { id: 'quit', label: 'Quit', help: '' },
] as const;

export const ROOM_MODES: Mode[] = ['team', 'incident', 'versus', 'gm'];

const MAX_RUNNING_OUT = 512 * 1024;

const newTerm = (): TermState => ({ sb: emptyScrollback, editor: ed.emptyEditor, prompt: '', history: emptyHistory, queue: [], scroll: 0, nextId: 1 });
const newGame = (): GameUi => ({ focus: 'terminal', chat: ed.emptyEditor, map: false, mapScroll: 0, side: null, hints: [], gm: { player: 0, scroll: 0 } });

/** The instructor's seat in a game-master room: no shell, the true state instead. */
export const isGm = (s: AppState) => !!s.room && s.room.view.players[s.room.you]?.role === 'gm';

export function initialState(opts: { url: string; size: Size; room?: string; serverData?: string }): AppState {
  return {
    url: opts.url,
    serverData: opts.serverData,
    size: opts.size,
    screen: 'home',
    conn: { state: 'connecting', attempt: 1 },
    homeIndex: 0,
    picker: { filter: '', index: 0, mode: 'solo', purpose: 'solo' },
    join: { code: opts.room ?? '' },
    autoJoin: opts.room,
    term: newTerm(),
    game: newGame(),
    leaderboard: { filter: 0 },
    listIndex: 0,
    topology: emptyTopology,
    seen: emptySeen,
    quitting: false,
  };
}

type Result = [AppState, Effect[]];
const send = (msg: ClientMessage): Effect => ({ type: 'send', msg });

export function update(s: AppState, e: AppEvent): Result {
  switch (e.type) {
    case 'resize':
      return [{ ...s, size: e.size }, []];
    case 'url':
      return [{ ...s, url: e.url }, []];
    case 'show-report':
      return s.report && s.screen === 'game' ? [{ ...s, screen: 'report', notice: undefined, report: { ...s.report, since: e.at } }, []] : [s, []];
    case 'conn':
      return onConn(s, e.conn);
    case 'server': {
      let cur = s;
      const fx: Effect[] = [];
      for (const m of e.msgs) {
        const [next, more] = onServer(cur, m, e.at);
        cur = next;
        fx.push(...more);
      }
      return [cur, fx];
    }
    case 'history-loaded':
      if (s.room?.view.scenario.id !== e.scenario) return [s, []];
      return [{ ...s, term: { ...s.term, history: historyOf([...e.entries, ...s.term.history.entries]) } }, []];
    case 'exported':
      if (!s.report) return [s, []];
      return [{ ...s, report: { ...s.report, exported: e.path }, notice: e.error ? { text: `Export failed: ${e.error}`, level: 'error' } : { text: `Report written to ${e.path}`, level: 'info' } }, []];
    case 'key':
      return onKey(s, e.press, e.at);
  }
}

// --- connection and server messages --------------------------------------------------

function onConn(s: AppState, c: ConnState): Result {
  let notice = s.notice;
  if (c.state === 'retrying') {
    const verb = c.wasOnline ? 'Connection to the server lost' : `Cannot reach ${s.url}`;
    notice = { text: `${verb}: ${c.reason} · retrying in ${Math.ceil(c.inMs / 1000)}s`, level: 'error', sticky: true, conn: true };
  } else if (c.state === 'online' && s.notice?.conn) notice = { text: 'Reconnected.', level: 'info' };
  return [{ ...s, conn: c, notice }, []];
}

function screenOf(view: RoomView): Screen {
  return view.state === 'lobby' ? 'lobby' : 'game';
}

function isMine(s: AppState, id: string | undefined): boolean {
  return !!id && s.term.running?.id === id;
}

function onServer(s: AppState, m: ServerMessage, at?: number): Result {
  switch (m.type) {
    case 'welcome': {
      const fx: Effect[] = [];
      let next: AppState = { ...s, me: { id: m.playerId, name: m.name } };
      const lost = s.me && s.me.id !== m.playerId && s.room;
      if (lost) next = leaveRoom(next, { text: 'The server no longer knows this session (it restarted?): the room is gone.', level: 'error' });
      if (!s.me || lost) fx.push(send({ type: 'scenarios' }));
      if (next.autoJoin) {
        fx.push(send({ type: 'join', code: next.autoJoin }));
        next = { ...next, autoJoin: undefined, screen: 'join' };
      }
      return [next, fx];
    }
    case 'scenarios':
      return [{ ...s, scenarios: m.list }, []];
    case 'leaderboard':
      return [{ ...s, leaderboard: { ...s.leaderboard, rows: m.rows } }, []];
    case 'replays':
      return [{ ...s, replays: m.list }, []];
    case 'room': {
      const fresh = s.room?.view.code !== m.view.code;
      const fx: Effect[] = [];
      const gmToken = m.gmToken ?? (fresh ? undefined : s.room?.gmToken);
      const owner = fresh ? s.creating !== undefined : !!s.room?.owner;
      let next: AppState = { ...s, room: { seq: m.seq, view: m.view, you: m.you, gmToken, owner, clockAt: at }, join: { code: '' }, creating: undefined };
      if (fresh) {
        next = { ...next, term: newTerm(), game: newGame(), topology: emptyTopology, seen: emptySeen, report: undefined, notice: s.notice?.sticky ? s.notice : undefined };
        fx.push({ type: 'load-history', scenario: m.view.scenario.id });
      }
      if (gmToken && isGm(next)) fx.push(send({ type: 'gm', token: gmToken, action: { kind: 'state' } }));
      if (next.screen !== 'report') next.screen = screenOf(m.view);
      return [next, fx];
    }
    case 'patch': {
      const room = s.room;
      if (!room || m.seq <= room.seq) return [s, []];
      if (m.seq !== room.seq + 1) return [{ ...s, notice: { text: 'Out of step with the room: resynchronising…', level: 'warn' } }, [{ type: 'resync' }]];
      let view: RoomView;
      try {
        view = applyPatches(room.view, m.patches as Patch[]);
      } catch {
        return [s, [{ type: 'resync' }]];
      }
      const clockSet = (m.patches as Patch[]).some((p) => p.path[0] === 'clock');
      let next: AppState = { ...s, room: { ...room, seq: m.seq, view, ...(clockSet ? { clockAt: at } : {}) } };
      const fired = Object.entries(view.alerts).filter(([id, a]) => a.firing && !room.view.alerts[id]?.firing);
      if (fired.length) next.notice = { text: `ALERT: ${fired[fired.length - 1][1].message}`, level: 'error' };
      if (room.view.state !== view.state && next.screen !== 'report') next.screen = screenOf(view);
      // The game master's true state follows the players' commands and injected faults.
      const worldMoved = (m.patches as Patch[]).some((p) => p.path[0] === 'feed' || p.path[0] === 'objectives');
      const fx: Effect[] = room.gmToken && isGm(next) && view.state === 'running' && worldMoved ? [send({ type: 'gm', token: room.gmToken, action: { kind: 'state' } })] : [];
      return [next, fx];
    }
    case 'prompt': {
      let term = { ...s.term, prompt: m.prompt, running: undefined };
      if (!term.sb.lines.length) {
        // A new shell opens with the briefing, as a login shows its message of the day.
        const sc = s.room?.view.scenario;
        if (sc) term.sb = appendText(term.sb, `${sc.title}\n${'─'.repeat(Math.min(60, sc.title.length))}\n${sc.briefing.trimEnd()}\n\n`, 'info');
        if (m.scrollback) term.sb = appendText(term.sb, m.scrollback, 'out');
      }
      return runQueued({ ...s, term });
    }
    case 'output': {
      if (!isMine(s, m.id)) return [s, []];
      const r = s.term.running!;
      const out = r.out.length < MAX_RUNNING_OUT ? r.out + m.text : r.out;
      return [{ ...s, term: { ...s.term, sb: appendText(s.term.sb, m.text, m.fd === 2 ? 'err' : 'out'), running: { ...r, out } } }, []];
    }
    case 'exit': {
      if (!isMine(s, m.id)) return [{ ...s, term: { ...s.term, prompt: m.prompt } }, []];
      return runQueued(finishCommand(s, m.prompt));
    }
    case 'hint': {
      if (isGm(s)) return [{ ...s, notice: { text: `Hint sent: ${m.text}`, level: 'info' } }, []];
      // Also in the shell, where it stays readable on a narrow screen without the hints panel.
      const sb = appendText(s.term.sb, `${s.term.sb.open ? '\n' : ''}[hint −${m.cost} points] ${m.text}\n`, 'warn');
      const term = s.term.running ? s.term : { ...s.term, sb };
      return [{ ...s, term, game: { ...s.game, hints: [...s.game.hints, { tier: m.tier, text: m.text, cost: m.cost }] }, notice: { text: `Hint (−${m.cost} points): ${m.text}`, level: 'info' } }, []];
    }
    case 'gameover': {
      // The game screen stays a moment, long enough to see the objectives turn green.
      const scenario = s.room?.view.scenario.id;
      const fx: Effect[] = [{ type: 'later', ms: REPORT_DELAY_MS, event: { type: 'show-report' } }];
      if (scenario) fx.push({ type: 'save-history', scenario, entries: s.term.history.entries });
      const report = { text: m.report, markdown: m.markdown, score: m.score, won: m.won, scroll: 0, since: at };
      const notice: Notice = { text: `Game over (${s.room?.view.ended ?? 'finished'}): score ${m.score}. The after-action report follows…`, level: 'info', sticky: true };
      return [{ ...s, report, notice, term: { ...s.term, running: undefined, queue: [] } }, fx];
    }
    case 'gm':
      return [{ ...s, game: { ...s.game, gm: { ...s.game.gm, worlds: m.worlds } } }, []];
    case 'error': {
      if (isMine(s, m.ref)) {
        const sb = appendText(closeLine(s.term.sb), `opsdrill: ${m.message}\n`, 'err');
        return runQueued({ ...s, term: { ...s.term, sb, running: undefined } });
      }
      const notice: Notice = { text: m.message, level: 'error' };
      if (s.screen === 'join') return [{ ...s, join: { ...s.join, error: m.message }, notice }, []];
      return [{ ...s, notice, creating: undefined }, []];
    }
  }
}

/** A command ended: the new prompt, and what its output taught the map and completion. */
function finishCommand(s: AppState, prompt: string): AppState {
  const r = s.term.running!;
  return {
    ...s,
    term: { ...s.term, sb: closeLine(s.term.sb), prompt, running: undefined },
    topology: learnTopology(s.topology, r.line, r.host, r.out),
    seen: learn(s.seen, r.line, r.host, r.out),
  };
}

/** Sends the next type-ahead line, if no command is running. */
function runQueued(s: AppState): Result {
  if (s.term.running || !s.term.queue.length) return [s, []];
  const [line, ...queue] = s.term.queue;
  return execLine({ ...s, term: { ...s.term, queue } }, line);
}

function leaveRoom(s: AppState, notice?: Notice): AppState {
  return { ...s, room: undefined, screen: 'home', term: newTerm(), game: newGame(), report: undefined, creating: undefined, notice: notice ?? s.notice };
}

// --- keys ------------------------------------------------------------------------------

export function keyContexts(s: AppState): KeyContext[] {
  switch (s.screen) {
    case 'home':
      return ['home', 'menu', 'global'];
    case 'picker':
      return ['menu', 'filter', 'global'];
    case 'join':
      return ['field', 'global'];
    case 'lobby':
      return ['lobby', 'global'];
    case 'report':
      return ['report', 'global'];
    case 'leaderboard':
    case 'replays':
      return ['menu', 'global'];
    case 'game': {
      const g = s.game;
      if (g.focus.startsWith('confirm')) return ['confirm'];
      if (isGm(s)) return g.gm.picker ? (g.gm.picker.step === 'type' ? ['menu', 'filter'] : ['field']) : ['gm', 'global'];
      if (g.focus === 'chat') return ['chat', 'game'];
      if (g.focus === 'search') return ['search', 'game'];
      return g.map ? ['game', 'terminal'] : ['terminal', 'game'];
    }
  }
}

/** Keys typed this soon after the report replaced the shell were meant for the shell. */
export const REPORT_GRACE_MS = 1000;
export const REPORT_DELAY_MS = 2000;

function onKey(s: AppState, press: KeyPress, at?: number): Result {
  if (s.screen === 'report' && at !== undefined && s.report?.since !== undefined && at - s.report.since < REPORT_GRACE_MS) return [s, []];
  const k = resolveKey(press, keyContexts(s));
  if (!k) return [s, []];
  const cleared = s.notice && !s.notice.sticky ? { ...s, notice: undefined } : s;
  if ('command' in k && k.command === 'quit') return [{ ...s, quitting: true }, [{ type: 'quit' }]];
  switch (s.screen) {
    case 'home':
      return homeKey(cleared, k);
    case 'picker':
      return pickerKey(cleared, k);
    case 'join':
      return joinKey(cleared, k);
    case 'lobby':
      return lobbyKey(cleared, k);
    case 'report':
      return reportKey(cleared, k);
    case 'leaderboard':
    case 'replays':
      return listKey(cleared, k);
    case 'game':
      return gameKey(cleared, k);
  }
}

type K = { command: string } | { text: string };

const wrapIndex = (i: number, n: number) => (n ? (i + n) % n : 0);

function open(s: AppState, item: string): Result {
  switch (item) {
    case 'solo':
      // Asked again each time: the best scores change as drills finish.
      return [{ ...s, screen: 'picker', picker: { filter: '', index: 0, mode: 'solo', purpose: 'solo' } }, [send({ type: 'scenarios' })]];
    case 'create':
      return [{ ...s, screen: 'picker', picker: { filter: '', index: 0, mode: 'team', purpose: 'room' } }, [send({ type: 'scenarios' })]];
    case 'join':
      return [{ ...s, screen: 'join', join: { code: '' } }, []];
    case 'leaderboard':
      return [{ ...s, screen: 'leaderboard', listIndex: 0, leaderboard: { filter: 0 } }, [send({ type: 'leaderboard' }), ...(s.scenarios ? [] : [send({ type: 'scenarios' })])]];
    case 'replays':
      return [{ ...s, screen: 'replays', listIndex: 0 }, [send({ type: 'replays' })]];
    default:
      return [{ ...s, quitting: true }, [{ type: 'quit' }]];
  }
}

function homeKey(s: AppState, k: K): Result {
  if (!('command' in k)) return [s, []];
  const n = HOME_ITEMS.length;
  switch (k.command) {
    case 'up':
      return [{ ...s, homeIndex: wrapIndex(s.homeIndex - 1, n) }, []];
    case 'down':
      return [{ ...s, homeIndex: wrapIndex(s.homeIndex + 1, n) }, []];
    case 'select':
      return open(s, HOME_ITEMS[s.homeIndex].id);
    case 'back':
      return [s, []];
    default:
      return HOME_ITEMS.some((i) => i.id === k.command) ? open(s, k.command) : [s, []];
  }
}

const DIFFICULTY = ['beginner', 'intermediate', 'advanced', 'expert'];
const rank = (d: string) => (DIFFICULTY.indexOf(d) + 5) % 5;

/** Scenarios matching every word of the filter (title, id, difficulty, layers), easiest first. */
export function filteredScenarios(list: ScenarioSummary[] | undefined, filter: string): ScenarioSummary[] {
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
  return (list ?? [])
    .filter((sc) => {
      const hay = `${sc.title} ${sc.id} ${sc.difficulty} ${sc.layers.join(' ')}`.toLowerCase();
      return words.every((w) => hay.includes(w));
    })
    .sort((a, b) => rank(a.difficulty) - rank(b.difficulty) || a.title.localeCompare(b.title));
}

function pickerKey(s: AppState, k: K): Result {
  const p = s.picker;
  const list = filteredScenarios(s.scenarios, p.filter);
  if ('text' in k) return [{ ...s, picker: { ...p, filter: p.filter + k.text, index: 0 } }, []];
  const page = listRows(s.size) - 2;
  switch (k.command) {
    case 'up':
      return [{ ...s, picker: { ...p, index: Math.max(0, p.index - 1) } }, []];
    case 'down':
      return [{ ...s, picker: { ...p, index: Math.min(list.length - 1, p.index + 1) } }, []];
    case 'page-up':
      return [{ ...s, picker: { ...p, index: Math.max(0, p.index - page) } }, []];
    case 'page-down':
      return [{ ...s, picker: { ...p, index: Math.max(0, Math.min(list.length - 1, p.index + page)) } }, []];
    case 'backspace':
      return [{ ...s, picker: { ...p, filter: p.filter.slice(0, -1), index: 0 } }, []];
    case 'clear-filter':
      return [{ ...s, picker: { ...p, filter: '', index: 0 } }, []];
    case 'next-option':
    case 'prev-option': {
      if (p.purpose === 'solo') return [s, []];
      const i = ROOM_MODES.indexOf(p.mode) + (k.command === 'next-option' ? 1 : -1);
      return [{ ...s, picker: { ...p, mode: ROOM_MODES[wrapIndex(i, ROOM_MODES.length)] } }, []];
    }
    case 'back':
      // Esc first clears a filter, as a search box does.
      return p.filter ? [{ ...s, picker: { ...p, filter: '', index: 0 } }, []] : [{ ...s, screen: 'home' }, []];
    case 'select': {
      const sc = list[p.index];
      if (!sc) return [s, []];
      if (s.conn.state !== 'online') return [{ ...s, notice: { text: 'Not connected to the server yet.', level: 'warn' } }, []];
      return [{ ...s, creating: p.mode, notice: { text: `Creating a ${p.mode} room for "${sc.title}"…`, level: 'info' } }, [send({ type: 'create', scenario: sc.id, mode: p.mode })]];
    }
  }
  return [s, []];
}

function joinKey(s: AppState, k: K): Result {
  if ('text' in k) return [{ ...s, join: { code: (s.join.code + k.text).replace(/[^A-Za-z0-9_-]/g, '').slice(0, 16), error: undefined } }, []];
  switch (k.command) {
    case 'backspace':
      return [{ ...s, join: { code: s.join.code.slice(0, -1) } }, []];
    case 'back':
      return [{ ...s, screen: 'home' }, []];
    case 'submit': {
      const code = s.join.code.trim();
      if (!/^[A-Za-z0-9_-]{4,16}$/.test(code)) return [{ ...s, join: { ...s.join, error: 'A room code is 4 to 16 letters, digits, _ or -.' } }, []];
      return [{ ...s, join: { ...s.join, error: undefined }, notice: { text: `Joining ${code}…`, level: 'info' } }, [send({ type: 'join', code })]];
    }
  }
  return [s, []];
}

function lobbyKey(s: AppState, k: K): Result {
  const room = s.room;
  if (!room || !('command' in k)) return [s, []];
  switch (k.command) {
    case 'ready':
      return [s, [send({ type: 'ready', ready: !room.view.players[room.you]?.ready })]];
    case 'start':
      return [s, [send({ type: 'start' })]];
    case 'leave':
      return [leaveRoom(s), [send({ type: 'leave' })]];
  }
  return [s, []];
}

/** The report as Markdown: the server's, or its plain text in a fenced block. */
function reportMarkdown(s: AppState): string {
  const r = s.report!;
  if (r.markdown) return r.markdown;
  const title = s.room ? `# After-action report: ${s.room.view.scenario.title}\n\n` : '';
  return `${title}\`\`\`text\n${r.text.replace(/\n$/, '')}\n\`\`\`\n`;
}

function reportKey(s: AppState, k: K): Result {
  const r = s.report;
  if (!r || !('command' in k)) return [s, []];
  const page = listRows(s.size);
  const max = Math.max(0, reportRows(r.text, reportWidth(s.size)).length - page);
  const to = (scroll: number) => [{ ...s, report: { ...r, scroll: Math.max(0, Math.min(max, scroll)) } }, []] as Result;
  switch (k.command) {
    case 'up':
      return to(r.scroll - 1);
    case 'down':
      return to(r.scroll + 1);
    case 'page-up':
      return to(r.scroll - page);
    case 'page-down':
      return to(r.scroll + page);
    case 'export':
      return [s, [{ type: 'export', markdown: reportMarkdown(s), name: `opsdrill-report-${s.room?.view.scenario.id ?? 'drill'}-${s.room?.view.code ?? ''}.md`.replace(/-\.md$/, '.md') }]];
    case 'back':
      return [leaveRoom(s), s.room ? [send({ type: 'leave' })] : []];
  }
  return [s, []];
}

function listKey(s: AppState, k: K): Result {
  if (!('command' in k)) return [s, []];
  const n = s.screen === 'leaderboard' ? (s.leaderboard.rows?.length ?? 0) : (s.replays?.length ?? 0);
  switch (k.command) {
    case 'up':
      return [{ ...s, listIndex: Math.max(0, s.listIndex - 1) }, []];
    case 'down':
      return [{ ...s, listIndex: Math.max(0, Math.min(n - 1, s.listIndex + 1)) }, []];
    case 'back':
    case 'select':
      return [{ ...s, screen: 'home' }, []];
    case 'next-option':
    case 'prev-option': {
      if (s.screen !== 'leaderboard') return [s, []];
      const options = ['', ...(s.scenarios ?? []).map((x) => x.id)];
      const filter = wrapIndex(s.leaderboard.filter + (k.command === 'next-option' ? 1 : -1), options.length);
      const scenario = options[filter];
      return [{ ...s, listIndex: 0, leaderboard: { filter, rows: undefined } }, [send(scenario ? { type: 'leaderboard', scenario } : { type: 'leaderboard' })]];
    }
  }
  return [s, []];
}

// --- the game screen ---------------------------------------------------------------------

function withTerm(s: AppState, term: Partial<TermState>): AppState {
  return { ...s, term: { ...s.term, ...term } };
}

function withGame(s: AppState, game: Partial<GameUi>): AppState {
  return { ...s, game: { ...s.game, ...game } };
}

/** Echoes and sends one command line (or queues it behind a running command). */
function execLine(s: AppState, line: string): Result {
  const t = s.term;
  if (t.running) return [withTerm(s, { queue: [...t.queue, line], editor: ed.emptyEditor, scroll: 0 }), []];
  const sb = appendLine(closeLine(t.sb), { text: t.prompt + line, kind: 'cmd', prompt: t.prompt.length });
  const history = remember(t.history, line);
  const scenario = s.room?.view.scenario.id;
  const fx: Effect[] = scenario && history.entries !== t.history.entries ? [{ type: 'save-history', scenario, entries: history.entries }] : [];
  const base: Partial<TermState> = { sb, history, editor: ed.emptyEditor, scroll: 0, search: undefined, lastTab: undefined };
  if (!line.trim()) return [withTerm(s, base), fx];
  if (s.conn.state !== 'online') {
    const warned = appendText(sb, 'opsdrill: not connected to the server: the command was not run\n', 'warn');
    return [withTerm(s, { ...base, sb: warned }), fx];
  }
  const id = `c${t.nextId}`;
  return [withTerm(s, { ...base, running: { id, line, host: promptHost(t.prompt), out: '' }, nextId: t.nextId + 1 }), [...fx, send({ type: 'exec', id, line })]];
}

function gameKey(s: AppState, k: K): Result {
  const g = s.game;
  if (g.focus.startsWith('confirm')) return confirmKey(s, k);
  if (isGm(s)) return gmKey(s, k);
  if ('command' in k) {
    const r = gameCommand(s, k.command);
    if (r) return r;
  }
  if (g.focus === 'chat') return chatKey(s, k);
  if (g.focus === 'search') return searchKey(s, k);
  return terminalKey(s, k);
}

function gameCommand(s: AppState, command: string): Result | undefined {
  const g = s.game;
  switch (command) {
    case 'toggle-map':
      return [withGame(s, { map: !g.map, mapScroll: 0 }), []];
    case 'map-up':
      return [withGame(s, { mapScroll: Math.max(0, g.mapScroll - 5) }), []];
    case 'map-down':
      return [withGame(s, { mapScroll: g.mapScroll + 5 }), []];
    case 'focus-chat':
      if (s.room?.view.mode === 'solo') return [{ ...s, notice: { text: 'There is no chat in a solo game: create a team room to play with others.', level: 'info' } }, []];
      return [withGame(s, { focus: 'chat' }), []];
    case 'hint':
      return [withGame(s, { focus: 'confirm-hint' }), []];
    case 'toggle-side': {
      const shown = gameLayout(s.size, g.side).sideCols > 0;
      return [withGame(s, { side: !shown }), []];
    }
    case 'leave':
      return [withGame(s, { focus: 'confirm-leave' }), []];
  }
  return undefined;
}

function confirmKey(s: AppState, k: K): Result {
  const focus = s.game.focus;
  const back = withGame(s, { focus: 'terminal' });
  if (!('command' in k) || k.command === 'no') return [back, []];
  if (k.command !== 'yes') return [s, []];
  if (focus === 'confirm-hint') return [back, [send({ type: 'hint' })]];
  if (focus === 'confirm-leave') return [leaveRoom(s), [send({ type: 'leave' })]];
  if (focus === 'confirm-end' && s.room?.gmToken) return [back, [send({ type: 'gm', token: s.room.gmToken, action: { kind: 'end' } })]];
  return [back, []];
}

function chatKey(s: AppState, k: K): Result {
  const chat = s.game.chat;
  if ('text' in k) return [withGame(s, { chat: ed.insert(chat, k.text) }), []];
  switch (k.command) {
    case 'backspace':
      return [withGame(s, { chat: ed.backspace(chat) }), []];
    case 'back':
      return [withGame(s, { focus: 'terminal' }), []];
    case 'send': {
      const text = chat.text.trim();
      if (!text) return [s, []];
      return [withGame(s, { chat: ed.emptyEditor }), [send({ type: 'chat', text: text.slice(0, 500) })]];
    }
  }
  return [s, []];
}

function searchKey(s: AppState, k: K): Result {
  const t = s.term;
  const search = t.search!;
  const accept = (run: boolean): Result => {
    const line = searchResult(t.history, search);
    const back = withGame(withTerm(s, { search: undefined, editor: ed.editorOf(line) }), { focus: 'terminal' });
    return run ? execLine(back, line) : [back, []];
  };
  if ('text' in k) return [withTerm(s, { search: searchType(t.history, search, k.text) }), []];
  switch (k.command) {
    case 'search-next':
      return [withTerm(s, { search: searchAgain(t.history, search) }), []];
    case 'search-backspace':
      return [withTerm(s, { search: searchBackspace(t.history, search) }), []];
    case 'search-run':
      return accept(true);
    case 'search-accept':
      return accept(false);
    case 'search-cancel':
      return [withGame(withTerm(s, { search: undefined, editor: ed.editorOf(search.original) }), { focus: 'terminal' }), []];
  }
  return [s, []];
}

/** Candidates laid out in columns, as bash lists them on a second Tab. */
function columns(words: string[], width: number): string {
  const w = Math.max(...words.map((x) => x.length)) + 2;
  const per = Math.max(1, Math.floor(width / w));
  const rows: string[] = [];
  for (let i = 0; i < words.length; i += per) rows.push(words.slice(i, i + per).map((x, j, a) => (j < a.length - 1 ? x.padEnd(w) : x)).join(''));
  return rows.join('\n') + '\n';
}

function terminalKey(s: AppState, k: K): Result {
  const t = s.term;
  const edit = (editor: ed.Editor): Result => [withTerm(s, { editor, lastTab: undefined }), []];
  if ('text' in k) return [withTerm(s, { editor: ed.insert(t.editor, k.text), scroll: 0, lastTab: undefined }), []];
  const layout = gameLayout(s.size, s.game.side);
  const page = Math.max(1, layout.paneRows - 2);
  switch (k.command) {
    case 'run':
      return execLine(s, t.editor.text);
    case 'interrupt':
      if (t.running) return [withTerm(s, { queue: [] }), [send({ type: 'cancel', id: t.running.id })]];
      return [withTerm(s, { sb: appendLine(closeLine(t.sb), { text: t.prompt + t.editor.text + '^C', kind: 'cmd', prompt: t.prompt.length }), editor: ed.emptyEditor, history: { ...t.history, index: null }, scroll: 0 }), []];
    case 'clear':
      return [withTerm(s, { sb: clearScreen(t.sb), scroll: 0 }), []];
    case 'page-up': {
      // After Ctrl-L the lines above the cleared screen are reachable even when they would fit.
      const cleared = t.sb.top > 0 ? maxScroll(t.sb.lines.slice(t.sb.top), [], layout.paneCols, 0) + 1 : 0;
      const max = Math.max(cleared, maxScroll(t.sb.lines, [], layout.paneCols, layout.paneRows - 1));
      return [withTerm(s, { scroll: Math.min(max, t.scroll + page) }), []];
    }
    case 'page-down':
      return [withTerm(s, { scroll: Math.max(0, t.scroll - page) }), []];
    case 'history-prev': {
      const r = older(t.history, t.editor.text);
      return r ? [withTerm(s, { history: r.history, editor: ed.editorOf(r.text) }), []] : [s, []];
    }
    case 'history-next': {
      const r = newer(t.history);
      return r ? [withTerm(s, { history: r.history, editor: ed.editorOf(r.text) }), []] : [s, []];
    }
    case 'search':
      return [withGame(withTerm(s, { search: startSearch(t.editor.text) }), { focus: 'search' }), []];
    case 'complete': {
      const c = complete(t.editor.text, t.editor.cursor, s.seen);
      if (!c) return [s, []];
      const before = t.editor.text.slice(0, c.from);
      const word = t.editor.text.slice(c.from, t.editor.cursor);
      const after = t.editor.text.slice(t.editor.cursor);
      if (c.insert !== word) return [withTerm(s, { editor: { text: before + c.insert + after, cursor: before.length + c.insert.length }, lastTab: undefined }), []];
      if (t.lastTab !== t.editor.text) return [withTerm(s, { lastTab: t.editor.text }), []];
      const sb = appendText(appendLine(closeLine(t.sb), { text: t.prompt + t.editor.text, kind: 'cmd', prompt: t.prompt.length }), columns(c.candidates, layout.paneCols), 'info');
      return [withTerm(s, { sb, lastTab: undefined, scroll: 0 }), []];
    }
    case 'left':
      return edit(ed.left(t.editor));
    case 'right':
      return edit(ed.right(t.editor));
    case 'word-left':
      return edit(ed.wordLeft(t.editor));
    case 'word-right':
      return edit(ed.wordRight(t.editor));
    case 'home':
      return edit(ed.home(t.editor));
    case 'end':
      return edit(ed.end(t.editor));
    case 'backspace':
      return edit(ed.backspace(t.editor));
    case 'delete':
      return edit(ed.deleteForward(t.editor));
    case 'kill-start':
      return edit(ed.killToStart(t.editor));
    case 'kill-end':
      return edit(ed.killToEnd(t.editor));
    case 'kill-word':
      return edit(ed.killWord(t.editor));
  }
  return [s, []];
}

// --- the game-master view -------------------------------------------------------------------

function gmKey(s: AppState, k: K): Result {
  const gm = s.game.gm;
  const room = s.room;
  if (!room?.gmToken) return [{ ...s, notice: { text: 'This seat has no game-master token.', level: 'error' } }, []];
  const token = room.gmToken;
  const withGm = (patch: Partial<GameUi['gm']>) => withGame(s, { gm: { ...gm, ...patch } });
  if (gm.picker) return pickerInGm(s, k, gm.picker, token);
  if (!('command' in k)) return [s, []];
  const players = Object.entries(room.view.players).filter(([, p]) => p.role !== 'gm');
  switch (k.command) {
    case 'inject':
      return [withGm({ picker: { step: 'type', index: 0, filter: '', fields: [], field: 0 } }), []];
    case 'pause':
      return [s, [send({ type: 'gm', token, action: { kind: room.view.clock.paused ? 'resume' : 'pause' } })]];
    case 'gm-hint': {
      const target = players[gm.player];
      if (!target) return [{ ...s, notice: { text: 'No player to send a hint to.', level: 'warn' } }, []];
      return [{ ...s, notice: { text: `Hint sent to ${target[1].name}.`, level: 'info' } }, [send({ type: 'gm', token, action: { kind: 'hint', player: target[0] } })]];
    }
    case 'end':
      return [withGame(s, { focus: 'confirm-end' }), []];
    case 'up':
      return [withGm({ player: Math.max(0, gm.player - 1) }), []];
    case 'down':
      return [withGm({ player: Math.min(Math.max(0, players.length - 1), gm.player + 1) }), []];
    case 'page-up':
      return [withGm({ scroll: Math.max(0, gm.scroll - 10) }), []];
    case 'page-down':
      return [withGm({ scroll: gm.scroll + 10 }), []];
    case 'leave':
      return [withGame(s, { focus: 'confirm-leave' }), []];
  }
  return [s, []];
}

/** Values typed in the fault form: numbers and booleans as such, lists split on commas. */
function paramValue(v: string): unknown {
  const t = v.trim();
  if (/^-?\d+$/.test(t)) return Number(t);
  if (t === 'true' || t === 'false') return t === 'true';
  return t;
}

function pickerInGm(s: AppState, k: K, p: FaultPicker, token: string): Result {
  const set = (picker: FaultPicker | undefined) => withGame(s, { gm: { ...s.game.gm, picker } });
  if (p.step === 'type') {
    const list = FAULT_CATALOGUE.filter((f) => f.id.includes(p.filter.toLowerCase()));
    if ('text' in k) return [set({ ...p, filter: p.filter + k.text, index: 0 }), []];
    switch (k.command) {
      case 'up':
        return [set({ ...p, index: Math.max(0, p.index - 1) }), []];
      case 'down':
        return [set({ ...p, index: Math.min(list.length - 1, p.index + 1) }), []];
      case 'backspace':
        return [set({ ...p, filter: p.filter.slice(0, -1), index: 0 }), []];
      case 'back':
        return [set(undefined), []];
      case 'select': {
        const f = list[p.index];
        if (!f) return [s, []];
        return [set({ ...p, step: 'params', type: f.id, fields: faultParams(f.id).map((param) => ({ ...param, value: '' })), field: 0 }), []];
      }
    }
    return [s, []];
  }
  const fields = p.fields.slice();
  const cur = fields[p.field];
  if ('text' in k) {
    if (cur) fields[p.field] = { ...cur, value: cur.value + k.text };
    return [set({ ...p, fields }), []];
  }
  switch (k.command) {
    case 'backspace':
      if (cur) fields[p.field] = { ...cur, value: cur.value.slice(0, -1) };
      return [set({ ...p, fields }), []];
    case 'next-field':
      return [set({ ...p, field: wrapIndex(p.field + 1, fields.length) }), []];
    case 'prev-field':
      return [set({ ...p, field: wrapIndex(p.field - 1, fields.length) }), []];
    case 'back':
      return [set({ ...p, step: 'type' }), []];
    case 'submit': {
      const params = Object.fromEntries(fields.filter((f) => f.value.trim()).map((f) => [f.name, paramValue(f.value)]));
      return [{ ...set(undefined), notice: { text: `Injecting ${p.type}…`, level: 'info' } }, [send({ type: 'gm', token, action: { kind: 'inject', fault: { type: p.type!, params } } })]];
    }
  }
  return [s, []];
}
