// What an HTTP request gets from the world, once a TCP connection to a listener is up: the
// app on the socket answers (Python's http.server, nginx serving files, any other HTTP
// server, an nginx reverse proxy that connects to its backends with probes from its own
// host, or a raw TCP server that closes, resets or never answers), with the status line,
// headers and body it sends and how long it takes. On a TLS socket (tls.ts) the request
// comes after the handshake; a plaintext one gets the server's "plain HTTP to an HTTPS
// port" answer. kube-apiserver answers anonymous clients. curl formats these replies; the
// objectives ask the same question without a terminal through `httpRequest`.
import { wallMs } from '../clock.js';
import { ARP_FAIL_US, isArpFailure } from './arp-timing.js';
import { probe, type ProbeResult } from './engine.js';
import { parseIp, type Ip } from './ip.js';
import { resolveHost } from './resolver.js';
import { isIngressControllerPort, routeIngress } from '../k8s/ingress.js';
import { sslRedirects } from '../k8s/ingress-tls.js';
import { cpuPressure } from '../k8s/metrics.js';
import { hex64 } from '../k8s/images.js';
import { throughTunnel } from '../k8s/port-forward.js';
import { versionInfo } from '../k8s/apiserver.js';
import { serverTls, verifyChain, verifyHost, PUBLIC_CAS } from './tls.js';
import type { App, HttpRoute, Listener, ProxyRoute, World } from '../world/types.js';

/** nginx's proxy_read_timeout default. */
const PROXY_READ_TIMEOUT_US = 60_000_000;
/** dnsmasq kills a TCP child after CHILD_LIFETIME (150 s): a non-DNS client then sees the close. */
const DNSMASQ_TCP_LIFETIME_US = 150_000_000;
/** Proxies in a chain before one gives up (a proxy loop would run out of connections). */
const MAX_PROXY_DEPTH = 4;

export interface HttpRequest {
  method: string;
  /** Path with the query, as sent in the request line. */
  path: string;
  /** The Host header. */
  host: string;
  version: '1.0' | '1.1';
  /** The request came inside TLS (false or absent on a TLS socket: a plaintext client). */
  tls?: boolean;
  /** Sent as HTTP/2 (ALPN h2): servers that order their headers differently then do. */
  h2?: boolean;
}

export type Header = [string, string];

export interface HttpResponse {
  kind: 'response';
  version: '1.0' | '1.1';
  status: number;
  reason: string;
  headers: Header[];
  /** Empty for HEAD. */
  body: string;
  /** The server closes the connection after the body. */
  close: boolean;
  /** µs the server takes before it answers. */
  delayUs: number;
}

export type HttpReply =
  | HttpResponse
  /** The server closed without answering (curl 52), reset (56), or spoke something that is not HTTP (an SSH banner). */
  | { kind: 'empty' | 'reset' | 'banner'; delayUs: number }
  /** Nothing ever comes back. */
  | { kind: 'silent'; delayUs: number };

export interface Exchange {
  world: World;
  /** Count the packets (a player's command) or not (an objective check). */
  record: boolean;
  /** Wall-clock ms of the request (Date headers). */
  nowMs: number;
}

export const byteLength = (s: string) => new TextEncoder().encode(s).length;

const REASONS: Record<number, string> = {
  200: 'OK', 201: 'Created', 204: 'No Content', 301: 'Moved Permanently', 302: 'Found', 304: 'Not Modified', 308: 'Permanent Redirect',
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed',
  500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Time-out',
};

/** The reason phrase a server sends with `status`. */
const reasonPhrase = (status: number) => REASONS[status] ?? '';

/** nginx's own status lines where they differ (ngx_http_status_lines). */
const nginxReason = (status: number) => (status === 503 ? 'Service Temporarily Unavailable' : reasonPhrase(status));

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const p2 = (n: number) => String(n).padStart(2, '0');

