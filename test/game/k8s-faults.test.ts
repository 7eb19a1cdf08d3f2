// Every Kubernetes fault breaks the cluster through its API objects the way the real
// mistake would — the symptom shows at the start of the game — and the real fix, typed in
// a shell on the control-plane node, repairs it.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { commands } from '../../server/shell/commands/index.js';
import { execLine, newSession } from '../../server/shell/shell.js';
import { FAULTS, FaultError, injectFault } from '../../server/game/faults/index.js';
import { createGame } from '../../server/game/game.js';
import { K8S_FAULTS } from '../../server/game/faults/k8s.js';
import { evaluate, parseCheck, type Check } from '../../server/game/objectives.js';
import { Rng } from '../../server/sim/rng.js';
import { tickWorld } from '../../server/sim/tick.js';
import { buildWorld } from '../../server/sim/world/build.js';
import type { WorldSpec } from '../../server/sim/world/spec.js';
import type { World } from '../../server/sim/world/types.js';
import { scenario } from './catalogue.js';

const check = (raw: unknown): Check => {
  const r = parseCheck(raw);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.check;
};

const base = (): WorldSpec => parse(readFileSync('scenarios/bases/k8s.yaml', 'utf8')) as WorldSpec;
const slowStart = (): WorldSpec => structuredClone(scenario('k8s-api-slow-start').world);
const privateRepo = (): WorldSpec => structuredClone(scenario('k8s-private-registry').world);
const peakLoad = (): WorldSpec => structuredClone(scenario('k8s-api-peak-load').world);
const withVpa = (): WorldSpec => {
  const w = base();
  w.cluster!.addons = ['vpa'];
  return w;
};

interface Case {
  type: string;
  world?: () => WorldSpec;
  params: Record<string, unknown>;
  symptom: unknown;
  fix: string[];
  /** The world is already in trouble without the fault (load the fault keeps it from absorbing). */
  troubledBefore?: boolean;
}

const API_ROLLED_OUT = { deployment: { namespace: 'shop', name: 'api', ready: 2 } };
const SHOP_PODS = { pods: { namespace: 'shop', min: 4 } };
const API_HTTP = { http: { from: 'cp1', url: 'http://shop.corp.internal/api/items', status: 200 } };
const SHOP_HTTP = { http: { from: 'cp1', url: 'http://shop.corp.internal/', status: 200 } };
const undo = ['kubectl rollout undo deployment/api -n shop', 'sleep 90'];

