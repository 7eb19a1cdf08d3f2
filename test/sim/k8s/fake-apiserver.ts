// Serves the simulator's API (server/sim/k8s/apiserver.ts) over HTTP on 127.0.0.1 so the
// real kubectl can talk to it, and runs that kubectl. Test-only: real sockets and processes.
// Besides the simulated API, it serves a minimal OpenAPI v3 index telling kubectl that the
// server supports server-side field validation (so kubectl sends fieldValidation=Strict
// instead of validating against a schema itself, as it does with a real v1.32 server).
// Request bodies in protobuf (what kubectl's typed clients send) are not decoded. Bodies are
// written as the simulated server encodes them (apiserver-wire.ts), health checks and
// metrics-server's API (when the world runs one) included.
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve, type ApiRequest } from '../../../server/sim/k8s/apiserver.js';
import { encodeJson, rawGet } from '../../../server/sim/k8s/apiserver-wire.js';
import { hpaV1ToV2, hpaV2ToV1 } from '../../../server/sim/k8s/hpa-v1.js';
import { openApiSchemas } from '../../../server/sim/k8s/explain-schema.js';
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

/**
 * /openapi/v3 and /openapi/v3/<group-version>: PATCH operations that accept fieldValidation and,
 * with `schemas`, the type schemas `kubectl explain` reads (explain-schema.ts). Off by default:
 * with schemas kubectl apply would take its patch strategies from them.
 */
function openApi(path: string, schemas: boolean): unknown {
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
  return { openapi: '3.0.0', info: { title: 'Kubernetes', version: 'v1.32.4' }, paths, components: { schemas: schemas ? openApiSchemas() : {} } };
}

type Fields = Map<number, (number | Buffer)[]>;

/** The fields of one protobuf message: varints as numbers, length-delimited ones as bytes. */
function protoFields(buf: Buffer): Fields {
  const fields: Fields = new Map();
  let i = 0;
  const varint = () => {
    let v = 0;
    let mul = 1;
    for (;;) {
      const b = buf[i++];
      v += (b & 0x7f) * mul;
      mul *= 128;
      if (b < 0x80) return v;
    }
  };
  while (i < buf.length) {
    const key = varint();
    const [field, wire] = [Math.floor(key / 8), key % 8];
    let value: number | Buffer;
    if (wire === 0) value = varint();
    else if (wire === 2) {
      const len = varint();
      value = buf.subarray(i, i + len);
      i += len;
    } else if (wire === 1) (value = 0), (i += 8);
    else if (wire === 5) (value = 0), (i += 4);
    else break;
    fields.set(field, [...(fields.get(field) ?? []), value]);
  }
  return fields;
}

const str = (f: Fields, n: number) => (f.get(n)?.[0] as Buffer | undefined)?.toString('utf8');
const msg = (f: Fields, n: number) => protoFields((f.get(n)?.[0] as Buffer | undefined) ?? Buffer.alloc(0));
const num = (f: Fields, n: number) => f.get(n)?.[0] as number | undefined;

/** kubectl autoscale's body: the `k8s\0` envelope around an autoscaling/v1 HorizontalPodAutoscaler. */
function decodeHpaV1Protobuf(bytes: Buffer): unknown {
  if (bytes.subarray(0, 4).toString('latin1') !== 'k8s\0') return undefined;
  const unknown = protoFields(bytes.subarray(4));
  const typeMeta = msg(unknown, 1);
  if (str(typeMeta, 1) !== 'autoscaling/v1' || str(typeMeta, 2) !== 'HorizontalPodAutoscaler') return undefined;
  const hpa = protoFields(unknown.get(2)?.[0] as Buffer);
  const [meta, spec, ref] = [msg(hpa, 1), msg(hpa, 2), msg(msg(hpa, 2), 1)];
  const opt = (k: string, v: unknown) => (v === undefined ? {} : { [k]: v });
  return {
    apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler',
    metadata: { ...opt('name', str(meta, 1)), ...opt('namespace', str(meta, 3)) },
    spec: {
      scaleTargetRef: { kind: str(ref, 1), name: str(ref, 2), ...opt('apiVersion', str(ref, 3)) },
      ...opt('minReplicas', num(spec, 2)), maxReplicas: num(spec, 3) ?? 0, ...opt('targetCPUUtilizationPercentage', num(spec, 4)),
    },
  };
}

