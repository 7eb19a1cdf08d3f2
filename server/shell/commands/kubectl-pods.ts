// What `kubectl logs` and `kubectl exec` share: finding the pod (POD or TYPE/NAME, the
// first of a controller's pods by kubectl's logging preference), defaulting the container,
// and the API server's connection to the node's kubelet (port 10250) that both go through.
import { parseRfc3339 } from '../../sim/clock.js';
import { probe } from '../../sim/net/engine.js';
import { parseIp } from '../../sim/net/ip.js';
import { resolveResource, type ResourceType } from '../../sim/k8s/resources.js';
import { runtimeOf, type ContainerRuntime, type PodRuntime } from '../../sim/k8s/runtime.js';
import { labelSelectorString } from '../../sim/k8s/selectors.js';
import type { Container, LabelSelector, Pod } from '../../sim/k8s/types.js';
import type { CommandContext } from '../types.js';
import type { KubeClient } from './kubectl-client.js';
import { apiError, apiPath } from './kubectl-rest.js';
import type { KubeError } from './kubectl-errors.js';
import { waitBudget, waitUntil } from './kubectl-wait.js';

export type PodTarget = { ok: true; pod: Pod } | { ok: false; error: KubeError };

/** A controller none of whose pods exists (yet): what kubectl says once --pod-running-timeout ran out. */
const NO_POD_YET: PodTarget = { ok: false, error: { message: 'error: timed out waiting for the condition' } };

const isReady = (p: Pod) => !!p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');

/** kubectl's ByLogging order: scheduled, running, ready, then the oldest. */
function byLogging(a: Pod, b: Pod): number {
  const keys = (p: Pod) => [p.spec.nodeName ? 0 : 1, p.status?.phase === 'Running' ? 0 : 1, isReady(p) ? 0 : 1, parseRfc3339(p.metadata.creationTimestamp ?? '') ?? 0];
  const ka = keys(a);
  const kb = keys(b);
  for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i] - kb[i];
  return 0;
}

/** Why kubectl cannot select pods of a `t` object: `cannot attach to *v1.Service: invalid service ...` (logs: `cannot get the logs from`). */
export function noSelector(t: ResourceType, name: string, sel: unknown, cannot: string): string | undefined {
  // kubectl names the Go type (%T) of the object.
  const type = `*${t.version}.${t.kind}`;
  if (t.kind === 'Service' && !Object.keys(sel ?? {}).length) return `cannot ${cannot} ${type}: invalid service '${name}': Service is defined without a selector`;
  return sel ? undefined : `cannot ${cannot} ${type}: selector for ${type} not implemented`;
}

/** The pod named by `arg` (`web-1`, `pod/web-1`, `deploy/web`, `svc/web`, ...); for `logs`, which says which pod it took. */
export function findPod(ctx: CommandContext, client: KubeClient, arg: string, logs = false): PodTarget {
  const slash = arg.indexOf('/');
  if (slash < 0) return getPod(client, arg);
  const t = resolveResource(arg.slice(0, slash));
  const name = arg.slice(slash + 1);
  if (!t) return { ok: false, error: { message: `error: the server doesn't have a resource type "${arg.slice(0, slash)}"` } };
  if (t.kind === 'Pod') return getPod(client, name);
  const res = client.api({ path: apiPath(t, client.namespace, name) });
  if (res.status !== 200) return { ok: false, error: apiError(res) };
  const obj = res.body as { spec?: { selector?: LabelSelector | Record<string, string> } };
  const sel = obj.spec?.selector;
  const why = noSelector(t, name, sel, logs ? 'get the logs from' : 'attach to');
  if (why || !sel) return { ok: false, error: { message: why ?? '' } };
  const selector = t.kind === 'Service' ? labelSelectorString({ matchLabels: sel as Record<string, string> }) : labelSelectorString(sel as LabelSelector);
  const list = client.api({ path: `/api/v1/namespaces/${client.namespace}/pods`, query: { labelSelector: selector } });
  const pods = ((list.body as { items?: Pod[] }).items ?? []).sort(byLogging);
  if (!pods.length) return NO_POD_YET;
  if (pods.length > 1 && logs) ctx.err(`Found ${pods.length} pods, using pod/${pods[0].metadata.name}\n`);
  return { ok: true, pod: pods[0] };
}

