// Runs one command line: lists of pipelines, redirections, `$?`, simulated time.
// Commands of a pipeline run one after the other; each one's stdout becomes the next
// one's stdin. Output to the terminal is collected as chunks stamped with the simulated
// ms since the line started.
import { catchUp } from '../sim/tick.js';
import { worldRandom } from '../sim/rng.js';
import type { Proc, World } from '../sim/world/types.js';
import { ERRNO, checkWritable, fileKind, readFile, resolvePath, writeFile, type Errno } from './files.js';
import { assignment, expandHereDoc, expandWord, parseLine, unsupported, type ListItem, type Redirect, type SimpleCommand } from './parse.js';
import { jobNotices, startJob, takeJobOutput } from './jobs.js';
import type { Chunk, CommandContext, CommandSpec, ExecOptions, ExecResult, Session } from './types.js';

export { newSession, prompt } from './session.js';

export type Registry = Record<string, CommandSpec>;

/** Longest input accepted (bash has no limit; a game server needs one). Room for a few manifests in a here-document. */
export const MAX_LINE = 1 << 16;
/** Output one command may write (terminal, pipe or file) before it is cut off. */
export const MAX_OUTPUT = 1 << 20;
/** Lines kept in session.history (bash's HISTSIZE is 500 by default). */
export const HISTORY_SIZE = 1000;

const BUILTIN_NAMES = new Set(['echo', 'printf', 'cd', 'pwd', 'export', 'history', 'exit', 'logout', 'help', 'true', 'false']);
const BIN_DIRS = ['/bin/', '/sbin/', '/usr/bin/', '/usr/sbin/', '/usr/local/bin/', '/usr/local/sbin/'];

interface LineState {
  world: World;
  session: Session;
  registry: Registry;
  chunks: Chunk[];
  elapsed: number;
  /** world.now when the line started. */
  start: number;
  interruptAt?: number;
  /** No command so far may have changed the world (see ExecResult.readOnly). */
  readOnly: boolean;
}

/** Where a file descriptor writes to. */
type Sink =
  | { kind: 'term'; fd: 1 | 2 }
  | { kind: 'pipe'; buf: string[] }
  | { kind: 'file'; host: string; path: string }
  | { kind: 'null' };

const registries = new WeakMap<CommandContext, LineState>();

function emit(line: LineState, fd: 1 | 2, text: string) {
  const last = line.chunks[line.chunks.length - 1];
  if (last && last.fd === fd && last.at === line.elapsed) last.text += text;
  else line.chunks.push({ fd, text, at: line.elapsed });
}

interface Writer {
  (fd: 1 | 2, text: string): void;
  /** Set when a write to a file failed (the command then exits 1, like a failed write(2)). */
  failed: boolean;
}

/** A writer for one command's descriptors, enforcing the output and file caps. */
function makeWriter(line: LineState, sinks: Sink[], name: string, budget: { left: number; cut: boolean }): Writer {
  const fileErrors = new Set<Errno>();
  const writeTo = (sink: Sink, text: string) => {
    if (sink.kind === 'term') emit(line, sink.fd, text);
    else if (sink.kind === 'pipe') sink.buf.push(text);
    else if (sink.kind === 'file') {
      const host = line.world.hosts[sink.host];
      const errno = host && writeFile(host, sink.path, text, true);
      if (errno) reportWriteError(errno);
    }
  };
  const reportWriteError = (errno: Errno) => {
    writer.failed = true;
    if (fileErrors.has(errno)) return;
    fileErrors.add(errno);
    const prefix = BUILTIN_NAMES.has(name) ? `bash: ${name}` : name;
    writeTo(sinks[2], `${prefix}: write error: ${ERRNO[errno]}\n`);
  };
  const writer: Writer = Object.assign(
    (fd: 1 | 2, text: string) => {
      if (budget.cut || typeof text !== 'string' || text === '') return;
      if (text.length > budget.left) {
        writeTo(sinks[fd], text.slice(0, budget.left));
        budget.cut = true;
        emit(line, 2, `\nbash: ${name}: output truncated (more than 1 MiB)\n`);
        return;
      }
      budget.left -= text.length;
      writeTo(sinks[fd], text);
    },
    { failed: false },
  );
  return writer;
}

