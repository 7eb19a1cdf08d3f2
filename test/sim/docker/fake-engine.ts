// Serves the simulated Docker Engine API (server/sim/docker/engine.ts) over HTTP on
// 127.0.0.1 so the real docker CLI (DOCKER_HOST=tcp://...) formats its answers, and runs
// that CLI. Test-only: real sockets and processes.
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { API_VERSION, serveEngine } from '../../../server/sim/docker/engine.js';
import type { DockerLogLine } from '../../../server/sim/docker/types.js';
import type { World } from '../../../server/sim/world/types.js';

export const dockerAvailable = (): boolean => spawnSync('docker', ['--version'], { encoding: 'utf8' }).status === 0;

export interface FakeEngine {
  url: string;
  close(): Promise<void>;
}

/** A log stream in the Engine's multiplexed format (8-byte frame headers: stream, size). */
function frames(lines: DockerLogLine[]): Buffer {
  return Buffer.concat(lines.map((l) => {
    const text = Buffer.from(l.text, 'utf8');
    const head = Buffer.alloc(8);
    head[0] = l.stream === 'stdout' ? 1 : 2;
    head.writeUInt32BE(text.length, 4);
    return Buffer.concat([head, text]);
  }));
}

export function startFakeEngine(world: World, host: string): Promise<FakeEngine> {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const headers = { 'Api-Version': API_VERSION, 'Docker-Experimental': 'false', Ostype: 'linux', Server: 'Docker/28.2.2 (linux)' };
    const r = serveEngine(world, host, { path: url.pathname, query: Object.fromEntries(url.searchParams) });
    if (url.pathname.endsWith('/logs') && r.status === 200) {
      const tail = url.searchParams.get('tail');
      let lines = r.body as DockerLogLine[];
      if (tail && tail !== 'all') lines = lines.slice(Math.max(0, lines.length - Number(tail)));
      if (url.searchParams.get('stdout') !== '1') lines = lines.filter((l) => l.stream !== 'stdout');
      if (url.searchParams.get('stderr') !== '1') lines = lines.filter((l) => l.stream !== 'stderr');
      res.writeHead(200, { ...headers, 'Content-Type': 'application/vnd.docker.multiplexed-stream' });
      res.end(frames(lines));
      return;
    }
    const text = url.pathname === '/_ping' ? 'OK' : JSON.stringify(r.body) + '\n';
    res.writeHead(r.status, { ...headers, 'Content-Type': url.pathname === '/_ping' ? 'text/plain; charset=utf-8' : 'application/json' });
    res.end(req.method === 'HEAD' ? undefined : text);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ url: `tcp://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) });
    });
  });
}

export interface DockerResult {
  stdout: string;
  stderr: string;
  exit: number;
}

export function runRealDocker(engine: FakeEngine, args: string[]): Promise<DockerResult> {
  const home = mkdtempSync(join(tmpdir(), 'docker-home-'));
  return new Promise((resolve) => {
    execFile('docker', args, { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, DOCKER_HOST: engine.url, TZ: 'UTC', LANG: 'C', DOCKER_CONFIG: join(home, '.docker') }, encoding: 'utf8' }, (err, stdout, stderr) => {
      rmSync(home, { recursive: true, force: true });
      resolve({ stdout, stderr, exit: err ? (typeof err.code === 'number' ? err.code : 1) : 0 });
    });
  });
}
