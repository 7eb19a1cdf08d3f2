// systemctl and journalctl as systemd 252 (Debian 12) prints them, over the units of the
// current host (server/sim/units.ts runs their lifecycle). Without a pager, output is what
// the pager would show in full; with --no-pager on a terminal, long journal lines and
// tables are cut to its 80 columns as systemd does.
import { formatSyslogTime, formatSystemdTime, wallMs } from '../../sim/clock.js';
import { cmdlineOf, descriptionOf, findUnit, nextJobId, processOf, reloadUnit, startUnit, stopUnit, unitId } from '../../sim/units.js';
import type { Host, JournalLine, Unit } from '../../sim/world/types.js';
import { getopt, type LongOption } from '../getopt.js';
import { isRoot } from '../privileges.js';
import type { CommandContext, CommandSpec } from '../types.js';
import { unless, verbOf } from './reads.js';

const TERM_WIDTH = 80;
const USEC_PER_SEC = 1_000_000;
const USEC_PER_MINUTE = 60 * USEC_PER_SEC;
const USEC_PER_HOUR = 60 * USEC_PER_MINUTE;
const USEC_PER_DAY = 24 * USEC_PER_HOUR;
const USEC_PER_WEEK = 7 * USEC_PER_DAY;
const USEC_PER_MONTH = 2629800 * USEC_PER_SEC;
const USEC_PER_YEAR = 31557600 * USEC_PER_SEC;

/** Simulated time of a start/stop job: the service's start-up or shutdown. */
const JOB_MS = 40;

// --- systemd's formatters ----------------------------------------------------

/** format_timestamp_relative(): `5min ago`, `1h 3min ago`, `now`. */
export function formatRelative(usec: number): string {
  const d = Math.max(0, Math.floor(usec));
  const f = Math.floor;
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  if (d >= USEC_PER_YEAR) return `${plural(f(d / USEC_PER_YEAR), 'year', 'years')} ${plural(f((d % USEC_PER_YEAR) / USEC_PER_MONTH), 'month', 'months')} ago`;
  if (d >= USEC_PER_MONTH) return `${plural(f(d / USEC_PER_MONTH), 'month', 'months')} ${plural(f((d % USEC_PER_MONTH) / USEC_PER_DAY), 'day', 'days')} ago`;
  if (d >= USEC_PER_WEEK) return `${plural(f(d / USEC_PER_WEEK), 'week', 'weeks')} ${plural(f((d % USEC_PER_WEEK) / USEC_PER_DAY), 'day', 'days')} ago`;
  if (d >= 2 * USEC_PER_DAY) return `${f(d / USEC_PER_DAY)} days ago`;
  if (d >= 25 * USEC_PER_HOUR) return `1 day ${f((d - USEC_PER_DAY) / USEC_PER_HOUR)}h ago`;
  if (d >= 6 * USEC_PER_HOUR) return `${f(d / USEC_PER_HOUR)}h ago`;
  if (d >= USEC_PER_HOUR) return `${f(d / USEC_PER_HOUR)}h ${f((d % USEC_PER_HOUR) / USEC_PER_MINUTE)}min ago`;
  if (d >= 5 * USEC_PER_MINUTE) return `${f(d / USEC_PER_MINUTE)}min ago`;
  if (d >= USEC_PER_MINUTE) return `${f(d / USEC_PER_MINUTE)}min ${f((d % USEC_PER_MINUTE) / USEC_PER_SEC)}s ago`;
  if (d >= USEC_PER_SEC) return `${f(d / USEC_PER_SEC)}s ago`;
  if (d >= 1000) return `${f(d / 1000)}ms ago`;
  if (d > 0) return `${d}us ago`;
  return 'now';
}

/** format_timespan(): `45ms`, `1.234s`, `2min 3.456s`, `1h 2min 3s`. */
export function formatTimespan(usec: number, accuracy: number): string {
  const table: [string, number][] = [
    ['y', USEC_PER_YEAR], ['month', USEC_PER_MONTH], ['w', USEC_PER_WEEK], ['d', USEC_PER_DAY], ['h', USEC_PER_HOUR],
    ['min', USEC_PER_MINUTE], ['s', USEC_PER_SEC], ['ms', 1000], ['us', 1],
  ];
  let t = Math.floor(usec);
  if (t <= 0) return '0';
  const parts: string[] = [];
  for (const [suffix, unit] of table) {
    if (t <= 0) break;
    if (t < accuracy && parts.length) break;
    if (t < unit) continue;
    const a = Math.floor(t / unit);
    let b = t % unit;
    if (t < USEC_PER_MINUTE && b > 0) {
      let j = 0;
      for (let cc = unit; cc > 1; cc /= 10) j++;
      for (let cc = accuracy; cc > 1; cc /= 10) {
        b = Math.floor(b / 10);
        j--;
      }
      if (j > 0) {
        parts.push(`${a}.${String(b).padStart(j, '0')}${suffix}`);
        t = 0;
        break;
      }
    }
    parts.push(`${a}${suffix}`);
    t = b;
  }
  return parts.join(' ');
}

