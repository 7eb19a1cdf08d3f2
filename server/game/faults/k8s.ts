// Kubernetes faults. Each acts through the API as the real mistake would — a Deployment
// revision rolled out with a bad field, a Service or Ingress edited, a node drained or
// tainted, a ConfigMap key renamed — or on a node's units (a stopped kubelet). A fault
// injected before the game's clock starts lets the controllers react from the moment it
// happened, so the world opens on its consequences (pods failing, a rollout stuck).
import { z } from 'zod';
import { formatRfc3339, formatRfc3339Micro, parseRfc3339, wallMs } from '../../sim/clock.js';
import { parseImageRef, tagsOf } from '../../sim/k8s/images.js';
import { runtimeOf } from '../../sim/k8s/runtime.js';
import { createObject, getObject, listObjects } from '../../sim/k8s/store.js';
import { VPA_CRD } from '../../sim/k8s/vpa-api.js';
import type { ConfigMap, Ingress, Node, Service, VerticalPodAutoscaler } from '../../sim/k8s/types.js';
import { tickCluster } from '../../sim/k8s/tick.js';
import { catchUp, STEP_MS } from '../../sim/tick.js';
import { stopUnit } from '../../sim/units.js';
import type { World } from '../../sim/world/types.js';
import { MERGE, STRATEGIC, call, clusterOf, containerOf, deploymentOf, kubectlTouch, tagsOfRepo } from './cluster-api.js';
import { FaultError, SERVICE_TOOLS, fault, hostOf, unitOf } from './types.js';

// --- the API, as a client that broke it would call it -----------------------------------


const nsPath = (group: string, ns: string, resource: string, name?: string) =>
  `${group === '' ? '/api/v1' : `/apis/${group}`}/namespaces/${ns}/${resource}${name === undefined ? '' : `/${name}`}`;




function serviceOf(world: World, ns: string, name: string): Service {
  const s = getObject(clusterOf(world), 'Service', ns, name);
  if (!s) throw new FaultError(`no service "${name}" in namespace "${ns}"`);
  return s;
}

/** Rolls out a new revision of a deployment: a strategic merge patch of one container. */
function patchContainer(world: World, ns: string, deployment: string, container: string, patch: Record<string, unknown>, pod: Record<string, unknown> = {}): void {
  call(world, {
    method: 'PATCH', path: nsPath('apps/v1', ns, 'deployments', deployment), contentType: STRATEGIC,
    body: { spec: { template: { spec: { ...pod, containers: [{ name: container, ...patch }] } } } },
  });
}

/** Before this much of the clock's start, the controllers catch up in coarser steps (cheaper; nobody sees those seconds in detail). */
const DETAIL_MS = 120_000;
const COARSE_STEP_MS = 5000;

/**
 * The controllers react to the fault from the moment it happened (`world.now`, before the
 * clock's start when injected with the scenario) up to where they had already run.
 */
function settle(world: World): void {
  const rt = runtimeOf(world)!;
  const at = world.now;
  const until = rt.syncedTo;
  if (at >= until) return;
  rt.syncedTo = at - (((at % STEP_MS) + STEP_MS) % STEP_MS);
  for (let t = rt.syncedTo + COARSE_STEP_MS; t <= until - DETAIL_MS; t += COARSE_STEP_MS) {
    world.now = t;
    tickCluster(world);
  }
  world.now = until;
  catchUp(world);
  world.now = at;
}

// --- touches -----------------------------------------------------------------------------


const nsParams = { namespace: z.string().min(1).default('shop') };
const deployParams = z.strictObject({ ...nsParams, deployment: z.string().min(1), container: z.string().optional() });

// --- bad revisions of a deployment -----------------------------------------------------

/** Tag typos a hurried human makes: two characters swapped, one dropped, one doubled. */
function typosOf(tag: string): string[] {
  const out = new Set<string>();
  for (let i = 0; i + 1 < tag.length; i++) if (tag[i] !== tag[i + 1]) out.add(tag.slice(0, i) + tag[i + 1] + tag[i] + tag.slice(i + 2));
  for (let i = 0; i < tag.length; i++) out.add(tag.slice(0, i) + tag.slice(i + 1));
  for (let i = 0; i < tag.length; i++) out.add(tag.slice(0, i + 1) + tag[i] + tag.slice(i + 1));
  return [...out].filter((t) => t !== '' && !/^[.-]|[.-]$|\.\./.test(t));
}

