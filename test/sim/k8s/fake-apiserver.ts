// Serves the simulator's API (server/sim/k8s/apiserver.ts) over HTTP on 127.0.0.1 so the
// real kubectl can talk to it, and runs that kubectl. Test-only: real sockets and processes.
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '../../../server/sim/k8s/apiserver.js';
import type { World } from '../../../server/sim/world/types.js';

export const kubectlAvailable = (): boolean => spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;

export interface FakeApiServer {
  url: string;
  close(): Promise<void>;
}

/** Starts the fake API server for `world` on an ephemeral port. */
export function startFakeApiServer(world: World): Promise<FakeApiServer> {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const query = Object.fromEntries(url.searchParams);
    const table = /as=Table/.test(req.headers.accept ?? '');
    const { status, body } = serve(world, { path: url.pathname, query, table });
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) });
    });
  });
}

export interface KubectlResult {
  stdout: string;
  stderr: string;
  exit: number;
}

/** Runs the real kubectl against `server` (UTC, no kubeconfig, a private discovery cache). */
export function runRealKubectl(server: FakeApiServer, args: string[]): Promise<KubectlResult> {
  const home = mkdtempSync(join(tmpdir(), 'kubectl-home-'));
  return new Promise((resolve) => {
    execFile(
      'kubectl',
      [`--server=${server.url}`, ...args],
      { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, KUBECONFIG: '/dev/null', TZ: 'UTC', LANG: 'C' }, encoding: 'utf8' },
      (err, stdout, stderr) => {
        rmSync(home, { recursive: true, force: true });
        const exit = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        resolve({ stdout, stderr, exit });
      },
    );
  });
}
