// Objectives are predicates on the world, checked after every command and every tick.
// A check is one predicate of the registry (`http`, `tcp`, `icmp`, `dns`; on a cluster
// `deployment`, `endpoints`, `pods`, `node-ready`, `pod-dns`) or a combination (`all`,
// `any`, `not`). Checks never change the world: every probe runs with record: false (no
// counters, no ARP cache, no clock).
import { z } from 'zod';
import { probe, type ProbeResult } from '../sim/net/engine.js';
import { httpRequest, parseUrl, type HttpResult } from '../sim/net/http.js';
import { formatIp, parseIp, type Ip } from '../sim/net/ip.js';
import { resolveHost } from '../sim/net/resolver.js';
import { runtimeOf } from '../sim/k8s/runtime.js';
import { matchesSelector } from '../sim/k8s/selectors.js';
import { getObject, listObjects } from '../sim/k8s/store.js';
import type { Pod } from '../sim/k8s/types.js';
import type { World } from '../sim/world/types.js';
import { zodIssues, type Issue } from './issues.js';

/** What a check saw: green or red, and a short observation for the page (`HTTP 502`). */
export interface Outcome {
  ok: boolean;
  observed: string;
}

export interface Predicate<P> {
  params: z.ZodType<P>;
  /** Names of the world's hosts the parameters refer to (lint checks they exist). */
  hosts(p: P): string[];
  /** One line for the report: what must be true. */
  describe(p: P): string;
  evaluate(world: World, p: P): Outcome;
}

export type Check =
  | { op: 'all' | 'any'; checks: Check[] }
  | { op: 'not'; check: Check }
  | { op: 'pred'; kind: string; params: unknown };

// --- addresses ---------------------------------------------------------------------

/** A target written as an IPv4 address or a host name of the world (its first address). */
function addressOf(world: World, target: string): Ip | null {
  const ip = parseIp(target);
  if (ip !== null) return ip;
  const host = world.hosts[target];
  const addr = host?.ifaces.find((i) => i.kind !== 'loopback' && i.addrs.length)?.addrs[0];
  return addr ? addr.ip : null;
}

const isHostName = (target: string) => parseIp(target) === null;

function connectObservation(r: ProbeResult): string {
  if (r.kind === 'reply') return r.tcp === 'rst' ? 'connection refused' : 'connected';
  if (r.kind === 'timeout') return 'connection timed out';
  if (r.kind === 'local') return 'network is unreachable';
  if (r.type === 'port-unreachable') return 'connection refused';
  if (r.type === 'net-unreachable' || r.type === 'net-prohibited') return 'network is unreachable';
  return 'no route to host';
}

function httpObservation(r: HttpResult): string {
  switch (r.kind) {
    case 'response':
      return `HTTP ${r.status}`;
    case 'resolve-failed':
      return 'could not resolve host';
    case 'connect-failed':
      return { refused: 'connection refused', timeout: 'connection timed out', 'host-unreachable': 'no route to host', 'net-unreachable': 'network is unreachable' }[r.error];
    case 'empty-reply':
      return 'empty reply from server';
    case 'reset':
      return 'connection reset by peer';
    case 'no-response':
      return 'no response (timed out)';
    case 'not-http':
      return 'not an HTTP server';
    case 'tls-failed':
      return 'TLS handshake failed';
  }
}

// --- the predicates ----------------------------------------------------------------

const hostName = z.string().min(1);

const httpParams = z.strictObject({
  from: hostName,
  url: z.string().refine((u) => parseUrl(u) !== null, 'not an http:// or https:// URL'),
  /** https: check the certificate as curl does without -k (default: accept any, like curl -k). */
  verify: z.boolean().default(false),
  /** Host header, when not the URL's host. */
  host: z.string().optional(),
  status: z.number().int().min(100).max(599).default(200),
  /** The body must contain this text. */
  contains: z.string().optional(),
});

const http: Predicate<z.infer<typeof httpParams>> = {
  params: httpParams,
  hosts: (p) => [p.from],
  describe: (p) => `GET ${p.url}${p.host ? ` (Host: ${p.host})` : ''} from ${p.from} returns ${p.status}${p.contains ? ` with "${p.contains}"` : ''}`,
  evaluate(world, p) {
    const r = httpRequest(world, p.from, parseUrl(p.url)!, { hostHeader: p.host, record: false, verify: p.verify });
    const ok = r.kind === 'response' && r.status === p.status && (p.contains === undefined || r.body.includes(p.contains));
    return { ok, observed: httpObservation(r) };
  },
};

