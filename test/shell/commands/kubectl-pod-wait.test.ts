// kubectl exec and logs on a controller: the first of its pods (kubectl's GetFirstPod),
// watched for up to --pod-running-timeout while none exists yet (port-forward's test has its own).
import { describe, expect, it } from 'vitest';
import { cluster } from '../../sim/k8s/behaviour/cluster.js';

/** The base cluster with shop/web scaled to no pods, and what to type to bring one back. */
function webWithoutPods() {
  const c = cluster();
  c.run('kubectl -n shop scale deploy/web --replicas=0');
  c.wait(40);
  const firstPod = () => c.run("kubectl -n shop get pods -l app=web -o jsonpath='{.items[0].metadata.name}'").out;
  return { ...c, scaleUp: 'kubectl -n shop scale deploy/web --replicas=1', firstPod };
}

describe('kubectl exec and logs TYPE/NAME', () => {
  it('waits for a pod of the Deployment up to --pod-running-timeout, and takes one that comes up', () => {
    const { run, scaleUp, firstPod } = webWithoutPods();
    const none = run('kubectl -n shop exec --pod-running-timeout=15s deploy/web -- hostname');
    expect([none.exit, none.out, none.err, none.elapsedMs]).toEqual([1, '', 'error: timed out waiting for the condition\n', 15_000]);
    const soon = run(`${scaleUp} && kubectl -n shop exec deploy/web -- hostname`);
    expect([soon.exit, soon.err, soon.out]).toEqual([0, '', `deployment.apps/web scaled\n${firstPod()}\n`]);
  });

  it('logs waits too (20s by default), says which pod it took, and reads it', () => {
    const { run, scaleUp, firstPod } = webWithoutPods();
    const none = run('kubectl -n shop logs deploy/web');
    expect([none.exit, none.out, none.err, none.elapsedMs]).toEqual([1, '', 'error: timed out waiting for the condition\n', 20_000]);
    const soon = run(`${scaleUp} && kubectl -n shop logs deploy/web`);
    expect([soon.exit, soon.err]).toEqual([0, '']);
    expect(soon.out).toBe(`deployment.apps/web scaled\n${run(`kubectl -n shop logs ${firstPod()}`).out}`);
    expect(run('kubectl -n shop logs deploy/web --pod-running-timeout=0s').err).toBe('error: --pod-running-timeout must be higher than zero\n');
  });

  it('refuses a timeout that is not above zero, or not a duration, before it looks for a pod', () => {
    const { run } = cluster();
    const zero = run('kubectl -n shop exec --pod-running-timeout=0s deploy/web -- hostname');
    expect([zero.exit, zero.out, zero.err, zero.elapsedMs]).toEqual([1, '', "error: --pod-running-timeout must be higher than zero\nSee 'kubectl exec -h' for help and examples\n", 0]);
    const bad = run('kubectl -n shop exec --pod-running-timeout=5 deploy/web -- hostname');
    expect([bad.exit, bad.err]).toEqual([1, `Error: invalid argument "5" for "--pod-running-timeout" flag: time: missing unit in duration "5"\nSee 'kubectl exec --help' for usage.\n`]);
  });
});
