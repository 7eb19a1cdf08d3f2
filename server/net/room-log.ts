// A room's log: every event in order, persisted as it happens. A world is a pure function of
// (scenario, seed, this log), so the log rebuilds a room after a restart and replays a game.
import type { ExecOutcome, Game } from '../game/game.js';
import type { Hint } from '../game/scenario/types.js';

/** The worlds of a room: one, or one per team in versus. */
export type WorldKey = 'main' | 'a' | 'b';

export type RoomEvent =
  | { k: 'join'; player: string; name: string; role: 'player' | 'gm'; team?: 'a' | 'b'; w?: WorldKey; enter?: boolean }
  | { k: 'leave'; player: string }
  | { k: 'ready'; player: string; ready: boolean }
  /** The game starts: these players enter their worlds, in this order. */
  | { k: 'start'; players: { id: string; name: string; w: WorldKey }[] }
  /** `budget`: simulated ms after which the command is interrupted unless an `interrupt` says earlier. */
  | { k: 'exec'; w: WorldKey; player: string; line: string; wallMs: number; budget: number }
  /** Ctrl-C: the exec logged as `ref` was interrupted `at` simulated ms after it started. */
  | { k: 'interrupt'; ref: number; at: number }
  | { k: 'tick'; w: WorldKey; ms: number }
  | { k: 'hint'; w: WorldKey; player: string }
  | { k: 'chat'; player: string; text: string; at: number }
  | { k: 'inject'; w: WorldKey; fault: { type: string; params?: Record<string, unknown> } }
  | { k: 'pause' }
  | { k: 'resume' }
  | { k: 'finish'; reason: string; winner?: 'a' | 'b' };

export interface LoggedEvent {
  seq: number;
  /** Wall-clock ms when it happened. */
  at: number;
  ev: RoomEvent;
}

/** exec seq -> the simulated ms at which it was interrupted. */
export function interruptsOf(log: LoggedEvent[]): Map<number, number> {
  const out = new Map<number, number>();
  for (const { ev } of log) if (ev.k === 'interrupt') out.set(ev.ref, ev.at);
  return out;
}

export type Applied = { kind: 'exec'; outcome: ExecOutcome; before: string; elapsedMs: number } | { kind: 'hint'; hint: Hint | undefined } | undefined;

/** Applies what an event does to world `w`'s game (nothing if it is not about that world). */
export function applyToGame(game: Game, w: WorldKey, e: LoggedEvent, interrupts: Map<number, number>): Applied {
  const { ev } = e;
  switch (ev.k) {
    case 'start':
      for (const p of ev.players) if (p.w === w) game.join(p.id, p.name);
      return undefined;
    case 'join':
      if (ev.enter && ev.w === w) game.join(ev.player, ev.name);
      return undefined;
    case 'exec': {
      if (ev.w !== w) return undefined;
      const before = game.prompt(ev.player);
      const interruptAt = interrupts.get(e.seq) ?? ev.budget;
      const outcome = game.exec(ev.player, ev.line, ev.wallMs, { interruptAt });
      return { kind: 'exec', before, outcome, elapsedMs: game.commands[game.commands.length - 1].elapsedMs };
    }
    case 'tick':
      if (ev.w === w) game.tick(ev.ms);
      return undefined;
    case 'hint':
      return ev.w === w ? { kind: 'hint', hint: game.hint(ev.player) } : undefined;
    case 'inject':
      if (ev.w === w) game.inject(ev.fault.type, ev.fault.params ?? {});
      return undefined;
    default:
      return undefined;
  }
}
