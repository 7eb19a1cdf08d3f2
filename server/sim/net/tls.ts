// TLS as a client sees it: which certificate a listening socket presents (its own, or the one
// ingress-nginx picks for the SNI name), whether a client that trusts a set of CAs accepts it
// for the name it dialled (OpenSSL 3's chain and time checks, then curl's host name check),
// and certificates as PEM text in files and Secrets. Trust goes by the issuing CA's name.
import { parseIp } from './ip.js';
import { ingressTls } from '../k8s/ingress-tls.js';
import { isIngressControllerPort } from '../k8s/ingress.js';
import type { Certificate, Listener, TlsServer, World } from '../world/types.js';

/** Roots and intermediates of the public web PKI that Debian's ca-certificates lets curl build a chain to. */
export const PUBLIC_CAS = [
  'ISRG Root X1', 'ISRG Root X2', 'R10', 'R11', 'E5', 'E6', 'DigiCert Global Root CA', 'DigiCert Global Root G2',
  'DigiCert Global G2 TLS RSA SHA256 2020 CA1', 'GlobalSign Root CA', 'GTS Root R1', 'WR2', 'Amazon Root CA 1', 'Amazon RSA 2048 M02',
];

const DAY_MS = 86_400_000;

export const cnOf = (names: [string, string][]) => names.find(([k]) => k === 'CN')?.[1] ?? '';

export const isSelfSigned = (c: Certificate) => JSON.stringify(c.subject) === JSON.stringify(c.issuer);

/** A certificate for `cn` (SANs default to the CN as a name or address), issued by `issuer` or self-signed. */
export function makeCert(cn: string, opts: { sans?: string[]; issuer?: [string, string][]; o?: string; notBefore: number; days?: number }): Certificate {
  const subject: [string, string][] = [...(opts.o ? [['O', opts.o] as [string, string]] : []), ['CN', cn]];
  const sans = opts.sans ?? [parseIp(cn) !== null ? `IP Address:${cn}` : `DNS:${cn}`];
  return { subject, issuer: opts.issuer ?? subject, sans, notBefore: opts.notBefore, notAfter: opts.notBefore + (opts.days ?? 365) * DAY_MS };
}

// --- PEM -------------------------------------------------------------------------------

const PEM_RE = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g;
/** What the simulated DER holds: a tag and the certificate's fields. */
const DER_TAG = 'opsdrill-x509:';

/** The certificate as a PEM block (64-column base64), as files and Secrets hold it. */
export function certToPem(cert: Certificate): string {
  const b64 = btoa(DER_TAG + JSON.stringify(cert));
  return `-----BEGIN CERTIFICATE-----\n${b64.replace(/(.{64})/g, '$1\n').replace(/\n$/, '')}\n-----END CERTIFICATE-----\n`;
}

/** The certificates in a PEM file (blocks that are not simulated certificates are skipped). */
export function certsFromPem(text: string): Certificate[] {
  const out: Certificate[] = [];
  for (const m of text.matchAll(PEM_RE)) {
    try {
      const raw = atob(m[1].replace(/\s+/g, ''));
      if (raw.startsWith(DER_TAG)) out.push(JSON.parse(raw.slice(DER_TAG.length)) as Certificate);
    } catch {
      // not base64, or not one of ours: OpenSSL would skip a block it cannot use for a CA
    }
  }
  return out;
}

// --- what a socket presents ------------------------------------------------------------

/** The TLS side of a listening socket for a client sending `sni` (none: the socket speaks plaintext). */
export function serverTls(world: World, hostName: string, listener: Listener, sni: string): TlsServer | undefined {
  if (listener.tls) return listener.tls;
  if (listener.port === 443 && listener.app.kind === 'http' && isIngressControllerPort(world, hostName, 443)) return ingressTls(world, sni);
  return undefined;
}

// --- verification ----------------------------------------------------------------------

export type Verification =
  | { ok: true }
  /** The chain or validity check failed: X509 error code and OpenSSL's text (curl: `SSL certificate problem: ...`). */
  | { ok: false; stage: 'chain'; x509: number; reason: string }
  /** The certificate is good but does not name the host (curl's own check). */
  | { ok: false; stage: 'name'; message: string };

/** OpenSSL's chain and time checks against the trusted CA names. */
export function verifyChain(cert: Certificate, trusted: readonly string[], nowMs: number): Verification {
  const issuer = cnOf(cert.issuer);
  if (!trusted.includes(issuer)) {
    if (isSelfSigned(cert)) return { ok: false, stage: 'chain', x509: 18, reason: 'self-signed certificate' };
    return { ok: false, stage: 'chain', x509: 20, reason: 'unable to get local issuer certificate' };
  }
  if (nowMs < cert.notBefore) return { ok: false, stage: 'chain', x509: 9, reason: 'certificate is not yet valid' };
  if (nowMs > cert.notAfter) return { ok: false, stage: 'chain', x509: 10, reason: 'certificate has expired' };
  return { ok: true };
}

/** RFC 6125 matching of one name: a `*.` wildcard stands for exactly one leftmost label. */
function nameMatches(pattern: string, host: string): boolean {
  const p = pattern.toLowerCase();
  const h = host.toLowerCase().replace(/\.$/, '');
  if (!p.startsWith('*.')) return p === h;
  const dot = h.indexOf('.');
  return dot > 0 && h.slice(dot) === p.slice(1) && p.split('.').length > 2;
}

/** curl's host check: the SANs (addresses for an IP target), else the subject CN when there are none. */
export function verifyHost(cert: Certificate, host: string): Verification & { matched?: string } {
  const ip = parseIp(host) !== null;
  if (cert.sans.length) {
    const hit = cert.sans.find((s) => (ip ? s === `IP Address:${host}` : s.startsWith('DNS:') && nameMatches(s.slice(4), host)));
    if (hit) return { ok: true, matched: hit.replace(/^(DNS|IP Address):/, '') };
    return { ok: false, stage: 'name', message: `SSL: no alternative certificate subject name matches target host name '${host}'` };
  }
  const cn = cnOf(cert.subject);
  if (!ip && nameMatches(cn, host)) return { ok: true, matched: cn };
  return { ok: false, stage: 'name', message: `SSL: certificate subject name '${cn}' does not match target host name '${host}'` };
}

// --- how curl prints certificates ------------------------------------------------------

/** OpenSSL's one-line name with curl's separators: `O=Acme Co; CN=name`. */
export const nameLine = (names: [string, string][]) => names.map(([k, v]) => `${k}=${v}`).join('; ');

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const p2 = (n: number) => String(n).padStart(2, '0');

/** ASN1_TIME_print: `Nov  3 09:00:00 2026 GMT`. */
export function asn1Time(ms: number): string {
  const d = new Date(ms);
  return `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2)} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} ${d.getUTCFullYear()} GMT`;
}
