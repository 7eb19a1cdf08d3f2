// The headless runner: feeds command lines to a player's shell and renders the
// transcript exactly as the terminal shows it (prompt, command, output). Pure: the
// caller supplies the world and the lines; simulated time advances by each command's
// duration plus `thinkMs` between commands, and the cluster's controllers keep up with it.
import { execLine, newSession, prompt } from './shell/shell.js';
import { commands } from './shell/commands/index.js';
import type { Session } from './shell/types.js';
import { tickWorld } from './sim/tick.js';
import type { World } from './sim/world/types.js';

export interface TranscriptOptions {
  /** Simulated time a player spends between two commands. */
  thinkMs?: number;
}

export function runLines(world: World, session: Session, lines: string[], opts: TranscriptOptions = {}): string {
  let out = '';
  for (const line of lines) {
    out += prompt(session) + line + '\n';
    const res = execLine(world, session, line, commands);
    out += res.chunks.map((c) => c.text).join('');
    tickWorld(world, res.elapsedMs + (opts.thinkMs ?? 0));
  }
  return out;
}

export function startSession(world: World, host: string | undefined, user = 'root'): Session {
  const name = host ?? Object.values(world.hosts).find((h) => h.login && h.kind !== 'router')?.name ?? Object.keys(world.hosts)[0];
  return newSession(world, name, user);
}