/** format_bytes() with IEC units and one decimal: `9.5M`, `812.0K`, `512B`. */
export function formatBytes(bytes: number): string {
  const units: [string, number][] = [['E', 1024 ** 6], ['P', 1024 ** 5], ['T', 1024 ** 4], ['G', 1024 ** 3], ['M', 1024 ** 2], ['K', 1024]];
  for (let i = 0; i < units.length; i++) {
    const [suffix, factor] = units[i];
    if (bytes < factor) continue;
    const tenth = i < units.length - 1 ? Math.floor((Math.floor(bytes / units[i + 1][1]) * 10) / 1024) % 10 : Math.floor((bytes * 10) / factor) % 10;
    return `${Math.floor(bytes / factor)}.${tenth}${suffix}`;
  }
  return `${bytes}B`;
}

/** ellipsize_mem() for ASCII text in a UTF-8 locale: keep `percent` of the room at the start. */
function ellipsize(text: string, width: number, percent: number): string {
  if (text.length <= width) return text;
  if (width <= 0) return '';
  if (width === 1) return '…';
  const x = Math.floor(((width - 1) * percent + 50) / 100);
  const suffix = width - x - 1;
  return text.slice(0, x) + '…' + (suffix > 0 ? text.slice(text.length - suffix) : '');
}

// --- the journal ---------------------------------------------------------------

/** `Nov 23 09:00:00 db1 nginx[412]: message`, cut to the terminal like journald's short output when asked. */
function journalLine(host: Host, l: JournalLine, columns?: number, hostname = true): string {
  const prefix = `${formatSyslogTime(wallMs(l.at))}${hostname ? ` ${host.name}` : ''} ${l.ident}[${l.pid}]: `;
  if (columns === undefined || prefix.length + l.text.length + 1 < columns) return prefix + l.text + '\n';
  return prefix + ellipsize(l.text, columns - prefix.length, 90) + '\n';
}

/** `░░ ` lines of journalctl -x (systemd's message catalog). */
const catalogLines = (text: string) => text.split('\n').map((l) => `░░ ${l}\n`).join('');

/** Every journal entry of these units, oldest first. */
function entries(units: Unit[]): JournalLine[] {
  return units.flatMap((u) => u.journal).sort((a, b) => a.at - b.at);
}

// --- systemctl -------------------------------------------------------------------

const SYSTEMCTL_VERSION = `systemd 252 (252.38-1~deb12u1)
+PAM +AUDIT +SELINUX +APPARMOR +IMA +SMACK +SECCOMP +GCRYPT -GNUTLS +OPENSSL +ACL +BLKID +CURL +ELFUTILS +FIDO2 +IDN2 -IDN +IPTC +KMOD +LIBCRYPTSETUP +LIBFDISK +PCRE2 -PWQUALITY +P11KIT +QRENCODE +TPM2 +BZIP2 +LZ4 +XZ +ZLIB +ZSTD -BPF_FRAMEWORK -XKBCOMMON +UTMP +SYSVINIT default-hierarchy=unified
`;

const SYSTEMCTL_LONG: LongOption[] = [
  ['help', 'h'], ['version', 'VERSION'], ['type', 't', 'required'], ['property', 'p', 'required'], ['all', 'a'],
  ['reverse', 'X'], ['after', 'X'], ['before', 'X'], ['show-types', 'X'], ['failed', 'FAILED'], ['full', 'l'],
  ['job-mode', 'X', 'required'], ['fail', 'X'], ['irreversible', 'X'], ['ignore-dependencies', 'X'], ['ignore-inhibitors', 'i'],
  ['check-inhibitors', 'X', 'required'], ['value', 'X'], ['user', 'USER'], ['system', 'X'], ['global', 'X'], ['wait', 'X'],
  ['no-block', 'X'], ['legend', 'LEGEND', 'required'], ['no-legend', 'NOLEGEND'], ['no-pager', 'NOPAGER'], ['no-wall', 'X'],
  ['dry-run', 'X'], ['quiet', 'q'], ['root', 'X', 'required'], ['image', 'X', 'required'], ['force', 'f'], ['no-reload', 'X'],
  ['kill-whom', 'X', 'required'], ['signal', 's', 'required'], ['no-ask-password', 'X'], ['host', 'H', 'required'],
  ['machine', 'M', 'required'], ['runtime', 'X'], ['lines', 'n', 'required'], ['output', 'o', 'required'], ['plain', 'PLAIN'],
  ['state', 'STATE', 'required'], ['recursive', 'r'], ['with-dependencies', 'X'], ['preset-mode', 'X', 'required'],
  ['firmware-setup', 'X'], ['boot-loader-menu', 'X', 'required'], ['boot-loader-entry', 'X', 'required'], ['now', 'NOW'],
  ['message', 'X', 'required'], ['show-transaction', 'T'], ['what', 'X', 'required'], ['reboot-argument', 'X', 'required'],
  ['timestamp', 'X', 'required'], ['read-only', 'X'], ['mkdir', 'X'], ['marked', 'X'],
].map(([name, key, arg]) => ({ name, key, arg: (arg ?? 'none') as LongOption['arg'] }));

