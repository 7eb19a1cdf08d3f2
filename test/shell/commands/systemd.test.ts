// systemctl and journalctl (systemd 252, Debian 12) on the lab world: status in every
// state, start/stop/restart and their effect on the sockets ss lists, a failing start,
// privileges, errors and exit codes.
import { describe, expect, it } from 'vitest';
import { formatSyslogTime, formatSystemdTime, wallMs } from '../../../server/sim/clock.js';
import { builtinCommands } from '../../../server/shell/commands/builtins.js';
import { socketCommands } from '../../../server/shell/commands/sockets.js';
import { formatBytes, formatRelative, formatTimespan, systemdCommands } from '../../../server/shell/commands/systemd.js';
import { execLine, newSession } from '../../../server/shell/shell.js';
import { nextJobId } from '../../../server/sim/units.js';
import type { World } from '../../../server/sim/world/types.js';
import { labWorld } from '../../helpers/lab.js';

const registry = { ...builtinCommands, ...socketCommands, ...systemdCommands };

/** Runs a line on db1 at simulated time `at` (ms since the world's epoch). */
function run(w: World, line: string, opts: { at?: number; user?: string; host?: string } = {}) {
  if (opts.at !== undefined) w.now = opts.at;
  const session = newSession(w, opts.host ?? 'db1', opts.user ?? 'root');
  const r = execLine(w, session, line, registry);
  w.now += r.elapsedMs;
  const text = (fd: 1 | 2) => r.chunks.filter((c) => c.fd === fd).map((c) => c.text).join('');
  return { out: text(1), err: text(2), exit: r.exit };
}

const MIN = 60_000;
const ORDERS = 'orders-api.service - orders API (python http.server)';

/** When db1 booted and started the unit: before the world's clock starts at 09:00, like a real host's uptime. */
function bootOf(w: World, unit: string): number {
  const since = w.hosts.db1.units[unit].since;
  expect(since).toBeLessThan(0);
  return since;
}

/** The journal lines of the unit's start at boot (systemd's `Starting`/`Started`). */
const bootLog = (at: number, label: string) => {
  const t = formatSyslogTime(wallMs(at));
  return `${t} db1 systemd[1]: Starting ${label}...\n${t} db1 systemd[1]: Started ${label}.\n`;
};

/** CPU time python3 has used after running `ms`: 38ms at start, 1ms more every 30s. */
const pythonCpu = (ms: number) => formatTimespan((38 + Math.floor(ms / 30_000)) * 1000, 1000);

describe('clock and systemd formatters', () => {
  it('formats the world epoch like syslog and systemd', () => {
    expect(formatSyslogTime(wallMs(0))).toBe('Nov 23 09:00:00');
    expect(formatSystemdTime(wallMs(0))).toBe('Mon 2026-11-23 09:00:00 UTC');
    expect(formatSyslogTime(wallMs(8 * 24 * 3600_000 + 61_000))).toBe('Dec 01 09:01:01');
    expect(formatSystemdTime(wallMs(8 * 24 * 3600_000))).toBe('Tue 2026-12-01 09:00:00 UTC');
  });

  it('relative times, time spans and sizes', () => {
    expect(formatRelative(0)).toBe('now');
    expect(formatRelative(40_000)).toBe('40ms ago');
    expect(formatRelative(65_000_000)).toBe('1min 5s ago');
    expect(formatRelative(7 * MIN * 1000)).toBe('7min ago');
    expect(formatRelative(75 * MIN * 1000)).toBe('1h 15min ago');
    expect(formatRelative(3 * 24 * 60 * MIN * 1000)).toBe('3 days ago');
    expect(formatTimespan(38_000, 1000)).toBe('38ms');
    expect(formatTimespan(1_234_000, 1000)).toBe('1.234s');
    expect(formatTimespan(65_040_000, 1000)).toBe('1min 5.040s');
    expect(formatTimespan(3_723_000_000, 1000)).toBe('1h 2min 3s');
    expect(formatBytes(9_961_472)).toBe('9.5M');
    expect(formatBytes(647_168)).toBe('632.0K');
    expect(formatBytes(512)).toBe('512B');
  });
});

