// `kubectl describe` of Ingresses, NetworkPolicies and HPAs against the real kubectl v1.32,
// byte for byte: the fixture cluster, and the running base cluster after the objects a
// player meets in the network scenarios (an ingress without endpoints, policies of every
// peer kind, an HPA at its max). Skipped where kubectl is not installed.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EPOCH_MS } from '../../../../server/sim/clock.js';
import { kubeWorld } from '../../../shell/commands/kubectl-world.js';
import { kubectlAvailable, readBoth, startFakeApiServer, type FakeApiServer } from '../fake-apiserver.js';
import { cluster } from './cluster.js';

const FIXTURE = readFileSync(new URL('../../../fixtures/k8s/shop-cluster.yaml', import.meta.url), 'utf8');
const hasKubectl = kubectlAvailable();

const CASES = [
  'describe ingress -n shop',
  'describe ingress shop -n shop',
  'describe ing legacy -n shop --show-events=false',
  'describe netpol -n shop',
  'describe networkpolicy db-from-api -n shop',
  'describe hpa -n shop',
  'describe hpa web -n shop',
  'describe endpoints -n shop',
  'describe endpointslices -n shop',
  'describe ep kubernetes',
];

describe.skipIf(!hasKubectl)('kubectl describe of networking kinds agrees with the real kubectl', () => {
  const fixture = kubeWorld(FIXTURE, { created: '-41d' });
  const base = cluster();
  const policies = `kubectl apply -f - <<'EOF'
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: mixed, namespace: shop, labels: {team: web}, annotations: {note: allow the front end}}
spec:
  podSelector: {matchLabels: {app: api}, matchExpressions: [{key: tier, operator: NotIn, values: [db]}]}
  policyTypes: [Ingress, Egress]
  ingress:
  - from: [{podSelector: {matchLabels: {app: web}}}, {namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ingress-nginx}}, podSelector: {}}]
    ports: [{port: http}, {protocol: UDP, port: 5000, endPort: 5010}]
  - from: [{ipBlock: {cidr: 10.0.0.0/8, except: [10.0.20.0/24, 10.0.30.0/24]}}]
  egress:
  - {}
EOF`;
  const hpa = `kubectl apply -f - <<'EOF'
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: api, namespace: shop}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: api}
  minReplicas: 2
  maxReplicas: 3
  metrics:
  - type: Resource
    resource: {name: cpu, target: {type: Utilization, averageUtilization: 50}}
  - type: Resource
    resource: {name: memory, target: {type: AverageValue, averageValue: 200Mi}}
EOF`;
  base.run(policies);
  base.run(hpa);
  base.run('kubectl -n shop scale deploy web --replicas=0');
  base.wait(120);
  let servers: FakeApiServer[] = [];
  beforeAll(async () => {
    servers = [await startFakeApiServer(fixture.world), await startFakeApiServer(base.world)];
  });
  afterAll(async () => {
    for (const s of servers) await s.close();
  });

  const compare = async (i: number, line: string) => {
    const world = i === 0 ? fixture.world : base.world;
    const run = i === 0 ? fixture.run : base.run;
    const pin = () => void (world.now = Math.floor(Date.now() / 1000) * 1000 - EPOCH_MS);
    const { ours, real } = await readBoth(servers[i], run, pin, line.split(' '), line);
    expect(ours).toEqual(real);
  };

  it.each(CASES)('fixture: kubectl %s', (line) => compare(0, line));
  it.each(['describe ingress shop -n shop', 'describe netpol mixed -n shop', 'describe hpa api -n shop', 'describe ep -n shop', 'describe endpointslices -A', 'describe ep kube-dns -n kube-system'])('base cluster: kubectl %s', (line) => compare(1, line));
});