export const imageTagTypo = fault({
  id: 'image-tag-typo',
  layer: 'kubernetes',
  summary: 'A Deployment rolled out with a mistyped image tag: the registry has no such manifest (ErrImagePull, ImagePullBackOff).',
  params: deployParams.extend({ tag: z.string().min(1).optional() }),
  choose(world, p, rng) {
    if (p.tag !== undefined) return p;
    const c = containerOf(deploymentOf(world, p.namespace, p.deployment), p.container);
    const ref = parseImageRef(c.image);
    if (!ref) throw new FaultError(`cannot parse the image "${c.image}"`);
    const known = tagsOfRepo(world, ref.repository);
    const typos = typosOf(ref.tag).filter((t) => !known.includes(t));
    return { ...p, tag: rng.pick(typos) };
  },
  describe: (p) => `deployment ${p.namespace}/${p.deployment} was rolled out with the image tag "${p.tag}", which does not exist in the registry`,
  apply(world, p) {
    const d = deploymentOf(world, p.namespace, p.deployment);
    const c = containerOf(d, p.container);
    const ref = parseImageRef(c.image);
    if (!ref) throw new FaultError(`cannot parse the image "${c.image}"`);
    if (tagsOfRepo(world, ref.repository).includes(p.tag!)) throw new FaultError(`the registry has a tag "${p.tag}" of ${ref.repository}`);
    const image = c.image.slice(0, c.image.length - ref.tag.length) + p.tag!;
    patchContainer(world, p.namespace, p.deployment, c.name, { image });
    settle(world);
    return [kubectlTouch(p.deployment)];
  },
});


export const missingPullSecret = fault({
  id: 'missing-pull-secret',
  layer: 'kubernetes',
  summary: 'A Deployment revision pulls from a private repository without an imagePullSecret for it: 401 Unauthorized (ImagePullBackOff).',
  params: deployParams.extend({ image: z.string().min(1) }),
  describe: (p) => `deployment ${p.namespace}/${p.deployment} was rolled out with ${p.image}, from a private repository, and no pull secret for its registry`,
  apply(world, p) {
    const d = deploymentOf(world, p.namespace, p.deployment);
    const c = containerOf(d, p.container);
    const ref = parseImageRef(p.image);
    if (!ref) throw new FaultError(`cannot parse the image "${p.image}"`);
    const entry = runtimeOf(world)!.images[ref.repository];
    if (!entry?.private) throw new FaultError(`${ref.repository} is not a private repository of the registry`);
    if (!tagsOf(entry).includes(ref.tag)) throw new FaultError(`the registry has no tag "${ref.tag}" of ${ref.repository}`);
    // The new manifest has no imagePullSecrets (a strategic merge patch would keep the old list).
    const pod = d.spec.template.spec.imagePullSecrets ? { imagePullSecrets: null } : {};
    patchContainer(world, p.namespace, p.deployment, c.name, { image: p.image }, pod);
    settle(world);
    return [kubectlTouch(p.deployment)];
  },
});

export const crashloopMissingEnv = fault({
  id: 'crashloop-missing-env',
  layer: 'kubernetes',
  summary: 'A Deployment revision dropped an environment variable the program requires: it exits at start (CrashLoopBackOff).',
  params: deployParams.extend({ env: z.string().min(1) }),
  describe: (p) => `a new revision of deployment ${p.namespace}/${p.deployment} no longer sets ${p.env}, which the program needs to start`,
  apply(world, p) {
    const d = deploymentOf(world, p.namespace, p.deployment);
    const c = containerOf(d, p.container);
    if (!(c.env ?? []).some((e) => e.name === p.env)) throw new FaultError(`container "${c.name}" does not set ${p.env}`);
    call(world, {
      method: 'PATCH', path: nsPath('apps/v1', p.namespace, 'deployments', p.deployment), contentType: STRATEGIC,
      body: { spec: { template: { spec: { containers: [{ name: c.name, env: [{ name: p.env, $patch: 'delete' }] }] } } } },
    });
    settle(world);
    return [kubectlTouch(p.deployment)];
  },
});

