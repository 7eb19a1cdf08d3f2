// `kubectl describe TYPE [NAME_PREFIX | NAME...]`: fetches the objects, then each kind's
// describer asks the API server for what it shows alongside (events, replica sets,
// endpoint slices, the node's pods and lease), like kubectl's describe.go.
import { wallMs } from '../../sim/clock.js';
import type { Status } from '../../sim/k8s/apiserver.js';
import type { ResourceType } from '../../sim/k8s/resources.js';
import type {
  ConfigMap, CronJob, DaemonSet, Deployment, EndpointSlice, Endpoints, Event, HorizontalPodAutoscaler, Ingress, IngressBackend, Job, KubeObject, Lease, Namespace, NetworkPolicy, Node, PersistentVolumeClaim, Pod, ReplicaSet, Secret, Service, ServiceAccount,
} from '../../sim/k8s/types.js';
import { labelSelectorString } from '../../sim/k8s/selectors.js';
import type { CommandContext } from '../types.js';
import { resolveArgs } from './kubectl-args.js';
import { connect, type KubeClient } from './kubectl-client.js';
import { describeGeneric } from './kubectl-describe-generic.js';
import { describeCronJob, describeDaemonSet, describeJob, describePvc, describeServiceAccount } from './kubectl-describe-batch.js';
import { describePod } from './kubectl-describe-pod.js';
import { describeEndpointSlice, describeEndpoints, describeHpa, describeIngress, describeNetworkPolicy, serviceBackendString } from './kubectl-describe-net.js';
import { describeConfigMap, describeDeployment, describeNamespace, describeNode, describeSecret, describeService, formatEndpointSlices } from './kubectl-describe-resources.js';
import { PrefixWriter } from './kubectl-describe-util.js';
import { connectionRefused, plainError, reportErrors, usageError, type KubeError } from './kubectl-errors.js';
import { printHelp } from './kubectl-help-commands.js';
import { flagBool, flagString, GLOBAL_FLAGS, parseFlags } from './kubectl-flags.js';
import { fetchTargets } from './kubectl-get.js';

const DESCRIBE_FLAGS = [
  ...GLOBAL_FLAGS,
  { name: 'selector', short: 'l', type: 'string' as const },
  { name: 'all-namespaces', short: 'A', type: 'bool' as const },
  { name: 'show-events', type: 'bool' as const },
  { name: 'chunk-size', type: 'int' as const },
  { name: 'filename', short: 'f', type: 'stringArray' as const },
  { name: 'kustomize', short: 'k', type: 'string' as const },
  { name: 'recursive', short: 'R', type: 'bool' as const },
];

type Items = { items: KubeObject[] };

function list<T>(client: KubeClient, path: string, query: Record<string, string>): T[] {
  const res = client.api({ path, query });
  return res.status === 200 ? ((res.body as Items).items as T[]) : [];
}

/** searchEvents: events whose involvedObject is this object (by name, namespace, kind, uid). */
function searchEvents(client: KubeClient, obj: KubeObject, withKind: boolean, uid = obj.metadata.uid ?? ''): Event[] {
  const ns = obj.metadata.namespace ?? '';
  const fields = [`involvedObject.name=${obj.metadata.name}`, `involvedObject.namespace=${ns}`];
  if (withKind) fields.push(`involvedObject.kind=${obj.kind}`);
  fields.push(`involvedObject.uid=${uid}`);
  return list<Event>(client, ns ? `/api/v1/namespaces/${ns}/events` : '/api/v1/events', { fieldSelector: fields.join(',') });
}