interface Opts {
  all: boolean;
  full: boolean;
  quiet: boolean;
  lines: number;
  noPager: boolean;
  legend: boolean;
  plain: boolean;
  states: string[];
  types: string[];
  now: boolean;
}

const UNIT_TYPES = ['service', 'mount', 'swap', 'socket', 'target', 'device', 'automount', 'timer', 'path', 'slice', 'scope'];
const LOAD_STATES = ['stub', 'loaded', 'not-found', 'bad-setting', 'error', 'merged', 'masked'];

const subState = (u: Unit) => (u.state === 'active' ? 'running' : u.state === 'failed' ? 'failed' : 'dead');
const glyph = (u: Unit) => (u.state === 'active' ? '●' : u.state === 'failed' ? '×' : '○');

/** Tasks limit systemd derives from the kernel's threads-max (15% of it), which scales with RAM. */
const tasksLimit = (host: Host) => Math.round((4644 * host.memoryMb) / 4096);

/** Resident memory and CPU time at start of the programs the worlds run. */
const FOOTPRINT: Record<string, { memory: number; cpuMs: number }> = {
  python3: { memory: 9_961_472, cpuMs: 38 },
  nc: { memory: 647_168, cpuMs: 2 },
  dnsmasq: { memory: 1_249_280, cpuMs: 12 },
  sshd: { memory: 6_082_560, cpuMs: 74 },
  nginx: { memory: 6_397_952, cpuMs: 21 },
};
const DEFAULT_FOOTPRINT = { memory: 2_306_048, cpuMs: 15 };

/** CPU time of the unit's latest run: start-up work, then a little more every 30 s it runs. */
function cpuUsec(unit: Unit, now: number): number {
  const base = (FOOTPRINT[processOf(unit)] ?? DEFAULT_FOOTPRINT).cpuMs;
  const ran = unit.state === 'active' ? now - unit.since : unit.state === 'inactive' ? unit.since - (unit.activeAt ?? unit.since) : 0;
  return (base + Math.floor(Math.max(0, ran) / 30_000)) * 1000;
}

/** The process's command line as the cgroup tree shows it: a process title with spaces is quoted. */
function quotedCmdline(unit: Unit): string {
  const title = cmdlineOf(unit);
  return title === unit.execStart ? title : `"${title}"`;
}

/** `systemctl status UNIT` for an existing unit. */
function statusText(ctx: CommandContext, unit: Unit, o: Opts): string {
  const { world, host } = ctx;
  const id = unitId(unit.name);
  const desc = descriptionOf(unit);
  const since = (at: number) => ` since ${formatSystemdTime(wallMs(at))}; ${formatRelative((world.now - at) * 1000)}`;
  const ran = unit.state === 'active' || unit.state === 'failed' || unit.activeAt !== undefined;
  let out = `${glyph(unit)} ${id}${desc ? ` - ${desc}` : ''}\n`;
  out += `     Loaded: loaded (/lib/systemd/system/${id}; ${unit.enabled ? 'enabled' : 'disabled'}; preset: enabled)\n`;
  if (unit.state === 'active') out += `     Active: active (running)${since(unit.since)}\n`;
  else if (unit.state === 'failed') out += `     Active: failed (Result: exit-code)${since(unit.since)}\n`;
  else if (ran) {
    out += `     Active: inactive (dead)${since(unit.since)}\n`;
    out += `   Duration: ${formatTimespan((unit.since - (unit.activeAt ?? unit.since)) * 1000, 1000)}\n`;
  } else out += '     Active: inactive (dead)\n';
  const exec = unit.execStart;
  if (unit.state === 'failed') out += `    Process: ${unit.mainPid} ExecStart=${exec} (code=exited, status=1/FAILURE)\n`;
  if (unit.state === 'inactive' && ran) {
    out += `    Process: ${unit.mainPid} ExecStart=${exec} (code=killed, signal=TERM)\n`;
    out += `   Main PID: ${unit.mainPid} (code=killed, signal=TERM)\n`;
  }
  if (unit.state === 'active') {
    out += `   Main PID: ${unit.mainPid} (${processOf(unit).slice(0, 15)})\n`;
    out += `      Tasks: 1 (limit: ${tasksLimit(host)})\n`;
    out += `     Memory: ${formatBytes((FOOTPRINT[processOf(unit)] ?? DEFAULT_FOOTPRINT).memory)}\n`;
  }
  if (ran) out += `        CPU: ${formatTimespan(cpuUsec(unit, world.now), 1000)}\n`;
  if (unit.state === 'active') out += `     CGroup: /system.slice/${id}\n             └─${unit.mainPid} ${quotedCmdline(unit)}\n`;
  if (isRoot(ctx) && o.lines > 0) {
    // Lines since the unit last left the inactive state (its latest start), as systemctl shows.
    const notBefore = unit.state === 'inactive' ? unit.activeAt ?? 0 : unit.since;
    const lines = unit.journal.filter((l) => l.at >= notBefore).slice(-o.lines);
    const columns = ctx.isatty && o.noPager && !o.full ? TERM_WIDTH : undefined;
    if (lines.length) out += '\n' + lines.map((l) => journalLine(host, l, columns)).join('');
  }
  return out;
}