describe('systemctl status', () => {
  it('an active unit', () => {
    const w = labWorld();
    const boot = bootOf(w, 'orders-api');
    const r = run(w, 'systemctl status orders-api', { at: 5 * MIN });
    expect(r.out).toBe(
      `● ${ORDERS}\n` +
        '     Loaded: loaded (/lib/systemd/system/orders-api.service; enabled; preset: enabled)\n' +
        `     Active: active (running) since ${formatSystemdTime(wallMs(boot))}; ${formatRelative((5 * MIN - boot) * 1000)}\n` +
        '   Main PID: 27854 (python3)\n' +
        '      Tasks: 1 (limit: 4644)\n' +
        '     Memory: 9.5M\n' +
        `        CPU: ${pythonCpu(5 * MIN - boot)}\n` +
        '     CGroup: /system.slice/orders-api.service\n' +
        '             └─27854 /usr/sbin/python3\n' +
        '\n' +
        bootLog(boot, ORDERS),
    );
    expect(r.err).toBe('');
    expect(r.exit).toBe(0);
  });

  it('accepts the .service suffix and several units', () => {
    const w = labWorld();
    const r = run(w, 'systemctl status orders-api.service pg-stub', { at: 5 * MIN });
    expect(r.out).toContain(`● ${ORDERS}\n`);
    expect(r.out).toContain('\n\n● pg-stub.service - TCP listener on 5432\n');
    expect(r.exit).toBe(0);
  });

  it('a stopped unit: inactive (dead), how long it ran, the stop in its journal, exit 3', () => {
    const w = labWorld();
    const boot = bootOf(w, 'orders-api');
    expect(run(w, 'systemctl stop orders-api', { at: 10 * MIN }).exit).toBe(0);
    const r = run(w, 'systemctl status orders-api', { at: 12 * MIN });
    expect(r.out).toBe(
      `○ ${ORDERS}\n` +
        '     Loaded: loaded (/lib/systemd/system/orders-api.service; enabled; preset: enabled)\n' +
        '     Active: inactive (dead) since Mon 2026-11-23 09:10:00 UTC; 1min 59s ago\n' +
        `   Duration: ${formatTimespan((10 * MIN + 40 - boot) * 1000, 1000)}\n` +
        '    Process: 27854 ExecStart=/usr/sbin/python3 (code=killed, signal=TERM)\n' +
        '   Main PID: 27854 (code=killed, signal=TERM)\n' +
        `        CPU: ${pythonCpu(10 * MIN + 40 - boot)}\n` +
        '\n' +
        bootLog(boot, ORDERS) +
        `Nov 23 09:10:00 db1 systemd[1]: Stopping ${ORDERS}...\n` +
        'Nov 23 09:10:00 db1 systemd[1]: orders-api.service: Deactivated successfully.\n' +
        `Nov 23 09:10:00 db1 systemd[1]: Stopped ${ORDERS}.\n`,
    );
    expect(r.exit).toBe(3);
  });

  it('a unit that never ran', () => {
    const w = labWorld();
    const unit = w.hosts.db1.units['pg-stub'];
    Object.assign(unit, { state: 'inactive', enabled: false, journal: [] });
    delete unit.activeAt;
    const r = run(w, 'systemctl status pg-stub', { at: MIN });
    expect(r.out).toBe(
      '○ pg-stub.service - TCP listener on 5432\n' +
        '     Loaded: loaded (/lib/systemd/system/pg-stub.service; disabled; preset: enabled)\n' +
        '     Active: inactive (dead)\n',
    );
    expect(r.exit).toBe(3);
  });

  it('a unit without a description shows its name only', () => {
    const r = run(labWorld(), 'systemctl status tcp-close', { at: MIN });
    expect(r.out.split('\n')[0]).toBe('● tcp-close.service');
  });

  it('an unknown unit: exit 4', () => {
    const r = run(labWorld(), 'systemctl status foo');
    expect(r.out).toBe('');
    expect(r.err).toBe('Unit foo.service could not be found.\n');
    expect(r.exit).toBe(4);
  });

  it('-n limits the journal lines; without root none are shown', () => {
    const w = labWorld();
    run(w, 'systemctl restart orders-api', { at: MIN });
    const two = run(w, 'systemctl status -n 1 orders-api', { at: 2 * MIN });
    expect(two.out.endsWith(`\n\nNov 23 09:01:00 db1 systemd[1]: Started ${ORDERS}.\n`)).toBe(true);
    const user = run(w, 'systemctl status orders-api', { at: 2 * MIN, user: 'alice' });
    expect(user.out.endsWith('└─27868 /usr/sbin/python3\n')).toBe(true);
    expect(user.exit).toBe(0);
  });

  it('--no-pager on a terminal cuts journal lines to 80 columns', () => {
    const w = labWorld();
    run(w, 'systemctl restart orders-api', { at: MIN });
    const r = run(w, 'systemctl status --no-pager -n 1 orders-api', { at: 2 * MIN });
    expect(r.out.split('\n').at(-2)).toBe('Nov 23 09:01:00 db1 systemd[1]: Started orders-api.service - orders API (p…ver).');
  });

  it('without units: the manager and its cgroup tree', () => {
    const w = labWorld();
    run(w, 'systemctl stop tcp-close tcp-hang tcp-reset', { at: MIN });
    const r = run(w, 'systemctl status', { at: 2 * MIN });
    expect(r.out).toBe(
      '● db1\n    State: running\n    Units: 243 loaded (incl. loaded aliases)\n     Jobs: 0 queued\n   Failed: 0 units\n' +
        '    Since: Mon 2026-11-23 09:00:00 UTC; 2min 0s ago\n  systemd: 252.38-1~deb12u1\n   CGroup: /\n' +
        '           ├─init.scope\n           │ └─1 /sbin/init\n           └─system.slice\n' +
        '             ├─orders-api.service\n             │ └─27854 /usr/sbin/python3\n' +
        '             └─pg-stub.service\n               └─27853 /usr/sbin/nc\n',
    );
  });
});

