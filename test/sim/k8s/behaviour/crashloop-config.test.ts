// A missing environment variable: the app logs its fatal error and exits 1, the kubelet
// restarts it after 10 s, 20 s, 40 s ... (CrashLoopBackOff) and the rollout stalls with the old
// pods serving. A missing ConfigMap key: the container cannot even be created
// (CreateContainerConfigError) until the key is back.
import { describe, expect, it } from 'vitest';
import { cluster, linesWith } from './cluster.js';

const FATAL = '{"level":"fatal","msg":"DATABASE_URL is not set"}\n';

function crashing() {
  const c = cluster();
  expect(c.run('kubectl -n shop set env deploy/api DATABASE_URL-').out).toBe('deployment.apps/api env updated\n');
  c.wait(1);
  return { ...c, bad: c.pod('shop', 'api-664') };
}

describe('CrashLoopBackOff from a missing env var', () => {
  it('shows the crash in get, describe, logs and events, with the restart back-off', () => {
    const c = crashing();
    const restarts: number[] = [];
    let count = 0;
    for (let t = 1; t <= 400; t++) {
      c.wait(1);
      const s = c.world.cluster!.objects.Pod![`shop/${c.bad}`].status.containerStatuses![0];
      if (s.restartCount !== count) restarts.push(t);
      count = s.restartCount;
    }
    // Restarted at once, then 10 s, 20 s, 40 s, 80 s, 160 s after each exit (the app runs for a
    // fraction of a second, and the kubelet acts on the next whole second).
    expect(restarts.slice(1).map((t, i) => t - restarts[i])).toEqual([11, 21, 41, 81, 161]);
    const get = c.run('kubectl -n shop get pods').out;
    expect(linesWith(get, c.bad)[0]).toMatch(/^api-664fc5d9bc-\w{5} {3}0\/1 {5}CrashLoopBackOff {3}6 \(\d+s ago\) {3}\d+m\d*s?/);
    // The rollout stalls: both old pods still serve.
    expect(linesWith(get, 'api-6f5b6df746-').length).toBe(2);
    expect(c.run(`kubectl -n shop logs ${c.bad}`).out).toBe(FATAL);
    expect(c.run(`kubectl -n shop logs ${c.bad} --previous`).out).toBe(FATAL);
    const d = c.run(`kubectl -n shop describe pod ${c.bad}`).out;
    expect(d).toContain('    State:          Waiting\n      Reason:       CrashLoopBackOff\n    Last State:     Terminated\n      Reason:       Error\n      Exit Code:    1\n');
    expect(d).toContain('    Restart Count:  6\n');
    expect(d).toMatch(new RegExp(`Warning  BackOff +\\S+ \\(x\\d+ over \\S+\\) +kubelet +Back-off restarting failed container api in pod ${c.bad}_shop\\([0-9a-f-]{36}\\)\\n`));
    const msg = c.run(`kubectl -n shop get pod ${c.bad} -o jsonpath={.status.containerStatuses[0].state.waiting.message}`).out;
    expect(msg).toMatch(new RegExp(`^back-off 5m0s restarting failed container=api pod=${c.bad}_shop\\(`));
  });

  it('is fixed by setting the variable from the ConfigMap (set env --from)', () => {
    const c = crashing();
    c.wait(60);
    expect(c.run('kubectl -n shop set env deploy/api --from=configmap/api-config --keys=DATABASE_URL').out).toBe('deployment.apps/api env updated\n');
    expect(c.run('kubectl -n shop get deploy api -o jsonpath={.spec.template.spec.containers[0].env[1]}').out).toBe('{"name":"DATABASE_URL","valueFrom":{"configMapKeyRef":{"key":"DATABASE_URL","name":"api-config"}}}');
    c.wait(30);
    const get = c.run('kubectl -n shop get pods').out;
    expect(get).not.toContain(c.bad);
    expect(linesWith(get, 'api-').every((l) => /1\/1 +Running +0 /.test(l))).toBe(true);
    expect(c.run('kubectl -n shop logs deploy/api').out).toBe('{"level":"info","msg":"connecting to database","url":"postgres://shop@db.corp.internal:5432/shop"}\n{"level":"info","msg":"listening","addr":":8080"}\n');
  });

  it('is fixed by setting a literal value, or by rolling back', () => {
    const a = crashing();
    a.run('kubectl -n shop set env deploy/api DATABASE_URL=postgres://shop@db.corp.internal:5432/shop');
    a.wait(30);
    expect(linesWith(a.run('kubectl -n shop get pods').out, 'api-').every((l) => /1\/1 +Running/.test(l))).toBe(true);
    const b = crashing();
    expect(b.run('kubectl -n shop rollout undo deploy/api').out).toBe('deployment.apps/api rolled back\n');
    b.wait(15);
    const get = b.run('kubectl -n shop get pods').out;
    expect(get).not.toContain(b.bad);
    expect(linesWith(get, 'api-6f5b6df746-').length).toBe(2);
  });
});

