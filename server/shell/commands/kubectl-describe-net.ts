// kubectl describe for the networking and autoscaling kinds (kubectl pkg/describe/describe.go
// of v1.32): Endpoints and EndpointSlices (ready and not-ready addresses, ports),
// Ingress with each backend's ready endpoints from its Service's EndpointSlices,
// NetworkPolicy with its rules spelled out, HorizontalPodAutoscaler (autoscaling/v2) with
// its metrics as current / target and its conditions.
import { parseRfc3339 } from '../../sim/clock.js';
import { canonicalQuantity } from '../../sim/k8s/quantity.js';
import { formatLabelSelector } from '../../sim/k8s/selectors.js';
import type { EndpointSlice, Endpoints, Event, HorizontalPodAutoscaler, Ingress, IngressBackend, LabelSelector, NetworkPolicy } from '../../sim/k8s/types.js';
import { describeEvents, printAnnotationsMultiline, printLabelsMultiline, rfc1123, type PrefixWriter } from './kubectl-describe-util.js';

export function describeEndpoints(w: PrefixWriter, ep: Endpoints, events: Event[] | undefined, now: number): void {
  w.write(0, `Name:\t${ep.metadata.name}\n`);
  w.write(0, `Namespace:\t${ep.metadata.namespace}\n`);
  printLabelsMultiline(w, 'Labels', ep.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', ep.metadata.annotations);
  w.write(0, 'Subsets:\n');
  for (const ss of ep.subsets ?? []) {
    w.write(1, `Addresses:\t${(ss.addresses ?? []).map((a) => a.ip).join(',') || '<none>'}\n`);
    w.write(1, `NotReadyAddresses:\t${(ss.notReadyAddresses ?? []).map((a) => a.ip).join(',') || '<none>'}\n`);
    if (ss.ports?.length) {
      w.write(1, 'Ports:\n');
      w.write(2, 'Name\tPort\tProtocol\n');
      w.write(2, '----\t----\t--------\n');
      for (const p of ss.ports) w.write(2, `${p.name || '<unset>'}\t${p.port}\t${p.protocol ?? ''}\n`);
    }
    w.write(0, '\n');
  }
  if (events) describeEvents(w, events, now);
}

export function describeEndpointSlice(w: PrefixWriter, eps: EndpointSlice, events: Event[] | undefined, now: number): void {
  w.write(0, `Name:\t${eps.metadata.name}\n`);
  w.write(0, `Namespace:\t${eps.metadata.namespace}\n`);
  printLabelsMultiline(w, 'Labels', eps.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', eps.metadata.annotations);
  w.write(0, `AddressType:\t${eps.addressType}\n`);
  if (!eps.ports?.length) w.write(0, 'Ports: <unset>\n');
  else {
    w.write(0, 'Ports:\n');
    w.write(1, 'Name\tPort\tProtocol\n');
    w.write(1, '----\t----\t--------\n');
    for (const p of eps.ports) w.write(1, `${p.name || '<unset>'}\t${p.port ?? '<unset>'}\t${p.protocol ?? ''}\n`);
  }
  if (!eps.endpoints?.length) w.write(0, 'Endpoints: <none>\n');
  else {
    w.write(0, 'Endpoints:\n');
    for (const e of eps.endpoints) {
      w.write(1, `- Addresses:\t${e.addresses.join(', ') || '<none>'}\n`);
      w.write(2, 'Conditions:\n');
      w.write(3, `Ready:\t${e.conditions?.ready === undefined ? '<unset>' : String(e.conditions.ready)}\n`);
      w.write(2, 'Hostname:\t<unset>\n');
      if (e.targetRef) w.write(2, `TargetRef:\t${e.targetRef.kind}/${e.targetRef.name}\n`);
      w.write(2, `NodeName:\t${e.nodeName ?? '<unset>'}\n`);
      w.write(2, 'Zone:\t<unset>\n');
    }
  }
  if (events) describeEvents(w, events, now);
}

/** `web:80 (10.244.1.5:8080,...)` for a backend, given how to look up its Service's endpoints. */
export type BackendDescriber = (backend: IngressBackend) => string;

export function describeIngress(w: PrefixWriter, ing: Ingress, backend: BackendDescriber, events: Event[] | undefined, now: number): void {
  w.write(0, `Name:\t${ing.metadata.name}\n`);
  printLabelsMultiline(w, 'Labels', ing.metadata.labels);
  w.write(0, `Namespace:\t${ing.metadata.namespace}\n`);
  const addrs = [...new Set((ing.status?.loadBalancer?.ingress ?? []).map((i) => i.ip || i.hostname || '').filter((a) => a))].sort();
  w.write(0, `Address:\t${addrs.join(',')}\n`);
  w.write(0, `Ingress Class:\t${ing.spec.ingressClassName ?? '<none>'}\n`);
  const def = ing.spec.defaultBackend ? backend(ing.spec.defaultBackend) : '<default>';
  w.write(0, `Default backend:\t${def}\n`);
  if (ing.spec.tls?.length) {
    w.write(0, 'TLS:\n');
    for (const t of ing.spec.tls) w.write(1, t.secretName ? `${t.secretName} terminates ${(t.hosts ?? []).join(',')}\n` : `SNI routes ${(t.hosts ?? []).join(',')}\n`);
  }
  w.write(0, 'Rules:\n  Host\tPath\tBackends\n');
  w.write(1, '----\t----\t--------\n');
  let count = 0;
  for (const rule of ing.spec.rules ?? []) {
    if (!rule.http) continue;
    count++;
    w.write(1, `${rule.host || '*'}\t\n`);
    for (const p of rule.http.paths) w.write(2, `\t${p.path ?? ''} \t${backend(p.backend)}\n`);
  }
  if (count === 0) w.write(1, `*\t*\t${def}\n`);
  printAnnotationsMultiline(w, 'Annotations', ing.metadata.annotations);
  if (events) describeEvents(w, events, now);
}

/** serviceBackendStringer: `name:port`. */
export const serviceBackendString = (b: NonNullable<IngressBackend['service']>) => `${b.name}:${b.port.number ? b.port.number : (b.port.name ?? '')}`;

// --- NetworkPolicy --------------------------------------------------------------------------

interface PolicyPeer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  ipBlock?: { cidr: string; except?: string[] };
}

interface PolicyRule {
  ports?: { protocol?: string; port?: number | string; endPort?: number }[];
  from?: PolicyPeer[];
  to?: PolicyPeer[];
}

/** Go's time.Time.String() of a UTC timestamp: `2026-11-14 09:00:00 +0000 UTC`. */
function goTimeString(ts: string | undefined): string {
  const ms = ts ? parseRfc3339(ts) : undefined;
  if (ms === undefined) return '0001-01-01 00:00:00 +0000 UTC';
  return `${new Date(ms).toISOString().replace('T', ' ').replace(/\.\d+Z$/, '')} +0000 UTC`;
}

function printRules(w: PrefixWriter, rules: PolicyRule[] | undefined, dir: 'ingress' | 'egress'): void {
  const indent = '    ';
  const [peerWord, none, anyPeer] = dir === 'ingress'
    ? ['From', '<none> (Selected pods are isolated for ingress connectivity)', 'From: <any> (traffic not restricted by source)']
    : ['To', '<none> (Selected pods are isolated for egress connectivity)', 'To: <any> (traffic not restricted by destination)'];
  if (!rules?.length) return w.write(0, `${indent}${none}\n`);
  rules.forEach((r, i) => {
    if (!r.ports?.length) w.write(0, `${indent}To Port: <any> (traffic allowed to all ports)\n`);
    for (const p of r.ports ?? []) {
      const proto = p.protocol ?? 'TCP';
      const port = p.port === undefined ? '<nil>' : String(p.port);
      w.write(0, p.endPort === undefined ? `${indent}To Port: ${port}/${proto}\n` : `${indent}To Port Range: ${port}-${p.endPort}/${proto}\n`);
    }
    const peers = dir === 'ingress' ? r.from : r.to;
    if (!peers?.length) w.write(0, `${indent}${anyPeer}\n`);
    for (const peer of peers ?? []) {
      w.write(0, `${indent}${peerWord}:\n`);
      if (peer.podSelector && peer.namespaceSelector) {
        w.write(1, `${indent}NamespaceSelector: ${formatLabelSelector(peer.namespaceSelector)}\n`);
        w.write(1, `${indent}PodSelector: ${formatLabelSelector(peer.podSelector)}\n`);
      } else if (peer.podSelector) w.write(1, `${indent}PodSelector: ${formatLabelSelector(peer.podSelector)}\n`);
      else if (peer.namespaceSelector) w.write(1, `${indent}NamespaceSelector: ${formatLabelSelector(peer.namespaceSelector)}\n`);
      else if (peer.ipBlock) {
        w.write(1, `${indent}IPBlock:\n`);
        w.write(2, `${indent}CIDR: ${peer.ipBlock.cidr}\n`);
        w.write(2, `${indent}Except: ${(peer.ipBlock.except ?? []).join(', ')}\n`);
      }
    }
    if (i !== rules.length - 1) w.write(0, `${indent}----------\n`);
  });
}

export function describeNetworkPolicy(w: PrefixWriter, np: NetworkPolicy): void {
  w.write(0, `Name:\t${np.metadata.name}\n`);
  w.write(0, `Namespace:\t${np.metadata.namespace}\n`);
  w.write(0, `Created on:\t${goTimeString(np.metadata.creationTimestamp)}\n`);
  printLabelsMultiline(w, 'Labels', np.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', np.metadata.annotations);
  const spec = np.spec;
  w.write(0, 'Spec:\n');
  w.write(1, 'PodSelector: ');
  const sel = spec.podSelector ?? {};
  const empty = !Object.keys(sel.matchLabels ?? {}).length && !(sel.matchExpressions ?? []).length;
  w.write(2, empty ? '<none> (Allowing the specific traffic to all pods in this namespace)\n' : `${formatLabelSelector(sel)}\n`);
  const types = spec.policyTypes ?? [];
  if (types.includes('Ingress')) {
    w.write(1, 'Allowing ingress traffic:\n');
    printRules(w, spec.ingress as PolicyRule[] | undefined, 'ingress');
  } else w.write(1, 'Not affecting ingress traffic\n');
  if (types.includes('Egress')) {
    w.write(1, 'Allowing egress traffic:\n');
    printRules(w, spec.egress as PolicyRule[] | undefined, 'egress');
  } else w.write(1, 'Not affecting egress traffic\n');
  w.write(1, `Policy Types: ${types.join(', ') || '<none>'}\n`);
}

// --- HorizontalPodAutoscaler --------------------------------------------------------------

const quantity = (q: string | undefined) => (q === undefined ? '<nil>' : canonicalQuantity(q));

export function describeHpa(w: PrefixWriter, hpa: HorizontalPodAutoscaler, events: Event[] | undefined, now: number): void {
  const s = hpa.status ?? {};
  w.write(0, `Name:\t${hpa.metadata.name}\n`);
  w.write(0, `Namespace:\t${hpa.metadata.namespace}\n`);
  printLabelsMultiline(w, 'Labels', hpa.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', hpa.metadata.annotations);
  w.write(0, `CreationTimestamp:\t${rfc1123(hpa.metadata.creationTimestamp)}\n`);
  w.write(0, `Reference:\t${hpa.spec.scaleTargetRef.kind}/${hpa.spec.scaleTargetRef.name}\n`);
  w.write(0, 'Metrics:\t( current / target )\n');
  (hpa.spec.metrics ?? []).forEach((m, i) => {
    if (m.type !== 'Resource' || !m.resource) return w.write(1, `<unknown metric type ${JSON.stringify(m.type)}>\n`);
    const cur = s.currentMetrics?.[i]?.resource?.current;
    const t = m.resource.target;
    w.write(1, `resource ${m.resource.name} on pods`);
    if (t.averageValue !== undefined) {
      w.write(0, `:\t${s.currentMetrics?.[i]?.resource ? quantity(cur?.averageValue) : '<unknown>'} / ${quantity(t.averageValue)}\n`);
      return;
    }
    const current = cur?.averageUtilization !== undefined ? `${cur.averageUtilization}% (${quantity(cur.averageValue)})` : '<unknown>';
    w.write(1, `(as a percentage of request):\t${current} / ${t.averageUtilization !== undefined ? `${t.averageUtilization}%` : '<auto>'}\n`);
  });
  w.write(0, `Min replicas:\t${hpa.spec.minReplicas ?? '<unset>'}\n`);
  w.write(0, `Max replicas:\t${hpa.spec.maxReplicas}\n`);
  w.write(0, `${hpa.spec.scaleTargetRef.kind} pods:\t`);
  w.write(0, `${s.currentReplicas ?? 0} current / ${s.desiredReplicas ?? 0} desired\n`);
  const conditions = (s.conditions ?? []) as { type: string; status: string; reason?: string; message?: string }[];
  if (conditions.length) {
    w.write(0, 'Conditions:\n');
    w.write(1, 'Type\tStatus\tReason\tMessage\n');
    w.write(1, '----\t------\t------\t-------\n');
    for (const c of conditions) w.write(1, `${c.type}\t${c.status}\t${c.reason ?? ''}\t${c.message ?? ''}\n`);
  }
  if (events) describeEvents(w, events, now);
}