export const oomLimitTooLow = fault({
  id: 'oom-limit-too-low',
  layer: 'kubernetes',
  summary: "A Deployment revision set a memory limit below the program's working set: the kernel OOM-kills it (OOMKilled, CrashLoopBackOff).",
  params: deployParams.extend({ limit: z.string().regex(/^\d+(Mi|Ki|Gi|M|K|G)?$/, 'a memory quantity like 64Mi').default('64Mi') }),
  describe: (p) => `a new revision of deployment ${p.namespace}/${p.deployment} limits its memory to ${p.limit}, less than the program needs`,
  apply(world, p) {
    const d = deploymentOf(world, p.namespace, p.deployment);
    const c = containerOf(d, p.container);
    const request = c.resources?.requests?.memory;
    patchContainer(world, p.namespace, p.deployment, c.name, { resources: { limits: { memory: p.limit }, ...(request ? { requests: { memory: p.limit } } : {}) } });
    settle(world);
    return [kubectlTouch(p.deployment)];
  },
});

export const memoryCutBelowVpa = fault({
  id: 'memory-cut-below-vpa',
  layer: 'kubernetes',
  summary: "A cost-cutting revision set a Deployment's memory request and limit below its working set (OOMKilled), while its VerticalPodAutoscaler, in recommendation-only mode (Off), recommends more.",
  params: deployParams.extend({ limit: z.string().regex(/^\d+(Mi|Ki|Gi|M|K|G)?$/, 'a memory quantity like 64Mi').default('64Mi') }),
  describe: (p) => `a new revision of deployment ${p.namespace}/${p.deployment} cut its memory to ${p.limit}, below what the program needs and what its VPA recommends`,
  apply(world, p) {
    const c = clusterOf(world);
    if (!c.crds?.includes(VPA_CRD)) throw new FaultError('the cluster has no VerticalPodAutoscaler add-on (cluster.addons: [vpa])');
    const d = deploymentOf(world, p.namespace, p.deployment);
    const container = containerOf(d, p.container);
    // The platform team's VPA has watched the deployment since it was created: memory only, recommending only.
    if (!getObject(c, 'VerticalPodAutoscaler', p.namespace, p.deployment)) {
      const vpa: VerticalPodAutoscaler = {
        apiVersion: 'autoscaling.k8s.io/v1', kind: 'VerticalPodAutoscaler',
        metadata: { name: p.deployment, namespace: p.namespace, creationTimestamp: d.metadata.creationTimestamp },
        spec: {
          targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: p.deployment }, updatePolicy: { updateMode: 'Off' },
          resourcePolicy: { containerPolicies: [{ containerName: '*', controlledResources: ['memory'] }] },
        },
      };
      createObject(world, vpa);
    }
    patchContainer(world, p.namespace, p.deployment, container.name, { resources: { requests: { memory: p.limit }, limits: { memory: p.limit } } });
    settle(world);
    return [kubectlTouch(p.deployment), { host: '*', programs: ['kubectl'], words: ['vpa', 'verticalpodautoscaler', 'verticalpodautoscalers'] }];
  },
});

export const livenessKillsSlowStart = fault({
  id: 'liveness-kills-slow-start',
  layer: 'kubernetes',
  summary: 'A liveness probe with too short an initial delay kills a slow-starting program before it listens (restarts, CrashLoopBackOff).',
  params: deployParams.extend({
    /** The image version that starts slowly (its tag), rolled out with the probe. */
    tag: z.string().min(1).optional(),
    path: z.string().startsWith('/').default('/healthz'),
    initialDelaySeconds: z.number().int().min(0).default(5),
    periodSeconds: z.number().int().min(1).default(5),
    failureThreshold: z.number().int().min(1).default(3),
  }),
  describe: (p) => `a new revision of deployment ${p.namespace}/${p.deployment} added a liveness probe that starts after ${p.initialDelaySeconds}s and gives up after ${p.failureThreshold} failures every ${p.periodSeconds}s, before the program listens`,
  apply(world, p) {
    const d = deploymentOf(world, p.namespace, p.deployment);
    const c = containerOf(d, p.container);
    const port = c.ports?.[0]?.containerPort;
    if (port === undefined) throw new FaultError(`container "${c.name}" declares no port`);
    const ref = parseImageRef(c.image);
    const image = p.tag === undefined || !ref ? c.image : c.image.slice(0, c.image.length - ref.tag.length) + p.tag;
    patchContainer(world, p.namespace, p.deployment, c.name, {
      image,
      livenessProbe: { httpGet: { path: p.path, port }, initialDelaySeconds: p.initialDelaySeconds, periodSeconds: p.periodSeconds, failureThreshold: p.failureThreshold },
    });
    settle(world);
    return [kubectlTouch(p.deployment)];
  },
});

