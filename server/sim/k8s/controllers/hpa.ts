// The horizontal pod autoscaler, every 15 s: the target's pods' usage against their requests
// (or an average value), desired = ceil(ready pods x current/target) outside a 10 %
// tolerance, clamped to min/max, scale-downs held to the highest recommendation of the last
// 5 minutes; SuccessfulRescale events, and FailedGetResourceMetric when metrics-server is away.
import { formatQuantity } from '../quantity.js';
import type { World } from '../../world/types.js';
import { metricsAvailable, podUsages } from '../metrics.js';
import type { ClusterRuntime } from '../runtime.js';
import { matchesSelector } from '../selectors.js';
import { getObject, updateObject } from '../store.js';
import type { Deployment, HorizontalPodAutoscaler, Pod } from '../types.js';
import { all, allPods, bytes, event, isPodActive, isPodReady, milli, stamp } from './common.js';

const PERIOD_MS = 15_000;
const TOLERANCE = 0.1;
const DOWNSCALE_WINDOW_MS = 5 * 60_000;

const cpuText = (m: number) => formatQuantity({ nanos: BigInt(Math.round(m)) * 1_000_000n, format: 'DecimalSI' });
const memText = (b: number) => formatQuantity({ nanos: BigInt(Math.round(b)) * 1_000_000_000n, format: 'BinarySI' });

type Cond = { type: string; status: 'True' | 'False'; lastTransitionTime: string; reason: string; message: string };

function setConditions(hpa: HorizontalPodAutoscaler, next: Omit<Cond, 'lastTransitionTime'>[], now: string): void {
  const old = (hpa.status?.conditions ?? []) as Cond[];
  hpa.status!.conditions = next.map((c) => {
    const prev = old.find((o) => o.type === c.type);
    return { type: c.type, status: c.status, lastTransitionTime: prev && prev.status === c.status ? prev.lastTransitionTime : now, reason: c.reason, message: c.message };
  });
}

