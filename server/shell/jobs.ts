// Background jobs as bash keeps them. `cmd &` starts a process (Host.procs) that outlives the
// line: bash prints `[1] 4242`, the job's own output appears on the terminal as it prints it,
// and before the next prompt bash reports a job that ended (`[1]+  Exit 1  cmd`). Each shell
// of a session (one more per ssh) has its own jobs; leaving a shell hangs up its jobs.
import { checkForward } from '../sim/k8s/port-forward.js';
import { nextPid } from '../sim/units.js';
import type { Host, Proc, World } from '../sim/world/types.js';
import type { Job, Session } from './types.js';

type Ended = NonNullable<Proc['ended']>;

/** The jobs of the session's current shell, oldest first. */
export function shellJobs(session: Session): Job[] {
  return (session.jobs ?? []).filter((j) => j.depth === session.stack.length);
}

export function procOf(world: World, job: Job): Proc | undefined {
  return world.hosts[job.host]?.procs?.find((p) => p.pid === job.pid);
}

/** A process the session's user starts on `host` (not yet in host.procs). */
export function newProc(world: World, session: Session, host: Host, command: string, random: () => number, files?: Proc['files']): Proc {
  return { pid: nextPid(host, random), host: host.name, command, user: session.user, startedAt: world.now, listeners: [], output: [], ...(files ? { files } : {}) };
}

/** Starts `command` as a job of the session's current shell on `host`: the next free job number. */
export function startJob(world: World, session: Session, host: Host, command: string, random: () => number, files?: Proc['files']): { job: Job; proc: Proc } {
  const proc = newProc(world, session, host, command, random, files);
  (host.procs ??= []).push(proc);
  const mine = shellJobs(session);
  const job: Job = { id: mine.length ? Math.max(...mine.map((j) => j.id)) + 1 : 1, host: host.name, pid: proc.pid, depth: session.stack.length };
  (session.jobs ??= []).push(job);
  return { job, proc };
}

/** A signal ends the process now (one that already ended stays as it ended). */
export function signalProc(world: World, proc: Proc, signal: NonNullable<Ended['signal']>): void {
  proc.ended ??= { at: world.now, signal };
}

const SIGNAL_STATES: Record<NonNullable<Ended['signal']>, string> = { TERM: 'Terminated', KILL: 'Killed', INT: 'Interrupt', HUP: 'Hangup' };
const SIGNAL_NUMBERS: Record<NonNullable<Ended['signal']>, number> = { HUP: 1, INT: 2, KILL: 9, TERM: 15 };

/** The status `$?` shows for an ended process: its exit status, or 128 + the signal that killed it. */
export const exitStatus = (e: Ended) => (e.signal ? 128 + SIGNAL_NUMBERS[e.signal] : e.status ?? 0);

/** What `jobs` and bash's notices call a job's state. */
function stateOf(proc: Proc | undefined): string {
  const e = proc ? proc.ended : { at: 0, status: 0 };
  if (!e) return 'Running';
  if (e.signal) return SIGNAL_STATES[e.signal];
  return e.status ? `Exit ${e.status}` : 'Done';
}

/** `+` marks the current job (the newest), `-` the one before it. */
function marks(jobs: Job[]): Map<Job, string> {
  return new Map(jobs.map((j, i) => [j, i === jobs.length - 1 ? '+' : i === jobs.length - 2 ? '-' : ' ']));
}

/** bash's job line: `[1]+  Running                 kubectl port-forward svc/web 8080:80 &` (`-l`: with the PID). */
function jobLine(job: Job, mark: string, proc: Proc | undefined, withPid: boolean): string {
  const state = stateOf(proc);
  const command = (proc?.command ?? '') + (state === 'Running' ? ' &' : '');
  return `[${job.id}]${mark}${withPid ? ` ${job.pid} ` : '  '}${state.padEnd(24)}${command}\n`;
}

/** Drops a reported job, and its process once it ended. */
function forget(world: World, session: Session, job: Job): void {
  session.jobs = (session.jobs ?? []).filter((j) => j !== job);
  const host = world.hosts[job.host];
  const proc = procOf(world, job);
  if (host?.procs && proc?.ended) host.procs = host.procs.filter((p) => p !== proc);
}

/** `jobs [-l]`: the shell's jobs (or `only` these); ended ones are reported once and dropped. */
export function listJobs(world: World, session: Session, withPid: boolean, only?: Job[]): string {
  const jobs = shellJobs(session);
  const mark = marks(jobs);
  let out = '';
  for (const job of only ?? jobs) {
    const proc = procOf(world, job);
    out += jobLine(job, mark.get(job)!, proc, withPid);
    if (!proc || proc.ended) forget(world, session, job);
  }
  return out;
}

/**
 * What the shell's jobs printed that the terminal has not shown yet, oldest first (a
 * port-forward whose pod went has printed its last words).
 */
export function takeJobOutput(world: World, session: Session): Proc['output'] {
  const out: Proc['output'] = [];
  for (const job of shellJobs(session)) {
    const proc = procOf(world, job);
    if (!proc) continue;
    checkForward(world, proc);
    out.push(...proc.output.splice(0));
  }
  return out.sort((a, b) => a.at - b.at);
}

/**
 * bash's notices before the prompt: the jobs that ended, each reported once. A job killed
 * from this shell during the line is noticed after the next one (bash sees it die later).
 */
export function jobNotices(world: World, session: Session): string {
  const jobs = shellJobs(session);
  const mark = marks(jobs);
  let out = '';
  for (const job of jobs) {
    const proc = procOf(world, job);
    if (job.killedNow) {
      delete job.killedNow;
      continue;
    }
    if (proc && !proc.ended) continue;
    out += jobLine(job, mark.get(job)!, proc, false);
    forget(world, session, job);
  }
  return out;
}

/** Leaving a shell hangs up the jobs it started (SIGHUP), as closing its terminal does. */
export function hangUp(world: World, session: Session, depth: number): void {
  for (const job of session.jobs ?? []) {
    if (job.depth < depth) continue;
    const proc = procOf(world, job);
    if (proc) signalProc(world, proc, 'HUP');
    forget(world, session, job);
  }
}

/** The job a jobspec names (`%1`, `%%`, `%+`, `%-`), if the shell has it. */
export function findJob(session: Session, spec: string): Job | undefined {
  const jobs = shellJobs(session);
  if (spec === '%%' || spec === '%+' || spec === '%') return jobs[jobs.length - 1];
  if (spec === '%-') return jobs[jobs.length - 2];
  const n = /^%(\d+)$/.exec(spec);
  return n ? jobs.find((j) => j.id === Number(n[1])) : undefined;
}