export interface FakeApiServerOptions {
  /** Publish the OpenAPI v3 type schemas (for `kubectl explain`). */
  openApiSchemas?: boolean;
}

/** ResourceQuotas and LimitRanges are not modelled: a real server lists none (kubectl describe namespace asks). */
const NONE_LISTED = /^\/api\/v1\/(?:namespaces\/[^/]+\/)?(resourcequotas|limitranges)$/;

/** Starts the fake API server for `world` on an ephemeral port. */
export function startFakeApiServer(world: World, opts: FakeApiServerOptions = {}): Promise<FakeApiServer> {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const bytes = Buffer.concat(chunks);
      const raw = bytes.toString('utf8');
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      requests.push(`${req.method} ${url.pathname}${url.search}`);
      const reply = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(encodeJson(url.pathname, { status, body }));
      };
      if (/^\/(healthz|livez|readyz|apis)\/?$|^\/apis\/metrics\.k8s\.io\//.test(url.pathname)) {
        const h = rawGet(world, `${url.pathname}${url.search}`);
        res.writeHead(h.status, { 'content-type': h.contentType });
        return res.end(h.body);
      }
      if (url.pathname.startsWith('/openapi/v3')) {
        const doc = openApi(url.pathname, !!opts.openApiSchemas);
        return doc ? reply(200, doc) : reply(404, {});
      }
      const none = req.method === 'GET' ? NONE_LISTED.exec(url.pathname) : null;
      if (none) {
        const kind = none[1] === 'resourcequotas' ? 'ResourceQuotaList' : 'LimitRangeList';
        return reply(200, { kind, apiVersion: 'v1', metadata: { resourceVersion: '1' }, items: [] });
      }
      // Typed clients send protobuf (kubectl create deployment, drain's evictions): not decoded
      // here, except autoscale's autoscaling/v1 HorizontalPodAutoscaler.
      const json = /json|yaml/.test(req.headers['content-type'] ?? 'application/json');
      let body: unknown;
      try {
        body = raw && json ? JSON.parse(raw) : /protobuf/.test(req.headers['content-type'] ?? '') ? decodeHpaV1Protobuf(bytes) : undefined;
      } catch {
        return reply(400, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'invalid JSON body', reason: 'BadRequest', code: 400 });
      }
      const query = Object.fromEntries(url.searchParams);
      const table = /as=Table/.test(req.headers.accept ?? '');
      const method = (req.method ?? 'GET') as ApiRequest['method'];
      // The real API server also serves HorizontalPodAutoscalers as autoscaling/v1 (kubectl
      // v1.32's `autoscale` creates them there); the simulated one stores v2: convert.
      const v1Hpa = url.pathname.startsWith('/apis/autoscaling/v1/') && url.pathname.includes('/horizontalpodautoscalers');
      const path = v1Hpa ? url.pathname.replace('/apis/autoscaling/v1/', '/apis/autoscaling/v2/') : url.pathname;
      const sent = v1Hpa && body && typeof body === 'object' ? hpaV1ToV2(body as Record<string, unknown>) : body;
      const { status, body: out } = serve(world, { method, path, query, table, body: sent, contentType: req.headers['content-type'] });
      const isHpa = (o: unknown) => !!o && typeof o === 'object' && (o as { kind?: string }).kind === 'HorizontalPodAutoscaler';
      reply(status, v1Hpa && isHpa(out) ? hpaV2ToV1(out as Record<string, unknown>) : out);
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

/**
 * A read-only kubectl line through the simulator (`sim`, its world's clock set to the wall
 * clock by `pinClock`) and through the real kubectl. The two read the clock a few hundred ms
 * apart, so an age can fall on either side of a minute: a pair that differs is run again
 * (twice at most) before the difference counts.
 */
export async function readBoth(
  server: FakeApiServer,
  sim: (line: string) => { out: string; err: string; exit: number },
  pinClock: () => void,
  argv: string[],
  line = argv.join(' '),
): Promise<{ ours: KubectlResult; real: KubectlResult }> {
  for (let attempt = 0; ; attempt++) {
    pinClock();
    const r = sim(`kubectl ${line}`);
    const ours = { stdout: r.out, stderr: r.err, exit: r.exit };
    const real = await runRealKubectl(server, argv);
    const same = ours.stdout === real.stdout && ours.stderr === real.stderr && ours.exit === real.exit;
    if (same || attempt === 2) return { ours, real };
  }
}