const tcpParams = z.strictObject({ from: hostName, to: z.string().min(1), port: z.number().int().min(1).max(65535) });

const tcp: Predicate<z.infer<typeof tcpParams>> = {
  params: tcpParams,
  hosts: (p) => [p.from, ...(isHostName(p.to) ? [p.to] : [])],
  describe: (p) => `TCP connect from ${p.from} to ${p.to}:${p.port}`,
  evaluate(world, p) {
    const dst = addressOf(world, p.to);
    if (dst === null) return { ok: false, observed: `${p.to} has no address` };
    const r = probe(world, p.from, { dst, proto: 'tcp', dport: p.port }, { record: false });
    const observed = connectObservation(r);
    return { ok: observed === 'connected', observed };
  },
};

const icmpParams = z.strictObject({ from: hostName, to: z.string().min(1) });

const icmp: Predicate<z.infer<typeof icmpParams>> = {
  params: icmpParams,
  hosts: (p) => [p.from, ...(isHostName(p.to) ? [p.to] : [])],
  describe: (p) => `ping from ${p.from} to ${p.to} gets a reply`,
  evaluate(world, p) {
    const dst = addressOf(world, p.to);
    if (dst === null) return { ok: false, observed: `${p.to} has no address` };
    const r = probe(world, p.from, { dst, proto: 'icmp' }, { record: false });
    if (r.kind === 'reply') return { ok: true, observed: 'echo reply' };
    if (r.kind === 'timeout') return { ok: false, observed: '100% packet loss' };
    if (r.kind === 'local') return { ok: false, observed: 'network is unreachable' };
    return { ok: false, observed: r.type.replace(/-/g, ' ') };
  },
};

const dnsParams = z.strictObject({
  from: hostName,
  name: z.string().min(1),
  /** The name must resolve to this address (else: to any). */
  address: z.string().refine((a) => parseIp(a) !== null, 'not an IPv4 address').optional(),
});

const dns: Predicate<z.infer<typeof dnsParams>> = {
  params: dnsParams,
  hosts: (p) => [p.from],
  describe: (p) => `${p.name} resolves${p.address ? ` to ${p.address}` : ''} on ${p.from}`,
  evaluate(world, p) {
    const r = resolveHost(world, p.from, p.name);
    if (r.kind !== 'ok') return { ok: false, observed: r.kind === 'timeout' ? 'DNS timed out' : r.kind.toUpperCase() };
    if (!r.addrs.length) return { ok: false, observed: 'no address' };
    const want = p.address === undefined ? null : parseIp(p.address);
    return { ok: want === null || r.addrs.includes(want), observed: `resolves to ${formatIp(r.addrs[0])}` };
  },
};

// --- Kubernetes: what the API server says about the objects ------------------------------

const k8sName = z.string().min(1);
const labelsParam = z.record(z.string(), z.string());

const deploymentParams = z.strictObject({
  namespace: k8sName.default('default'),
  name: k8sName,
  /** Ready replicas it must have at least (scaling it down below this does not count). */
  ready: z.number().int().min(1).default(1),
  /** The image its (first) container must run: a rollback to another version does not count. */
  image: z.string().min(1).optional(),
});

/** A deployment fully rolled out (every replica of its current revision, none of an old one) with at least `ready` ready. */
const deployment: Predicate<z.infer<typeof deploymentParams>> = {
  params: deploymentParams,
  hosts: () => [],
  describe: (p) => `deployment ${p.namespace}/${p.name} is rolled out${p.image ? ` with ${p.image}` : ''} with at least ${p.ready} ready replica${p.ready === 1 ? '' : 's'}`,
  evaluate(world, p) {
    const d = world.cluster && getObject(world.cluster, 'Deployment', p.namespace, p.name);
    if (!d) return { ok: false, observed: `deployment ${p.name} not found` };
    const want = d.spec.replicas ?? 1;
    const st = d.status ?? {};
    const ready = st.readyReplicas ?? 0;
    const rolledOut = (st.observedGeneration ?? 0) >= (d.metadata.generation ?? 0) && (st.updatedReplicas ?? 0) === want && (st.replicas ?? 0) === want && (st.availableReplicas ?? 0) >= want;
    const image = d.spec.template.spec.containers[0]?.image;
    const ok = want >= p.ready && ready >= p.ready && rolledOut && (p.image === undefined || image === p.image);
    const observed = p.image !== undefined && image !== p.image ? `runs ${image}` : `${ready}/${want} replicas ready${rolledOut ? '' : `, ${st.updatedReplicas ?? 0} of ${want} updated`}`;
    return { ok, observed };
  },
};

