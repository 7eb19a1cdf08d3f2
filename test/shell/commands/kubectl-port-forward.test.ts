// kubectl port-forward on the k8s base world: pod choice and port translation, the listener
// on the player's host, connections through the tunnel (and past a NetworkPolicy), a failed
// dial, the pod going away, and the errors kubectl v1.32 prints.
import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { newSession } from '../../../server/shell/shell.js';
import type { Session } from '../../../server/shell/types.js';
import { tickWorld } from '../../../server/sim/tick.js';
import type { World } from '../../../server/sim/world/types.js';
import { loadWorldYaml } from '../../../server/sim/world/yaml.js';
import { exec } from '../../helpers/run.js';

const built = loadWorldYaml(readFileSync('scenarios/bases/k8s.yaml', 'utf8'), 1, 'k8s.yaml');

let world: World;
let session: Session;
const run = (line: string) => {
  const r = exec(world, session, line);
  tickWorld(world, r.elapsedMs);
  return r;
};
const webPods = () => run("kubectl -n shop get pods -l app=web -o jsonpath='{.items[*].metadata.name}'").out.split(' ');

beforeEach(() => {
  world = structuredClone(built);
  session = newSession(world, 'cp1');
});

describe('kubectl port-forward in the background', () => {
  it('listens on localhost, carries curl to the Service target port in a pod, and is a job', () => {
    const start = run('kubectl -n shop port-forward svc/web 8080:80 &');
    expect(start.exit).toBe(0);
    const pid = Number(/^\[1\] (\d+)\n$/.exec(start.err)?.[1]);
    expect(pid).toBeGreaterThan(0);
    // The Service's port 80 targets the container's 8080: kubectl prints the container port.
    expect(start.out).toBe('Forwarding from 127.0.0.1:8080 -> 8080\nForwarding from [::1]:8080 -> 8080\n');
    const curl = run('curl -s localhost:8080/');
    expect(curl.exit).toBe(0);
    expect(curl.out).toBe(`Handling connection for 8080\n${run('kubectl -n shop exec deploy/web -- curl -s localhost:8080/').out}`);
    expect(run('ss -ltnp').out).toContain(`127.0.0.1:8080`);
    expect(run('ss -ltnp').out).toContain(`users:(("kubectl",pid=${pid},fd=8))`);
    expect(run('jobs').out).toBe('[1]+  Running                 kubectl -n shop port-forward svc/web 8080:80 &\n');
    expect(run('jobs -l').out).toBe(`[1]+ ${pid} Running                 kubectl -n shop port-forward svc/web 8080:80 &\n`);
    expect(run('echo $!').out).toBe(`${pid}\n`);
  });

  it('ends with kill: bash reports it before the prompt after the next line, and the port is free again', () => {
    run('kubectl -n shop port-forward svc/web 8080:80 &');
    const kill = run('kill %1');
    expect([kill.exit, kill.out, kill.err]).toEqual([0, '', '']);
    expect(run('echo next').err).toBe('[1]+  Terminated              kubectl -n shop port-forward svc/web 8080:80\n');
    expect(run('jobs').out).toBe('');
    expect(run('curl -s localhost:8080/').exit).toBe(7);
    expect(run('kubectl -n shop port-forward svc/web 8080:80 &').out).toContain('Forwarding from 127.0.0.1:8080');
  });

  it('nc connects through it too (kubectl handles every connection it accepts)', () => {
    run('kubectl -n shop port-forward svc/web 8080:80 &');
    const r = run('nc -zv 127.0.0.1 8080');
    expect(r.exit).toBe(0);
    expect(r.chunks.map((c) => c.text).join('')).toBe('Handling connection for 8080\nConnection to 127.0.0.1 8080 port [tcp/http-alt] succeeded!\n');
  });

  it('resolves named container ports of a Deployment and picks a free port for :PORT', () => {
    const r = run('kubectl -n shop port-forward deploy/web :http &');
    const port = /^Forwarding from 127\.0\.0\.1:(\d+) -> 8080\n/.exec(r.out)?.[1];
    expect(Number(port)).toBeGreaterThanOrEqual(32768);
    expect(run(`curl -s -o /dev/null -w '%{http_code}' localhost:${port}/`).out).toBe('Handling connection for ' + port + '\n200');
  });

  it('reaches the pod past a NetworkPolicy that drops all ingress (loopback inside the pod)', () => {
    run(`kubectl apply -f - <<'EOF'
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-all, namespace: shop}
spec: {podSelector: {}, policyTypes: [Ingress]}
EOF`);
    const ip = run(`kubectl -n shop get pod ${webPods()[0]} -o jsonpath='{.status.podIP}'`).out;
    expect(run(`curl -s -m 2 ${ip}:8080/`).exit).toBe(28);
    run(`kubectl -n shop port-forward pod/${webPods()[0]} 9090:8080 &`);
    expect(run('curl -s -o /dev/null -w "%{http_code}" localhost:9090/').out).toBe('Handling connection for 9090\n200');
  });

  it('a dial refused inside the pod: curl gets an empty reply, kubectl logs the error and exits 1', () => {
    run('kubectl -n shop port-forward deploy/web 9000:9999 &');
    const r = run('curl -s localhost:9000');
    expect(r.exit).toBe(52);
    const lines = r.chunks.map((c) => c.text).join('').split('\n');
    expect(lines[0]).toBe('Handling connection for 9000');
    expect(lines[1]).toMatch(/^E\d{4} \d\d:\d\d:\d\d\.\d{6} {3,}\d+ portforward\.go:413\] "Unhandled Error" err="an error occurred forwarding 9000 -> 9999: error forwarding port 9999 to pod [0-9a-f]{64}, uid : failed to execute portforward in network namespace \\"\/var\/run\/netns\/cni-[0-9a-f-]{36}\\": failed to connect to localhost:9999 inside namespace \\"[0-9a-f]{64}\\", IPv4: dial tcp4 127\.0\.0\.1:9999: connect: connection refused IPv6 dial tcp6: address localhost: no suitable address found "$/);
    expect(lines.slice(2)).toEqual(['error: lost connection to pod', '[1]+  Exit 1                  kubectl -n shop port-forward deploy/web 9000:9999', '']);
    expect(run('jobs').out).toBe('');
  });

  it('ends when its pod is deleted: `error: lost connection to pod`', () => {
    const [pod] = webPods();
    run(`kubectl -n shop port-forward pod/${pod} 8081:8080 &`);
    const del = run(`kubectl -n shop delete pod ${pod}`);
    expect(del.out).toBe(`pod "${pod}" deleted\n`);
    expect(del.err).toBe('error: lost connection to pod\n[1]+  Exit 1                  kubectl -n shop port-forward pod/' + pod + ' 8081:8080\n');
  });

  it('a second forward on a taken port fails as kubectl does', () => {
    run('kubectl -n shop port-forward svc/web 8080:80 &');
    const r = run('kubectl -n shop port-forward svc/web 8080:80 &');
    expect(r.err.split('\n').slice(1)).toEqual([
      'Unable to listen on port 8080: Listeners failed to create with the following errors: [unable to create listener: Error listen tcp4 127.0.0.1:8080: bind: address already in use unable to create listener: Error listen tcp6 [::1]:8080: bind: address already in use]',
      'error: unable to listen on any of the requested ports: [{8080 8080}]',
      '[2]+  Exit 1                  kubectl -n shop port-forward svc/web 8080:80',
      '',
    ]);
  });

  it('--address 0.0.0.0 is reachable from another host; a redirected job writes to its file', () => {
    run('kubectl -n shop port-forward --address 0.0.0.0 svc/web 8080:80 > /tmp/pf.log 2>&1 &');
    expect(run('cat /tmp/pf.log').out).toBe('Forwarding from 0.0.0.0:8080 -> 8080\n');
    const other = newSession(world, 'node1');
    const r = exec(world, other, 'curl -s -o /dev/null -w "%{http_code}" 10.0.10.10:8080/');
    expect(r.out).toBe('200');
    expect(run('cat /tmp/pf.log').out).toBe('Forwarding from 0.0.0.0:8080 -> 8080\nHandling connection for 8080\n');
  });

  it('leaving the shell that started it hangs it up', () => {
    run('ssh cp1');
    run('kubectl -n shop port-forward svc/web 8080:80 &');
    run('exit');
    expect(run('jobs').out).toBe('');
    expect(run('curl -s localhost:8080/').exit).toBe(7);
  });
});

