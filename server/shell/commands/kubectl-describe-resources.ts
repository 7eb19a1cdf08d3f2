// `kubectl describe` for deployments, services, nodes, namespaces, config maps and secrets.
import { labelSelectorString, formatLabels } from '../../sim/k8s/selectors.js';
import { addQuantity, formatQuantity, milliValue, qty, value, ZERO, type Qty } from '../../sim/k8s/quantity.js';
import { ageOf } from '../../sim/k8s/duration.js';
import type { ConfigMap, Deployment, EndpointSlice, Event, IntOrString, Lease, Namespace, Node, Pod, ReplicaSet, ResourceList, Secret, Service } from '../../sim/k8s/types.js';
import { describePodTemplate } from './kubectl-describe-pod.js';
import { describeEvents, printAnnotationsMultiline, printLabelsMultiline, printTaintsMultiline, rfc1123, type PrefixWriter } from './kubectl-describe-util.js';

const intOrString = (v: IntOrString | undefined) => (v === undefined ? '0' : String(v));

/** Kubernetes' semantic equality: a missing field equals its zero value. */
function semanticEqual(a: unknown, b: unknown): boolean {
  const zero = (v: unknown) => v === undefined || v === null || v === '' || v === 0 || v === false || (Array.isArray(v) && v.length === 0) || (typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 0);
  if (zero(a) && zero(b)) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => semanticEqual(x, b[i]));
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((k) => semanticEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return a === b;
}

function withoutHash(t: ReplicaSet['spec']['template']) {
  const labels = { ...t.metadata?.labels };
  delete labels['pod-template-hash'];
  return { ...t, metadata: { ...t.metadata, labels } };
}

/** The deployment's new ReplicaSet (template equal, ignoring the hash label) and all the others. */
function splitReplicaSets(d: Deployment, rsList: ReplicaSet[]): { newRs?: ReplicaSet; old: ReplicaSet[] } {
  const owned = rsList.filter((rs) => rs.metadata.ownerReferences?.some((r) => r.controller && r.uid === d.metadata.uid));
  const byAge = [...owned].sort((a, b) => {
    const ta = a.metadata.creationTimestamp ?? '';
    const tb = b.metadata.creationTimestamp ?? '';
    return ta !== tb ? (ta < tb ? -1 : 1) : a.metadata.name < b.metadata.name ? -1 : 1;
  });
  const target = withoutHash(d.spec.template);
  const newRs = byAge.find((rs) => semanticEqual(withoutHash(rs.spec.template), target));
  return { newRs, old: owned.filter((rs) => rs !== newRs) };
}

const rsList = (list: ReplicaSet[]) => list.map((rs) => `${rs.metadata.name} (${rs.status?.replicas ?? 0}/${rs.spec.replicas ?? 0} replicas created)`).join(', ') || '<none>';