const endpointsParams = z.strictObject({ namespace: k8sName.default('default'), service: k8sName, min: z.number().int().min(1).default(1) });

const endpoints: Predicate<z.infer<typeof endpointsParams>> = {
  params: endpointsParams,
  hosts: () => [],
  describe: (p) => `service ${p.namespace}/${p.service} has at least ${p.min} ready endpoint${p.min === 1 ? '' : 's'}`,
  evaluate(world, p) {
    const c = world.cluster;
    if (!c || !getObject(c, 'Service', p.namespace, p.service)) return { ok: false, observed: `service ${p.service} not found` };
    const ep = getObject(c, 'Endpoints', p.namespace, p.service);
    const n = (ep?.subsets ?? []).reduce((sum, s) => sum + (s.addresses?.length ?? 0), 0);
    return { ok: n >= p.min, observed: n === 0 ? `no endpoints for service ${p.service}` : `${n} endpoint${n === 1 ? '' : 's'}` };
  },
};

/** Why a pod is not healthy, as `kubectl get pods` would put it; undefined when it runs and is ready. */
function podTrouble(pod: Pod): string | undefined {
  if (pod.status?.phase === 'Succeeded') return undefined;
  const statuses = pod.status?.containerStatuses ?? [];
  for (const cs of statuses) {
    if (cs.state.waiting?.reason && cs.state.waiting.reason !== 'ContainerCreating') return cs.state.waiting.reason;
    if (cs.state.terminated) return cs.state.terminated.reason ?? 'Error';
  }
  if (pod.status?.phase !== 'Running') return pod.status?.phase ?? 'Pending';
  return pod.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ? undefined : 'Running but not ready';
}

const podsParams = z.strictObject({
  namespace: k8sName.default('default'),
  /** Only the pods with these labels. */
  labels: labelsParam.optional(),
  /** Pods there must be at least (so that deleting them all is not healthy). */
  min: z.number().int().min(0).default(1),
});

/** No pod of the namespace (with the labels) is failing: each one runs and is ready, or has completed. */
const pods: Predicate<z.infer<typeof podsParams>> = {
  params: podsParams,
  hosts: () => [],
  describe: (p) => `every pod in namespace ${p.namespace}${p.labels ? ` with ${Object.entries(p.labels).map(([k, v]) => `${k}=${v}`).join(',')}` : ''} runs and is ready (at least ${p.min})`,
  evaluate(world, p) {
    const c = world.cluster;
    const list = c ? listObjects(c, 'Pod', p.namespace).filter((x) => !x.metadata.deletionTimestamp && matchesSelector({ matchLabels: p.labels }, x.metadata.labels)) : [];
    for (const pod of list) {
      const trouble = podTrouble(pod);
      if (trouble) return { ok: false, observed: `pod ${pod.metadata.name} is ${trouble}` };
    }
    if (list.length < p.min) return { ok: false, observed: `${list.length} pod${list.length === 1 ? '' : 's'} in ${p.namespace}` };
    return { ok: true, observed: `${list.length} pod${list.length === 1 ? '' : 's'} running` };
  },
};

const nodeReadyParams = z.strictObject({ node: k8sName });

const nodeReady: Predicate<z.infer<typeof nodeReadyParams>> = {
  params: nodeReadyParams,
  hosts: () => [],
  describe: (p) => `node ${p.node} is Ready`,
  evaluate(world, p) {
    const n = world.cluster && getObject(world.cluster, 'Node', undefined, p.node);
    if (!n) return { ok: false, observed: `node ${p.node} not found` };
    const ready = n.status.conditions?.find((x) => x.type === 'Ready')?.status;
    if (ready !== 'True') return { ok: false, observed: `node ${p.node} NotReady` };
    return { ok: true, observed: `node ${p.node} Ready${n.spec.unschedulable ? ',SchedulingDisabled' : ''}` };
  },
};

const podDnsParams = z.strictObject({
  namespace: k8sName.default('default'),
  /** The pods to ask from (the first running one). */
  labels: labelsParam,
  name: z.string().min(1),
  address: z.string().refine((a) => parseIp(a) !== null, 'not an IPv4 address').optional(),
});

