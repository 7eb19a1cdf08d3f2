// Kubernetes scenarios: other fixes that work in real life turn the objectives green; a
// plausible fix that would not work leaves them red. These fixes are not in the scenario files.
import { describe, expect, it } from 'vitest';
import { buildScenarioWorld } from '../../server/game/setup.js';
import { play } from '../../server/game/solve.js';
import { scenario, seedFor } from './catalogue.js';

/** The first seed whose draw has a fault of `type` with these parameters. */
function seedWith(id: string, type: string, params: Record<string, unknown> = {}): number {
  const s = scenario(id);
  if (!Object.keys(params).length) return seedFor(s, type);
  for (let seed = 1; seed <= 200; seed++) {
    const { faults } = buildScenarioWorld(s, seed);
    if (faults.some((f) => f.type === type && Object.entries(params).every(([k, v]) => f.params[k] === v))) return seed;
  }
  throw new Error(`${id}: no seed draws ${type}`);
}

function outcome(id: string, type: string, steps: string[], params: Record<string, unknown> = {}) {
  const { game, failures } = play(scenario(id), seedWith(id, type, params), steps);
  const objectives = game.objectives();
  return {
    failures,
    green: objectives.filter((o) => o.kind === 'objective').every((o) => o.ok),
    guards: objectives.filter((o) => o.kind === 'guard').every((o) => o.ok),
    collateral: game.finish().collateral.map((c) => `${c.kind}: ${c.what}`),
  };
}

const ok = { failures: [], green: true, guards: true, collateral: [] };

describe('alternative real-world fixes turn the Kubernetes objectives green', () => {
  it('k8s-api-rollout-stuck, mistyped tag: roll back to revision 1 by number', () => {
    expect(outcome('k8s-api-rollout-stuck', 'image-tag-typo', ['kubectl rollout history deployment/api -n shop', 'kubectl rollout undo deployment/api -n shop --to-revision=1', 'sleep 60'])).toEqual(ok);
  });

  it('k8s-api-rollout-stuck, mistyped tag: a JSON patch of the image', () => {
    const patch = `kubectl patch deployment api -n shop --type=json -p '[{"op":"replace","path":"/spec/template/spec/containers/0/image","value":"registry.corp.internal/shop/api:2.4.1"}]'`;
    expect(outcome('k8s-api-rollout-stuck', 'image-tag-typo', [patch, 'sleep 60'])).toEqual(ok);
  });

  it('k8s-pods-pending, drained nodes: uncordon one node, the shop fits on it', () => {
    expect(outcome('k8s-pods-pending', 'node-cordoned', ['kubectl uncordon node1', 'sleep 60'])).toEqual(ok);
  });

  it('k8s-storefront-down, deny-all policy: allow traffic to the web pods only', () => {
    const policy = '{"apiVersion":"networking.k8s.io/v1","kind":"NetworkPolicy","metadata":{"name":"web-public","namespace":"shop"},"spec":{"podSelector":{"matchLabels":{"app":"web"}},"ingress":[{"ports":[{"port":8080}]}]}}';
    expect(outcome('k8s-storefront-down', 'networkpolicy-default-deny', [`echo '${policy}' | kubectl apply -f -`, 'sleep 5'])).toEqual(ok);
  });

  it('k8s-node-notready, kubelet stopped: enable and start it from a shell on the node', () => {
    expect(outcome('k8s-node-notready', 'kubelet-stopped', ['ssh node2', 'systemctl enable --now kubelet', 'exit', 'sleep 30'], { node: 'node2' })).toEqual(ok);
  });

  it('k8s-cluster-dns, CoreDNS at zero: one replica is enough to answer', () => {
    expect(outcome('k8s-cluster-dns', 'coredns-scaled-to-zero', ['kubectl scale deployment/coredns -n kube-system --replicas=1', 'sleep 30'])).toEqual(ok);
  });

  it('k8s-api-peak-load, autoscaler capped: bigger pods instead of more pods', () => {
    expect(outcome('k8s-api-peak-load', 'hpa-max-too-low', ['kubectl set resources deployment/api -n shop --limits=cpu=1500m', 'sleep 120'])).toEqual(ok);
  });
});

describe('plausible wrong fixes leave the Kubernetes objectives red', () => {
  it('k8s-api-peak-load, autoscaler capped: deleting the autoscaler leaves the deployment at its 2 replicas', () => {
    expect(outcome('k8s-api-peak-load', 'hpa-max-too-low', ['kubectl delete hpa api -n shop', 'sleep 120']).green).toBe(false);
  });

  it('k8s-api-rollout-stuck, mistyped tag: restarting the rollout', () => {
    expect(outcome('k8s-api-rollout-stuck', 'image-tag-typo', ['kubectl rollout restart deployment/api -n shop', 'sleep 60']).green).toBe(false);
  });

  it('k8s-pods-pending, drained nodes: deleting the pending pods', () => {
    expect(outcome('k8s-pods-pending', 'node-cordoned', ['kubectl delete pods --all -n shop', 'sleep 60']).green).toBe(false);
  });

  it('k8s-storefront-down, deny-all policy: allowing traffic from the namespace itself', () => {
    const policy = '{"apiVersion":"networking.k8s.io/v1","kind":"NetworkPolicy","metadata":{"name":"same-ns","namespace":"shop"},"spec":{"podSelector":{},"ingress":[{"from":[{"podSelector":{}}]}]}}';
    expect(outcome('k8s-storefront-down', 'networkpolicy-default-deny', [`echo '${policy}' | kubectl apply -f -`, 'sleep 5']).green).toBe(false);
  });

  it('k8s-node-notready, kubelet stopped: deleting the Node object', () => {
    expect(outcome('k8s-node-notready', 'kubelet-stopped', ['kubectl delete node node2', 'sleep 30'], { node: 'node2' }).green).toBe(false);
  });

  it('k8s-cluster-dns, CoreDNS at zero: restarting the pods that cannot resolve', () => {
    expect(outcome('k8s-cluster-dns', 'coredns-scaled-to-zero', ['kubectl rollout restart deployment/web -n shop', 'sleep 60']).green).toBe(false);
  });
});