/** RFC 7231 IMF-fixdate: `Mon, 23 Nov 2026 09:00:00 GMT`. */
function httpDate(ms: number): string {
  const d = new Date(ms);
  return `${DAYS[d.getUTCDay()]}, ${p2(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} GMT`;
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

/** nginx's location choice among the upstream routes of the server block for `hostHeader`. */
function proxyRoute(upstreams: ProxyRoute[], hostHeader: string, path: string): ProxyRoute | undefined {
  const name = hostHeader.replace(/:\d+$/, '').toLowerCase();
  const named = upstreams.filter((u) => u.host.toLowerCase() === name);
  const candidates = named.length ? named : upstreams.filter((u) => u.host === '*');
  const p = pathOnly(path);
  let best: ProxyRoute | undefined;
  for (const u of candidates) if (p.startsWith(u.prefix) && (!best || u.prefix.length > best.prefix.length)) best = u;
  return best;
}

/** The MIME type a file server guesses from the path (a directory serves its index.html). */
function guessType(path: string): string {
  const p = pathOnly(path);
  if (p.endsWith('/')) return 'text/html';
  const ext = /\.([a-z0-9]+)$/i.exec(p)?.[1].toLowerCase();
  const types: Record<string, string> = {
    html: 'text/html', htm: 'text/html', txt: 'text/plain', json: 'application/json', css: 'text/css', js: 'text/javascript',
    xml: 'text/xml', png: 'image/png', jpg: 'image/jpeg', svg: 'image/svg+xml', ico: 'image/vnd.microsoft.icon',
  };
  return (ext && types[ext]) ?? 'application/octet-stream';
}

// --- the servers -----------------------------------------------------------------------

/** Python 3.11's http.server error page (BaseHTTPRequestHandler.send_error). */
function pythonError(server: string, date: string, code: number, message: string, explain: string, head: boolean): HttpResponse {
  const body = `<!DOCTYPE HTML>
<html lang="en">
    <head>
        <meta charset="utf-8">
        <title>Error response</title>
    </head>
    <body>
        <h1>Error response</h1>
        <p>Error code: ${code}</p>
        <p>Message: ${message}.</p>
        <p>Error code explanation: ${code} - ${explain}.</p>
    </body>
</html>
`;
  const headers: Header[] = [['Server', server], ['Date', date], ['Connection', 'close'], ['Content-Type', 'text/html;charset=utf-8'], ['Content-Length', String(byteLength(body))]];
  return { kind: 'response', version: '1.0', status: code, reason: message, headers, body: head ? '' : body, close: true, delayUs: 0 };
}

/** python3 -m http.server: HTTP/1.0, GET and HEAD only, files by path. */
function pythonServer(app: { server: string; routes: HttpRoute[] }, req: HttpRequest, date: string, modified: string): HttpResponse {
  const head = req.method === 'HEAD';
  if (req.method !== 'GET' && !head) return pythonError(app.server, date, 501, `Unsupported method ('${req.method}')`, 'Server does not support this operation', head);
  const route = matchRoute(app.routes, req.path);
  if (!route) return pythonError(app.server, date, 404, 'File not found', 'Nothing matches the given URI', head);
  const headers: Header[] = [['Server', app.server], ['Date', date], ['Content-type', route.contentType ?? guessType(req.path)], ['Content-Length', String(byteLength(route.body))]];
  if (route.status === 200) headers.push(['Last-Modified', modified]);
  return { kind: 'response', version: '1.0', status: route.status, reason: reasonPhrase(route.status), headers, body: head ? '' : route.body, close: true, delayUs: 0 };
}

/** nginx's own error page (CRLF lines, server tokens on). */
function nginxError(server: string, date: string, status: number, req: HttpRequest): HttpResponse {
  const reason = nginxReason(status);
  const body = `<html>\r\n<head><title>${status} ${reason}</title></head>\r\n<body>\r\n<center><h1>${status} ${reason}</h1></center>\r\n<hr><center>${server}</center>\r\n</body>\r\n</html>\r\n`;
  return nginxResponse(server, date, req, status, [['Content-Type', 'text/html'], ['Content-Length', String(byteLength(body))]], body);
}

/** nginx's header order: Server, Date, Content-Type, Content-Length, Last-Modified, Connection, then the rest. */
function nginxResponse(server: string, date: string, req: HttpRequest, status: number, fields: Header[], body: string): HttpResponse {
  const get = (name: string) => fields.find(([k]) => k.toLowerCase() === name.toLowerCase());
  const known = ['content-type', 'content-length', 'last-modified'];
  const close = req.version === '1.0';
  const headers: Header[] = [['Server', server], ['Date', date]];
  for (const name of ['Content-Type', 'Content-Length', 'Last-Modified']) {
    const h = get(name);
    if (h) headers.push([name, h[1]]);
  }
  headers.push(['Connection', close ? 'close' : 'keep-alive'], ...fields.filter(([k]) => !known.includes(k.toLowerCase())));
  return { kind: 'response', version: '1.1', status, reason: nginxReason(status), headers, body: req.method === 'HEAD' ? '' : body, close, delayUs: 0 };
}

/** nginx serving files: routes are the files; other methods than GET/HEAD are not allowed. */
function nginxServer(app: { server: string; routes: HttpRoute[] }, req: HttpRequest, date: string, modifiedMs: number): HttpResponse {
  if (req.method !== 'GET' && req.method !== 'HEAD') return nginxError(app.server, date, 405, req);
  const route = matchRoute(app.routes, req.path);
  if (!route) return nginxError(app.server, date, 404, req);
  const length = byteLength(route.body);
  const fields: Header[] = [['Content-Type', route.contentType ?? guessType(req.path)], ['Content-Length', String(length)]];
  if (route.status === 200) {
    fields.push(['Last-Modified', httpDate(modifiedMs)], ['ETag', `"${Math.floor(modifiedMs / 1000).toString(16)}-${length.toString(16)}"`], ['Accept-Ranges', 'bytes']);
  }
  return nginxResponse(app.server, date, req, route.status, fields, route.body);
}

/** Any other HTTP server: HTTP/1.1 with the basic headers (`shed`: it refuses the request with a 503). */
function genericServer(app: { server: string; routes: HttpRoute[] }, req: HttpRequest, date: string, shed = false): HttpResponse {
  const route = shed ? undefined : matchRoute(app.routes, req.path);
  const status = shed ? 503 : route?.status ?? 404;
  const body = route ? route.body : `${status} ${reasonPhrase(status)}\n`;
  const headers: Header[] = [['Server', app.server], ['Date', date], ['Content-Type', route?.contentType ?? 'text/plain'], ['Content-Length', String(byteLength(body))]];
  return { kind: 'response', version: '1.1', status, reason: reasonPhrase(status), headers, body: req.method === 'HEAD' ? '' : body, close: false, delayUs: 0 };
}

/** Longest extra time an overloaded app takes before it sheds a request. */
const OVERLOAD_MAX_DELAY_US = 10_000_000;

/** An app whose CPU demand is over its limit: throttled, it answers late, and with a 503. */
function overloaded(app: { server: string; routes: HttpRoute[] }, req: HttpRequest, date: string, pressure: number): HttpResponse {
  const r = app.server.startsWith('nginx') ? nginxError(app.server, date, 503, req) : genericServer(app, req, date, true);
  return { ...r, delayUs: Math.round(Math.min((pressure - 1) * 4_000_000, OVERLOAD_MAX_DELAY_US)) };
}

/** When the unit behind a listener last started: a file server's mtime stand-in. */
function startedAt(world: World, hostName: string, listener: Listener): number {
  const unit = Object.values(world.hosts[hostName].units).find((u) => u.listeners.includes(listener));
  return wallMs(unit?.activeAt ?? unit?.since ?? 0);
}

/** What the app on a socket of `hostName` answers to `req`, once the TCP connect succeeded. */
export function serve(x: Exchange, hostName: string, listener: Listener, req: HttpRequest, depth = 0): HttpReply {
  const app = listener.app;
  const date = httpDate(x.nowMs);
  const ingressTls = !listener.tls && listener.port === 443 && app.kind === 'http' && isIngressControllerPort(x.world, hostName, 443);
  if ((listener.tls || ingressTls) && !req.tls) return plainOnTls(app, date, req, ingressTls);
  switch (app.kind) {
    case 'http': {
      if (app.server === 'kube-apiserver') return kubeApiserver(x, req, date);
      if (isIngressControllerPort(x.world, hostName, listener.port)) return ingressNginx(x, hostName, req, depth);
      const pressure = cpuPressure(x.world, hostName);
      if (pressure > 1) return overloaded(app, req, date, pressure);
      if (app.server.startsWith('SimpleHTTP')) return pythonServer(app, req, date, httpDate(startedAt(x.world, hostName, listener)));
      if (app.server.startsWith('nginx')) return nginxServer(app, req, date, startedAt(x.world, hostName, listener));
      return genericServer(app, req, date);
    }
    case 'proxy':
      return proxy(x, hostName, app, req, depth);
    case 'ssh':
      return { kind: 'banner', delayUs: 0 };
    case 'dns':
      return { kind: 'empty', delayUs: DNSMASQ_TCP_LIFETIME_US };
    case 'tcp':
      // An accept-and-close server closes before reading the request: the unread data makes the kernel send a reset.
      if (app.behaviour === 'close' || app.behaviour === 'reset') return { kind: 'reset', delayUs: 0 };
      return { kind: 'silent', delayUs: 0 };
    case 'port-forward': {
      const end = throughTunnel(x.world, { host: hostName, listener, dst: listener.addr, dport: listener.port }, x.record);
      return end ? serve(x, end.host, end.listener, req, depth + 1) : { kind: 'empty', delayUs: 0 };
    }
  }
}

/** A plaintext request to a TLS socket: nginx answers its 497 page, Go's net/http (and others) a bare 400. */
function plainOnTls(app: App, date: string, req: HttpRequest, ingress: boolean): HttpReply {
  if (app.kind !== 'http' && app.kind !== 'proxy') return { kind: 'empty', delayUs: 0 };
  if (ingress || app.server.startsWith('nginx')) {
    const server = ingress ? 'nginx' : app.server;
    const body = `<html>\r\n<head><title>400 The plain HTTP request was sent to HTTPS port</title></head>\r\n<body>\r\n<center><h1>400 Bad Request</h1></center>\r\n<center>The plain HTTP request was sent to HTTPS port</center>\r\n<hr><center>${server}</center>\r\n</body>\r\n</html>\r\n`;
    const r = nginxResponse(server, date, { ...req, version: '1.0' }, 400, [['Content-Type', 'text/html'], ['Content-Length', String(byteLength(body))]], body);
    return ingress ? withoutServer(r) : r;
  }
  const body = 'Client sent an HTTP request to an HTTPS server.\n';
  return { kind: 'response', version: '1.0', status: 400, reason: 'Bad Request', headers: [], body: req.method === 'HEAD' ? '' : body, close: true, delayUs: 0 };
}

/** A UUID made from text (the apiserver's Audit-Id and the flow-control objects' uids). */
function uuidOf(text: string): string {
  const h = hex64(text);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The paths system:public-info-viewer lets anyone read. */
const PUBLIC_PATHS = new Set(['/healthz', '/livez', '/readyz', '/version', '/version/']);

/** What RBAC's 403 says to system:anonymous for a path: a resource request names the resource and scope. */
function forbidden(method: string, path: string): { message: string; details: Record<string, string> } {
  const user = 'User "system:anonymous"';
  const m = /^\/(?:api\/v1|apis\/([^/]+)\/[^/]+)(?:\/namespaces\/([^/]+))?\/([^/]+)(?:\/([^/]+))?\/?$/.exec(path);
  if (!m || (m[2] !== undefined && m[3] === undefined)) return { message: `forbidden: ${user} cannot ${method === 'GET' || method === 'HEAD' ? 'get' : method.toLowerCase()} path "${path}"`, details: {} };
  const [, group = '', ns, resource, name] = m;
  const verb = ({ GET: name ? 'get' : 'list', HEAD: name ? 'get' : 'list', POST: 'create', PUT: 'update', PATCH: 'patch', DELETE: name ? 'delete' : 'deletecollection' } as Record<string, string>)[method] ?? method.toLowerCase();
  const gr = group ? `${resource}.${group}` : resource;
  const scope = ns ? `in the namespace "${ns}"` : 'at the cluster scope';
  const details: Record<string, string> = name ? { name, ...(group ? { group } : {}), kind: resource } : { ...(group ? { group } : {}), kind: resource };
  return { message: `${gr}${name ? ` "${name}"` : ''} is forbidden: ${user} cannot ${verb} resource "${resource}" in API group "${group}" ${scope}`, details };
}

/**
 * kube-apiserver's answers to a client without credentials (curl -k): the health and version
 * endpoints, and RBAC's 403 Status for anything else. curl's User-Agent gets pretty JSON.
 */
function kubeApiserver(x: Exchange, req: HttpRequest, date: string): HttpResponse {
  const path = pathOnly(req.path);
  let status = 200;
  let type = 'application/json';
  let body: string;
  if (path === '/healthz' || path === '/livez' || path === '/readyz') {
    type = 'text/plain; charset=utf-8';
    body = 'ok';
  } else if ((path === '/version' || path === '/version/') && x.world.cluster) body = JSON.stringify(versionInfo(x.world.cluster), null, 2);
  else {
    const f = PUBLIC_PATHS.has(path) ? forbidden(req.method, '/') : forbidden(req.method, path);
    status = 403;
    body = JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: f.message, reason: 'Forbidden', details: f.details, code: 403 }, null, 2);
  }
  const fields: Header[] = [
    ['Audit-Id', uuidOf(`audit ${x.nowMs} ${req.method} ${req.path}`)], ['Cache-Control', 'no-cache, private'], ['Content-Type', type],
    ['X-Content-Type-Options', 'nosniff'],
    ['X-Kubernetes-Pf-Flowschema-Uid', uuidOf(status === 200 ? 'flowschema probes' : 'flowschema global-default')],
    ['X-Kubernetes-Pf-Prioritylevel-Uid', uuidOf(status === 200 ? 'prioritylevel exempt' : 'prioritylevel global-default')],
  ];
  const tail: Header[] = [['Content-Length', String(byteLength(body))], ['Date', date]];
  // Go sorts the header keys; over HTTP/2 its server writes Content-Length and Date after them.
  const headers = req.h2 ? [...fields, ...tail] : [...fields, ...tail].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return { kind: 'response', version: '1.1', status, reason: reasonPhrase(status), headers, body: req.method === 'HEAD' ? '' : body, close: false, delayUs: 0 };
}

