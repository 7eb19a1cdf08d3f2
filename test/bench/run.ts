// `npm run bench`: measures the figures the issues set targets for, and prints each
// beside its target. Runs every benchmark file in this folder (OPSDRILL_BENCH picks some).
import { clientBench } from './client.js';
import { k8sBench } from './k8s.js';
import { serverBench } from './server.js';
import { simCore } from './sim-core.js';
import type { Figure } from './figures.js';

// OPSDRILL_BENCH=k8s,server runs only those.
const only = process.env.OPSDRILL_BENCH?.split(',');
const want = (name: string) => !only || only.includes(name);
const figures: Figure[] = [
  ...(want('sim') ? simCore() : []),
  ...(want('k8s') ? k8sBench() : []),
  ...(want('client') ? await clientBench() : []),
  ...(want('server') ? await serverBench() : []),
];
let failed = 0;
for (const f of figures) {
  const ok = f.target === undefined || (f.atLeast ? f.value >= f.target : f.value <= f.target);
  if (!ok) failed++;
  const target = f.target === undefined ? '(no target)' : `(target ${f.atLeast ? '≥' : '<'} ${f.target} ${f.unit})`;
  console.log(`${f.target === undefined ? 'info' : ok ? 'ok  ' : 'SLOW'} ${f.name.padEnd(52)} ${f.value.toFixed(3).padStart(10)} ${f.unit.padEnd(3)} ${target}`);
}
process.exitCode = failed ? 1 : 0;
