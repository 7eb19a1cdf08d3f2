// Service -> Endpoints -> kube-proxy, diagnosed and fixed the way a player would: a selector
// that matches no pod, a targetPort nothing listens on, a readiness probe on the wrong port.
import { describe, expect, it } from 'vitest';
import { cluster } from './cluster.js';

const clusterIp = (run: (l: string) => { out: string }, name: string) => run(`kubectl -n shop get svc ${name} -o jsonpath={.spec.clusterIP}`).out;

describe('a Service whose selector matches no pod', () => {
  const broken = () => {
    const c = cluster();
    expect(c.run(`kubectl -n shop patch svc api -p '{"spec":{"selector":{"app":"api","tier":"backend"}}}'`).out).toBe('service/api patched\n');
    c.wait(2);
    return c;
  };

  it('has no endpoints, and kube-proxy rejects connections to it', () => {
    const { run } = broken();
    expect(run('kubectl -n shop get endpoints api').out).toMatch(/^NAME {3}ENDPOINTS {3}AGE\napi {4}<none> {6}\d+m\n$/);
    // describe lists the EndpointSlices: only the controller's empty placeholder, so nothing.
    expect(run('kubectl -n shop describe svc api').out).toMatch(/\nSelector: +app=api,tier=backend\n[^]*\nEndpoints: +\n/);
    expect(run('kubectl -n shop get endpointslices -l kubernetes.io/service-name=api').out).toMatch(/^NAME {8}ADDRESSTYPE {3}PORTS {5}ENDPOINTS {3}AGE\napi-\w{5} {3}IPv4 {10}<unset> {3}<unset> {5}\d+m\n$/);
    const ip = clusterIp(run, 'api');
    const curl = run(`curl -sS -m 5 http://${ip}/api/items`);
    expect(curl.err).toBe(`curl: (7) Failed to connect to ${ip} port 80 after 0 ms: Couldn't connect to server\n`);
    expect(curl.exit).toBe(7);
    const inPod = run('kubectl -n shop exec deploy/web -- curl -sS http://api/api/items');
    expect(inPod.err).toBe("curl: (7) Failed to connect to api port 80 after 0 ms: Couldn't connect to server\ncommand terminated with exit code 7\n");
    expect(run('iptables -S KUBE-SERVICES').out).toContain(`-A KUBE-SERVICES -d ${ip}/32 -p tcp -m comment --comment "shop/api:http has no endpoints" -m tcp --dport 80 -j REJECT --reject-with icmp-port-unreachable\n`);
  });

  it('heals when the selector is fixed', () => {
    const { run, wait } = broken();
    run(`kubectl -n shop patch svc api --type=json -p '[{"op":"remove","path":"/spec/selector/tier"}]'`);
    wait(2);
    expect(run('kubectl -n shop get endpoints api').out).toMatch(/\napi {4}10\.244\.\d+\.\d+:8080,10\.244\.\d+\.\d+:8080 {3}\d+m\n$/);
    expect(run('kubectl -n shop exec deploy/web -- curl -sS http://api/api/items').out).toBe('{"items":[]}\n');
  });

  it('heals when the pods get the label instead (a rollout of the template)', () => {
    const { run, wait } = broken();
    run(`kubectl -n shop patch deploy api -p '{"spec":{"template":{"metadata":{"labels":{"tier":"backend"}}}}}'`);
    wait(90);
    const pods = run('kubectl -n shop get pods -l app=api,tier=backend -o jsonpath={.items[*].status.podIP}').out.split(' ');
    expect(pods).toHaveLength(2);
    const eps = run('kubectl -n shop get endpoints api -o jsonpath={.subsets[0].addresses[*].ip}').out.split(' ');
    expect(eps.sort()).toEqual(pods.sort());
    expect(run(`curl -sS http://${clusterIp(run, 'api')}/api/items`).out).toBe('{"items":[]}\n');
  });
});

