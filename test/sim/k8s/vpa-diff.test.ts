// The simulator's kubectl against the real kubectl v1.32 for the VerticalPodAutoscaler
// add-on's CRD: the fake API server serves the CRD's discovery, its Table (the CRD's
// printer columns, empty cells before a recommendation) and objects; kubectl's generic
// describer prints them; writes (apply, patch, delete) and their errors from the CRD schema
// and the add-on's admission webhook (its pod is in the fixture) agree too, with the same
// objects stored afterwards. Skipped where kubectl is not installed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EPOCH_MS } from '../../../server/sim/clock.js';
import { VPA_CHECKPOINT_CRD, VPA_CRD } from '../../../server/sim/k8s/vpa-api.js';
import { kubeWorld } from '../../shell/commands/kubectl-world.js';
import { kubectlAvailable, readBoth, runRealKubectl, startFakeApiServer, type FakeApiServer } from './fake-apiserver.js';
import { pairedWorlds } from './paired-worlds.js';

const FIXTURE = `apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: cart, namespace: shop}
spec:
  selector: {matchLabels: {app: cart}}
  template:
    metadata: {labels: {app: cart}}
    spec:
      containers: [{name: cart, image: nginx:1.27}]
---
apiVersion: autoscaling.k8s.io/v1
kind: VerticalPodAutoscaler
metadata: {name: api, namespace: shop, labels: {team: shop}, creationTimestamp: -3d}
spec:
  targetRef: {apiVersion: apps/v1, kind: Deployment, name: api}
  updatePolicy: {updateMode: "Off"}
  resourcePolicy:
    containerPolicies:
    - containerName: "*"
      minAllowed: {cpu: 50m, memory: 64Mi}
      maxAllowed: {cpu: "1", memory: 1Gi}
      controlledResources: [cpu, memory]
status:
  conditions:
  - {type: RecommendationProvided, status: "True", lastTransitionTime: -2d}
  recommendation:
    containerRecommendations:
    - containerName: api
      lowerBound: {cpu: 50m, memory: 262144k}
      target: {cpu: 163m, memory: "442809964"}
      uncappedTarget: {cpu: 163m, memory: "442809964"}
      upperBound: {cpu: "1", memory: 1Gi}
---
apiVersion: autoscaling.k8s.io/v1
kind: VerticalPodAutoscalerCheckpoint
metadata: {name: api-api, namespace: shop, creationTimestamp: -3d, generation: 4312}
spec: {vpaObjectName: api, containerName: api}
status:
  lastUpdateTime: -1m
  version: v3
  cpuHistogram:
    referenceTimestamp: -3d
    bucketWeights: {"0": 10000, "31": 245, "54": 3}
    totalWeight: 31.25
  memoryHistogram: {referenceTimestamp: null, bucketWeights: {}, totalWeight: 0}
  firstSampleStart: "2026-11-20T09:00:00Z"
  lastSampleStart: "2026-11-23T08:58:00Z"
  totalSamplesCount: 4311
---
apiVersion: autoscaling.k8s.io/v1
kind: VerticalPodAutoscaler
metadata: {name: web, namespace: shop, creationTimestamp: -20m}
spec:
  targetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
`;

const CASES: string[][] = [
  ['get', 'vpa', '-n', 'shop'],
  ['get', 'vpa', '-A'],
  ['get', 'vpa', '-n', 'shop', '-o', 'wide'],
  ['get', 'vpa', '-n', 'shop', '-o', 'name'],
  ['get', 'verticalpodautoscalers.autoscaling.k8s.io', 'api', '-n', 'shop'],
  ['get', 'vpa', 'api', '-n', 'shop', '-o', 'yaml'],
  ['get', 'vpa', 'web', '-n', 'shop', '-o', 'json'],
  ['get', 'vpa', 'nope', '-n', 'shop'],
  ['describe', 'vpa', 'api', '-n', 'shop'],
  ['describe', 'vpa', 'web', '-n', 'shop'],
  ['api-resources', '--api-group', 'autoscaling.k8s.io'],
  ['get', 'vpacheckpoint', '-n', 'shop'],
  ['get', 'verticalpodautoscalercheckpoints', 'api-api', '-n', 'shop', '-o', 'yaml'],
  ['describe', 'vpacheckpoint', 'api-api', '-n', 'shop'],
];