describe('starting and stopping services', () => {
  it('stop closes the sockets, start opens them again with a new PID', () => {
    const w = labWorld();
    const boot = bootOf(w, 'orders-api');
    expect(run(w, 'systemctl stop orders-api', { at: MIN })).toEqual({ out: '', err: '', exit: 0 });
    expect(w.hosts.db1.units['orders-api'].state).toBe('inactive');
    const stopped = run(w, 'ss -tlnp sport = :8080');
    expect(stopped.out).toBe('State   Recv-Q   Send-Q     Local Address:Port     Peer Address:Port  Process   \n');
    expect(run(w, 'systemctl is-active orders-api')).toEqual({ out: 'inactive\n', err: '', exit: 3 });

    expect(run(w, 'systemctl start orders-api.service', { at: 2 * MIN })).toEqual({ out: '', err: '', exit: 0 });
    const unit = w.hosts.db1.units['orders-api'];
    expect(unit.state).toBe('active');
    expect(unit.since).toBe(2 * MIN + 40);
    expect(unit.mainPid).toBeGreaterThan(27855);
    const started = run(w, 'ss -tlnp sport = :8080');
    expect(started.out).toContain(`users:(("python3",pid=${unit.mainPid},fd=3))`);
    expect(run(w, 'systemctl is-active orders-api')).toEqual({ out: 'active\n', err: '', exit: 0 });
    expect(run(w, 'journalctl -u orders-api').out).toBe(
      bootLog(boot, ORDERS) +
        `Nov 23 09:01:00 db1 systemd[1]: Stopping ${ORDERS}...\n` +
        'Nov 23 09:01:00 db1 systemd[1]: orders-api.service: Deactivated successfully.\n' +
        `Nov 23 09:01:00 db1 systemd[1]: Stopped ${ORDERS}.\n` +
        `Nov 23 09:02:00 db1 systemd[1]: Starting ${ORDERS}...\n` +
        `Nov 23 09:02:00 db1 systemd[1]: Started ${ORDERS}.\n`,
    );
  });

  it('starting an active unit or stopping an inactive one changes nothing', () => {
    const w = labWorld();
    const unit = w.hosts.db1.units['orders-api'];
    const booted = structuredClone(unit);
    expect(run(w, 'systemctl start orders-api').exit).toBe(0);
    expect(unit).toEqual(booted);
    run(w, 'systemctl stop orders-api');
    const stopped = structuredClone(unit);
    expect(stopped.journal.length).toBeGreaterThan(booted.journal.length);
    expect(run(w, 'systemctl stop orders-api').exit).toBe(0);
    expect(unit).toEqual(stopped);
  });

  it('restart logs a stop and a start under one job, and logs what the service prints at start', () => {
    const w = labWorld();
    w.hosts.db1.units['orders-api'].startLog = ['Serving HTTP on 10.0.2.10 port 8080 (http://10.0.2.10:8080/) ...'];
    const bootJobs = run(w, 'journalctl -xu orders-api').out.match(/The job identifier is (\d+)/g);
    expect(bootJobs).toHaveLength(2);
    const job = nextJobId(w.hosts.db1);
    expect(run(w, 'systemctl restart orders-api', { at: MIN }).exit).toBe(0);
    const pid = w.hosts.db1.units['orders-api'].mainPid;
    const r = run(w, 'journalctl -xu orders-api');
    expect(r.out).toContain(`Nov 23 09:01:00 db1 python3[${pid}]: Serving HTTP on 10.0.2.10 port 8080 (http://10.0.2.10:8080/) ...\n`);
    expect(r.out.match(/The job identifier is (\d+)/g)).toEqual([...bootJobs!, ...Array(4).fill(`The job identifier is ${job}`)]);
  });

  it('a failing start: the job error, a failed unit, no socket, the reason in the journal', () => {
    const w = labWorld();
    const unit = w.hosts.db1.units['orders-api'];
    run(w, 'systemctl stop orders-api', { at: MIN });
    unit.failsWith = 'OSError: [Errno 98] Address already in use';
    const r = run(w, 'systemctl start orders-api', { at: 2 * MIN });
    expect(r.out).toBe('');
    expect(r.err).toBe(
      'Job for orders-api.service failed because the control process exited with error code.\n' +
        'See "systemctl status orders-api.service" and "journalctl -xeu orders-api.service" for details.\n',
    );
    expect(r.exit).toBe(1);
    expect(unit.state).toBe('failed');
    expect(run(w, 'ss -tln sport = :8080').out.split('\n')).toHaveLength(2);

    const st = run(w, 'systemctl status orders-api', { at: 3 * MIN });
    const pid = unit.mainPid;
    expect(st.out).toBe(
      `× ${ORDERS}\n` +
        '     Loaded: loaded (/lib/systemd/system/orders-api.service; enabled; preset: enabled)\n' +
        '     Active: failed (Result: exit-code) since Mon 2026-11-23 09:02:00 UTC; 59s ago\n' +
        `    Process: ${pid} ExecStart=/usr/sbin/python3 (code=exited, status=1/FAILURE)\n` +
        '        CPU: 38ms\n' +
        '\n' +
        `Nov 23 09:02:00 db1 systemd[1]: Starting ${ORDERS}...\n` +
        `Nov 23 09:02:00 db1 python3[${pid}]: OSError: [Errno 98] Address already in use\n` +
        'Nov 23 09:02:00 db1 systemd[1]: orders-api.service: Control process exited, code=exited, status=1/FAILURE\n' +
        "Nov 23 09:02:00 db1 systemd[1]: orders-api.service: Failed with result 'exit-code'.\n" +
        `Nov 23 09:02:00 db1 systemd[1]: Failed to start ${ORDERS}.\n`,
    );
    expect(st.exit).toBe(3);
    expect(run(w, 'systemctl is-failed orders-api')).toEqual({ out: 'failed\n', err: '', exit: 0 });
    expect(run(w, 'systemctl is-active orders-api')).toEqual({ out: 'failed\n', err: '', exit: 3 });
  });

  it('journalctl -xeu explains systemd lines from the message catalog', () => {
    const w = labWorld();
    w.hosts.db1.units['pg-stub'].failsWith = 'nc: Address already in use';
    const job = nextJobId(w.hosts.db1);
    run(w, 'systemctl restart pg-stub', { at: MIN });
    const r = run(w, 'journalctl -xeu pg-stub -n 4');
    const pid = w.hosts.db1.units['pg-stub'].mainPid;
    expect(r.out).toBe(
      `Nov 23 09:01:00 db1 nc[${pid}]: nc: Address already in use\n` +
        'Nov 23 09:01:00 db1 systemd[1]: pg-stub.service: Control process exited, code=exited, status=1/FAILURE\n' +
        '░░ Subject: Unit process exited\n░░ Defined-By: systemd\n░░ Support: https://www.debian.org/support\n░░ \n' +
        '░░ An ExecStart= process belonging to unit pg-stub.service has exited.\n░░ \n' +
        "░░ The process' exit code is 'exited' and its exit status is 1.\n" +
        "Nov 23 09:01:00 db1 systemd[1]: pg-stub.service: Failed with result 'exit-code'.\n" +
        '░░ Subject: Unit failed\n░░ Defined-By: systemd\n░░ Support: https://www.debian.org/support\n░░ \n' +
        "░░ The unit pg-stub.service has entered the 'failed' state with result 'exit-code'.\n" +
        'Nov 23 09:01:00 db1 systemd[1]: Failed to start pg-stub.service - TCP listener on 5432.\n' +
        '░░ Subject: A start job for unit pg-stub.service has failed\n░░ Defined-By: systemd\n░░ Support: https://www.debian.org/support\n░░ \n' +
        '░░ A start job for unit pg-stub.service has finished with a failure.\n░░ \n' +
        `░░ The job identifier is ${job} and the job result is failed.\n`,
    );
    expect(r.exit).toBe(0);
  });

  it('reload needs an active unit', () => {
    const w = labWorld();
    const boot = bootOf(w, 'orders-api');
    expect(run(w, 'systemctl reload orders-api', { at: MIN }).exit).toBe(0);
    expect(w.hosts.db1.units['orders-api'].since).toBe(boot);
    expect(run(w, 'journalctl -u orders-api').out).toBe(
      bootLog(boot, ORDERS) + `Nov 23 09:01:00 db1 systemd[1]: Reloading ${ORDERS}...\nNov 23 09:01:00 db1 systemd[1]: Reloaded ${ORDERS}.\n`,
    );
    run(w, 'systemctl stop orders-api');
    expect(run(w, 'systemctl reload orders-api')).toEqual({ out: '', err: 'orders-api.service is not active, cannot reload.\n', exit: 1 });
  });

  it('enable and disable change the unit file state', () => {
    const w = labWorld();
    expect(run(w, 'systemctl disable orders-api')).toEqual({
      out: '', err: 'Removed "/etc/systemd/system/multi-user.target.wants/orders-api.service".\n', exit: 0,
    });
    expect(run(w, 'systemctl is-enabled orders-api')).toEqual({ out: 'disabled\n', err: '', exit: 1 });
    expect(run(w, 'systemctl disable orders-api')).toEqual({ out: '', err: '', exit: 0 });
    expect(run(w, 'systemctl enable --now orders-api.service')).toEqual({
      out: '', err: 'Created symlink /etc/systemd/system/multi-user.target.wants/orders-api.service → /lib/systemd/system/orders-api.service.\n', exit: 0,
    });
    expect(run(w, 'systemctl is-enabled orders-api')).toEqual({ out: 'enabled\n', err: '', exit: 0 });
    expect(run(w, 'systemctl disable --now orders-api').exit).toBe(0);
    expect(w.hosts.db1.units['orders-api'].state).toBe('inactive');
  });
});