const CASES: Case[] = [
  { type: 'image-tag-typo', params: { deployment: 'api' }, symptom: { all: [API_ROLLED_OUT, SHOP_PODS] }, fix: ['kubectl set image deployment/api api=registry.corp.internal/shop/api:2.4.1 -n shop', 'sleep 90'] },
  {
    type: 'missing-pull-secret', world: privateRepo, params: { deployment: 'api', image: 'registry.corp.internal/platform/api:2.4.1' }, symptom: { all: [API_ROLLED_OUT, SHOP_PODS] },
    fix: [
      'kubectl create secret generic pull -n shop --type=kubernetes.io/dockerconfigjson --from-file=.dockerconfigjson=/root/.docker/config.json',
      `kubectl patch deployment api -n shop -p '{"spec":{"template":{"spec":{"imagePullSecrets":[{"name":"pull"}]}}}}'`, 'sleep 90',
    ],
  },
  { type: 'crashloop-missing-env', params: { deployment: 'api', env: 'DATABASE_URL' }, symptom: { all: [API_ROLLED_OUT, SHOP_PODS] }, fix: undo },
  { type: 'oom-limit-too-low', params: { deployment: 'api', limit: '64Mi' }, symptom: { all: [API_ROLLED_OUT, SHOP_PODS] }, fix: ['kubectl set resources deployment/api -n shop --limits=memory=256Mi --requests=memory=128Mi', 'sleep 90'] },
  {
    type: 'memory-cut-below-vpa', world: withVpa, params: { deployment: 'api', limit: '64Mi' }, symptom: { all: [API_ROLLED_OUT, SHOP_PODS] },
    fix: [`kubectl -n shop patch vpa api --type=merge -p '{"spec":{"updatePolicy":{"updateMode":"Auto"}}}'`, 'sleep 240'],
  },
  {
    type: 'liveness-kills-slow-start', world: slowStart, params: { deployment: 'api', tag: '2.6.0' }, symptom: { all: [API_ROLLED_OUT, SHOP_PODS] },
    fix: [`kubectl patch deployment api -n shop -p '{"spec":{"template":{"spec":{"containers":[{"name":"api","livenessProbe":{"initialDelaySeconds":90}}]}}}}'`, 'sleep 240'],
  },
  { type: 'readiness-wrong-port', params: { deployment: 'api', port: 8081 }, symptom: { all: [API_ROLLED_OUT, SHOP_PODS] }, fix: undo },
  { type: 'requests-too-large', params: { deployment: 'api', memory: '16Gi' }, symptom: { all: [API_ROLLED_OUT, SHOP_PODS] }, fix: ['kubectl set resources deployment/api -n shop --requests=memory=128Mi --limits=memory=256Mi', 'sleep 90'] },
  {
    type: 'configmap-key-missing', params: { configmap: 'api-config', key: 'LOG_LEVEL', deployment: 'api' }, symptom: { all: [API_ROLLED_OUT, SHOP_PODS] },
    fix: [`kubectl patch configmap api-config -n shop --type=merge -p '{"data":{"LOG_LEVEL":"info"}}'`, 'sleep 60'],
  },
  {
    type: 'pvc-missing-storageclass', params: { deployment: 'api', claim: 'cache', storageClass: 'fast' }, symptom: { all: [API_ROLLED_OUT, SHOP_PODS] },
    fix: ['kubectl delete pvc cache -n shop', `echo '{"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":"cache","namespace":"shop"},"spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"5Gi"}}}}' | kubectl apply -f -`, 'sleep 90'],
  },
  { type: 'service-selector-mismatch', params: { service: 'api', selector: { app: 'backend' } }, symptom: API_HTTP, fix: [`kubectl patch service api -n shop -p '{"spec":{"selector":{"app":"api"}}}'`, 'sleep 5'] },
  { type: 'service-wrong-target-port', params: { service: 'web', targetPort: 8000 }, symptom: SHOP_HTTP, fix: [`kubectl patch service web -n shop --type=json -p '[{"op":"replace","path":"/spec/ports/0/targetPort","value":8080}]'`, 'sleep 5'] },
  { type: 'ingress-wrong-host', params: { ingress: 'shop', host: 'shop.corp.intern' }, symptom: SHOP_HTTP, fix: [`kubectl patch ingress shop -n shop --type=json -p '[{"op":"replace","path":"/spec/rules/0/host","value":"shop.corp.internal"}]'`, 'sleep 5'] },
  { type: 'ingress-wrong-path', params: { ingress: 'shop', from: '/api', to: '/v1/api' }, symptom: API_HTTP, fix: [`kubectl patch ingress shop -n shop --type=json -p '[{"op":"replace","path":"/spec/rules/0/http/paths/1/path","value":"/api"}]'`, 'sleep 5'] },
  { type: 'networkpolicy-default-deny', params: {}, symptom: SHOP_HTTP, fix: ['kubectl delete networkpolicy baseline -n shop', 'sleep 5'] },
  {
    type: 'hpa-max-too-low', world: peakLoad, params: { deployment: 'api', max: 2 }, symptom: API_HTTP, troubledBefore: true,
    fix: [`kubectl patch hpa api -n shop --type=merge -p '{"spec":{"maxReplicas":12}}'`, 'sleep 120'],
  },
  { type: 'node-cordoned', params: { nodes: ['node1', 'node2'] }, symptom: SHOP_HTTP, fix: ['kubectl uncordon node1 node2', 'sleep 60'] },
  { type: 'node-tainted', params: { nodes: ['node1', 'node2'], effect: 'NoExecute' }, symptom: SHOP_HTTP, fix: ['kubectl taint nodes node1 node2 dedicated-', 'sleep 60'] },
  { type: 'kubelet-stopped', params: { node: 'node2' }, symptom: { 'node-ready': { node: 'node2' } }, fix: ['ssh node2 systemctl start kubelet', 'sleep 30'] },
  { type: 'container-runtime-stopped', params: { node: 'node1' }, symptom: { 'node-ready': { node: 'node1' } }, fix: ['ssh node1 systemctl start containerd', 'sleep 30'] },
  {
    type: 'coredns-scaled-to-zero', params: {}, symptom: { 'pod-dns': { namespace: 'shop', labels: { app: 'web' }, name: 'api.shop.svc.cluster.local' } },
    fix: ['kubectl scale deployment coredns -n kube-system --replicas=2', 'sleep 30'],
  },
];