const quote = (a: string) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`);

describe.skipIf(!kubectlAvailable())('VerticalPodAutoscaler: simulated kubectl agrees with the real kubectl v1.32', () => {
  const { world, run } = kubeWorld(FIXTURE, { created: '-41d' });
  world.cluster!.crds = [VPA_CHECKPOINT_CRD, VPA_CRD];
  let server: FakeApiServer;
  beforeAll(async () => {
    server = await startFakeApiServer(world);
  });
  afterAll(() => server?.close());

  it.each(CASES.map((args) => [args.map(quote).join(' '), args]))('kubectl %s', async (_line, args) => {
    const argv = args as string[];
    const pin = () => void (world.now = Math.floor(Date.now() / 1000) * 1000 - EPOCH_MS);
    const { ours, real } = await readBoth(server, run, pin, argv, argv.map(quote).join(' '));
    expect(ours).toEqual(real);
  });

  it('kubectl get vpa without the add-on', async () => {
    world.cluster!.crds = [];
    try {
      const ours = run('kubectl get vpa -n shop');
      const real = await runRealKubectl(server, ['get', 'vpa', '-n', 'shop']);
      expect({ stdout: ours.out, stderr: ours.err, exit: ours.exit }).toEqual(real);
    } finally {
      world.cluster!.crds = [VPA_CHECKPOINT_CRD, VPA_CRD];
    }
  });
});

const ADMISSION_POD = `---
apiVersion: v1
kind: Namespace
metadata: {name: kube-system}
---
apiVersion: v1
kind: Pod
metadata: {name: vpa-admission-controller-8457c99fc-5msv5, namespace: kube-system, labels: {app: vpa-admission-controller}}
spec:
  containers: [{name: admission-controller, image: registry.k8s.io/autoscaling/vpa-admission-controller:1.2.1}]
status:
  phase: Running
  conditions: [{type: Ready, status: "True"}]
`;

const vpa = (name: string, spec: string) => `apiVersion: autoscaling.k8s.io/v1\nkind: VerticalPodAutoscaler\nmetadata:\n  name: ${name}\n  namespace: shop\nspec:\n${spec}`;
const TARGET = '  targetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: cart\n';

const FILES: Record<string, string> = {
  'cart.yaml': vpa('cart', TARGET),
  'cart-v2.yaml': vpa('cart', `${TARGET}  updatePolicy:\n    updateMode: Initial\n  resourcePolicy:\n    containerPolicies:\n    - containerName: '*'\n      maxAllowed: {cpu: 1, memory: 1Gi}\n`),
  'bad-mode.yaml': vpa('bad', `${TARGET}  updatePolicy:\n    updateMode: Sometimes\n`),
  'no-target.yaml': vpa('bad', '  updatePolicy:\n    updateMode: "Off"\n'),
  'min-over-max.yaml': vpa('bad', `${TARGET}  resourcePolicy:\n    containerPolicies:\n    - containerName: '*'\n      minAllowed: {memory: 2Gi}\n      maxAllowed: {memory: 1Gi}\n`),
  'typo.yaml': vpa('bad', `${TARGET}  updatePolicy:\n    updateMod: "Off"\n`),
  'bad-quantity.yaml': vpa('bad', `${TARGET}  resourcePolicy:\n    containerPolicies:\n    - containerName: '*'\n      minAllowed: {cpu: lots}\n`),
};

const WRITES: string[][] = [
  ['apply', '-f', 'cart.yaml'],
  ['apply', '-f', 'cart.yaml'],
  ['get', 'vpa', 'cart', '-n', 'shop', '-o', 'yaml'],
  ['apply', '-f', 'cart-v2.yaml'],
  ['get', 'vpa', 'cart', '-n', 'shop', '-o', 'json'],
  ['patch', 'vpa', 'cart', '-n', 'shop', '--type=merge', '-p', '{"spec":{"updatePolicy":{"updateMode":"Auto"}}}'],
  ['patch', 'vpa', 'cart', '-n', 'shop', '--type=json', '-p', '[{"op":"replace","path":"/spec/updatePolicy/updateMode","value":"Never"}]'],
  ['patch', 'vpa', 'cart', '-n', 'shop', '--type=merge', '-p', '{"spec":{"updatePolicy":{"minReplicas":0}}}'],
  ['label', 'vpa', 'cart', '-n', 'shop', 'team=shop'],
  ['apply', '-f', 'bad-mode.yaml'],
  ['apply', '-f', 'no-target.yaml'],
  ['apply', '-f', 'min-over-max.yaml'],
  ['apply', '-f', 'typo.yaml'],
  ['create', '-f', 'bad-quantity.yaml'],
  ['get', 'vpa', '-n', 'shop'],
  ['delete', '-f', 'cart.yaml'],
  ['delete', 'vpa', 'cart', '-n', 'shop'],
];

describe.skipIf(!kubectlAvailable())('VerticalPodAutoscaler: simulated kubectl writes agree with the real kubectl v1.32', () => {
  const { real, sim, server, dir } = pairedWorlds(FIXTURE + ADMISSION_POD, FILES);
  for (const w of [real, sim]) w.world.cluster!.crds = [VPA_CHECKPOINT_CRD, VPA_CRD];

  it.each(WRITES.map((args, i) => [`${i + 1}: ${args.map(quote).join(' ')}`, args]))('kubectl %s', async (_line, args) => {
    const argv = args as string[];
    sim.world.now = real.world.now;
    const ours = sim.run(`kubectl ${argv.map(quote).join(' ')}`);
    const theirs = await runRealKubectl(server(), argv, { cwd: dir() });
    expect({ stdout: ours.out, stderr: ours.err, exit: ours.exit }).toEqual(theirs);
    expect(sim.world.cluster).toEqual(real.world.cluster);
  });
});
