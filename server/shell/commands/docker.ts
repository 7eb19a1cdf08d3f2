// The docker CLI (28.x) on a host that runs a Docker Engine: ps, images, logs, inspect and
// network ls|inspect. Like the real CLI it asks the Engine API (server/sim/docker/engine.ts)
// and formats the answers itself: tables through a tabwriter (minwidth 10, padding 3),
// `--format` templates, `-q`. A host without Docker has no docker command; a stopped
// daemon cannot be reached.
import { wallMs } from '../../sim/clock.js';
import { serveEngine, type EngineRequest } from '../../sim/docker/engine.js';
import type { DockerLogLine } from '../../sim/docker/types.js';
import type { CommandContext, CommandSpec } from '../types.js';
import { ago, displayPorts, ellipsis, goQuote, humanSize, orderedJson, renderTemplate, type Json } from './docker-format.js';
import { tabwrite } from './kubectl-tabwriter.js';
import { verbOf } from './reads.js';

const TABLE = { minwidth: 10, padding: 3 };
const NO_DAEMON = 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n';

interface Flags {
  bools: Set<string>;
  values: Map<string, string>;
  args: string[];
}

/** pflag-style parsing: `--name value`, `--name=value`, bundled short bools (`-aq`). */
function parse(ctx: CommandContext, argv: string[], valued: Record<string, string>, bools: Record<string, string>, command: string): Flags | undefined {
  const f: Flags = { bools: new Set(), values: new Map(), args: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      f.args.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const [name, inline] = a.slice(2).split(/=(.*)/s, 2);
      if (valued[name] !== undefined) f.values.set(valued[name], inline ?? argv[++i] ?? '');
      else if (bools[name] !== undefined) f.bools.add(bools[name]);
      else return usage(ctx, `unknown flag: --${name}`, command);
    } else if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j];
        if (valued[c] !== undefined) {
          f.values.set(valued[c], a.slice(j + 1) || (argv[++i] ?? ''));
          break;
        }
        if (bools[c] === undefined) return usage(ctx, `unknown shorthand flag: '${c}' in ${a}`, command);
        f.bools.add(bools[c]);
      }
    } else f.args.push(a);
  }
  return f;
}

const USAGE: Record<string, string> = {
  ps: 'docker ps [OPTIONS]',
  images: 'docker images [OPTIONS] [REPOSITORY[:TAG]]',
  logs: 'docker logs [OPTIONS] CONTAINER',
  inspect: 'docker inspect [OPTIONS] NAME|ID [NAME|ID...]',
  'network ls': 'docker network ls [OPTIONS]',
  'network inspect': 'docker network inspect [OPTIONS] NETWORK [NETWORK...]',
};

function usage(ctx: CommandContext, msg: string, command: string): undefined {
  ctx.err(`${msg}\n\nUsage:  ${USAGE[command]}\n\nRun 'docker ${command} --help' for more information\n`);
  return undefined;
}

const api = (ctx: CommandContext, req: EngineRequest) => serveEngine(ctx.world, ctx.host.name, req);
const nowMs = (ctx: CommandContext) => ctx.world.now;
const createdAgo = (ctx: CommandContext, unixSeconds: number) => ago(wallMs(nowMs(ctx)) - unixSeconds * 1000);

/** Prints rows with `--format` (a `table` template gets a header) or the default columns. */
function printRows(ctx: CommandContext, rows: Record<string, string>[], headers: Record<string, string>, defaults: string[], format: string | undefined): void {
  if (format && !format.startsWith('table')) {
    ctx.out(rows.map((r) => renderTemplate(format, r) + '\n').join(''));
    return;
  }
  const template = format ? format.replace(/^table\s*/, '') : defaults.map((k) => `{{.${k}}}`).join('\t');
  const fields = [...template.matchAll(/\{\{\s*\.(\w+)\s*\}\}/g)].map((m) => m[1]);
  const header = renderTemplate(template, Object.fromEntries(fields.map((k) => [k, headers[k] ?? k.toUpperCase()])));
  ctx.out(tabwrite([header, ...rows.map((r) => renderTemplate(template, r))].map((l) => l + '\n').join(''), TABLE));
}

