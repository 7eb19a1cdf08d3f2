// An app that takes 45 s to start behind a liveness probe that starts checking after 10 s:
// three failed probes (at 10 s, 20 s, 30 s) and the kubelet kills it, again and again. Giving it
// time (initialDelaySeconds) or a startup probe lets it come up.
import { describe, expect, it } from 'vitest';
import { cluster, linesWith, row } from './cluster.js';

const SLOW = (yaml: string) => yaml.replace('      memory: 42Mi\n      cpu: 4m\n', '      memory: 42Mi\n      cpu: 4m\n      startSeconds: 45\n');

function slow() {
  const c = cluster(SLOW);
  expect(c.run('kubectl -n shop rollout restart deploy/web').out).toBe('deployment.apps/web restarted\n');
  c.wait(1);
  return { ...c, bad: c.pod('shop', 'web-', [c.pod('shop', 'web-594c68675f-'), c.pod('shop', 'web-594c68675f-', [c.pod('shop', 'web-594c68675f-')])]) };
}

describe('a liveness probe killing a slow start', () => {
  it('restarts the container after three failed probes, with the real events', () => {
    const c = slow();
    c.wait(29);
    expect(row(c.run('kubectl -n shop get pods').out, c.bad)).toEqual([c.bad, '0/1', 'Running', '0', '29s']);
    c.wait(2);
    expect(row(c.run('kubectl -n shop get pods').out, c.bad)?.slice(1, 4)).toEqual(['0/1', 'Running', '1 (1s ago)']);
    const d = c.run(`kubectl -n shop describe pod ${c.bad}`).out;
    expect(d).toContain('    Liveness:     http-get http://:http/healthz delay=10s timeout=1s period=10s #success=1 #failure=3\n');
    expect(d).toMatch(/    Last State:     Terminated\n      Reason:       Error\n      Exit Code:    137\n/);
    const ip = c.run(`kubectl -n shop get pod ${c.bad} -o jsonpath={.status.podIP}`).out;
    expect(d).toContain(`  Warning  Unhealthy  1s (x3 over 21s)  kubelet            Liveness probe failed: Get "http://${ip}:8080/healthz": dial tcp ${ip}:8080: connect: connection refused\n`);
    expect(d).toContain('  Normal   Killing    1s                kubelet            Container web failed liveness probe, will be restarted\n');
    // It never gets to start: killed again after each 30 s, with the restart back-off between.
    c.wait(300);
    const [, ready, status, restarts] = row(c.run('kubectl -n shop get pods').out, c.bad)!;
    expect(ready).toBe('0/1');
    expect(status).toMatch(/^(Running|CrashLoopBackOff|Error)$/);
    expect(Number(restarts.split(' ')[0])).toBeGreaterThanOrEqual(4);
    // The old pods keep serving meanwhile.
    expect(linesWith(c.run('kubectl -n shop get pods').out, 'web-594c68675f-').length).toBe(2);
  });

  it('is fixed by a longer initialDelaySeconds', () => {
    const c = slow();
    c.wait(40);
    const patch = '{"spec":{"template":{"spec":{"containers":[{"name":"web","livenessProbe":{"initialDelaySeconds":60}}]}}}}';
    expect(c.run(`kubectl -n shop patch deploy web -p '${patch}'`).out).toBe('deployment.apps/web patched\n');
    c.wait(50);
    const get = c.run('kubectl -n shop get pods').out;
    expect(linesWith(get, 'web-').filter((l) => /1\/1 +Running +0 /.test(l)).length).toBeGreaterThanOrEqual(1);
    c.wait(120);
    const done = c.run('kubectl -n shop get pods').out;
    expect(linesWith(done, 'web-').length).toBe(2);
    expect(linesWith(done, 'web-').every((l) => /1\/1 +Running +0 /.test(l))).toBe(true);
    expect(done).not.toContain(c.bad);
  });

  it('is fixed by a startup probe (the liveness probe waits for it)', () => {
    const c = slow();
    c.wait(5);
    const patch = '{"spec":{"template":{"spec":{"containers":[{"name":"web","startupProbe":{"httpGet":{"path":"/healthz","port":"http"},"periodSeconds":5,"failureThreshold":30}}]}}}}';
    expect(c.run(`kubectl -n shop patch deploy web -p '${patch}'`).out).toBe('deployment.apps/web patched\n');
    c.wait(2);
    const fixed = c.pod('shop', 'web-', [c.bad, ...linesWith(c.run('kubectl -n shop get pods').out, 'web-594c68675f-').map((l) => l.split(' ')[0])]);
    c.wait(44);
    const d = c.run(`kubectl -n shop describe pod ${fixed}`).out;
    expect(d).toContain('    Startup:      http-get http://:http/healthz delay=0s timeout=1s period=5s #success=1 #failure=30\n');
    expect(d).toMatch(/Warning  Unhealthy  \S+ \(x\d+ over \S+\)\s+kubelet\s+Startup probe failed: Get "http:\/\/[\d.]+:8080\/healthz": dial tcp [\d.]+:8080: connect: connection refused\n/);
    expect(d).not.toContain('Liveness probe failed');
    c.wait(120);
    const get = c.run('kubectl -n shop get pods').out;
    expect(linesWith(get, 'web-').length).toBe(2);
    expect(linesWith(get, 'web-').every((l) => /1\/1 +Running +0 /.test(l))).toBe(true);
  });
});
