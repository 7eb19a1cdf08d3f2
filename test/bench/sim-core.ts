// Simulation core: world construction and one ping evaluation on a 500-VM world.
import { buildWorld } from '../../server/sim/world/build.js';
import { probe } from '../../server/sim/net/engine.js';
import { parseIp } from '../../server/sim/net/ip.js';
import { execLine, newSession } from '../../server/shell/shell.js';
import { commands } from '../../server/shell/commands/index.js';
import { bigWorldSpec } from './big-world.js';
import { median, type Figure } from './figures.js';

export function simCore(): Figure[] {
  const spec = bigWorldSpec();
  const builds: number[] = [];
  for (let i = 0; i < 15; i++) {
    const t = performance.now();
    buildWorld(spec, i);
    builds.push(performance.now() - t);
  }
  const world = buildWorld(spec, 1);
  const pings: number[] = [];
  const dsts = Array.from({ length: 200 }, (_, i) => parseIp(`10.${(i * 7) % 50}.0.${10 + (i % 10)}`)!);
  for (let i = 0; i < 2000; i++) {
    const t = performance.now();
    const r = probe(world, 'vm0-0', { dst: dsts[i % dsts.length], proto: 'icmp' });
    pings.push(performance.now() - t);
    if (r.kind !== 'reply') throw new Error(`benchmark world is broken: ${JSON.stringify(r)}`);
  }
  const session = newSession(world, 'vm0-0');
  const cmds: number[] = [];
  for (let i = 0; i < 300; i++) {
    const t = performance.now();
    execLine(world, session, `ping -c 1 10.${(i * 7) % 50}.0.15`, commands);
    cmds.push(performance.now() - t);
  }
  return [
    { name: 'sim: build 500-VM/50-subnet world (median)', value: median(builds), unit: 'ms', target: 50 },
    { name: 'sim: one ping evaluation, 3 routers, 2,000 rules', value: median(pings), unit: 'ms', target: 0.2 },
    { name: 'sim: `ping -c 1` through the shell (median)', value: median(cmds), unit: 'ms', target: 1 },
  ];
}
