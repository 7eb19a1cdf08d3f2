// Kubernetes layer on a 100-node, 3,000-pod world: building it (cluster warm-up included),
// `kubectl get pods -A` through the shell, one controller tick (a second of cluster time with
// nothing changing), the heap one such world takes, and how long merely copying a built world
// takes (no build can allocate its objects faster).
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { commands } from '../../server/shell/commands/index.js';
import { execLine, newSession } from '../../server/shell/shell.js';
import { tickWorld } from '../../server/sim/tick.js';
import { clone } from '../../server/sim/k8s/patch.js';
import { buildWorld } from '../../server/sim/world/build.js';
import type { World } from '../../server/sim/world/types.js';
import { median, type Figure } from './figures.js';
import { k8sWorldSpec } from './k8s-world.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function heapMb(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed / (1024 * 1024);
}

export function k8sBench(): Figure[] {
  const spec = k8sWorldSpec();
  const builds: number[] = [];
  let world: World | undefined;
  for (let i = 0; i < 3; i++) {
    world = undefined;
    const t = performance.now();
    world = buildWorld(spec, i);
    builds.push(performance.now() - t);
  }
  const pods = Object.keys(world!.cluster!.objects.Pod ?? {}).length;
  if (pods < 3000) throw new Error(`benchmark world has ${pods} pods`);
  const before = heapMb();
  const extra = buildWorld(spec, 7);
  const perWorld = heapMb() - before;
  // (used after the measurement, so it is still alive during it)
  if (!extra.cluster) throw new Error('benchmark world has no cluster');
  // A floor for any build: allocating a copy of a built world's objects, with no logic at all.
  const copies: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    const copy = clone(extra);
    copies.push(performance.now() - t);
    if (!copy.cluster) throw new Error('copy has no cluster');
  }

  const w = world!;
  const session = newSession(w, 'cp1');
  const gets: number[] = [];
  for (let i = 0; i < 30; i++) {
    const t = performance.now();
    const r = execLine(w, session, 'kubectl get pods -A', commands);
    gets.push(performance.now() - t);
    if (r.exit !== 0) throw new Error('kubectl get pods -A failed');
  }
  const ticks: number[] = [];
  for (let i = 0; i < 60; i++) {
    const t = performance.now();
    tickWorld(w, 1000);
    ticks.push(performance.now() - t);
  }
  return [
    { name: `k8s: build 100-node/${pods}-pod world (median)`, value: median(builds), unit: 'ms', target: 200 },
    { name: 'k8s: `kubectl get pods -A` (median)', value: median(gets), unit: 'ms', target: 5 },
    { name: 'k8s: one controller tick, 3,000 pods (median)', value: median(ticks), unit: 'ms', target: 5 },
    { name: 'k8s: memory per 100-node/3,000-pod world', value: perWorld, unit: 'MB', target: 256 },
    { name: 'k8s: copy of a built world, no logic (median)', value: median(copies), unit: 'ms' },
  ];
}
