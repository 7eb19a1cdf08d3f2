// What the simulated kube-apiserver writes on the wire for a GET (what `kubectl get --raw`
// passes through): JSON as Go's encoder writes it (compact, `<>&` escaped, a final newline;
// /version indented without one), and the plain-text health checks /healthz, /livez and
// /readyz (with `?verbose`, one line per check), failing on etcd when no etcd member runs;
// with metrics-server up, its metrics.k8s.io API too.
import type { World } from '../world/types.js';
import { serve, type ApiResponse } from './apiserver.js';
import { METRICS_GROUP, metricsServed, serveMetrics } from './metrics-api.js';

export interface WireResponse {
  status: number;
  contentType: string;
  body: string;
}

/** kube-apiserver v1.32's post-start hooks, in the order the health checks list them. */
const HOOKS = [
  'start-apiserver-admission-initializer', 'generic-apiserver-start-informers', 'priority-and-fairness-config-consumer',
  'priority-and-fairness-filter', 'storage-object-count-tracker-hook', 'start-apiextensions-informers', 'start-apiextensions-controllers',
  'crd-informer-synced', 'start-system-namespaces-controller', 'start-cluster-authentication-info-controller',
  'start-kube-apiserver-identity-lease-controller', 'start-kube-apiserver-identity-lease-garbage-collector',
  'start-legacy-token-tracking-controller', 'start-service-ip-repair-controllers', 'rbac/bootstrap-roles',
  'scheduling/bootstrap-system-priority-classes', 'priority-and-fairness-config-producer', 'bootstrap-controller',
  'aggregator-reload-proxy-client-cert', 'start-kube-aggregator-informers', 'apiservice-status-local-available-controller',
  'apiservice-status-remote-available-controller', 'apiservice-registration-controller', 'apiservice-discovery-controller',
  'kube-apiserver-autoregistration',
];

function checks(kind: 'healthz' | 'livez' | 'readyz'): string[] {
  return [
    'ping', 'log', 'etcd', ...(kind === 'readyz' ? ['etcd-readiness', 'informer-sync'] : []),
    ...HOOKS.map((h) => `poststarthook/${h}`), 'autoregister-completion', 'poststarthook/apiservice-openapi-controller',
    'poststarthook/apiservice-openapiv3-controller', ...(kind === 'readyz' ? ['shutdown'] : []),
  ];
}

/** etcd answers (a cluster without a simulated control plane always does). */
function etcdUp(world: World): boolean {
  const rt = world.cluster?.runtime;
  return !rt || rt.config.controlPlane.some((h) => world.hosts[h]?.units.etcd?.state === 'active');
}

function health(world: World, kind: 'healthz' | 'livez' | 'readyz', verbose: boolean): WireResponse {
  const up = etcdUp(world);
  const failed = (c: string) => !up && (c === 'etcd' || c === 'etcd-readiness');
  const ok = checks(kind).every((c) => !failed(c));
  const text = verbose || !ok
    ? checks(kind).map((c) => (failed(c) ? `[-]${c} failed: reason withheld\n` : `[+]${c} ok\n`)).join('') + `${kind} check ${ok ? 'passed' : 'failed'}\n`
    : 'ok';
  return { status: ok ? 200 : 500, contentType: 'text/plain; charset=utf-8', body: text };
}

/** json.Marshal's string escaping beyond JSON.stringify's (HTML characters, U+2028/U+2029). */
const goEscape = (json: string) =>
  json.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** The bytes of an API response as the server encodes it. */
export function encodeJson(path: string, res: ApiResponse): string {
  if (path === '/version' && res.status === 200) return goEscape(JSON.stringify(res.body, null, 2));
  return goEscape(JSON.stringify(res.body)) + '\n';
}

/** A GET of `path` (with its query string) as the wire carries the answer. */
export function rawGet(world: World, pathWithQuery: string): WireResponse {
  const q = pathWithQuery.indexOf('?');
  const path = q < 0 ? pathWithQuery : pathWithQuery.slice(0, q);
  const query = Object.fromEntries(new URLSearchParams(q < 0 ? '' : pathWithQuery.slice(q + 1)));
  const m = /^\/(healthz|livez|readyz)\/?$/.exec(path);
  if (m && world.cluster) return health(world, m[1] as 'healthz' | 'livez' | 'readyz', 'verbose' in query);
  const res = serveMetrics(world, path, query) ?? (etcdUp(world) || path === '/version' || path === '/api' || path === '/apis' ? serve(world, { path, query }) : ETCD_TIMEOUT);
  if (path === '/apis' && res.status === 200 && metricsServed(world)) {
    const list = res.body as { groups: unknown[] };
    return { status: 200, contentType: 'application/json', body: encodeJson(path, { status: 200, body: { ...list, groups: [...list.groups, METRICS_GROUP] } }) };
  }
  return { status: res.status, contentType: 'application/json', body: encodeJson(path, res) };
}

const ETCD_TIMEOUT: ApiResponse = { status: 500, body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'etcdserver: request timed out', reason: '', code: 500 } };
