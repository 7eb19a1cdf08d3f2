// bash's job control builtins over the shell's background jobs (server/shell/jobs.ts):
// `jobs`, `kill` (jobspecs and PIDs of the players' processes), `fg` and `bg`.
import { forwardOf } from '../../sim/k8s/port-forward.js';
import type { Proc } from '../../sim/world/types.js';
import { exitStatus, findJob, listJobs, procOf, shellJobs, signalProc, takeJobOutput } from '../jobs.js';
import { unsupported } from '../parse.js';
import type { CommandContext, CommandSpec, Job } from '../types.js';
import { builtinFlags, builtinUsage } from './builtin-args.js';
import { waitBudget } from './kubectl-wait.js';

type Signal = NonNullable<NonNullable<Proc['ended']>['signal']>;

/** The signals a player's process reacts to here, by number and name; 0 only checks that it exists. */
const SIGNALS: Record<string, Signal | 0> = { 0: 0, 1: 'HUP', 2: 'INT', 9: 'KILL', 15: 'TERM', HUP: 'HUP', INT: 'INT', KILL: 'KILL', TERM: 'TERM' };
/** Every other name `kill -l` lists (valid for bash, not modelled here). */
const OTHER_SIGNALS = ['QUIT', 'ILL', 'TRAP', 'ABRT', 'BUS', 'FPE', 'USR1', 'SEGV', 'USR2', 'PIPE', 'ALRM', 'STKFLT', 'CHLD', 'CONT', 'STOP', 'TSTP', 'TTIN', 'TTOU', 'URG', 'XCPU', 'XFSZ', 'VTALRM', 'PROF', 'WINCH', 'IO', 'PWR', 'SYS'];
const KILL_USAGE = 'kill: usage: kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... or kill -l [sigspec]\n';

function jobs(ctx: CommandContext): number {
  const parsed = builtinFlags(ctx.argv.slice(1), 'lnprs');
  if (parsed.bad) return builtinUsage(ctx, 'jobs', parsed.bad, 'jobs [-lnprs] [jobspec ...] or jobs -x command [args]');
  let status = 0;
  for (const spec of parsed.rest) {
    if (!findJob(ctx.session, spec)) {
      ctx.err(`bash: jobs: ${spec}: no such job\n`);
      status = 1;
    }
  }
  if (parsed.flags.has('p')) {
    ctx.out(shellJobs(ctx.session).map((j) => `${j.pid}\n`).join(''));
    return status;
  }
  // Output the jobs printed so far comes first, as it would have on the terminal.
  for (const o of takeJobOutput(ctx.world, ctx.session)) (o.fd === 1 ? ctx.out : ctx.err)(o.text);
  const only = parsed.rest.length ? parsed.rest.map((spec) => findJob(ctx.session, spec)).filter((j) => j !== undefined) : undefined;
  ctx.out(listJobs(ctx.world, ctx.session, parsed.flags.has('l'), only));
  return status;
}

/** The signal a `-s NAME`, `-n NUM` or `-NAME`/`-NUM` option names: a modelled one, 'other', or undefined (invalid). */
function signalOf(text: string): Signal | 0 | 'other' | undefined {
  const name = text.toUpperCase().replace(/^SIG/, '');
  if (Object.hasOwn(SIGNALS, name)) return SIGNALS[name];
  if (OTHER_SIGNALS.includes(name) || (/^\d+$/.test(name) && Number(name) <= 64)) return 'other';
  return undefined;
}

/** The process a `kill` argument names on the player's host, or the error bash prints. */
function target(ctx: CommandContext, arg: string): { proc: Proc; job?: Job } | string {
  if (arg.startsWith('%')) {
    const job = findJob(ctx.session, arg);
    const proc = job && procOf(ctx.world, job);
    return job && proc && !proc.ended ? { proc, job } : `bash: kill: ${arg}: no such job`;
  }
  if (!/^\d+$/.test(arg)) return `bash: kill: ${arg}: arguments must be process or job IDs`;
  const pid = Number(arg);
  const proc = (ctx.host.procs ?? []).find((p) => p.pid === pid && !p.ended);
  if (proc) return ctx.session.user === 'root' || proc.user === ctx.session.user ? { proc } : `bash: kill: (${pid}) - Operation not permitted`;
  const unit = Object.values(ctx.host.units).find((u) => u.state === 'active' && u.mainPid === pid);
  if (unit) return unsupported(`killing a service's process (${unit.name}: use systemctl)`);
  return `bash: kill: (${pid}) - No such process`;
}