describe('CreateContainerConfigError from a missing ConfigMap key', () => {
  function missingKey() {
    const c = cluster();
    expect(c.run(`kubectl -n shop patch cm api-config --type=json -p='[{"op":"remove","path":"/data/LOG_LEVEL"}]'`).out).toBe('configmap/api-config patched\n');
    expect(c.run('kubectl -n shop rollout restart deploy/api').out).toBe('deployment.apps/api restarted\n');
    c.wait(5);
    return { ...c, bad: c.pod('shop', 'api-', [c.pod('shop', 'api-6f5b6df746-'), c.pod('shop', 'api-6f5b6df746-', [c.pod('shop', 'api-6f5b6df746-')])]) };
  }

  it('keeps the new pod from starting, with the real message', () => {
    const c = missingKey();
    expect(linesWith(c.run('kubectl -n shop get pods').out, c.bad)).toEqual([`${c.bad}   0/1     CreateContainerConfigError   0          4s`]);
    const d = c.run(`kubectl -n shop describe pod ${c.bad}`).out;
    expect(d).toContain('    State:          Waiting\n      Reason:       CreateContainerConfigError\n');
    expect(d).toContain("  Warning  Failed     4s    kubelet            Error: couldn't find key LOG_LEVEL in ConfigMap shop/api-config\n");
    c.wait(30);
    expect(c.run(`kubectl -n shop describe pod ${c.bad}`).out).toContain("  Warning  Failed     4s (x4 over 34s)  kubelet            Error: couldn't find key LOG_LEVEL in ConfigMap shop/api-config\n");
    expect(c.run(`kubectl -n shop get pod ${c.bad} -o jsonpath={.status.containerStatuses[0].state.waiting.message}`).out).toBe("couldn't find key LOG_LEVEL in ConfigMap shop/api-config");
    expect(c.run(`kubectl -n shop logs ${c.bad}`).err).toBe(`Error from server (BadRequest): container "api" in pod "${c.bad}" is waiting to start: CreateContainerConfigError\n`);
  });

  it('starts within the kubelet resync (10 s) once the key is back', () => {
    const c = missingKey();
    expect(c.run(`kubectl -n shop patch cm api-config -p '{"data":{"LOG_LEVEL":"info"}}'`).out).toBe('configmap/api-config patched\n');
    c.wait(10);
    expect(linesWith(c.run('kubectl -n shop get pods').out, c.bad)[0]).toMatch(/1\/1 +Running +0 /);
    c.wait(10);
    const get = c.run('kubectl -n shop get pods').out;
    expect(linesWith(get, 'api-').length).toBe(2);
    expect(linesWith(get, 'api-6f5b6df746-').length).toBe(0);
  });

  it('is also fixed by creating the key with kubectl create configmap --dry-run | apply', () => {
    const c = missingKey();
    const r = c.run('kubectl -n shop create configmap api-config --from-literal=DATABASE_URL=postgres://shop@db.corp.internal:5432/shop --from-literal=LOG_LEVEL=debug --dry-run=client -o yaml | kubectl apply -f -');
    expect(r.out).toBe('configmap/api-config configured\n');
    c.wait(12);
    expect(linesWith(c.run('kubectl -n shop get pods').out, c.bad)[0]).toMatch(/1\/1 +Running +0 /);
  });
});
