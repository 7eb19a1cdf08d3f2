import { serverBench } from './server.js';
for (const f of await serverBench()) console.log(f.name, f.value.toFixed(3), f.unit, f.atLeast ? '>=' : '<', f.target);