describe('systemctl errors and privileges', () => {
  it('a user who is not root cannot change units', () => {
    const w = labWorld();
    const r = run(w, 'systemctl stop orders-api', { user: 'alice' });
    expect(r).toEqual({
      out: '',
      err: "Failed to stop orders-api.service: Interactive authentication required.\nSee system logs and 'systemctl status orders-api.service' for details.\n",
      exit: 1,
    });
    expect(w.hosts.db1.units['orders-api'].state).toBe('active');
    expect(run(w, 'systemctl enable orders-api', { user: 'alice' })).toEqual({ out: '', err: 'Failed to enable unit: Interactive authentication required.\n', exit: 1 });
    expect(run(w, 'systemctl daemon-reload', { user: 'alice' })).toEqual({ out: '', err: 'Reload daemon failed: Interactive authentication required.\n', exit: 1 });
    expect(run(w, 'systemctl is-active orders-api', { user: 'alice' }).exit).toBe(0);
  });

  it('unknown units, verbs and missing arguments', () => {
    const w = labWorld();
    expect(run(w, 'systemctl start nope')).toEqual({ out: '', err: 'Failed to start nope.service: Unit nope.service not found.\n', exit: 5 });
    expect(run(w, 'systemctl stop nope')).toEqual({ out: '', err: 'Failed to stop nope.service: Unit nope.service not loaded.\n', exit: 5 });
    expect(run(w, 'systemctl enable nope')).toEqual({ out: '', err: 'Failed to enable unit: Unit file nope.service does not exist.\n', exit: 1 });
    expect(run(w, 'systemctl is-active nope')).toEqual({ out: 'inactive\n', err: '', exit: 3 });
    expect(run(w, 'systemctl is-enabled nope')).toEqual({ out: '', err: 'Failed to get unit file state for nope.service: No such file or directory\n', exit: 1 });
    expect(run(w, 'systemctl frobnicate nope')).toEqual({ out: '', err: 'Unknown command verb frobnicate.\n', exit: 1 });
    expect(run(w, 'systemctl restart')).toEqual({ out: '', err: 'Too few arguments.\n', exit: 1 });
    expect(run(w, 'systemctl --bogus')).toEqual({ out: '', err: "systemctl: unrecognized option '--bogus'\n", exit: 1 });
  });
});

