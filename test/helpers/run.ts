// Runs command lines through the real shell and registry against a world (tinyWorld()
// by default), returning what the terminal shows, split by stream.
import { commands } from '../../server/shell/commands/index.js';
import { execLine, newSession } from '../../server/shell/shell.js';
import type { Chunk, CommandSpec, ExecResult, Session } from '../../server/shell/types.js';
import type { World } from '../../server/sim/world/types.js';
import { tinyWorld } from './world.js';

export interface RunResult extends ExecResult {
  out: string;
  err: string;
}

export const textOf = (chunks: Chunk[], fd: 1 | 2) => chunks.filter((c) => c.fd === fd).map((c) => c.text).join('');

export function exec(world: World, session: Session, line: string, registry: Record<string, CommandSpec> = commands): RunResult {
  const r = execLine(world, session, line, registry);
  return { ...r, out: textOf(r.chunks, 1), err: textOf(r.chunks, 2) };
}

/** A fresh tinyWorld and a root session on web1 (optionally as another user, with extra files). */
export function shell(opts: { user?: string; files?: Record<string, string> } = {}) {
  const world = tinyWorld();
  Object.assign(world.hosts.web1.files, opts.files ?? {});
  const session = newSession(world, 'web1', opts.user);
  return { world, session, run: (line: string) => exec(world, session, line) };
}