/**
 * nginx proxy_pass: the server block for the Host header, the longest matching location,
 * then each backend in turn (proxy_next_upstream error timeout) with a connect from the
 * proxy's host. All failed: 504 if the last one timed out, else 502.
 */
function proxy(x: Exchange, hostName: string, app: Extract<App, { kind: 'proxy' }>, req: HttpRequest, depth: number): HttpResponse {
  const date = () => httpDate(x.nowMs + delayUs / 1000);
  let delayUs = 0;
  const route = proxyRoute(app.upstreams, req.host, req.path);
  if (!route) return nginxError(app.server, date(), 404, req);
  let timedOut = false;
  for (const b of depth < MAX_PROXY_DEPTH ? route.backends : []) {
    const r = probe(x.world, hostName, { proto: 'tcp', dst: b.ip, dport: b.port }, { record: x.record });
    timedOut = false;
    if (r.kind === 'timeout') {
      delayUs += app.connectTimeoutMs * 1000;
      timedOut = true;
      continue;
    }
    if (r.kind !== 'reply' || r.tcp !== 'syn-ack' || !r.service) {
      if (isArpFailure(r)) delayUs += ARP_FAIL_US;
      continue;
    }
    const up = serve({ ...x, nowMs: x.nowMs + delayUs / 1000 }, r.service.host, r.service.listener, { ...req, version: '1.0' }, depth + 1);
    delayUs += up.delayUs;
    if (up.kind === 'silent') {
      delayUs += PROXY_READ_TIMEOUT_US;
      timedOut = true;
      continue;
    }
    if (up.kind !== 'response') continue;
    const reply = nginxResponse(app.server, date(), req, up.status, up.headers.filter(([k]) => !['server', 'date', 'connection'].includes(k.toLowerCase())), up.body);
    return { ...reply, delayUs };
  }
  return { ...nginxError(app.server, date(), timedOut ? 504 : 502, req), delayUs };
}

