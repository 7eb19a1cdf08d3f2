// ingress-nginx's TLS termination on 443: the certificate for the SNI name is the one in the
// kubernetes.io/tls Secret of an Ingress (of the controller's class) whose `tls:` lists that
// host, when the certificate does name the host; otherwise (no such Ingress, a missing or
// malformed Secret, a certificate for other names) the controller's self-signed default,
// "Kubernetes Ingress Controller Fake Certificate", generated when the controller started.
// Plain HTTP to such a host is redirected to https (308).
import { parseRfc3339, wallMs } from '../clock.js';
import { certsFromPem, makeCert, verifyHost } from '../net/tls.js';
import type { Certificate, TlsServer, World } from '../world/types.js';
import { INGRESS_NGINX_IMAGE, ofIngressClass } from './ingress.js';
import { parseImageRef } from './images.js';
import { getObject } from './store.js';

const FAKE_CN = 'Kubernetes Ingress Controller Fake Certificate';
/** nginx with OpenSSL 3 picks this TLS 1.3 suite for curl; ingress-nginx enables HTTP/2. */
const NGINX_TLS = { alpn: ['h2', 'http/1.1'] as ('h2' | 'http/1.1')[], cipher: 'TLS_AES_256_GCM_SHA384' };

function fakeCertificate(world: World): Certificate {
  const pods = Object.values(world.cluster?.objects.Pod ?? {}).filter((p) => p.spec.containers.some((c) => parseImageRef(c.image)?.repository === INGRESS_NGINX_IMAGE));
  const started = pods.map((p) => parseRfc3339(p.status?.startTime ?? '')).find((t) => t !== undefined) ?? wallMs(0);
  return makeCert(FAKE_CN, { o: 'Acme Co', sans: ['DNS:ingress.local'], notBefore: Math.floor(started / 1000) * 1000 });
}

/** The certificate a secret holds, if it is a kubernetes.io/tls Secret with a usable tls.crt and tls.key. */
function secretCertificate(world: World, ns: string, name: string): Certificate | undefined {
  const s = getObject(world.cluster!, 'Secret', ns, name);
  if (!s || s.type !== 'kubernetes.io/tls' || !s.data?.['tls.crt'] || !s.data['tls.key']) return undefined;
  try {
    return certsFromPem(atob(s.data['tls.crt']))[0];
  } catch {
    return undefined;
  }
}

const tlsHosts = (world: World) =>
  Object.values(world.cluster?.objects.Ingress ?? {}).filter(ofIngressClass).flatMap((ing) => (ing.spec.tls ?? []).flatMap((t) => t.hosts ?? []).map((h) => h.toLowerCase()));

/** ingress-nginx's ssl-redirect (on by default): plain HTTP to a host an Ingress serves with TLS gets a 308 to https. */
export function sslRedirects(world: World, hostHeader: string): boolean {
  return tlsHosts(world).includes(hostHeader.replace(/:\d+$/, '').toLowerCase());
}

/** What the controller presents to a client asking for `sni`. */
export function ingressTls(world: World, sni: string): TlsServer {
  const host = sni.toLowerCase();
  for (const ing of Object.values(world.cluster?.objects.Ingress ?? {}).filter(ofIngressClass)) {
    for (const t of ing.spec.tls ?? []) {
      if (!t.secretName || !(t.hosts ?? []).some((h) => h.toLowerCase() === host)) continue;
      const cert = secretCertificate(world, ing.metadata.namespace ?? 'default', t.secretName);
      if (cert && verifyHost(cert, host).ok) return { cert, ...NGINX_TLS };
    }
  }
  return { cert: fakeCertificate(world), ...NGINX_TLS };
}