export function runHpas(world: World, rt: ClusterRuntime): void {
  const hpas = all(world, 'HorizontalPodAutoscaler');
  if (!hpas.length) return;
  let usages: ReturnType<typeof podUsages> | undefined;
  let available: boolean | undefined;
  let pods: Pod[] | undefined;
  for (const hpa of hpas) {
    const key = `${hpa.metadata.namespace}/${hpa.metadata.name}`;
    const state = (rt.hpa[key] ??= { lastScaleAt: -1e15, recommendations: [], lastRun: -1e15 });
    if (world.now - state.lastRun < PERIOD_MS) continue;
    state.lastRun = world.now;
    const now = stamp(world);
    const before = JSON.stringify(hpa.status ?? {});
    hpa.status ??= {};
    const ref = hpa.spec.scaleTargetRef;
    const target = ref.kind === 'Deployment' ? getObject(world.cluster!, 'Deployment', hpa.metadata.namespace, ref.name) : undefined;
    if (!target) {
      const msg = `deployments/scale.apps "${ref.name}" not found`;
      event(world, hpa, { type: 'Warning', reason: 'FailedGetScale', message: msg, component: 'horizontal-pod-autoscaler' });
      setConditions(hpa, [{ type: 'AbleToScale', status: 'False', reason: 'FailedGetScale', message: `the HPA controller was unable to get the target's current scale: ${msg}` }], now);
      if (JSON.stringify(hpa.status) !== before) updateObject(world, hpa);
      continue;
    }
    pods ??= allPods(world);
    const mine = pods.filter((p) => p.metadata.namespace === hpa.metadata.namespace && isPodActive(p) && matchesSelector(target.spec.selector, p.metadata.labels));
    const current = target.spec.replicas ?? 1;
    const ready = mine.filter(isPodReady);
    const metrics = hpa.spec.metrics ?? [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }];
    available ??= metricsAvailable(world);
    let desired = current;
    let reasonText = '';
    const currentMetrics: NonNullable<NonNullable<HorizontalPodAutoscaler['status']>['currentMetrics']> = [];
    let failed: string | undefined;
    for (const m of metrics) {
      if (m.type !== 'Resource' || !m.resource) continue;
      const name = m.resource.name as 'cpu' | 'memory';
      if (!available) {
        failed = `failed to get ${name} utilization: unable to get metrics for resource ${name}: unable to fetch metrics from resource metrics API: the server could not find the requested resource (get pods.metrics.k8s.io)`;
        break;
      }
      usages ??= podUsages(world, rt);
      let used = 0;
      let requested = 0;
      let counted = 0;
      for (const p of ready) {
        const u = usages.get(p.metadata.uid!);
        if (!u) continue;
        counted++;
        used += name === 'cpu' ? u.cpu : u.memory;
        for (const c of p.spec.containers) requested += name === 'cpu' ? milli(c.resources?.requests?.cpu) : bytes(c.resources?.requests?.memory);
      }
      if (!counted) continue;
      const avg = used / counted;
      const t = m.resource.target;
      let ratio: number;
      if (t.type === 'Utilization') {
        if (!requested) {
          failed = `failed to get ${name} utilization: missing request for ${name} in container ${ready[0].spec.containers[0].name} of Pod ${ready[0].metadata.name}`;
          break;
        }
        const util = Math.round((used / requested) * 100);
        ratio = util / (t.averageUtilization ?? 80);
        currentMetrics.push({ type: 'Resource', resource: { name, current: { averageUtilization: util, averageValue: name === 'cpu' ? cpuText(avg) : memText(avg) } } });
      } else {
        const want = name === 'cpu' ? milli(t.averageValue) : bytes(t.averageValue);
        ratio = want ? avg / want : 1;
        currentMetrics.push({ type: 'Resource', resource: { name, current: { averageValue: name === 'cpu' ? cpuText(avg) : memText(avg) } } });
      }
      const proposal = Math.abs(ratio - 1) <= TOLERANCE ? current : Math.ceil(ratio * counted);
      if (proposal > desired || !reasonText) {
        reasonText = t.type === 'Utilization' ? `${name} resource utilization (percentage of request)` : `${name} resource`;
        desired = proposal;
      }
    }
    if (failed) {
      event(world, hpa, { type: 'Warning', reason: 'FailedGetResourceMetric', message: failed, component: 'horizontal-pod-autoscaler' });
      event(world, hpa, { type: 'Warning', reason: 'FailedComputeMetricsReplicas', message: `invalid metrics (${metrics.length} invalid out of ${metrics.length}), first error is: ${failed}`, component: 'horizontal-pod-autoscaler' });
      setConditions(hpa, [
        { type: 'AbleToScale', status: 'True', reason: 'SucceededGetScale', message: 'the HPA controller was able to get the target\'s current scale' },
        { type: 'ScalingActive', status: 'False', reason: 'FailedGetResourceMetric', message: `the HPA was unable to compute the replica count: ${failed}` },
      ], now);
      hpa.status.currentReplicas = current;
      hpa.status.desiredReplicas = current;
      delete hpa.status.currentMetrics;
      if (JSON.stringify(hpa.status) !== before) updateObject(world, hpa);
      continue;
    }
    const min = hpa.spec.minReplicas ?? 1;
    const max = hpa.spec.maxReplicas;
    const bounded = Math.min(Math.max(desired, min), max);
    state.recommendations = [...state.recommendations.filter((r) => world.now - r.at < DOWNSCALE_WINDOW_MS), { at: world.now, replicas: bounded }];
    const next = bounded >= current ? bounded : Math.min(current, Math.max(...state.recommendations.map((r) => r.replicas)));
    if (next !== current) {
      (target as Deployment).spec.replicas = next;
      target.metadata.generation = (target.metadata.generation ?? 1) + 1;
      updateObject(world, target);
      hpa.status.lastScaleTime = now;
      state.lastScaleAt = world.now;
      event(world, hpa, { type: 'Normal', reason: 'SuccessfulRescale', message: `New size: ${next}; reason: ${next > current ? `${reasonText} above target` : 'All metrics below target'}`, component: 'horizontal-pod-autoscaler' });
    }
    hpa.status.currentReplicas = current;
    hpa.status.desiredReplicas = next;
    hpa.status.currentMetrics = currentMetrics;
    setConditions(hpa, [
      { type: 'AbleToScale', status: 'True', reason: next !== current ? 'SucceededRescale' : 'ReadyForNewScale', message: next !== current ? `the HPA controller was able to update the target scale to ${next}` : 'recommended size matches current size' },
      { type: 'ScalingActive', status: 'True', reason: 'ValidMetricFound', message: `the HPA was able to successfully calculate a replica count from ${reasonText || 'cpu resource utilization (percentage of request)'}` },
      desired > max ? { type: 'ScalingLimited', status: 'True', reason: 'TooManyReplicas', message: 'the desired replica count is more than the maximum replica count' }
        : desired < min ? { type: 'ScalingLimited', status: 'True', reason: 'TooFewReplicas', message: 'the desired replica count is less than the minimum replica count' }
        : { type: 'ScalingLimited', status: 'False', reason: 'DesiredWithinRange', message: 'the desired count is within the acceptable range' },
    ], now);
    if (JSON.stringify(hpa.status) !== before) updateObject(world, hpa);
  }
}