describe('kubectl port-forward in the foreground', () => {
  it('holds the terminal until Ctrl-C', () => {
    const r = exec(world, session, 'kubectl -n shop port-forward svc/web 8080:80');
    expect(r.out).toBe('Forwarding from 127.0.0.1:8080 -> 8080\nForwarding from [::1]:8080 -> 8080\n');
    expect(r.elapsedMs).toBeGreaterThan(60_000);
    expect(run('ss -ltn').out).not.toContain(':8080');
  });
});

describe('kubectl port-forward errors', () => {
  it.each([
    ['kubectl -n shop port-forward svc/web', "error: TYPE/NAME and list of ports are required for port-forward\nSee 'kubectl port-forward -h' for help and examples\n"],
    ['kubectl -n shop port-forward pod/nope 80', 'Error from server (NotFound): pods "nope" not found\n'],
    ['kubectl -n shop port-forward svc/web 8080:81', 'error: Service web does not have a service port 81\n'],
    ['kubectl -n shop port-forward svc/web 8080:https', "error: Service 'web' does not have a named port 'https'\n"],
    ['kubectl -n shop port-forward deploy/web 8080:grpc', /^error: Pod 'web-[a-z0-9]+-[a-z0-9]+' does not have a named port 'grpc'\n$/],
    ['kubectl -n shop port-forward deploy/web abc:8080', 'error: error parsing local port \'abc\': strconv.ParseUint: parsing "abc": invalid syntax\n'],
    ['kubectl -n shop port-forward deploy/web 8080:70000', 'error: error parsing remote port \'70000\': strconv.ParseUint: parsing "70000": value out of range\n'],
    ['kubectl -n shop port-forward deploy/web 8080:0', 'error: remote port must be > 0\n'],
    ['kubectl port-forward svc/kubernetes 8443:443', "error: cannot attach to *v1.Service: invalid service 'kubernetes': Service is defined without a selector\n"],
    ['kubectl -n shop port-forward cm/app-config 80', /^Error from server \(NotFound\)|^error: cannot attach to \*v1\.ConfigMap: selector for \*v1\.ConfigMap not implemented\n$/],
    ['kubectl -n shop port-forward --address nowhere deploy/web 8080', 'error: nowhere is not a valid IP\n'],
    ['kubectl -n shop port-forward --pod-running-timeout=0s deploy/web 8080', "error: --pod-running-timeout must be higher than zero\nSee 'kubectl port-forward -h' for help and examples\n"],
  ])('%s', (line, expected) => {
    const r = run(line);
    expect(r.exit).toBe(1);
    if (typeof expected === 'string') expect(r.err).toBe(expected);
    else expect(r.err).toMatch(expected);
    expect(r.out).toBe('');
  });

  it('waits for a pod of the Deployment up to --pod-running-timeout', () => {
    run('kubectl -n shop scale deploy/web --replicas=0');
    run('sleep 40');
    const none = run('kubectl -n shop port-forward --pod-running-timeout=20s deploy/web 8080');
    expect([none.exit, none.err, none.elapsedMs]).toEqual([1, 'error: timed out waiting for the condition\n', 20_000]);
    const bg = run('kubectl -n shop port-forward deploy/web 8080 &');
    expect([bg.elapsedMs, bg.err.split('\n')[1]]).toEqual([0, 'error: timed out waiting for the condition']);
    // A pod that comes up during the wait is taken: the forward starts.
    const soon = run('kubectl -n shop scale deploy/web --replicas=1 && kubectl -n shop port-forward deploy/web 8080');
    expect([soon.err, soon.out]).toEqual(['', 'deployment.apps/web scaled\nForwarding from 127.0.0.1:8080 -> 8080\nForwarding from [::1]:8080 -> 8080\n']);
  });

  it('a pod that does not run', () => {
    run(`kubectl -n shop set image deploy/web web=registry.corp.internal/shop/web:nope`);
    run('sleep 30');
    const pending = run("kubectl -n shop get pods -o jsonpath='{range .items[?(@.status.phase==\"Pending\")]}{.metadata.name}{end}'").out;
    expect(pending).not.toBe('');
    expect(run(`kubectl -n shop port-forward ${pending} 8080`).err).toBe('error: unable to forward port because pod is not running. Current status=Pending\n');
  });
});
