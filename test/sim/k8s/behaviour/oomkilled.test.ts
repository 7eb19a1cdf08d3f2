// A memory limit below what the app needs: the kernel kills it shortly after it starts
// (OOMKilled, exit code 137), the kubelet restarts it with the CrashLoopBackOff back-off;
// raising the limit (set resources, or a patch) rolls out pods that stay up.
import { describe, expect, it } from 'vitest';
import { cluster, linesWith, row } from './cluster.js';

function oom() {
  const c = cluster();
  expect(c.run('kubectl -n shop set resources deploy/web --limits=memory=40Mi --requests=memory=32Mi').out).toBe('deployment.apps/web resource requirements updated\n');
  c.wait(1);
  return { ...c, bad: c.pod('shop', 'web-c9bbcd44f-') };
}

describe('a container over its memory limit', () => {
  it('is OOMKilled (exit code 137) and restarted with back-off', () => {
    const c = oom();
    c.wait(3);
    expect(row(c.run('kubectl -n shop get pods').out, c.bad)).toEqual([c.bad, '0/1', 'OOMKilled', '0', '3s']);
    c.wait(1);
    expect(row(c.run('kubectl -n shop get pods').out, c.bad)).toEqual([c.bad, '1/1', 'Running', '1 (1s ago)', '4s']);
    c.wait(40);
    const get = c.run('kubectl -n shop get pods').out;
    const [, , status, restarts] = row(get, c.bad)!;
    expect(status).toBe('CrashLoopBackOff');
    expect(restarts).toMatch(/^3 \(\d+s ago\)$/);
    const d = c.run(`kubectl -n shop describe pod ${c.bad}`).out;
    expect(d).toMatch(/    Last State:     Terminated\n      Reason:       OOMKilled\n      Exit Code:    137\n      Started:      Mon, 23 Nov 2026 09:00:\d\d \+0000\n      Finished:     Mon, 23 Nov 2026 09:00:\d\d \+0000\n/);
    expect(d).toContain('    Limits:\n      cpu:     250m\n      memory:  40Mi\n    Requests:\n      cpu:        100m\n      memory:     32Mi\n');
    expect(c.run(`kubectl -n shop get pod ${c.bad} -o jsonpath={.status.containerStatuses[0].lastState.terminated.reason}/{.status.containerStatuses[0].lastState.terminated.exitCode}`).out).toBe('OOMKilled/137');
    // What it printed before it was killed, with the time it started (nginx's own time format).
    const started = c.run(`kubectl -n shop get pod ${c.bad} -o jsonpath={.status.containerStatuses[0].lastState.terminated.startedAt}`).out;
    expect(started).toMatch(/^2026-11-23T09:00:\d\dZ$/);
    expect(c.run(`kubectl -n shop logs ${c.bad} --previous --tail=1`).out).toBe(`${started.replace(/-/g, '/').replace('T', ' ').replace('Z', '')} [notice] 1#1: start worker processes\n`);
  });

  it('is fixed by raising the limit with kubectl set resources', () => {
    const c = oom();
    c.wait(30);
    expect(c.run('kubectl -n shop set resources deploy/web --limits=memory=128Mi --requests=memory=64Mi').out).toBe('deployment.apps/web resource requirements updated\n');
    c.wait(40);
    const get = c.run('kubectl -n shop get pods').out;
    expect(get).not.toContain(c.bad);
    expect(linesWith(get, 'web-').length).toBe(2);
    expect(linesWith(get, 'web-').every((l) => /1\/1 +Running +0 /.test(l))).toBe(true);
    c.wait(300);
    expect(linesWith(c.run('kubectl -n shop get pods').out, 'web-').every((l) => /1\/1 +Running +0 /.test(l))).toBe(true);
  });

  it('is fixed by a patch of the limit', () => {
    const c = oom();
    c.wait(20);
    const patch = '{"spec":{"template":{"spec":{"containers":[{"name":"web","resources":{"limits":{"memory":"256Mi"}}}]}}}}';
    expect(c.run(`kubectl -n shop patch deploy web -p '${patch}'`).out).toBe('deployment.apps/web patched\n');
    c.wait(40);
    expect(linesWith(c.run('kubectl -n shop get pods').out, 'web-').every((l) => /1\/1 +Running +0 /.test(l))).toBe(true);
  });
});
