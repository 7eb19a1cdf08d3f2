// A typo in an image tag: the new ReplicaSet's pod fails to pull (ErrImagePull), then waits
// in ImagePullBackOff with the kubelet's back-off (10 s doubling to 5 min) while the old pods
// keep serving; each real fix (set image, rollout undo, patch) rolls the Deployment back to a
// pullable image and the broken pod goes away.
import { describe, expect, it } from 'vitest';
import type { Pod } from '../../../../server/sim/k8s/types.js';
import { cluster, linesWith } from './cluster.js';

const BAD = 'registry.corp.internal/shop/api:2.4.9';
const GOOD = 'registry.corp.internal/shop/api:2.4.1';
const NOT_FOUND = `rpc error: code = NotFound desc = failed to pull and unpack image "${BAD}": failed to resolve reference "${BAD}": ${BAD}: not found`;

function broken() {
  const c = cluster();
  expect(c.run(`kubectl -n shop set image deploy/api api=${BAD}`).out).toBe('deployment.apps/api image updated\n');
  c.wait(4);
  return { ...c, bad: c.pod('shop', 'api-678') };
}

const waitingReason = (pod: Pod | undefined) => pod?.status.containerStatuses?.[0]?.state.waiting?.reason;

describe('an image tag typo', () => {
  it('shows ErrImagePull then ImagePullBackOff with the real events, logs error and the old pods serving', () => {
    const c = cluster();
    c.run(`kubectl -n shop set image deploy/api api=${BAD}`);
    c.wait(1);
    const bad = c.pod('shop', 'api-678');
    expect(linesWith(c.run('kubectl -n shop get pods').out, bad)).toEqual([`${bad}   0/1     ContainerCreating   0          0s`]);
    c.wait(1);
    expect(linesWith(c.run('kubectl -n shop get pods').out, bad)).toEqual([`${bad}   0/1     ErrImagePull   0          1s`]);
    c.wait(2);
    const get = c.run('kubectl -n shop get pods').out;
    expect(linesWith(get, bad)).toEqual([`${bad}   0/1     ImagePullBackOff   0          3s`]);
    expect(linesWith(get, 'api-6f5b6df746-').every((l) => /1\/1 +Running/.test(l))).toBe(true);

    const describe = c.run(`kubectl -n shop describe pod ${bad}`).out;
    expect(describe).toContain(`    Image:          ${BAD}\n    Image ID:       \n`);
    expect(describe).toContain('    State:          Waiting\n      Reason:       ImagePullBackOff\n    Ready:          False\n');
    expect(describe).toContain(`  Normal   Pulling    3s    kubelet            Pulling image "${BAD}"\n`);
    expect(describe).toContain(`  Warning  Failed     2s    kubelet            Failed to pull image "${BAD}": ${NOT_FOUND}\n`);
    expect(describe).toContain('  Warning  Failed     2s    kubelet            Error: ErrImagePull\n');
    expect(describe).toContain(`  Normal   BackOff    1s    kubelet            Back-off pulling image "${BAD}"\n`);
    expect(describe).toContain('  Warning  Failed     1s    kubelet            Error: ImagePullBackOff\n');

    const logs = c.run(`kubectl -n shop logs ${bad}`);
    expect(logs.err).toBe(`Error from server (BadRequest): container "api" in pod "${bad}" is waiting to start: trying and failing to pull image\n`);
    expect(logs.exit).toBe(1);
    expect(c.run(`kubectl -n shop get events --field-selector involvedObject.name=${bad},reason=Failed`).out).toContain(`Failed to pull image "${BAD}": ${NOT_FOUND}`);
  });

  it('retries the pull after 10 s, 20 s, 40 s ... up to 5 min', () => {
    const c = cluster();
    c.run(`kubectl -n shop set image deploy/api api=${BAD}`);
    const pulls: number[] = [];
    let last: string | undefined;
    for (let t = 0; t < 1000; t++) {
      c.wait(1);
      const pod = Object.values(c.world.cluster!.objects.Pod!).find((p) => p.metadata.name.startsWith('api-678'));
      const reason = waitingReason(pod);
      if (reason === 'ErrImagePull' && last !== 'ErrImagePull') pulls.push(t);
      last = reason;
    }
    // Each failed pull shows ErrImagePull for the second before the back-off is reported (the
    // kubelet's next sync), so pulls are the back-off plus one second apart.
    const gaps = pulls.slice(1).map((t, i) => t - pulls[i]);
    expect(gaps).toEqual([11, 21, 41, 81, 161, 301, 301]);
    const events = c.run('kubectl -n shop get events --field-selector reason=Pulling').out;
    expect(events).toMatch(/^LAST SEEN   TYPE     REASON    OBJECT                     MESSAGE\n82s         Normal   Pulling   pod\/api-678ff98746-\w+   Pulling image "registry\.corp\.internal\/shop\/api:2\.4\.9"\n$/);
  });

  it('is fixed by kubectl set image: the Deployment rolls to the right tag and the broken pod goes', () => {
    const c = broken();
    expect(c.run(`kubectl -n shop set image deploy/api api=${GOOD}`).out).toBe('deployment.apps/api image updated\n');
    c.wait(10);
    const out = c.run('kubectl -n shop get pods').out;
    expect(out).not.toContain(c.bad);
    expect(linesWith(out, 'api-').length).toBe(2);
    expect(linesWith(out, 'api-').every((l) => /1\/1 +Running +0/.test(l))).toBe(true);
    expect(c.run('kubectl -n shop rollout status deploy/api').out).toBe('deployment "api" successfully rolled out\n');
  });

  it('is fixed by kubectl rollout undo', () => {
    const c = broken();
    expect(c.run('kubectl -n shop rollout history deploy/api').out).toBe('deployment.apps/api \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n\n');
    expect(c.run('kubectl -n shop rollout undo deploy/api').out).toBe('deployment.apps/api rolled back\n');
    c.wait(10);
    const out = c.run('kubectl -n shop get pods').out;
    expect(out).not.toContain(c.bad);
    expect(linesWith(out, 'api-6f5b6df746-').every((l) => /1\/1 +Running/.test(l))).toBe(true);
    expect(c.run('kubectl -n shop get deploy api -o jsonpath={.spec.template.spec.containers[0].image}').out).toBe(GOOD);
    expect(c.run('kubectl -n shop get rs').out).toMatch(/api-678ff98746 {3}0 {9}0 {9}0 /);
  });

  it('is fixed by kubectl patch (what kubectl edit would send)', () => {
    const c = broken();
    const patch = `{"spec":{"template":{"spec":{"containers":[{"name":"api","image":"${GOOD}"}]}}}}`;
    expect(c.run(`kubectl -n shop patch deployment api -p '${patch}'`).out).toBe('deployment.apps/api patched\n');
    c.wait(10);
    const out = c.run('kubectl -n shop get pods').out;
    expect(out).not.toContain(c.bad);
    expect(linesWith(out, 'api-').every((l) => /1\/1 +Running/.test(l))).toBe(true);
  });

  it('shows the whole loop in the terminal', () => {
    const c = broken();
    const t = c.transcript('kubectl -n shop rollout undo deploy/api', 'sleep 10', 'kubectl -n shop get deploy api');
    expect(t).toBe([
      'root@cp1:~# kubectl -n shop rollout undo deploy/api',
      'deployment.apps/api rolled back',
      'root@cp1:~# sleep 10',
      'root@cp1:~# kubectl -n shop get deploy api',
      'NAME   READY   UP-TO-DATE   AVAILABLE   AGE',
      'api    2/2     2            2           41d',
      '',
    ].join('\n'));
  });
});
