// `opsdrill` entry point: dispatches subcommands.
import { readFileSync } from 'node:fs';
import { runLines, startSession } from '../server/headless.js';
import { loadWorldYaml, WorldFileError } from '../server/sim/world/yaml.js';
import { startRepl } from './repl.js';

const USAGE = `Usage: opsdrill [COMMAND]

Commands:
  run FILE.yaml [--seed N] [--as HOST] [--user USER]
                 Load a world, read commands from stdin, print the transcript.
  play [FILE.yaml [HOST]]
                 A shell on a world (default: the office base, on ws1).
  help           Show this help.

With no command, opsdrill plays the office world (a plain shell until the game
client lands).
`;

function fail(message: string, code = 2): never {
  process.stderr.write(`opsdrill: ${message}\n`);
  process.exit(code);
}

interface RunArgs {
  file: string;
  seed: number;
  host?: string;
  user: string;
}

function parseRunArgs(argv: string[]): RunArgs {
  let file: string | undefined;
  let seed = 1;
  let host: string | undefined;
  let user = 'root';
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

function run(argv: string[]): void {
  const args = parseRunArgs(argv);
  const world = loadWorld(args.file, args.seed);
  if (args.host && !world.hosts[args.host]) fail(`no host "${args.host}" in ${args.file} (hosts: ${Object.keys(world.hosts).join(', ')})`);
  const session = startSession(world, args.host, args.user);
  const input = readFileSync(0, 'utf8');
  const lines = input.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  process.stdout.write(runLines(world, session, lines));
}

function play(argv: string[]): void {
  const file = argv[0] ?? new URL('../scenarios/bases/office.yaml', import.meta.url).pathname;
  const world = loadWorld(file, 1);
  startRepl(world, argv[1] ?? 'ws1', `opsdrill — a shell on ${file}. Type 'help' for the commands, Ctrl-D to quit.\n`);
}

const [cmd, ...rest] = process.argv.slice(2);
switch (cmd) {
  case 'run':
    run(rest);
    break;
  case 'help':
  case '--help':
  case '-h':
    process.stdout.write(USAGE);
    break;
  case undefined:
  case 'play':
    play(rest);
    break;
  default:
    fail(`unknown command "${cmd}"\n${USAGE}`);
}
