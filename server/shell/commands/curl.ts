// curl 7.88.1 (Debian 12). The name goes through the system resolver, the TCP connect is
// nc's (a `probe` per SYN, with the kernel's retransmissions and ARP timing), and then the
// listener's app answers the request as the world's HTTP model (sim/net/http.ts) says;
// curl formats the reply and lets simulated time pass for timeouts and slow servers. A
// transfer that would wait forever ends when the player presses Ctrl-C.
import { wallMs } from '../../sim/clock.js';
import { sourceFor } from '../../sim/net/engine.js';
import { byteLength, serve, type Exchange, type Header, type HttpReply } from '../../sim/net/http.js';
import { throughTunnel } from '../../sim/k8s/port-forward.js';
import { formatIp, parseIp, type Ip } from '../../sim/net/ip.js';
import { resolveHost } from '../../sim/net/resolver.js';
import { asn1Time, certsFromPem, cnOf, nameLine, PUBLIC_CAS, serverTls, verifyChain, verifyHost } from '../../sim/net/tls.js';
import type { TlsServer } from '../../sim/world/types.js';
import { ERRNO, checkWritable, readFile, resolvePath, writeFile } from '../files.js';
import type { CommandContext, CommandSpec } from '../types.js';
import { ERRNO_TEXT, tcpConnect } from './nc.js';
import { Clock, PING_INTERRUPT_US, rttUs } from './ping.js';
import { shortHas, unless } from './reads.js';

const USER_AGENT = 'curl/7.88.1';
const TRY_HELP = "curl: try 'curl --help' or 'curl --manual' for more information\n";
/** The suite Go's crypto/tls picks for curl (OpenSSL servers pick TLS_AES_256_GCM_SHA384). */
const GO_CIPHER = 'TLS_AES_128_GCM_SHA256';
/** What curl adds under a failed certificate check (CURL_CA_CERT_ERRORMSG). */
const CA_CERT_HELP = 'More details here: https://curl.se/docs/sslcerts.html\n\ncurl failed to verify the legitimacy of the server and therefore could not\nestablish a secure connection to it. To learn more about this situation and\nhow to fix it, please visit the web page mentioned above.\n';
/** curl's default connect timeout (it also bounds name resolution). */
const DEFAULT_CONNECT_TIMEOUT_MS = 300_000;

// --- command line ----------------------------------------------------------------------

interface Options {
  urls: string[];
  silent: boolean;
  showError: boolean;
  fail: boolean;
  failWithBody: boolean;
  head: boolean;
  include: boolean;
  verbose: boolean;
  noMeter: boolean;
  output?: string;
  writeOut?: string;
  headers: string[];
  method?: string;
  data?: string;
  user?: string;
  userAgent: string;
  maxTimeMs?: number;
  connectTimeoutMs?: number;
  http10: boolean;
  http11: boolean;
  insecure: boolean;
  cacert?: string;
  resolve: { host: string; port: number; ip: Ip }[];
}

type Kind = 'flag' | 'string' | 'number';

interface OptionDef {
  long: string;
  short?: string;
  kind: Kind;
  set?: (o: Options, v: string) => string | void;
}

const FLAG = (long: string, short?: string, set?: (o: Options) => void): OptionDef => ({ long, short, kind: 'flag', set: set && ((o) => void set(o)) });