export const readinessWrongPort = fault({
  id: 'readiness-wrong-port',
  layer: 'kubernetes',
  summary: 'A readiness probe checks a port the program does not listen on: the pods run but never become ready.',
  params: deployParams.extend({ port: z.number().int().min(1).max(65535) }),
  describe: (p) => `a new revision of deployment ${p.namespace}/${p.deployment} probes readiness on port ${p.port}, where nothing listens`,
  apply(world, p) {
    const d = deploymentOf(world, p.namespace, p.deployment);
    const c = containerOf(d, p.container);
    const probe = c.readinessProbe;
    if (!probe?.httpGet && !probe?.tcpSocket) throw new FaultError(`container "${c.name}" has no HTTP or TCP readiness probe`);
    const next = probe.httpGet ? { httpGet: { ...probe.httpGet, port: p.port } } : { tcpSocket: { ...probe.tcpSocket, port: p.port } };
    patchContainer(world, p.namespace, p.deployment, c.name, { readinessProbe: next });
    settle(world);
    return [kubectlTouch(p.deployment)];
  },
});

export const requestsTooLarge = fault({
  id: 'requests-too-large',
  layer: 'kubernetes',
  summary: 'A Deployment revision requests more CPU or memory than any node can offer: its pods stay Pending (Insufficient cpu/memory).',
  params: deployParams.extend({ cpu: z.string().optional(), memory: z.string().optional() }).refine((p) => p.cpu !== undefined || p.memory !== undefined, 'give cpu or memory'),
  describe: (p) => `a new revision of deployment ${p.namespace}/${p.deployment} requests ${[p.cpu && `${p.cpu} CPU`, p.memory && `${p.memory} of memory`].filter(Boolean).join(' and ')}, more than a node has free`,
  apply(world, p) {
    const d = deploymentOf(world, p.namespace, p.deployment);
    const c = containerOf(d, p.container);
    const requests = { ...(p.cpu ? { cpu: p.cpu } : {}), ...(p.memory ? { memory: p.memory } : {}) };
    const limits = c.resources?.limits ? { ...(p.cpu && c.resources.limits.cpu ? { cpu: p.cpu } : {}), ...(p.memory && c.resources.limits.memory ? { memory: p.memory } : {}) } : {};
    patchContainer(world, p.namespace, p.deployment, c.name, { resources: { requests, ...(Object.keys(limits).length ? { limits } : {}) } });
    settle(world);
    return [kubectlTouch(p.deployment)];
  },
});

