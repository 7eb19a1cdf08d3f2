// The HPA under simulated load: shop/api's image carries 2400m of CPU demand, shared by its
// ready pods. Each pod is capped at its 500m limit (throttled), and an app whose demand is
// over its limit answers late with 503s. With maxReplicas too low the HPA stops at the max
// and the objective stays red; raising the max lets it scale out and the objective heals.
import { describe, expect, it } from 'vitest';
import { evaluate, parseCheck } from '../../../../server/game/objectives.js';
import { cluster } from './cluster.js';

const HPA = `kubectl apply -f - <<'EOF'
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
EOF`;

const check = parseCheck({ http: { from: 'cp1', url: 'http://shop.corp.internal/api/items', status: 200 } });

describe('HPA driven by load', () => {
  it('scales to its max, stays red while the max is too low, and heals when the max is raised', () => {
    const { world, run, wait } = cluster((y) => y.replace('load: 240m', 'load: 2400m'));
    if (!check.ok) throw new Error('bad check');
    wait(60);
    const top = run('kubectl -n shop top pods').out.split('\n').filter((l) => l.startsWith('api-'));
    expect(top.map((l) => l.trim().split(/\s+/).slice(1).join(' '))).toEqual(['500m 96Mi', '500m 96Mi']);
    expect(evaluate(world, check.check)).toMatchObject({ ok: false, observed: 'HTTP 503' });
    const slow = run(`curl -s -o /dev/null -w '%{http_code} %{time_total}' http://shop.corp.internal/api/items`).out.split(' ');
    expect(slow[0]).toBe('503');
    expect(Number(slow[1])).toBeGreaterThan(1);

    expect(run(HPA).out).toBe('horizontalpodautoscaler.autoscaling/api created\n');
    wait(90);
    expect(run('kubectl -n shop get hpa').out).toMatch(/^NAME {3}REFERENCE {8}TARGETS {9}MINPODS {3}MAXPODS {3}REPLICAS {3}AGE\napi {4}Deployment\/api {3}cpu: 250%\/50% {3}2 {9}3 {9}3 {10}\d+s\n$/);
    expect(run('kubectl -n shop get events --field-selector involvedObject.kind=HorizontalPodAutoscaler').out).toContain('New size: 3; reason: cpu resource utilization (percentage of request) above target\n');
    expect(run('kubectl -n shop get deploy api').out).toMatch(/\napi {4}3\/3 {5}3 {12}3 {11}41d\n$/);
    expect(evaluate(world, check.check).ok).toBe(false);

    run(`kubectl -n shop patch hpa api --type=merge -p '{"spec":{"maxReplicas":10}}'`);
    wait(90);
    expect(run('kubectl -n shop get hpa').out).toMatch(/\napi {4}Deployment\/api {3}cpu: 12\d%\/50% {3}2 {9}10 {8}10 {9}\d+m(\d+s)?\n$/);
    expect(evaluate(world, check.check)).toMatchObject({ ok: true, observed: 'HTTP 200' });
    expect(run('curl -s http://shop.corp.internal/api/items').out).toBe('{"items":[]}\n');
  });

  it('shows <unknown> targets while metrics-server is away', () => {
    const { run, wait } = cluster();
    run('kubectl -n kube-system scale deploy metrics-server --replicas=0');
    wait(40);
    run(HPA);
    wait(30);
    expect(run('kubectl -n shop get hpa').out).toMatch(/\napi {4}Deployment\/api {3}cpu: <unknown>\/50% {3}2 {9}3 {9}2 {10}\d+s\n$/);
  });
});
