import { describe, expect, it } from 'vitest';
import { loadWorldYaml } from '../../../server/sim/world/yaml.js';
import { expectStep, lab, mask, terminal, transcript } from './dns-curl-lab.js';

const byteLength = (s: string) => new TextEncoder().encode(s).length;

/** Replays a capture on a fresh lab: the scene's other commands run for real, curl is compared. */
function replay(name: string, setup: [string, string][] = [], fix: (text: string, i: number) => string = (t) => t) {
  const world = lab();
  const run = terminal(world);
  for (const [host, line] of setup) run(host, line);
  const shown = [];
  for (const [i, step] of transcript(name).entries()) {
    if (step.cmd.startsWith('curl')) shown.push(expectStep(run, step, fix(step.text, i)));
    else expect(run(step.host, step.cmd).exit).toBe(0);
  }
  return { world, run, shown };
}

describe('curl on the reference lab', () => {
  it('fetches pages by address and by name', () => {
    const { shown } = replay('curl-success.txt');
    expect(shown.every((s) => s.elapsedMs < 5)).toBe(true);
  });
  it('prints the verbose exchange', () => {
    replay('curl-v.txt');
  });
  it('-I and -i print the headers, in bold on a terminal', () => {
    replay('curl-I-head.txt');
  });
  it("shows Python's 404 page, and fails on it with -f", () => {
    replay('curl-404.txt');
  });
  it('reaches a port forward through the router', () => {
    replay('curl-dnat-port-forward.txt', [['rtr', 'iptables -t nat -A PREROUTING -d 10.0.1.1/32 -i br0 -p tcp -m tcp --dport 80 -j DNAT --to-destination 10.0.2.10:8080']]);
  });
  it('reports a refused connection', () => {
    replay('curl-connection-refused.txt');
  });
  it('reports ICMP rejections and resets as failed connects', () => {
    replay('curl-reject-icmp.txt');
  });
  it('times out on a dropped SYN at --max-time or --connect-timeout', () => {
    const { shown } = replay('curl-timeout-drop.txt');
    expect(shown.map((s) => s.elapsedMs)).toEqual([2000, 2000, 2000]);
  });
  it('gives up after ARP fails on the local link', () => {
    const { shown } = replay('curl-host-unreachable-arp.txt');
    expect(shown[0].elapsedMs).toBe(3054);
  });
  it('fails at once without a route, and on a router net unreachable', () => {
    // The capture's router answered the first SYN late (1029 ms): its ICMP error rate limit
    // (ip_error's per-peer token bucket) had been used up by earlier commands; fresh lab state answers at once.
    replay('curl-no-route.txt', [['web2', 'ip route del default']], (t) => t.replace('after 1029 ms', 'after 0 ms'));
  });
  it('tells empty replies, resets and silent servers apart', () => {
    const { shown } = replay('curl-empty-reply-and-reset.txt');
    expect(shown[2].elapsedMs).toBe(2000);
  });
  it('reports name resolution failures and timeouts', () => {
    const { shown } = replay('curl-dns-errors.txt');
    expect(shown[2].elapsedMs).toBe(2000);
    // glibc: 2 attempts of 5 s for db1.corp.internal, then for db1.corp.internal.corp.internal.
    expect(shown[3].elapsedMs).toBe(20000);
  });
  it('rejects bad command lines and URLs', () => {
    replay('curl-misc-errors.txt');
  });
});

/** nginx on gw proxying to four backends: one up, one stopped, one behind a DROP rule, one absent. */
const PROXY_WORLD = `
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
      - { unit: web, process: python3, listen: [tcp 0.0.0.0:8080], http: { server: SimpleHTTP/0.6 Python/3.11.2, routes: { /: { body: "shop\\n", type: text/html } } } }
`;

const nginxPage = (status: string) =>
  `<html>\r\n<head><title>${status}</title></head>\r\n<body>\r\n<center><h1>${status}</h1></center>\r\n<hr><center>nginx/1.22.1</center>\r\n</body>\r\n</html>\r\n`;

