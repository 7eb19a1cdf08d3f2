// The base cluster world (scenarios/bases/k8s.yaml) with a root shell on cp1: `run` types a
// line and lets the simulated time it took pass, `wait` lets the controllers run on.
import { readFileSync } from 'node:fs';
import { startSession } from '../../../../server/headless.js';
import { tickWorld } from '../../../../server/sim/tick.js';
import { loadWorldYaml } from '../../../../server/sim/world/yaml.js';
import { exec } from '../../../helpers/run.js';

const BASE = readFileSync('scenarios/bases/k8s.yaml', 'utf8');

/** `edit` changes the world file's text before it is built (e.g. an image's load). */
export function cluster(edit: (yaml: string) => string = (y) => y) {
  const world = loadWorldYaml(edit(BASE), 7);
  const session = startSession(world, 'cp1');
  const run = (line: string) => {
    const r = exec(world, session, line);
    tickWorld(world, r.elapsedMs);
    return r;
  };
  const wait = (seconds: number) => tickWorld(world, seconds * 1000);
  return { world, session, run, wait };
}