/**
 * Applies a command's redirections to its descriptor table (left to right, like bash).
 * Returns an error message (already including `bash: `) if one fails.
 */
function applyRedirects(
  line: LineState,
  redirects: Redirect[],
  sinks: Sink[],
  input: { text: string },
  scope: { env: Record<string, string>; status: number },
): string | undefined {
  const { session } = line;
  const host = line.world.hosts[session.host];
  for (const r of redirects) {
    if (r.heredoc) {
      const body = r.heredoc.expand ? expandHereDoc(r.heredoc.body, scope) : { ok: true as const, fields: [r.heredoc.body] };
      if (!body.ok) return body.error;
      if (r.fd === 0) input.text = body.fields[0];
      continue;
    }
    const exp = expandWord(r.target, scope, r.op !== '<<<');
    if (!exp.ok) return exp.error;
    if (r.op === '<<<') {
      input.text = exp.fields[0] + '\n';
      continue;
    }
    if (exp.fields.length !== 1) return `bash: ${r.target}: ambiguous redirect`;
    const target = exp.fields[0];
    if (r.op === '>&' || r.op === '<&') {
      if (target === '-') {
        sinks[r.fd] = { kind: 'null' };
        continue;
      }
      if (/^\d+$/.test(target)) {
        const from = Number(target);
        if (from > 2 || (r.op === '>&' && from === 0)) return `bash: ${target}: Bad file descriptor`;
        if (r.fd <= 2 && from >= 1) sinks[r.fd] = sinks[from];
        continue;
      }
      if (r.fd !== 1) return `bash: ${target}: ambiguous redirect`;
    }
    if (target === '') return `bash: : ${ERRNO.ENOENT}`;
    const path = resolvePath(session.cwd, target);
    if (r.op === '<' || r.op === '<&') {
      const read = readFile(host, path, session.user);
      if (!read.ok) return `bash: ${target}: ${ERRNO[read.errno]}`;
      if (r.fd === 0) input.text = read.text;
      continue;
    }
    let sink: Sink;
    if (path === '/dev/stdout' || path === '/dev/stderr') {
      sink = sinks[path === '/dev/stdout' ? 1 : 2];
    } else {
      const errno = checkWritable(host, path, session.user);
      if (errno) return `bash: ${target}: ${ERRNO[errno]}`;
      const append = r.op === '>>' || r.op === '&>>';
      if (path !== '/dev/null') line.readOnly = false;
      if (!path.startsWith('/proc/') && path !== '/dev/null') writeFile(host, path, '', append);
      sink = path === '/dev/null' ? { kind: 'null' } : { kind: 'file', host: host.name, path };
    }
    if (r.op === '&>' || r.op === '&>>' || r.op === '>&') {
      sinks[1] = sink;
      sinks[2] = sink;
    } else if (r.fd <= 2) {
      sinks[r.fd] = sink;
    }
  }
  return undefined;
}

interface RunResult {
  status: number;
  /** A failed expansion ends the whole line (bash drops the rest of it). */
  abort?: boolean;
}