describe('a Service whose targetPort nothing listens on', () => {
  it('has endpoints, but connections are refused by the pods, until the targetPort is fixed', () => {
    const { run, wait } = cluster();
    expect(run('curl -sS http://10.0.10.12:30080/').out).toBe('<!doctype html><title>shop</title>\n');
    run(`kubectl -n shop patch svc web --type=json -p '[{"op":"replace","path":"/spec/ports/0/targetPort","value":9090}]'`);
    wait(2);
    const eps = run('kubectl -n shop get endpoints web').out;
    expect(eps).toMatch(/\nweb {4}10\.244\.\d+\.\d+:9090,10\.244\.\d+\.\d+:9090 {3}\d+m\n$/);
    const podIp = /(10\.244\.\d+\.\d+):9090/.exec(eps)![1];
    const nodePort = run('curl -sS -m 5 http://10.0.10.12:30080/');
    expect(nodePort.err).toBe("curl: (7) Failed to connect to 10.0.10.12 port 30080 after 0 ms: Couldn't connect to server\n");
    // Straight at the pod: its kernel answers the SYN with a reset.
    expect(run(`curl -sS http://${podIp}:9090/`).err).toBe(`curl: (7) Failed to connect to ${podIp} port 9090 after 0 ms: Couldn't connect to server\n`);
    expect(run(`curl -sS -o /dev/null -w '%{http_code}\\n' http://${podIp}:8080/`).out).toBe('200\n');
    run(`kubectl -n shop patch svc web --type=json -p '[{"op":"replace","path":"/spec/ports/0/targetPort","value":"http"}]'`);
    wait(2);
    expect(run('kubectl -n shop get endpoints web').out).toMatch(/:8080,10\.244\.\d+\.\d+:8080 {3}\d+m\n$/);
    expect(run('curl -sS http://10.0.10.12:30080/').out).toBe('<!doctype html><title>shop</title>\n');
  });
});

describe('a readiness probe on the wrong port', () => {
  const broken = () => {
    const c = cluster();
    c.run(`kubectl -n shop patch deploy web --type=json -p '[{"op":"replace","path":"/spec/strategy","value":{"type":"Recreate"}},{"op":"replace","path":"/spec/template/spec/containers/0/readinessProbe","value":{"tcpSocket":{"port":8081},"periodSeconds":5}}]'`);
    c.wait(90);
    return c;
  };

  it('keeps the pods out of the endpoints: READY 0/1, Unhealthy events, the NodePort refuses', () => {
    const { run } = broken();
    const pods = run('kubectl -n shop get pods -l app=web').out.trim().split('\n').slice(1);
    expect(pods).toHaveLength(2);
    for (const p of pods) expect(p).toMatch(/^web-\S+ {3}0\/1 {5}Running {3}0 {10}\d+s$/);
    // Only not-ready addresses: kubectl prints an empty cell (formatEndpoints counts ready ones), not <none>.
    expect(run('kubectl -n shop get endpoints web').out).toMatch(/\nweb {16}\d+m\n$/);
    expect(run('kubectl -n shop get endpoints web -o jsonpath={.subsets[0].notReadyAddresses[*].ip}').out.split(' ')).toHaveLength(2);
    expect(run('kubectl -n shop describe endpoints web').out).toMatch(/\nSubsets:\n  Addresses:          <none>\n  NotReadyAddresses:  10\.244\.\d+\.\d+,10\.244\.\d+\.\d+\n  Ports:\n    Name  Port  Protocol\n    ----  ----  --------\n    http  8080  TCP\n\nEvents:  <none>\n$/);
    const ip = run('kubectl -n shop get pods -l app=web -o jsonpath={.items[0].status.podIP}').out;
    expect(run('kubectl -n shop get events --field-selector reason=Unhealthy').out).toContain(`Readiness probe failed: dial tcp ${ip}:8081: connect: connection refused\n`);
    expect(run('curl -sS -m 5 http://10.0.10.11:30080/').exit).toBe(7);
  });

  it('heals when the probe points at the port the app listens on', () => {
    const { run, wait } = broken();
    run(`kubectl -n shop patch deploy web --type=json -p '[{"op":"replace","path":"/spec/template/spec/containers/0/readinessProbe/tcpSocket/port","value":"http"}]'`);
    wait(60);
    const pods = run('kubectl -n shop get pods -l app=web').out.trim().split('\n').slice(1);
    expect(pods.map((p) => p.split(/\s+/).slice(1, 3).join(' '))).toEqual(['1/1 Running', '1/1 Running']);
    expect(run('curl -sS http://10.0.10.11:30080/').out).toBe('<!doctype html><title>shop</title>\n');
  });
});
