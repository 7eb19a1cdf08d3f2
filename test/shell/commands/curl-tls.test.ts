// curl over TLS in the base cluster: the kube-apiserver's serving certificate (signed by the
// cluster CA in /etc/kubernetes/pki/ca.crt), its anonymous answers, and ingress-nginx's
// termination with its fake certificate or an Ingress's kubernetes.io/tls Secret.
import { describe, expect, it } from 'vitest';
import { wallMs } from '../../../server/sim/clock.js';
import { httpRequest, parseUrl } from '../../../server/sim/net/http.js';
import { certToPem, makeCert } from '../../../server/sim/net/tls.js';
import { cluster } from '../../sim/k8s/network/cluster.js';

const HELP = 'More details here: https://curl.se/docs/sslcerts.html\n\ncurl failed to verify the legitimacy of the server and therefore could not\nestablish a secure connection to it. To learn more about this situation and\nhow to fix it, please visit the web page mentioned above.\n';
const API = 'https://10.0.10.10:6443';

describe('curl https to the kube-apiserver', () => {
  it('refuses the cluster CA it does not trust, unless -k or --cacert', () => {
    const { run } = cluster();
    let r = run(`curl ${API}/healthz`);
    expect(r.err).toBe(`curl: (60) SSL certificate problem: unable to get local issuer certificate\n${HELP}`);
    expect(r.exit).toBe(60);
    expect(run(`curl -s ${API}/healthz`).err).toBe('');
    r = run(`curl -k ${API}/healthz`);
    expect([r.out, r.exit]).toEqual(['ok', 0]);
    expect(run(`curl --insecure ${API}/readyz`).out).toBe('ok');
    expect(run(`curl --cacert /etc/kubernetes/pki/ca.crt ${API}/livez`).out).toBe('ok');
    expect(run('curl --cacert /etc/kubernetes/pki/ca.crt https://cp1:6443/healthz').out).toBe('ok');
    r = run('curl --cacert /etc/kubernetes/pki/ca.crt https://localhost:6443/healthz');
    expect(r.err).toBe(`curl: (60) SSL: no alternative certificate subject name matches target host name 'localhost'\n${HELP}`);
    r = run(`curl --cacert /nope.crt ${API}/healthz`);
    expect([r.err, r.exit]).toEqual(['curl: (77) error setting certificate file: /nope.crt\n', 77]);
  });

  it('answers the version and a 403 Status for anything else', () => {
    const { run } = cluster();
    expect(JSON.parse(run(`curl -k ${API}/version`).out).gitVersion).toBe('v1.32.4');
    expect(run(`curl -k ${API}/`).out).toBe(
      '{\n  "kind": "Status",\n  "apiVersion": "v1",\n  "metadata": {},\n  "status": "Failure",\n  "message": "forbidden: User \\"system:anonymous\\" cannot get path \\"/\\"",\n  "reason": "Forbidden",\n  "details": {},\n  "code": 403\n}');
    const pods = JSON.parse(run(`curl -k ${API}/api/v1/namespaces/shop/pods/web-0`).out);
    expect(pods.message).toBe('pods "web-0" is forbidden: User "system:anonymous" cannot get resource "pods" in API group "" in the namespace "shop"');
    expect(pods.details).toEqual({ name: 'web-0', kind: 'pods' });
    expect(run(`curl -sk -o /dev/null -w '%{http_code} %{http_version}' ${API}/api`).out).toBe('403 2');
  });

  it('shows the handshake and the certificate with -v, and speaks HTTP/2', () => {
    const { run } = cluster();
    const r = run(`curl -kv ${API}/healthz`);
    expect(r.err).toContain('* ALPN: offers h2,http/1.1\n* TLSv1.3 (OUT), TLS handshake, Client hello (1):\n');
    expect(r.err).toContain('* SSL connection using TLSv1.3 / TLS_AES_128_GCM_SHA256\n* ALPN: server accepted h2\n* Server certificate:\n*  subject: CN=kube-apiserver\n*  start date: Oct 13 09:00:00 2026 GMT\n*  expire date: Oct 13 09:00:00 2027 GMT\n*  issuer: CN=kubernetes\n*  SSL certificate verify result: unable to get local issuer certificate (20), continuing anyway.\n* using HTTP/2\n');
    expect(r.err).toContain('> GET /healthz HTTP/2\r\n> Host: 10.0.10.10:6443\r\n> user-agent: curl/7.88.1\r\n> accept: */*\r\n> \r\n');
    expect(r.err).toMatch(/< HTTP\/2 200 \r\n< audit-id: [0-9a-f-]{36}\r\n< cache-control: no-cache, private\r\n< content-type: text\/plain; charset=utf-8\r\n/);
    const failed = run(`curl -v ${API}/healthz`).err;
    expect(failed).toContain('* TLSv1.3 (IN), TLS handshake, Certificate (11):\n* TLSv1.3 (OUT), TLS alert, unknown CA (560):\n* SSL certificate problem: unable to get local issuer certificate\n* Closing connection 0\n');
    const verified = run(`curl -v --cacert /etc/kubernetes/pki/ca.crt ${API}/healthz`).err;
    expect(verified).toContain('*  subjectAltName: host "10.0.10.10" matched cert\'s "10.0.10.10"\n*  issuer: CN=kubernetes\n*  SSL certificate verify ok.\n');
    // --http1.1: no h2 in ALPN, Go's sorted HTTP/1.1 headers.
    const h1 = run(`curl -ski --http1.1 ${API}/healthz`).out.replace(/\x1b\[[0-9;]*m/g, '');
    expect(h1).toMatch(/^HTTP\/1\.1 200 OK\r\nAudit-Id: .+\r\nCache-Control: no-cache, private\r\nContent-Length: 2\r\nContent-Type: text\/plain; charset=utf-8\r\nDate: .+\r\n/);
  });

  it('gives the real errors for plaintext on the TLS port and TLS on a plaintext port', () => {
    const { run } = cluster();
    expect(run('curl -s http://10.0.10.10:6443/healthz').out).toBe('Client sent an HTTP request to an HTTPS server.\n');
    const r = run('curl -s -S https://shop.corp.internal:80/');
    expect([r.err, r.exit]).toEqual(['curl: (35) OpenSSL/3.0.19: error:0A00010B:SSL routines::wrong version number\n', 35]);
  });
});

describe('ingress-nginx TLS termination', () => {
  it('serves its self-signed fake certificate without an Ingress tls section', () => {
    const { run } = cluster();
    const r = run('curl https://shop.corp.internal/');
    expect(r.err).toBe(`curl: (60) SSL certificate problem: self-signed certificate\n${HELP}`);
    expect(run('curl -sk https://shop.corp.internal/api/items').out).toBe('{"items":[]}\n');
    expect(run('curl -skv https://shop.corp.internal/').err).toContain('*  subject: O=Acme Co; CN=Kubernetes Ingress Controller Fake Certificate\n');
    const plain = run('curl -s http://shop.corp.internal:443/').out;
    expect(plain).toContain('<head><title>400 The plain HTTP request was sent to HTTPS port</title></head>');
  });

  it('terminates with the kubernetes.io/tls Secret of an Ingress whose certificate names the host', () => {
    const { run, world } = cluster();
    // The company CA signs shop's certificate; the hosts trust it once it is in their store.
    const cert = makeCert('shop.corp.internal', { issuer: [['CN', 'Corp Internal CA']], notBefore: wallMs(0) - 86_400_000 });
    const b64 = btoa(certToPem(cert));
    run(`kubectl -n shop create secret generic shop-tls --type=kubernetes.io/tls --from-literal=tls.crt=x --from-literal=tls.key=k`);
    const secret = world.cluster!.objects.Secret!['shop/shop-tls'];
    expect(secret).toBeDefined();
    secret.data!['tls.crt'] = b64;
    run(`kubectl -n shop patch ingress shop --type=merge -p '{"spec":{"tls":[{"hosts":["shop.corp.internal"],"secretName":"shop-tls"}]}}'`);
    expect(run('curl https://shop.corp.internal/').err).toBe(`curl: (60) SSL certificate problem: unable to get local issuer certificate\n${HELP}`);
    world.hosts.cp1.trustedCas = ['Corp Internal CA'];
    expect(run('curl -s https://shop.corp.internal/api/items').out).toBe('{"items":[]}\n');
    // ssl-redirect: plain HTTP to the host now gets a 308 to https.
    const redirect = run('curl -si http://shop.corp.internal/api/items?x=1').out.replace(/\x1b\[[0-9;]*m/g, '');
    expect(redirect).toMatch(/^HTTP\/1\.1 308 Permanent Redirect\r\nDate: .+ GMT\r\nContent-Type: text\/html\r\nContent-Length: 164\r\nConnection: keep-alive\r\nLocation: https:\/\/shop\.corp\.internal\/api\/items\?x=1\r\n\r\n<html>\r\n<head><title>308 Permanent Redirect<\/title><\/head>/);
    // Any other name (here the node's address) gets the fake certificate.
    expect(run('curl -s -S https://10.0.10.11/').err).toBe(`curl: (60) SSL certificate problem: self-signed certificate\n${HELP}`);
    // A certificate that does not name the host is not used: the fake one is.
    world.hosts.cp1.trustedCas = ['Kubernetes Ingress Controller Fake Certificate'];
    expect(run('curl -s -S --resolve www.corp.internal:443:10.0.10.11 https://www.corp.internal/').err).toBe(`curl: (60) SSL: no alternative certificate subject name matches target host name 'www.corp.internal'\n${HELP}`);
  });

  it('lets objectives ask like curl -k, or verify when they say so', () => {
    const { world } = cluster();
    const url = parseUrl('https://shop.corp.internal/api/items')!;
    const r = httpRequest(world, 'cp1', url);
    expect(r.kind === 'response' && r.body).toBe('{"items":[]}\n');
    expect(httpRequest(world, 'cp1', url, { verify: true }).kind).toBe('tls-failed');
    expect(httpRequest(world, 'cp1', parseUrl('https://10.0.10.10:6443/healthz')!).kind).toBe('response');
  });
});
