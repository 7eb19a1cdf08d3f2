import { describe, expect, it } from 'vitest';
import { FixtureError, loadClusterYaml, relativeTime } from '../../../server/sim/k8s/fixture.js';
import { getObject, listObjects } from '../../../server/sim/k8s/store.js';
import { tinyWorld } from '../../helpers/world.js';

const MANIFESTS = `apiVersion: v1
kind: Namespace
metadata: {name: shop, creationTimestamp: -41d}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop, creationTimestamp: -3d2h}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: "nginx:1.27", resources: {limits: {cpu: "0.5", memory: 0.25Gi}}}]}
---
apiVersion: v1
kind: Pod
metadata:
  name: web-1
  namespace: shop
  ownerReferences: [{apiVersion: apps/v1, kind: Deployment, name: web, controller: true}]
spec: {containers: [{name: web, image: nginx, ports: [{containerPort: 80}], resources: {limits: {cpu: "1", memory: 1Gi}}}]}
status: {phase: Running, podIP: 10.244.1.5}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec: {type: NodePort, selector: {app: web}, ports: [{port: 80}]}
---
apiVersion: v1
kind: Node
metadata: {name: node-1}
spec: {}
status: {conditions: [{type: Ready, status: "True", lastHeartbeatTime: -40s}]}
---
apiVersion: v1
kind: Event
metadata: {namespace: shop}
involvedObject: {kind: Pod, namespace: shop, name: web-1}
reason: Started
message: Started container web
source: {component: kubelet, host: node-1}
type: Normal
firstTimestamp: -5m
lastTimestamp: -5m
`;

describe('cluster fixtures', () => {
  it('reads relative times', () => {
    expect(relativeTime('-3d2h', 1_000_000_000)).toBe(1_000_000_000 - (3 * 86400 + 7200) * 1000);
    expect(relativeTime('now', 5)).toBe(5);
    expect(relativeTime('2025-01-01T00:00:00Z', 5)).toBeUndefined();
  });

  it('loads manifests through the API server defaults', () => {
    const w = tinyWorld();
    loadClusterYaml(w, MANIFESTS, { created: '-41d' });
    const c = w.cluster!;
    expect(listObjects(c, 'Namespace').map((n) => n.metadata.name)).toEqual(['default', 'kube-node-lease', 'kube-public', 'kube-system', 'shop']);
    expect(getObject(c, 'Namespace', undefined, 'shop')!.metadata).toMatchObject({ creationTimestamp: '2026-10-13T09:00:00Z', labels: { 'kubernetes.io/metadata.name': 'shop' } });
    expect(getObject(c, 'ConfigMap', 'shop', 'kube-root-ca.crt')).toBeDefined();
    expect(getObject(c, 'Service', 'default', 'kubernetes')!.spec.clusterIP).toBe('10.96.0.1');
    expect(getObject(c, 'Lease', 'kube-node-lease', 'node-1')!.spec.renewTime).toBe('2026-11-23T08:59:20.000000Z');

    const d = getObject(c, 'Deployment', 'shop', 'web')!;
    expect(d.spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } });
    expect(d.spec.template.metadata!.creationTimestamp).toBeNull();
    expect(d.spec.template.spec.containers[0].resources).toEqual({ limits: { cpu: '500m', memory: '256Mi' }, requests: { cpu: '500m', memory: '256Mi' } });
    expect(d.metadata.generation).toBe(1);

    const p = getObject(c, 'Pod', 'shop', 'web-1')!;
    expect(p.metadata.ownerReferences![0].uid).toBe(d.metadata.uid);
    expect(p.spec.containers[0]).toMatchObject({ imagePullPolicy: 'Always', terminationMessagePath: '/dev/termination-log', ports: [{ containerPort: 80, protocol: 'TCP' }] });
    expect(p.spec.tolerations).toHaveLength(2);
    expect(p.spec.volumes![0].name).toMatch(/^kube-api-access-[a-z0-9]{5}$/);
    expect(p.status).toMatchObject({ qosClass: 'Guaranteed', podIPs: [{ ip: '10.244.1.5' }] });

    const svc = getObject(c, 'Service', 'shop', 'web')!;
    expect(svc.spec.clusterIP).toMatch(/^10\.(9[6-9]|1[01][0-9])\.\d+\.\d+$/);
    expect(svc.spec.ports![0]).toMatchObject({ protocol: 'TCP', targetPort: 80 });
    expect(svc.spec.ports![0].nodePort).toBeGreaterThanOrEqual(30000);

    const [e] = listObjects(c, 'Event', 'shop');
    expect(e.involvedObject.uid).toBe(p.metadata.uid);
    expect(e.metadata.name).toMatch(/^web-1\.[0-9a-f]+$/);
    expect(e.count).toBe(1);
  });

  it('is deterministic for a world seed', () => {
    const a = tinyWorld();
    const b = tinyWorld();
    loadClusterYaml(a, MANIFESTS);
    loadClusterYaml(b, MANIFESTS);
    expect(JSON.stringify(a.cluster)).toBe(JSON.stringify(b.cluster));
  });

  it.each([
    ['kind: Pdo\napiVersion: v1\nmetadata: {name: x}', 'document 1: unknown kind "Pdo"'],
    ['kind: Deployment\napiVersion: v1\nmetadata: {name: x}', 'document 1: Deployment needs apiVersion apps/v1, not "v1"'],
    ['kind: Pod\napiVersion: v1\nmetadata: {namespace: shop}', 'document 1: Pod has no metadata.name'],
    ['kind: Pod\napiVersion: v1\nmetadata: {name: x, namespace: nope}\nspec: {containers: []}', 'Pod nope/x: namespaces "nope" not found'],
    ['kind: Namespace\napiVersion: v1\nmetadata: {name: x, creationTimestamp: yesterday}', 'document 1 (Namespace x).metadata.creationTimestamp: not a time: "yesterday" (use RFC 3339, "now" or e.g. "-3d2h")'],
  ])('rejects a bad manifest: %s', (text, message) => {
    expect(() => loadClusterYaml(tinyWorld(), text)).toThrow(new FixtureError(message));
  });
});