/** A name resolves inside a running pod (its resolv.conf: the cluster DNS and the search list). */
const podDns: Predicate<z.infer<typeof podDnsParams>> = {
  params: podDnsParams,
  hosts: () => [],
  describe: (p) => `${p.name} resolves${p.address ? ` to ${p.address}` : ''} in a pod of ${p.namespace} with ${Object.entries(p.labels).map(([k, v]) => `${k}=${v}`).join(',')}`,
  evaluate(world, p) {
    const rt = runtimeOf(world);
    const c = world.cluster;
    const pod = c && listObjects(c, 'Pod', p.namespace).find((x) => x.status?.phase === 'Running' && !x.metadata.deletionTimestamp && matchesSelector({ matchLabels: p.labels }, x.metadata.labels) && rt?.pods[x.metadata.uid ?? '']);
    if (!pod) return { ok: false, observed: 'no running pod to resolve from' };
    return dns.evaluate(world, { from: rt!.pods[pod.metadata.uid!].host, name: p.name, address: p.address });
  },
};

/** The registry of predicates by name. */
export const PREDICATES: Record<string, Predicate<any>> = { http, tcp, icmp, dns, deployment, endpoints, pods, 'node-ready': nodeReady, 'pod-dns': podDns };

// --- parsing and evaluation -----------------------------------------------------------

/** Parses a check as written in YAML (`{ http: {...} }`, `{ all: [...] }`); issues on error. */
export function parseCheck(raw: unknown): { ok: true; check: Check } | { ok: false; issues: Issue[] } {
  const known = ['all', 'any', 'not', ...Object.keys(PREDICATES)];
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw) || Object.keys(raw).length !== 1) {
    return { ok: false, issues: [{ path: [], message: `a check is a mapping with one of: ${known.join(', ')}` }] };
  }
  const [key, value] = Object.entries(raw)[0];
  const nested = (path: (string | number)[], r: ReturnType<typeof parseCheck>) =>
    r.ok ? r : { ok: false as const, issues: r.issues.map((i) => ({ ...i, path: [...path, ...i.path] })) };
  if (key === 'all' || key === 'any') {
    if (!Array.isArray(value) || value.length === 0) return { ok: false, issues: [{ path: [key], message: `"${key}" takes a non-empty list of checks` }] };
    const checks: Check[] = [];
    const issues: Issue[] = [];
    value.forEach((v, i) => {
      const r = nested([key, i], parseCheck(v));
      if (r.ok) checks.push(r.check);
      else issues.push(...r.issues);
    });
    return issues.length ? { ok: false, issues } : { ok: true, check: { op: key, checks } };
  }
  if (key === 'not') {
    const r = nested(['not'], parseCheck(value));
    return r.ok ? { ok: true, check: { op: 'not', check: r.check } } : r;
  }
  const pred = PREDICATES[key];
  if (!pred) return { ok: false, issues: [{ path: [key], message: `unknown check "${key}" (known: ${known.join(', ')})` }] };
  const parsed = pred.params.safeParse(value);
  if (!parsed.success) return { ok: false, issues: zodIssues(parsed.error.issues, [key]) };
  return { ok: true, check: { op: 'pred', kind: key, params: parsed.data } };
}

export function evaluate(world: World, check: Check): Outcome {
  switch (check.op) {
    case 'pred':
      return PREDICATES[check.kind].evaluate(world, check.params);
    case 'not': {
      const o = evaluate(world, check.check);
      return { ok: !o.ok, observed: o.observed };
    }
    case 'all': {
      let first: Outcome | undefined;
      for (const c of check.checks) {
        const o = evaluate(world, c);
        first ??= o;
        if (!o.ok) return o;
      }
      return first!;
    }
    case 'any': {
      let first: Outcome | undefined;
      for (const c of check.checks) {
        const o = evaluate(world, c);
        if (o.ok) return o;
        first ??= o;
      }
      return first!;
    }
  }
}

/** Every host name a check refers to. */
export function checkHosts(check: Check): string[] {
  if (check.op === 'pred') return PREDICATES[check.kind].hosts(check.params);
  if (check.op === 'not') return checkHosts(check.check);
  return check.checks.flatMap(checkHosts);
}

/** What a check requires, in words (for the report). */
export function describeCheck(check: Check): string {
  if (check.op === 'pred') return PREDICATES[check.kind].describe(check.params);
  if (check.op === 'not') return `not (${describeCheck(check.check)})`;
  return check.checks.map(describeCheck).join(check.op === 'all' ? ' and ' : ' or ');
}

/** The page for a red objective: its alert text with `{observed}` filled in. */
export const alertText = (alert: string, observed: string) => alert.replaceAll('{observed}', observed);
