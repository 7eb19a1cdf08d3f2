// The base cluster world (scenarios/bases/k8s.yaml) driven through the headless runner: `run`
// types one line as root on cp1 (stdout and stderr apart) and lets the time it took pass,
// `transcript` runs lines as the terminal shows them, `wait` lets simulated seconds pass.
import { readFileSync } from 'node:fs';
import { runLines, startSession } from '../../../../server/headless.js';
import { tickWorld } from '../../../../server/sim/tick.js';
import { loadWorldYaml } from '../../../../server/sim/world/yaml.js';
import { exec } from '../../../helpers/run.js';

const BASE = readFileSync('scenarios/bases/k8s.yaml', 'utf8');

/** `edit` changes the world file's text before it is built. */
export function cluster(edit: (yaml: string) => string = (y) => y, host = 'cp1') {
  const world = loadWorldYaml(edit(BASE), 7);
  const session = startSession(world, host);
  const run = (line: string) => {
    const r = exec(world, session, line);
    tickWorld(world, r.elapsedMs);
    return r;
  };
  const wait = (seconds: number) => tickWorld(world, seconds * 1000);
  const transcript = (...lines: string[]) => runLines(world, session, lines);
  /** Name of the first pod of namespace `ns` whose name starts with `prefix` and is not `except`. */
  const pod = (ns: string, prefix: string, except: string[] = []) => {
    const names = Object.values(world.cluster!.objects.Pod ?? {}).filter((p) => p.metadata.namespace === ns && p.metadata.name.startsWith(prefix) && !except.includes(p.metadata.name)).map((p) => p.metadata.name);
    return names.sort()[0];
  };
  return { world, session, run, wait, transcript, pod };
}

/** Lines of a table (or describe output) that contain `text`. */
export const linesWith = (out: string, text: string) => out.split('\n').filter((l) => l.includes(text));

/** The cells of the table row that starts with `name` (columns are two or more spaces apart). */
export const row = (out: string, name: string) => out.split('\n').find((l) => l.startsWith(`${name} `))?.split(/ {2,}/).map((s) => s.trim());