/** The table systemctl list-units prints (format-table: one space between columns). */
function unitTable(ctx: CommandContext, units: Unit[], o: Opts): string {
  const rows = units.map((u) => [u.state === 'failed' && !o.plain ? '●' : ' ', unitId(u.name), 'loaded', u.state, subState(u), descriptionOf(u) ?? unitId(u.name)]);
  const header = ['', 'UNIT', 'LOAD', 'ACTIVE', 'SUB', 'DESCRIPTION'];
  const all = (o.legend ? [header, ...rows] : rows).map((r) => (o.plain ? r.slice(1) : r));
  if (all.length === 0) return '';
  const n = all[0].length;
  const requested = Array.from({ length: n }, (_, j) => Math.max(1, ...all.map((r) => r[j].length)));
  const widths = [...requested];
  const total = requested.reduce((a, b) => a + b, 0) + n - 1;
  if (ctx.isatty && o.noPager && !o.full && total > TERM_WIDTH) {
    // Compress: every column keeps what it asked for while that fits, the rest share what is left.
    let extra = TERM_WIDTH - (n - 1) - n;
    let weight = n * 100;
    const assigned: (number | undefined)[] = Array(n).fill(undefined);
    for (let finalize = false; ; ) {
      let restart = false;
      for (let j = 0; j < n; j++) {
        if (assigned[j] !== undefined) continue;
        let w = 1 + Math.floor((extra * 100) / weight);
        if (w >= requested[j]) {
          w = requested[j];
          restart = true;
        } else if (!finalize) continue;
        assigned[j] = w;
        extra -= w - 1;
        weight -= 100;
        if (restart && !finalize) break;
      }
      if (finalize) break;
      if (!restart) finalize = true;
    }
    assigned.forEach((w, j) => (widths[j] = w ?? 1));
  }
  return all
    .map((r) => r.map((cell, j) => (cell.length > widths[j] ? ellipsize(cell, widths[j], 100) : cell.padEnd(widths[j]))).join(' ').replace(/ +$/, '') + '\n')
    .join('');
}

