// `opsdrill replay GAME_ID`: a finished (or running) game played again from its log, step by
// step: every player's commands with their output, chat, hints and the game master's faults.
import { createGame, type Game } from '../game/game.js';
import { clock } from '../game/report.js';
import type { Scenario } from '../game/scenario/types.js';
import { applyToGame, interruptsOf, type LoggedEvent, type WorldKey } from './room-log.js';

export interface ReplayStep {
  /** What happened, as the terminal would show it. */
  text: string;
  /** A command (the steps a player pages through), rather than a note. */
  command: boolean;
}

export function replaySteps(scenario: Scenario, seed: number, mode: string, log: LoggedEvent[]): ReplayStep[] {
  const worlds: WorldKey[] = mode === 'versus' ? ['a', 'b'] : ['main'];
  const games = new Map<WorldKey, Game>(worlds.map((w) => [w, createGame(scenario, seed)]));
  const interrupts = interruptsOf(log);
  const names = new Map<string, string>();
  const steps: ReplayStep[] = [];
  const note = (text: string) => steps.push({ text, command: false });
  const team = (w: WorldKey) => (w === 'main' ? '' : ` [team ${w.toUpperCase()}]`);
  for (const e of log) {
    const { ev } = e;
    const wall = new Date(e.at).toISOString().slice(11, 19);
    if (ev.k === 'join') {
      names.set(ev.player, ev.name);
      note(`${wall} ${ev.name} joined${ev.role === 'gm' ? ' as game master' : ''}${ev.team ? ` team ${ev.team.toUpperCase()}` : ''}\n`);
    } else if (ev.k === 'leave') note(`${wall} ${names.get(ev.player) ?? ev.player} left\n`);
    else if (ev.k === 'start') note(`${wall} the game starts\n`);
    else if (ev.k === 'chat') note(`${wall} <${names.get(ev.player) ?? ev.player}> ${ev.text}\n`);
    else if (ev.k === 'pause' || ev.k === 'resume') note(`${wall} the game master ${ev.k}d the clock\n`);
    else if (ev.k === 'finish') note(`${wall} game over: ${ev.reason}\n`);
    for (const w of worlds) {
      const game = games.get(w)!;
      const at = game.now;
      const r = applyToGame(game, w, e, interrupts);
      if (r?.kind === 'exec' && ev.k === 'exec') {
        const out = r.outcome.chunks.map((c) => c.text).join('');
        steps.push({ text: `--- ${clock(at)} ${names.get(ev.player) ?? ev.player}${team(w)}, exit ${r.outcome.exit}\n${r.before}${ev.line}\n${out}`, command: true });
      } else if (r?.kind === 'hint' && r.hint && ev.k === 'hint') note(`${clock(at)} ${names.get(ev.player) ?? ev.player}${team(w)} took a hint: ${r.hint.text}\n`);
      else if (ev.k === 'inject' && ev.w === w) note(`${clock(at)} the game master injected ${ev.fault.type}${team(w)}\n`);
    }
  }
  return steps;
}