function ps(ctx: CommandContext, argv: string[]): number {
  const f = parse(ctx, argv, { format: 'format', filter: 'filter', f: 'filter', n: 'last', last: 'last' }, { a: 'all', all: 'all', q: 'quiet', quiet: 'quiet', 'no-trunc': 'no-trunc', s: 'size', size: 'size', l: 'latest', latest: 'latest' }, 'ps');
  if (!f) return 125;
  const last = f.bools.has('latest') ? 1 : Number(f.values.get('last') ?? -1);
  const res = api(ctx, { path: '/containers/json', query: { all: f.bools.has('all') || last > 0 ? '1' : '0' } });
  let list = res.body as Json[];
  if (last > 0) list = list.slice(0, last);
  const full = f.bools.has('no-trunc');
  if (f.bools.has('quiet')) {
    ctx.out(list.map((c) => (full ? c.Id : c.Id.slice(0, 12)) + '\n').join(''));
    return 0;
  }
  const rows = list.map((c) => ({
    ID: full ? c.Id : c.Id.slice(0, 12), Image: c.Image, Command: goQuote(full ? c.Command : ellipsis(c.Command, 20)),
    RunningFor: createdAgo(ctx, c.Created), CreatedAt: new Date(c.Created * 1000).toISOString().replace('T', ' ').replace('.000Z', ' +0000 UTC'),
    Status: c.Status, State: c.State, Ports: displayPorts(c.Ports), Names: c.Names.map((n: string) => n.slice(1)).join(','),
    Networks: Object.keys(c.NetworkSettings.Networks).join(','), Labels: Object.entries(c.Labels ?? {}).map(([k, v]) => `${k}=${v}`).join(','),
  }));
  printRows(ctx, rows, { ID: 'CONTAINER ID', RunningFor: 'CREATED', CreatedAt: 'CREATED AT' }, ['ID', 'Image', 'Command', 'RunningFor', 'Status', 'Ports', 'Names'], f.values.get('format'));
  return 0;
}

function images(ctx: CommandContext, argv: string[]): number {
  const f = parse(ctx, argv, { format: 'format', filter: 'filter', f: 'filter' }, { a: 'all', all: 'all', q: 'quiet', quiet: 'quiet', 'no-trunc': 'no-trunc', digests: 'digests' }, 'images');
  if (!f) return 125;
  const list = api(ctx, { path: '/images/json' }).body as Json[];
  const full = f.bools.has('no-trunc');
  const id = (i: Json) => (full ? i.Id : i.Id.replace(/^sha256:/, '').slice(0, 12));
  if (f.bools.has('quiet')) {
    ctx.out(list.map((i) => id(i) + '\n').join(''));
    return 0;
  }
  const rows = list.flatMap((i) => (i.RepoTags?.length ? i.RepoTags : ['<none>:<none>']).map((tag: string) => ({
    Repository: tag.slice(0, tag.lastIndexOf(':')), Tag: tag.slice(tag.lastIndexOf(':') + 1), ID: id(i),
    CreatedSince: createdAgo(ctx, i.Created), Size: humanSize(i.Size),
  })));
  printRows(ctx, rows, { ID: 'IMAGE ID', CreatedSince: 'CREATED' }, ['Repository', 'Tag', 'ID', 'CreatedSince', 'Size'], f.values.get('format'));
  return 0;
}

function logs(ctx: CommandContext, argv: string[]): number {
  const f = parse(ctx, argv, { tail: 'tail', n: 'tail', since: 'since', until: 'until' }, { f: 'follow', follow: 'follow', t: 'timestamps', timestamps: 'timestamps', details: 'details' }, 'logs');
  if (!f) return 125;
  if (f.args.length !== 1) {
    ctx.err(`"docker logs" requires exactly 1 argument.\nSee 'docker logs --help'.\n\nUsage:  docker logs [OPTIONS] CONTAINER\n\nFetch the logs of a container\n`);
    return 1;
  }
  const res = api(ctx, { path: `/containers/${encodeURIComponent(f.args[0])}/logs` });
  if (res.status !== 200) {
    ctx.err(`Error response from daemon: ${(res.body as Json).message}\n`);
    return 1;
  }
  let lines = res.body as DockerLogLine[];
  const tail = f.values.get('tail');
  if (tail !== undefined && tail !== 'all') lines = lines.slice(Math.max(0, lines.length - Number(tail)));
  for (const l of lines) {
    const stamp = f.bools.has('timestamps') ? new Date(wallMs(l.at)).toISOString().replace(/\.(\d{3})Z$/, '.$1000000Z') + ' ' : '';
    if (l.stream === 'stdout') ctx.out(stamp + l.text);
    else ctx.err(stamp + l.text);
  }
  return 0;
}

/** `docker inspect` / `docker network inspect`: a JSON array, or one `-f` template per object. */
function inspectMany(ctx: CommandContext, names: string[], path: (n: string) => string, missing: (n: string, msg: string) => string, format: string | undefined): number {
  const found: Json[] = [];
  let status = 0;
  for (const n of names) {
    const res = api(ctx, { path: path(n) });
    if (res.status === 200) found.push(res.body);
    else {
      ctx.err(missing(n, (res.body as Json).message) + '\n');
      status = 1;
    }
  }
  if (format) ctx.out(found.map((o) => renderTemplate(format, o) + '\n').join(''));
  else ctx.out(orderedJson(found) + '\n');
  return status;
}

function inspect(ctx: CommandContext, argv: string[]): number {
  const f = parse(ctx, argv, { format: 'format', f: 'format', type: 'type' }, { s: 'size', size: 'size' }, 'inspect');
  if (!f) return 125;
  if (!f.args.length) {
    ctx.err(`"docker inspect" requires at least 1 argument.\nSee 'docker inspect --help'.\n\nUsage:  docker inspect [OPTIONS] NAME|ID [NAME|ID...]\n\nReturn low-level information on Docker objects\n`);
    return 1;
  }
  return inspectMany(ctx, f.args, (n) => `/containers/${encodeURIComponent(n)}/json`, (n) => `Error: No such object: ${n}`, f.values.get('format'));
}

