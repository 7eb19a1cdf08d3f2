// Which control-plane components work, from their units on the control-plane hosts: the API
// server serves only with etcd behind it; the scheduler and the controller manager act only
// while they run and the API server serves them.
import type { World } from '../../world/types.js';
import type { ClusterRuntime } from '../runtime.js';

export interface ControlPlane {
  /** kube-apiserver runs and etcd answers it. */
  apiServing: boolean;
  etcd: boolean;
  scheduler: boolean;
  controllerManager: boolean;
}

const active = (world: World, hosts: string[], unit: string) => hosts.some((h) => world.hosts[h]?.units[unit]?.state === 'active');

export function controlPlane(world: World, rt: ClusterRuntime): ControlPlane {
  const hosts = rt.config.controlPlane;
  const api = world.hosts[rt.config.apiServer.host]?.units['kube-apiserver']?.state === 'active';
  const etcd = active(world, hosts, 'etcd');
  const apiServing = api && etcd;
  return { apiServing, etcd, scheduler: apiServing && active(world, hosts, 'kube-scheduler'), controllerManager: apiServing && active(world, hosts, 'kube-controller-manager') };
}
