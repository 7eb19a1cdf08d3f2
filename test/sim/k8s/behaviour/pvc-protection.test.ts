// Storage object in-use protection: claims and volumes get the pvc-/pv-protection finalizers
// when created. A claim deleted while a running pod mounts it stays Terminating (kubectl delete
// waits on it) until no pod uses it; a bound volume deleted stays Terminating until released.
// When the claim goes, its volume is Released and, under the Delete policy, removed.
import { describe, expect, it } from 'vitest';
import { cluster, row } from './cluster.js';

const DB = `apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data}
spec:
  accessModes: [ReadWriteOnce]
  resources: {requests: {storage: 1Gi}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: db}
spec:
  replicas: 1
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec:
      containers:
      - name: db
        image: registry.corp.internal/shop/web:1.4.2
        volumeMounts: [{name: data, mountPath: /var/lib/data}]
      volumes:
      - name: data
        persistentVolumeClaim: {claimName: data}
`;

function running() {
  const c = cluster();
  c.world.hosts.cp1.files['/root/db.yaml'] = DB;
  c.run('kubectl -n shop apply -f /root/db.yaml');
  c.wait(8);
  const db = c.pod('shop', 'db-');
  expect(row(c.run('kubectl -n shop get pods').out, db)?.slice(1, 3)).toEqual(['1/1', 'Running']);
  const pv = c.run('kubectl -n shop get pvc data -o jsonpath={.spec.volumeName}').out;
  return { ...c, db, pv };
}

describe('PVC and PV protection', () => {
  it('puts the protection finalizers on new claims and volumes', () => {
    const c = running();
    expect(c.run('kubectl -n shop get pvc data -o jsonpath={.metadata.finalizers}').out).toBe('["kubernetes.io/pvc-protection"]');
    expect(c.run(`kubectl get pv ${c.pv} -o jsonpath={.metadata.finalizers}`).out).toBe('["kubernetes.io/pv-protection"]');
    c.world.hosts.cp1.files['/root/pv.yaml'] = 'apiVersion: v1\nkind: PersistentVolume\nmetadata: {name: manual}\nspec:\n  capacity: {storage: 1Gi}\n  accessModes: [ReadWriteOnce]\n  hostPath: {path: /srv/manual}\n';
    c.run('kubectl apply -f /root/pv.yaml');
    expect(c.run('kubectl get pv manual -o jsonpath={.metadata.finalizers}').out).toBe('["kubernetes.io/pv-protection"]');
  });

  it('a claim in use stays Terminating until its pod is gone; then the volume is released and deleted', () => {
    const c = running();
    const del = c.run('kubectl -n shop delete pvc data --timeout=3s');
    expect(del.out).toBe('persistentvolumeclaim "data" deleted\n');
    expect(del.err).toBe('error: timed out waiting for the condition on persistentvolumeclaims/data\n');
    expect(row(c.run('kubectl -n shop get pvc').out, 'data')).toEqual(['data', 'Terminating', c.pv, '1Gi', 'RWO', 'standard', '<unset>', '11s']);
    expect(c.run('kubectl -n shop describe pvc data').out).toContain('Status:        Terminating (lasts 3s)\n');
    c.wait(30);
    expect(c.run('kubectl -n shop get pvc data -o jsonpath={.status.phase}').out).toBe('Bound');
    // The pod keeps it; once the deployment is scaled to zero and the pod has stopped, it goes.
    c.run('kubectl -n shop scale deploy db --replicas=0');
    c.wait(3);
    expect(c.run('kubectl -n shop get pvc').err).toBe('No resources found in shop namespace.\n');
    expect(c.run(`kubectl get pv ${c.pv}`).err).toBe(`Error from server (NotFound): persistentvolumes "${c.pv}" not found\n`);
  });

  it('removing the finalizer by hand releases a claim in use at once (the pod keeps running)', () => {
    const c = running();
    expect(c.run('kubectl -n shop delete pvc data --wait=false').out).toBe('persistentvolumeclaim "data" deleted\n');
    expect(c.run(`kubectl -n shop patch pvc data -p '{"metadata":{"finalizers":null}}'`).out).toBe('persistentvolumeclaim/data patched\n');
    expect(c.run('kubectl -n shop get pvc data').err).toBe('Error from server (NotFound): persistentvolumeclaims "data" not found\n');
    expect(row(c.run('kubectl -n shop get pods').out, c.db)?.slice(1, 3)).toEqual(['1/1', 'Running']);
  });

  it('a replacement pod cannot be scheduled while its claim is being deleted', () => {
    const c = running();
    c.run('kubectl -n shop delete pvc data --wait=false');
    c.run(`kubectl -n shop delete pod ${c.db} --wait=false`);
    c.wait(1);
    const next = c.pod('shop', 'db-', [c.db]);
    expect(c.run(`kubectl -n shop get events --field-selector involvedObject.name=${next},reason=FailedScheduling -o jsonpath={.items[0].message}`).out).toBe(
      '0/3 nodes are available: persistentvolumeclaim "data" is being deleted. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.',
    );
    c.wait(3);
    expect(c.run('kubectl -n shop get pvc').err).toBe('No resources found in shop namespace.\n');
  });

  it('a bound volume deleted stays Terminating while bound, and goes once its claim is deleted (Released)', () => {
    const c = running();
    c.run(`kubectl patch pv ${c.pv} -p '{"spec":{"persistentVolumeReclaimPolicy":"Retain"}}'`);
    expect(c.run(`kubectl delete pv ${c.pv} --wait=false`).out).toBe(`persistentvolume "${c.pv}" deleted\n`);
    c.wait(2);
    expect(row(c.run('kubectl get pv').out, c.pv)?.slice(1, 6)).toEqual(['1Gi', 'RWO', 'Retain', 'Terminating', 'shop/data']);
    c.run('kubectl -n shop delete deploy db');
    c.run('kubectl -n shop delete pvc data');
    c.wait(2);
    expect(c.run(`kubectl get pv ${c.pv}`).err).toBe(`Error from server (NotFound): persistentvolumes "${c.pv}" not found\n`);
  });
});