describe('systemctl list-units', () => {
  it('lists loaded active and failed services with the legend', () => {
    const w = labWorld();
    w.hosts.db1.units['pg-stub'].failsWith = 'nc: Address already in use';
    run(w, 'systemctl restart pg-stub');
    run(w, 'systemctl stop tcp-hang');
    const r = run(w, 'systemctl list-units --type=service');
    expect(r.out).toBe(
      '  UNIT               LOAD   ACTIVE SUB     DESCRIPTION\n' +
        '  orders-api.service loaded active running orders API (python http.server)\n' +
        '● pg-stub.service    loaded failed failed  TCP listener on 5432\n' +
        '  tcp-close.service  loaded active running tcp-close.service\n' +
        '  tcp-reset.service  loaded active running tcp-reset.service\n' +
        '\n' +
        'LOAD   = Reflects whether the unit definition was properly loaded.\n' +
        'ACTIVE = The high-level unit activation state, i.e. generalization of SUB.\n' +
        'SUB    = The low-level unit activation state, values depend on unit type.\n' +
        '4 loaded units listed. Pass --all to see loaded but inactive units, too.\n' +
        "To show all installed unit files use 'systemctl list-unit-files'.\n",
    );
    expect(run(w, 'systemctl --failed').out).toBe(
      '  UNIT            LOAD   ACTIVE SUB    DESCRIPTION\n' +
        '● pg-stub.service loaded failed failed TCP listener on 5432\n' +
        '\n' +
        'LOAD   = Reflects whether the unit definition was properly loaded.\n' +
        'ACTIVE = The high-level unit activation state, i.e. generalization of SUB.\n' +
        'SUB    = The low-level unit activation state, values depend on unit type.\n' +
        '1 loaded units listed.\n',
    );
    expect(run(w, 'systemctl list-units --all --no-legend tcp-h*').out).toBe('  tcp-hang.service loaded inactive dead tcp-hang.service\n');
  });

  it('--failed with nothing failed', () => {
    expect(run(labWorld(), 'systemctl --failed').out).toBe('  UNIT LOAD ACTIVE SUB DESCRIPTION\n0 loaded units listed.\n');
  });
});

