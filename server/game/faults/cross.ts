// Cross-layer faults: what turns a lower layer's fault into a cluster symptom. A network or
// host fault that has lasted a few minutes, so that the cluster has reacted to it; a routine
// rollout that makes every node pull an image (so a node that cannot reach the registry
// shows it); a kube-proxy that stopped before the pods were replaced, so the node's Service
// rules point at addresses that are gone.
import { z } from 'zod';
import { formatRfc3339Micro, wallMs } from '../../sim/clock.js';
import { parseImageRef } from '../../sim/k8s/images.js';
import { runtimeOf } from '../../sim/k8s/runtime.js';
import { getObject } from '../../sim/k8s/store.js';
import { catchUp } from '../../sim/tick.js';
import { stopUnit } from '../../sim/units.js';
import type { World } from '../../sim/world/types.js';
import { natGatewayRouteMissing, routeTableWrongTarget, securityGroupMissingPort } from './cloud.js';
import { dnatWrongPort, iptablesDrop, iptablesReject, snatMissing } from './firewall.js';
import { duplicateIp, linkDown, nicDown, trunkVlanMissing, vlanMismatch, wrongPrefix } from './link.js';
import { blackholeRoute, forwardingOff, missingReturnRoute, missingRoute, staleStaticRoute, wrongDefaultGateway } from './routing.js';
import {
  diskFull, dnsServerDown, serviceCrashed, serviceLoopbackOnly, serviceStopped, serviceWrongPort, staleHostsEntry, wrongResolvConf,
} from './service.js';
import { STRATEGIC, call, containerOf, deploymentOf, kubectlTouch, tagsOfRepo } from './cluster-api.js';
import { FaultError, SERVICE_TOOLS, fault, hostOf, unitOf, type FaultType } from './types.js';




const deploymentPath = (ns: string, name: string) => `/apis/apps/v1/namespaces/${ns}/deployments/${name}`;

/**
 * The controllers run from the moment of the fault (before the clock's start) up to where
 * they were. The kubelets' last heartbeats go back to before the fault too, so that what
 * they post from then on (or fail to) is what the cluster sees.
 */
function settle(world: World): void {
  const rt = runtimeOf(world)!;
  const at = world.now;
  const until = rt.syncedTo;
  if (at >= until) return;
  const beat = Math.floor(at / 10_000) * 10_000 - 10_000;
  for (const node of Object.values(rt.nodes)) {
    node.leaseRenewedAt = Math.min(node.leaseRenewedAt, beat);
    node.statusPostedAt = Math.min(node.statusPostedAt, beat);
    node.api = { ...node.api, at: Math.min(node.api.at, beat) };
    const lease = getObject(world.cluster!, 'Lease', 'kube-node-lease', node.host);
    if (lease) lease.spec.renewTime = formatRfc3339Micro(wallMs(beat));
  }
  rt.syncedTo = at - (((at % 1000) + 1000) % 1000);
  world.now = until;
  catchUp(world);
  world.now = at;
}

/** The faults below the cluster that `cluster-aftermath` can let last. */
const BELOW: Record<string, FaultType<Record<string, unknown>>> = Object.fromEntries(
  ([
    nicDown, linkDown, wrongPrefix, duplicateIp, vlanMismatch, trunkVlanMissing,
    missingRoute, missingReturnRoute, wrongDefaultGateway, forwardingOff, blackholeRoute, staleStaticRoute,
    iptablesDrop, iptablesReject, dnatWrongPort, snatMissing, natGatewayRouteMissing, routeTableWrongTarget, securityGroupMissingPort,
    dnsServerDown, wrongResolvConf, staleHostsEntry, serviceStopped, serviceCrashed, serviceLoopbackOnly, serviceWrongPort, diskFull,
  ] as FaultType<unknown>[]).map((f) => [f.id, f as FaultType<Record<string, unknown>>]),
);

const aftermathParams = z
  .object({ fault: z.string() })
  .passthrough()
  .superRefine((p, ctx) => {
    const inner = BELOW[p.fault];
    if (!inner) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['fault'], message: `not a network or host fault: "${p.fault}" (one of ${Object.keys(BELOW).join(', ')})` });
      return;
    }
    const { fault: _, ...rest } = p;
    const r = inner.params.safeParse(rest);
    if (!r.success) for (const issue of r.error.issues) ctx.addIssue({ ...issue, code: z.ZodIssueCode.custom, message: issue.message });
  })
  .transform((p) => {
    const { fault: type, ...rest } = p;
    return { fault: type, ...(BELOW[type].params.parse(rest) as Record<string, unknown>) };
  });

const split = (p: { fault: string } & Record<string, unknown>) => {
  const { fault: type, ...rest } = p;
  return { inner: BELOW[type], rest };
};

export const clusterAftermath = fault({
  id: 'cluster-aftermath',
  layer: 'host',
  summary: 'A network or host fault of the library (`fault`, with its own parameters beside it) that has lasted a few minutes: the cluster has already reacted (nodes NotReady, pulls failing, pods evicted).',
  params: aftermathParams,
  choose(world, p, rng) {
    const { inner, rest } = split(p);
    return inner.choose ? { fault: p.fault, ...inner.choose(world, rest, rng) } : p;
  },
  describe(p) {
    const { inner, rest } = split(p);
    return inner.describe(rest);
  },
  apply(world, p, rng) {
    const { inner, rest } = split(p);
    const touches = inner.apply(world, rest, rng);
    if (runtimeOf(world)) settle(world);
    return touches;
  },
});


