// `opsdrill` entry point: dispatches subcommands.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { createGame } from '../server/game/game.js';
import { reportMarkdown } from '../server/game/report.js';
import { formatLintError, parseDuration } from '../server/game/scenario/load.js';
import type { Scenario } from '../server/game/scenario/types.js';
import { buildScenarioWorld } from '../server/game/setup.js';
import { solveScenario } from '../server/game/solve.js';
import { runLines, startSession } from '../server/headless.js';
import { loadWorldYaml, WorldFileError } from '../server/sim/world/yaml.js';
import { dataDir } from './data-dir.js';
import { isEmbeddedWorker, serveEmbedded, startEmbedded } from './embedded.js';
import { SCENARIO_DIR, lintPaths, loadScenarioFile, looksLikeScenario, scenarioFiles } from './scenario-files.js';

const USAGE = `Usage: opsdrill [COMMAND] [--help]

With no command, opsdrill starts a game server on this machine (127.0.0.1, data
in $XDG_DATA_HOME/opsdrill or ~/.opsdrill) and opens the game.

Commands:
  join ws://HOST:PORT [--room CODE] [--name NAME]
                 Open the game on a team server; --room joins that room at once,
                 --name is how the team sees you (default: your login name).
  run FILE.yaml [--seed N] [--as HOST] [--user USER]
                 Load a world (or a scenario's broken world), read commands from
                 stdin, print the transcript.
  lint [PATH...] Check scenario and base world files (default: the catalogue).
  solve [SCENARIO...] [--seeds N]
                 Check that every scenario starts red and that its fixes turn it
                 green on seeds 1..N (default 20) without collateral damage.
  report SCENARIO.yaml [--seed N] [--think DURATION]
                 Play commands from stdin (a line "@NAME cmd" runs as player
                 NAME, "#hint" asks for a hint, "#wait 2m" lets time pass) and
                 print the after-action report as Markdown.
  server [--host ADDR] [--port N] [--data DIR] [--scenarios DIR]
                 Run the multiplayer game server (default 127.0.0.1:7420, data in
                 ./opsdrill-data, the shipped scenarios): rooms, modes, results,
                 leaderboard, replays.
  replay GAME_ID [--data DIR] [--scenarios DIR] [--step]
                 Play a stored game again: every player's commands and outputs
                 (--step: wait for Enter after each command).
  help [COMMAND] Show this help, or one command's.
`;

/** One command's entry of USAGE (its line and the indented lines under it). */
function commandHelp(cmd: string): string | undefined {
  const lines = USAGE.split('\n');
  const start = lines.findIndex((l) => l.startsWith(`  ${cmd} `) || l === `  ${cmd}`);
  if (start < 0) return undefined;
  let end = start + 1;
  while (end < lines.length && lines[end].startsWith('                 ')) end++;
  return `Usage: opsdrill ${lines.slice(start, end).map((l) => l.trim()).join('\n    ')}\n`;
}

function fail(message: string, code = 2): never {
  process.stderr.write(`opsdrill: ${message}\n`);
  process.exit(code);
}

interface RunArgs {
  file: string;
  seed: number;
  host?: string;
  user?: string;
}

function parseRunArgs(argv: string[]): RunArgs {
  let file: string | undefined;
  let seed = 1;
  let host: string | undefined;
  let user: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => argv[++i] ?? fail(`option ${a} needs a value`);
    if (a === '--seed') {
      const v = value();
      if (!/^\d+$/.test(v)) fail(`--seed must be a non-negative integer, got "${v}"`);
      seed = Number(v);
    } else if (a === '--as') host = value();
    else if (a === '--user') user = value();
    else if (a.startsWith('-')) fail(`unknown option ${a} for run\n${USAGE}`);
    else if (file) fail(`run takes one world file, got "${file}" and "${a}"`);
    else file = a;
  }
  if (!file) fail(`run needs a world file\n${USAGE}`);
  return { file, seed, host, user };
}