const OPTIONS: OptionDef[] = [
  FLAG('silent', 's', (o) => (o.silent = true)),
  FLAG('show-error', 'S', (o) => (o.showError = true)),
  FLAG('fail', 'f', (o) => (o.fail = true)),
  FLAG('fail-with-body', undefined, (o) => (o.failWithBody = true)),
  FLAG('head', 'I', (o) => (o.head = true)),
  FLAG('include', 'i', (o) => (o.include = true)),
  FLAG('verbose', 'v', (o) => (o.verbose = true)),
  FLAG('http1.0', '0', (o) => (o.http10 = true)),
  FLAG('no-progress-meter', undefined, (o) => (o.noMeter = true)),
  FLAG('location', 'L'),
  FLAG('insecure', 'k', (o) => (o.insecure = true)),
  FLAG('ipv4', '4'),
  FLAG('globoff', 'g'),
  FLAG('no-buffer', 'N'),
  FLAG('compressed'),
  FLAG('http1.1', undefined, (o) => (o.http11 = true)),
  FLAG('no-keepalive'),
  { long: 'output', short: 'o', kind: 'string', set: (o, v) => void (o.output = v) },
  { long: 'write-out', short: 'w', kind: 'string', set: (o, v) => void (o.writeOut = v) },
  { long: 'header', short: 'H', kind: 'string', set: (o, v) => void o.headers.push(v) },
  { long: 'request', short: 'X', kind: 'string', set: (o, v) => void (o.method = v) },
  { long: 'data', short: 'd', kind: 'string', set: (o, v) => void (o.data = o.data === undefined ? v : `${o.data}&${v}`) },
  { long: 'data-raw', kind: 'string', set: (o, v) => void (o.data = o.data === undefined ? v : `${o.data}&${v}`) },
  { long: 'user', short: 'u', kind: 'string', set: (o, v) => void (o.user = v) },
  { long: 'user-agent', short: 'A', kind: 'string', set: (o, v) => void (o.userAgent = v) },
  { long: 'url', kind: 'string', set: (o, v) => void o.urls.push(v) },
  { long: 'max-time', short: 'm', kind: 'number', set: (o, v) => void (o.maxTimeMs = Number(v) * 1000) },
  { long: 'connect-timeout', kind: 'number', set: (o, v) => void (o.connectTimeoutMs = Number(v) * 1000) },
  { long: 'retry', kind: 'number' },
  { long: 'cacert', kind: 'string', set: (o, v) => void (o.cacert = v) },
  { long: 'noproxy', kind: 'string' },
  { long: 'referer', short: 'e', kind: 'string', set: (o, v) => void o.headers.push(`Referer: ${v}`) },
  {
    long: 'resolve', kind: 'string', set: (o, v) => {
      const m = /^([^:]+):(\d+):(\S+)$/.exec(v);
      const ip = m && parseIp(m[3]);
      if (!m || ip === null) return `Couldn't parse CURLOPT_RESOLVE entry '${v}'`;
      o.resolve.push({ host: m[1].toLowerCase(), port: Number(m[2]), ip });
    },
  },
];

type Parsed = { ok: true; o: Options } | { ok: false; exit: number; message: string };

function parseArgs(args: string[]): Parsed {
  const o: Options = { urls: [], silent: false, showError: false, fail: false, failWithBody: false, head: false, include: false, verbose: false, noMeter: false, headers: [], userAgent: USER_AGENT, http10: false, http11: false, insecure: false, resolve: [] };
  const usage = (msg: string): Parsed => ({ ok: false, exit: 2, message: `curl: ${msg}\n${TRY_HELP}` });
  const apply = (def: OptionDef, name: string, value: string | undefined): Parsed | null => {
    if (def.kind === 'number' && !/^\d+(\.\d+)?$|^\.\d+$/.test(value ?? '')) return usage(`option ${name}: expected a proper numerical parameter`);
    const problem = def.set?.(o, value ?? '');
    return problem ? { ok: false, exit: 2, message: `Warning: ${problem}\n` } : null;
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a.startsWith('--') && a.length > 2) {
      const def = OPTIONS.find((d) => d.long === a.slice(2));
      if (!def) return usage(`option ${a}: is unknown`);
      if (def.kind !== 'flag' && i + 1 >= args.length) return usage(`option ${a}: requires parameter`);
      const err = apply(def, a, def.kind === 'flag' ? undefined : args[++i]);
      if (err) return err;
    } else if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const def = OPTIONS.find((d) => d.short === a[j]);
        if (!def) return usage(`option -${a.slice(j)}: is unknown`);
        if (def.kind === 'flag') {
          apply(def, `-${a[j]}`, undefined);
          continue;
        }
        const value = j + 1 < a.length ? a.slice(j + 1) : args[++i];
        if (value === undefined) return usage(`option -${a[j]}: requires parameter`);
        const err = apply(def, `-${a[j]}`, value);
        if (err) return err;
        break;
      }
    } else o.urls.push(a);
  }
  return { ok: true, o };
}

