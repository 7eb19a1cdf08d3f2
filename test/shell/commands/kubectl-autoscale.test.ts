// kubectl autoscale in the running base cluster: the HorizontalPodAutoscaler it creates (sent
// as autoscaling/v1, stored as v2) is picked up by the HPA controller; errors change nothing.
import { describe, expect, it } from 'vitest';
import { getObject } from '../../../server/sim/k8s/store.js';
import { cluster } from '../../sim/k8s/behaviour/cluster.js';

describe('kubectl autoscale', () => {
  it('creates an HPA the controller acts on', () => {
    const c = cluster();
    expect(c.run('kubectl autoscale deploy web -n shop --min=1 --max=4 --cpu-percent=50')).toMatchObject({ out: 'horizontalpodautoscaler.autoscaling/web autoscaled\n', err: '', exit: 0 });
    const hpa = getObject(c.world.cluster!, 'HorizontalPodAutoscaler', 'shop', 'web')!;
    expect(hpa.apiVersion).toBe('autoscaling/v2');
    expect(hpa.spec).toEqual({
      scaleTargetRef: { kind: 'Deployment', name: 'web', apiVersion: 'apps/v1' }, minReplicas: 1, maxReplicas: 4,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }],
    });
    c.wait(60);
    expect(c.run('kubectl get hpa web -n shop').out).toMatch(/^NAME +REFERENCE +TARGETS +MINPODS +MAXPODS +REPLICAS +AGE\nweb +Deployment\/web +cpu: \d+%\/50% +1 +4 +\d +\d+s\n$/);
    expect(c.run('kubectl autoscale deploy web -n shop --max=4')).toMatchObject({ err: 'Error from server (AlreadyExists): horizontalpodautoscalers.autoscaling "web" already exists\n', exit: 1 });
  });

  it('prints the autoscaling/v1 object it would send, and checks its flags first', () => {
    const c = cluster();
    expect(c.run('kubectl autoscale deploy/api -n shop --max=3 --dry-run=client -o yaml').out).toBe(
      'apiVersion: autoscaling/v1\nkind: HorizontalPodAutoscaler\nmetadata:\n  creationTimestamp: null\n  name: api\nspec:\n  maxReplicas: 3\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: api\nstatus:\n  currentReplicas: 0\n  desiredReplicas: 0\n',
    );
    expect(c.run('kubectl autoscale deploy api -n shop --max=2 --min=3')).toMatchObject({ err: 'error: --max=MAXPODS must be larger or equal to --min=MINPODS, max: 2, min: 3\n', exit: 1 });
    expect(c.run('kubectl autoscale deploy api -n shop --max=0')).toMatchObject({ err: 'error: --max=MAXPODS is required and must be at least 1, max: 0\n', exit: 1 });
    expect(c.run('kubectl autoscale ds/kube-proxy -n kube-system --max=2')).toMatchObject({ err: 'error: cannot autoscale a DaemonSet: could not find scale subresource for apps/v1, Resource=daemonsets in discovery information\n', exit: 1 });
    expect(c.run('kubectl autoscale deploy nope -n shop --max=2')).toMatchObject({ err: 'Error from server (NotFound): deployments.apps "nope" not found\n', exit: 1 });
    expect(c.run('kubectl autoscale deploy api -n shop').err).toMatch(/^E\d{4} [\d:.]+ +\d+ run\.go:72\] "command failed" err="required flag\(s\) \\"max\\" not set"\n$/);
    expect(getObject(c.world.cluster!, 'HorizontalPodAutoscaler', 'shop', 'api')).toBeUndefined();
  });
});
