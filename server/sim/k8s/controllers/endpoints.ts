// The Endpoints and EndpointSlice controllers: for every Service with a selector, the
// addresses of the matching pods that have an IP (ready ones in `addresses`, the others in
// `notReadyAddresses`), grouped by the ports their targetPorts resolve to, and the same as
// EndpointSlices (one per port group; an empty placeholder when no pod matches). The
// Endpoints of a deleted Service go with it; its slices are garbage (owned by it). Only
// namespaces where a pod, Service, Endpoints or EndpointSlice changed (or went away) since
// the last pass are looked at again.
import type { World } from '../../world/types.js';
import type { ClusterRuntime } from '../runtime.js';
import { createObject, deleteObject, getObject, listObjects, updateObject } from '../store.js';
import type { EndpointAddress, EndpointSlice, Endpoints, Pod, Service } from '../types.js';
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
  for (const e of all(world, 'EndpointSlice')) add(e.metadata.namespace, e.metadata.resourceVersion);
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

const SLICE_MANAGER = 'endpointslice-controller.k8s.io';

/** The slices' content for the subsets: one slice per port group, or one placeholder without endpoints or ports. */
function sliceBodies(subsets: NonNullable<Endpoints['subsets']>): Pick<EndpointSlice, 'endpoints' | 'ports'>[] {
  if (!subsets.length) return [{}];
  return subsets.map((ss) => {
    const endpoint = (a: EndpointAddress, ready: boolean) => ({
      addresses: [a.ip], conditions: { ready, serving: ready, terminating: false },
      ...(a.nodeName ? { nodeName: a.nodeName } : {}), ...(a.targetRef ? { targetRef: a.targetRef } : {}),
    });
    const endpoints = [...(ss.addresses ?? []).map((a) => endpoint(a, true)), ...(ss.notReadyAddresses ?? []).map((a) => endpoint(a, false))];
    return { endpoints, ports: (ss.ports ?? []).map((p) => ({ name: p.name ?? '', port: p.port, protocol: p.protocol ?? 'TCP' })) };
  });
}

/** Brings the Service's EndpointSlices to `bodies`: existing ones are rewritten in name order, extra ones deleted, missing ones created. */
function syncSlices(world: World, svc: Service, subsets: NonNullable<Endpoints['subsets']>, existing: EndpointSlice[]): void {
  const ns = svc.metadata.namespace ?? 'default';
  const mine = existing.sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
  const bodies = sliceBodies(subsets);
  const labels = { ...svc.metadata.labels, 'endpointslice.kubernetes.io/managed-by': SLICE_MANAGER, 'kubernetes.io/service-name': svc.metadata.name };
  bodies.forEach((body, i) => {
    const old = mine[i];
    if (old) {
      if (stableJson({ e: old.endpoints ?? [], p: old.ports ?? [] }) === stableJson({ e: body.endpoints ?? [], p: body.ports ?? [] })) return;
      if (body.endpoints?.length) old.endpoints = body.endpoints;
      else delete old.endpoints;
      if (body.ports) old.ports = body.ports;
      else delete old.ports;
      updateObject(world, old);
      return;
    }
    const slice: EndpointSlice = {
      apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice',
      metadata: {
        name: '', generateName: `${svc.metadata.name}-`, namespace: ns, labels,
        ownerReferences: [{ apiVersion: 'v1', kind: 'Service', name: svc.metadata.name, uid: svc.metadata.uid!, controller: true, blockOwnerDeletion: true }],
      },
      addressType: 'IPv4', ...(body.endpoints?.length ? { endpoints: body.endpoints } : {}), ...(body.ports ? { ports: body.ports } : {}),
    };
    createObject(world, slice);
  });
  for (const extra of mine.slice(bodies.length)) deleteObject(world, 'EndpointSlice', ns, extra.metadata.name);
}

/** Endpoints the controller made (every address a pod's) whose Service is gone, and slices whose owner is gone. */
function removeOrphans(world: World, ns: string): void {
  const services = new Map(listObjects(world.cluster!, 'Service', ns).map((s) => [s.metadata.name, s.metadata.uid]));
  for (const ep of listObjects(world.cluster!, 'Endpoints', ns)) {
    const addrs = (ep.subsets ?? []).flatMap((ss) => [...(ss.addresses ?? []), ...(ss.notReadyAddresses ?? [])]);
    if (!services.has(ep.metadata.name) && addrs.every((a) => a.targetRef?.kind === 'Pod')) deleteObject(world, 'Endpoints', ns, ep.metadata.name);
  }
  for (const slice of listObjects(world.cluster!, 'EndpointSlice', ns)) {
    const owner = slice.metadata.ownerReferences?.find((o) => o.kind === 'Service' && o.controller);
    if (owner && services.get(owner.name) !== owner.uid) deleteObject(world, 'EndpointSlice', ns, slice.metadata.name);
  }
}

/** The API server keeps a slice beside the `kubernetes` Endpoints it maintains (not the controller's: no owner, no manager label). */
function apiServerSlice(world: World): void {
  const ep = getObject(world.cluster!, 'Endpoints', 'default', 'kubernetes');
  if (!ep || getObject(world.cluster!, 'EndpointSlice', 'default', 'kubernetes')) return;
  const ss = ep.subsets?.[0];
  createObject<EndpointSlice>(world, {
    apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice',
    metadata: { name: 'kubernetes', namespace: 'default', labels: { 'kubernetes.io/service-name': 'kubernetes' }, creationTimestamp: ep.metadata.creationTimestamp },
    addressType: 'IPv4',
    endpoints: (ss?.addresses ?? []).map((a) => ({ addresses: [a.ip], conditions: { ready: true } })),
    ports: (ss?.ports ?? []).map((p) => ({ name: p.name ?? '', port: p.port, protocol: p.protocol ?? 'TCP' })),
  });
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
  const slices = new Map<string, EndpointSlice[]>();
  for (const sl of all(world, 'EndpointSlice')) {
    const svc = sl.metadata.labels?.['kubernetes.io/service-name'];
    if (!svc || sl.metadata.labels?.['endpointslice.kubernetes.io/managed-by'] !== SLICE_MANAGER || !dirty.includes(sl.metadata.namespace ?? 'default')) continue;
    const key = `${sl.metadata.namespace}/${svc}`;
    slices.set(key, [...(slices.get(key) ?? []), sl]);
  }
  for (const svc of all(world, 'Service')) {
    const ns = svc.metadata.namespace ?? 'default';
    if (!dirty.includes(ns) || !svc.spec.selector || !Object.keys(svc.spec.selector).length || svc.spec.type === 'ExternalName') continue;
    const subsets = endpointSubsets(svc, podsByNs.get(ns) ?? []);
    syncSlices(world, svc, subsets, slices.get(`${ns}/${svc.metadata.name}`) ?? []);
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
  for (const ns of dirty) removeOrphans(world, ns);
  if (dirty.includes('default')) apiServerSlice(world);
  for (const [ns, fp] of fingerprints(world)) rt.endpoints[ns] = fp;
  for (const ns of Object.keys(rt.endpoints)) if (!prints.has(ns)) delete rt.endpoints[ns];
}