describe('journalctl', () => {
  it('-- No entries -- for a unit without lines, or an unknown one', () => {
    expect(run(labWorld(), 'journalctl -u nope --no-pager')).toEqual({ out: '-- No entries --\n', err: '', exit: 0 });
    const w = labWorld();
    Object.assign(w.hosts.db1.units['tcp-hang'], { state: 'inactive', journal: [] });
    expect(run(w, 'journalctl -u tcp-hang')).toEqual({ out: '-- No entries --\n', err: '', exit: 0 });
  });

  it('-n keeps the last lines; -f is not followed', () => {
    const w = labWorld();
    run(w, 'systemctl restart orders-api', { at: MIN });
    expect(run(w, 'journalctl -u orders-api -n 2').out).toBe(
      `Nov 23 09:01:00 db1 systemd[1]: Starting ${ORDERS}...\nNov 23 09:01:00 db1 systemd[1]: Started ${ORDERS}.\n`,
    );
    expect(run(w, 'journalctl -fu orders-api -n1').out).toBe(`Nov 23 09:01:00 db1 systemd[1]: Started ${ORDERS}.\n`);
  });

  it('a user outside the adm group sees nothing, with a hint', () => {
    const w = labWorld();
    run(w, 'systemctl restart orders-api', { at: MIN });
    expect(run(w, 'journalctl -u orders-api', { user: 'alice' })).toEqual({
      out: '-- No entries --\n',
      err:
        'Hint: You are currently not seeing messages from other users and the system.\n' +
        "      Users in groups 'adm', 'systemd-journal' can see all messages.\n" +
        '      Pass -q to turn off this notice.\n',
      exit: 0,
    });
    expect(run(w, 'journalctl -q -u orders-api', { user: 'alice' })).toEqual({ out: '', err: '', exit: 0 });
  });

  it('without -u it shows every unit, oldest first', () => {
    const w = labWorld();
    run(w, 'systemctl stop tcp-close', { at: MIN });
    run(w, 'systemctl stop pg-stub', { at: 2 * MIN });
    const r = run(w, 'journalctl --no-pager');
    const boots = Object.values(w.hosts.db1.units).map((u) => u.journal[0].at);
    expect(boots.every((at) => at < 0)).toBe(true);
    // The five units' starts at boot come first, in the order they started.
    expect(r.out.split('\n').filter((l) => l.includes(': Started ')).map((l) => l.slice(0, 15))).toEqual(
      [...boots].sort((a, b) => a - b).map((at) => formatSyslogTime(wallMs(at))),
    );
    expect(r.out.split('\n').map((l) => l.slice(16, 40))).toEqual([
      ...Array(5).fill(['db1 systemd[1]: Starting', 'db1 systemd[1]: Started ']).flat(),
      'db1 systemd[1]: Stopping',
      'db1 systemd[1]: tcp-clos',
      'db1 systemd[1]: Stopped ',
      'db1 systemd[1]: Stopping',
      'db1 systemd[1]: pg-stub.',
      'db1 systemd[1]: Stopped ',
      '',
    ]);
  });

  it('--since and --until take systemd timestamps', () => {
    const w = labWorld();
    run(w, 'systemctl stop tcp-close', { at: MIN });
    run(w, 'systemctl stop pg-stub', { at: 5 * MIN });
    w.now = 6 * MIN;
    const recent = run(w, 'journalctl --since "3 min ago"');
    expect(recent.out.split('\n').filter(Boolean).every((l) => l.startsWith('Nov 23 09:05:00 db1 systemd[1]:'))).toBe(true);
    expect(recent.out.split('\n').filter(Boolean)).toHaveLength(3);
    expect(run(w, "journalctl -S '2026-11-23 09:00' -U 09:02").out.split('\n').filter(Boolean)).toHaveLength(3);
    expect(run(w, 'journalctl --since bogus')).toEqual({ out: '', err: 'Failed to parse timestamp: bogus\n', exit: 1 });
    expect(run(w, 'journalctl --since now --until -1h')).toEqual({ out: '', err: '--since= must be before --until=.\n', exit: 1 });
  });

  it('-o cat prints the messages alone; unknown formats are refused', () => {
    const w = labWorld();
    run(w, 'systemctl stop tcp-close', { at: MIN });
    expect(run(w, 'journalctl -u tcp-close -o cat').out).toBe(
      'Starting tcp-close.service...\nStarted tcp-close.service.\n' +
        'Stopping tcp-close.service...\ntcp-close.service: Deactivated successfully.\nStopped tcp-close.service.\n',
    );
    expect(run(w, 'journalctl -u tcp-close --no-hostname -n 1').out).toBe('Nov 23 09:01:00 systemd[1]: Stopped tcp-close.service.\n');
    expect(run(w, 'journalctl -o yaml')).toEqual({ out: '', err: "Unknown output format 'yaml'.\n", exit: 1 });
  });
});

