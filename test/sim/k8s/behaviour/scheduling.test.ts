// Pods the scheduler cannot place stay Pending with the scheduler's FitError message
// (`0/3 nodes are available: ...`): requests above what any node can give, every worker
// cordoned, a taint without a toleration, a nodeSelector no node matches. Each real fix
// gets them scheduled on the next attempt.
import { describe, expect, it } from 'vitest';
import { cluster, linesWith, row } from './cluster.js';

const CP_TAINT = '1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }';
const NOT_HELPFUL = 'preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.';

/** The new web pods after a restart (the old ones keep running: the rollout cannot progress). */
function restartWeb(c: ReturnType<typeof cluster>) {
  expect(c.run('kubectl -n shop rollout restart deploy/web').out).toBe('deployment.apps/web restarted\n');
  c.wait(3);
  return linesWith(c.run('kubectl -n shop get pods').out, 'web-').map((l) => l.split(' ')[0]).filter((n) => !n.startsWith('web-594c68675f-'));
}

const failedScheduling = (c: ReturnType<typeof cluster>, pod: string) =>
  c.run(`kubectl -n shop get events --field-selector involvedObject.name=${pod},reason=FailedScheduling -o jsonpath={.items[-1:].message}`).out;

describe('scheduling failures', () => {
  it('insufficient cpu: Pending with the FitError in describe; fixed by lowering the requests', () => {
    const c = cluster();
    expect(c.run('kubectl -n shop set resources deploy/api --requests=cpu=5 --limits=cpu=5').out).toBe('deployment.apps/api resource requirements updated\n');
    c.wait(3);
    const pending = c.pod('shop', 'api-', [c.pod('shop', 'api-6f5b6df746-'), c.pod('shop', 'api-6f5b6df746-', [c.pod('shop', 'api-6f5b6df746-')])]);
    expect(row(c.run('kubectl -n shop get pods').out, pending)).toEqual([pending, '0/1', 'Pending', '0', '2s']);
    const d = c.run(`kubectl -n shop describe pod ${pending}`).out;
    expect(d).toContain('Node:             <none>\n');
    expect(d).toContain('Conditions:\n  Type           Status\n  PodScheduled   False \n');
    const message = `0/3 nodes are available: ${CP_TAINT}, 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.`;
    expect(d).toContain(`  Warning  FailedScheduling  2s    default-scheduler  ${message}\n`);
    expect(c.run(`kubectl -n shop get pod ${pending} -o jsonpath={.status.conditions[0].reason}:{.status.conditions[0].message}`).out).toBe(`Unschedulable:${message}`);
    expect(c.run('kubectl -n shop set resources deploy/api --requests=cpu=250m --limits=cpu=500m').out).toBe('deployment.apps/api resource requirements updated\n');
    c.wait(20);
    const get = c.run('kubectl -n shop get pods').out;
    expect(get).not.toContain(pending);
    expect(linesWith(get, 'api-').length).toBe(2);
    expect(linesWith(get, 'api-').every((l) => /1\/1 +Running +0 /.test(l))).toBe(true);
  });

  it('insufficient memory reads the same way', () => {
    const c = cluster();
    c.run('kubectl -n shop set resources deploy/api --requests=memory=12Gi --limits=memory=12Gi');
    c.wait(3);
    const pending = linesWith(c.run('kubectl -n shop get pods').out, 'Pending')[0].split(' ')[0];
    expect(failedScheduling(c, pending)).toBe(`0/3 nodes are available: ${CP_TAINT}, 2 Insufficient memory. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.`);
  });

  it('every worker cordoned: fixed by uncordon', () => {
    const c = cluster();
    expect(c.run('kubectl cordon node1 node2').out).toBe('node/node1 cordoned\nnode/node2 cordoned\n');
    expect(linesWith(c.run('kubectl get nodes').out, 'node1')[0]).toMatch(/^node1 +Ready,SchedulingDisabled +<none> /);
    const [pending] = restartWeb(c);
    expect(failedScheduling(c, pending)).toBe(`0/3 nodes are available: ${CP_TAINT}, 2 node(s) were unschedulable. ${NOT_HELPFUL}`);
    expect(c.run('kubectl uncordon node1 node2').out).toBe('node/node1 uncordoned\nnode/node2 uncordoned\n');
    c.wait(15);
    const get = c.run('kubectl -n shop get pods').out;
    expect(linesWith(get, 'web-').length).toBe(2);
    expect(linesWith(get, 'web-').every((l) => /1\/1 +Running/.test(l) && !l.startsWith('web-594c68675f-'))).toBe(true);
    // Uncordoning took the scheduler straight to the nodes: no second FailedScheduling.
    expect(c.run(`kubectl -n shop get events --field-selector involvedObject.name=${pending},reason=FailedScheduling --no-headers`).out.split('\n').filter(Boolean).length).toBe(1);
  });

  it('a taint without a toleration: fixed by removing the taint, or by a toleration', () => {
    const c = cluster();
    expect(c.run('kubectl taint nodes node1 node2 dedicated=db:NoSchedule').out).toBe('node/node1 tainted\nnode/node2 tainted\n');
    const [pending] = restartWeb(c);
    expect(failedScheduling(c, pending)).toBe(`0/3 nodes are available: ${CP_TAINT}, 2 node(s) had untolerated taint {dedicated: db}. ${NOT_HELPFUL}`);
    // The running pods stay: NoSchedule does not evict.
    expect(linesWith(c.run('kubectl -n shop get pods').out, 'api-6f5b6df746-').length).toBe(2);
    expect(c.run('kubectl taint nodes node1 dedicated=db:NoSchedule-').out).toBe('node/node1 untainted\n');
    c.wait(15);
    const wide = c.run('kubectl -n shop get pods -o wide').out;
    expect(linesWith(wide, 'web-').length).toBe(2);
    expect(linesWith(wide, 'web-').every((l) => /1\/1 +Running .* node1 /.test(l))).toBe(true);

    const t = cluster();
    t.run('kubectl taint nodes node1 node2 dedicated=db:NoSchedule');
    restartWeb(t);
    const tol = '{"spec":{"template":{"spec":{"tolerations":[{"key":"dedicated","operator":"Equal","value":"db","effect":"NoSchedule"}]}}}}';
    expect(t.run(`kubectl -n shop patch deploy web -p '${tol}'`).out).toBe('deployment.apps/web patched\n');
    t.wait(15);
    const get = t.run('kubectl -n shop get pods').out;
    expect(linesWith(get, 'web-').length).toBe(2);
    expect(linesWith(get, 'web-').every((l) => /1\/1 +Running/.test(l))).toBe(true);
    expect(get).not.toContain('Pending');
  });

  it('a nodeSelector no node matches: fixed by labelling a node', () => {
    const c = cluster();
    const sel = '{"spec":{"template":{"spec":{"nodeSelector":{"disktype":"ssd"}}}}}';
    expect(c.run(`kubectl -n shop patch deploy web -p '${sel}'`).out).toBe('deployment.apps/web patched\n');
    c.wait(3);
    const pending = linesWith(c.run('kubectl -n shop get pods').out, 'Pending')[0].split(' ')[0];
    expect(failedScheduling(c, pending)).toBe(`0/3 nodes are available: ${CP_TAINT}, 2 node(s) didn't match Pod's node affinity/selector. ${NOT_HELPFUL}`);
    expect(c.run(`kubectl -n shop describe pod ${pending}`).out).toContain('Node-Selectors:              disktype=ssd\n');
    expect(c.run('kubectl label node node2 disktype=ssd').out).toBe('node/node2 labeled\n');
    c.wait(15);
    const wide = c.run('kubectl -n shop get pods -o wide').out;
    expect(linesWith(wide, 'web-').length).toBe(2);
    expect(linesWith(wide, 'web-').every((l) => /1\/1 +Running .* node2 /.test(l))).toBe(true);
  });
});
