// systemd's service lifecycle on one host: start, stop, restart and reload change a unit's
// state and log what systemd 252 (Debian 12) and the service itself would log to the
// journal. Listening sockets follow from the state: a unit's listeners are open exactly
// while it is active (ss, netstat and the packet engine read them from active units).
import { parseIp } from './net/ip.js';
import { isLocalAddress } from './net/route.js';
import type { Host, JournalLine, Listener, Proc, Unit, World } from './world/types.js';

const SUPPORT_URL = 'https://www.debian.org/support';

/** The unit's id as systemd names it: `nginx` is `nginx.service`. */
export const unitId = (name: string) => (/\.(service|socket|target|timer|mount|path)$/.test(name) ? name : `${name}.service`);

/** The unit a command-line name refers to (`nginx` or `nginx.service`), if the host has it. */
export function findUnit(host: Host, name: string): Unit | undefined {
  const id = unitId(name);
  return Object.values(host.units).find((u) => unitId(u.name) === id);
}

/** The Description= systemd shows; absent when the unit has none (builders default it to the name). */
export function descriptionOf(unit: Unit): string | undefined {
  const d = unit.description;
  return d && d !== unit.name && d !== unitId(unit.name) ? d : undefined;
}

/** `nginx.service - A high performance web server`: how systemd's job messages name a unit. */
export function unitLabel(unit: Unit): string {
  const d = descriptionOf(unit);
  return d ? `${unitId(unit.name)} - ${d}` : unitId(unit.name);
}

/** The program name (comm) of the unit's main process. */
export function processOf(unit: Unit): string {
  return unit.listeners[0]?.process ?? unit.execStart.split(/\s+/)[0].split('/').pop() ?? unit.name;
}

/** Process titles daemons give themselves (what /proc/PID/cmdline then holds). */
const PROCESS_TITLES: Record<string, string> = {
  sshd: 'sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups',
  nginx: 'nginx: master process /usr/sbin/nginx -g daemon on; master_process on;',
};

/** The main process's command line: its title if it sets one, else ExecStart=. */
export function cmdlineOf(unit: Unit): string {
  return PROCESS_TITLES[processOf(unit)] ?? unit.execStart;
}

export interface OpenSocket {
  listener: Listener;
  /** File descriptor in the owning process. */
  fd: number;
  /** The owning process's command line and control group (`ss -p`, `netstat -p`, `ss -e`). */
  cmdline: string;
  cgroup: string;
}

/** A background process that has not ended (its sockets are open). */
export const liveProcs = (host: Host): Proc[] => (host.procs ?? []).filter((p) => !p.ended);

/** Sockets open on the host: every listener of every active unit, in unit order, then the players' background processes'. */
export function openSockets(host: Host): OpenSocket[] {
  const out: OpenSocket[] = [];
  for (const unit of Object.values(host.units)) {
    if (unit.state !== 'active') continue;
    const cmdline = cmdlineOf(unit);
    const cgroup = `/system.slice/${unitId(unit.name)}`;
    unit.listeners.forEach((listener, i) => out.push({ listener, fd: listener.fd ?? 3 + i, cmdline, cgroup }));
  }
  for (const p of liveProcs(host)) {
    const cgroup = `/user.slice/user-${p.user === 'root' ? 0 : 1000}.slice/session-1.scope`;
    p.listeners.forEach((listener, i) => out.push({ listener, fd: listener.fd ?? 3 + i, cmdline: p.command, cgroup }));
  }
  return out;
}

function catalog(subject: string, body: string): string {
  return `Subject: ${subject}\nDefined-By: systemd\nSupport: ${SUPPORT_URL}\n\n${body}`;
}

function log(world: World, unit: Unit, ident: string, pid: number, text: string, cat?: string): void {
  const line: JournalLine = { at: world.now, ident, pid, text };
  if (cat) line.catalog = cat;
  unit.journal.push(line);
}

const logSystemd = (world: World, unit: Unit, text: string, cat: string) => log(world, unit, 'systemd', 1, text, cat);

/** Job ids grow with every job systemd runs; each job logs at least one line from PID 1. */
export function nextJobId(host: Host): number {
  let n = 0;
  for (const u of Object.values(host.units)) for (const l of u.journal) if (l.ident === 'systemd') n++;
  return 1000 + n;
}

/** A fresh PID above every PID in use on the host (other processes come and go in between). */
export function nextPid(host: Host, random: () => number): number {
  let max = 1;
  for (const u of Object.values(host.units)) {
    max = Math.max(max, u.mainPid);
    for (const l of u.listeners) max = Math.max(max, l.pid);
  }
  for (const p of host.procs ?? []) max = Math.max(max, p.pid);
  return max + 1 + Math.floor(random() * 40);
}

function setPid(unit: Unit, pid: number): void {
  unit.mainPid = pid;
  for (const l of unit.listeners) l.pid = pid;
}

export type JobResult = { ok: true } | { ok: false; result: 'exit-code' };

/** `ADDR` or `ADDR:PORT` as a bind setting; null if malformed. */
function parseBind(value: string): { addr: number; port?: number } | null {
  const m = /^(\d+\.\d+\.\d+\.\d+)(?::(\d+))?$/.exec(value);
  const addr = m && parseIp(m[1]);
  if (!m || addr === null || (m[2] !== undefined && (Number(m[2]) < 1 || Number(m[2]) > 65535))) return null;
  return { addr, port: m[2] === undefined ? undefined : Number(m[2]) };
}

