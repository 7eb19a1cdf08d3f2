// One second of the cluster: every controller once, in a fixed order, so that what one
// writes the next sees in the same tick (a Deployment's ReplicaSet, its pods, their node).
// The kubelets and kube-proxies run on their nodes whatever the control plane does; the
// controller manager's loops and the scheduler need their process and a serving API server.
import type { World } from '../world/types.js';
import { all, unlessSettled } from './controllers/common.js';
import { controlPlane } from './controllers/control-plane.js';
import { runDaemonSets } from './controllers/daemonset.js';
import { runDeployments } from './controllers/deployment.js';
import { runEndpoints } from './controllers/endpoints.js';
import { runEventGc } from './controllers/gc.js';
import { runHpas } from './controllers/hpa.js';
import { runCronJobs, runJobs } from './controllers/jobs.js';
import { runKubeProxy } from './controllers/kube-proxy.js';
import { runKubelets } from './controllers/kubelet.js';
import { runNamespaces } from './controllers/namespace.js';
import { runNodeLifecycle } from './controllers/node-lifecycle.js';
import { podsByOwner, runReplicaSets } from './controllers/replicaset.js';
import { runScheduler } from './controllers/scheduler.js';
import { runServiceAccounts } from './controllers/service-accounts.js';
import { runVolumes } from './controllers/volumes.js';
import { runVpas } from './controllers/vpa.js';
import { runIngressStatus } from './ingress.js';
import { runtimeOf } from './runtime.js';

/** Runs the controllers once at `world.now` (a cluster without a runtime is a static snapshot: nothing runs). */
export function tickCluster(world: World): void {
  const rt = runtimeOf(world);
  if (!rt) return;
  const cp = controlPlane(world, rt);
  if (cp.controllerManager) {
    let pods: ReturnType<typeof podsByOwner> | undefined;
    const owned = () => (pods ??= podsByOwner(world));
    unlessSettled(world, 'deployment', ['Deployment', 'ReplicaSet', 'Pod'], () => runDeployments(world, owned()));
    unlessSettled(world, 'replicaset', ['ReplicaSet', 'Pod'], () => runReplicaSets(world, owned()));
    unlessSettled(world, 'daemonset', ['DaemonSet', 'Pod', 'Node'], () => runDaemonSets(world, owned()));
    runCronJobs(world);
    if (all(world, 'Job').length) runJobs(world, owned());
    runServiceAccounts(world);
    runVolumes(world);
    runNamespaces(world);
  }
  if (cp.scheduler) unlessSettled(world, 'scheduler', ['Pod', 'Node', 'PersistentVolumeClaim'], () => runScheduler(world, rt));
  runKubelets(world, rt, cp);
  if (cp.controllerManager) {
    unlessSettled(world, 'endpoints', ['Pod', 'Service', 'Endpoints', 'EndpointSlice', 'Namespace'], () => runEndpoints(world, rt));
    runNodeLifecycle(world);
    runHpas(world, rt);
  }
  if (cp.apiServing) runVpas(world, rt);
  if (cp.apiServing) runEventGc(world, rt);
  if (cp.apiServing) runIngressStatus(world);
  runKubeProxy(world, rt, cp);
  rt.syncedTo = world.now;
}
