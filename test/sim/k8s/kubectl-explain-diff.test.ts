// `kubectl explain` of the simulator against the real kubectl v1.32: the fake API server
// publishes the OpenAPI v3 schemas built from server/sim/k8s/explain-schema.ts, the real binary
// renders them, and both outputs must agree byte for byte (stdout, stderr, exit status).
// Also `kubectl describe namespace` (its quota and limit range lines). Skipped without kubectl.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubeWorld } from '../../shell/commands/kubectl-world.js';
import { kubectlAvailable, readBoth, startFakeApiServer, type FakeApiServer } from './fake-apiserver.js';

const FIXTURE = readFileSync(new URL('../../fixtures/k8s/shop-cluster.yaml', import.meta.url), 'utf8');
const hasKubectl = kubectlAvailable();

const CASES: string[][] = [
  // kinds, by kind, plural and short name
  ['explain', 'pod'], ['explain', 'pods'], ['explain', 'po'], ['explain', 'Pod'],
  ...['deploy', 'rs', 'svc', 'ing', 'cm', 'secret', 'ns', 'no', 'netpol', 'hpa', 'pvc', 'pv', 'job', 'cj', 'ds', 'sts', 'sa', 'ep', 'events', 'leases', 'endpointslices', 'sc'].map((r) => ['explain', r]),
  // nested fields: objects, arrays, maps, enums, scalar wrappers
  ['explain', 'pod.metadata'], ['explain', 'pod.spec'], ['explain', 'pods.spec.containers'], ['explain', 'po.spec.containers.image'],
  ['explain', 'pod.spec.containers.command'], ['explain', 'pod.spec.containers.args'], ['explain', 'pod.spec.containers.env'],
  ['explain', 'pod.spec.containers.env.valueFrom.secretKeyRef'], ['explain', 'pod.spec.containers.ports'], ['explain', 'pod.spec.containers.ports.protocol'],
  ['explain', 'pod.spec.containers.resources'], ['explain', 'pod.spec.containers.resources.limits'], ['explain', 'pod.spec.containers.livenessProbe'],
  ['explain', 'pod.spec.containers.readinessProbe.httpGet'], ['explain', 'pod.spec.containers.readinessProbe.httpGet.port'], ['explain', 'pod.spec.containers.volumeMounts'],
  ['explain', 'pod.spec.volumes'], ['explain', 'pod.spec.volumes.hostPath.type'], ['explain', 'pod.spec.volumes.configMap'], ['explain', 'pod.spec.nodeSelector'],
  ['explain', 'pod.spec.tolerations'], ['explain', 'pod.spec.affinity'], ['explain', 'pod.spec.restartPolicy'], ['explain', 'pod.spec.securityContext'],
  ['explain', 'pod.status'], ['explain', 'pod.status.phase'], ['explain', 'pod.metadata.creationTimestamp'], ['explain', 'pod.metadata.labels'], ['explain', 'pod.metadata.ownerReferences'],
  ['explain', 'deploy.spec'], ['explain', 'deploy.spec.template'], ['explain', 'deploy.spec.strategy.rollingUpdate'], ['explain', 'deployments.apps.spec.selector'],
  ['explain', 'deploy.status'], ['explain', 'rs.spec'], ['explain', 'svc.spec'], ['explain', 'svc.spec.type'], ['explain', 'svc.spec.ports'],
  ['explain', 'ing.spec.rules.http.paths'], ['explain', 'ingresses.networking.k8s.io.spec.tls'], ['explain', 'cm.data'], ['explain', 'secret.type'], ['explain', 'ns.status.phase'],
  ['explain', 'node.spec.taints'], ['explain', 'netpol.spec.ingress.from'], ['explain', 'hpa.spec'], ['explain', 'hpa.spec.scaleTargetRef'], ['explain', 'hpa.spec.metrics.resource.target'], ['explain', 'hpa.spec.behavior', '--recursive'], ['explain', 'pvc.spec'],
  ['explain', 'pv.spec.persistentVolumeReclaimPolicy'], ['explain', 'job.spec'], ['explain', 'cj.spec'], ['explain', 'cj.spec.jobTemplate.spec.template.spec.containers.name'],
  ['explain', 'ds.spec.updateStrategy'], ['explain', 'sts.spec'], ['explain', 'pods.'],
  // --recursive
  ['explain', 'pod', '--recursive'], ['explain', 'deploy.spec.template.spec.containers', '--recursive'], ['explain', 'svc', '--recursive=true'],
  ['explain', 'ing.spec', '--recursive'], ['explain', 'netpol', '--recursive'], ['explain', 'cm', '--recursive=false'],
  // --api-version
  ['explain', 'deployments', '--api-version=apps/v1'], ['explain', 'pods.spec.hostname', '--api-version=v1'], ['explain', 'pods', '--api-version', 'apps/v1'],
  ['explain', 'hpa', '--api-version=autoscaling/v1'], ['explain', 'pods', '--api-version=a/b/c'], ['explain', 'pods.spec', '--api-version=v2'],
  // errors
  ['explain'], ['explain', 'pods', 'svc'], ['explain', 'foo'], ['explain', 'foo.spec'], ['explain', 'pod.foo'], ['explain', 'pod.spec.foo.bar'],
  ['explain', 'pod.spec.containers.image.foo'], ['explain', 'deploy.apps.spec'], ['explain', 'pods', '--foo'], ['explain', 'pods', '-o', 'json'],
  ['explain', 'pods', '-o', 'plaintext'], ['explain', 'pods', '--recursive=maybe'], ['explain', 'deploy', '--output=plaintext-openapiv2'],
  ['explain', 'pods', '--api-version=a/b/c', '-o', 'plaintext-openapiv2'],
  // JSONPath forms explain rejects or tolerates
  ['explain', 'svc/web'], ['explain', 'pods[0]'], ['explain', 'pods..spec'], ['explain', 'po..spec'], ['explain', 'pods.spec[0]'], ['explain', '.pods'],
  ['explain', 'pods.spec.containers.name.'], ['explain', 'pods!'], ['explain', 'pods.spec,x'], ['explain', 'pods.spec}'], ['explain', 'pods.spec', '--api-version=v1'], ['explain', 'po.spec[0]', '--api-version=v1'],
  // describe namespace: no quotas, no limit ranges
  ['describe', 'ns', 'shop'], ['describe', 'namespace', 'default'], ['describe', 'ns'],
];

describe.skipIf(!hasKubectl)('simulated kubectl explain agrees with the real kubectl v1.32', () => {
  const { world, run } = kubeWorld(FIXTURE, { created: '-41d' });
  let server: FakeApiServer;
  beforeAll(async () => {
    server = await startFakeApiServer(world, { openApiSchemas: true });
  });
  afterAll(() => server?.close());

  it.each(CASES.map((args) => [args.join(' '), args]))('kubectl %s', async (_line, args) => {
    const argv = args as string[];
    const { ours, real } = await readBoth(server, run, () => undefined, argv);
    expect(ours).toEqual(real);
  });
});
