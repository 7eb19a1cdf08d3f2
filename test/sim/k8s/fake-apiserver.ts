// Serves the simulator's API (server/sim/k8s/apiserver.ts) over HTTP on 127.0.0.1 so the
// real kubectl can talk to it, and runs that kubectl. Test-only: real sockets and processes.
// Besides the simulated API, it serves a minimal OpenAPI v3 index telling kubectl that the
// server supports server-side field validation (so kubectl sends fieldValidation=Strict
// instead of validating against a schema itself, as it does with a real v1.32 server).
// Request bodies in protobuf (what kubectl's typed clients send) are not decoded.
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve, type ApiRequest } from '../../../server/sim/k8s/apiserver.js';
import { groupVersion, RESOURCES } from '../../../server/sim/k8s/resources.js';
import type { World } from '../../../server/sim/world/types.js';

export const kubectlAvailable = (): boolean => spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;

export interface FakeApiServer {
  url: string;
  /** Requests received, `METHOD path?query`, for tests that check what kubectl sent. */
  requests: string[];
  close(): Promise<void>;
}

const gvPath = (gv: string) => (gv.includes('/') ? `apis/${gv}` : `api/${gv}`);

/** /openapi/v3 and /openapi/v3/<group-version>: PATCH operations that accept fieldValidation. */
function openApi(path: string): unknown {
  const gvs = [...new Set(RESOURCES.map(groupVersion))];
  if (path === '/openapi/v3') {
    return { paths: Object.fromEntries(gvs.map((gv) => [gvPath(gv), { serverRelativeURL: `/openapi/v3/${gvPath(gv)}?hash=0` }])) };
  }
  const gv = gvs.find((g) => path === `/openapi/v3/${gvPath(g)}`);
  if (!gv) return undefined;
  const paths: Record<string, unknown> = {};
  for (const t of RESOURCES.filter((r) => groupVersion(r) === gv)) {
    const ns = t.namespaced ? '/namespaces/{namespace}' : '';
    paths[`/${gvPath(gv)}${ns}/${t.resource}/{name}`] = {
      patch: {
        'x-kubernetes-group-version-kind': { group: t.group, version: t.version, kind: t.kind },
        parameters: [{ name: 'fieldValidation', in: 'query', schema: { type: 'string', uniqueItems: true } }],
      },
    };
  }
  return { openapi: '3.0.0', info: { title: 'Kubernetes', version: 'v1.32.4' }, paths, components: { schemas: {} } };
}

/** Starts the fake API server for `world` on an ephemeral port. */
export function startFakeApiServer(world: World): Promise<FakeApiServer> {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (raw += chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      requests.push(`${req.method} ${url.pathname}${url.search}`);
      const reply = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (url.pathname.startsWith('/openapi/v3')) {
        const doc = openApi(url.pathname);
        return doc ? reply(200, doc) : reply(404, {});
      }
      // Typed clients send protobuf (kubectl create deployment, drain's evictions): not decoded here.
      const json = /json|yaml/.test(req.headers['content-type'] ?? 'application/json');
      let body: unknown;
      try {
        body = raw && json ? JSON.parse(raw) : undefined;
      } catch {
        return reply(400, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'invalid JSON body', reason: 'BadRequest', code: 400 });
      }
      const query = Object.fromEntries(url.searchParams);
      const table = /as=Table/.test(req.headers.accept ?? '');
      const method = (req.method ?? 'GET') as ApiRequest['method'];
      const { status, body: out } = serve(world, { method, path: url.pathname, query, table, body, contentType: req.headers['content-type'] });
      reply(status, out);
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ url: `http://127.0.0.1:${port}`, requests, close: () => new Promise((r) => server.close(() => r())) });
    });
  });
}

export interface KubectlResult {
  stdout: string;
  stderr: string;
  exit: number;
}

/** Runs the real kubectl against `server` (UTC, no kubeconfig, a private discovery cache). */
export function runRealKubectl(server: FakeApiServer, args: string[], opts: { stdin?: string; cwd?: string; env?: Record<string, string> } = {}): Promise<KubectlResult> {
  const home = mkdtempSync(join(tmpdir(), 'kubectl-home-'));
  return new Promise((resolve) => {
    const child = execFile(
      'kubectl',
      [`--server=${server.url}`, ...args],
      { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, KUBECONFIG: '/dev/null', TZ: 'UTC', LANG: 'C', ...opts.env }, encoding: 'utf8', cwd: opts.cwd },
      (err, stdout, stderr) => {
        rmSync(home, { recursive: true, force: true });
        const exit = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        resolve({ stdout, stderr, exit });
      },
    );
    child.stdin?.end(opts.stdin ?? '');
  });
}
