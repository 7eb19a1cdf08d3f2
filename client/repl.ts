// A plain line-mode shell on a world file: what `npm start` opens until the Ink
// client lands. Simulated time follows the wall clock between commands.
import { createInterface } from 'node:readline';
import { execLine, prompt } from '../server/shell/shell.js';
import { commands } from '../server/shell/commands/index.js';
import { startSession } from '../server/headless.js';
import type { World } from '../server/sim/world/types.js';

export function startRepl(world: World, host: string | undefined, banner: string): void {
  const session = startSession(world, host);
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY === true });
  let last = performance.now();
  process.stdout.write(banner);
  rl.setPrompt(prompt(session));
  rl.prompt();
  rl.on('line', (line) => {
    const now = performance.now();
    world.now += Math.round(now - last);
    const res = execLine(world, session, line, commands);
    world.now += res.elapsedMs;
    last = performance.now();
    for (const c of res.chunks) (c.fd === 2 ? process.stderr : process.stdout).write(c.text);
    rl.setPrompt(prompt(session));
    rl.prompt();
  });
  rl.on('close', () => {
    process.stdout.write('\n');
    process.exit(0);
  });
}
