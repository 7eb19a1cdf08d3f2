// A claim for a StorageClass that does not exist: the volume controller reports
// ProvisioningFailed at every resync, the claim stays Pending and so does the pod using it
// (the scheduler's `pod has unbound immediate PersistentVolumeClaims`). Recreating the claim
// with the right class, or creating the class, provisions a volume; the claim binds and the pod
// is scheduled.
import { describe, expect, it } from 'vitest';
import { cluster, row } from './cluster.js';

const claim = (cls: string) => `apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data}
spec:
  storageClassName: ${cls}
  accessModes: [ReadWriteOnce]
  resources: {requests: {storage: 5Gi}}
`;
const DB = `apiVersion: apps/v1
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
const UNBOUND = '0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.';

function pending() {
  const c = cluster();
  c.world.hosts.cp1.files['/root/db.yaml'] = `${claim('fast-ssd')}---\n${DB}`;
  expect(c.run('kubectl -n shop apply -f /root/db.yaml').out).toBe('persistentvolumeclaim/data created\ndeployment.apps/db created\n');
  c.wait(3);
  return { ...c, db: c.pod('shop', 'db-') };
}

describe('a PVC for a missing StorageClass', () => {
  it('stays Pending with ProvisioningFailed, and its pod with FailedScheduling', () => {
    const c = pending();
    expect(c.run('kubectl get sc').out).toMatch(/^NAME {17}PROVISIONER {13}RECLAIMPOLICY {3}VOLUMEBINDINGMODE {3}ALLOWVOLUMEEXPANSION {3}AGE\nstandard \(default\) {3}rancher\.io\/local-path {3}Delete {10}Immediate {11}false {18}\S+\n$/);
    expect(c.run('kubectl -n shop get pvc').out).toBe('NAME   STATUS    VOLUME   CAPACITY   ACCESS MODES   STORAGECLASS   VOLUMEATTRIBUTESCLASS   AGE\ndata   Pending                                      fast-ssd       <unset>                 3s\n');
    expect(row(c.run('kubectl -n shop get pods').out, c.db)).toEqual([c.db, '0/1', 'Pending', '0', '2s']);
    expect(c.run('kubectl -n shop get events --field-selector involvedObject.name=data').out).toBe(
      'LAST SEEN   TYPE      REASON               OBJECT                       MESSAGE\n2s          Warning   ProvisioningFailed   persistentvolumeclaim/data   storageclass.storage.k8s.io "fast-ssd" not found\n',
    );
    expect(c.run(`kubectl -n shop describe pod ${c.db}`).out).toContain(`Events:\n  Type     Reason            Age   From               Message\n  ----     ------            ----  ----               -------\n  Warning  FailedScheduling  2s    default-scheduler  ${UNBOUND}\n`);
    // The controller tries again at every resync (15 s).
    c.wait(31);
    expect(c.run('kubectl -n shop get events --field-selector involvedObject.name=data,reason=ProvisioningFailed -o jsonpath={.items[0].count}').out).toBe('3');
    expect(c.run('kubectl -n shop get pvc data -o jsonpath={.status.phase}').out).toBe('Pending');
    expect(c.run('kubectl -n shop describe pvc data').out).toBe([
      'Name:          data',
      'Namespace:     shop',
      'StorageClass:  fast-ssd',
      'Status:        Pending',
      'Volume:        ',
      'Labels:        <none>',
      'Annotations:   <none>',
      'Finalizers:    [kubernetes.io/pvc-protection]',
      'Capacity:      ',
      'Access Modes:  ',
      'VolumeMode:    Filesystem',
      `Used By:       ${c.db}`,
      'Events:',
      '  Type     Reason              Age               From                         Message',
      '  ----     ------              ----              ----                         -------',
      '  Warning  ProvisioningFailed  3s (x3 over 33s)  persistentvolume-controller  storageclass.storage.k8s.io "fast-ssd" not found',
      '',
    ].join('\n'));
  });

  it('is fixed by recreating the claim with an existing class', () => {
    const c = pending();
    expect(c.run('kubectl -n shop delete pvc data').out).toBe('persistentvolumeclaim "data" deleted\n');
    c.world.hosts.cp1.files['/root/pvc.yaml'] = claim('standard');
    expect(c.run('kubectl -n shop apply -f /root/pvc.yaml').out).toBe('persistentvolumeclaim/data created\n');
    c.wait(3);
    const pvc = c.run('kubectl -n shop get pvc').out;
    expect(pvc).toMatch(/^NAME   STATUS   VOLUME {37}CAPACITY   ACCESS MODES   STORAGECLASS   VOLUMEATTRIBUTESCLASS   AGE\ndata   Bound    pvc-[0-9a-f-]{36}   5Gi        RWO            standard       <unset>                 3s\n$/);
    const volume = c.run('kubectl -n shop get pvc data -o jsonpath={.spec.volumeName}').out;
    expect(row(c.run('kubectl get pv').out, volume)).toEqual([volume, '5Gi', 'RWO', 'Delete', 'Bound', 'shop/data', 'standard', '<unset>', '1s']);
    const events = c.run(`kubectl -n shop get events --field-selector involvedObject.name=data -o 'jsonpath={range .items[*]}{.reason}|{.message}{"\\n"}{end}'`).out;
    expect(events).toContain('ExternalProvisioning|waiting for a volume to be created, either by external provisioner "rancher.io/local-path" or manually created by system administrator\n');
    expect(events).toContain('Provisioning|External provisioner is provisioning volume for claim "shop/data"\n');
    expect(events).toContain(`ProvisioningSucceeded|Successfully provisioned volume ${volume}\n`);
    c.wait(5);
    expect(row(c.run('kubectl -n shop get pods').out, c.db)?.slice(1, 4)).toEqual(['1/1', 'Running', '0']);
  });

  it('is fixed by creating the missing StorageClass (the next resync provisions)', () => {
    const c = pending();
    c.world.hosts.cp1.files['/root/sc.yaml'] = 'apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata: {name: fast-ssd}\nprovisioner: rancher.io/local-path\n';
    expect(c.run('kubectl apply -f /root/sc.yaml').out).toBe('storageclass.storage.k8s.io/fast-ssd created\n');
    c.wait(20);
    expect(c.run('kubectl -n shop get pvc data -o jsonpath={.status.phase}').out).toBe('Bound');
    expect(row(c.run('kubectl -n shop get pods').out, c.db)?.slice(1, 4)).toEqual(['1/1', 'Running', '0']);
  });

  it('a claim without any class and no volume: FailedBinding; a matching PV binds it', () => {
    const c = cluster();
    c.world.hosts.cp1.files['/root/pvc.yaml'] = claim('""');
    c.run('kubectl -n shop apply -f /root/pvc.yaml');
    c.wait(2);
    expect(c.run('kubectl -n shop get events --field-selector involvedObject.name=data -o jsonpath={.items[0].message}').out).toBe('no persistent volumes available for this claim and no storage class is set');
    c.world.hosts.cp1.files['/root/pv.yaml'] = 'apiVersion: v1\nkind: PersistentVolume\nmetadata: {name: data-pv}\nspec:\n  storageClassName: ""\n  capacity: {storage: 10Gi}\n  accessModes: [ReadWriteOnce]\n  hostPath: {path: /srv/data}\n';
    expect(c.run('kubectl apply -f /root/pv.yaml').out).toBe('persistentvolume/data-pv created\n');
    c.wait(2);
    expect(c.run('kubectl -n shop get pvc data -o jsonpath={.status.phase}/{.spec.volumeName}/{.status.capacity.storage}').out).toBe('Bound/data-pv/10Gi');
  });
});