function runSimple(line: LineState, cmd: SimpleCommand, stdin: string, sinks: Sink[], inPipeline: boolean, background = false): RunResult {
  const { session } = line;
  const scope = { env: session.env, status: session.lastExit ?? 0, lastBackground: session.lastBackground };
  const assigns: { name: string; value: string }[] = [];
  const argv: string[] = [];
  /** Reports a failed expansion or redirection; a failed expansion ends the line, as in bash. */
  const fail = (msg: string, sink: Sink, abort: boolean): RunResult => {
    makeWriter(line, [sink, sink, sink], '', { left: MAX_OUTPUT, cut: false })(2, msg + '\n');
    return { status: 1, abort: abort && !inPipeline };
  };
  for (const raw of cmd.words) {
    const a = argv.length === 0 ? assignment(raw) : undefined;
    if (a) {
      const v = expandWord(a.value, scope, false);
      if (!v.ok) return fail(v.error, sinks[2], true);
      assigns.push({ name: a.name, value: v.fields[0] });
      continue;
    }
    const e = expandWord(raw, scope);
    if (!e.ok) return fail(e.error, sinks[2], true);
    argv.push(...e.fields);
  }
  const input = { text: stdin };
  const table = [...sinks];
  const redirError = applyRedirects(line, cmd.redirects, table, input, scope);
  if (redirError) return fail(redirError, table[2], redirError.endsWith(': bad substitution'));
  if (argv.length === 0) {
    for (const a of assigns) session.env[a.name] = a.value;
    return { status: 0 };
  }
  const saved = assigns.map((a) => [a.name, session.env[a.name]] as const);
  for (const a of assigns) session.env[a.name] = a.value;
  try {
    const from = line.chunks.length;
    const status = runArgv(line, argv, input.text, table, background ? commandText(cmd) : undefined);
    showJobOutput(line, from);
    return { status };
  } finally {
    for (const [name, value] of saved) {
      if (value === undefined) delete session.env[name];
      else session.env[name] = value;
    }
  }
}

/** A command as bash shows it in `jobs`: its words and redirections as typed. */
function commandText(cmd: SimpleCommand): string {
  const redirects = cmd.redirects.map((r) => `${r.fd === (r.op.startsWith('<') ? 0 : 1) || r.op.startsWith('&') ? '' : r.fd}${r.op}${r.op.endsWith('&') ? '' : ' '}${r.target}`);
  return [...cmd.words, ...redirects].join(' ');
}

/** Where a background job's stdout or stderr goes when it is not the terminal. */
function jobFile(sink: Sink): string | undefined {
  return sink.kind === 'file' ? sink.path : sink.kind === 'null' ? '/dev/null' : undefined;
}

/**
 * Shows what the session's background jobs printed, where it falls in time among the
 * line's output since chunk `from` (a connection's `Handling connection` before curl's answer).
 */
function showJobOutput(line: LineState, from: number): void {
  let i = from;
  for (const o of takeJobOutput(line.world, line.session)) {
    const at = Math.min(Math.max(o.at - line.start, 0), line.elapsed);
    while (i < line.chunks.length && line.chunks[i].at < at) i++;
    line.chunks.splice(i++, 0, { fd: o.fd, text: o.text, at });
  }
}

/** Finds and runs argv[0] with the given descriptors; prints bash's errors for unknown commands. `job`: run it as a background job with this command text. */
function runArgv(line: LineState, argv: string[], stdin: string, sinks: Sink[], job?: string): number {
  const { session, registry } = line;
  const name = argv[0];
  const write = makeWriter(line, sinks, name, { left: MAX_OUTPUT, cut: false });
  let spec = Object.hasOwn(registry, name) ? registry[name] : undefined;
  if (!spec && name.includes('/')) {
    const dir = BIN_DIRS.find((d) => name.startsWith(d) && !name.slice(d.length).includes('/'));
    const base = dir ? name.slice(dir.length) : '';
    if (dir && Object.hasOwn(registry, base)) spec = registry[base];
    else {
      const kind = fileKind(line.world.hosts[session.host], resolvePath(session.cwd, name));
      const why = kind === 'dir' ? 'Is a directory' : kind === 'file' ? 'Permission denied' : ERRNO.ENOENT;
      write(2, `bash: ${name}: ${why}\n`);
      return kind ? 126 : 127;
    }
  }
  if (!spec) {
    write(2, `bash: ${name}: command not found\n`);
    return 127;
  }
  if (!spec.reads?.(argv)) line.readOnly = false;
  if (job !== undefined) return startBackground(line, spec, argv, job, sinks, write);
  const status = invoke(line, spec, argv, stdin, write, sinks[1].kind === 'term');
  return status === 0 && write.failed ? 1 : status;
}