/** ingress-nginx's proxy_connect_timeout (its `proxy-connect-timeout: 5s`) and proxy_next_upstream_tries. */
const INGRESS_CONNECT_TIMEOUT_US = 5_000_000;
const INGRESS_UPSTREAM_TRIES = 3;

/** ingress-nginx hides the Server header (`server-tokens: false`), its pages say plain `nginx`. */
function withoutServer(r: HttpResponse): HttpResponse {
  return { ...r, headers: r.headers.filter(([k]) => k !== 'Server') };
}

/**
 * An ingress-nginx controller pod: the Ingress route for the Host and path, then the
 * backend's endpoints from the controller pod (next upstream on error or timeout, at most
 * three tries); all failed: 504 after a timeout, else 502.
 */
function ingressNginx(x: Exchange, hostName: string, req: HttpRequest, depth: number): HttpResponse {
  let delayUs = 0;
  const date = () => httpDate(x.nowMs + delayUs / 1000);
  if (!req.tls && sslRedirects(x.world, req.host)) {
    const r = nginxError('nginx', date(), 308, req);
    return withoutServer({ ...r, headers: [...r.headers, ['Location', `https://${req.host.replace(/:\d+$/, '')}${req.path}`]] });
  }
  const route = routeIngress(x.world, req.host, req.path);
  if (route.kind === 'healthz') return withoutServer(nginxResponse('nginx', date(), req, 200, [['Content-Type', 'text/html'], ['Content-Length', '0']], ''));
  if (route.kind !== 'backend') return withoutServer(nginxError('nginx', date(), route.kind === 'default' ? 404 : 503, req));
  let timedOut = false;
  for (const b of depth < MAX_PROXY_DEPTH ? route.endpoints.slice(0, INGRESS_UPSTREAM_TRIES) : []) {
    const r = probe(x.world, hostName, { proto: 'tcp', dst: b.ip, dport: b.port }, { record: x.record });
    timedOut = r.kind === 'timeout';
    if (timedOut) {
      delayUs += INGRESS_CONNECT_TIMEOUT_US;
      continue;
    }
    if (r.kind !== 'reply' || r.tcp !== 'syn-ack' || !r.service) continue;
    const up = serve({ ...x, nowMs: x.nowMs + delayUs / 1000 }, r.service.host, r.service.listener, { ...req, version: '1.1' }, depth + 1);
    delayUs += up.delayUs;
    if (up.kind === 'silent') {
      delayUs += PROXY_READ_TIMEOUT_US;
      timedOut = true;
      continue;
    }
    if (up.kind !== 'response') continue;
    const reply = nginxResponse('nginx', date(), req, up.status, up.headers.filter(([k]) => !['server', 'date', 'connection'].includes(k.toLowerCase())), up.body);
    return { ...withoutServer(reply), delayUs };
  }
  return { ...withoutServer(nginxError('nginx', date(), timedOut ? 504 : 502, req)), delayUs };
}