function kill(ctx: CommandContext): number {
  const args = ctx.argv.slice(1);
  let signal: Signal | 0 | 'other' | undefined = 'TERM';
  let i = 0;
  if (args[0] === '-l' || args[0] === '-L') {
    ctx.out(signalTable());
    return 0;
  }
  if (args[0] === '-s' || args[0] === '-n') {
    if (args.length < 2) {
      ctx.err(`bash: kill: ${args[0]}: option requires an argument\n${KILL_USAGE}`);
      return 2;
    }
    signal = signalOf(args[1]);
    if (signal === undefined) {
      ctx.err(`bash: kill: ${args[1]}: invalid signal specification\n`);
      return 1;
    }
    i = 2;
  } else if (args[0]?.startsWith('-') && args[0] !== '--' && args[0] !== '-') {
    signal = signalOf(args[0].slice(1));
    if (signal === undefined) {
      ctx.err(`bash: kill: ${args[0].slice(1)}: invalid signal specification\n`);
      return 1;
    }
    i = 1;
  }
  if (args[i] === '--') i++;
  if (i >= args.length) {
    ctx.err(KILL_USAGE);
    return 2;
  }
  if (signal === 'other') {
    ctx.err(`${unsupported('sending that signal')}\n`);
    return 1;
  }
  let status = 0;
  for (const arg of args.slice(i)) {
    const t = target(ctx, arg);
    if (typeof t === 'string') {
      ctx.err(`${t}\n`);
      status = 1;
      continue;
    }
    if (signal === 0) continue;
    const job = t.job ?? shellJobs(ctx.session).find((j) => j.pid === t.proc.pid && j.host === ctx.host.name);
    if (job) job.killedNow = true;
    // kubectl port-forward stops cleanly on SIGINT (its Ctrl-C): it exits 0.
    if (signal === 'INT' && forwardOf(t.proc)) t.proc.ended ??= { at: ctx.world.now, status: 0 };
    else signalProc(ctx.world, t.proc, signal);
  }
  return status;
}

/** `kill -l`: bash's table of signal numbers and names (Linux x86-64). */
function signalTable(): string {
  const names = ['HUP', 'INT', 'QUIT', 'ILL', 'TRAP', 'ABRT', 'BUS', 'FPE', 'KILL', 'USR1', 'SEGV', 'USR2', 'PIPE', 'ALRM', 'TERM', 'STKFLT', 'CHLD', 'CONT', 'STOP', 'TSTP', 'TTIN', 'TTOU', 'URG', 'XCPU', 'XFSZ', 'VTALRM', 'PROF', 'WINCH', 'IO', 'PWR', 'SYS'];
  const all = names.map((n, i) => [i + 1, `SIG${n}`] as const);
  for (let n = 34; n <= 64; n++) all.push([n, n <= 49 ? (n === 34 ? 'SIGRTMIN' : `SIGRTMIN+${n - 34}`) : n === 64 ? 'SIGRTMAX' : `SIGRTMAX-${64 - n}`]);
  let out = '';
  all.forEach(([n, name], i) => {
    out += `${String(n).padStart(2)}) ${name}`;
    out += (i + 1) % 5 === 0 ? '\n' : i === all.length - 1 ? '\t\n' : '\t';
  });
  return out;
}

/** The job `fg`/`bg` act on: the named one, else the current one. */
function pickJob(ctx: CommandContext, name: string): Job | number {
  const spec = ctx.argv[1];
  const job = findJob(ctx.session, spec ?? '%%');
  if (job) return job;
  ctx.err(`bash: ${name}: ${spec ?? 'current'}: no such job\n`);
  return 1;
}

/**
 * A process in the foreground: the terminal shows what it prints (`take`) until it ends or the
 * player presses Ctrl-C; then it is gone from its host. Returns how it ended (a port-forward
 * stopped by Ctrl-C exits 0).
 */
export function holdTerminal(ctx: CommandContext, proc: Proc, take: () => Proc['output']): number {
  const show = () => {
    for (const o of take()) (o.fd === 1 ? ctx.out : ctx.err)(o.text);
  };
  const budget = waitBudget(ctx, 10 * 60_000);
  while (!proc.ended && ctx.elapsed < budget) {
    ctx.wait(Math.min(1000, budget - ctx.elapsed));
    show();
  }
  show();
  proc.ended ??= { at: ctx.world.now, status: 0 };
  const host = ctx.world.hosts[proc.host];
  if (host?.procs) host.procs = host.procs.filter((p) => p !== proc);
  return exitStatus(proc.ended);
}

/** `fg`: the job runs in the foreground until it ends or Ctrl-C. */
function fg(ctx: CommandContext): number {
  const job = pickJob(ctx, 'fg');
  if (typeof job === 'number') return job;
  const proc = procOf(ctx.world, job);
  ctx.out(`${proc?.command ?? ''}\n`);
  const status = proc ? holdTerminal(ctx, proc, () => takeJobOutput(ctx.world, ctx.session)) : 0;
  ctx.session.jobs = (ctx.session.jobs ?? []).filter((j) => j !== job);
  return status;
}

function bg(ctx: CommandContext): number {
  const job = pickJob(ctx, 'bg');
  if (typeof job === 'number') return job;
  ctx.err(`bash: bg: job ${job.id} already in background\n`);
  return 0;
}

export const jobCommands: Record<string, CommandSpec> = {
  jobs: { run: jobs, summary: 'list the background jobs of this shell' },
  kill: { run: kill, summary: 'send a signal to a job or process (kill %1)' },
  fg: { run: fg, summary: 'bring a background job to the foreground' },
  bg: { run: bg, summary: 'resume a job in the background' },
};
