// The persistent volume controller with an external provisioner: a claim binds to an
// Available volume of its class that is big enough; otherwise a claim of a StorageClass is
// provisioned by the class's provisioner (a volume `pvc-<uid>` a second later). A claim whose
// class does not exist gets ProvisioningFailed, one with no class and no volume FailedBinding,
// again at every resync of the controller (15 s) while it stays Pending. A bound volume whose
// claim is gone is Released (and deleted under the Delete reclaim policy). The protection
// controllers keep a deleted claim while a scheduled pod uses it, and a deleted volume while
// it is Bound, by the finalizers the StorageObjectInUseProtection admission puts on them.
import type { World } from '../../world/types.js';
import { runtimeOf } from '../runtime.js';
import { createObject, deleteObject, getObject, updateObject } from '../store.js';
import type { PersistentVolume, PersistentVolumeClaim, StorageClass } from '../types.js';
import { all, allPods, bytes, event } from './common.js';

export const PVC_PROTECTION = 'kubernetes.io/pvc-protection';
export const PV_PROTECTION = 'kubernetes.io/pv-protection';

const RESYNC_MS = 15_000;
const PROVISION_MS = 1000;
/** The local-path provisioner's identity in its events (pod name and a fixed uid). */
const PROVISIONER_ID = 'local-path-provisioner-7599fd788b-kx2mz_4b6c1e2a-93d1-4f0e-8c55-0f3a9d7e21c4';

export const isDefaultClass = (sc: StorageClass) =>
  sc.metadata.annotations?.['storageclass.kubernetes.io/is-default-class'] === 'true' || sc.metadata.annotations?.['storageclass.beta.kubernetes.io/is-default-class'] === 'true';

/** The DefaultStorageClass admission plugin: a new claim without a class gets the default one. */
export function defaultClassName(world: World): string | undefined {
  return all(world, 'StorageClass').find(isDefaultClass)?.metadata.name;
}


function bind(world: World, pvc: PersistentVolumeClaim, pv: PersistentVolume, byController: boolean): void {
  pv.spec.claimRef = { kind: 'PersistentVolumeClaim', namespace: pvc.metadata.namespace, name: pvc.metadata.name, uid: pvc.metadata.uid };
  pv.status = { phase: 'Bound' };
  pv.metadata.annotations = { ...(pv.metadata.annotations ?? {}), 'pv.kubernetes.io/bound-by-controller': 'yes' };
  updateObject(world, pv);
  pvc.spec.volumeName = pv.metadata.name;
  pvc.metadata.annotations = { ...(pvc.metadata.annotations ?? {}), 'pv.kubernetes.io/bind-completed': 'yes', ...(byController ? { 'pv.kubernetes.io/bound-by-controller': 'yes' } : {}) };
  pvc.status = { phase: 'Bound', accessModes: pv.spec.accessModes, capacity: pv.spec.capacity };
  updateObject(world, pvc);
}

/** An Available volume the claim fits (class, access modes, size), smallest first. */
function matchingVolume(world: World, pvc: PersistentVolumeClaim, className: string): PersistentVolume | undefined {
  const want = bytes(pvc.spec.resources?.requests?.storage);
  const modes = pvc.spec.accessModes ?? [];
  return all(world, 'PersistentVolume')
    .filter((pv) => !pv.spec.claimRef && (pv.status?.phase ?? 'Available') === 'Available' && (pv.spec.storageClassName ?? '') === className)
    .filter((pv) => bytes(pv.spec.capacity?.storage) >= want && modes.every((m) => pv.spec.accessModes?.includes(m)))
    .sort((a, b) => bytes(a.spec.capacity?.storage) - bytes(b.spec.capacity?.storage))[0];
}

function provisioned(world: World, pvc: PersistentVolumeClaim, sc: StorageClass): PersistentVolume {
  const name = `pvc-${pvc.metadata.uid}`;
  const ns = pvc.metadata.namespace ?? 'default';
  return {
    apiVersion: 'v1', kind: 'PersistentVolume',
    metadata: { name, annotations: { 'local.path.provisioner/selected-node': '', 'pv.kubernetes.io/provisioned-by': sc.provisioner }, finalizers: ['kubernetes.io/pv-protection'] },
    spec: {
      capacity: { storage: pvc.spec.resources?.requests?.storage ?? '1Gi' },
      accessModes: pvc.spec.accessModes ?? ['ReadWriteOnce'],
      persistentVolumeReclaimPolicy: sc.reclaimPolicy ?? 'Delete',
      storageClassName: sc.metadata.name,
      volumeMode: pvc.spec.volumeMode ?? 'Filesystem',
      hostPath: { path: `/opt/local-path-provisioner/${name}_${ns}_${pvc.metadata.name}`, type: 'DirectoryOrCreate' },
    },
    status: { phase: 'Available' },
  };
}

/** Whether a pod that is scheduled and not finished mounts the claim. */
function claimInUse(world: World, pvc: PersistentVolumeClaim): boolean {
  return allPods(world).some(
    (p) => p.metadata.namespace === pvc.metadata.namespace && !!p.spec.nodeName && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed' &&
      (p.spec.volumes ?? []).some((v) => v.persistentVolumeClaim?.claimName === pvc.metadata.name),
  );
}

