// `kubectl get` tables against ../shared/reference/kubectl/get-*.txt. Each command runs on
// a cluster holding exactly the objects its transcript lists (test/fixtures/k8s/reference-get.yaml).
// The transcripts' row order is invented; the API server lists objects by namespace and
// name, so rows are compared as a set after an exact header line (widths depend on every row).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { kubeWorld } from './kubectl-world.js';
import { headerThenSortedRows, selectManifests, transcripts } from './kubectl-reference.js';

const POOL = readFileSync(new URL('../../fixtures/k8s/reference-get.yaml', import.meta.url), 'utf8');

const SHOP_PODS = [
  'web-7d4b9c8f6d-2xkqp', 'web-7d4b9c8f6d-9vhtl', 'api-5f9c7b6d4-x2k9p', 'api-5f9c7b6d4-qq8rm', 'payments-6b8d9f7c5-mz4lw',
  'payments-6b8d9f7c5-tt2cx', 'cart-64d5b7c9f8-hh7zr', 'search-0', 'migrate-db-x7q2n', 'report-job-8k2fd', 'worker-7c6f5d8b9-4rjkp',
  'orders-7f7d9b5c6-lm3nb', 'orders-7f7d9b5c6-p8sxw', 'frontend-5c8b7d9f4-q2wvd', 'sidecar-demo-6d9f8c7b5-zz9kt',
].map((n) => `Pod/${n}`);
const SYSTEM_PODS = ['coredns-76f75df574-7bq2x', 'coredns-76f75df574-kx8l9', 'etcd-cp-1', 'kube-apiserver-cp-1', 'kube-proxy-5xw7m', 'ingress-nginx-controller-6b94c75599-wd2lh'].map((n) => `Pod/${n}`);
const NODES = ['cp-1', 'node-1', 'node-2', 'node-3'].map((n) => `Node/${n}`);
const SERVICES = ['kubernetes', 'web', 'api', 'shop-lb', 'frontend-lb', 'payments-ext', 'db-headless'].map((n) => `Service/${n}`);

/** For each transcript command: the objects on the cluster. */
const SCENES: Record<string, Record<string, string[]>> = {
  'get-pods.txt': {
    'kubectl get pods -n shop': SHOP_PODS,
    'kubectl get pods -n empty-ns': SHOP_PODS,
  },
  'get-pods-wide.txt': {
    'kubectl get pods -n shop -o wide': ['Pod/web-7d4b9c8f6d-2xkqp', 'Pod/api-5f9c7b6d4-x2k9p', 'Pod/cart-64d5b7c9f8-hh7zr', 'Pod/search-0'],
  },
  'get-pods-all-namespaces.txt': {
    'kubectl get pods -A': [...SYSTEM_PODS, 'Namespace/ingress-nginx', 'Pod/web-7d4b9c8f6d-2xkqp', 'Pod/api-5f9c7b6d4-x2k9p'],
  },
  'get-deploy-rs.txt': {
    'kubectl get deploy -n shop': ['Deployment/web', 'Deployment/api', 'Deployment/payments', 'Deployment/cart'],
    'kubectl get deploy -n shop -o wide': ['Deployment/web', 'Deployment/api'],
    'kubectl get rs -n shop': ['ReplicaSet/web-7d4b9c8f6d', 'ReplicaSet/web-59d9f7b5c8', 'ReplicaSet/api-5f9c7b6d4', 'ReplicaSet/payments-6b8d9f7c5', 'ReplicaSet/payments-7c9d8b6f4'],
    'kubectl get rs -n shop -o wide': ['ReplicaSet/web-7d4b9c8f6d'],
  },
  'get-endpoints.txt': {
    'kubectl get endpoints -n shop': ['Endpoints/kubernetes', 'Endpoints/web', 'Endpoints/api', 'Endpoints/frontend'],
  },
  'get-events.txt': { 'kubectl get events -n shop': ['Event/*'] },
  'get-hpa.txt': { 'kubectl get hpa -n shop': ['HorizontalPodAutoscaler/web', 'HorizontalPodAutoscaler/api'] },
  'get-ingress.txt': { 'kubectl get ingress -n shop': ['Ingress/shop', 'Ingress/api', 'Ingress/legacy'] },
  'get-networkpolicy.txt': { 'kubectl get networkpolicy -n shop': ['NetworkPolicy/default-deny-ingress', 'NetworkPolicy/allow-web-to-api', 'NetworkPolicy/db-from-api'] },
  'get-nodes.txt': { 'kubectl get nodes': NODES, 'kubectl get nodes -o wide': NODES },
  'get-ns-cm-secrets.txt': {
    'kubectl get ns': ['Namespace/ingress-nginx', 'Namespace/old-team'],
    'kubectl get cm -n shop': ['ConfigMap/api-config'],
    'kubectl get secrets -n shop': ['Secret/api-db-credentials', 'Secret/regcred', 'Secret/shop-tls'],
  },
  'get-svc.txt': { 'kubectl get svc -n shop': SERVICES, 'kubectl get svc -n shop -o wide': SERVICES },
};

/**
 * Transcript commands left out, and why. The real kubectl v1.32 (checked by
 * test/sim/k8s/kubectl-diff.test.ts) prints `--no-headers` columns sized by the rows only;
 * this reconstruction sized them by the omitted header too.
 */
const NOT_COMPARED = new Set(['kubectl get pods -n shop --no-headers']);

describe('kubectl get matches the reference tables', () => {
  for (const [file, scenes] of Object.entries(SCENES)) {
    for (const { command, output } of transcripts(file)) {
      if (NOT_COMPARED.has(command)) continue;
      it(`${file}: ${command}`, () => {
        const objects = scenes[command];
        expect(objects, `no scene for ${command}`).toBeDefined();
        const { run } = kubeWorld(selectManifests(POOL, objects), { created: '-41d' });
        const r = run(command);
        expect(r.exit).toBe(0);
        if (output.startsWith('No resources found')) {
          expect(r.out).toBe('');
          expect(r.err).toBe(output);
          return;
        }
        expect(r.err).toBe('');
        expect(headerThenSortedRows(r.out)).toEqual(headerThenSortedRows(output));
      });
    }
  }
});
