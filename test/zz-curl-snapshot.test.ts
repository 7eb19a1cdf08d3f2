// TEMPORARY differential snapshot of curl output and objective http results (removed after the refactor).
import { it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { loadWorldYaml } from '../server/sim/world/yaml.js';
import { httpRequest, parseUrl } from '../server/sim/net/http.js';
import { lab, terminal } from './shell/commands/net-lab.js';

const EXTRA = `
subnets:
  front: { cidr: 10.0.5.0/24 }
  back: { cidr: 10.0.6.0/24 }
hosts:
  ws:
    nics: [{ name: eth0, subnet: front, ip: 10.0.5.20 }]
    hosts: [10.0.5.1 shop.example]
  gw:
    nics: [{ name: eth0, subnet: front, ip: 10.0.5.1 }, { name: eth1, subnet: back, ip: 10.0.6.1 }]
    services:
      - unit: nginx
        process: nginx
        listen: [tcp 0.0.0.0:80]
        proxy:
          connectTimeout: 5
          routes:
            - { prefix: /, backends: [10.0.6.13:8080] }
            - { prefix: /api/, backends: [10.0.6.11:8080] }
            - { prefix: /reports/, backends: [10.0.6.12:8080] }
            - { prefix: /static/, backends: [10.0.6.15:80] }
            - { prefix: /gen/, backends: [10.0.6.15:81] }
            - { prefix: /close/, backends: [10.0.6.15:9000, 10.0.6.13:8080] }
            - { prefix: /hang/, backends: [10.0.6.15:9002] }
            - { prefix: /ssh/, backends: [10.0.6.15:22] }
            - { prefix: /loop/, backends: [10.0.6.1:80] }
            - { prefix: /dns/, backends: [10.0.6.15:53] }
            - { host: admin.example, prefix: /, backends: [10.0.6.14:8080] }
  app1:
    nics: [{ name: eth0, subnet: back, ip: 10.0.6.11 }]
    services:
      - { unit: api, process: python3, listen: [tcp 0.0.0.0:8080], state: inactive, http: { server: SimpleHTTP/0.6 Python/3.11.2, routes: { /api/orders: { body: "[]\\n" } } } }
  app2:
    nics: [{ name: eth0, subnet: back, ip: 10.0.6.12 }]
    iptables: |
      *filter
      :INPUT ACCEPT [0:0]
      :FORWARD ACCEPT [0:0]
      :OUTPUT ACCEPT [0:0]
      -A INPUT -p tcp -m tcp --dport 8080 -j DROP
      COMMIT
    services:
      - { unit: reports, process: python3, listen: [tcp 0.0.0.0:8080], http: { server: SimpleHTTP/0.6 Python/3.11.2, routes: { /reports/*: { body: "r\\n" } } } }
  web:
    nics: [{ name: eth0, subnet: back, ip: 10.0.6.13 }]
    services:
      - { unit: web, process: python3, listen: [tcp 0.0.0.0:8080], http: { server: SimpleHTTP/0.6 Python/3.11.2, routes: { /: { body: "shop\\n", type: text/html }, /x.json: { status: 201, body: "{}" } } } }
  st:
    nics: [{ name: eth0, subnet: back, ip: 10.0.6.15 }]
    login: true
    services:
      - { unit: nginx, process: nginx, listen: [tcp 0.0.0.0:80], http: { server: nginx/1.22.1, routes: { /static/a.css: { body: "a{}\\n" }, /static/: { body: "<p>i</p>\\n" }, /static/gone: { status: 403, body: "no\\n" }, /static/img*: { body: "png" } } } }
      - { unit: gen, process: gunicorn, listen: [tcp 0.0.0.0:81], http: { server: gunicorn, routes: { /gen/ok: { body: "fine\\n", type: application/json }, /gen/err: { status: 500, body: "bad\\n" } } } }
      - { unit: tc, process: python3, listen: [tcp 0.0.0.0:9000], tcp: close }
      - { unit: th, process: python3, listen: [tcp 0.0.0.0:9002], tcp: hang }
      - { unit: dns, process: dnsmasq, listen: [tcp 0.0.0.0:53], dns: { zones: [] } }
`;

const FLAGS = ['-s', '-si', '-sI', '-sv', '-s -0 -i', '-s -X POST -i', "-s -o /dev/null -w '%{http_code} %{time_total} %{time_starttransfer} %{time_connect} %{size_download} %{size_header} %{content_type} %{http_version} %{exitcode} %{errormsg}\\n'", '-m 3 -sS', '-sS -f', '--fail-with-body -s', '-s -H "Host: admin.example" -i', '-o /tmp/out'];

it('snapshot', () => {
  const out: Record<string, unknown> = {};
  const labUrls = ['http://10.0.2.10:8080/', 'http://db1:8080/healthz', 'http://db1.corp.internal:8080/nope?x=1', 'http://10.0.2.10:9000/', 'http://10.0.2.10:9001/', 'http://10.0.2.10:9002/', 'http://10.0.2.10:22/', 'http://10.0.2.10:5432/', 'https://10.0.2.10:8080/', 'https://10.0.2.10:9002/', 'https://10.0.2.10:22/', 'http://10.0.3.53:53/', 'https://10.0.3.53:53/', 'http://nosuch/', 'http://10.0.2.10:8081/'];
  for (const f of FLAGS) for (const u of labUrls) {
    const w = lab(); const run = terminal(w);
    const r = run('web1', `curl ${f} -m 200 ${u}`);
    out[`lab ${f} ${u}`] = [r.text, r.exit, r.elapsedMs, w.hosts.web1.files['/tmp/out']];
    for (const from of ['web1', 'db1']) out[`obj lab ${from} ${u}`] = httpRequest(w, from, parseUrl(u)!, {});
  }
  const pUrls = ['/', '/x.json', '/api/orders', '/reports/q3', '/static/a.css', '/static/', '/static/gone', '/static/img/1.png', '/static/nope', '/gen/ok', '/gen/err', '/gen/nope', '/close/', '/hang/', '/ssh/', '/loop/', '/dns/'];
  for (const f of FLAGS) for (const p of pUrls) for (const host of ['http://10.0.5.1', 'http://shop.example', 'http://10.0.6.15', 'http://10.0.6.15:81', 'https://10.0.5.1']) {
    const w = loadWorldYaml(EXTRA, 3); const run = terminal(w);
    w.now = 123_456_789;
    const r = run('ws', `curl ${f} -m 200 ${host}${p}`);
    out[`proxy ${f} ${host}${p}`] = [r.text, r.exit, r.elapsedMs, w.hosts.ws.files['/tmp/out']];
    out[`obj proxy ${host}${p}`] = httpRequest(w, 'ws', parseUrl(host + p)!, {});
    out[`obj proxy admin ${host}${p}`] = httpRequest(w, 'ws', parseUrl(host + p)!, { hostHeader: 'admin.example' });
  }
  writeFileSync(process.env.SNAP!, JSON.stringify(out, null, 1));
});
