// Service and host faults: units stopped or crashed, listening where clients do not look,
// a full disk, DNS servers and resolver configuration.
import { z } from 'zod';
import { formatRfc3339, wallMs } from '../../sim/clock.js';
import { formatIp } from '../../sim/net/ip.js';
import type { Rng } from '../../sim/rng.js';
import { processOf, startUnit, stopUnit, unitId } from '../../sim/units.js';
import type { Host, Unit, World } from '../../sim/world/types.js';
import { FaultError, SERVICE_TOOLS, fault, hostOf, ipv4, unitOf } from './types.js';

const hostUnit = z.strictObject({ host: z.string(), unit: z.string() });

function activeUnit(world: World, hostName: string, unitName: string): { host: Host; unit: Unit } {
  const host = hostOf(world, hostName);
  const unit = unitOf(host, unitName);
  if (unit.state !== 'active') throw new FaultError(`${unitName} on ${hostName} is not running in the first place`);
  return { host, unit };
}

const serviceTouch = (host: string) => [{ host, programs: SERVICE_TOOLS }];

/** Restarts a unit the way an operator would after changing its configuration. */
function restart(world: World, host: Host, unit: Unit, rng: Rng): void {
  stopUnit(world, host, unit);
  startUnit(world, host, unit, () => rng.next());
}

export const serviceStopped = fault({
  id: 'service-stopped',
  layer: 'service',
  summary: 'A systemd unit was stopped: nothing listens on its ports (connection refused).',
  params: hostUnit,
  describe: (p) => `${p.unit} on ${p.host} was stopped and nobody started it again`,
  apply(world, p) {
    const { host, unit } = activeUnit(world, p.host, p.unit);
    stopUnit(world, host, unit);
    return serviceTouch(p.host);
  },
});

export const serviceCrashed = fault({
  id: 'service-crashed',
  layer: 'service',
  summary: "A unit's main process was killed (SIGKILL, as by the OOM killer): the unit is failed.",
  params: hostUnit,
  describe: (p) => `the main process of ${p.unit} on ${p.host} was killed with SIGKILL and the unit stayed failed`,
  apply(world, p) {
    const { unit } = activeUnit(world, p.host, p.unit);
    const id = unitId(unit.name);
    const log = (text: string) => unit.journal.push({ at: world.now, ident: 'systemd', pid: 1, text });
    log(`${id}: Main process exited, code=killed, status=9/KILL`);
    log(`${id}: Failed with result 'signal'.`);
    unit.activeAt ??= unit.since;
    unit.state = 'failed';
    unit.since = world.now;
    return serviceTouch(p.host);
  },
});

/** Rewrites the unit's bind setting and restarts it, as the operator who broke it did. */
function rebind(world: World, hostName: string, unitName: string, value: (port: number) => string, rng: Rng): void {
  const { host, unit } = activeUnit(world, hostName, unitName);
  if (!unit.bindFrom) throw new FaultError(`${unitName} on ${hostName} has no bindFile (its listen address is not configurable)`);
  const { file, key } = unit.bindFrom;
  const port = unit.listeners.find((l) => l.proto === 'tcp')!.port;
  const lines = (host.files[file] ?? '').split('\n').filter((l) => l !== '' && !l.trim().startsWith(`${key}=`));
  host.files[file] = [...lines, `${key}=${value(port)}`].join('\n') + '\n';
  restart(world, host, unit, rng);
  if (unit.state !== 'active') throw new FaultError(`${unitName} on ${hostName} does not start with ${key}=${value(port)}`);
}

export const serviceLoopbackOnly = fault({
  id: 'service-loopback-only',
  layer: 'service',
  summary: 'A service was reconfigured to listen on 127.0.0.1 only: it works locally, other hosts are refused.',
  params: hostUnit,
  describe: (p) => `${p.unit} on ${p.host} was reconfigured to bind 127.0.0.1 only and restarted`,
  apply(world, p, rng) {
    rebind(world, p.host, p.unit, (port) => `127.0.0.1:${port}`, rng);
    return [...serviceTouch(p.host), { host: p.host, programs: ['cat', 'grep', 'less', 'head', 'tail'], words: [`/etc/default`] }];
  },
});

export const serviceWrongPort = fault({
  id: 'service-wrong-port',
  layer: 'service',
  summary: 'A service was reconfigured to listen on another port than its clients use.',
  params: hostUnit.extend({ port: z.number().int().min(1).max(65535) }),
  describe: (p) => `${p.unit} on ${p.host} was reconfigured to listen on port ${p.port}, not the port its clients use`,
  apply(world, p, rng) {
    const before = world.hosts[p.host]?.units[p.unit]?.listeners.find((l) => l.proto === 'tcp');
    if (before?.port === p.port) throw new FaultError(`${p.unit} already listens on ${p.port}`);
    rebind(world, p.host, p.unit, () => `${before ? formatIp(before.addr) : '0.0.0.0'}:${p.port}`, rng);
    return [...serviceTouch(p.host), { host: p.host, programs: ['cat', 'grep', 'less', 'head', 'tail'], words: [`/etc/default`] }];
  },
});

