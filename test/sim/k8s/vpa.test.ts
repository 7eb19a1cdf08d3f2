// The VerticalPodAutoscaler add-on on the base cluster: shop/api's image needs 300Mi while
// its limit is 256Mi, so its containers are OOM-killed. A VPA in Off mode recommends from
// what it observes (the OOM kills bump memory); switched to Auto, its updater evicts the
// pods and the admission controller gives their replacements the recommended requests
// (limits in proportion), and they stop dying. Plus the add-on's absence, discovery and
// bad input.
import { describe, expect, it } from 'vitest';
import { cluster } from './network/cluster.js';

const withVpa = (y: string) => y.replace('cluster:\n  controlPlane: [cp1]', 'cluster:\n  addons: [vpa]\n  controlPlane: [cp1]').replace('memory: 96Mi', 'memory: 300Mi');

const apply = (doc: string) => `kubectl apply -f - <<'EOF'\n${doc}\nEOF`;

const VPA = apply(`apiVersion: autoscaling.k8s.io/v1
kind: VerticalPodAutoscaler
metadata: {name: api, namespace: shop}
spec:
  targetRef: {apiVersion: apps/v1, kind: Deployment, name: api}
  updatePolicy: {updateMode: "Off"}`);

describe('VerticalPodAutoscaler add-on', () => {
  it('is unknown to a cluster without the add-on', () => {
    const { run } = cluster();
    expect(run('kubectl get vpa')).toMatchObject({ out: '', err: 'error: the server doesn\'t have a resource type "vpa"\n', exit: 1 });
    expect(run('kubectl api-resources').out).not.toContain('verticalpodautoscalers');
    const r = run(VPA);
    expect(r.err).toBe('error: resource mapping not found for name: "api" namespace: "shop" from "STDIN": no matches for kind "VerticalPodAutoscaler" in version "autoscaling.k8s.io/v1"\nensure CRDs are installed first\n');
    expect(r.exit).toBe(1);
  });

  it('recommends from observed usage, and in Auto replaces the OOM-killed pods with the recommended requests', () => {
    const { run, wait } = cluster(withVpa);
    expect(run('kubectl api-resources --api-group=autoscaling.k8s.io').out).toBe(
      'NAME                               SHORTNAMES      APIVERSION              NAMESPACED   KIND\n'
      + 'verticalpodautoscalercheckpoints   vpacheckpoint   autoscaling.k8s.io/v1   true         VerticalPodAutoscalerCheckpoint\n'
      + 'verticalpodautoscalers             vpa             autoscaling.k8s.io/v1   true         VerticalPodAutoscaler\n',
    );
    expect(run('kubectl -n kube-system get deploy').out).toMatch(/\nvpa-admission-controller {3}1\/1 .*\nvpa-recommender {12}1\/1 .*\nvpa-updater {16}1\/1 /);
    expect(run(VPA).out).toBe('verticalpodautoscaler.autoscaling.k8s.io/api created\n');
    expect(run('kubectl -n shop get vpa').out).toMatch(/^NAME {3}MODE {3}CPU {3}MEM {3}PROVIDED {3}AGE\napi {4}Off {27}\d+s\n$/);
    wait(180);
    const table = run('kubectl -n shop get vpa').out;
    expect(table).toMatch(/^NAME {3}MODE {3}CPU +MEM +PROVIDED {3}AGE\napi {4}Off {4}\d+m +\d+ +True {7}3m\d*s?\n$/);
    const memory = Number(/Off +\d+m +(\d+)/.exec(table)![1]);
    // An OOM kill at the 256Mi limit: 256Mi + 100Mi, to its histogram bucket's end, + 15 %.
    expect(memory).toBeGreaterThan(356 * 1024 * 1024 * 1.15);
    expect(memory).toBeLessThan(420 * 1024 * 1024 * 1.15);
    const described = run('kubectl -n shop describe vpa api').out;
    expect(described).toContain('Spec:\n  Target Ref:\n    API Version:  apps/v1\n    Kind:         Deployment\n    Name:         api\n  Update Policy:\n    Update Mode:  Off\n');
    expect(described).toMatch(/ {4}Status: {16}True\n {4}Type: {18}RecommendationProvided\n/);
    expect(described).toMatch(/ {6}Container Name:  api\n {6}Lower Bound:\n {8}Cpu: {5}25m\n {8}Memory:  262144k\n {6}Target:\n/);
    expect(run('kubectl -n shop get pods -l app=api').out).toContain('CrashLoopBackOff');
    // The recommender saves each container's history.
    expect(run('kubectl -n shop get vpacheckpoint').out).toMatch(/^NAME {6}AGE\napi-api {3}\dm\d*s?\n$/);
    const cp = JSON.parse(run('kubectl -n shop get vpacheckpoint api-api -o json').out) as { spec: unknown; status: { version: string; totalSamplesCount: number; memoryHistogram: unknown } };
    expect(cp.spec).toEqual({ vpaObjectName: 'api', containerName: 'api' });
    expect(cp.status).toMatchObject({ version: 'v3', memoryHistogram: { referenceTimestamp: null, bucketWeights: {}, totalWeight: 0 } });
    expect(cp.status.totalSamplesCount).toBeGreaterThan(0);

    run(`kubectl -n shop patch vpa api --type=merge -p '{"spec":{"updatePolicy":{"updateMode":"Auto"}}}'`);
    wait(150);
    const evictions = run('kubectl -n shop get events --field-selector reason=EvictedByVPA').out.trim().split('\n').slice(1);
    expect(evictions).toHaveLength(2);
    for (const e of evictions) expect(e).toMatch(/Normal +EvictedByVPA +pod\/api-\w+-\w+ +Pod was evicted by VPA Updater to apply resource recommendation\.$/);
    wait(120);
    const pods = run('kubectl -n shop get pods -l app=api -o json').out;
    const items = JSON.parse(pods).items as { metadata: { annotations: Record<string, string> }; spec: { containers: { resources: { requests: Record<string, string>; limits: Record<string, string> } }[] }; status: { containerStatuses: { restartCount: number; ready: boolean }[] } }[];
    expect(items).toHaveLength(2);
    for (const p of items) {
      expect(p.metadata.annotations).toMatchObject({ vpaObservedContainers: 'api', vpaUpdates: 'Pod resources updated by api: container 0: cpu request, memory request, cpu limit, memory limit' });
      expect(Number(p.spec.containers[0].resources.requests.memory)).toBeGreaterThan(356 * 1024 * 1024);
      expect(Number(p.spec.containers[0].resources.limits.memory)).toBeGreaterThan(300 * 1024 * 1024);
      expect(p.status.containerStatuses[0]).toMatchObject({ restartCount: 0, ready: true });
    }
    expect(run('kubectl -n shop get pods -l app=api').out).not.toMatch(/OOMKilled|CrashLoopBackOff/);
  });

  it('in Initial mode evicts nothing but sets the requests of new pods', () => {
    const { run, wait } = cluster(withVpa);
    run(VPA.replace('"Off"', 'Initial'));
    wait(240);
    expect(run('kubectl -n shop get events --field-selector reason=EvictedByVPA').err).toBe('No resources found in shop namespace.\n');
    // Initial: a pod created now gets the recommendation.
    run('kubectl -n shop delete pod -l app=api --wait=false');
    wait(5);
    const json = JSON.parse(run('kubectl -n shop get pods -l app=api -o json').out) as { items: { metadata: { annotations?: Record<string, string>; deletionTimestamp?: string } }[] };
    const fresh = json.items.filter((p) => !p.metadata.deletionTimestamp);
    expect(fresh).toHaveLength(2);
    for (const p of fresh) expect(p.metadata.annotations?.vpaUpdates).toMatch(/^Pod resources updated by api: container 0: cpu request, memory request/);
  });

  it('evicts nothing with fewer live replicas than minReplicas, or while the admission controller is down', () => {
    const { run, wait } = cluster(withVpa);
    run(VPA.replace('"Off"', 'Auto'));
    run('kubectl -n shop scale deploy api --replicas=1');
    wait(240);
    expect(run('kubectl -n shop get events --field-selector reason=EvictedByVPA').err).toBe('No resources found in shop namespace.\n');
    run(`kubectl -n shop patch vpa api --type=merge -p '{"spec":{"updatePolicy":{"minReplicas":1}}}'`);
    run('kubectl -n kube-system scale deploy vpa-admission-controller --replicas=0');
    wait(240);
    expect(run('kubectl -n shop get events --field-selector reason=EvictedByVPA').err).toBe('No resources found in shop namespace.\n');
    run('kubectl -n kube-system scale deploy vpa-admission-controller --replicas=1');
    wait(120);
    expect(run('kubectl -n shop get events --field-selector reason=EvictedByVPA').out).toContain('Pod was evicted by VPA Updater to apply resource recommendation.');
  });

  it('reports a target that does not exist', () => {
    const { run, wait } = cluster(withVpa);
    run(VPA.replace('name: api}\n  update', 'name: nope}\n  update'));
    wait(70);
    const status = JSON.parse(run('kubectl -n shop get vpa api -o jsonpath={.status.conditions}').out) as { type: string; status: string; reason?: string; message?: string }[];
    expect(status.map((c) => [c.type, c.status, c.reason, c.message])).toEqual([
      ['ConfigUnsupported', 'True', undefined, 'Cannot read targetRef. Reason: Deployment shop/nope does not exist'],
      ['NoPodsMatched', 'True', 'NoPodsMatched', 'No pods match this VPA object'],
      ['RecommendationProvided', 'False', 'NoPodsMatched', 'No pods match this VPA object'],
    ]);
  });

  it('rejects bad VPAs like the CRD schema and the admission webhook, changing nothing', () => {
    const { run } = cluster(withVpa);
    const bad = (spec: string) => run(apply(`apiVersion: autoscaling.k8s.io/v1\nkind: VerticalPodAutoscaler\nmetadata: {name: bad, namespace: shop}\n${spec}`));
    const cases: [string, string][] = [
      ['spec:\n  targetRef: {kind: Deployment, name: api}\n  updatePolicy: {updateMode: Sometimes}',
        'The VerticalPodAutoscaler "bad" is invalid: spec.updatePolicy.updateMode: Unsupported value: "Sometimes": supported values: "Off", "Initial", "Recreate", "Auto"'],
      ['spec:\n  updatePolicy: {updateMode: Auto}', 'The VerticalPodAutoscaler "bad" is invalid: spec.targetRef: Required value'],
      ['spec:\n  targetRef: {kind: Deployment, name: api}\n  updatePolicy: {minReplicas: two}',
        'The VerticalPodAutoscaler "bad" is invalid: spec.updatePolicy.minReplicas: Invalid value: "string": spec.updatePolicy.minReplicas in body must be of type integer: "string"'],
      ['spec:\n  targetRef: {kind: Deployment, name: api}\n  resourcePolicy:\n    containerPolicies: [{containerName: "*", minAllowed: {memory: lots}}]',
        'The VerticalPodAutoscaler "bad" is invalid: spec.resourcePolicy.containerPolicies[0].minAllowed.memory: Invalid value: "lots": spec.resourcePolicy.containerPolicies[0].minAllowed.memory in body should match \'^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$\''],
      ['spec:\n  targetRef: {kind: Deployment, name: api}\n  resourcePolicy:\n    containerPolicies: [{containerName: "*", minAllowed: {cpu: "1"}, maxAllowed: {cpu: 500m}}]',
        'Error from server: error when creating "STDIN": admission webhook "vpa.k8s.io" denied the request: max resource for cpu is lower than min'],
      ['spec:\n  targetRef: {kind: Deployment, name: api}\n  flavour: vanilla',
        'Error from server (BadRequest): error when creating "STDIN": VerticalPodAutoscaler in version "v1" cannot be handled as a VerticalPodAutoscaler: strict decoding error: unknown field "spec.flavour"'],
    ];
    for (const [spec, err] of cases) {
      const r = bad(spec);
      expect(r.err).toBe(`${err}\n`);
      expect(r.exit).toBe(1);
    }
    expect(run('kubectl -n shop get vpa').err).toBe('No resources found in shop namespace.\n');
    // The webhook defaults the update mode.
    run(apply('apiVersion: autoscaling.k8s.io/v1\nkind: VerticalPodAutoscaler\nmetadata: {name: good, namespace: shop}\nspec:\n  targetRef: {kind: Deployment, name: api}'));
    expect(run('kubectl -n shop get vpa good -o jsonpath={.spec.updatePolicy.updateMode}').out).toBe('Auto');
  });
});