/** `cmd &`: bash prints `[1] 4242` and goes on; the command runs as that job's process. */
function startBackground(line: LineState, spec: CommandSpec, argv: string[], text: string, sinks: Sink[], write: Writer): number {
  const { world, session } = line;
  if (!spec.background?.(argv)) {
    write(2, `${unsupported(`running ${argv[0]} in the background (&)`)}\n`);
    return 1;
  }
  const files = { 1: jobFile(sinks[1]), 2: jobFile(sinks[2]) };
  const { job, proc } = startJob(world, session, world.hosts[session.host], text, () => worldRandom(world), files[1] || files[2] ? files : undefined);
  emit(line, 2, `[${job.id}] ${proc.pid}\n`);
  session.lastBackground = proc.pid;
  const status = invoke(line, spec, argv, '', write, sinks[1].kind === 'term', proc);
  if (status !== 0) proc.ended ??= { at: world.now, status };
  return 0;
}

function invoke(
  line: LineState,
  spec: CommandSpec,
  argv: string[],
  stdin: string,
  write: (fd: 1 | 2, text: string) => void,
  isatty: boolean,
  job?: Proc,
): number {
  const { world, session } = line;
  let elapsed = 0;
  const ctx: CommandContext = {
    world,
    session,
    host: world.hosts[session.host],
    argv,
    stdin,
    out: (text) => write(1, text),
    err: (text) => write(2, text),
    wait: (ms) => {
      if (!(ms > 0) || !Number.isFinite(ms)) return;
      elapsed += ms;
      line.elapsed += ms;
      world.now += ms;
      // What runs by itself (the cluster's controllers) moves on while the command waits.
      catchUp(world);
    },
    get elapsed() {
      return elapsed;
    },
    random: () => worldRandom(world),
    isatty,
    ...(line.interruptAt === undefined || job ? {} : { interruptAt: Math.max(0, line.interruptAt - line.elapsed) }),
    ...(job ? { job } : {}),
  };
  registries.set(ctx, line);
  let status: unknown;
  try {
    status = spec.run(ctx);
  } catch {
    write(2, `bash: ${argv[0]}: internal error\n`);
    return 1;
  }
  return typeof status === 'number' && Number.isInteger(status) ? ((status % 256) + 256) % 256 : 1;
}

/** The command registry of the line `ctx` belongs to (what `help` lists). */
export function registryOf(ctx: CommandContext): Registry | undefined {
  return registries.get(ctx)?.registry;
}

/**
 * Runs `argv` from inside a running command (`sudo`, `env`) with the same stdin and
 * output, optionally as another user. Returns undefined if the command does not exist.
 */
export function runNested(ctx: CommandContext, argv: string[], user?: string): number | undefined {
  const line = registries.get(ctx);
  if (!line || argv.length === 0 || !Object.hasOwn(line.registry, argv[0])) return undefined;
  const { session } = ctx;
  const before = session.user;
  if (user !== undefined) session.user = user;
  try {
    return invoke(line, line.registry[argv[0]], argv, ctx.stdin, (fd, text) => (fd === 1 ? ctx.out(text) : ctx.err(text)), ctx.isatty ?? false);
  } finally {
    // A nested ssh/exit may have switched shells; only undo our own user change.
    if (user !== undefined && session.user === user) session.user = before;
  }
}