function run(world: World, lines: string[]): string[] {
  const session = newSession(world, 'cp1');
  return lines.flatMap((l) => {
    const r = execLine(world, session, l, commands);
    tickWorld(world, r.elapsedMs);
    return r.exit === 0 ? [] : [`${l}: exit ${r.exit}: ${r.chunks.map((c) => c.text).join('').trim()}`];
  });
}

describe('the Kubernetes faults', () => {
  it('are all in this table, each with a one-line description', () => {
    const k8s = K8S_FAULTS.map((f) => f.id);
    for (const id of k8s) expect(FAULTS[id], id).toBeDefined();
    expect(CASES.map((c) => c.type).sort()).toEqual(k8s.sort());
    expect(k8s.length).toBeGreaterThanOrEqual(20);
    for (const c of CASES) expect(FAULTS[c.type].describe({ ...FAULTS[c.type].params.parse(c.params) as object, tag: 'x' })).not.toContain('\n');
  });

  it.each(CASES.map((c) => [c.type, c] as const))('%s: the world opens on the symptom, and the real fix repairs it', (_, c) => {
    const world = buildWorld((c.world ?? base)(), 3);
    const symptom = check(c.symptom);
    expect(evaluate(world, symptom).ok, 'healthy before').toBe(!c.troubledBefore);
    injectFault(world, c.type, c.params, new Rng(5), -300_000);
    expect(world.now, 'the clock is where it was').toBe(0);
    expect(evaluate(world, symptom).ok, 'broken by the fault at once').toBe(false);
    expect(run(world, c.fix)).toEqual([]);
    expect(evaluate(world, symptom), 'repaired').toMatchObject({ ok: true });
  });

  it('act through the API: a bad deploy is a new revision of the deployment', () => {
    const world = buildWorld(base(), 3);
    injectFault(world, 'readiness-wrong-port', { deployment: 'api', port: 8081 }, new Rng(5), -300_000);
    const session = newSession(world, 'cp1');
    const out = execLine(world, session, 'kubectl rollout history deployment/api -n shop', commands).chunks.map((c) => c.text).join('');
    expect(out).toBe('deployment.apps/api \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n\n');
  });

  it('injected live by the game master, take effect as the clock runs', () => {
    const game = createGame(scenario('k8s-node-notready'), 1);
    const storefront = () => game.objectives().find((o) => o.id === 'storefront')!;
    expect(storefront().ok).toBe(true);
    game.inject('service-selector-mismatch', { service: 'web', selector: { app: 'shop-web' } });
    game.tick(10_000);
    expect(storefront()).toMatchObject({ ok: false, observed: 'HTTP 503' });
  });

  it('refuse parameters that do not fit the world, naming what is wrong', () => {
    const world = buildWorld(base(), 1);
    const inject = (type: string, params: unknown) => () => injectFault(world, type, params, new Rng(1), 0);
    expect(inject('image-tag-typo', { deployment: 'cart' })).toThrow(new FaultError('no deployment "cart" in namespace "shop"'));
    expect(inject('image-tag-typo', { deployment: 'api', tag: '2.5.0' })).toThrow(new FaultError('the registry has a tag "2.5.0" of registry.corp.internal/shop/api'));
    expect(inject('crashloop-missing-env', { deployment: 'web', env: 'DATABASE_URL' })).toThrow(new FaultError('container "web" does not set DATABASE_URL'));
    expect(inject('configmap-key-missing', { configmap: 'api-config', key: 'NOPE', deployment: 'api' })).toThrow(new FaultError('configmap "api-config" has no key NOPE'));
    expect(inject('kubelet-stopped', { node: 'node7' })).toThrow(new FaultError('no node "node7"'));
    expect(inject('missing-pull-secret', { deployment: 'api', image: 'registry.corp.internal/shop/api:2.5.0' })).toThrow(new FaultError('registry.corp.internal/shop/api is not a private repository of the registry'));
    const bare = buildWorld({ hosts: { a: {} } } as WorldSpec, 1);
    expect(() => injectFault(bare, 'coredns-scaled-to-zero', {}, new Rng(1), 0)).toThrow(new FaultError('the world has no running Kubernetes cluster'));
  });

  it('draw a tag typo from the seeded rng, never a tag the registry has', () => {
    const pick = (seed: number) => injectFault(buildWorld(base(), 1), 'image-tag-typo', { deployment: 'api' }, new Rng(seed), 0).params.tag as string;
    expect(pick(1)).toBe(pick(1));
    const tags = new Set([1, 2, 3, 4, 5, 6].map(pick));
    expect(tags.size).toBeGreaterThan(1);
    for (const t of tags) expect(['2.4.1', '2.5.0']).not.toContain(t);
  });
});