/**
 * Applies the unit's bind setting (`bindFrom`) to its TCP listeners, as the daemon does when
 * it starts: every TCP socket takes the address, the first one the port. Returns the error
 * the daemon dies with when it cannot bind.
 */
function applyBindConfig(host: Host, unit: Unit): string | undefined {
  const { file, key } = unit.bindFrom!;
  const line = (host.files[file] ?? '').split('\n').find((l) => l.trim().startsWith(`${key}=`));
  if (line === undefined) return undefined;
  const value = line.trim().slice(key.length + 1).replace(/^(["'])(.*)\1$/, '$2');
  const bind = parseBind(value);
  if (!bind) return `Error: invalid bind address '${value}'`;
  if (bind.addr !== 0 && !isLocalAddress(host, bind.addr)) return 'OSError: [Errno 99] Cannot assign requested address';
  const tcp = unit.listeners.filter((l) => l.proto === 'tcp');
  const port = bind.port ?? tcp[0]?.port;
  const taken = Object.values(host.units).some((u) => u !== unit && u.state === 'active' && u.listeners.some((l) =>
    l.proto === 'tcp' && l.port === port && (l.addr === 0 || bind.addr === 0 || l.addr === bind.addr)));
  if (taken) return 'OSError: [Errno 98] Address already in use';
  tcp.forEach((l, i) => {
    l.addr = bind.addr;
    if (i === 0 && bind.port !== undefined) l.port = bind.port;
  });
  return undefined;
}

/** Why the unit cannot start now: a full disk, or an address it cannot bind. */
function startError(host: Host, unit: Unit): string | undefined {
  if (unit.diskFullError !== undefined && host.disk.usedMb >= host.disk.sizeMb) return unit.diskFullError;
  return unit.bindFrom ? applyBindConfig(host, unit) : undefined;
}

/** Starts the unit (no-op when active). A unit with `failsWith`, or that cannot start now (startError), ends up failed. */
export function startUnit(world: World, host: Host, unit: Unit, random: () => number, jobId = nextJobId(host)): JobResult {
  if (unit.state === 'active') return { ok: true };
  const id = unitId(unit.name);
  const label = unitLabel(unit);
  const pid = nextPid(host, random);
  const proc = processOf(unit);
  setPid(unit, pid);
  logSystemd(world, unit, `Starting ${label}...`, catalog(`A start job for unit ${id} has begun execution`, `A start job for unit ${id} has begun execution.\n\nThe job identifier is ${jobId}.`));
  unit.since = world.now;
  const error = unit.failsWith ?? startError(host, unit);
  if (error !== undefined) {
    for (const text of error.split('\n')) log(world, unit, proc, pid, text);
    logSystemd(world, unit, `${id}: Control process exited, code=exited, status=1/FAILURE`, catalog('Unit process exited', `An ExecStart= process belonging to unit ${id} has exited.\n\nThe process' exit code is 'exited' and its exit status is 1.`));
    logSystemd(world, unit, `${id}: Failed with result 'exit-code'.`, catalog('Unit failed', `The unit ${id} has entered the 'failed' state with result 'exit-code'.`));
    logSystemd(world, unit, `Failed to start ${label}.`, catalog(`A start job for unit ${id} has failed`, `A start job for unit ${id} has finished with a failure.\n\nThe job identifier is ${jobId} and the job result is failed.`));
    unit.state = 'failed';
    return { ok: false, result: 'exit-code' };
  }
  for (const text of unit.startLog ?? []) log(world, unit, proc, pid, text);
  logSystemd(world, unit, `Started ${label}.`, catalog(`A start job for unit ${id} has finished successfully`, `A start job for unit ${id} has finished successfully.\n\nThe job identifier is ${jobId}.`));
  unit.state = 'active';
  unit.activeAt = world.now;
  return { ok: true };
}

/** Stops an active unit; a failed or inactive one is left as it is (as systemd does). */
export function stopUnit(world: World, host: Host, unit: Unit, jobId = nextJobId(host)): void {
  if (unit.state !== 'active') return;
  const id = unitId(unit.name);
  const label = unitLabel(unit);
  logSystemd(world, unit, `Stopping ${label}...`, catalog(`A stop job for unit ${id} has begun execution`, `A stop job for unit ${id} has begun execution.\n\nThe job identifier is ${jobId}.`));
  logSystemd(world, unit, `${id}: Deactivated successfully.`, catalog('Unit succeeded', `The unit ${id} has successfully entered the 'dead' state.`));
  logSystemd(world, unit, `Stopped ${label}.`, catalog(`A stop job for unit ${id} has finished`, `A stop job for unit ${id} has finished.\n\nThe job identifier is ${jobId} and the job result is done.`));
  unit.activeAt ??= unit.since;
  unit.state = 'inactive';
  unit.since = world.now;
}

/** Reloads an active unit's configuration; false when it is not active (nothing happens). */
export function reloadUnit(world: World, host: Host, unit: Unit): boolean {
  if (unit.state !== 'active') return false;
  const id = unitId(unit.name);
  const label = unitLabel(unit);
  const jobId = nextJobId(host);
  logSystemd(world, unit, `Reloading ${label}...`, catalog(`A reload job for unit ${id} has begun execution`, `A reload job for unit ${id} has begun execution.\n\nThe job identifier is ${jobId}.`));
  logSystemd(world, unit, `Reloaded ${label}.`, catalog(`A reload job for unit ${id} has finished`, `A reload job for unit ${id} has finished.\n\nThe job identifier is ${jobId} and the job result is done.`));
  return true;
}