function listUnits(ctx: CommandContext, o: Opts, patterns: string[]): number {
  const types = o.types.filter((t) => UNIT_TYPES.includes(t));
  const loadStates = [...o.states, ...o.types.filter((t) => LOAD_STATES.includes(t))];
  const activeStates = o.states.filter((s) => !LOAD_STATES.includes(s));
  const glob = (p: string) => new RegExp('^' + p.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.') + '$');
  const units = Object.values(ctx.host.units)
    .filter((u) => types.length === 0 || types.includes('service'))
    .filter((u) => loadStates.filter((s) => LOAD_STATES.includes(s)).every((s) => s === 'loaded'))
    .filter((u) => (activeStates.length ? activeStates.some((s) => s === u.state || s === subState(u)) : o.all || u.state !== 'inactive'))
    .filter((u) => patterns.length === 0 || patterns.some((p) => glob(p).test(unitId(u.name)) || glob(p).test(u.name)))
    .sort((a, b) => (unitId(a.name) < unitId(b.name) ? -1 : 1));
  let out = unitTable(ctx, units, o);
  if (o.legend) {
    if (units.length) {
      out +=
        '\nLOAD   = Reflects whether the unit definition was properly loaded.\n' +
        'ACTIVE = The high-level unit activation state, i.e. generalization of SUB.\n' +
        'SUB    = The low-level unit activation state, values depend on unit type.\n';
    }
    if (o.all || o.states.includes('inactive')) out += `${units.length} loaded units listed.\nTo show all installed unit files use 'systemctl list-unit-files'.\n`;
    else if (o.states.length === 0) out += `${units.length} loaded units listed. Pass --all to see loaded but inactive units, too.\nTo show all installed unit files use 'systemctl list-unit-files'.\n`;
    else out += `${units.length} loaded units listed.\n`;
  }
  ctx.out(out);
  return 0;
}

const POLKIT = 'Interactive authentication required.';

/** start, stop, restart, try-restart, reload, reload-or-restart of each named unit. */
function jobVerb(ctx: CommandContext, verb: string, names: string[]): number {
  const { world, host } = ctx;
  let status = 0;
  const fail = (code: number) => {
    if (status === 0) status = code;
  };
  const errors: string[] = [];
  for (const name of names) {
    const id = unitId(name);
    if (!isRoot(ctx)) {
      ctx.err(`Failed to ${verb} ${id}: ${POLKIT}\nSee system logs and 'systemctl status ${id}' for details.\n`);
      fail(1);
      continue;
    }
    const unit = findUnit(host, name);
    if (!unit) {
      ctx.err(`Failed to ${verb} ${id}: Unit ${id} ${verb === 'stop' ? 'not loaded' : 'not found'}.\n`);
      fail(5);
      continue;
    }
    const wasActive = unit.state === 'active';
    if (verb === 'reload' || (verb === 'reload-or-restart' && wasActive)) {
      if (!wasActive) {
        errors.push(`${id} is not active, cannot reload.\n`);
        fail(1);
        continue;
      }
      ctx.wait(JOB_MS);
      reloadUnit(world, host, unit);
      continue;
    }
    if (verb === 'try-restart' && !wasActive) continue;
    const jobId = nextJobId(host);
    if (verb !== 'start' && wasActive) {
      ctx.wait(JOB_MS);
      stopUnit(world, host, unit, jobId);
    }
    if (verb === 'stop') continue;
    ctx.wait(JOB_MS);
    const r = startUnit(world, host, unit, ctx.random, jobId);
    if (!r.ok) {
      errors.push(`Job for ${id} failed because the control process exited with error code.\nSee "systemctl status ${id}" and "journalctl -xeu ${id}" for details.\n`);
      fail(1);
    }
  }
  // systemctl reports failed jobs after it has queued them all.
  for (const e of errors) ctx.err(e);
  return status;
}

/** enable/disable: the [Install] symlink, and with --now the matching start/stop. */
function enableVerb(ctx: CommandContext, verb: 'enable' | 'disable', names: string[], o: Opts): number {
  if (!isRoot(ctx)) {
    ctx.err(`Failed to ${verb} unit: ${POLKIT}\n`);
    return 1;
  }
  const units: Unit[] = [];
  for (const name of names) {
    const unit = findUnit(ctx.host, name);
    if (!unit) {
      ctx.err(`Failed to ${verb} unit: Unit file ${unitId(name)} does not exist.\n`);
      return 1;
    }
    units.push(unit);
  }
  for (const unit of units) {
    const id = unitId(unit.name);
    const link = `/etc/systemd/system/multi-user.target.wants/${id}`;
    if (verb === 'enable' && !unit.enabled) ctx.err(`Created symlink ${link} → /lib/systemd/system/${id}.\n`);
    if (verb === 'disable' && unit.enabled) ctx.err(`Removed "${link}".\n`);
    unit.enabled = verb === 'enable';
  }
  return o.now ? jobVerb(ctx, verb === 'enable' ? 'start' : 'stop', names) : 0;
}

function systemctl(ctx: CommandContext): number {
  const parsed = getopt('systemctl', ctx.argv.slice(1), { short: 'ht:p:P:alqfs:H:M:n:o:iTr', long: SYSTEMCTL_LONG });
  if (!parsed.ok) {
    ctx.err(parsed.error);
    return 1;
  }
  const o: Opts = { all: false, full: false, quiet: false, lines: 10, noPager: false, legend: true, plain: false, states: [], types: [], now: false };
  for (const { key, value = '' } of parsed.opts) {
    switch (key) {
      case 'VERSION':
        ctx.out(SYSTEMCTL_VERSION);
        return 0;
      case 'a': o.all = true; break;
      case 'l': o.full = true; break;
      case 'q': o.quiet = true; break;
      case 'NOPAGER': o.noPager = true; break;
      case 'NOLEGEND': o.legend = false; break;
      case 'LEGEND': o.legend = !['no', 'false', '0', 'off'].includes(value); break;
      case 'PLAIN': o.plain = true; break;
      case 'NOW': o.now = true; break;
      case 'FAILED': o.states.push('failed'); break;
      case 'STATE': o.states.push(...value.split(',').filter(Boolean)); break;
      case 't':
        for (const t of value.split(',').filter(Boolean)) {
          if (!UNIT_TYPES.includes(t) && !LOAD_STATES.includes(t)) {
            ctx.err(`Unknown unit type or load state '${t}'.\nUse -t help to see a list of allowed values.\n`);
            return 1;
          }
          o.types.push(t);
        }
        break;
      case 'n':
        if (!/^\d+$/.test(value)) {
          ctx.err(`Failed to parse lines '${value}'\n`);
          return 1;
        }
        o.lines = Number(value);
        break;
      default:
        break;
    }
  }
  const [verb = 'list-units', ...names] = parsed.operands;
  const need = (min: number) => {
    if (names.length + 1 >= min) return true;
    ctx.err('Too few arguments.\n');
    return false;
  };
  switch (verb) {
    case 'list-units':
      return listUnits(ctx, o, names);
    case 'status':
      return status(ctx, names, o);
    case 'start':
    case 'stop':
    case 'restart':
    case 'try-restart':
    case 'reload':
    case 'reload-or-restart':
      return need(2) ? jobVerb(ctx, verb, names) : 1;
    case 'enable':
    case 'disable':
      return need(2) ? enableVerb(ctx, verb, names, o) : 1;
    case 'is-active':
    case 'is-failed': {
      if (!need(2)) return 1;
      const good = verb === 'is-active' ? 'active' : 'failed';
      let found = false;
      for (const name of names) {
        const state = findUnit(ctx.host, name)?.state ?? 'inactive';
        if (!o.quiet) ctx.out(state + '\n');
        if (state === good) found = true;
      }
      return found ? 0 : verb === 'is-active' ? 3 : 1;
    }
    case 'is-enabled': {
      if (!need(2)) return 1;
      let enabled = false;
      for (const name of names) {
        const unit = findUnit(ctx.host, name);
        if (!unit) {
          ctx.err(`Failed to get unit file state for ${unitId(name)}: No such file or directory\n`);
          return 1;
        }
        if (!o.quiet) ctx.out(unit.enabled ? 'enabled\n' : 'disabled\n');
        if (unit.enabled) enabled = true;
      }
      return enabled ? 0 : 1;
    }
    case 'reset-failed': {
      if (!isRoot(ctx)) {
        for (const name of names) ctx.err(`Failed to reset failed state of unit ${unitId(name)}: ${POLKIT}\n`);
        return 1;
      }
      const targets = names.length ? names.map((n) => findUnit(ctx.host, n)) : Object.values(ctx.host.units);
      for (const [i, unit] of targets.entries()) {
        if (!unit) {
          ctx.err(`Failed to reset failed state of unit ${unitId(names[i])}: Unit ${unitId(names[i])} not loaded.\n`);
          return 1;
        }
        if (unit.state === 'failed') unit.state = 'inactive';
      }
      return 0;
    }
    case 'daemon-reload':
      if (!isRoot(ctx)) {
        ctx.err(`Reload daemon failed: ${POLKIT}\n`);
        return 1;
      }
      ctx.wait(JOB_MS);
      return 0;
    default:
      ctx.err(`Unknown command verb ${verb}.\n`);
      return 1;
  }
}

/** Units systemd itself has loaded on a Debian 12 machine besides the world's services. */
const BASE_UNITS = 238;

/** `systemctl status` without units: the manager's state and its cgroup tree. */
function systemStatus(ctx: CommandContext): string {
  const units = Object.values(ctx.host.units);
  const failed = units.filter((u) => u.state === 'failed').length;
  const active = units.filter((u) => u.state === 'active').sort((a, b) => (unitId(a.name) < unitId(b.name) ? -1 : 1));
  const p = '           ';
  let out = `● ${ctx.host.name}\n    State: ${failed ? 'degraded' : 'running'}\n    Units: ${BASE_UNITS + units.length} loaded (incl. loaded aliases)\n`;
  out += `     Jobs: 0 queued\n   Failed: ${failed} units\n    Since: ${formatSystemdTime(wallMs(0))}; ${formatRelative(ctx.world.now * 1000)}\n`;
  out += `  systemd: 252.38-1~deb12u1\n   CGroup: /\n${p}${active.length ? '├─' : '└─'}init.scope\n${p}${active.length ? '│' : ' '} └─1 /sbin/init\n`;
  if (active.length) out += `${p}└─system.slice\n`;
  active.forEach((u, i) => {
    const last = i === active.length - 1;
    out += `${p}  ${last ? '└─' : '├─'}${unitId(u.name)}\n${p}  ${last ? ' ' : '│'} └─${u.mainPid} ${quotedCmdline(u)}\n`;
  });
  return out;
}

function status(ctx: CommandContext, names: string[], o: Opts): number {
  if (names.length === 0) {
    ctx.out(systemStatus(ctx));
    return 0;
  }
  let code = 0;
  let printed = false;
  for (const name of names) {
    const unit = findUnit(ctx.host, name);
    if (!unit) {
      ctx.err(`Unit ${unitId(name)} could not be found.\n`);
      if (code === 0) code = 4;
      continue;
    }
    ctx.out((printed ? '\n' : '') + statusText(ctx, unit, o));
    printed = true;
    if (unit.state !== 'active' && code === 0) code = 3;
  }
  return code;
}

// --- journalctl ------------------------------------------------------------------

const SPAN_UNITS: Record<string, number> = {
  us: 0.001, usec: 0.001, ms: 1, msec: 1, s: 1000, sec: 1000, second: 1000, seconds: 1000,
  m: 60_000, min: 60_000, minute: 60_000, minutes: 60_000, h: 3_600_000, hr: 3_600_000, hour: 3_600_000, hours: 3_600_000,
  d: 86_400_000, day: 86_400_000, days: 86_400_000, w: 604_800_000, week: 604_800_000, weeks: 604_800_000,
  M: 2_629_800_000, month: 2_629_800_000, months: 2_629_800_000, y: 31_557_600_000, year: 31_557_600_000, years: 31_557_600_000,
};

/** A time span like `5min`, `1h 30min`, `2 days` in ms; undefined when malformed. */
function parseSpan(text: string): number | undefined {
  const parts = [...text.trim().matchAll(/(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*/g)];
  if (!parts.length || parts.map((m) => m[0]).join('') !== text.trim()) return undefined;
  let ms = 0;
  for (const [, n, unit] of parts) {
    const f = unit === '' ? 1000 : SPAN_UNITS[unit];
    if (f === undefined) return undefined;
    ms += Number(n) * f;
  }
  return ms;
}

/** systemd's parse_timestamp() for --since/--until (UTC): wall-clock ms, or undefined. */
function parseTimestamp(text: string, nowWall: number): number | undefined {
  const day = nowWall - (nowWall % 86_400_000);
  const words: Record<string, number> = { now: nowWall, today: day, yesterday: day - 86_400_000, tomorrow: day + 86_400_000 };
  if (Object.hasOwn(words, text)) return words[text];
  if (text.startsWith('-') || text.startsWith('+')) {
    const span = parseSpan(text.slice(1));
    return span === undefined ? undefined : nowWall + (text[0] === '-' ? -span : span);
  }
  if (text.endsWith(' ago')) {
    const span = parseSpan(text.slice(0, -4));
    return span === undefined ? undefined : nowWall - span;
  }
  const m = /^(?:(\d{4})-(\d{2})-(\d{2}))?\s*(?:(\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(text.trim());
  if (!m || (m[1] === undefined && m[4] === undefined)) return undefined;
  const date = m[1] === undefined ? day : Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return date + (m[4] === undefined ? 0 : (Number(m[4]) * 60 + Number(m[5])) * 60_000 + Number(m[6] ?? 0) * 1000);
}

const JOURNALCTL_LONG: LongOption[] = [
  ['unit', 'u', 'required'], ['lines', 'n', 'optional'], ['pager-end', 'e'], ['follow', 'f'], ['catalog', 'x'],
  ['no-pager', 'NOPAGER'], ['quiet', 'q'], ['boot', 'b', 'optional'], ['reverse', 'r'], ['no-hostname', 'NOHOST'],
  ['full', 'FULL'], ['no-full', 'NOFULL'], ['all', 'a'], ['dmesg', 'k'], ['no-tail', 'NOTAIL'], ['merge', 'm'],
  ['system', 'SYSTEM'], ['utc', 'UTC'], ['identifier', 't', 'required'], ['since', 'S', 'required'], ['until', 'U', 'required'],
].map(([name, key, arg]) => ({ name, key, arg: (arg ?? 'none') as LongOption['arg'] }));

const OUTPUT_MODES = [
  'short', 'short-full', 'short-iso', 'short-iso-precise', 'short-precise', 'short-monotonic', 'short-delta', 'short-unix',
  'verbose', 'export', 'json', 'json-pretty', 'json-sse', 'json-seq', 'cat', 'with-unit',
];

function journalctl(ctx: CommandContext): number {
  // -n and -b take an optional argument: attached (-n5), or the next word when it fits.
  const args: string[] = [];
  const raw = ctx.argv.slice(1);
  for (let i = 0; i < raw.length; i++) {
    const a = raw[i];
    const next = raw[i + 1];
    if ((a === '-n' || a === '--lines') && next !== undefined && /^(\d+|all)$/.test(next)) {
      args.push(`--lines=${next}`);
      i++;
    } else if (a === '-n' || a === '--lines') args.push('--lines=10');
    else if (a === '-b' || a === '--boot') {
      if (next !== undefined && /^-?\d+$|^[0-9a-f]{32}$/.test(next)) i++;
      args.push('--boot');
    } else args.push(a);
  }
  const parsed = getopt('journalctl', args, { short: 'hefo:aln::qmb::kD:p:g:c:S:U:t:u:NF:xrM:', long: JOURNALCTL_LONG });
  if (!parsed.ok) {
    ctx.err(parsed.error);
    return 1;
  }
  const units: string[] = [];
  const idents: string[] = [];
  let lines: number | undefined;
  let catalog = false;
  let quiet = false;
  let reverse = false;
  let pagerEnd = false;
  let follow = false;
  let kernel = false;
  let noHostname = false;
  let messagesOnly = false;
  let since = -Infinity;
  let until = Infinity;
  for (const { key, value } of parsed.opts) {
    switch (key) {
      case 'S':
      case 'U': {
        const t = parseTimestamp(value ?? '', wallMs(ctx.world.now));
        if (t === undefined) {
          ctx.err(`Failed to parse timestamp: ${value}\n`);
          return 1;
        }
        if (key === 'S') since = t;
        else until = t;
        break;
      }
      case 'u': units.push(value ?? ''); break;
      case 't': idents.push(value ?? ''); break;
      case 'n':
        if (value === undefined || value === 'all') lines = value === 'all' ? undefined : 10;
        else if (/^\d+$/.test(value)) lines = Number(value);
        else {
          ctx.err(`Failed to parse lines '${value}'\n`);
          return 1;
        }
        break;
      case 'x': catalog = true; break;
      case 'q': quiet = true; break;
      case 'o':
        if (!OUTPUT_MODES.includes(value ?? '')) {
          ctx.err(`Unknown output format '${value}'.\n`);
          return 1;
        }
        // Only `cat` (messages alone) is rendered differently from `short`; it also implies -q.
        messagesOnly = value === 'cat';
        if (['export', 'json', 'json-pretty', 'json-sse', 'json-seq', 'cat'].includes(value ?? '')) quiet = true;
        break;
      case 'r': reverse = true; break;
      case 'e': pagerEnd = true; break;
      case 'f': follow = true; break;
      case 'k': kernel = true; break;
      case 'NOHOST': noHostname = true; break;
      default: break;
    }
  }
  if (since > until) {
    ctx.err('--since= must be before --until=.\n');
    return 1;
  }
  // -e jumps to the end of at most 1000 lines; -f (not followed here) shows the last 10.
  const explicitLines = parsed.opts.some((x) => x.key === 'n');
  if (!explicitLines && pagerEnd) lines = 1000;
  if (!explicitLines && follow) lines = 10;
  const host = ctx.host;
  if (!isRoot(ctx) && !quiet) {
    ctx.err(
      'Hint: You are currently not seeing messages from other users and the system.\n' +
        "      Users in groups 'adm', 'systemd-journal' can see all messages.\n" +
        '      Pass -q to turn off this notice.\n',
    );
  }
  let shown: JournalLine[] = [];
  if (isRoot(ctx) && !kernel) {
    const ids = new Set(units.map(unitId));
    const selected = units.length ? Object.values(host.units).filter((u) => ids.has(unitId(u.name))) : Object.values(host.units);
    shown = entries(selected).filter((l) => (idents.length === 0 || idents.includes(l.ident)) && wallMs(l.at) >= since && wallMs(l.at) <= until);
    if (lines !== undefined) shown = lines === 0 ? [] : shown.slice(-lines);
    if (reverse) shown.reverse();
  }
  let out = '';
  for (const l of shown) {
    if (messagesOnly) out += l.text + '\n';
    else out += journalLine(host, l, undefined, !noHostname);
    if (catalog && l.catalog) out += catalogLines(l.catalog);
  }
  if (shown.length === 0 && !quiet) out += '-- No entries --\n';
  ctx.out(out);
  return 0;
}

/** systemctl verbs that only look (no verb: list-units). */
const SYSTEMCTL_READS = new Set(['', 'status', 'is-active', 'is-enabled', 'is-failed', 'show', 'cat', 'list-units', 'list-unit-files', 'list-dependencies', 'list-timers', 'list-sockets', 'help']);
const SYSTEMCTL_VALUE_OPTIONS = ['-t', '--type', '-p', '--property', '-n', '--lines', '-o', '--output', '-H', '--host', '-M', '--machine', '-s', '--signal', '--state', '--kill-whom'];

export const systemdCommands: Record<string, CommandSpec> = {
  systemctl: { run: systemctl, summary: 'control systemd services (status, start, stop, restart, enable)', reads: (argv) => SYSTEMCTL_READS.has(verbOf(argv, SYSTEMCTL_VALUE_OPTIONS) ?? '-') },
  journalctl: { run: journalctl, summary: 'show the systemd journal', reads: unless(['--vacuum-size', '--vacuum-time', '--vacuum-files', '--rotate', '--flush', '--sync', '--relinquish-var', '--smart-relinquish-var', '--setup-keys']) },
};
