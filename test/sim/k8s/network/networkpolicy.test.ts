// NetworkPolicy enforced in the pod network: a pod selected for a direction takes only what a
// rule allows; everything else is dropped, so clients time out instead of being refused.
import { describe, expect, it } from 'vitest';
import { cluster } from './cluster.js';

const policy = (name: string, spec: string) => `kubectl apply -f - <<'EOF'
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: ${name}, namespace: shop}
spec:
${spec}
EOF`;

const DENY_INGRESS = policy('default-deny-ingress', '  podSelector: {}\n  policyTypes: [Ingress]');
const TIMEOUT = 'curl: (28) Connection timed out after 5000 milliseconds\n';

describe('a default-deny ingress policy in shop', () => {
  it('makes connections between pods time out, the NodePort too; kubelet probes still pass', () => {
    const { run, wait } = cluster();
    expect(run(DENY_INGRESS).out).toBe('networkpolicy.networking.k8s.io/default-deny-ingress created\n');
    expect(run('kubectl -n shop get networkpolicy').out).toMatch(/^NAME {19}POD-SELECTOR {3}AGE\ndefault-deny-ingress {3}<none> {9}\d+s\n$/);
    const r = run('kubectl -n shop exec deploy/web -- curl -sS -m 5 http://api/api/items');
    expect(r.err).toBe(`${TIMEOUT}command terminated with exit code 28\n`);
    // The NodePort of cp1 (no web pod there): kube-proxy masquerades to cp1's address, which the policy does not allow.
    expect(run('curl -sS -m 5 http://10.0.10.10:30080/').err).toBe(TIMEOUT);
    // A pod of another namespace is not selected: it still answers.
    expect(run('kubectl -n shop exec deploy/web -- curl -s -o /dev/null -w %{http_code} http://metrics-server.kube-system:443/readyz').out).toBe('200');
    wait(60);
    expect(run('kubectl -n shop get pods').out).not.toMatch(/0\/1/);
  });

  it('is opened by a policy that allows web to api on its named port', () => {
    const { run } = cluster();
    run(DENY_INGRESS);
    run(policy('allow-web-to-api', '  podSelector: {matchLabels: {app: api}}\n  ingress:\n  - from: [{podSelector: {matchLabels: {app: web}}}]\n    ports: [{port: http}]'));
    expect(run('kubectl -n shop exec deploy/web -- curl -sS http://api/api/items').out).toBe('{"items":[]}\n');
    // Only from web: the ingress controller (another namespace) still times out on api.
    expect(run('curl -s -o /dev/null -w %{http_code} -m 20 http://shop.corp.internal/api/items').out).toBe('504');
  });

  it('lets the ingress controller in by a namespaceSelector, and the outside in by an ipBlock', () => {
    const { run } = cluster();
    run(DENY_INGRESS);
    run(policy('allow-ingress-nginx', '  podSelector: {}\n  ingress:\n  - from:\n    - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ingress-nginx}}'));
    expect(run('curl -s http://shop.corp.internal/api/items').out).toBe('{"items":[]}\n');
    expect(run('curl -sS -m 5 http://10.0.10.10:30080/').err).toBe(TIMEOUT);
    run(policy('allow-cluster-subnet', '  podSelector: {matchLabels: {app: web}}\n  ingress:\n  - from: [{ipBlock: {cidr: 10.0.10.0/24}}]\n    ports: [{protocol: TCP, port: 8080}]'));
    expect(run('curl -sS -m 5 http://10.0.10.10:30080/').out).toBe('<!doctype html><title>shop</title>\n');
  });

  it('heals when the policy is deleted', () => {
    const { run } = cluster();
    run(DENY_INGRESS);
    run('kubectl -n shop delete networkpolicy default-deny-ingress');
    expect(run('kubectl -n shop exec deploy/web -- curl -sS http://api/api/items').out).toBe('{"items":[]}\n');
  });
});

describe('an egress policy', () => {
  it('that allows nothing makes even name lookups time out', () => {
    const { run } = cluster();
    run(policy('deny-egress', '  podSelector: {matchLabels: {app: web}}\n  policyTypes: [Egress]'));
    const ns = run('kubectl -n shop exec deploy/web -- nslookup api');
    expect(ns.out).toContain(';; communications error to 10.96.0.10#53: timed out\n');
    expect(ns.out).toContain(';; no servers could be reached\n');
    expect(run('kubectl -n shop exec deploy/web -- curl -sS http://api/api/items').err).toBe('curl: (6) Could not resolve host: api\ncommand terminated with exit code 6\n');
    // The api pods are not selected: their egress is open.
    expect(run('kubectl -n shop exec deploy/api -- nslookup web').out).toContain('Name:\tweb.shop.svc.cluster.local\n');
  });

  it('judges the Service backend (after DNAT), and DNS needs its own rule', () => {
    const { run } = cluster();
    run(policy('web-egress', '  podSelector: {matchLabels: {app: web}}\n  policyTypes: [Egress]\n  egress:\n  - to: [{podSelector: {matchLabels: {app: api}}}]\n    ports: [{port: 8080}]'));
    const api = run('kubectl -n shop get svc api -o jsonpath={.spec.clusterIP}').out;
    expect(run(`kubectl -n shop exec deploy/web -- curl -sS http://${api}/api/items`).out).toBe('{"items":[]}\n');
    expect(run('kubectl -n shop exec deploy/web -- curl -sS http://api/api/items').exit).toBe(6);
    run(policy('web-dns', '  podSelector: {matchLabels: {app: web}}\n  policyTypes: [Egress]\n  egress:\n  - to: [{namespaceSelector: {}, podSelector: {matchLabels: {k8s-app: kube-dns}}}]\n    ports: [{protocol: UDP, port: 53}, {protocol: TCP, port: 53}]'));
    expect(run('kubectl -n shop exec deploy/web -- curl -sS http://api/api/items').out).toBe('{"items":[]}\n');
  });
});
