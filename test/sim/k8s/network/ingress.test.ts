// ingress-nginx in the base cluster (one controller on node1, hostPorts 80/443): host and path
// routing, its default backend's 404, 503 for a backend without endpoints, and the faults a
// player meets (wrong host, wrong pathType, no ingressClassName) with their fixes.
import { describe, expect, it } from 'vitest';
import { cluster } from './cluster.js';

const PAGE = '<!doctype html><title>shop</title>\n';
const nginxPage = (status: string, server = 'nginx') =>
  `<html>\r\n<head><title>${status}</title></head>\r\n<body>\r\n<center><h1>${status}</h1></center>\r\n<hr><center>${server}</center>\r\n</body>\r\n</html>\r\n`;
const code = (run: (l: string) => { out: string }, url: string, extra = '') => run(`curl -s -o /dev/null -w '%{http_code}' ${extra} ${url}`).out;

describe('ingress-nginx', () => {
  it('routes by host and path, on the hostPort and on the NodePort of every node', () => {
    const { run } = cluster();
    expect(run('kubectl get ingress -n shop').out).toBe(
      'NAME   CLASS   HOSTS                ADDRESS      PORTS   AGE\nshop   nginx   shop.corp.internal   10.0.10.11   80      41d\n');
    expect(run('curl -s http://shop.corp.internal/').out).toBe(PAGE);
    expect(run('curl -s http://shop.corp.internal/api/items').out).toBe('{"items":[]}\n');
    expect(run("curl -s -H 'Host: shop.corp.internal' http://10.0.10.12:31080/api/items").out).toBe('{"items":[]}\n');
    // Prefix matches whole path elements: /apix is not under /api, it goes to / (web's own 404).
    expect(run('curl -s http://shop.corp.internal/apix').out).toBe(nginxPage('404 Not Found', 'nginx/1.27.3'));
  });

  it('answers an unknown host from its default backend: 404 without a Server header', () => {
    const { run } = cluster();
    const r = run('curl -si http://10.0.10.11/');
    expect(r.out.replace(/\x1b\[[0-9;]*m/g, '')).toMatch(/^HTTP\/1\.1 404 Not Found\r?\nDate: .+ GMT\r?\nContent-Type: text\/html\r?\nContent-Length: 146\r?\nConnection: keep-alive\r?\n\r?\n/);
    expect(r.out.endsWith(nginxPage('404 Not Found'))).toBe(true);
    // Its catch-all server answers load balancers' health checks.
    expect(code(run, 'http://10.0.10.11/healthz')).toBe('200');
  });

  it('answers 503 while the backend Service has no endpoints', () => {
    const { run, wait } = cluster();
    run('kubectl -n shop scale deploy api --replicas=0');
    wait(40);
    expect(run('curl -s http://shop.corp.internal/api/items').out).toBe(nginxPage('503 Service Temporarily Unavailable'));
    expect(code(run, 'http://shop.corp.internal/api/items')).toBe('503');
    expect(code(run, 'http://shop.corp.internal/')).toBe('200');
    run('kubectl -n shop scale deploy api --replicas=2');
    wait(30);
    expect(code(run, 'http://shop.corp.internal/api/items')).toBe('200');
  });

  it('sends a misspelt host to the default backend until the rule is fixed', () => {
    const { run } = cluster();
    run(`kubectl -n shop patch ingress shop --type=json -p '[{"op":"replace","path":"/spec/rules/0/host","value":"shop.corp.intenral"}]'`);
    expect(run('kubectl get ingress -n shop').out).toContain('shop.corp.intenral');
    expect(run('curl -s http://shop.corp.internal/').out).toBe(nginxPage('404 Not Found'));
    run(`kubectl -n shop patch ingress shop --type=json -p '[{"op":"replace","path":"/spec/rules/0/host","value":"shop.corp.internal"}]'`);
    expect(run('curl -s http://shop.corp.internal/').out).toBe(PAGE);
  });

  it('matches an Exact path only as written', () => {
    const { run } = cluster();
    run(`kubectl -n shop patch ingress shop --type=json -p '[{"op":"replace","path":"/spec/rules/0/http/paths/1/pathType","value":"Exact"}]'`);
    expect(code(run, 'http://shop.corp.internal/api/items')).toBe('404');
    run(`kubectl -n shop patch ingress shop --type=json -p '[{"op":"replace","path":"/spec/rules/0/http/paths/1/pathType","value":"Prefix"}]'`);
    expect(code(run, 'http://shop.corp.internal/api/items')).toBe('200');
  });

  it('ignores an Ingress without its class; setting ingressClassName fixes it, and the address follows', () => {
    const { run, wait } = cluster();
    run(`kubectl apply -f - <<'EOF'
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: api, namespace: shop}
spec:
  rules:
  - host: api.corp.internal
    http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: api, port: {name: http}}}}
EOF`);
    expect(code(run, 'http://10.0.10.11/api/items', "-H 'Host: api.corp.internal'")).toBe('404');
    run(`kubectl -n shop patch ingress api --type=merge -p '{"spec":{"ingressClassName":"nginx"}}'`);
    expect(code(run, 'http://10.0.10.11/api/items', "-H 'Host: api.corp.internal'")).toBe('200');
    expect(run('kubectl get ingress -n shop api').out).toMatch(/^NAME {3}CLASS {3}HOSTS {15}ADDRESS {3}PORTS {3}AGE\napi {4}nginx {3}api\.corp\.internal {13}80 {6}\d+s\n$/);
    wait(60);
    expect(run('kubectl get ingress -n shop api').out).toMatch(/\napi {4}nginx {3}api\.corp\.internal {3}10\.0\.10\.11 {3}80 {6}\d+s\n$/);
  });

  it('is gone when its controller is: nothing listens on the hostPort', () => {
    const { run, wait } = cluster();
    run('kubectl -n ingress-nginx scale deploy ingress-nginx-controller --replicas=0');
    wait(40);
    expect(run('curl -sS http://shop.corp.internal/').err).toBe("curl: (7) Failed to connect to shop.corp.internal port 80 after 0 ms: Couldn't connect to server\n");
  });
});