describe('curl through an nginx reverse proxy', () => {
  const setup = () => {
    const world = loadWorldYaml(PROXY_WORLD, 3);
    return { world, run: terminal(world) };
  };

  it('passes a backend answer on with its own headers', () => {
    const { run } = setup();
    const r = run('ws', 'curl -si http://shop.example/ | cat');
    expect(mask(r.text)).toBe(
      'HTTP/1.1 200 OK\nServer: nginx/1.22.1\nDate: DATE\nContent-Type: text/html\nContent-Length: 5\nLast-Modified: DATE\nConnection: keep-alive\n\nshop\n',
    );
    expect(r.exit).toBe(0);
  });

  it('answers 502 Bad Gateway at once when the backend refuses', () => {
    const { run } = setup();
    const r = run('ws', 'curl -v http://10.0.5.1/api/orders');
    expect(mask(r.err)).toBe(
      '*   Trying 10.0.5.1:80...\n* Connected to 10.0.5.1 (10.0.5.1) port 80 (#0)\n> GET /api/orders HTTP/1.1\n> Host: 10.0.5.1\n' +
        '> User-Agent: curl/7.88.1\n> Accept: */*\n> \n< HTTP/1.1 502 Bad Gateway\n< Server: nginx/1.22.1\n< Date: DATE\n' +
        '< Content-Type: text/html\n< Content-Length: 157\n< Connection: keep-alive\n< \n* Connection #0 to host 10.0.5.1 left intact\n',
    );
    expect(r.out).toBe(nginxPage('502 Bad Gateway'));
    expect(r.elapsedMs).toBeLessThan(5);
    expect(run('ws', 'curl -sf http://10.0.5.1/api/orders')).toMatchObject({ out: '', err: '', exit: 22 });
  });

  it('answers 504 Gateway Time-out after proxy_connect_timeout when the backend drops SYNs', () => {
    const { world, run } = setup();
    const r = run('ws', "curl -s -o /dev/null -w '%{http_code}\\n' http://10.0.5.1/reports/q3");
    expect(r).toMatchObject({ out: '504\n', exit: 0, elapsedMs: 5000 });
    expect(world.hosts.app2.iptables.filter.chains.INPUT.rules[0].counters.pkts).toBe(1);
    expect(byteLength(run('ws', 'curl -s http://10.0.5.1/reports/q3').out)).toBe(167);
    expect(run('ws', 'curl -m 2 http://10.0.5.1/reports/q3')).toMatchObject({ err: 'curl: (28) Operation timed out after 2001 milliseconds with 0 bytes received\n', exit: 28, elapsedMs: 2000 });
  });

  it('routes by Host header: an absent backend fails ARP, then 502', () => {
    const { run } = setup();
    const r = run('ws', "curl -s -H 'Host: admin.example' -w '%{http_code}' -o /dev/null http://10.0.5.1/");
    expect(r).toMatchObject({ out: '502', exit: 0 });
    expect(r.elapsedMs).toBe(3054);
  });

  it('404s for a path no location serves', () => {
    const { world, run } = setup();
    const app = world.hosts.gw.units.nginx.listeners[0].app;
    if (app.kind === 'proxy') app.upstreams = app.upstreams.filter((u) => u.prefix !== '/');
    expect(run('ws', 'curl -s http://10.0.5.1/nope')).toMatchObject({ out: nginxPage('404 Not Found'), exit: 0 });
  });
});

describe('curl details', () => {
  it('shows the progress meter when the body does not go to the terminal', () => {
    const run = terminal(lab());
    const r = run('web1', 'curl -o /dev/null http://10.0.2.10:8080/healthz');
    expect(r.out).toBe('');
    expect(r.err).toMatch(/^ {2}% Total {4}% Received % Xferd {2}Average Speed {3}Time {4}Time {5}Time {2}Current\n {33}Dload {2}Upload {3}Total {3}Spent {4}Left {2}Speed\n\r {2}0 {5}0 {4}0 {5}0 {4}0 {5}0 {6}0 {6}0 --:--:-- --:--:-- --:--:-- {5}0\r100 {5}3 {2}100 {5}3 {4}0 {5}0 +\d+ {6}0 --:--:-- --:--:-- --:--:-- +\d+\n$/);
    // On an error the message follows the meter on its line.
    expect(run('web1', 'curl http://10.0.2.10:8081/ | cat').err).toMatch(/--:--:-- {5}0curl: \(7\) Failed to connect/);
  });

  it('writes -o files and reports unwritable ones', () => {
    const world = lab();
    const run = terminal(world);
    expect(run('web1', 'curl -s -o /tmp/h http://db1.corp.internal:8080/healthz')).toMatchObject({ out: '', err: '', exit: 0 });
    expect(world.hosts.web1.files['/tmp/h']).toBe('ok\n');
    expect(run('web1', 'curl -s -o /nope/h http://10.0.2.10:8080/healthz')).toMatchObject({ err: '', exit: 23 });
    expect(run('web1', 'curl -o /nope/h http://10.0.2.10:8080/healthz | cat').err).toContain(
      'Warning: Failed to open the file /nope/h: No such file or directory\ncurl: (23) Failure writing output to destination\n',
    );
  });

  it('speaks to servers that are not HTTP', () => {
    const world = lab();
    const run = terminal(world);
    expect(run('web1', 'curl http://10.0.2.10:22/')).toMatchObject({ err: 'curl: (1) Received HTTP/0.9 when not allowed\n', exit: 1 });
    // nc -l keeps quiet: curl waits until the player presses Ctrl-C.
    expect(run('web1', 'curl http://10.0.2.10:5432/')).toMatchObject({ err: '^C\n', exit: 130 });
    expect(run('web1', 'curl -sS https://10.0.2.10:9001/')).toMatchObject({ err: 'curl: (35) OpenSSL SSL_connect: Connection reset by peer in connection to 10.0.2.10:9001 \n', exit: 35 });
  });

  it('formats -w variables and answers methods Python does not support', () => {
    const run = terminal(lab());
    const r = run('web1', "curl -s -X POST -o /dev/null -w '%{http_code} %{remote_ip}:%{remote_port} %{size_download} %{content_type} %{exitcode}\\n' http://db1:8080/");
    expect(r.out).toBe('501 10.0.2.10:8080 357 text/html;charset=utf-8 0\n');
    expect(run('web1', "curl -s -w '%{http_code} %{errormsg}' http://10.0.2.10:8081/")).toMatchObject({ out: "000 Failed to connect to 10.0.2.10 port 8081 after 0 ms: Couldn't connect to server", exit: 7 });
  });
});
