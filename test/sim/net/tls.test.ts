// TLS listeners from the world spec (`tls:` on a service) and hosts' trusted CAs, as curl on
// web1 sees them: a publicly signed certificate, a self-signed one, an expired one, a name
// that does not match, a host whose store lacks the public CAs, and protocol mix-ups.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { startSession } from '../../../server/headless.js';
import { loadWorldYaml } from '../../../server/sim/world/yaml.js';
import { exec } from '../../helpers/run.js';

const LAB = readFileSync(new URL('../../fixtures/lab.yaml', import.meta.url), 'utf8');
const HELP = 'More details here: https://curl.se/docs/sslcerts.html\n\ncurl failed to verify the legitimacy of the server and therefore could not\nestablish a secure connection to it. To learn more about this situation and\nhow to fix it, please visit the web page mentioned above.\n';
const SERVICES = `      - unit: shop
        process: nginx
        listen: [tcp 0.0.0.0:443]
        http: { server: nginx/1.22.1, routes: { /: { body: "secure\\n" } } }
        tls: { cn: shop.corp.internal, sans: [shop.corp.internal, 10.0.2.10], issuer: R11, notBefore: -10d, days: 90 }
      - unit: selfsigned
        process: nginx
        listen: [tcp 0.0.0.0:8443]
        http: { server: nginx/1.22.1, routes: { /: { body: "self\\n" } } }
        tls: { cn: shop.corp.internal }
      - unit: expired
        process: nginx
        listen: [tcp 0.0.0.0:9443]
        http: { server: nginx/1.22.1, routes: { /: { body: "old\\n" } } }
        tls: { cn: shop.corp.internal, issuer: R11, notBefore: -100d, days: 90 }
`;

function lab(trust?: string) {
  let yaml = LAB.replace(/(      - \{ unit: tcp-hang[^\n]*\n)/, `$1${SERVICES}`);
  if (trust !== undefined) yaml = yaml.replace('  web1:\n', `  web1:\n    trustedCas: [${trust}]\n`);
  const world = loadWorldYaml(yaml, 3);
  const session = startSession(world, 'web1');
  return (line: string) => exec(world, session, line);
}

const PIN = '--resolve shop.corp.internal:443:10.0.2.10 --resolve shop.corp.internal:8443:10.0.2.10 --resolve shop.corp.internal:9443:10.0.2.10';

describe('TLS listeners from the world spec', () => {
  it('accepts a publicly signed certificate for its name and address', () => {
    const run = lab();
    expect(run(`curl -s ${PIN} https://shop.corp.internal/`).out).toBe('secure\n');
    expect(run('curl -s https://10.0.2.10/').out).toBe('secure\n');
    const v = run(`curl -sv ${PIN} https://shop.corp.internal/`).err;
    expect(v).toContain('* SSL connection using TLSv1.3 / TLS_AES_256_GCM_SHA384\n* ALPN: server accepted http/1.1\n* Server certificate:\n*  subject: CN=shop.corp.internal\n*  start date: Nov 13 09:00:00 2026 GMT\n*  expire date: Feb 11 09:00:00 2027 GMT\n*  subjectAltName: host "shop.corp.internal" matched cert\'s "shop.corp.internal"\n*  issuer: CN=R11\n*  SSL certificate verify ok.\n> GET / HTTP/1.1\r\n');
    expect(v).toContain('> \r\n* TLSv1.3 (IN), TLS handshake, Newsession Ticket (4):\n* TLSv1.3 (IN), TLS handshake, Newsession Ticket (4):\n< HTTP/1.1 200 OK\r\n');
    const i = run(`curl -si ${PIN} https://shop.corp.internal/`).out.replace(/\x1b\[[0-9;]*m/g, '');
    expect(i).toMatch(/^HTTP\/1\.1 200 OK\r\nServer: nginx\/1\.22\.1\r\n/);
  });

  it('refuses self-signed, expired and misnamed certificates with curl\'s errors', () => {
    const run = lab();
    let r = run(`curl ${PIN} https://shop.corp.internal:8443/`);
    expect([r.err, r.exit]).toEqual([`curl: (60) SSL certificate problem: self-signed certificate\n${HELP}`, 60]);
    expect(run(`curl -k ${PIN} https://shop.corp.internal:8443/`).out).toBe('self\n');
    r = run(`curl -v ${PIN} https://shop.corp.internal:9443/`);
    expect(r.err).toContain('* TLSv1.3 (OUT), TLS alert, certificate expired (557):\n* SSL certificate problem: certificate has expired\n');
    expect(r.err.endsWith(`curl: (60) SSL certificate problem: certificate has expired\n${HELP}`)).toBe(true);
    r = run('curl --resolve www.corp.internal:443:10.0.2.10 https://www.corp.internal/');
    expect(r.err).toBe(`curl: (60) SSL: no alternative certificate subject name matches target host name 'www.corp.internal'\n${HELP}`);
    expect(run('curl -sk --resolve www.corp.internal:443:10.0.2.10 https://www.corp.internal/').out).toBe('secure\n');
  });

  it('trusts only the CAs in the host\'s store', () => {
    const run = lab('Corp Internal CA');
    expect(run('curl https://10.0.2.10/').err).toBe(`curl: (60) SSL certificate problem: unable to get local issuer certificate\n${HELP}`);
  });

  it('gives the real errors when one side speaks plaintext', () => {
    const run = lab();
    const r = run('curl -sS https://10.0.2.10:8080/');
    expect([r.err, r.exit]).toEqual(['curl: (35) OpenSSL/3.0.19: error:0A00010B:SSL routines::wrong version number\n', 35]);
    expect(run('curl -s http://10.0.2.10:443/').out).toBe(
      '<html>\r\n<head><title>400 The plain HTTP request was sent to HTTPS port</title></head>\r\n<body>\r\n<center><h1>400 Bad Request</h1></center>\r\n<center>The plain HTTP request was sent to HTTPS port</center>\r\n<hr><center>nginx/1.22.1</center>\r\n</body>\r\n</html>\r\n');
  });
});