export const imageRollout = fault({
  id: 'image-rollout',
  layer: 'kubernetes',
  summary: 'A routine rollout of a new, existing image version: every node that runs a new pod has to pull it (exposes nodes that cannot reach the registry).',
  params: z.strictObject({ namespace: z.string().min(1).default('shop'), deployment: z.string().min(1), container: z.string().optional(), tag: z.string().min(1) }),
  describe: (p) => `deployment ${p.namespace}/${p.deployment} was rolled out to the image tag ${p.tag}, so the nodes had to pull it`,
  apply(world, p) {
    const d = deploymentOf(world, p.namespace, p.deployment);
    const c = containerOf(d, p.container);
    const ref = parseImageRef(c.image);
    if (!ref) throw new FaultError(`cannot parse the image "${c.image}"`);
    if (!tagsOfRepo(world, ref.repository).includes(p.tag)) throw new FaultError(`the registry has no tag "${p.tag}" of ${ref.repository}`);
    if (ref.tag === p.tag) throw new FaultError(`deployment "${p.deployment}" already runs ${p.tag}`);
    call(world, {
      method: 'PATCH', path: deploymentPath(p.namespace, p.deployment), contentType: STRATEGIC,
      body: { spec: { template: { spec: { containers: [{ name: c.name, image: c.image.slice(0, c.image.length - ref.tag.length) + p.tag }] } } } },
    });
    settle(world);
    return [kubectlTouch(p.deployment)];
  },
});

/** `kubectl rollout restart`: a new revision with a fresh restartedAt annotation. */
function restartDeployment(world: World, ns: string, name: string): void {
  call(world, {
    method: 'PATCH', path: deploymentPath(ns, name), contentType: STRATEGIC,
    body: { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': formatRfc3339Micro(wallMs(world.now)).replace(/\.\d+Z$/, 'Z') } } } } },
  });
}

export const rolloutRestart = fault({
  id: 'rollout-restart',
  layer: 'kubernetes',
  summary: 'A routine `kubectl rollout restart` of a deployment: its pods are replaced, so they must be scheduled and started again (exposes nodes that cannot take them).',
  params: z.strictObject({ namespace: z.string().min(1).default('shop'), deployment: z.string().min(1) }),
  describe: (p) => `deployment ${p.namespace}/${p.deployment} was restarted (kubectl rollout restart), so its pods had to be scheduled again`,
  apply(world, p) {
    deploymentOf(world, p.namespace, p.deployment);
    restartDeployment(world, p.namespace, p.deployment);
    settle(world);
    return [kubectlTouch(p.deployment)];
  },
});

const MIB = 1024 * 1024;

export const diskFilling = fault({
  id: 'disk-filling',
  layer: 'host',
  summary: "A file grew until the host's disk is nearly full (by default 95%): no unit fails, but a kubelet reports DiskPressure and the node takes no new pods.",
  params: z.strictObject({
    host: z.string(),
    path: z.string().startsWith('/'),
    /** How full the disk ends up, in percent. */
    percent: z.number().min(1).max(99).default(95),
    /** The last lines of the file, as `tail` shows them. */
    tail: z.array(z.string()).default([]),
  }),
  describe: (p) => `${p.path} grew until the disk of ${p.host} was ${p.percent}% full`,
  apply(world, p) {
    const host = hostOf(world, p.host);
    const target = Math.ceil((host.disk.sizeMb * p.percent) / 100);
    const grow = target - host.disk.usedMb;
    if (grow <= 0) throw new FaultError(`${p.host}'s disk is already ${p.percent}% full`);
    if (host.files[p.path] !== undefined) throw new FaultError(`${p.host} already has ${p.path}`);
    host.disk.files = { ...host.disk.files, [p.path]: grow };
    host.disk.usedMb = target;
    host.files[p.path] = p.tail.map((l) => `${l}\n`).join('').slice(0, grow * MIB);
    if (runtimeOf(world)) settle(world);
    return [{ host: p.host, programs: ['df', 'du', 'ls'] }];
  },
});

export const kubeProxyStale = fault({
  id: 'kube-proxy-stale',
  layer: 'kubernetes',
  summary: "kube-proxy stopped on a node, then a deployment's pods were replaced: the node's Service and NodePort rules still send traffic to the old pod addresses.",
  params: z.strictObject({ node: z.string().min(1), namespace: z.string().min(1).default('shop'), deployment: z.string().min(1) }),
  describe: (p) => `kube-proxy on ${p.node} was stopped before deployment ${p.namespace}/${p.deployment} was restarted, so ${p.node}'s iptables rules still point to the old pods`,
  apply(world, p) {
    deploymentOf(world, p.namespace, p.deployment);
    const host = hostOf(world, p.node);
    const unit = unitOf(host, 'kube-proxy');
    if (unit.state !== 'active') throw new FaultError(`kube-proxy on ${p.node} is not running in the first place`);
    stopUnit(world, host, unit);
    restartDeployment(world, p.namespace, p.deployment);
    settle(world);
    return [{ host: p.node, programs: SERVICE_TOOLS }, { host: p.node, programs: ['iptables', 'iptables-save'] }];
  },
});

/** Every cross-layer fault, for the library. */
export const CROSS_FAULTS = [clusterAftermath, diskFilling, imageRollout, rolloutRestart, kubeProxyStale];
