// The lab of shared/reference/linux/00-topology.txt (test/fixtures/lab.yaml) as it was when
// the ss/netstat captures were taken: db1's servers bound to 10.0.2.10 with the captured
// PIDs, fds and backlogs, dnsmasq's fds, and no sshd (the namespaces ran none).
import { readFileSync } from 'node:fs';
import YAML from 'yaml';
import { parseIp } from '../../server/sim/net/ip.js';
import { buildWorld } from '../../server/sim/world/build.js';
import type { WorldSpec } from '../../server/sim/world/spec.js';
import type { World } from '../../server/sim/world/types.js';

const LAB = new URL('../fixtures/lab.yaml', import.meta.url);

export function labWorld(): World {
  const w = buildWorld(YAML.parse(readFileSync(LAB, 'utf8')) as WorldSpec, 1);
  for (const h of Object.values(w.hosts)) delete h.units.ssh;
  const db1 = w.hosts.db1.units;
  const set = (unit: string, pid: number, fds: number[], backlog?: number) => {
    const u = db1[unit] ?? w.hosts.dns1.units[unit];
    u.mainPid = pid;
    u.listeners.forEach((l, i) => {
      l.pid = pid;
      l.fd = fds[i];
      if (l.addr === 0) l.addr = parseIp('10.0.2.10')!;
      if (backlog !== undefined) l.backlog = backlog;
    });
  };
  set('orders-api', 27854, [3]);
  set('pg-stub', 27853, [3]);
  set('tcp-close', 27855, [3], 16);
  set('tcp-reset', 27855, [5], 16);
  set('tcp-hang', 27855, [7], 16);
  set('dnsmasq', 15094, [4, 5]);
  return w;
}