function loadWorld(file: string, seed: number) {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    fail(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  try {
    return loadWorldYaml(text, seed, file);
  } catch (e) {
    if (e instanceof WorldFileError) fail(e.message, 1);
    throw e;
  }
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    fail(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
}

/** Loads a scenario, or exits with its lint errors. */
function loadScenario(file: string): Scenario {
  readText(file);
  const r = loadScenarioFile(file);
  if (!r.scenario) {
    for (const e of r.errors) process.stderr.write(formatLintError(e) + '\n');
    process.exit(1);
  }
  return r.scenario;
}

function stdinLines(): string[] {
  const lines = readFileSync(0, 'utf8').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

function run(argv: string[]): void {
  const args = parseRunArgs(argv);
  const scenario = looksLikeScenario(readText(args.file)) ? loadScenario(args.file) : undefined;
  const world = scenario ? buildScenarioWorld(scenario, args.seed).world : loadWorld(args.file, args.seed);
  if (args.host && !world.hosts[args.host]) fail(`no host "${args.host}" in ${args.file} (hosts: ${Object.keys(world.hosts).join(', ')})`);
  const session = startSession(world, args.host ?? scenario?.start.host, args.user ?? scenario?.start.user);
  process.stdout.write(runLines(world, session, stdinLines()));
}

function lint(argv: string[]): void {
  const paths = argv.length ? argv : [SCENARIO_DIR];
  const bad = argv.find((a) => a.startsWith('-'));
  if (bad) fail(`unknown option ${bad} for lint`);
  const r = lintPaths(paths);
  for (const e of r.errors) process.stdout.write(formatLintError(e) + '\n');
  process.stdout.write(`${r.files} file(s), ${r.scenarios.length} scenario(s), ${r.errors.length} error(s)\n`);
  process.exit(r.errors.length ? 1 : 0);
}

function solve(argv: string[]): void {
  let seeds = 20;
  const files: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--seeds') {
      const v = argv[++i] ?? fail('option --seeds needs a value');
      if (!/^[1-9]\d*$/.test(v)) fail(`--seeds must be a positive integer, got "${v}"`);
      seeds = Number(v);
    } else if (argv[i].startsWith('-')) fail(`unknown option ${argv[i]} for solve`);
    else files.push(argv[i]);
  }
  const targets = scenarioFiles(files.length ? files : [SCENARIO_DIR]);
  let failed = 0;
  for (const file of targets) {
    const loaded = loadScenarioFile(file);
    if (!loaded.scenario) {
      failed++;
      for (const e of loaded.errors) process.stdout.write(formatLintError(e) + '\n');
      continue;
    }
    const r = solveScenario(loaded.scenario, Array.from({ length: seeds }, (_, i) => i + 1));
    if (r.problems.length) failed++;
    for (const p of r.problems) process.stdout.write(`${loaded.file}: seed ${p.seed} (${p.causes}): ${p.message}\n`);
    process.stdout.write(`${r.problems.length ? 'FAIL' : 'ok'}  ${loaded.scenario.id}: ${seeds} seed(s), ${r.causesSeen.length} cause(s) drawn, ${r.fixesRun} fix run(s)\n`);
  }
  process.stdout.write(`${targets.length} scenario(s), ${failed} failed\n`);
  process.exit(failed ? 1 : 0);
}

function report(argv: string[]): void {
  let file: string | undefined;
  let seed = 1;
  let thinkMs = 10_000;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => argv[++i] ?? fail(`option ${a} needs a value`);
    if (a === '--seed') {
      const v = value();
      if (!/^\d+$/.test(v)) fail(`--seed must be a non-negative integer, got "${v}"`);
      seed = Number(v);
    } else if (a === '--think') {
      const v = value();
      thinkMs = parseDuration(v) ?? fail(`--think must be a duration like 10s or 1m, got "${v}"`);
    } else if (a.startsWith('-')) fail(`unknown option ${a} for report`);
    else if (file) fail(`report takes one scenario file, got "${file}" and "${a}"`);
    else file = a;
  }
  if (!file) fail(`report needs a scenario file\n${USAGE}`);
  const game = createGame(loadScenario(file), seed);
  for (const raw of stdinLines()) {
    const m = /^@(\S+)\s?(.*)$/.exec(raw);
    const name = m ? m[1] : 'player';
    const line = m ? m[2] : raw;
    const wait = /^#wait\s+(\S+)\s*$/.exec(line);
    if (wait) {
      game.tick(parseDuration(wait[1]) ?? fail(`bad duration in "${raw}"`));
      continue;
    }
    game.join(name, name);
    if (/^#hint\s*$/.test(line)) game.hint(name);
    else {
      game.exec(name, line);
      game.tick(thinkMs);
    }
  }
  process.stdout.write(reportMarkdown(game.finish()));
}

interface ServerArgs {
  host: string;
  port: number;
  data: string;
  scenarios: string;
  step: boolean;
  rest: string[];
}

function parseServerArgs(argv: string[], cmd: string, allowed: string[]): ServerArgs {
  const out: ServerArgs = { host: '127.0.0.1', port: 7420, data: 'opsdrill-data', scenarios: SCENARIO_DIR, step: false, rest: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => argv[++i] ?? fail(`option ${a} needs a value`);
    if (a.startsWith('-') && !allowed.includes(a)) fail(`unknown option ${a} for ${cmd}`);
    if (a === '--host') out.host = value();
    else if (a === '--port') {
      const v = value();
      if (!/^\d+$/.test(v) || Number(v) > 65535) fail(`--port must be a port number, got "${v}"`);
      out.port = Number(v);
    } else if (a === '--data') out.data = value();
    else if (a === '--scenarios') out.scenarios = resolve(value());
    else if (a === '--step') out.step = true;
    else out.rest.push(a);
  }
  return out;
}

async function server(argv: string[]): Promise<void> {
  const args = parseServerArgs(argv, 'server', ['--host', '--port', '--data', '--scenarios']);
  if (args.rest.length) fail(`server takes no arguments, got "${args.rest[0]}"`);
  if (!existsSync(args.scenarios)) fail(`no scenario directory ${args.scenarios}`);
  const { startServer } = await import('../server/server.js');
  let s;
  try {
    s = await startServer({ host: args.host, port: args.port, dataDir: resolve(args.data), scenariosDir: args.scenarios });
  } catch (e) {
    fail(`cannot start the server: ${(e as Error).message}`, 1);
  }
  process.stdout.write(`opsdrill server listening on ${s.address}, data in ${s.dataDir}, ${s.scenarios} scenario(s) loaded, ${s.restored} room(s) restored\n`);
  const stop = () => {
    void s.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

async function replay(argv: string[]): Promise<void> {
  const args = parseServerArgs(argv, 'replay', ['--data', '--scenarios', '--step']);
  if (args.rest.length !== 1) fail(`replay needs one game id\n${USAGE}`);
  const [{ openStore }, { replaySteps }, { findScenario }] = await Promise.all([
    import('../server/store/store.js'), import('../server/net/replay.js'), import('../server/server.js'),
  ]);
  if (!existsSync(resolve(args.data, 'opsdrill.db'))) fail(`no opsdrill database in ${args.data} (use --data DIR)`);
  const store = openStore(resolve(args.data));
  const game = store.game(args.rest[0]);
  if (!game) fail(`no game ${args.rest[0]} in ${args.data}`, 1);
  const scenario = findScenario(args.scenarios, game.scenario) ?? fail(`scenario ${game.scenario} is not in ${args.scenarios}`, 1);
  const log = store.events(game.id).map((e) => ({ seq: e.seq, at: e.at, ev: JSON.parse(e.event) }));
  store.close();
  process.stdout.write(`Game ${game.id}: ${scenario.title} (${game.mode}), seed ${game.seed}, ${game.state}\n\n`);
  const steps = replaySteps(scenario, game.seed, game.mode, log);
  const rl = args.step ? createInterface({ input: process.stdin }) : undefined;
  const lines = rl?.[Symbol.asyncIterator]();
  for (const step of steps) {
    process.stdout.write(step.text);
    if (lines && step.command) {
      process.stdout.write('(Enter for the next command) ');
      if ((await lines.next()).done) break;
    }
  }
  rl?.close();
}

/** How the team sees this player by default: the login name, as the protocol allows names. */
function defaultName(): string {
  const login = (process.env.USER || process.env.LOGNAME || '').replace(/[^\p{L}\p{N}_.\- ]/gu, '').slice(0, 32);
  return login || 'player';
}

function checkName(name: string): string {
  if (!/^[\p{L}\p{N}_.\- ]{1,32}$/u.test(name.trim())) fail(`--name must be 1 to 32 letters, digits, spaces, _ . or -, got "${name}"`);
  return name.trim();
}

async function joinServer(argv: string[]): Promise<void> {
  let url: string | undefined;
  let room: string | undefined;
  let name = defaultName();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => argv[++i] ?? fail(`option ${a} needs a value`);
    if (a === '--room') {
      room = value();
      if (!/^[A-Za-z0-9_-]{4,16}$/.test(room)) fail(`--room must be a room code (4 to 16 letters, digits, _ or -), got "${room}"`);
    } else if (a === '--name') name = checkName(value());
    else if (a.startsWith('-')) fail(`unknown option ${a} for join\n${commandHelp('join')}`);
    else if (url) fail(`join takes one server address, got "${url}" and "${a}"`);
    else url = a;
  }
  if (!url) fail(`join needs the server's address, like ws://10.0.0.5:7420\n${commandHelp('join')}`);
  if (!/^wss?:\/\/[^/\s]+/.test(url)) fail(`the server's address starts with ws:// (like ws://10.0.0.5:7420), got "${url}"`);
  const { runClient } = await import('./app/run.js');
  process.exitCode = await runClient({ server: { url }, name, room, dataDir: dataDir() });
}

/** `npm start`: a server on 127.0.0.1 in a thread of this process, and the game connected to it. */
async function playEmbedded(): Promise<void> {
  const { runClient } = await import('./app/run.js');
  const dir = dataDir();
  process.exitCode = await runClient({ server: { start: () => startEmbedded(dir) }, name: defaultName(), dataDir: dir });
}

const [cmd, ...rest] = process.argv.slice(2);
// The embedded server's thread runs this file too (client/embedded.ts).
if (isEmbeddedWorker()) {
  await serveEmbedded();
  process.exit(0);
}
const wantsHelp = cmd !== undefined && cmd !== 'help' && (rest.includes('--help') || rest.includes('-h'));
if (wantsHelp || (cmd === 'help' && rest.length)) {
  const topic = cmd === 'help' ? rest[0] : cmd;
  const text = commandHelp(topic) ?? fail(`no command "${topic}"\n${USAGE}`);
  process.stdout.write(text);
  process.exit(0);
}
switch (cmd) {
  case 'run':
    run(rest);
    break;
  case 'lint':
    lint(rest);
    break;
  case 'solve':
    solve(rest);
    break;
  case 'report':
    report(rest);
    break;
  case 'server':
    await server(rest);
    break;
  case 'replay':
    await replay(rest);
    break;
  case 'help':
  case '--help':
  case '-h':
    process.stdout.write(USAGE);
    break;
  case 'join':
    await joinServer(rest);
    break;
  case undefined:
    await playEmbedded();
    break;
  default:
    fail(`unknown command "${cmd}"\n${USAGE}`);
}
