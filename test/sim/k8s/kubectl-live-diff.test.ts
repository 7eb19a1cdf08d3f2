// The running cluster (scenarios/bases/k8s.yaml) in the failure modes of the behaviour tests,
// rendered by the real kubectl v1.32 from the simulator's API objects and by the simulated
// kubectl: both must agree byte for byte. The world's clock is moved to the wall clock (the
// controllers held where they are) so that ages kubectl computes against its clock match.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSession } from '../../../server/headless.js';
import { EPOCH_MS } from '../../../server/sim/clock.js';
import { tickWorld } from '../../../server/sim/tick.js';
import { loadWorldYaml } from '../../../server/sim/world/yaml.js';
import { exec } from '../../helpers/run.js';
import { kubectlAvailable, readBoth, startFakeApiServer, type FakeApiServer } from './fake-apiserver.js';

const hasKubectl = kubectlAvailable();
const PVC = 'apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: data, namespace: shop}\nspec:\n  storageClassName: fast-ssd\n  accessModes: [ReadWriteOnce]\n  resources: {requests: {storage: 5Gi}}\n';

function brokenCluster() {
  const world = loadWorldYaml(readFileSync('scenarios/bases/k8s.yaml', 'utf8'), 7);
  const session = startSession(world, 'cp1');
  world.hosts.cp1.files['/root/pvc.yaml'] = PVC;
  for (const line of [
    'kubectl -n shop set image deploy/api api=registry.corp.internal/shop/api:2.4.9',
    'kubectl -n shop set env deploy/web NGINX_WORKERS=2',
    'kubectl -n shop set resources deploy/web --limits=memory=40Mi --requests=memory=32Mi',
    'kubectl apply -f /root/pvc.yaml',
    'kubectl -n shop create job report --image=registry.corp.internal/shop/web:1.4.2',
    "kubectl -n shop create cronjob nightly --image=registry.corp.internal/shop/web:1.4.2 --schedule='*/5 * * * *'",
    'kubectl -n shop create secret docker-registry regcred --docker-server=registry.corp.internal --docker-username=ci --docker-password=s3cret',
    `kubectl -n shop patch sa default -p '{"imagePullSecrets":[{"name":"regcred"},{"name":"missing"}]}'`,
    'kubectl cordon node2',
    'ssh node1 systemctl stop kubelet',
  ]) exec(world, session, line);
  tickWorld(world, 45_000);
  return { world, run: (line: string) => exec(world, session, line) };
}

const CASES: string[][] = [
  ['get', 'pods', '-A', '-o', 'wide'],
  ['get', 'deploy,rs,ds,jobs,cronjobs', '-A'],
  ['get', 'pvc,sa', '-n', 'shop'],
  ['get', 'events', '-n', 'shop'],
  ['get', 'nodes'],
  ['describe', 'pods', '-n', 'shop'],
  ['describe', 'pods', '-n', 'kube-system'],
  ['describe', 'deploy', '-n', 'shop'],
  ['describe', 'pvc', 'data', '-n', 'shop'],
  ['describe', 'jobs', '-n', 'shop'],
  ['describe', 'cronjob', 'nightly', '-n', 'shop'],
  ['describe', 'ds', '-n', 'kube-system'],
  ['describe', 'sa', 'default', '-n', 'shop'],
  ['describe', 'node', 'node2'],
  ['describe', 'node', 'node1'],
];

describe.skipIf(!hasKubectl)('the running cluster, broken, agrees with the real kubectl v1.32', () => {
  const { world, run } = brokenCluster();
  let server: FakeApiServer;
  beforeAll(async () => {
    server = await startFakeApiServer(world);
  });
  afterAll(() => server?.close());

  it.each(CASES.map((args) => [args.join(' '), args]))('kubectl %s', async (line, args) => {
    // Pin the clock to the wall clock for this comparison; the controllers stay where they are.
    const pin = () => {
      world.now = Math.floor(Date.now() / 1000) * 1000 - EPOCH_MS;
      world.cluster!.runtime!.syncedTo = world.now;
    };
    const { ours, real } = await readBoth(server, run, pin, args as string[], line as string);
    expect(ours).toEqual(real);
  });
});
