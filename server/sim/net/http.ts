// What an HTTP request gets from the world: the URL's name resolved from the client host,
// a TCP connect through `probe`, then whatever answers on the socket. An nginx-style proxy
// forwards by Host header and path prefix to its backends, trying the next one on an error
// or a timeout (proxy_next_upstream's default) and answering 502 / 504 when none works.
// The semantics only; curl and the objectives format the outcome themselves.
import { probe, type ProbeResult } from './engine.js';
import { parseIp, type Ip } from './ip.js';
import { resolveHost } from './resolver.js';
import type { App, HttpRoute, ProxyRoute, World } from '../world/types.js';

export interface Url {
  scheme: 'http' | 'https';
  host: string;
  port: number;
  /** Path with the query, as sent in the request line. */
  path: string;
}

/** Parses an http:// or https:// URL (default scheme http, as curl does); null if malformed. */
export function parseUrl(text: string): Url | null {
  const m = /^(?:([a-z][a-z0-9+.-]*):\/\/)?([^/:?#\s]+)(?::(\d{1,5}))?([/?][^#\s]*)?(?:#.*)?$/i.exec(text);
  if (!m) return null;
  const scheme = (m[1] ?? 'http').toLowerCase();
  if (scheme !== 'http' && scheme !== 'https') return null;
  const port = m[3] === undefined ? (scheme === 'https' ? 443 : 80) : Number(m[3]);
  if (port < 1 || port > 65535) return null;
  const path = m[4] === undefined ? '/' : m[4].startsWith('?') ? '/' + m[4] : m[4];
  return { scheme, host: m[2].toLowerCase(), port, path };
}

export interface HttpResponse {
  kind: 'response';
  status: number;
  server: string;
  contentType: string;
  body: string;
}

export type ConnectFailure = 'refused' | 'timeout' | 'host-unreachable' | 'net-unreachable';

export type HttpResult =
  | HttpResponse
  /** The name did not resolve (curl: (6) Could not resolve host). */
  | { kind: 'resolve-failed' }
  | { kind: 'connect-failed'; error: ConnectFailure; ip: Ip }
  /** Connected, then the server closed without a reply (curl 52) or reset (curl 56). */
  | { kind: 'empty-reply' | 'reset'; ip: Ip }
  /** Connected and the server never answered (curl 28 at --max-time). */
  | { kind: 'no-response'; ip: Ip }
  /** Something that is not HTTP answered (an SSH banner: curl 1, HTTP/0.9). */
  | { kind: 'not-http'; ip: Ip }
  /** https:// — TLS is not simulated, so the handshake with a plain HTTP server fails (curl 35). */
  | { kind: 'tls-failed'; ip: Ip };

export interface HttpOptions {
  /** Host header (default: the URL's host and non-default port). */
  hostHeader?: string;
  /** Count packets like a player's command (false for objective checks). */
  record?: boolean;
}

const MAX_PROXY_DEPTH = 4;

/** `GET url` from `fromHost`, as curl would send it. */
export function httpRequest(world: World, fromHost: string, url: Url, opts: HttpOptions = {}): HttpResult {
  const literal = parseIp(url.host);
  let dst: Ip;
  if (literal !== null) dst = literal;
  else {
    const r = resolveHost(world, fromHost, url.host, { record: opts.record });
    if (r.kind !== 'ok' || !r.addrs.length) return { kind: 'resolve-failed' };
    dst = r.addrs[0];
  }
  const defaultPort = url.scheme === 'https' ? 443 : 80;
  const hostHeader = opts.hostHeader ?? (url.port === defaultPort ? url.host : `${url.host}:${url.port}`);
  const r = requestTo(world, fromHost, dst, url.port, hostHeader, url.path, !!opts.record, 0);
  return url.scheme === 'https' && r.kind !== 'connect-failed' ? { kind: 'tls-failed', ip: dst } : r;
}

function connectFailure(r: ProbeResult): ConnectFailure | null {
  if (r.kind === 'reply') return r.tcp === 'syn-ack' && r.service ? null : 'refused';
  if (r.kind === 'timeout') return 'timeout';
  if (r.kind === 'local') return 'net-unreachable';
  switch (r.type) {
    case 'port-unreachable':
      return 'refused';
    case 'net-unreachable':
    case 'net-prohibited':
      return 'net-unreachable';
    case 'frag-needed':
      return 'timeout';
    default:
      return 'host-unreachable';
  }
}

function requestTo(world: World, from: string, ip: Ip, port: number, hostHeader: string, path: string, record: boolean, depth: number): HttpResult {
  const r = probe(world, from, { dst: ip, proto: 'tcp', dport: port }, { record });
  const failure = connectFailure(r);
  if (failure || r.kind !== 'reply' || !r.service) return { kind: 'connect-failed', error: failure ?? 'refused', ip };
  return serve(world, r.service.host, r.service.listener.app, hostHeader, path, record, depth, ip);
}

function serve(world: World, host: string, app: App, hostHeader: string, path: string, record: boolean, depth: number, ip: Ip): HttpResult {
  switch (app.kind) {
    case 'http':
      return routeResponse(app.server, app.routes, path);
    case 'proxy':
      return proxy(world, host, app, hostHeader, path, record, depth);
    case 'ssh':
      return { kind: 'not-http', ip };
    case 'dns':
      return { kind: 'empty-reply', ip };
    case 'tcp':
      // Closing without reading the request makes the kernel answer it with a reset.
      if (app.behaviour === 'reset' || app.behaviour === 'close') return { kind: 'reset', ip };
      return { kind: 'no-response', ip };
  }
}

const pathOnly = (path: string) => path.split('?')[0];

/** The route for `path`: an exact match, else the longest `prefix*` match. */
export function matchRoute(routes: HttpRoute[], path: string): HttpRoute | undefined {
  const p = pathOnly(path);
  const exact = routes.find((r) => !r.path.endsWith('*') && r.path === p);
  if (exact) return exact;
  let best: HttpRoute | undefined;
  for (const r of routes) {
    if (!r.path.endsWith('*')) continue;
    const prefix = r.path.slice(0, -1);
    if (p.startsWith(prefix) && (!best || prefix.length > best.path.length - 1)) best = r;
  }
  return best;
}

const NGINX_PAGE = (status: number, reason: string, server: string) =>
  `<html>\r\n<head><title>${status} ${reason}</title></head>\r\n<body>\r\n<center><h1>${status} ${reason}</h1></center>\r\n<hr><center>${server}</center>\r\n</body>\r\n</html>\r\n`;

const REASONS: Record<number, string> = {
  200: 'OK', 201: 'Created', 204: 'No Content', 301: 'Moved Permanently', 302: 'Found', 304: 'Not Modified',
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed',
  500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Time-out',
};

/** The reason phrase a server sends with `status`. */
export const reasonPhrase = (status: number) => REASONS[status] ?? '';

function errorPage(server: string, status: number): HttpResponse {
  const body = server.startsWith('nginx') ? NGINX_PAGE(status, reasonPhrase(status), server) : `${status} ${reasonPhrase(status)}\n`;
  return { kind: 'response', status, server, contentType: 'text/html', body };
}

function routeResponse(server: string, routes: HttpRoute[], path: string): HttpResponse {
  const r = matchRoute(routes, path);
  if (!r) return errorPage(server, 404);
  return { kind: 'response', status: r.status, server, contentType: r.contentType ?? 'text/plain', body: r.body };
}

/** nginx's location choice among the upstream routes of the server block for `hostHeader`. */
export function proxyRoute(upstreams: ProxyRoute[], hostHeader: string, path: string): ProxyRoute | undefined {
  const name = hostHeader.replace(/:\d+$/, '').toLowerCase();
  const named = upstreams.filter((u) => u.host.toLowerCase() === name);
  const candidates = named.length ? named : upstreams.filter((u) => u.host === '*');
  const p = pathOnly(path);
  let best: ProxyRoute | undefined;
  for (const u of candidates) if (p.startsWith(u.prefix) && (!best || u.prefix.length > best.prefix.length)) best = u;
  return best;
}

function proxy(world: World, host: string, app: Extract<App, { kind: 'proxy' }>, hostHeader: string, path: string, record: boolean, depth: number): HttpResponse {
  const route = proxyRoute(app.upstreams, hostHeader, path);
  if (!route) return errorPage(app.server, 404);
  // A proxy loop: nginx would run out of connections; answer as for a failed upstream.
  if (depth >= MAX_PROXY_DEPTH) return errorPage(app.server, 502);
  let lastTimedOut = false;
  for (const b of route.backends) {
    const res = requestTo(world, host, b.ip, b.port, hostHeader, path, record, depth + 1);
    if (res.kind === 'response') return res;
    lastTimedOut = (res.kind === 'connect-failed' && res.error === 'timeout') || res.kind === 'no-response';
  }
  return errorPage(app.server, lastTimedOut ? 504 : 502);
}