// --- a whole request, for checks without a terminal ------------------------------------

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
  /** https:// to a socket without TLS (curl 35), or, when verifying, a certificate curl would refuse (curl 60). */
  | { kind: 'tls-failed'; ip: Ip };

export interface HttpOptions {
  /** Host header (default: the URL's host and non-default port). */
  hostHeader?: string;
  /** Count packets like a player's command (false for objective checks). */
  record?: boolean;
  /** https: check the server's certificate against the public CAs as curl does without -k (default: accept any, like -k). */
  verify?: boolean;
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

/** `GET url` from `fromHost` as curl sends it by default: the outcome, however long it takes. */
export function httpRequest(world: World, fromHost: string, url: Url, opts: HttpOptions = {}): HttpResult {
  const record = !!opts.record;
  let ip = parseIp(url.host);
  if (ip === null) {
    const r = resolveHost(world, fromHost, url.host, { record });
    if (r.kind !== 'ok' || !r.addrs.length) return { kind: 'resolve-failed' };
    ip = r.addrs[0];
  }
  const c = probe(world, fromHost, { dst: ip, proto: 'tcp', dport: url.port }, { record });
  const failure = connectFailure(c);
  if (failure || c.kind !== 'reply' || !c.service) return { kind: 'connect-failed', error: failure ?? 'refused', ip };
  const tls = url.scheme === 'https' ? serverTls(world, c.service.host, c.service.listener, url.host) : undefined;
  if (url.scheme === 'https' && !tls) return { kind: 'tls-failed', ip };
  if (tls && opts.verify) {
    const trusted = world.hosts[fromHost]?.trustedCas ?? PUBLIC_CAS;
    if (!verifyChain(tls.cert, trusted, wallMs(world.now)).ok || !verifyHost(tls.cert, url.host).ok) return { kind: 'tls-failed', ip };
  }
  const host = opts.hostHeader ?? (url.port === (tls ? 443 : 80) ? url.host : `${url.host}:${url.port}`);
  const reply = serve({ world, record, nowMs: wallMs(world.now) }, c.service.host, c.service.listener, { method: 'GET', path: url.path, host, version: '1.1', tls: !!tls, h2: !!tls?.alpn?.includes('h2') });
  switch (reply.kind) {
    case 'response':
      return reply;
    case 'empty':
      return { kind: 'empty-reply', ip };
    case 'reset':
      return { kind: 'reset', ip };
    case 'banner':
      return { kind: 'not-http', ip };
    case 'silent':
      return { kind: 'no-response', ip };
  }
}