export const configmapKeyMissing = fault({
  id: 'configmap-key-missing',
  layer: 'kubernetes',
  summary: 'A ConfigMap key a Deployment reads was renamed, then the pods were restarted: CreateContainerConfigError.',
  params: z.strictObject({ ...nsParams, configmap: z.string().min(1), key: z.string().min(1), renamedTo: z.string().min(1).optional(), deployment: z.string().min(1) }),
  describe: (p) => `key ${p.key} of configmap ${p.namespace}/${p.configmap} was ${p.renamedTo ? `renamed to ${p.renamedTo}` : 'removed'} and deployment ${p.namespace}/${p.deployment}, which reads it, was restarted`,
  apply(world, p) {
    const cm = getObject(clusterOf(world), 'ConfigMap', p.namespace, p.configmap) as ConfigMap | undefined;
    if (!cm?.data || !(p.key in cm.data)) throw new FaultError(`configmap "${p.configmap}" has no key ${p.key}`);
    deploymentOf(world, p.namespace, p.deployment);
    const data: Record<string, string | null> = { [p.key]: null };
    if (p.renamedTo) data[p.renamedTo] = cm.data[p.key];
    call(world, { method: 'PATCH', path: nsPath('', p.namespace, 'configmaps', p.configmap), contentType: MERGE, body: { data } });
    // `kubectl rollout restart`, to pick up the new configuration.
    call(world, {
      method: 'PATCH', path: nsPath('apps/v1', p.namespace, 'deployments', p.deployment), contentType: STRATEGIC,
      body: { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': formatRfc3339Micro(wallMs(world.now)).replace(/\.\d+Z$/, 'Z') } } } } },
    });
    settle(world);
    return [kubectlTouch(p.deployment, p.configmap)];
  },
});

export const pvcMissingStorageclass = fault({
  id: 'pvc-missing-storageclass',
  layer: 'kubernetes',
  summary: 'A release adds a volume whose PersistentVolumeClaim names a StorageClass the cluster does not have: claim and pods stay Pending.',
  params: deployParams.extend({
    claim: z.string().min(1),
    storageClass: z.string().min(1),
    size: z.string().regex(/^\d+(Mi|Gi|Ti)$/, 'a size like 5Gi').default('5Gi'),
    mountPath: z.string().startsWith('/').default('/var/cache/app'),
  }),
  describe: (p) => `deployment ${p.namespace}/${p.deployment} now mounts the claim ${p.claim}, which asks for the StorageClass "${p.storageClass}" that the cluster does not have`,
  apply(world, p) {
    const d = deploymentOf(world, p.namespace, p.deployment);
    const c = containerOf(d, p.container);
    if (getObject(clusterOf(world), 'StorageClass', undefined, p.storageClass)) throw new FaultError(`the cluster has a StorageClass "${p.storageClass}"`);
    call(world, {
      method: 'POST', path: nsPath('', p.namespace, 'persistentvolumeclaims'),
      body: {
        apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: p.claim, namespace: p.namespace },
        spec: { storageClassName: p.storageClass, accessModes: ['ReadWriteOnce'], resources: { requests: { storage: p.size } } },
      },
    });
    patchContainer(world, p.namespace, p.deployment, c.name, { volumeMounts: [{ name: 'cache', mountPath: p.mountPath }] }, { volumes: [{ name: 'cache', persistentVolumeClaim: { claimName: p.claim } }] });
    settle(world);
    return [kubectlTouch(p.deployment, p.claim), { host: '*', programs: ['kubectl'], words: ['pvc', 'persistentvolumeclaim', 'persistentvolumeclaims', 'storageclass', 'sc'] }];
  },
});

// --- Services and Ingress ------------------------------------------------------------

export const serviceSelectorMismatch = fault({
  id: 'service-selector-mismatch',
  layer: 'kubernetes',
  summary: "A Service's selector no longer matches its pods' labels: it has no endpoints.",
  params: z.strictObject({ ...nsParams, service: z.string().min(1), selector: z.record(z.string(), z.string()) }),
  describe: (p) => `the selector of service ${p.namespace}/${p.service} was changed to ${Object.entries(p.selector).map(([k, v]) => `${k}=${v}`).join(',')}, which no pod carries`,
  apply(world, p) {
    const svc = serviceOf(world, p.namespace, p.service);
    const old = svc.spec.selector ?? {};
    const next: Record<string, string | null> = { ...p.selector };
    for (const k of Object.keys(old)) if (!(k in p.selector)) next[k] = null;
    call(world, { method: 'PATCH', path: nsPath('', p.namespace, 'services', p.service), contentType: MERGE, body: { spec: { selector: next } } });
    settle(world);
    return [kubectlTouch(p.service)];
  },
});

export const serviceWrongTargetPort = fault({
  id: 'service-wrong-target-port',
  layer: 'kubernetes',
  summary: "A Service's targetPort points to a port the pods do not listen on: connections to it are refused.",
  params: z.strictObject({ ...nsParams, service: z.string().min(1), targetPort: z.union([z.number().int().min(1).max(65535), z.string().min(1)]) }),
  describe: (p) => `service ${p.namespace}/${p.service} forwards to targetPort ${p.targetPort}, where its pods do not listen`,
  apply(world, p) {
    const svc = serviceOf(world, p.namespace, p.service);
    const ports = (svc.spec.ports ?? []).map((x, i) => (i === 0 ? { ...x, targetPort: p.targetPort } : x));
    if (!ports.length) throw new FaultError(`service "${p.service}" has no ports`);
    call(world, { method: 'PATCH', path: nsPath('', p.namespace, 'services', p.service), contentType: MERGE, body: { spec: { ports } } });
    settle(world);
    return [kubectlTouch(p.service)];
  },
});

