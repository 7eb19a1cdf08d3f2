// HorizontalPodAutoscaler between autoscaling/v1 (what kubectl v1.32's `autoscale` sends)
// and autoscaling/v2 (what the simulated API server stores), as the API server converts:
// v1's targetCPUUtilizationPercentage is v2's CPU Utilization metric; v2's conditions
// travel in v1 as the autoscaling.alpha.kubernetes.io/conditions annotation.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Obj = Record<string, any>;

const CONDITIONS_ANNOTATION = 'autoscaling.alpha.kubernetes.io/conditions';

const isCpuUtilization = (m: Obj) => m?.type === 'Resource' && m.resource?.name === 'cpu' && m.resource?.target?.type === 'Utilization';

/** autoscaling/v1 → autoscaling/v2 (metrics absent when v1 has no CPU target: the server defaults them). */
export function hpaV1ToV2(v1: Obj): Obj {
  const spec = v1.spec ?? {};
  const out: Obj = { ...v1, apiVersion: 'autoscaling/v2' };
  out.spec = {
    scaleTargetRef: spec.scaleTargetRef,
    ...(spec.minReplicas !== undefined ? { minReplicas: spec.minReplicas } : {}),
    maxReplicas: spec.maxReplicas,
    ...(spec.targetCPUUtilizationPercentage !== undefined
      ? { metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: spec.targetCPUUtilizationPercentage } } }] }
      : {}),
  };
  const status = v1.status ?? {};
  out.status = {
    ...(status.observedGeneration !== undefined ? { observedGeneration: status.observedGeneration } : {}),
    ...(status.lastScaleTime !== undefined ? { lastScaleTime: status.lastScaleTime } : {}),
    ...(status.currentReplicas ? { currentReplicas: status.currentReplicas } : {}),
    desiredReplicas: status.desiredReplicas ?? 0,
  };
  return out;
}

/**
 * autoscaling/v2 → autoscaling/v1, keys in the order of the Go structs (kubectl prints a
 * typed v1 object's JSON in that order).
 */
export function hpaV2ToV1(v2: Obj): Obj {
  const meta: Obj = { ...(v2.metadata ?? {}) };
  const status = v2.status ?? {};
  if (status.conditions?.length) meta.annotations = { ...(meta.annotations ?? {}), [CONDITIONS_ANNOTATION]: JSON.stringify(status.conditions) };
  const spec = v2.spec ?? {};
  const cpu = (spec.metrics ?? []).find(isCpuUtilization);
  const current = (status.currentMetrics ?? []).find((m: Obj) => m?.type === 'Resource' && m.resource?.name === 'cpu' && m.resource?.current?.averageUtilization !== undefined);
  return {
    kind: 'HorizontalPodAutoscaler',
    apiVersion: 'autoscaling/v1',
    metadata: orderedMeta(meta),
    spec: {
      scaleTargetRef: { kind: spec.scaleTargetRef?.kind, name: spec.scaleTargetRef?.name, ...(spec.scaleTargetRef?.apiVersion ? { apiVersion: spec.scaleTargetRef.apiVersion } : {}) },
      ...(spec.minReplicas !== undefined ? { minReplicas: spec.minReplicas } : {}),
      maxReplicas: spec.maxReplicas,
      ...(cpu ? { targetCPUUtilizationPercentage: cpu.resource.target.averageUtilization } : {}),
    },
    status: {
      ...(status.observedGeneration !== undefined ? { observedGeneration: status.observedGeneration } : {}),
      ...(status.lastScaleTime !== undefined ? { lastScaleTime: status.lastScaleTime } : {}),
      currentReplicas: status.currentReplicas ?? 0,
      desiredReplicas: status.desiredReplicas ?? 0,
      ...(current ? { currentCPUUtilizationPercentage: current.resource.current.averageUtilization } : {}),
    },
  };
}

const META_ORDER = ['name', 'generateName', 'namespace', 'selfLink', 'uid', 'resourceVersion', 'generation', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'labels', 'annotations', 'ownerReferences', 'finalizers', 'managedFields'];

/** ObjectMeta's fields in struct order; creationTimestamp is always there (null when unset). */
function orderedMeta(meta: Obj): Obj {
  const out: Obj = {};
  for (const k of META_ORDER) {
    if (meta[k] !== undefined) out[k] = meta[k];
    else if (k === 'creationTimestamp') out[k] = null;
  }
  return out;
}
