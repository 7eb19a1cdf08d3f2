// The wire protocol between the opsdrill server and its clients: versioned JSON
// frames. Every frame a client sends is validated against these schemas; anything
// else gets an `error` reply naming what was wrong and changes nothing.
import { z } from 'zod';

export const PROTOCOL_VERSION = 1;

/** Limits enforced before and after parsing. */
export const LIMITS = {
  maxFrameBytes: 64 * 1024,
  // Room for a here-document with a few manifests, within one frame.
  maxLine: 48 * 1024,
  maxChat: 500,
  maxName: 32,
};

const name = z.string().trim().min(1).max(LIMITS.maxName).regex(/^[\p{L}\p{N}_.\- ]+$/u, 'letters, digits, space, _ . - only');
const requestId = z.string().min(1).max(64);
const roomCode = z.string().regex(/^[A-Za-z0-9_-]{4,16}$/, 'a room code');

export const Mode = z.enum(['solo', 'team', 'incident', 'versus', 'gm']);
export type Mode = z.infer<typeof Mode>;

export const FaultSpec = z.object({ type: z.string().min(1).max(64), params: z.record(z.string(), z.unknown()).optional() });

export const GmAction = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('inject'), fault: FaultSpec }),
  z.object({ kind: z.literal('pause') }),
  z.object({ kind: z.literal('resume') }),
  z.object({ kind: z.literal('hint'), player: z.string().min(1).max(64) }),
  z.object({ kind: z.literal('end') }),
  /** The true world state and fault list (answered with a `gm` frame). */
  z.object({ kind: z.literal('state') }),
]);
export type GmAction = z.infer<typeof GmAction>;

export const ClientMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('hello'), v: z.literal(PROTOCOL_VERSION), name, resume: z.string().max(128).optional() }),
  z.object({
    type: z.literal('create'),
    scenario: z.string().min(1).max(64),
    mode: Mode,
    seed: z.number().int().min(0).max(2 ** 31 - 1).optional(),
    password: z.string().max(64).optional(),
    maxPlayers: z.number().int().min(1).max(32).optional(),
  }),
  z.object({ type: z.literal('join'), code: roomCode, password: z.string().max(64).optional(), team: z.enum(['a', 'b']).optional() }),
  z.object({ type: z.literal('ready'), ready: z.boolean() }),
  z.object({ type: z.literal('start') }),
  z.object({ type: z.literal('exec'), id: requestId, line: z.string().max(LIMITS.maxLine) }),
  z.object({ type: z.literal('cancel'), id: requestId }),
  z.object({ type: z.literal('chat'), text: z.string().min(1).max(LIMITS.maxChat) }),
  z.object({ type: z.literal('hint') }),
  z.object({ type: z.literal('leave') }),
  z.object({ type: z.literal('gm'), token: z.string().min(1).max(128), action: GmAction }),
  z.object({ type: z.literal('scenarios') }),
  z.object({ type: z.literal('leaderboard'), scenario: z.string().max(64).optional(), mode: Mode.optional() }),
  z.object({ type: z.literal('replays') }),
]);
export type ClientMessage = z.infer<typeof ClientMessage>;

// --- server -> client (typed, not validated on receipt beyond JSON) ---------------

export interface PlayerView {
  name: string;
  role: 'player' | 'gm';
  team?: 'a' | 'b';
  ready: boolean;
  connected: boolean;
  score?: number;
}

export interface ObjectiveView {
  title: string;
  green: boolean;
}

export interface AlertView {
  message: string;
  firing: boolean;
  /** Simulated ms when it last fired or cleared. */
  at: number;
}

export interface FeedItem {
  player: string;
  host: string;
  line: string;
  exit: number | null;
  at: number;
}

export interface ChatItem {
  player: string;
  text: string;
  at: number;
}

/** The public view of a room: everything a player may see, nothing of the world. */
export interface RoomView {
  code: string;
  mode: Mode;
  state: 'lobby' | 'running' | 'finished';
  scenario: { id: string; title: string; briefing: string; difficulty: string; parMs: number };
  players: Record<string, PlayerView>;
  objectives: Record<string, ObjectiveView>;
  alerts: Record<string, AlertView>;
  /**
   * The simulated clock. While the game runs and is not paused it follows wall time: a client
   * shows simMs plus the wall time since the clock last changed, less holdMs (how far commands
   * have run it ahead, which the wall clock first catches up). The server corrects it when that
   * reckoning is out by a second.
   */
  clock: { simMs: number; paused: boolean; limitMs?: number; holdMs?: number };
  feed: Record<string, FeedItem>;
  chat: Record<string, ChatItem>;
  hintsUsed: number;
  /** Versus: the other team's objectives turned green, as a count. */
  rival?: { green: number; total: number };
  /** Versus: the team this view is for; and, once finished, the team that won. */
  team?: 'a' | 'b';
  winner?: 'a' | 'b';
  /** Why the game ended (all green, time is up, ended by the game master, ...). */
  ended?: string;
}

export interface ScenarioSummary {
  id: string;
  title: string;
  difficulty: string;
  layers: string[];
  parMs: number;
  best?: number;
}

export type ServerMessage =
  | { type: 'welcome'; v: number; playerId: string; resume: string; name: string }
  | { type: 'error'; code: string; message: string; ref?: string }
  | { type: 'room'; seq: number; view: RoomView; you: string; gmToken?: string }
  | { type: 'patch'; seq: number; patches: unknown[] }
  /** A piece of a command's output, released as the simulated command produces it. */
  | { type: 'output'; id: string; fd: 1 | 2; text: string }
  | { type: 'exit'; id: string; code: number; prompt: string }
  | { type: 'prompt'; prompt: string; scrollback?: string }
  | { type: 'hint'; tier: number; text: string; cost: number }
  /** `report` is the plain-text report for the terminal; `markdown` the same report to export. */
  | { type: 'gameover'; report: string; score: number; won?: boolean; markdown?: string }
  /** Game master only: the true state of each world and its faults (root causes included). */
  | { type: 'gm'; worlds: Record<string, { world: unknown; faults: unknown[]; paused: boolean }> }
  | { type: 'scenarios'; list: ScenarioSummary[] }
  | { type: 'leaderboard'; rows: { name: string; scenario: string; mode: Mode; score: number; at: string }[] }
  | { type: 'replays'; list: { id: string; scenario: string; mode: Mode; finishedAt: string; players: string[] }[] };

/** Parses and validates one incoming frame; the error text names what was wrong. */
export function parseClientMessage(raw: string): { ok: true; msg: ClientMessage } | { ok: false; error: string } {
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return { ok: false, error: 'frame is not valid JSON' };
  }
  const r = ClientMessage.safeParse(data);
  if (r.success) return { ok: true, msg: r.data };
  const issue = r.error.issues[0];
  const where = issue.path.length ? issue.path.join('.') : 'frame';
  return { ok: false, error: `${where}: ${issue.message}` };
}