export function describeDeployment(w: PrefixWriter, d: Deployment, replicaSets: ReplicaSet[], events: Event[] | undefined, now: number): void {
  const s = d.status ?? {};
  w.write(0, `Name:\t${d.metadata.name}\n`);
  w.write(0, `Namespace:\t${d.metadata.namespace}\n`);
  w.write(0, `CreationTimestamp:\t${rfc1123(d.metadata.creationTimestamp)}\n`);
  printLabelsMultiline(w, 'Labels', d.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', d.metadata.annotations);
  w.write(0, `Selector:\t${labelSelectorString(d.spec.selector)}\n`);
  w.write(0, `Replicas:\t${d.spec.replicas ?? 0} desired | ${s.updatedReplicas ?? 0} updated | ${s.replicas ?? 0} total | ${s.availableReplicas ?? 0} available | ${s.unavailableReplicas ?? 0} unavailable\n`);
  w.write(0, `StrategyType:\t${d.spec.strategy?.type ?? ''}\n`);
  w.write(0, `MinReadySeconds:\t${d.spec.minReadySeconds ?? 0}\n`);
  const ru = d.spec.strategy?.rollingUpdate;
  if (ru) w.write(0, `RollingUpdateStrategy:\t${intOrString(ru.maxUnavailable)} max unavailable, ${intOrString(ru.maxSurge)} max surge\n`);
  describePodTemplate(w, d.spec.template);
  if (s.conditions?.length) {
    w.write(0, 'Conditions:\n  Type\tStatus\tReason\n');
    w.write(1, '----\t------\t------\n');
    for (const c of s.conditions) w.write(1, `${c.type} \t${c.status}\t${c.reason ?? ''}\n`);
  }
  const { newRs, old } = splitReplicaSets(d, replicaSets);
  if (old.length || newRs) {
    w.write(0, `OldReplicaSets:\t${rsList(old)}\n`);
    w.write(0, `NewReplicaSet:\t${rsList(newRs ? [newRs] : [])}\n`);
  }
  if (events) describeEvents(w, events, now);
}

/** formatEndpointSlices: ready endpoints of the named service port, at most 3 then ` + N more...`. */
export function formatEndpointSlices(slices: EndpointSlice[], portName: string): string {
  if (slices.length === 0) return '<none>';
  const list: string[] = [];
  let count = 0;
  let more = false;
  for (const s of slices) {
    const ready = (e: NonNullable<EndpointSlice['endpoints']>[number]) => e.conditions?.ready !== false;
    if (!s.ports?.length) {
      for (const e of s.endpoints ?? []) {
        if (list.length === 3) more = true;
        if (!ready(e)) continue;
        if (!more) list.push(e.addresses[0]);
        count++;
      }
      continue;
    }
    for (const p of s.ports) {
      if ((p.name ?? '') !== portName) continue;
      for (const e of s.endpoints ?? []) {
        if (list.length === 3) more = true;
        if (!ready(e)) continue;
        if (!more) list.push(`${e.addresses[0]}:${p.port}`);
        count++;
      }
    }
  }
  return more ? `${list.join(',')} + ${count - 3} more...` : list.join(',');
}

export function describeService(w: PrefixWriter, svc: Service, slices: EndpointSlice[], events: Event[] | undefined, now: number): void {
  const spec = svc.spec;
  w.write(0, `Name:\t${svc.metadata.name}\n`);
  w.write(0, `Namespace:\t${svc.metadata.namespace}\n`);
  printLabelsMultiline(w, 'Labels', svc.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', svc.metadata.annotations);
  w.write(0, `Selector:\t${formatLabels(spec.selector)}\n`);
  w.write(0, `Type:\t${spec.type ?? ''}\n`);
  if (spec.ipFamilyPolicy) w.write(0, `IP Family Policy:\t${spec.ipFamilyPolicy}\n`);
  w.write(0, `IP Families:\t${spec.ipFamilies?.length ? spec.ipFamilies.join(',') : '<none>'}\n`);
  w.write(0, `IP:\t${spec.clusterIP ?? ''}\n`);
  w.write(0, `IPs:\t${spec.clusterIPs?.length ? spec.clusterIPs.join(',') : '<none>'}\n`);
  if (spec.externalIPs?.length) w.write(0, `External IPs:\t${spec.externalIPs.join(',')}\n`);
  if (spec.loadBalancerIP) w.write(0, `Desired LoadBalancer IP:\t${spec.loadBalancerIP}\n`);
  if (spec.externalName) w.write(0, `External Name:\t${spec.externalName}\n`);
  const ingress = svc.status?.loadBalancer?.ingress ?? [];
  if (ingress.length) w.write(0, `LoadBalancer Ingress:\t${ingress.map((i) => i.ip || i.hostname).join(', ')}\n`);
  for (const p of spec.ports ?? []) {
    const name = p.name || '<unset>';
    w.write(0, `Port:\t${name}\t${p.port}/${p.protocol}\n`);
    w.write(0, `TargetPort:\t${p.targetPort ?? 0}/${p.protocol}\n`);
    if (p.nodePort) w.write(0, `NodePort:\t${name}\t${p.nodePort}/${p.protocol}\n`);
    w.write(0, `Endpoints:\t${formatEndpointSlices(slices, p.name ?? '')}\n`);
  }
  w.write(0, `Session Affinity:\t${spec.sessionAffinity ?? ''}\n`);
  if (spec.externalTrafficPolicy) w.write(0, `External Traffic Policy:\t${spec.externalTrafficPolicy}\n`);
  if (spec.internalTrafficPolicy) w.write(0, `Internal Traffic Policy:\t${spec.internalTrafficPolicy}\n`);
  if (spec.healthCheckNodePort) w.write(0, `HealthCheck NodePort:\t${spec.healthCheckNodePort}\n`);
  if (events) describeEvents(w, events, now);
}

/** Pod requests and limits: containers summed, then the max with each init container (PodRequestsAndLimits). */
function podRequestsAndLimits(pod: Pod): { req: Map<string, Qty>; lim: Map<string, Qty> } {
  const sum = (pick: 'requests' | 'limits') => {
    const total = new Map<string, Qty>();
    for (const c of pod.spec.containers) for (const [k, v] of Object.entries(c.resources?.[pick] ?? {})) total.set(k, addQuantity(total.get(k) ?? ZERO, qty(v)));
    for (const c of pod.spec.initContainers ?? []) {
      for (const [k, v] of Object.entries(c.resources?.[pick] ?? {})) {
        const q = qty(v);
        if (q.nanos > (total.get(k)?.nanos ?? -1n)) total.set(k, q);
      }
    }
    return total;
  };
  return { req: sum('requests'), lim: sum('limits') };
}

const pct = (part: number, whole: number) => (whole === 0 ? 0 : Math.trunc((part / whole) * 100));

function describeNodeResource(w: PrefixWriter, node: Node, pods: Pod[], now: number): void {
  w.write(0, `Non-terminated Pods:\t(${pods.length} in total)\n`);
  w.write(1, 'Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n');
  w.write(1, '---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n');
  const alloc: ResourceList = Object.keys(node.status.allocatable ?? {}).length ? node.status.allocatable! : (node.status.capacity ?? {});
  const cpu = milliValue(qty(alloc.cpu));
  const mem = value(qty(alloc.memory));
  const show = (q: Qty | undefined) => formatQuantity(q ?? ZERO);
  for (const pod of pods) {
    const { req, lim } = podRequestsAndLimits(pod);
    const r = (m: Map<string, Qty>, k: string) => m.get(k) ?? ZERO;
    w.write(1, `${pod.metadata.namespace}\t${pod.metadata.name}\t\t${show(r(req, 'cpu'))} (${pct(milliValue(r(req, 'cpu')), cpu)}%)\t${show(r(lim, 'cpu'))} (${pct(milliValue(r(lim, 'cpu')), cpu)}%)\t${show(r(req, 'memory'))} (${pct(value(r(req, 'memory')), mem)}%)\t${show(r(lim, 'memory'))} (${pct(value(r(lim, 'memory')), mem)}%)\t${ageOf(pod.metadata.creationTimestamp, now)}\n`);
  }
  w.write(0, 'Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n');
  w.write(1, 'Resource\tRequests\tLimits\n');
  w.write(1, '--------\t--------\t------\n');
  const reqs = new Map<string, Qty>();
  const lims = new Map<string, Qty>();
  for (const pod of pods) {
    const { req, lim } = podRequestsAndLimits(pod);
    for (const [k, v] of req) reqs.set(k, reqs.has(k) ? addQuantity(reqs.get(k)!, v) : v);
    for (const [k, v] of lim) lims.set(k, lims.has(k) ? addQuantity(lims.get(k)!, v) : v);
  }
  const row = (name: string, whole: number, measure: (q: Qty) => number) => {
    const rq = reqs.get(name) ?? ZERO;
    const lm = lims.get(name) ?? ZERO;
    w.write(1, `${name}\t${show(rq)} (${pct(measure(rq), whole)}%)\t${show(lm)} (${pct(measure(lm), whole)}%)\n`);
  };
  row('cpu', cpu, milliValue);
  row('memory', mem, value);
  row('ephemeral-storage', value(qty(alloc['ephemeral-storage'])), value);
  for (const name of Object.keys(alloc).filter((k) => k.startsWith('hugepages-')).sort()) row(name, value(qty(alloc[name])), value);
  const standard = new Set(['cpu', 'memory', 'ephemeral-storage', 'pods', 'storage']);
  for (const ext of Object.keys(alloc).filter((k) => !standard.has(k) && !k.startsWith('hugepages-') && !k.startsWith('requests.') && !k.startsWith('limits.')).sort()) {
    w.write(1, `${ext}\t${show(reqs.get(ext))}\t${show(lims.get(ext))}\n`);
  }
}

function findNodeRoles(node: Node): string[] {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(node.metadata.labels ?? {})) {
    if (k.startsWith('node-role.kubernetes.io/') && k.length > 24) roles.add(k.slice(24));
    else if (k === 'kubernetes.io/role' && v) roles.add(v);
  }
  return [...roles].sort();
}

export function describeNode(w: PrefixWriter, node: Node, pods: Pod[], lease: Lease | undefined, leaseError: string, events: Event[] | undefined, now: number): void {
  const st = node.status;
  w.write(0, `Name:\t${node.metadata.name}\n`);
  const roles = findNodeRoles(node);
  w.write(0, `Roles:\t${roles.length ? roles.join(',') : '<none>'}\n`);
  printLabelsMultiline(w, 'Labels', node.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', node.metadata.annotations);
  w.write(0, `CreationTimestamp:\t${rfc1123(node.metadata.creationTimestamp)}\n`);
  printTaintsMultiline(w, 'Taints', node.spec.taints);
  w.write(0, `Unschedulable:\t${node.spec.unschedulable === true}\n`);
  if (lease) {
    w.write(0, 'Lease:\n');
    w.write(1, `HolderIdentity:\t${lease.spec.holderIdentity ?? '<unset>'}\n`);
    w.write(1, `AcquireTime:\t${lease.spec.acquireTime ? rfc1123(lease.spec.acquireTime) : '<unset>'}\n`);
    w.write(1, `RenewTime:\t${lease.spec.renewTime ? rfc1123(lease.spec.renewTime) : '<unset>'}\n`);
  } else w.write(0, `Lease:\tFailed to get lease: ${leaseError}\n`);
  if (st.conditions?.length) {
    w.write(0, 'Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n');
    w.write(1, '----\t------\t-----------------\t------------------\t------\t-------\n');
    for (const c of st.conditions) {
      w.write(1, `${c.type} \t${c.status} \t${rfc1123OrZero(c.lastHeartbeatTime)} \t${rfc1123OrZero(c.lastTransitionTime)} \t${c.reason ?? ''} \t${c.message ?? ''}\n`);
    }
  }
  w.write(0, 'Addresses:\n');
  for (const a of st.addresses ?? []) w.write(1, `${a.type}:\t${a.address}\n`);
  for (const [title, list] of [['Capacity', st.capacity], ['Allocatable', st.allocatable]] as const) {
    if (!Object.keys(list ?? {}).length) continue;
    w.write(0, `${title}:\n`);
    for (const k of Object.keys(list!).sort()) w.write(0, `  ${k}:\t${list![k]}\n`);
  }
  const info = st.nodeInfo ?? {};
  w.write(0, 'System Info:\n');
  w.write(0, `  Machine ID:\t${info.machineID ?? ''}\n`);
  w.write(0, `  System UUID:\t${info.systemUUID ?? ''}\n`);
  w.write(0, `  Boot ID:\t${info.bootID ?? ''}\n`);
  w.write(0, `  Kernel Version:\t${info.kernelVersion ?? ''}\n`);
  w.write(0, `  OS Image:\t${info.osImage ?? ''}\n`);
  w.write(0, `  Operating System:\t${info.operatingSystem ?? ''}\n`);
  w.write(0, `  Architecture:\t${info.architecture ?? ''}\n`);
  w.write(0, `  Container Runtime Version:\t${info.containerRuntimeVersion ?? ''}\n`);
  w.write(0, `  Kubelet Version:\t${info.kubeletVersion ?? ''}\n`);
  w.write(0, `  Kube-Proxy Version:\t${info.kubeProxyVersion ?? ''}\n`);
  if (node.spec.podCIDR) w.write(0, `PodCIDR:\t${node.spec.podCIDR}\n`);
  if (node.spec.podCIDRs?.length) w.write(0, `PodCIDRs:\t${node.spec.podCIDRs.join(',')}\n`);
  if (node.spec.providerID) w.write(0, `ProviderID:\t${node.spec.providerID}\n`);
  describeNodeResource(w, node, pods, now);
  if (events) describeEvents(w, events, now);
}

const rfc1123OrZero = (ts: string | undefined) => (ts ? rfc1123(ts) : 'Mon, 01 Jan 0001 00:00:00 +0000');

export function describeNamespace(w: PrefixWriter, ns: Namespace): void {
  w.write(0, `Name:\t${ns.metadata.name}\n`);
  printLabelsMultiline(w, 'Labels', ns.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', ns.metadata.annotations);
  w.write(0, `Status:\t${ns.status?.phase ?? ''}\n`);
  // ResourceQuotas and LimitRanges are not modelled: the server lists none of either.
  w.write(0, '\n');
  w.write(0, 'No resource quota.\n');
  w.write(0, '\n');
  w.write(0, 'No LimitRange resource.\n');
}

/** Data keys print in Go map order, which varies run to run; here they are sorted. */
export function describeConfigMap(w: PrefixWriter, cm: ConfigMap, events: Event[] | undefined, now: number): void {
  w.write(0, `Name:\t${cm.metadata.name}\n`);
  w.write(0, `Namespace:\t${cm.metadata.namespace}\n`);
  printLabelsMultiline(w, 'Labels', cm.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', cm.metadata.annotations);
  w.write(0, '\nData\n====\n');
  for (const k of Object.keys(cm.data ?? {}).sort()) w.write(0, `${k}:\n----\n${cm.data![k]}\n\n`);
  w.write(0, '\nBinaryData\n====\n');
  for (const k of Object.keys(cm.binaryData ?? {}).sort()) w.write(0, `${k}: ${atob(cm.binaryData![k]).length} bytes\n`);
  w.write(0, '\n');
  if (events) describeEvents(w, events, now);
}

export function describeSecret(w: PrefixWriter, s: Secret): void {
  w.write(0, `Name:\t${s.metadata.name}\n`);
  w.write(0, `Namespace:\t${s.metadata.namespace}\n`);
  printLabelsMultiline(w, 'Labels', s.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', s.metadata.annotations);
  w.write(0, `\nType:\t${s.type ?? ''}\n`);
  w.write(0, '\nData\n====\n');
  for (const k of Object.keys(s.data ?? {}).sort()) {
    const bytes = atob(s.data![k]);
    w.write(0, k === 'token' && s.type === 'kubernetes.io/service-account-token' ? `${k}:\t${bytes}\n` : `${k}:\t${bytes.length} bytes\n`);
  }
}
