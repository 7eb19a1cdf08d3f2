// The Kubernetes predicates read what the API server says: a deployment's rollout, a
// Service's endpoints, the pods of a namespace, a node's Ready condition, and a name
// resolved inside a pod.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeCheck, evaluate, parseCheck, type Check } from '../../server/game/objectives.js';
import { commands } from '../../server/shell/commands/index.js';
import { execLine, newSession } from '../../server/shell/shell.js';
import { tickWorld } from '../../server/sim/tick.js';
import { loadWorldYaml } from '../../server/sim/world/yaml.js';
import type { World } from '../../server/sim/world/types.js';

const cluster = (): World => loadWorldYaml(readFileSync('scenarios/bases/k8s.yaml', 'utf8'), 5);
const check = (raw: unknown): Check => {
  const r = parseCheck(raw);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.check;
};
const observe = (world: World, raw: unknown) => evaluate(world, check(raw));

function kubectl(world: World, ...lines: string[]): void {
  const session = newSession(world, 'cp1');
  for (const line of lines) {
    const r = execLine(world, session, line, commands);
    expect(r.exit, line).toBe(0);
    tickWorld(world, r.elapsedMs);
  }
}

describe('Kubernetes objective predicates', () => {
  it('deployment: rolled out with at least N ready; scaling down or a stuck rollout is red', () => {
    const w = cluster();
    expect(observe(w, { deployment: { namespace: 'shop', name: 'api', ready: 2 } })).toEqual({ ok: true, observed: '2/2 replicas ready' });
    expect(observe(w, { deployment: { namespace: 'shop', name: 'cart' } })).toEqual({ ok: false, observed: 'deployment cart not found' });
    kubectl(w, 'kubectl set image deployment/api api=registry.corp.internal/shop/api:9.9.9 -n shop', 'sleep 30');
    expect(observe(w, { deployment: { namespace: 'shop', name: 'api', ready: 2 } })).toEqual({ ok: false, observed: '2/2 replicas ready, 1 of 2 updated' });
    kubectl(w, 'kubectl rollout undo deployment/api -n shop', 'kubectl scale deployment/api -n shop --replicas=1', 'sleep 30');
    expect(observe(w, { deployment: { namespace: 'shop', name: 'api', ready: 2 } })).toEqual({ ok: false, observed: '1/1 replicas ready' });
    expect(observe(w, { deployment: { namespace: 'shop', name: 'api' } }).ok).toBe(true);
  });

  it('endpoints: a Service with ready addresses behind it', () => {
    const w = cluster();
    expect(observe(w, { endpoints: { namespace: 'shop', service: 'web', min: 2 } })).toEqual({ ok: true, observed: '2 endpoints' });
    expect(observe(w, { endpoints: { namespace: 'shop', service: 'nope' } })).toEqual({ ok: false, observed: 'service nope not found' });
    kubectl(w, `kubectl patch service web -n shop -p '{"spec":{"selector":{"app":"webshop"}}}'`, 'sleep 5');
    expect(observe(w, { endpoints: { namespace: 'shop', service: 'web' } })).toEqual({ ok: false, observed: 'no endpoints for service web' });
  });

  it('pods: every pod runs and is ready, and there are enough of them', () => {
    const w = cluster();
    expect(observe(w, { pods: { namespace: 'shop', min: 4 } })).toEqual({ ok: true, observed: '4 pods running' });
    expect(observe(w, { pods: { namespace: 'shop', labels: { app: 'web' }, min: 3 } })).toEqual({ ok: false, observed: '2 pods in shop' });
    kubectl(w, 'kubectl set image deployment/web web=registry.corp.internal/shop/web:0.0.1 -n shop', 'sleep 60');
    expect(observe(w, { pods: { namespace: 'shop' } })).toMatchObject({ ok: false, observed: expect.stringMatching(/^pod web-\w+-\w+ is (ErrImagePull|ImagePullBackOff)$/) });
    expect(observe(w, { pods: { namespace: 'shop', labels: { app: 'api' } } }).ok).toBe(true);
    expect(describeCheck(check({ pods: { namespace: 'shop', labels: { app: 'api' } } }))).toBe('every pod in namespace shop with app=api runs and is ready (at least 1)');
  });

  it('node-ready: the Ready condition the kubelet posts', () => {
    const w = cluster();
    expect(observe(w, { 'node-ready': { node: 'node1' } })).toEqual({ ok: true, observed: 'node node1 Ready' });
    kubectl(w, 'kubectl cordon node1');
    expect(observe(w, { 'node-ready': { node: 'node1' } })).toEqual({ ok: true, observed: 'node node1 Ready,SchedulingDisabled' });
    kubectl(w, 'ssh node1 systemctl stop kubelet', 'sleep 60');
    expect(observe(w, { 'node-ready': { node: 'node1' } })).toEqual({ ok: false, observed: 'node node1 NotReady' });
    expect(observe(w, { 'node-ready': { node: 'node9' } })).toEqual({ ok: false, observed: 'node node9 not found' });
  });

  it('pod-dns: a name resolved inside a running pod, through the cluster DNS', () => {
    const w = cluster();
    const api = { 'pod-dns': { namespace: 'shop', labels: { app: 'web' }, name: 'api.shop.svc.cluster.local' } };
    expect(observe(w, api)).toMatchObject({ ok: true, observed: expect.stringMatching(/^resolves to 10\./) });
    expect(observe(w, { 'pod-dns': { namespace: 'shop', labels: { app: 'cart' }, name: 'api' } })).toEqual({ ok: false, observed: 'no running pod to resolve from' });
    kubectl(w, 'kubectl scale deployment coredns -n kube-system --replicas=0', 'sleep 30');
    expect(observe(w, api).ok).toBe(false);
  });

  it('lint errors name the bad parameter', () => {
    const r = parseCheck({ deployment: { namespace: 'shop' } });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues[0].path).toEqual(['deployment', 'name']);
  });
});
