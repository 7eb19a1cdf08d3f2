// A generated Kubernetes world for benchmarks: 100 nodes (1 control plane, 99 workers) on one
// subnet, 30 namespaces of 10 Deployments with 10 replicas each: 3,000 pods (plus the system's).
import type { HostSpec, WorldSpec } from '../../server/sim/world/spec.js';

export const K8S_NODES = 100;

export function k8sWorldSpec(): WorldSpec {
  const hosts: Record<string, HostSpec> = {
    rtr: { kind: 'router', forwarding: true, nics: [{ name: 'eth0', subnet: 'cluster', ip: '10.0.0.1' }, { name: 'eth1', subnet: 'services', ip: '10.1.0.1' }] },
    registry: { nics: [{ name: 'eth0', subnet: 'services', ip: '10.1.0.20' }], routes: ['default via 10.1.0.1'] },
  };
  const nodes: string[] = [];
  for (let i = 0; i < K8S_NODES; i++) {
    const name = i === 0 ? 'cp1' : `node${i}`;
    nodes.push(name);
    hosts[name] = { cpus: 16, memory: '64Gi', disk: { size: '100Gi', used: '10Gi' }, nics: [{ name: 'eth0', subnet: 'cluster', ip: `10.0.${Math.floor((i + 10) / 250)}.${((i + 10) % 250) + 1}` }], routes: ['default via 10.0.0.1'] };
  }
  const docs: string[] = [];
  for (let n = 0; n < 30; n++) {
    docs.push(`apiVersion: v1\nkind: Namespace\nmetadata: {name: team${n}, creationTimestamp: -30d}`);
    for (let d = 0; d < 10; d++) {
      docs.push(`apiVersion: apps/v1
kind: Deployment
metadata: {name: app${d}, namespace: team${n}, creationTimestamp: -30d, labels: {app: app${d}}}
spec:
  replicas: 10
  selector: {matchLabels: {app: app${d}}}
  template:
    metadata: {labels: {app: app${d}}}
    spec:
      containers:
      - name: app
        image: registry.corp.internal/bench/app:1.0.0
        ports: [{name: http, containerPort: 8080}]
        resources: {requests: {cpu: 50m, memory: 64Mi}, limits: {memory: 128Mi}}
        readinessProbe: {httpGet: {path: /healthz, port: http}, periodSeconds: 10}`);
    }
  }
  return {
    subnets: { cluster: { cidr: '10.0.0.0/22', vlan: 10 }, services: { cidr: '10.1.0.0/24', vlan: 20 } },
    hosts,
    cluster: {
      controlPlane: ['cp1'],
      workers: nodes.slice(1),
      registries: { 'registry.corp.internal': { host: 'registry' } },
      images: {
        'registry.corp.internal/bench/app': { tags: ['1.0.0'], preloaded: true, size: 20_000_000, listen: [8080], http: { server: 'app', routes: { '/healthz': { body: 'ok\n' } } }, memory: '40Mi', cpu: '2m' },
      },
      manifests: docs.join('\n---\n'),
    },
  };
}