export const diskFull = fault({
  id: 'disk-full',
  layer: 'host',
  summary: "A runaway log file filled the disk; a unit fails to start with 'No space left on device'.",
  params: hostUnit.extend({
    /** The file that filled the disk (default /var/log/UNIT/debug.log). */
    path: z.string().startsWith('/').optional(),
    /** What the service dies with when it cannot write. */
    error: z.string().default('OSError: [Errno 28] No space left on device'),
  }),
  describe: (p) => `${p.path ?? `/var/log/${p.unit}/debug.log`} filled the disk of ${p.host}; ${p.unit} cannot start without free space`,
  apply(world, p, rng) {
    const { host, unit } = activeUnit(world, p.host, p.unit);
    const path = p.path ?? `/var/log/${p.unit}/debug.log`;
    const free = host.disk.sizeMb - host.disk.usedMb;
    if (free <= 0) throw new FaultError(`${p.host}'s disk is already full`);
    host.disk.files = { ...host.disk.files, [path]: (host.disk.files?.[path] ?? 0) + free };
    host.disk.usedMb = host.disk.sizeMb;
    const proc = processOf(unit);
    // The tail of the runaway log: debug lines up to the moment the disk filled.
    host.files[path] = Array.from({ length: 3 }, (_, i) =>
      `${formatRfc3339(wallMs(world.now - (3 - i) * rng.int(20_000, 90_000))).slice(0, 19)} DEBUG ${proc}: request id=${rng.int(100000, 999999)} ok\n`).join('');
    unit.diskFullError = p.error;
    restart(world, host, unit, rng);
    return [...serviceTouch(p.host), { host: p.host, programs: ['df', 'du', 'ls'] }];
  },
});

export const dnsServerDown = fault({
  id: 'dns-server-down',
  layer: 'dns',
  summary: 'The DNS server unit is stopped: lookups through it time out or are refused.',
  params: hostUnit,
  describe: (p) => `the DNS server ${p.unit} on ${p.host} was stopped`,
  apply(world, p) {
    const { host, unit } = activeUnit(world, p.host, p.unit);
    if (!unit.listeners.some((l) => l.app.kind === 'dns')) throw new FaultError(`${p.unit} on ${p.host} is not a DNS server`);
    stopUnit(world, host, unit);
    return serviceTouch(p.host);
  },
});

const RESOLV_READERS = ['cat', 'grep', 'less', 'more', 'head', 'tail'];

export const wrongResolvConf = fault({
  id: 'wrong-resolv-conf',
  layer: 'dns',
  summary: "/etc/resolv.conf points to an address that runs no DNS server (e.g. a decommissioned one).",
  params: z.strictObject({ host: z.string(), nameserver: ipv4 }),
  describe: (p) => `/etc/resolv.conf on ${p.host} sends queries to ${p.nameserver}, which is not a working DNS server`,
  apply(world, p) {
    const host = hostOf(world, p.host);
    const text = host.files['/etc/resolv.conf'];
    if (text === undefined || !/^nameserver\s/m.test(text)) throw new FaultError(`${p.host} has no nameserver in /etc/resolv.conf`);
    const lines = text.split('\n');
    const first = lines.findIndex((l) => /^nameserver\s/.test(l));
    const next = lines.filter((l, i) => i === first || !/^nameserver\s/.test(l)).map((l) => (/^nameserver\s/.test(l) ? `nameserver ${p.nameserver}` : l));
    if (next.join('\n') === text) throw new FaultError(`${p.host} already uses only ${p.nameserver}`);
    host.files['/etc/resolv.conf'] = next.join('\n');
    return [
      { host: p.host, programs: RESOLV_READERS, words: ['resolv.conf'] },
      { host: p.host, programs: ['dig', 'nslookup', 'host', 'resolvectl'] },
    ];
  },
});

export const staleHostsEntry = fault({
  id: 'stale-hosts-entry',
  layer: 'dns',
  summary: 'A stale /etc/hosts line pins a name to an old address, overriding DNS.',
  params: z.strictObject({ host: z.string(), name: z.string().min(1), ip: ipv4 }),
  describe: (p) => `a stale /etc/hosts entry on ${p.host} pins ${p.name} to ${p.ip}`,
  apply(world, p) {
    const host = hostOf(world, p.host);
    const text = host.files['/etc/hosts'] ?? '';
    host.files['/etc/hosts'] = `${text}${text === '' || text.endsWith('\n') ? '' : '\n'}${p.ip}\t${p.name}\n`;
    return [{ host: p.host, programs: [...RESOLV_READERS, 'getent'], words: ['hosts'] }];
  },
});