function network(ctx: CommandContext, argv: string[]): number {
  const [sub, ...rest] = argv;
  if (sub === 'ls' || sub === 'list') {
    const f = parse(ctx, rest, { format: 'format', filter: 'filter', f: 'filter' }, { q: 'quiet', quiet: 'quiet', 'no-trunc': 'no-trunc' }, 'network ls');
    if (!f) return 125;
    const list = [...(api(ctx, { path: '/networks' }).body as Json[])].sort((a, b) => (a.Name < b.Name ? -1 : a.Name > b.Name ? 1 : 0));
    const id = (n: Json) => (f.bools.has('no-trunc') ? n.Id : n.Id.slice(0, 12));
    if (f.bools.has('quiet')) {
      ctx.out(list.map((n) => id(n) + '\n').join(''));
      return 0;
    }
    const rows = list.map((n) => ({ ID: id(n), Name: n.Name, Driver: n.Driver, Scope: n.Scope }));
    printRows(ctx, rows, { ID: 'NETWORK ID' }, ['ID', 'Name', 'Driver', 'Scope'], f.values.get('format'));
    return 0;
  }
  if (sub === 'inspect') {
    const f = parse(ctx, rest, { format: 'format', f: 'format' }, { v: 'verbose', verbose: 'verbose' }, 'network inspect');
    if (!f) return 125;
    if (!f.args.length) {
      ctx.err(`"docker network inspect" requires at least 1 argument.\nSee 'docker network inspect --help'.\n\nUsage:  docker network inspect [OPTIONS] NETWORK [NETWORK...]\n\nDisplay detailed information on one or more networks\n`);
      return 1;
    }
    return inspectMany(ctx, f.args, (n) => `/networks/${encodeURIComponent(n)}`, (_n, msg) => `Error response from daemon: ${msg}`, f.values.get('format'));
  }
  ctx.err(sub === undefined ? "\nUsage:  docker network COMMAND\n\nManage networks\n\nCommands:\n  connect     Connect a container to a network\n  create      Create a network\n  disconnect  Disconnect a container from a network\n  inspect     Display detailed information on one or more networks\n  ls          List networks\n  prune       Remove all unused networks\n  rm          Remove one or more networks\n\nRun 'docker network COMMAND --help' for more information on a command.\n" : `docker: unknown command: docker network ${sub}\n\nRun 'docker network --help' for more information\n`);
  return sub === undefined ? 0 : 1;
}

const SUBCOMMANDS: Record<string, (ctx: CommandContext, argv: string[]) => number> = {
  ps, images, logs, inspect, network,
  container: (ctx, argv) => (argv[0] === 'ls' || argv[0] === 'ps' || argv[0] === 'list' ? ps(ctx, argv.slice(1)) : argv[0] === 'logs' ? logs(ctx, argv.slice(1)) : argv[0] === 'inspect' ? inspect(ctx, argv.slice(1)) : unknown(ctx, `container ${argv[0] ?? ''}`)),
  image: (ctx, argv) => (argv[0] === 'ls' || argv[0] === 'list' ? images(ctx, argv.slice(1)) : unknown(ctx, `image ${argv[0] ?? ''}`)),
};

function unknown(ctx: CommandContext, what: string): number {
  ctx.err(`docker: unknown command: docker ${what}\n\nRun 'docker --help' for more information\n`);
  return 1;
}

function docker(ctx: CommandContext): number {
  if (!ctx.host.docker) {
    ctx.err(`bash: ${ctx.argv[0]}: command not found\n`);
    return 127;
  }
  const [sub, ...rest] = ctx.argv.slice(1);
  if (sub === undefined) {
    ctx.out('\nUsage:  docker [OPTIONS] COMMAND\n\nA self-sufficient runtime for containers\n\nCommon Commands:\n  ps          List containers\n  images      List images\n  logs        Fetch the logs of a container\n  inspect     Return low-level information on Docker objects\n  network     Manage networks\n\nRun \'docker COMMAND --help\' for more information on a command.\n');
    return 0;
  }
  const run = SUBCOMMANDS[sub];
  if (!run) return unknown(ctx, sub);
  if (ctx.host.units.docker?.state !== 'active') {
    ctx.err(NO_DAEMON);
    return 1;
  }
  return run(ctx, rest);
}

export const dockerCommands: Record<string, CommandSpec> = {
  docker: {
    reads: (argv) => {
      const verb = verbOf(argv, ['-H', '--host', '-c', '--context', '--config', '-l', '--log-level']);
      const sub = verbOf(argv.filter((a) => a !== verb), []);
      return ['ps', 'images', 'logs', 'inspect', 'version', 'info'].includes(verb ?? '-') || (verb === 'network' && ['ls', 'list', 'inspect'].includes(sub ?? '-'));
    },
    run: docker, summary: 'Docker CLI: ps, images, logs, inspect, network ls|inspect' },
};