/** An Ingress backend as describeBackendV1 shows it: `svc:port (ready endpoints of that port)`. */
function describeBackend(client: KubeClient, ns: string, b: IngressBackend): string {
  if (!b.service) return '';
  const sb = serviceBackendString(b.service);
  const slices = list<EndpointSlice>(client, `/apis/discovery.k8s.io/v1/namespaces/${ns}/endpointslices`, { labelSelector: `kubernetes.io/service-name=${b.service.name}` });
  const res = client.api({ path: `/api/v1/namespaces/${ns}/services/${b.service.name}` });
  if (res.status !== 200) return `${sb} (<error: ${(res.body as Status).message}>)`;
  let portName = '';
  for (const sp of (res.body as Service).spec.ports ?? []) {
    if ((b.service.port.number && b.service.port.number === sp.port) || (b.service.port.name && b.service.port.name === sp.name)) portName = sp.name ?? '';
  }
  return `${sb} (${formatEndpointSlices(slices, portName)})`;
}

/** The describe text of one object, or undefined when this kind has no describer here. */
function describeObject(client: KubeClient, obj: KubeObject, showEvents: boolean): string | undefined {
  const now = wallMs(client.ctx.world.now);
  const w = new PrefixWriter();
  const events = (withKind: boolean) => (showEvents ? searchEvents(client, obj, withKind) : undefined);
  switch (obj.kind) {
    case 'Pod':
      describePod(w, obj as Pod, events(false), now);
      break;
    case 'Deployment': {
      const d = obj as Deployment;
      const evs = events(true);
      const rs = list<ReplicaSet>(client, `/apis/apps/v1/namespaces/${d.metadata.namespace}/replicasets`, { labelSelector: labelSelectorString(d.spec.selector) });
      describeDeployment(w, d, rs, evs, now);
      break;
    }
    case 'Service': {
      const svc = obj as Service;
      const slices = list<EndpointSlice>(client, `/apis/discovery.k8s.io/v1/namespaces/${svc.metadata.namespace}/endpointslices`, { labelSelector: `kubernetes.io/service-name=${svc.metadata.name}` });
      describeService(w, svc, slices, events(true), now);
      break;
    }
    case 'Node': {
      const node = obj as Node;
      const pods = list<Pod>(client, '/api/v1/pods', { fieldSelector: `spec.nodeName=${node.metadata.name},status.phase!=Succeeded,status.phase!=Failed` });
      const evs = showEvents ? [...searchEvents(client, node, true), ...searchEvents(client, node, true, node.metadata.name)] : undefined;
      const res = client.api({ path: `/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/${node.metadata.name}` });
      const lease = res.status === 200 ? (res.body as Lease) : undefined;
      describeNode(w, node, pods, lease, lease ? '' : (res.body as Status).message, evs, now);
      break;
    }
    case 'Namespace':
      describeNamespace(w, obj as Namespace);
      break;
    case 'ConfigMap':
      describeConfigMap(w, obj as ConfigMap, events(true), now);
      break;
    case 'Secret':
      describeSecret(w, obj as Secret);
      break;
    case 'Ingress': {
      const ing = obj as Ingress;
      describeIngress(w, ing, (b) => describeBackend(client, ing.metadata.namespace ?? 'default', b), events(true), now);
      break;
    }
    case 'NetworkPolicy':
      describeNetworkPolicy(w, obj as NetworkPolicy);
      break;
    case 'Endpoints':
      describeEndpoints(w, obj as Endpoints, events(true), now);
      break;
    case 'EndpointSlice':
      describeEndpointSlice(w, obj as EndpointSlice, events(true), now);
      break;
    case 'HorizontalPodAutoscaler':
      describeHpa(w, obj as HorizontalPodAutoscaler, events(true), now);
      break;
    case 'VerticalPodAutoscaler':
    case 'VerticalPodAutoscalerCheckpoint':
      describeGeneric(w, obj, events(true), now);
      break;
    case 'Job':
      describeJob(w, obj as Job, events(true), now);
      break;
    case 'CronJob':
      describeCronJob(w, obj as CronJob, events(true), now);
      break;
    case 'ServiceAccount': {
      const secrets = list<Secret>(client, `/api/v1/namespaces/${obj.metadata.namespace}/secrets`, {});
      describeServiceAccount(w, obj as ServiceAccount, new Set(secrets.map((x) => x.metadata.name)), events(true), now);
      break;
    }
    case 'DaemonSet': {
      const ds = obj as DaemonSet;
      const pods = list<Pod>(client, `/api/v1/namespaces/${ds.metadata.namespace}/pods`, { labelSelector: labelSelectorString(ds.spec.selector) });
      describeDaemonSet(w, ds, pods.filter((p) => p.metadata.ownerReferences?.some((r) => r.controller && r.uid === ds.metadata.uid)), events(true), now);
      break;
    }
    case 'PersistentVolumeClaim': {
      const pvc = obj as PersistentVolumeClaim;
      describePvc(w, pvc, list<Pod>(client, `/api/v1/namespaces/${pvc.metadata.namespace}/pods`, {}), events(true), now);
      break;
    }
    default:
      return undefined;
  }
  return w.text();
}