const dropFinalizer = (world: World, obj: PersistentVolume | PersistentVolumeClaim, finalizer: string) => {
  obj.metadata.finalizers = obj.metadata.finalizers!.filter((f) => f !== finalizer);
  if (!obj.metadata.finalizers.length) delete obj.metadata.finalizers;
  updateObject(world, obj);
};

/** The PVC and PV protection controllers, and the release of volumes whose claim is gone. */
function protect(world: World): void {
  for (const pvc of all(world, 'PersistentVolumeClaim')) {
    if (pvc.metadata.deletionTimestamp && pvc.metadata.finalizers?.includes(PVC_PROTECTION) && !claimInUse(world, pvc)) dropFinalizer(world, pvc, PVC_PROTECTION);
  }
  for (const pv of all(world, 'PersistentVolume')) {
    const ref = pv.spec.claimRef;
    if (ref && pv.status?.phase === 'Bound') {
      const pvc = getObject(world.cluster!, 'PersistentVolumeClaim', ref.namespace, ref.name ?? '');
      if (!pvc || (ref.uid && pvc.metadata.uid !== ref.uid)) {
        pv.status = { phase: 'Released' };
        updateObject(world, pv);
        if (pv.spec.persistentVolumeReclaimPolicy === 'Delete' && !pv.metadata.deletionTimestamp) deleteObject(world, 'PersistentVolume', undefined, pv.metadata.name);
      }
    }
    if (pv.metadata.deletionTimestamp && pv.metadata.finalizers?.includes(PV_PROTECTION) && pv.status?.phase !== 'Bound') dropFinalizer(world, pv, PV_PROTECTION);
  }
}

export function runVolumes(world: World): void {
  const rt = runtimeOf(world);
  if (!rt) return;
  protect(world);
  const state = (rt.volumes ??= {});
  const pending = new Set<string>();
  for (const pvc of all(world, 'PersistentVolumeClaim')) {
    if (pvc.spec.volumeName || pvc.metadata.deletionTimestamp) continue;
    const key = pvc.metadata.uid!;
    pending.add(key);
    if (pvc.status?.phase !== 'Pending') {
      pvc.status = { phase: 'Pending' };
      updateObject(world, pvc);
    }
    const className = pvc.spec.storageClassName ?? '';
    const pv = matchingVolume(world, pvc, className);
    if (pv) {
      bind(world, pvc, pv, true);
      delete state[key];
      continue;
    }
    const s = (state[key] ??= { at: -1e15 });
    const sc = className ? getObject(world.cluster!, 'StorageClass', undefined, className) : undefined;
    if (sc && s.provisionAt !== undefined) {
      if (world.now < s.provisionAt) continue;
      const vol = provisioned(world, pvc, sc);
      if (createObject(world, vol).ok) {
        event(world, pvc, { type: 'Normal', reason: 'ProvisioningSucceeded', message: `Successfully provisioned volume ${vol.metadata.name}`, component: `${sc.provisioner}_${PROVISIONER_ID}` });
        bind(world, pvc, vol, false);
      }
      delete state[key];
      continue;
    }
    if (world.now - s.at < RESYNC_MS) continue;
    s.at = world.now;
    if (!className) {
      event(world, pvc, { type: 'Normal', reason: 'FailedBinding', message: 'no persistent volumes available for this claim and no storage class is set', component: 'persistentvolume-controller' });
    } else if (!sc) {
      event(world, pvc, { type: 'Warning', reason: 'ProvisioningFailed', message: `storageclass.storage.k8s.io "${className}" not found`, component: 'persistentvolume-controller' });
    } else {
      pvc.metadata.annotations = { ...(pvc.metadata.annotations ?? {}), 'volume.beta.kubernetes.io/storage-provisioner': sc.provisioner, 'volume.kubernetes.io/storage-provisioner': sc.provisioner };
      updateObject(world, pvc);
      event(world, pvc, { type: 'Normal', reason: 'ExternalProvisioning', message: `waiting for a volume to be created, either by external provisioner "${sc.provisioner}" or manually created by system administrator`, component: 'persistentvolume-controller' });
      event(world, pvc, { type: 'Normal', reason: 'Provisioning', message: `External provisioner is provisioning volume for claim "${pvc.metadata.namespace}/${pvc.metadata.name}"`, component: `${sc.provisioner}_${PROVISIONER_ID}` });
      s.provisionAt = world.now + PROVISION_MS;
    }
  }
  for (const key of Object.keys(state)) if (!pending.has(key)) delete state[key];
}

/**
 * The scheduler's VolumeBinding pre-filter: why the pod cannot be scheduled yet because of its
 * claims (a missing claim, or one not bound), or undefined.
 */
export function unboundClaims(world: World, namespace: string, claims: string[]): string | undefined {
  for (const name of claims) {
    const pvc = getObject(world.cluster!, 'PersistentVolumeClaim', namespace, name);
    if (!pvc) return `persistentvolumeclaim "${name}" not found`;
    if (pvc.metadata.deletionTimestamp) return `persistentvolumeclaim "${name}" is being deleted`;
  }
  for (const name of claims) {
    const pvc = getObject(world.cluster!, 'PersistentVolumeClaim', namespace, name)!;
    if (!pvc.spec.volumeName) return 'pod has unbound immediate PersistentVolumeClaims';
  }
  return undefined;
}
