// Resource usage as metrics-server reports it (kubectl top, the HPA): each running
// container's CPU and memory from its image, plus its part of the load its owner carries
// (the load of a Deployment's image is shared by the Deployment's ready pods, so more
// replicas mean less CPU each). A container cannot use more CPU than its limit (CFS
// throttling): what it would need beyond that is its demand, and an app whose demand is
// over its limit is overloaded (it sheds requests, see cpuPressure). Nothing is reported
// while metrics-server has no ready pod.
import type { World } from '../world/types.js';
import { allPods, containerLimit, controllerOf, isPodReady } from './controllers/common.js';
import { behaviourOf, parseImageRef } from './images.js';
import { milli } from './controllers/common.js';
import { runtimeOf, type ClusterRuntime } from './runtime.js';
import { getObject, listObjects } from './store.js';
import type { Pod } from './types.js';

export interface PodUsage {
  cpu: number;
  memory: number;
  containers: { name: string; cpu: number; memory: number }[];
  /** CPU the pod's containers would use without their limits, and how far over the limits that is (demand / limit, 0 without limits). */
  cpuDemand: number;
  cpuPressure: number;
}

/** Whether the metrics API answers (a ready metrics-server pod in kube-system). */
export function metricsAvailable(world: World): boolean {
  return listObjects(world.cluster!, 'Pod', 'kube-system').some((p) => p.metadata.labels?.['k8s-app'] === 'metrics-server' && isPodReady(p));
}

/** The owner a pod's load is shared within: its Deployment if its ReplicaSet has one, else its controller. */
function loadOwner(world: World, pod: Pod): string | undefined {
  const ref = controllerOf(pod);
  if (!ref) return undefined;
  if (ref.kind === 'ReplicaSet') {
    const rs = getObject(world.cluster!, 'ReplicaSet', pod.metadata.namespace, ref.name);
    const up = rs && controllerOf(rs);
    if (up) return up.uid;
  }
  return ref.uid;
}

/** Usage of every pod with a running container, by pod uid. */
export function podUsages(world: World, rt: ClusterRuntime): Map<string, PodUsage> {
  const readyByOwner = new Map<string, number>();
  const pods = allPods(world);
  for (const pod of pods) {
    const o = loadOwner(world, pod);
    if (o && isPodReady(pod)) readyByOwner.set(o, (readyByOwner.get(o) ?? 0) + 1);
  }
  const out = new Map<string, PodUsage>();
  for (const pod of pods) {
    const p = rt.pods[pod.metadata.uid!];
    if (!p) continue;
    const owner = loadOwner(world, pod);
    const share = isPodReady(pod) && owner ? 1 / (readyByOwner.get(owner) ?? 1) : 0;
    const u: PodUsage = { cpu: 0, memory: 0, containers: [], cpuDemand: 0, cpuPressure: 0 };
    for (const c of p.containers) {
      if (c.phase !== 'running') continue;
      const spec = pod.spec.containers.find((x) => x.name === c.name);
      const ref = spec && parseImageRef(spec.image);
      const load = ref ? milli(behaviourOf(rt.images, ref).load) : 0;
      const demand = (c.cpu ?? 0) + Math.round(load * share);
      const limit = spec ? containerLimit(spec, 'cpu') : 0;
      const cpu = limit ? Math.min(demand, limit) : demand;
      u.containers.push({ name: c.name, cpu, memory: c.memory ?? 0 });
      u.cpu += cpu;
      u.memory += c.memory ?? 0;
      u.cpuDemand += demand;
      if (limit) u.cpuPressure = Math.max(u.cpuPressure, demand / limit);
    }
    if (u.containers.length) out.set(pod.metadata.uid!, u);
  }
  return out;
}

/** demand / limit of the pod whose network namespace is `hostName` (over 1: overloaded); 0 for anything else. */
export function cpuPressure(world: World, hostName: string): number {
  const rt = runtimeOf(world);
  if (world.hosts[hostName]?.kind !== 'pod' || !rt) return 0;
  const p = Object.values(rt.pods).find((x) => x.host === hostName);
  return (p && podUsages(world, rt).get(p.uid)?.cpuPressure) ?? 0;
}