export function runDescribe(ctx: CommandContext, argv: string[]): number {
  const parsed = parseFlags(argv, DESCRIBE_FLAGS);
  if (!parsed.ok) return usageError(ctx, 'kubectl describe', parsed.error);
  const flags = parsed.flags;
  if (flagBool(flags, 'help')) return printHelp(ctx, 'describe');
  if (flags.args.length === 0) {
    return plainError(ctx, 'You must specify the type of resource to describe. Use "kubectl api-resources" for a complete list of supported resources.');
  }
  const conn = connect(ctx, flags);
  if (!conn.ok) return 'refused' in conn ? connectionRefused(ctx, conn.refused, 5) : plainError(ctx, conn.error);
  const client = conn.client;
  const args = resolveArgs(flags.args, 'describe', ctx.world.cluster);
  if (!args.ok) return plainError(ctx, args.error);
  const allNamespaces = flagBool(flags, 'all-namespaces');
  const showEvents = flags.values.get('show-events') !== false;
  const fetched = fetchTargets(client, args.targets, { allNamespaces, table: false, labelSelector: flagString(flags, 'selector') });
  const objects = fetched.infos.flatMap((i) => (i.isList ? ((i.body as unknown as Items).items) : [i.body as unknown as KubeObject]));

  const notFound = fetched.errors.length === 1 && 'status' in fetched.errors[0] && fetched.errors[0].status.reason === 'NotFound';
  if (notFound && flags.args.length === 2 && !flags.args[0].includes('/')) {
    return describeMatching(ctx, client, args.targets[0].type, flags.args[1], showEvents, fetched.errors);
  }
  const errors: KubeError[] = [...fetched.errors];
  const seen = new Set<string>();
  let out = '';
  for (const obj of objects) {
    const text = describeObject(client, obj, showEvents);
    if (text === undefined) {
      const msg = `describing ${obj.kind} objects is not supported by this simulator yet`;
      if (!seen.has(msg)) errors.push({ message: msg });
      seen.add(msg);
      continue;
    }
    out += out ? `\n\n${text}` : text;
  }
  ctx.out(out);
  if (objects.length === 0 && errors.length === 0) {
    ctx.err(allNamespaces ? 'No resources found\n' : `No resources found in ${client.namespace} namespace.\n`);
  }
  return reportErrors(ctx, errors);
}

/** `describe TYPE PREFIX` when no object is called PREFIX: every object whose name starts with it. */
function describeMatching(ctx: CommandContext, client: KubeClient, type: ResourceType, prefix: string, showEvents: boolean, original: KubeError[]): number {
  const all = fetchTargets(client, [{ type, names: [] }], { allNamespaces: false, table: false });
  const objects = all.infos.flatMap((i) => (i.body as unknown as Items).items).filter((o) => o.metadata.name.startsWith(prefix));
  if (objects.length === 0) return reportErrors(ctx, original);
  let out = '';
  for (const obj of objects) {
    const text = describeObject(client, obj, showEvents);
    if (text === undefined) return plainError(ctx, `describing ${obj.kind} objects is not supported by this simulator yet`);
    out += `${text}\n`;
  }
  ctx.out(out);
  return 0;
}
