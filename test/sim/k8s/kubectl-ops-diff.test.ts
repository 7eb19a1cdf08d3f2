// The simulated kubectl's autoscale, logs (selector and argument checks), port-forward and exec
// (the checks before they connect to a pod), top (checks) and
// get --raw against the real kubectl v1.32, the way kubectl-write-diff.test.ts does it: two
// identical worlds, one served to the real kubectl by the fake API server, the other used by
// the simulated kubectl; stdout, stderr, exit status and the stored objects must agree.
// The shop fixture has no running cluster; `top` is compared on the running base cluster,
// whose metrics-server the fake server serves. Log streams are not compared (the fake
// server has no kubelets): see test/shell/commands/kubectl-logs-selector.test.ts.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exec } from '../../helpers/run.js';
import { cluster } from './behaviour/cluster.js';
import { pairedWorlds } from './paired-worlds.js';
import { kubectlAvailable, runRealKubectl, startFakeApiServer, type FakeApiServer } from './fake-apiserver.js';

const FIXTURE = readFileSync(new URL('../../fixtures/k8s/shop-cluster.yaml', import.meta.url), 'utf8');
const hasKubectl = kubectlAvailable();

const quote = (a: string) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`);

/** Nothing listens there: both kubectls are refused. */
const CLOSED = 'http://127.0.0.1:1';

const SCENARIOS: Record<string, string[][]> = {
  'autoscale: create, print, dry runs': [
    ['autoscale', 'deploy', 'web', '-n', 'shop', '--max=5', '--name=w2'],
    ['autoscale', 'sts/search', '-n', 'shop', '--max=4', '--min=2', '--cpu-percent=60', '--name=s2', '-o', 'json'],
    ['autoscale', 'rs/web-6c9f8d7b5f', '-n', 'shop', '--max=3', '--name=r3', '-o', 'yaml'],
    ['autoscale', 'deployment.apps/web', '-n', 'shop', '--max=3', '--name=n4', '-o', 'name'],
    ['autoscale', 'deploy', 'web', '-n', 'shop', '--max=5', '--min=1', '--cpu-percent=50', '--dry-run=client', '-o', 'yaml'],
    ['autoscale', 'deploy', 'web', '-n', 'shop', '--max=5', '--dry-run=client', '-o', 'json'],
    ['autoscale', 'deploy', 'web', '-n', 'shop', '--max=5', '--dry-run=client'],
    ['autoscale', 'deploy', 'web', '-n', 'shop', '--max=5', '--name=srv', '--dry-run=server'],
    ['autoscale', 'deploy', 'web', '-n', 'shop', '--max=5', '--name=tpl', '-o', 'jsonpath={.spec.maxReplicas}'],
    ['get', 'hpa', '-n', 'shop', '-o', 'yaml'],
  ],
  'autoscale: errors change nothing': [
    ['autoscale', 'deploy', 'web', '-n', 'shop', '--max=5'],
    ['autoscale', 'deploy', 'web', '-n', 'shop', '--max=0'],
    ['autoscale', 'deploy', 'web', '-n', 'shop', '--max=2', '--min=3'],
    ['autoscale', 'deploy', 'web', '-n', 'shop', '--max=x'],
    ['autoscale', 'deploy', 'web', '-n', 'shop', '--max=3', '--cpu=50%'],
    ['autoscale', 'deploy', 'web', '-n', 'shop', '--max=3', '--dry-run=bad'],
    ['autoscale', 'pod/web-7d4b9c8f6d-2xkqp', '-n', 'shop', '--max=2'],
    ['autoscale', 'svc/web', 'deploy/nope', '-n', 'shop', '--max=2'],
    ['autoscale', 'deploy', 'nope', '-n', 'shop', '--max=2'],
    ['autoscale', 'deploy', 'web', 'nope', '-n', 'shop', '--max=2', '--dry-run=client'],
    ['autoscale', 'foo/web', '-n', 'shop', '--max=2'],
    ['autoscale', '-n', 'shop', '--max=2'],
    ['autoscale', 'deploy', '-n', 'shop', '--max=2'],
    ['autoscale', 'deploy', 'web', '-n', 'shop', '--max=5', '--name=w9', '-o', 'wide'],
    ['autoscale', 'deploy', 'web', '-n', 'shop', '--max=5', '--name=w9', '-o', 'foo', '--dry-run=client'],
    ['autoscale', '--help'],
    ['get', 'hpa', '-n', 'shop'],
  ],
  'autoscale -f': [
    ['autoscale', '-f', 'web.yaml', '-n', 'shop', '--max=3', '--name=f1'],
    ['autoscale', '-f', 'web.yaml', '-n', 'shop', '--max=3', '--name=f2', '--dry-run=client', '-o', 'yaml'],
    ['autoscale', '-f', 'cm.yaml', '-n', 'shop', '--max=3'],
    ['autoscale', '-f', 'nofile.yaml', '-n', 'shop', '--max=3'],
  ],
  'logs: selectors and argument checks': [
    ['logs'],
    ['logs', '-l', 'app=web', 'web-7d4b9c8f6d-2xkqp', '-n', 'shop'],
    ['logs', '-n', 'shop', '-l', 'app=nope'],
    ['logs', '-n', 'shop', '--selector=app=nope', '--all-containers', '--prefix'],
    ['logs', '-n', 'shop', '-l', 'app=web', '-f', '--max-log-requests=1'],
    ['logs', '-n', 'shop', '-l', 'app=web', '--tail=-2'],
    ['logs', '-n', 'shop', '-l', 'app=web', '--all-containers', '-c', 'web'],
    ['logs', '-n', 'shop', 'web-7d4b9c8f6d-2xkqp', 'web', '-c', 'web'],
    ['logs', '-n', 'shop', '-l', '!!'],
    ['logs', '-n', 'shop', 'nope'],
    ['logs', '-n', 'shop', 'deploy/nope'],
    ['logs', '-n', 'shop', 'foo/nope'],
    ['logs', '-n', 'shop', 'web-7d4b9c8f6d-2xkqp', '--since=abc'],
    ['logs', '-n', 'shop', 'web-7d4b9c8f6d-2xkqp', '--since=1d'],
    ['logs', '-n', 'shop', 'web-7d4b9c8f6d-2xkqp', '--since=-5s'],
    ['logs', '-n', 'shop', 'nope', '--since=-5s'],
    ['logs', '-n', 'shop', 'web-7d4b9c8f6d-2xkqp', '--since=5m', '--since-time=2026-11-23T09:00:00Z'],
    ['logs', '-n', 'shop', 'web-7d4b9c8f6d-2xkqp', '--since-time=2026-11-23'],
    ['logs', '-n', 'shop', 'web-7d4b9c8f6d-2xkqp', '--since-time=2026-13-01T00:00:00Z'],
    ['logs', '-n', 'shop', 'web-7d4b9c8f6d-2xkqp', '--since-time=2026-11-23T09:00:00+0100'],
    ['logs', '-n', 'shop', 'nope', '--since-time=abc'],
    ['logs', '--help'],
  ],
  'port-forward, exec and logs: what kubectl checks before it connects to the pod': [
    ['port-forward'],
    ['port-forward', '-n', 'shop', 'pod/web-7d4b9c8f6d-2xkqp'],
    ['port-forward', '-n', 'shop', 'pod/nope', '8080'],
    ['port-forward', '-n', 'shop', 'cm/api-config', '8080'],
    ['port-forward', '-n', 'shop', 'svc/payments-ext', '443'],
    ['port-forward', '-n', 'shop', 'svc/web', '8080:81'],
    ['port-forward', '-n', 'shop', 'svc/api', '8080:grpc'],
    ['port-forward', '-n', 'shop', 'pod/api-5f9c7b6d4-x2k9p', '9000:grpc'],
    ['port-forward', '-n', 'shop', 'payments-6b8d9f7c5-mz4lw', '8080'],
    ['port-forward', '-n', 'shop', 'pod/api-5f9c7b6d4-x2k9p', 'abc:8080'],
    ['port-forward', '-n', 'shop', 'pod/api-5f9c7b6d4-x2k9p', '8080:0'],
    ['port-forward', '-n', 'shop', 'pod/api-5f9c7b6d4-x2k9p', '8080:70000'],
    ['port-forward', '-n', 'shop', '--address', 'nowhere', 'pod/api-5f9c7b6d4-x2k9p', '8080'],
    ['port-forward', '-n', 'shop', '--pod-running-timeout=0s', 'pod/api-5f9c7b6d4-x2k9p', '8080'],
    ['port-forward', '-h'],
    ['exec', '-n', 'shop', 'cm/api-config', '--', 'ls'],
    ['exec', '-n', 'shop', 'svc/payments-ext', '--', 'ls'],
    ['logs', '-n', 'shop', 'cm/api-config'],
    ['logs', '-n', 'shop', 'svc/payments-ext'],
  ],
  'duration flags (Go durations, parsed by cobra)': [
    ['exec', '-n', 'shop', '--pod-running-timeout=abc', 'pod/api-5f9c7b6d4-x2k9p', '--', 'ls'],
    ['exec', '-n', 'shop', '--pod-running-timeout=0s', 'pod/api-5f9c7b6d4-x2k9p', '--', 'ls'],
    ['exec', '-n', 'shop', '--pod-running-timeout=-1m', 'deploy/web', '--', 'ls'],
    ['port-forward', '-n', 'shop', '--pod-running-timeout=5', 'pod/api-5f9c7b6d4-x2k9p', '8080'],
    ['rollout', 'status', 'deploy/web', '-n', 'shop', '--timeout=5x'],
    ['rollout', 'status', 'deploy/web', '-n', 'shop', '--timeout=1h-1m'],
    ['delete', 'pod', 'nope', '-n', 'shop', '--timeout=1d'],
    ['drain', 'node1', '--timeout=.s'],
    ['scale', 'deploy/web', '-n', 'shop', '--replicas=2', '--timeout=abc'],
    ['logs', '-n', 'shop', '--pod-running-timeout=0s', 'deploy/web'],
    ['logs', '-n', 'shop', '--pod-running-timeout=1x', 'deploy/web'],
    ['apply', '-f', 'nofile.yaml', '--timeout=5'],
  ],
  'top: argument checks': [
    ['top', 'pod', 'a', 'b', '-n', 'shop'],
    ['top', 'node', 'a', 'b'],
    ['top', 'pod', 'x', '-l', 'a=b', '-n', 'shop'],
    ['top', 'node', 'x', '-l', 'a=b'],
    ['top', 'pod', '--sort-by=foo'],
    ['top', 'node', '--sort-by=name'],
    ['top', 'pod', '-n', 'shop', '-l', 'app=web', '--sort-by=memory'],
    ['top', 'node', '--containers'],
    ['top', 'pod', '--help'],
    ['top', 'node', '-h'],
  ],
  'get --raw': [
    ['get', '--raw', '/version'],
    ['get', '--raw', '/api'],
    ['get', '--raw', '/apis'],
    ['get', '--raw', '/apis/apps/v1'],
    ['get', '--raw', '/healthz'],
    ['get', '--raw', '/livez'],
    ['get', '--raw', '/readyz?verbose'],
    ['get', '--raw', '/api/v1/namespaces/shop/pods'],
    ['get', '--raw', '/api/v1/namespaces/shop/pods?labelSelector=app%3Dweb'],
    ['get', '--raw', '/apis/apps/v1/namespaces/shop/deployments/web'],
    ['get', '--raw', '/api/v1/namespaces/shop/secrets/api-db-credentials'],
    ['get', '--raw', '/apis/apps/v1/namespaces/shop/deployments/nope'],
    ['get', '--raw', '/nope'],
    ['get', '--raw', '/api', 'pods'],
    ['get', '--raw', '/api', '-o', 'json'],
    ['get', '--raw', '/api', '-l', 'a=b'],
    ['get', '--raw', '/api', '-w'],
    ['get', '--raw', 'foo'],
    ['get', '--raw', ''],
  ],
  'refused connections': [
    ['get', '--raw', '/healthz', `--server=${CLOSED}`],
    ['logs', '-l', 'app=web', `--server=${CLOSED}`],
    ['autoscale', 'deploy', 'web', '--max=2', `--server=${CLOSED}`],
    ['autoscale', 'deploy', 'web', `--server=${CLOSED}`],
    ['top', 'pod', `--server=${CLOSED}`],
  ],
};

/** Manifests `-f` reads: in a temp directory for the real kubectl, in /root for the simulated one. */
const FILES: Record<string, string> = {
  'web.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n      - {name: web, image: nginx}\n',
  'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\n',
};

describe.skipIf(!hasKubectl)('simulated kubectl autoscale, logs, top and get --raw agree with the real kubectl v1.32', () => {
  describe.each(Object.entries(SCENARIOS))('%s', (_name, lines) => {
    const { real, sim, server, dir } = pairedWorlds(FIXTURE, FILES);
    const steps = lines.map((argv, i) => ({ title: `${i + 1}: kubectl ${argv.map(quote).join(' ')}`, argv }));
    it.each(steps)('$title', async ({ argv }) => {
      sim.world.now = real.world.now;
      const closed = argv.some((a) => a.startsWith('--server='));
      const ours = sim.run(`kubectl ${argv.map(quote).join(' ')}`);
      const theirs = await runRealKubectl(closed ? { ...server(), url: CLOSED } : server(), argv.filter((a) => !a.startsWith('--server=')), { cwd: dir() });
      const klog = (s: string) => s.replace(/^E\d{4} \d\d:\d\d:\d\d\.\d{6} +\d+ /gm, 'E0000 00:00:00.000000 1 ');
      expect({ stdout: ours.out, stderr: klog(ours.err), exit: ours.exit }).toEqual({ ...theirs, stderr: klog(theirs.stderr) });
      expect(sim.world.cluster).toEqual(real.world.cluster);
    });
  });
});

/** Read-only commands on the running base cluster, whose metrics-server the fake server serves too. */
const LIVE: string[][] = [
  ['top', 'pod', '-n', 'shop'],
  ['top', 'pod', '-A', '--sort-by=cpu'],
  ['top', 'pod', '-A', '--sort-by=memory', '--containers'],
  ['top', 'pod', '-n', 'shop', '--sum'],
  ['top', 'pod', '-A', '--containers', '--sum'],
  ['top', 'pod', '-A', '--no-headers', '--sum'],
  ['top', 'pod', '-n', 'shop', '-l', 'app=api'],
  ['top', 'pod', '-n', 'shop', '-l', 'app=nope'],
  ['top', 'pod', '-n', 'shop', 'nope'],
  ['top', 'pod', '-n', 'kube-system', 'kube-proxy-x'],
  ['top', 'node'],
  ['top', 'node', '--sort-by=memory', '--no-headers'],
  ['top', 'node', 'node1'],
  ['top', 'node', 'nope'],
  ['top', 'node', '-l', 'kubernetes.io/hostname=node2'],
  ['top', 'node', '-l', 'nope=x'],
  ['get', '--raw', '/apis/metrics.k8s.io/v1beta1/namespaces/shop/pods'],
  ['logs', '-n', 'shop', '-l', 'app=web', '-f', '--max-log-requests=1'],
];

describe.skipIf(!hasKubectl)('on the running base cluster: top agrees with the real kubectl v1.32', () => {
  const c = cluster();
  let server: FakeApiServer;
  beforeAll(async () => {
    server = await startFakeApiServer(c.world);
  });
  afterAll(() => server?.close());
  it.each(LIVE.map((argv) => ({ title: `kubectl ${argv.map(quote).join(' ')}`, argv })))('$title', async ({ argv }) => {
    const ours = exec(c.world, c.session, `kubectl ${argv.map(quote).join(' ')}`);
    const theirs = await runRealKubectl(server, argv);
    expect({ stdout: ours.out, stderr: ours.err, exit: ours.exit }).toEqual(theirs);
  });
});

describe.skipIf(!hasKubectl)('with node2\'s kubelet stopped: top agrees with the real kubectl v1.32', () => {
  const c = cluster();
  c.run('ssh node2 systemctl stop kubelet');
  c.wait(60);
  let server: FakeApiServer;
  beforeAll(async () => {
    server = await startFakeApiServer(c.world);
  });
  afterAll(() => server?.close());
  const lines = [['top', 'node'], ['top', 'node', 'node2'], ['top', 'node', '--sort-by=cpu'], ['top', 'pod', '-A']];
  it.each(lines.map((argv) => ({ title: `kubectl ${argv.join(' ')}`, argv })))('$title', async ({ argv }) => {
    const ours = exec(c.world, c.session, `kubectl ${argv.join(' ')}`);
    const theirs = await runRealKubectl(server, argv);
    expect({ stdout: ours.out, stderr: ours.err, exit: ours.exit }).toEqual(theirs);
  });
});