/**
 * findPod, but a controller none of whose pods exists yet is watched until one appears or
 * `timeoutMs` (--pod-running-timeout) runs out, as kubectl's GetFirstPod does. A background
 * job gives up at once rather than hold the player's shell.
 */
export function waitForPod(ctx: CommandContext, client: KubeClient, arg: string, timeoutMs: number, logs = false): PodTarget {
  let target = findPod(ctx, client, arg, logs);
  if (target === NO_POD_YET && !ctx.job) waitUntil(ctx, () => (target = findPod(ctx, client, arg, logs)) !== NO_POD_YET, 1000, waitBudget(ctx, timeoutMs));
  return target;
}

function getPod(client: KubeClient, name: string): PodTarget {
  const res = client.api({ path: `/api/v1/namespaces/${client.namespace}/pods/${encodeURIComponent(name)}` });
  return res.status === 200 ? { ok: true, pod: res.body as Pod } : { ok: false, error: apiError(res) };
}

/**
 * The container `-c` names, or the default one: the `kubectl.kubernetes.io/default-container`
 * annotation, else the first (with the `Defaulted container` note when there are several).
 */
export function pickContainer(ctx: CommandContext, pod: Pod, name: string | undefined, quiet = false): { ok: true; container: Container } | { ok: false; message: string } {
  if (name !== undefined) {
    const c = pod.spec.containers.find((x) => x.name === name) ?? pod.spec.initContainers?.find((x) => x.name === name);
    return c ? { ok: true, container: c } : { ok: false, message: `container ${name} is not valid for pod ${pod.metadata.name}` };
  }
  const annotated = pod.metadata.annotations?.['kubectl.kubernetes.io/default-container'];
  const c = pod.spec.containers.find((x) => x.name === annotated) ?? pod.spec.containers[0];
  if (pod.spec.containers.length > 1 && !annotated && !quiet) {
    const names = [...pod.spec.containers.map((x) => x.name), ...(pod.spec.initContainers ?? []).map((x) => `${x.name} (init)`)];
    ctx.err(`Defaulted container "${c.name}" out of: ${names.join(', ')}\n`);
  }
  return { ok: true, container: c };
}

/** The kubelet's record of the pod, if its node runs it. */
export function podRuntime(ctx: CommandContext, pod: Pod): PodRuntime | undefined {
  return runtimeOf(ctx.world)?.pods[pod.metadata.uid ?? ''];
}

export function containerRuntime(ctx: CommandContext, pod: Pod, name: string): ContainerRuntime | undefined {
  return podRuntime(ctx, pod)?.containers.find((c) => c.name === name);
}

/** Whether the API server can open a connection to the pod's kubelet; the dial error if not. */
export function dialKubelet(ctx: CommandContext, pod: Pod): string | undefined {
  const rt = runtimeOf(ctx.world);
  const node = rt?.nodes[pod.spec.nodeName ?? ''];
  if (!rt || !node) return undefined;
  const r = probe(ctx.world, rt.config.apiServer.host, { dst: parseIp(node.ip)!, proto: 'tcp', dport: 10250 });
  const at = `dial tcp ${node.ip}:10250`;
  if (r.kind === 'reply' && r.tcp === 'syn-ack' && r.service) return undefined;
  if (r.kind === 'timeout') return `${at}: i/o timeout`;
  if (r.kind === 'icmp' && r.type !== 'port-unreachable') return `${at}: connect: no route to host`;
  return `${at}: connect: connection refused`;
}