/** Runs a parsed list (`a | b && c; d`); the last command of each pipeline writes to `out`, every command's stderr to `err`. */
function runList(state: LineState, list: ListItem[], out: Sink, err: Sink): number {
  const { session } = state;
  let status = session.lastExit ?? 0;
  for (const { connector, pipeline, background } of list) {
    if ((connector === '&&' && status !== 0) || (connector === '||' && status === 0)) continue;
    let stdin = '';
    const n = pipeline.commands.length;
    let aborted = false;
    status = 0;
    for (let i = 0; i < n; i++) {
      const pipe: Sink = { kind: 'pipe', buf: [] };
      // Indexed by descriptor; stdin is passed as text, so slot 0 is only a placeholder.
      const sinks: Sink[] = [{ kind: 'null' }, i === n - 1 ? out : pipe, err];
      const r = runSimple(state, pipeline.commands[i], stdin, sinks, n > 1, background);
      stdin = pipe.buf.join('');
      status = r.status;
      if (r.abort) aborted = true;
    }
    if (pipeline.negate) status = status === 0 ? 1 : 0;
    session.lastExit = status;
    if (aborted) break;
  }
  return status;
}

/**
 * Runs a command line from inside a running command, as `sh -c` would for `watch`: its
 * stdout and stderr captured together. Time it waits passes for the caller too.
 */
export function runNestedLine(ctx: CommandContext, text: string): { output: string; status: number } {
  const line = registries.get(ctx);
  const parsed = parseLine(text);
  if (!line || !parsed.ok) return { output: parsed.ok ? '' : `${parsed.error}\n`, status: 2 };
  const buf: Sink = { kind: 'pipe', buf: [] };
  const saved = line.session.lastExit;
  const status = runList(line, parsed.list, buf, buf);
  line.session.lastExit = saved;
  return { output: buf.buf.join(''), status };
}

/**
 * Runs one line typed in `session`. While it runs, ctx.wait() moves world.now forward so
 * later commands (and state stamped with world.now) see time pass; on return world.now
 * is back where it was and the caller advances it by `elapsedMs` (as the room and the
 * headless runner do).
 */
export function execLine(world: World, session: Session, line: string, registry: Registry, opts: ExecOptions = {}): ExecResult {
  const state: LineState = { world, session, registry, chunks: [], elapsed: 0, start: world.now, interruptAt: opts.interruptAt, readOnly: true };
  // What background jobs printed since the last line, then (at the end) how any of them ended.
  showJobOutput(state, 0);
  const done = (exit: number): ExecResult => {
    const cut = opts.interruptAt;
    if (cut !== undefined && state.elapsed > cut) {
      // SIGINT to a command that does not handle it: what it printed after that is never seen.
      state.chunks = state.chunks.filter((c) => c.at <= cut);
      emit({ ...state, elapsed: cut }, 2, '^C\n');
      exit = 130;
      world.now -= state.elapsed - cut;
      state.elapsed = cut;
    }
    session.lastExit = exit;
    showJobOutput(state, state.chunks.length);
    const notices = jobNotices(world, session);
    if (notices) emit(state, 2, notices);
    world.now -= state.elapsed;
    return { chunks: state.chunks, exit, elapsedMs: state.elapsed, readOnly: state.readOnly };
  };
  if (!world.hosts[session.host]) {
    emit(state, 2, `bash: host ${session.host} is not in this world\n`);
    return done(1);
  }
  if (line.length > MAX_LINE) {
    emit(state, 2, `bash: command line too long (${line.length} characters; the limit is ${MAX_LINE})\n`);
    return done(2);
  }
  if (line.trim() !== '') {
    session.history.push(line);
    if (session.history.length > HISTORY_SIZE) session.history.splice(0, session.history.length - HISTORY_SIZE);
  }
  const parsed = parseLine(line);
  if (!parsed.ok) {
    emit(state, 2, parsed.error + '\n');
    return done(2);
  }
  for (const w of parsed.warnings ?? []) emit(state, 2, w + '\n');
  return done(runList(state, parsed.list, { kind: 'term', fd: 1 }, { kind: 'term', fd: 2 }));
}
