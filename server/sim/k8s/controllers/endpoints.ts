// The Endpoints controller: for every Service with a selector, the addresses of the matching
// pods that have an IP (ready ones in `addresses`, the others in `notReadyAddresses`),
// grouped by the ports their targetPorts resolve to. Only namespaces where a pod, Service or
// Endpoints changed (or went away) since the last pass are looked at again.
import type { World } from '../../world/types.js';
import type { ClusterRuntime } from '../runtime.js';
import { createObject, getObject, updateObject } from '../store.js';
import type { EndpointAddress, Endpoints, Pod, Service } from '../types.js';
import { matchesSelector } from '../selectors.js';
import { portNumber } from '../probes.js';
import { allPods, all, isPodReady } from './common.js';
import { stableJson } from './deployment.js';

function fingerprints(world: World): Map<string, string> {
  const acc = new Map<string, { n: number; rv: number }>();
  const add = (ns: string | undefined, rv: string | undefined) => {
    const k = ns ?? 'default';
    let e = acc.get(k);
    if (!e) acc.set(k, (e = { n: 0, rv: 0 }));
    e.n++;
    e.rv = Math.max(e.rv, Number(rv ?? 0));
  };
  for (const p of allPods(world)) add(p.metadata.namespace, p.metadata.resourceVersion);
  for (const s of all(world, 'Service')) add(s.metadata.namespace, s.metadata.resourceVersion);
  for (const e of all(world, 'Endpoints')) add(e.metadata.namespace, e.metadata.resourceVersion);
  return new Map([...acc].map(([k, v]) => [k, `${v.n}:${v.rv}`]));
}

const byIp = (a: EndpointAddress, b: EndpointAddress) => (a.ip < b.ip ? -1 : a.ip > b.ip ? 1 : 0);

/** The subsets of a Service's Endpoints, as the controller computes (and repacks) them. */
export function endpointSubsets(svc: Service, pods: Pod[]): NonNullable<Endpoints['subsets']> {
  const groups = new Map<string, { ports: { name?: string; port: number; protocol: string }[]; ready: EndpointAddress[]; notReady: EndpointAddress[] }>();
  for (const pod of pods) {
    if (!pod.status?.podIP || pod.metadata.deletionTimestamp || !matchesSelector({ matchLabels: svc.spec.selector }, pod.metadata.labels)) continue;
    const ports: { name?: string; port: number; protocol: string }[] = [];
    for (const sp of svc.spec.ports ?? []) {
      const port = portNumber(pod.spec.containers, sp.targetPort ?? sp.port);
      if (port === undefined) continue;
      ports.push({ ...(sp.name ? { name: sp.name } : {}), port, protocol: sp.protocol ?? 'TCP' });
    }
    if (!ports.length && svc.spec.ports?.length) continue;
    const key = stableJson(ports);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { ports, ready: [], notReady: [] }));
    const addr: EndpointAddress = { ip: pod.status.podIP, ...(pod.spec.nodeName ? { nodeName: pod.spec.nodeName } : {}), targetRef: { kind: 'Pod', name: pod.metadata.name, namespace: pod.metadata.namespace, uid: pod.metadata.uid } };
    (isPodReady(pod) ? g.ready : g.notReady).push(addr);
  }
  return [...groups.values()].map((g) => ({
    ...(g.ready.length ? { addresses: g.ready.sort(byIp) } : {}),
    ...(g.notReady.length ? { notReadyAddresses: g.notReady.sort(byIp) } : {}),
    ports: g.ports,
  }));
}

export function runEndpoints(world: World, rt: ClusterRuntime): void {
  const prints = fingerprints(world);
  const dirty = [...prints].filter(([ns, fp]) => rt.endpoints[ns] !== fp).map(([ns]) => ns);
  if (!dirty.length) return;
  const podsByNs = new Map<string, Pod[]>();
  for (const p of allPods(world)) {
    const ns = p.metadata.namespace ?? 'default';
    if (!dirty.includes(ns)) continue;
    let l = podsByNs.get(ns);
    if (!l) podsByNs.set(ns, (l = []));
    l.push(p);
  }
  for (const svc of all(world, 'Service')) {
    const ns = svc.metadata.namespace ?? 'default';
    if (!dirty.includes(ns) || !svc.spec.selector || !Object.keys(svc.spec.selector).length || svc.spec.type === 'ExternalName') continue;
    const subsets = endpointSubsets(svc, podsByNs.get(ns) ?? []);
    const existing = getObject(world.cluster!, 'Endpoints', ns, svc.metadata.name);
    if (!existing) {
      const ep: Endpoints = { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: svc.metadata.name, namespace: ns, ...(svc.metadata.labels ? { labels: { ...svc.metadata.labels } } : {}) }, ...(subsets.length ? { subsets } : {}) };
      createObject(world, ep);
    } else if (stableJson(existing.subsets ?? []) !== stableJson(subsets)) {
      if (subsets.length) existing.subsets = subsets;
      else delete existing.subsets;
      updateObject(world, existing);
    }
  }
  for (const [ns, fp] of fingerprints(world)) rt.endpoints[ns] = fp;
  for (const ns of Object.keys(rt.endpoints)) if (!prints.has(ns)) delete rt.endpoints[ns];
}