function ingressOf(world: World, ns: string, name: string): Ingress {
  const ing = getObject(clusterOf(world), 'Ingress', ns, name) as Ingress | undefined;
  if (!ing?.spec?.rules?.length) throw new FaultError(`no ingress "${name}" with rules in namespace "${ns}"`);
  return ing;
}

export const ingressWrongHost = fault({
  id: 'ingress-wrong-host',
  layer: 'kubernetes',
  summary: "An Ingress rule's host was changed: requests for the real name match no rule (404 from the ingress controller).",
  params: z.strictObject({ ...nsParams, ingress: z.string().min(1), host: z.string().min(1) }),
  describe: (p) => `the rule of ingress ${p.namespace}/${p.ingress} was changed to the host ${p.host}`,
  apply(world, p) {
    const ing = ingressOf(world, p.namespace, p.ingress);
    const rules = ing.spec.rules!.map((r, i) => (i === 0 ? { ...r, host: p.host } : r));
    call(world, { method: 'PATCH', path: nsPath('networking.k8s.io/v1', p.namespace, 'ingresses', p.ingress), contentType: MERGE, body: { spec: { rules } } });
    settle(world);
    return [kubectlTouch(p.ingress)];
  },
});

export const ingressWrongPath = fault({
  id: 'ingress-wrong-path',
  layer: 'kubernetes',
  summary: 'An Ingress path was changed: requests under the old path go to another backend or get a 404.',
  params: z.strictObject({ ...nsParams, ingress: z.string().min(1), from: z.string().startsWith('/'), to: z.string().startsWith('/') }),
  describe: (p) => `the path ${p.from} of ingress ${p.namespace}/${p.ingress} was changed to ${p.to}`,
  apply(world, p) {
    const ing = ingressOf(world, p.namespace, p.ingress);
    let found = false;
    const rules = ing.spec.rules!.map((r) => ({
      ...r,
      http: r.http && { ...r.http, paths: r.http.paths.map((x) => (x.path === p.from ? ((found = true), { ...x, path: p.to }) : x)) },
    }));
    if (!found) throw new FaultError(`ingress "${p.ingress}" has no path ${p.from}`);
    call(world, { method: 'PATCH', path: nsPath('networking.k8s.io/v1', p.namespace, 'ingresses', p.ingress), contentType: MERGE, body: { spec: { rules } } });
    settle(world);
    return [kubectlTouch(p.ingress)];
  },
});

export const networkpolicyDefaultDeny = fault({
  id: 'networkpolicy-default-deny',
  layer: 'kubernetes',
  summary: 'A NetworkPolicy selecting every pod of a namespace with no ingress rule: all traffic to them is dropped.',
  params: z.strictObject({ ...nsParams, name: z.string().min(1).default('baseline') }),
  describe: (p) => `NetworkPolicy ${p.namespace}/${p.name} selects every pod of the namespace and allows no ingress`,
  apply(world, p) {
    clusterOf(world);
    call(world, {
      method: 'POST', path: nsPath('networking.k8s.io/v1', p.namespace, 'networkpolicies'),
      body: { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: p.name, namespace: p.namespace }, spec: { podSelector: {}, policyTypes: ['Ingress'] } },
    });
    settle(world);
    return [kubectlTouch(p.name), { host: '*', programs: ['kubectl'], words: ['netpol', 'networkpolicy', 'networkpolicies', 'networkpolicy.networking.k8s.io'] }];
  },
});

