// What Kubernetes faults share: the API, called as the client that broke it would call it,
// the objects they act on, and the kubectl words that count as looking at them.
import { serve, type ApiRequest } from '../../sim/k8s/apiserver.js';
import { tagsOf } from '../../sim/k8s/images.js';
import { runtimeOf } from '../../sim/k8s/runtime.js';
import { getObject } from '../../sim/k8s/store.js';
import type { Container, Deployment } from '../../sim/k8s/types.js';
import type { World } from '../../sim/world/types.js';
import { FaultError, type Touch } from './types.js';

export const STRATEGIC = 'application/strategic-merge-patch+json';
export const MERGE = 'application/merge-patch+json';

/** One API request; a refusal is the fault not fitting the world. */
export function call(world: World, req: ApiRequest): unknown {
  const res = serve(world, req);
  if (res.status >= 300) {
    const message = (res.body as { message?: string } | undefined)?.message ?? `HTTP ${res.status}`;
    throw new FaultError(`the API server refused ${req.method ?? 'GET'} ${req.path}: ${message}`);
  }
  return res.body;
}

export function clusterOf(world: World) {
  if (!world.cluster || !runtimeOf(world)) throw new FaultError('the world has no running Kubernetes cluster');
  return world.cluster;
}

export function deploymentOf(world: World, ns: string, name: string): Deployment {
  const d = getObject(clusterOf(world), 'Deployment', ns, name);
  if (!d) throw new FaultError(`no deployment "${name}" in namespace "${ns}"`);
  return d;
}

export function containerOf(d: Deployment, name: string | undefined): Container {
  const cs = d.spec.template.spec.containers;
  const c = name === undefined ? cs[0] : cs.find((x) => x.name === name);
  if (!c) throw new FaultError(`deployment "${d.metadata.name}" has no container "${name}"`);
  return c;
}

/** The tags the registry has of an image repository. */
export function tagsOfRepo(world: World, repo: string): string[] {
  const entry = runtimeOf(world)?.images[repo];
  return entry ? tagsOf(entry) : [];
}

/** kubectl naming the object (`api`, `deploy/api`, a pod `api-...`), from anywhere. */
export function kubectlTouch(...names: string[]): Touch {
  const words = names.flatMap((n) => [n, `${n}-`, `/${n}`]).filter((w) => w.length >= 4 || !w.includes('-'));
  return { host: '*', programs: ['kubectl'], words };
}