// --- URLs ------------------------------------------------------------------------------

interface Url {
  scheme: 'http' | 'https';
  host: string;
  port: number;
  /** Path and query as sent in the request line. */
  path: string;
  explicitPort: boolean;
}

type UrlResult = { ok: true; url: Url } | { ok: false; code: number; message: string };

/** curl's URL parser: the scheme guessed as http when missing, ports 0-65535. */
function parseUrl(text: string): UrlResult {
  const bad: UrlResult = { ok: false, code: 3, message: 'URL using bad/illegal format or missing URL' };
  const m = /^(?:([A-Za-z][A-Za-z0-9+.-]*):\/\/)?(?:[^@/?#]*@)?([^/:?#]*)(?::([^/?#]*))?([^#]*)(?:#.*)?$/.exec(text);
  if (!m || /\s/.test(text)) return bad;
  const scheme = (m[1] ?? 'http').toLowerCase();
  if (scheme !== 'http' && scheme !== 'https') return { ok: false, code: 1, message: `Protocol "${m[1]}" not supported or disabled in libcurl` };
  if (!m[2]) return bad;
  const portText = m[3] ?? '';
  if (portText !== '' && (!/^\d+$/.test(portText) || Number(portText) > 65535)) return bad;
  const port = portText === '' ? (scheme === 'https' ? 443 : 80) : Number(portText);
  const rest = m[4] ?? '';
  const path = rest === '' ? '/' : rest.startsWith('?') ? `/${rest}` : rest;
  return { ok: true, url: { scheme, host: m[2], port, path, explicitPort: portText !== '' && port !== (scheme === 'https' ? 443 : 80) } };
}

// --- the transfer ----------------------------------------------------------------------

/** A failed transfer: curl's exit code and message (`curl: (7) ...`). */
class Failure {
  constructor(public code: number, public message: string) {}
}

interface Transfer {
  code: number;
  error?: string;
  httpCode: number;
  ip?: Ip;
  port?: number;
  url: string;
  bytes: number;
  headerBytes: number;
  contentType?: string;
  version?: string;
  method: string;
  us: { total: number; namelookup: number; connect: number; start: number; appconnect: number };
}

/** Formats a byte count into curl's 5-character progress fields. */
function max5(n: number): string {
  if (n < 100000) return String(n).padStart(5);
  if (n < 10000 * 1024) return `${String(Math.floor(n / 1024)).padStart(4)}k`;
  if (n < 100 * 1024 * 1024) return `${String(Math.floor(n / 1048576)).padStart(2)}.${Math.floor((n % 1048576) / 104858)}M`;
  return `${String(Math.floor(n / 1048576)).padStart(4)}M`;
}

const p2 = (n: number) => String(n).padStart(2, '0');

function time2str(seconds: number): string {
  if (seconds <= 0) return '--:--:--';
  const h = Math.floor(seconds / 3600);
  return `${String(h).padStart(2)}:${p2(Math.floor((seconds % 3600) / 60))}:${p2(seconds % 60)}`;
}

/** One line of the progress meter (lib/progress.c), starting with a carriage return. */
function meterLine(total: number, got: number, us: number): string {
  const pct = total > 0 ? Math.floor((got * 100) / total) : 0;
  const speed = us > 0 ? Math.floor((got * 1_000_000) / us) : got;
  const spent = Math.floor(us / 1_000_000);
  return `\r${String(pct).padStart(3)} ${max5(total)}  ${String(pct).padStart(3)} ${max5(got)}    0 ${max5(0)}  ${max5(speed)}  ${max5(0)} ${time2str(spent)} ${time2str(spent)} --:--:-- ${max5(speed)}`;
}

const METER_HEADER = '  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n                                 Dload  Upload   Total   Spent    Left  Speed\n';

/** `-w` output: %{variables} and \n, \r, \t escapes. */
function writeOut(ctx: CommandContext, format: string, t: Transfer): void {
  const sec = (us: number) => (us / 1_000_000).toFixed(6);
  const vars: Record<string, string> = {
    http_code: String(t.httpCode).padStart(3, '0'), response_code: String(t.httpCode).padStart(3, '0'),
    time_total: sec(t.us.total), time_namelookup: sec(t.us.namelookup), time_connect: sec(t.us.connect), time_appconnect: sec(t.us.appconnect),
    time_pretransfer: sec(t.us.appconnect || t.us.connect), time_starttransfer: sec(t.us.start), time_redirect: sec(0),
    remote_ip: t.ip === undefined ? '' : formatIp(t.ip), remote_port: t.port === undefined ? '' : String(t.port),
    size_download: String(t.bytes), size_header: String(t.headerBytes), size_upload: '0',
    speed_download: String(t.us.total > 0 ? Math.floor((t.bytes * 1_000_000) / t.us.total) : t.bytes), speed_upload: '0',
    content_type: t.contentType ?? '', url_effective: t.url, url: t.url, exitcode: String(t.code), errormsg: t.error ?? '',
    num_connects: t.ip === undefined ? '0' : '1', num_redirects: '0', redirect_url: '', http_version: t.version ?? '0', method: t.method,
    scheme: t.url.split(':')[0].toUpperCase(),
  };
  let out = '';
  for (let i = 0; i < format.length; i++) {
    const c = format[i];
    if (c === '\\' && i + 1 < format.length) {
      const e = format[i + 1];
      out += e === 'n' ? '\n' : e === 'r' ? '\r' : e === 't' ? '\t' : `\\${e}`;
      i++;
    } else if (c === '%' && format[i + 1] === '%') {
      out += '%';
      i++;
    } else if (c === '%' && format[i + 1] === '{') {
      const end = format.indexOf('}', i);
      if (end < 0) {
        out += format.slice(i);
        break;
      }
      const name = format.slice(i + 2, end);
      if (name in vars) out += vars[name];
      else ctx.err(`curl: unknown --write-out variable: '${name}'\n`);
      i = end;
    } else out += c;
  }
  ctx.out(out);
}

/** Where the response goes: the terminal/stdout, /dev/null or a file (created on the first write). */
interface Sink {
  toStdout: boolean;
  /** Absolute path of the output file (none: /dev/null), and the name as given. */
  path?: string;
  name?: string;
  /** -s mutes warnings. */
  quiet?: boolean;
}

function transfer(ctx: CommandContext, o: Options, text: string, index: number, sink: Sink, meter: boolean): Transfer {
  const clock = new Clock(ctx);
  const verbose = (line: string) => o.verbose && ctx.err(line);
  const method = o.method ?? (o.head ? 'HEAD' : o.data !== undefined ? 'POST' : 'GET');
  const t: Transfer = { code: 0, httpCode: 0, url: text, bytes: 0, headerBytes: 0, method, us: { total: 0, namelookup: 0, connect: 0, start: 0, appconnect: 0 } };
  const parsed = parseUrl(text);
  if (!parsed.ok) {
    verbose(`* ${parsed.message}\n* Closing connection -1\n`);
    return { ...t, code: parsed.code, error: parsed.message };
  }
  const url = parsed.url;
  t.url = `${url.scheme}://${url.host}${url.explicitPort ? `:${url.port}` : ''}${url.path}`;
  if (meter) ctx.err(METER_HEADER + meterLine(0, 0, 0));
  const maxUs = o.maxTimeMs === undefined || o.maxTimeMs <= 0 ? Infinity : o.maxTimeMs * 1000;
  const connectUs = Math.min(maxUs, (o.connectTimeoutMs || DEFAULT_CONNECT_TIMEOUT_MS) * 1000);
  const elapsedMs = () => Math.floor(clock.now / 1000);
  const where = `${url.host} port ${url.port}`;
  let hostHeader = url.explicitPort ? `${url.host}:${url.port}` : url.host;
  try {
    // Name resolution, bounded by the connect timeout.
    let addrs: Ip[];
    const literal = parseIp(url.host);
    const pinned = o.resolve.find((r) => r.host === url.host.toLowerCase() && r.port === url.port);
    if (literal !== null) addrs = [literal];
    else if (pinned) {
      verbose(`* Hostname ${url.host} was found in DNS cache\n`);
      addrs = [pinned.ip];
    } else {
      const r = resolveHost(ctx.world, ctx.host.name, url.host, { record: true });
      if (r.ms * 1000 >= connectUs) {
        clock.advanceTo(connectUs);
        throw new Failure(28, `Resolving timed out after ${elapsedMs()} milliseconds`);
      }
      clock.advanceTo(r.ms * 1000);
      if (r.kind !== 'ok' || !r.addrs.length) throw new Failure(6, `Could not resolve host: ${url.host}`);
      addrs = r.addrs;
    }
    t.us.namelookup = clock.now;

    // TCP connect to each address in turn.
    let hit: Extract<ReturnType<typeof tcpConnect>, { ok: true }>['hit'] | undefined;
    for (const ip of addrs) {
      verbose(`*   Trying ${formatIp(ip)}:${url.port}...\n`);
      t.ip = ip;
      t.port = url.port;
      if (sourceFor(ctx.world, ctx.host, ip) === null) {
        verbose(`* Immediate connect fail for ${formatIp(ip)}: ${ERRNO_TEXT.ENETUNREACH}\n`);
        continue;
      }
      const c = tcpConnect(ctx, clock, ip, url.port, connectUs - clock.now);
      if (c.ok) {
        hit = c.hit;
        verbose(`* Connected to ${url.host} (${formatIp(ip)}) port ${url.port} (#${index})\n`);
        break;
      }
      if ('timedOut' in c) {
        if (connectUs === maxUs) throw new Failure(28, `Connection timed out after ${elapsedMs()} milliseconds`);
        throw new Failure(28, `Failed to connect to ${where} after ${elapsedMs()} ms: Timeout was reached`);
      }
      verbose(`* connect to ${formatIp(ip)} port ${url.port} failed: ${ERRNO_TEXT[c.errno]}\n`);
    }
    if (!hit) throw new Failure(7, `Failed to connect to ${where} after ${elapsedMs()} ms: Couldn't connect to server`);
    t.us.connect = clock.now;
    // A port-forward's socket: the connection ends at the pod, or kubectl closes it (null).
    const end = throughTunnel(ctx.world, hit, true);

    const x: Exchange = { world: ctx.world, record: true, nowMs: wallMs(ctx.world.now) };
    let h2 = false;
    /** Session tickets the TLS 1.3 server sends after the handshake (OpenSSL two, Go one). */
    let tickets = 0;
    if (url.scheme === 'https') {
      if (!end) throw new Failure(35, `OpenSSL SSL_connect: SSL_ERROR_SYSCALL in connection to ${url.host}:${url.port} `);
      const tls = serverTls(ctx.world, end.host, end.listener, url.host);
      verbose(`* ALPN: offers ${o.http10 ? 'http/1.0' : o.http11 ? 'http/1.1' : 'h2,http/1.1'}\n* TLSv1.3 (OUT), TLS handshake, Client hello (1):\n`);
      verbose(`*  CAfile: ${o.cacert ?? '/etc/ssl/certs/ca-certificates.crt'}\n*  CApath: /etc/ssl/certs\n`);
      if (!tls) {
        const r = serve(x, end.host, end.listener, { method: 'GET', path: '/', host: hostHeader, version: '1.1' });
        const at = `${url.host}:${url.port}`;
        if (r.kind === 'silent') return waitForever(clock, t, maxUs, `Connection timed out after ${Math.floor(maxUs / 1000)} milliseconds`);
        clock.advanceTo(Math.min(clock.now + r.delayUs, maxUs));
        if (clock.now >= maxUs) throw new Failure(28, `Connection timed out after ${elapsedMs()} milliseconds`);
        if (r.kind === 'reset') throw new Failure(35, `OpenSSL SSL_connect: Connection reset by peer in connection to ${at} `);
        if (r.kind === 'empty') throw new Failure(35, `OpenSSL SSL_connect: SSL_ERROR_SYSCALL in connection to ${at} `);
        throw new Failure(35, 'OpenSSL/3.0.19: error:0A00010B:SSL routines::wrong version number');
      }
      h2 = handshake(ctx, o, url.host, tls, verbose);
      tickets = tls.cipher === GO_CIPHER ? 1 : 2;
      t.us.appconnect = clock.now;
      clock.advanceTo(Math.min(clock.now + rttUs(ctx, 1), maxUs));
      if (clock.now >= maxUs) throw new Failure(28, `Connection timed out after ${elapsedMs()} milliseconds`);
    }

    // The request.
    const version = o.http10 ? '1.0' : '1.1';
    const headers: Header[] = [['Host', hostHeader]];
    if (o.user !== undefined) headers.push(['Authorization', `Basic ${btoa(o.user.includes(':') ? o.user : `${o.user}:`)}`]);
    headers.push(['User-Agent', o.userAgent], ['Accept', '*/*']);
    if (o.data !== undefined) headers.push(['Content-Length', String(byteLength(o.data))], ['Content-Type', 'application/x-www-form-urlencoded']);
    for (const h of o.headers) {
      const m = /^([^:;]+)([:;])\s*(.*)$/.exec(h);
      if (!m) continue;
      const at = headers.findIndex(([k]) => k.toLowerCase() === m[1].trim().toLowerCase());
      if (m[2] === ':' && m[3] === '') {
        if (at >= 0) headers.splice(at, 1);
      } else if (at >= 0) headers[at] = [m[1].trim(), m[3]];
      else headers.push([m[1].trim(), m[3]]);
    }
    hostHeader = headers.find(([k]) => k.toLowerCase() === 'host')?.[1] ?? '';
    // HTTP/2 sends the header names in lower case (curl shows Host as it built it).
    const sent = h2 ? headers.map(([k, v]): Header => [k === 'Host' ? k : k.toLowerCase(), v]) : headers;
    if (h2) {
      const pseudo = [[':method', method], [':path', url.path], [':scheme', 'https'], [':authority', hostHeader], ...sent.filter(([k]) => k !== 'Host')];
      verbose(`* using HTTP/2\n${pseudo.map(([k, v]) => `* h2h3 [${k.toLowerCase()}: ${v}]\n`).join('')}* Using Stream ID: 1 (easy handle 0x55d0c4a1e2b0)\n`);
    }
    verbose(`> ${method} ${url.path} HTTP/${h2 ? '2' : version}\r\n${sent.map(([k, v]) => `> ${k}: ${v}\r\n`).join('')}> \r\n`);

    const reply: HttpReply = end ? serve(x, end.host, end.listener, { method, path: url.path, host: hostHeader, version, tls: url.scheme === 'https', h2 }) : { kind: 'empty', delayUs: 0 };
    if (reply.kind === 'silent') return waitForever(clock, t, maxUs, `Operation timed out after ${Math.floor(maxUs / 1000) + 1} milliseconds with 0 bytes received`);
    const arrives = clock.now + reply.delayUs + rttUs(ctx, 1);
    if (arrives > maxUs) {
      clock.advanceTo(maxUs);
      throw new Failure(28, `Operation timed out after ${elapsedMs() + 1} milliseconds with 0 bytes received`);
    }
    clock.advanceTo(arrives);
    t.us.start = clock.now;
    if (reply.kind === 'empty') throw new Failure(52, 'Empty reply from server');
    if (reply.kind === 'reset') throw new Failure(56, 'Recv failure: Connection reset by peer');
    if (reply.kind !== 'response') throw new Failure(1, 'Received HTTP/0.9 when not allowed');

    // The response.
    verbose('* TLSv1.3 (IN), TLS handshake, Newsession Ticket (4):\n'.repeat(tickets));
    t.httpCode = reply.status;
    t.version = h2 ? '2' : reply.version;
    t.contentType = reply.headers.find(([k]) => k.toLowerCase() === 'content-type')?.[1];
    // curl 7.88 writes an HTTP/2 status line with the code and a trailing space.
    const statusLine = h2 ? `HTTP/2 ${reply.status} \r\n` : `HTTP/${reply.version} ${reply.status} ${reply.reason}\r\n`;
    const replyHeaders = h2 ? reply.headers.filter(([k]) => !['connection', 'keep-alive'].includes(k.toLowerCase())).map(([k, v]): Header => [k.toLowerCase(), v]) : reply.headers;
    const headerText = (bold: boolean) => statusLine + replyHeaders.map(([k, v]) => `${bold ? `\x1b[1m${k}\x1b[0m` : k}: ${v}\r\n`).join('') + '\r\n';
    t.headerBytes = byteLength(headerText(false));
    if (reply.version === '1.0' && !h2) verbose('* HTTP 1.0, assume close after body\n');
    verbose(headerText(false).split('\r\n').slice(0, -1).map((l) => `< ${l}\r\n`).join(''));
    if ((o.fail || o.failWithBody) && reply.status >= 400) {
      if (o.failWithBody) emit(ctx, sink, reply.body);
      throw new Failure(22, `The requested URL returned error: ${reply.status}`);
    }
    const showHeaders = o.include || o.head;
    const body = o.head ? '' : reply.body;
    const written = emit(ctx, sink, (showHeaders ? headerText(sink.toStdout && !!ctx.isatty) : '') + body);
    if (written) throw written;
    t.bytes = byteLength(body);
    t.us.total = clock.now;
    if (meter) {
      if (o.verbose && t.bytes) ctx.err(`{ [${t.bytes} bytes data]\n`);
      const total = Number(reply.headers.find(([k]) => k.toLowerCase() === 'content-length')?.[1] ?? t.bytes);
      ctx.err(meterLine(o.head ? 0 : total, t.bytes, clock.now) + '\n');
    }
    verbose(reply.close && !h2 ? `* Closing connection ${index}\n` : `* Connection #${index} to host ${url.host} left intact\n`);
    return t;
  } catch (e) {
    if (!(e instanceof Failure)) throw e;
    verbose(`* ${e.message}\n* Closing connection ${index}\n`);
    return { ...t, code: e.code, error: e.message, us: { ...t.us, total: clock.now } };
  }
}

/**
 * The TLS 1.3 handshake after the Client hello: OpenSSL's chain check (the system store plus
 * --cacert), curl's host name check, both skipped by -k; the verbose lines as curl prints them.
 * Whether HTTP/2 was agreed.
 */
function handshake(ctx: CommandContext, o: Options, host: string, tls: TlsServer, verbose: (line: string) => void): boolean {
  const trusted = [...(ctx.host.trustedCas ?? PUBLIC_CAS)];
  if (o.cacert !== undefined) {
    const file = readFile(ctx.host, resolvePath(ctx.session.cwd, o.cacert), ctx.session.user);
    const cas = file.ok ? certsFromPem(file.text) : [];
    if (!cas.length) throw new Failure(77, `error setting certificate file: ${o.cacert}`);
    trusted.push(...cas.map((c) => cnOf(c.subject)));
  }
  verbose('* TLSv1.3 (IN), TLS handshake, Server hello (2):\n* TLSv1.3 (IN), TLS handshake, Encrypted Extensions (8):\n* TLSv1.3 (IN), TLS handshake, Certificate (11):\n');
  const cert = tls.cert;
  const chain = verifyChain(cert, trusted, wallMs(ctx.world.now));
  if (!chain.ok && chain.stage === 'chain' && !o.insecure) {
    const alert = chain.x509 === 10 ? 'certificate expired (557)' : chain.x509 === 9 ? 'bad certificate (554)' : 'unknown CA (560)';
    verbose(`* TLSv1.3 (OUT), TLS alert, ${alert}:\n`);
    throw new Failure(60, `SSL certificate problem: ${chain.reason}`);
  }
  verbose('* TLSv1.3 (IN), TLS handshake, CERT verify (15):\n* TLSv1.3 (IN), TLS handshake, Finished (20):\n* TLSv1.3 (OUT), TLS change cipher, Change cipher spec (1):\n* TLSv1.3 (OUT), TLS handshake, Finished (20):\n');
  verbose(`* SSL connection using TLSv1.3 / ${tls.cipher ?? 'TLS_AES_256_GCM_SHA384'}\n`);
  const h2 = !o.http10 && !o.http11 && !!tls.alpn?.includes('h2');
  verbose(`* ALPN: server accepted ${h2 ? 'h2' : 'http/1.1'}\n`);
  verbose(`* Server certificate:\n*  subject: ${nameLine(cert.subject)}\n*  start date: ${asn1Time(cert.notBefore)}\n*  expire date: ${asn1Time(cert.notAfter)}\n`);
  if (!o.insecure) {
    const name = verifyHost(cert, host);
    if (!name.ok && name.stage === 'name') {
      verbose(`*  subjectAltName does not match ${host}\n`);
      throw new Failure(60, name.message);
    }
    verbose(cert.sans.length ? `*  subjectAltName: host "${host}" matched cert's "${name.matched}"\n` : `*  common name: ${cnOf(cert.subject)} (matched)\n`);
  }
  verbose(`*  issuer: ${nameLine(cert.issuer)}\n`);
  verbose(chain.ok ? '*  SSL certificate verify ok.\n' : chain.stage === 'chain' ? `*  SSL certificate verify result: ${chain.reason} (${chain.x509}), continuing anyway.\n` : '');
  return h2;
}

/** A server that never answers: until --max-time, or until the player gives up with Ctrl-C. */
function waitForever(clock: Clock, t: Transfer, maxUs: number, message: string): Transfer {
  if (maxUs === Infinity) {
    clock.advanceTo(clock.now + PING_INTERRUPT_US);
    return { ...t, code: 130, error: 'interrupted', us: { ...t.us, total: clock.now } };
  }
  clock.advanceTo(maxUs);
  throw new Failure(28, message);
}

/** Writes response data to the sink; a Failure if the output file cannot be written. */
function emit(ctx: CommandContext, sink: Sink, text: string): Failure | undefined {
  if (sink.toStdout) {
    ctx.out(text);
    return undefined;
  }
  if (sink.path === undefined) return undefined;
  const errno = checkWritable(ctx.host, sink.path, ctx.session.user) ?? writeFile(ctx.host, sink.path, text, false);
  if (!errno) return undefined;
  if (!sink.quiet) ctx.err(`Warning: Failed to open the file ${sink.name}: ${ERRNO[errno]}\n`);
  return new Failure(23, 'Failure writing output to destination');
}

function run(ctx: CommandContext): number {
  const args = ctx.argv.slice(1);
  if (!args.length) {
    ctx.err(TRY_HELP);
    return 2;
  }
  const p = parseArgs(args);
  if (!p.ok) {
    ctx.err(p.message);
    return p.exit;
  }
  const o = p.o;
  if (!o.urls.length) {
    ctx.err(`curl: no URL specified!\n${TRY_HELP}`);
    return 2;
  }
  let code = 0;
  for (const [i, url] of o.urls.entries()) {
    // -o applies to the first URL; /dev/null discards, `-` is stdout.
    const out = i === 0 ? o.output : undefined;
    const sink: Sink = out === undefined || out === '-' ? { toStdout: true } : { toStdout: false, path: out === '/dev/null' ? undefined : resolvePath(ctx.session.cwd, out), name: out, quiet: o.silent };
    // The progress meter shows unless silenced or the body goes to the terminal.
    const meter = !o.silent && !o.noMeter && !(sink.toStdout && ctx.isatty);
    const t = transfer(ctx, o, url, i, sink, meter);
    if (t.code === 130) {
      ctx.err('^C\n');
      return 130;
    }
    if (t.code && (!o.silent || o.showError)) {
      ctx.err(`curl: (${t.code}) ${t.error}\n`);
      if (t.code === 60) ctx.err(CA_CERT_HELP);
    }
    if (o.writeOut !== undefined) writeOut(ctx, o.writeOut, t);
    code = t.code;
  }
  return code;
}

export const curlCommands: Record<string, CommandSpec> = {
  curl: {
    // Writes: saving to files, and requests that send something.
    reads: (argv) => !shortHas(argv, 'oODcJXdFT') && unless(['--output', '--remote-name', '--remote-name-all', '--dump-header', '--cookie-jar', '--output-dir', '--request', '--data', '--data-raw', '--data-binary', '--data-urlencode', '--json', '--form', '--upload-file'])(argv),
    run,
    summary: 'transfer a URL (HTTP client)' },
};