export const hpaMaxTooLow = fault({
  id: 'hpa-max-too-low',
  layer: 'kubernetes',
  summary: "A HorizontalPodAutoscaler's maxReplicas is too low for the load: it sits at the max while the pods are throttled.",
  params: z.strictObject({
    ...nsParams,
    deployment: z.string().min(1),
    max: z.number().int().min(1),
    min: z.number().int().min(1).default(2),
    /** Target average CPU utilisation, percent of the request. */
    cpu: z.number().int().min(1).max(100).default(60),
  }),
  describe: (p) => `the autoscaler of deployment ${p.namespace}/${p.deployment} may scale it to ${p.max} replicas only, too few for the load`,
  apply(world, p) {
    deploymentOf(world, p.namespace, p.deployment);
    const existing = getObject(clusterOf(world), 'HorizontalPodAutoscaler', p.namespace, p.deployment);
    const spec = {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: p.deployment }, minReplicas: Math.min(p.min, p.max), maxReplicas: p.max,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: p.cpu } } }],
    };
    if (existing) call(world, { method: 'PATCH', path: nsPath('autoscaling/v2', p.namespace, 'horizontalpodautoscalers', p.deployment), contentType: MERGE, body: { spec } });
    else call(world, { method: 'POST', path: nsPath('autoscaling/v2', p.namespace, 'horizontalpodautoscalers'), body: { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: p.deployment, namespace: p.namespace }, spec } });
    settle(world);
    return [kubectlTouch(p.deployment), { host: '*', programs: ['kubectl'], words: ['hpa', 'horizontalpodautoscaler', 'horizontalpodautoscalers'] }];
  },
});

// --- nodes and the control plane ------------------------------------------------------

const nodesParams = z.strictObject({ nodes: z.array(z.string().min(1)).min(1) });

function nodeOf(world: World, name: string): Node {
  const n = getObject(clusterOf(world), 'Node', undefined, name);
  if (!n) throw new FaultError(`no node "${name}"`);
  return n;
}

/** Evicts the pods on `node` that a controller would recreate elsewhere (not DaemonSet pods), as `kubectl drain` does. */
function evictPods(world: World, node: string): void {
  for (const pod of listObjects(clusterOf(world), 'Pod')) {
    if (pod.spec.nodeName !== node || pod.metadata.deletionTimestamp) continue;
    if (pod.metadata.ownerReferences?.some((r) => r.kind === 'DaemonSet')) continue;
    if (pod.metadata.namespace === 'kube-system' && !pod.metadata.ownerReferences?.length) continue;
    call(world, { method: 'POST', path: `${nsPath('', pod.metadata.namespace!, 'pods', pod.metadata.name)}/eviction`, body: { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: pod.metadata.name, namespace: pod.metadata.namespace } } });
  }
}

export const nodesDrained = fault({
  id: 'node-cordoned',
  layer: 'kubernetes',
  summary: 'Nodes drained for maintenance and never uncordoned: their pods were evicted and nothing can be scheduled on them.',
  params: nodesParams,
  describe: (p) => `node${p.nodes.length > 1 ? 's' : ''} ${p.nodes.join(', ')} ${p.nodes.length > 1 ? 'were' : 'was'} drained and left cordoned`,
  apply(world, p) {
    for (const n of p.nodes) nodeOf(world, n);
    for (const n of p.nodes) {
      call(world, { method: 'PATCH', path: `/api/v1/nodes/${n}`, contentType: STRATEGIC, body: { spec: { unschedulable: true } } });
      evictPods(world, n);
    }
    settle(world);
    return [{ host: '*', programs: ['kubectl'], words: ['nodes', 'node', 'no', ...p.nodes] }];
  },
});

export const nodeTainted = fault({
  id: 'node-tainted',
  layer: 'kubernetes',
  summary: "Nodes given a NoExecute taint the workloads do not tolerate: their pods are evicted and stay Pending.",
  params: nodesParams.extend({ key: z.string().min(1).default('dedicated'), value: z.string().default('batch'), effect: z.enum(['NoSchedule', 'NoExecute']).default('NoExecute') }),
  describe: (p) => `node${p.nodes.length > 1 ? 's' : ''} ${p.nodes.join(', ')} got the taint ${p.key}=${p.value}:${p.effect}, which the workloads do not tolerate`,
  apply(world, p) {
    for (const n of p.nodes) {
      const node = nodeOf(world, n);
      const taints = [...(node.spec.taints ?? []).map(({ key, value, effect }) => ({ key, value, effect })), { key: p.key, value: p.value, effect: p.effect }];
      call(world, { method: 'PATCH', path: `/api/v1/nodes/${n}`, contentType: MERGE, body: { spec: { taints } } });
    }
    settle(world);
    return [{ host: '*', programs: ['kubectl'], words: ['nodes', 'node', 'no', ...p.nodes] }];
  },
});

/**
 * The node's last heartbeat (lease renewal, status post) came before the fault, not after:
 * its kubelet runs on from then in `settle`, instead of from where the controllers had run.
 */
