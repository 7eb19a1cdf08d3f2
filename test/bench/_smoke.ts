import { serverBench } from './server.js';
console.log(await serverBench());
