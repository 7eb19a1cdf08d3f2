// The simulator's kubectl against the real kubectl v1.32: a fake API server on 127.0.0.1
// serves the simulator's objects (server/sim/k8s/apiserver.ts), the real binary renders
// them, and both outputs must agree byte for byte (stdout, stderr, exit status).
// Skipped where kubectl is not installed. Object ages in the fixture are whole minutes or
// longer, and the world's clock is pinned to the wall clock (to the second) before each
// comparison, so ages kubectl computes against its own clock a moment later are the same.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EPOCH_MS } from '../../../server/sim/clock.js';
import { kubeWorld } from '../../shell/commands/kubectl-world.js';
import { kubectlAvailable, readBoth, startFakeApiServer, type FakeApiServer } from './fake-apiserver.js';

const FIXTURE = readFileSync(new URL('../../fixtures/k8s/shop-cluster.yaml', import.meta.url), 'utf8');
const hasKubectl = kubectlAvailable();

/** Quotes an argument for the simulated shell. */
const quote = (a: string) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`);

const CASES: string[][] = [
  // describe
  ['describe', 'pod', 'web-7d4b9c8f6d-2xkqp', '-n', 'shop'],
  ['describe', 'pod', 'web-6c9f8d7b5f-zx8vd', '-n', 'shop'],
  ['describe', 'pod', 'api-5f9c7b6d4-x2k9p', '-n', 'shop'],
  ['describe', 'pod', 'payments-6b8d9f7c5-mz4lw', '-n', 'shop'],
  ['describe', 'pod', 'cart-64d5b7c9f8-hh7zr', '-n', 'shop'],
  ['describe', 'pod', 'orders-7f7d9b5c6-p8sxw', '-n', 'shop'],
  ['describe', 'pod', 'migrate-db-x7q2n', '-n', 'shop'],
  ['describe', 'pod', 'coredns-76f75df574-7bq2x', '-n', 'kube-system'],
  ['describe', 'pods', '-n', 'shop', '-l', 'app=web'],
  ['describe', 'pod', 'web', '-n', 'shop'],
  ['describe', 'deploy', 'web', '-n', 'shop'],
  ['describe', 'deployment/web', '-n', 'shop', '--show-events=false'],
  ['describe', 'svc', 'web', '-n', 'shop'],
  ['describe', 'svc', 'api', '-n', 'shop'],
  ['describe', 'svc', 'shop-lb', '-n', 'shop'],
  ['describe', 'svc', 'frontend-lb', '-n', 'shop'],
  ['describe', 'svc', 'payments-ext', '-n', 'shop'],
  ['describe', 'svc', 'db-headless', '-n', 'shop'],
  ['describe', 'svc', 'kube-dns', '-n', 'kube-system'],
  ['describe', 'node', 'cp-1'],
  ['describe', 'node', 'node-1'],
  ['describe', 'node', 'node-2'],
  ['describe', 'nodes'],
  ['describe', 'ns', 'shop'],
  ['describe', 'namespace', 'kube-system'],
  ['describe', 'cm', 'kube-root-ca.crt', '-n', 'shop'],
  ['describe', 'secret', 'regcred', '-n', 'shop'],
  ['describe', 'job', 'migrate-db', '-n', 'shop'],
  ['describe', 'cj', 'report', '-n', 'shop'],
  ['describe', 'pvc', 'api-data', '-n', 'shop'],
  ['describe', 'pvc', 'cache', '-n', 'shop'],
  // get tables (kubectl renders the server's Tables)
  ...['pods', 'deploy', 'rs', 'svc', 'ep', 'endpointslices', 'cm', 'secrets', 'ing', 'netpol', 'hpa', 'pvc', 'jobs', 'cj', 'sts', 'events', 'leases'].flatMap((t) => [
    ['get', t, '-n', 'shop'],
    ['get', t, '-n', 'shop', '-o', 'wide'],
  ]),
  ...['nodes', 'ns', 'pv', 'sc'].flatMap((t) => [['get', t], ['get', t, '-o', 'wide'], ['get', t, '--show-labels']]),
  ['get', 'pods', '-A'],
  ['get', 'pods', '-A', '-o', 'wide', '--show-labels'],
  ['get', 'pods', '-n', 'shop', '--no-headers'],
  ['get', 'pods', '-n', 'shop', '--show-labels'],
  ['get', 'pods', '-n', 'shop', '-L', 'app,pod-template-hash'],
  ['get', 'pods', '-n', 'shop', '-l', 'app=web'],
  ['get', 'pods', '-n', 'shop', '-l', 'app!=web,app'],
  ['get', 'pods', '-n', 'shop', '-l', 'app in (api,cart)'],
  ['get', 'pods', '-A', '--field-selector', 'status.phase=Running'],
  ['get', 'pods', '-A', '--field-selector', 'spec.nodeName=node-2'],
  ['get', 'pods', '-n', 'shop', '--field-selector', 'metadata.name=web-7d4b9c8f6d-2xkqp'],
  ['get', 'pods', '-n', 'shop', '--sort-by', '.metadata.creationTimestamp'],
  ['get', 'pods,svc', '-n', 'shop'],
  ['get', 'all', '-n', 'shop'],
  ['get', 'all', '-A'],
  ['get', 'deploy,rs', '-n', 'shop', '-o', 'wide'],
  ['get', 'po', 'web-7d4b9c8f6d-2xkqp', 'api-5f9c7b6d4-x2k9p', '-n', 'shop'],
  ['get', 'po/web-7d4b9c8f6d-2xkqp', 'svc/web', '-n', 'shop'],
  ['get', 'nodes', 'node-1'],
  ['get', 'ns', 'shop', '--show-labels'],
  ['get', 'events', '-A'],
  // generic output formats
  ['get', 'pod', 'api-5f9c7b6d4-x2k9p', '-n', 'shop', '-o', 'yaml'],
  ['get', 'pod', 'orders-7f7d9b5c6-p8sxw', '-n', 'shop', '-o', 'json'],
  ['get', 'pods', '-n', 'shop', '-o', 'yaml'],
  ['get', 'deploy', 'web', '-n', 'shop', '-o', 'yaml'],
  ['get', 'svc', '-n', 'shop', '-o', 'json'],
  ['get', 'cm', 'api-config', '-n', 'shop', '-o', 'yaml'],
  ['get', 'nodes', '-o', 'yaml'],
  ['get', 'hpa,ing,netpol', '-n', 'shop', '-o', 'yaml'],
  ['get', 'events', '-n', 'shop', '-o', 'json'],
  ['get', 'pods', '-n', 'empty', '-o', 'json'],
  ['get', 'pods', '-n', 'shop', '-o', 'name'],
  ['get', 'all', '-n', 'shop', '-o', 'name'],
  ['get', 'deploy', 'web', '-n', 'shop', '-o', 'name'],
  ['get', 'pods', '-n', 'shop', '-o', 'jsonpath={.items[*].metadata.name}'],
  ['get', 'pods', '-n', 'shop', '-o', 'jsonpath={range .items[*]}{.metadata.name}{"\\t"}{.status.phase}{"\\n"}{end}'],
  ['get', 'pod', 'web-7d4b9c8f6d-2xkqp', '-n', 'shop', '-o', 'jsonpath={.status.conditions[?(@.type=="Ready")].status}'],
  ['get', 'pod', 'web-7d4b9c8f6d-2xkqp', '-n', 'shop', '-o', 'jsonpath={.metadata.labels}'],
  ['get', 'pod', 'web-7d4b9c8f6d-2xkqp', '-n', 'shop', '-o', 'jsonpath={.spec.containers[0].resources}{"\\n"}{.spec.containers[*].name}'],
  ['get', 'nodes', '-o', "jsonpath={.items[*].status.addresses[?(@.type=='InternalIP')].address}"],
  ['get', 'pods', '-n', 'shop', '-o', 'jsonpath={.items[-1:].metadata.name} {.items[0:2].metadata.name}'],
  ['get', 'svc', '-n', 'shop', '-o', 'custom-columns=NAME:.metadata.name,TYPE:.spec.type,PORTS:.spec.ports[*].port,SEL:.spec.selector'],
  ['get', 'pods', '-A', '-o', 'custom-columns=NS:metadata.namespace,NAME:{.metadata.name},RESTARTS:.status.containerStatuses[*].restartCount'],
  ['get', 'pods', '-n', 'shop', '--no-headers', '-o', 'custom-columns=NAME:.metadata.name'],
  ['api-resources'],
  ['api-resources', '-o', 'wide'],
  ['api-resources', '--namespaced=false'],
  ['api-resources', '-o', 'name', '--api-group', 'apps'],
  // errors
  ['get', 'pod', 'web-x', '-n', 'shop'],
  ['get', 'deploy', 'webb', '-n', 'shop'],
  ['get', 'pods', '-n', 'nosuchns'],
  ['get', 'pod', 'web-x', '-n', 'nosuchns'],
  ['get', 'pod', 'web-x', '-n', 'default'],
  ['get', 'ns', 'nosuchns'],
  ['get', 'podz'],
  ['get', 'pods,podz', '-n', 'shop'],
  ['get', 'pods', '--foo'],
  ['get', 'pods', '-z'],
  ['get', 'pods', '-n'],
  ['get', 'pods', '--namespace'],
  ['get', 'pods', '--show-labels=maybe'],
  ['get', 'pods', '-o', 'foo'],
  ['get', 'pods', '-o', 'custom-columns=bad'],
  ['get', 'pods', '-n', 'shop', '-o', 'jsonpath={.items[5]}'],
  ['get', 'pods', '-o', 'jsonpath={.items['],
  ['get'],
  ['get', 'pod', 'x', '-A'],
  ['get', 'pods', 'po/x'],
  ['get', 'po', 'web-7d4b9c8f6d-2xkqp', 'x', 'y', '-n', 'shop'],
  ['get', 'po', 'x', '-n', 'shop', '-o', 'yaml'],
  ['get', 'po', 'x', 'web-7d4b9c8f6d-2xkqp', '-n', 'shop', '-o', 'name'],
  ['get', 'po', 'x', '-n', 'shop', '--ignore-not-found'],
  ['get', 'pods', '-n', 'shop', '--field-selector', 'spec.foo=bar'],
  ['get', 'pods', '-n', 'shop', '-l', 'app=nope'],
  ['get', 'nodes', '-l', 'x=y'],
  ['describe', 'pod', 'zz', '-n', 'shop'],
  ['describe', 'pod', 'zz', 'yy', '-n', 'shop'],
  ['describe', 'pods', '-n', 'nosuch'],
  ['describe'],
  ['describe', 'pods', '--foo'],
  ['describe', 'podz', 'x'],
  ['version', '--foo'],
  ['get', '--foo', '--help'],
  // help
  ['get', 'pods', '--help'],
  ['describe', '-h'],
  ['version', '--help'],
  ['cluster-info', '-h'],
  ['api-resources', '--help'],
  ['config', 'get-contexts', '--help'],
  ['config', 'set-context', '-h'],
];

describe.skipIf(!hasKubectl)('simulated kubectl agrees with the real kubectl v1.32', () => {
  const { world, run } = kubeWorld(FIXTURE, { created: '-41d' });
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
});