function lastHeartbeatBefore(world: World, name: string): void {
  const rt = runtimeOf(world)!;
  const node = rt.nodes[name];
  const renewed = Math.floor(world.now / 10_000) * 10_000 - 10_000;
  if (world.now >= rt.syncedTo || node.leaseRenewedAt <= renewed) return;
  node.leaseRenewedAt = renewed;
  node.statusPostedAt = Math.min(node.statusPostedAt, renewed);
  const lease = getObject(clusterOf(world), 'Lease', 'kube-node-lease', name);
  if (lease) lease.spec.renewTime = formatRfc3339Micro(wallMs(renewed));
  const last = formatRfc3339(wallMs(renewed));
  for (const c of getObject(clusterOf(world), 'Node', undefined, name)?.status.conditions ?? []) {
    if (c.lastHeartbeatTime && parseRfc3339(c.lastHeartbeatTime)! > wallMs(renewed)) c.lastHeartbeatTime = last;
  }
}

export const kubeletStopped = fault({
  id: 'kubelet-stopped',
  layer: 'kubernetes',
  summary: 'The kubelet of a node was stopped: the node goes NotReady and its pods are evicted after five minutes.',
  params: z.strictObject({ node: z.string().min(1) }),
  describe: (p) => `the kubelet on ${p.node} was stopped and nobody started it again`,
  apply(world, p) {
    nodeOf(world, p.node);
    const host = hostOf(world, p.node);
    const unit = unitOf(host, 'kubelet');
    if (unit.state !== 'active') throw new FaultError(`the kubelet on ${p.node} is not running in the first place`);
    stopUnit(world, host, unit);
    lastHeartbeatBefore(world, p.node);
    settle(world);
    return [{ host: p.node, programs: SERVICE_TOOLS }, { host: '*', programs: ['kubectl'], words: ['nodes', 'node', 'no', p.node] }];
  },
});

export const containerRuntimeStopped = fault({
  id: 'container-runtime-stopped',
  layer: 'kubernetes',
  summary: "A node's container runtime (containerd) was stopped: the kubelet reports the node NotReady.",
  params: z.strictObject({ node: z.string().min(1) }),
  describe: (p) => `containerd on ${p.node} was stopped and nobody started it again`,
  apply(world, p) {
    nodeOf(world, p.node);
    const host = hostOf(world, p.node);
    const unit = unitOf(host, 'containerd');
    if (unit.state !== 'active') throw new FaultError(`containerd on ${p.node} is not running in the first place`);
    stopUnit(world, host, unit);
    lastHeartbeatBefore(world, p.node);
    settle(world);
    return [{ host: p.node, programs: [...SERVICE_TOOLS, 'crictl'] }, { host: '*', programs: ['kubectl'], words: ['nodes', 'node', 'no', p.node] }];
  },
});

export const corednsScaledToZero = fault({
  id: 'coredns-scaled-to-zero',
  layer: 'kubernetes',
  summary: 'CoreDNS scaled to zero replicas: names inside the cluster stop resolving.',
  params: z.strictObject({ namespace: z.string().default('kube-system'), deployment: z.string().default('coredns') }),
  describe: (p) => `deployment ${p.namespace}/${p.deployment} (the cluster DNS) was scaled to 0 replicas`,
  apply(world, p) {
    deploymentOf(world, p.namespace, p.deployment);
    call(world, { method: 'PATCH', path: `${nsPath('apps/v1', p.namespace, 'deployments', p.deployment)}/scale`, contentType: MERGE, body: { spec: { replicas: 0 } } });
    settle(world);
    return [kubectlTouch(p.deployment), { host: '*', programs: ['kubectl'], words: ['kube-system'] }];
  },
});

/** Every Kubernetes fault, for the library. */
export const K8S_FAULTS = [
  imageTagTypo, missingPullSecret, crashloopMissingEnv, oomLimitTooLow, memoryCutBelowVpa, livenessKillsSlowStart, readinessWrongPort, requestsTooLarge, configmapKeyMissing, pvcMissingStorageclass,
  serviceSelectorMismatch, serviceWrongTargetPort, ingressWrongHost, ingressWrongPath, networkpolicyDefaultDeny, hpaMaxTooLow,
  nodesDrained, nodeTainted, kubeletStopped, containerRuntimeStopped, corednsScaledToZero,
];
