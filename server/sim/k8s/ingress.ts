// ingress-nginx's routing: which backend a request reaching a controller pod goes to. The
// controller builds one nginx server per host of the Ingresses of its class (`nginx`, by
// ingressClassName or the old annotation): an exact server name first, then a `*.domain`
// wildcard, else the catch-all server of host-less rules. Within it an Exact path wins,
// else the longest Prefix (whole path elements) or ImplementationSpecific (plain nginx
// prefix) path; nothing matching goes to an Ingress's defaultBackend or the controller's
// own 404. The backend Service's ready endpoints are the upstreams (the controller talks to
// pods directly, not through the ClusterIP); none, or no such Service, is a 503.
import { parseIp, type Ip } from '../net/ip.js';
import type { World } from '../world/types.js';
import { parseImageRef } from './images.js';
import { runtimeOf } from './runtime.js';
import { getObject, listObjects, updateObject } from './store.js';
import type { Ingress, IngressBackend } from './types.js';

export const INGRESS_NGINX_IMAGE = 'registry.k8s.io/ingress-nginx/controller';
export const INGRESS_CLASS = 'nginx';

export type IngressRoute =
  /** No rule matches: the controller's default backend answers 404. */
  | { kind: 'default' }
  /** `/healthz` of the catch-all server (for load balancers' health checks): an empty 200. */
  | { kind: 'healthz' }
  /** The backend has no ready endpoint (or does not exist): 503. */
  | { kind: 'unavailable' }
  | { kind: 'backend'; endpoints: { ip: Ip; port: number }[] };

/** Whether `port` on pod host `hostName` is the HTTP or HTTPS port of an ingress-nginx controller. */
export function isIngressControllerPort(world: World, hostName: string, port: number): boolean {
  if ((port !== 80 && port !== 443) || world.hosts[hostName]?.kind !== 'pod') return false;
  const rt = runtimeOf(world);
  const p = rt && Object.values(rt.pods).find((x) => x.host === hostName);
  const pod = p && getObject(world.cluster!, 'Pod', p.namespace, p.name);
  return !!pod?.spec.containers.some((c) => parseImageRef(c.image)?.repository === INGRESS_NGINX_IMAGE);
}

export const ofIngressClass = (ing: Ingress) =>
  (ing.spec.ingressClassName ?? ing.metadata.annotations?.['kubernetes.io/ingress.class']) === INGRESS_CLASS;

type PathRule = { ns: string; path: string; type: string; backend: IngressBackend };

function pathMatches(r: PathRule, path: string): boolean {
  if (r.type === 'Exact') return path === r.path;
  if (r.type === 'Prefix') {
    const base = r.path.replace(/\/+$/, '');
    return base === '' || path === base || path.startsWith(`${base}/`);
  }
  return path.startsWith(r.path);
}

function backendRoute(world: World, ns: string, b: IngressBackend): IngressRoute {
  const ref = b.service;
  const svc = ref && getObject(world.cluster!, 'Service', ns, ref.name);
  const sp = svc?.spec.ports?.find((p) => (ref!.port.name !== undefined ? p.name === ref!.port.name : p.port === ref!.port.number));
  if (!svc || !sp) return { kind: 'unavailable' };
  const ep = getObject(world.cluster!, 'Endpoints', ns, svc.metadata.name);
  const endpoints: { ip: Ip; port: number }[] = [];
  for (const ss of ep?.subsets ?? []) {
    const port = (ss.ports ?? []).find((p) => (p.name ?? '') === (sp.name ?? ''));
    if (port) for (const a of ss.addresses ?? []) endpoints.push({ ip: parseIp(a.ip)!, port: port.port });
  }
  return endpoints.length ? { kind: 'backend', endpoints } : { kind: 'unavailable' };
}

/** Where the controller sends a request with this Host header and path. */
export function routeIngress(world: World, hostHeader: string, path: string): IngressRoute {
  const host = hostHeader.replace(/:\d+$/, '').toLowerCase();
  const reqPath = path.split('?')[0];
  const ingresses = Object.values(world.cluster?.objects.Ingress ?? {}).filter(ofIngressClass);
  const servers = new Set(ingresses.flatMap((i) => (i.spec.rules ?? []).map((r) => r.host?.toLowerCase() ?? '')));
  const wildcard = `*${host.slice(host.indexOf('.'))}`;
  const server = servers.has(host) ? host : host.includes('.') && servers.has(wildcard) ? wildcard : '';
  const rules: PathRule[] = [];
  const contributing: Ingress[] = [];
  for (const ing of ingresses) {
    const ns = ing.metadata.namespace ?? 'default';
    const mine = (ing.spec.rules ?? []).filter((r) => (r.host?.toLowerCase() ?? '') === server);
    if (mine.length || (server === '' && !ing.spec.rules?.length)) contributing.push(ing);
    for (const r of mine) for (const p of r.http?.paths ?? []) rules.push({ ns, path: p.path ?? '/', type: p.pathType ?? 'ImplementationSpecific', backend: p.backend });
  }
  const matching = rules.filter((r) => pathMatches(r, reqPath));
  const best = matching.find((r) => r.type === 'Exact') ?? matching.sort((a, b) => b.path.length - a.path.length)[0];
  if (best) return backendRoute(world, best.ns, best.backend);
  const fallback = contributing.find((i) => i.spec.defaultBackend);
  if (fallback) return backendRoute(world, fallback.metadata.namespace ?? 'default', fallback.spec.defaultBackend!);
  return server === '' && reqPath === '/healthz' ? { kind: 'healthz' } : { kind: 'default' };
}

/** How often the controller writes the Ingresses' status (its `--sync-period` status loop). */
const STATUS_PERIOD_MS = 60_000;

/**
 * ingress-nginx's status sync, once a minute: the Ingresses of its class show the addresses
 * of the nodes its ready pods run on (kept as they were while none is ready).
 */
export function runIngressStatus(world: World): void {
  if (((world.now % STATUS_PERIOD_MS) + STATUS_PERIOD_MS) % STATUS_PERIOD_MS >= 1000) return;
  const ingresses = listObjects(world.cluster!, 'Ingress').filter(ofIngressClass);
  if (!ingresses.length) return;
  const nodes = new Set<string>();
  for (const pod of Object.values(world.cluster!.objects.Pod ?? {})) {
    if (!pod.spec.containers.some((c) => parseImageRef(c.image)?.repository === INGRESS_NGINX_IMAGE)) continue;
    if (pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') && pod.status.hostIP) nodes.add(pod.status.hostIP);
  }
  if (!nodes.size) return;
  const want = [...nodes].sort((a, b) => parseIp(a)! - parseIp(b)!).map((ip) => ({ ip }));
  for (const ing of ingresses) {
    if (JSON.stringify(ing.status?.loadBalancer?.ingress ?? []) === JSON.stringify(want)) continue;
    ing.status = { loadBalancer: { ingress: want } };
    updateObject(world, ing);
  }
}
