// Builds a cluster from Kubernetes manifests (multi-document YAML, as `kubectl apply -f`
// takes them, plus statuses, since no controllers run yet). Objects go through the API
// server's defaulting, then the store. Beyond real manifests, one convenience: any
// timestamp field (`creationTimestamp`, `startedAt`, `lastTimestamp`, ...) may be written
// relative to the world's clock, e.g. `-3d2h` (3 days 2 hours ago) or `now`.
// What a real cluster always has is added unless the manifests declare it: the system
// namespaces, kube-root-ca.crt in every namespace, the `kubernetes` Service and Endpoints,
// and a node Lease per Node in kube-node-lease.
import { parseAllDocuments } from 'yaml';
import { formatRfc3339, formatRfc3339Micro, parseRfc3339, wallMs } from '../clock.js';
import type { World } from '../world/types.js';
import { applyDefaults } from './defaults.js';
import { groupVersion, resolveResource } from './resources.js';
import { createObject, getObject, listObjects, newCluster } from './store.js';
import type { ClusterInfo, Event, KubeObject } from './types.js';

export class FixtureError extends Error {}

export interface FixtureOptions {
  /** When the cluster was created (system objects' age), relative like `-41d` or RFC 3339; default: now. */
  created?: string;
  info?: Partial<ClusterInfo>;
}

const DEFAULT_INFO: ClusterInfo = { server: 'https://10.0.10.10:6443', version: 'v1.32.4', dnsServiceIp: '10.96.0.10' };
const SYSTEM_NAMESPACES = ['default', 'kube-node-lease', 'kube-public', 'kube-system'];
const ROOT_CA = '-----BEGIN CERTIFICATE-----\nMIIDBTCCAe2gAwIBAgIIQ2w5c2ltdWwwDQYJKoZIhvcNAQELBQAwFTETMBEGA1UE\nAxMKa3ViZXJuZXRlczAeFw0yNjEwMTMwOTAwMDBaFw0zNjEwMTEwOTA1MDBaMBUx\nEzARBgNVBAMTCmt1YmVybmV0ZXMwggEiMA0GCSqGSIb3DQEBAQUAA4IBDwAwggEK\n-----END CERTIFICATE-----\n';
const ROOT_CA_DESCRIPTION = 'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.';

const UNITS: Record<string, number> = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000 };

/** Resolves `now`, `-3d2h`, `-41d` to wall-clock ms; undefined if not a relative time. */
export function relativeTime(text: string, nowMs: number): number | undefined {
  if (text === 'now') return nowMs;
  const m = /^-((?:\d+[dhms])+)$/.exec(text);
  if (!m) return undefined;
  let ms = 0;
  for (const [, n, u] of m[1].matchAll(/(\d+)([dhms])/g)) ms += Number(n) * UNITS[u];
  return nowMs - ms;
}

const TIME_KEY = /(Time|Timestamp|At)$|^time[A-Z]/;
const MICRO_KEYS = new Set(['renewTime', 'acquireTime', 'eventTime']);

/** Where resolveTimes is: the document, then keys and array indexes (a message is only written on an error). */
type Where = [string, ...(string | number)[]];

const whereText = ([doc, ...steps]: Where) => doc + steps.map((s) => (typeof s === 'number' ? `[${s}]` : `.${s}`)).join('');

function resolveTimes(value: unknown, nowMs: number, where: Where): unknown {
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) {
      where.push(i);
      out[i] = resolveTimes(value[i], nowMs, where);
      where.pop();
    }
    return out;
  }
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(value)) {
    const v = (value as Record<string, unknown>)[k];
    if (typeof v === 'string' && TIME_KEY.test(k)) {
      const rel = relativeTime(v, nowMs);
      if (rel !== undefined) out[k] = MICRO_KEYS.has(k) ? formatRfc3339Micro(rel) : formatRfc3339(rel);
      else if (parseRfc3339(v) !== undefined) out[k] = v;
      else throw new FixtureError(`${whereText(where)}.${k}: not a time: "${v}" (use RFC 3339, "now" or e.g. "-3d2h")`);
    } else {
      where.push(k);
      out[k] = resolveTimes(v, nowMs, where);
      where.pop();
    }
  }
  return out;
}

/** client-go's event name: `<object>.<first seen, unix nanos, hex>` (the document index keeps names unique). */
function eventName(e: Event, nowMs: number, index: number): string {
  const first = e.firstTimestamp ?? e.lastTimestamp;
  const ms = (first && (relativeTime(first, nowMs) ?? parseRfc3339(first))) || nowMs;
  return `${e.involvedObject?.name ?? 'event'}.${(BigInt(ms) * 1_000_000n + BigInt(index)).toString(16)}`;
}

/** A document of a manifest text: the YAML parser's first error, or its value (or what converting it threw). */
type ParsedDoc = { error: string } | { raw: unknown } | { thrown: unknown };

/**
 * Parsed manifest texts by text (a cache, not part of the world): every world of a scenario loads
 * the same manifests. Entries are never changed: resolveTimes copies each document.
 */
const parsedTexts = new Map<string, ParsedDoc[]>();
const PARSED_TEXTS_KEPT = 8;

function parsedYaml(text: string): ParsedDoc[] {
  const hit = parsedTexts.get(text);
  if (hit) return hit;
  const docs = parseAllDocuments(text).map((doc): ParsedDoc => {
    if (doc.errors.length) return { error: doc.errors[0].message.split('\n')[0] };
    try {
      return { raw: doc.toJS() as unknown };
    } catch (e) {
      return { thrown: e };
    }
  });
  if (parsedTexts.size >= PARSED_TEXTS_KEPT) parsedTexts.delete(parsedTexts.keys().next().value!);
  parsedTexts.set(text, docs);
  return docs;
}

function parseDocs(text: string, nowMs: number): KubeObject[] {
  const objs: KubeObject[] = [];
  for (const [i, doc] of parsedYaml(text).entries()) {
    if ('error' in doc) throw new FixtureError(`document ${i + 1}: ${doc.error}`);
    if ('thrown' in doc) throw doc.thrown;
    const raw = doc.raw;
    if (raw === null || raw === undefined) continue;
    const where = `document ${i + 1}`;
    if (typeof raw !== 'object' || Array.isArray(raw)) throw new FixtureError(`${where}: not a mapping`);
    const o = raw as Partial<KubeObject>;
    const t = o.kind ? resolveResource(o.kind) : undefined;
    if (!t || t.kind !== o.kind) throw new FixtureError(`${where}: unknown kind ${JSON.stringify(o.kind)}`);
    if (o.apiVersion !== groupVersion(t)) throw new FixtureError(`${where}: ${o.kind} needs apiVersion ${groupVersion(t)}, not ${JSON.stringify(o.apiVersion)}`);
    // (the parsed document is shared: what is filled in goes on its copy)
    const generated = o.kind === 'Event' && o.metadata && !o.metadata.name ? eventName(o as Event, nowMs, i) : undefined;
    const name = generated ?? o.metadata?.name;
    if (!name && !o.metadata?.generateName) throw new FixtureError(`${where}: ${o.kind} has no metadata.name`);
    const obj = resolveTimes(o, nowMs, [`${where} (${o.kind} ${name})`]) as KubeObject;
    if (generated !== undefined) obj.metadata.name = generated;
    if (t.namespaced) obj.metadata.namespace ??= 'default';
    else delete obj.metadata.namespace;
    objs.push(obj);
  }
  return objs;
}

function put(world: World, obj: KubeObject): void {
  applyDefaults(world, obj);
  const res = createObject(world, obj, { restore: true });
  if (!res.ok) throw new FixtureError(`${obj.kind} ${obj.metadata.namespace ? obj.metadata.namespace + '/' : ''}${obj.metadata.name}: ${res.error.message}`);
}

/** Owner references and event subjects may name their object without its uid; fill it in. */
function linkUids(world: World, obj: KubeObject): void {
  const c = world.cluster!;
  for (const ref of obj.metadata.ownerReferences ?? []) {
    if (ref.uid) continue;
    const t = resolveResource(ref.kind);
    const owner = t && getObject(c, t.kind, obj.metadata.namespace, ref.name);
    if (!owner) throw new FixtureError(`${obj.kind} ${obj.metadata.name}: owner ${ref.kind} ${ref.name} not found`);
    ref.uid = owner.metadata.uid!;
  }
  if (obj.kind === 'Event') {
    const io = obj.involvedObject;
    const t = io.kind ? resolveResource(io.kind) : undefined;
    const subject = t && io.name ? getObject(c, t.kind, io.namespace, io.name) : undefined;
    if (subject) {
      io.uid ??= subject.metadata.uid;
      io.apiVersion ??= subject.apiVersion;
    }
  }
}

/** Loads manifests into `world.cluster` (created if absent). Throws FixtureError on a bad manifest. */
export function loadClusterYaml(world: World, text: string, opts: FixtureOptions = {}): void {
  const nowMs = wallMs(world.now);
  const objs = parseDocs(text, nowMs);
  const createdMs = opts.created ? (relativeTime(opts.created, nowMs) ?? parseRfc3339(opts.created)) : nowMs;
  if (createdMs === undefined) throw new FixtureError(`created: not a time: ${opts.created}`);
  const created = formatRfc3339(createdMs);
  world.cluster ??= newCluster({ ...DEFAULT_INFO, ...opts.info });
  const c = world.cluster;
  const declared = (kind: string, ns: string | undefined, name: string) =>
    objs.some((o) => o.kind === kind && o.metadata.name === name && (ns === undefined || o.metadata.namespace === ns));

  const namespaces = objs.filter((o) => o.kind === 'Namespace');
  for (const name of SYSTEM_NAMESPACES) {
    if (!declared('Namespace', undefined, name) && !getObject(c, 'Namespace', undefined, name))
      put(world, { apiVersion: 'v1', kind: 'Namespace', metadata: { name, creationTimestamp: created } });
  }
  for (const ns of namespaces) put(world, ns);
  for (const ns of listObjects(c, 'Namespace')) {
    const name = ns.metadata.name;
    if (!declared('ConfigMap', name, 'kube-root-ca.crt') && !getObject(c, 'ConfigMap', name, 'kube-root-ca.crt'))
      put(world, {
        apiVersion: 'v1', kind: 'ConfigMap',
        metadata: { name: 'kube-root-ca.crt', namespace: name, creationTimestamp: ns.metadata.creationTimestamp, annotations: { 'kubernetes.io/description': ROOT_CA_DESCRIPTION } },
        data: { 'ca.crt': ROOT_CA },
      });
  }
  const rest = objs.filter((o) => o.kind !== 'Namespace');
  for (const o of rest) put(world, o);
  for (const o of rest) linkUids(world, o);

  const apiserver = new URL(c.info.server);
  if (!declared('Service', 'default', 'kubernetes') && !getObject(c, 'Service', 'default', 'kubernetes')) {
    put(world, {
      apiVersion: 'v1', kind: 'Service',
      metadata: { name: 'kubernetes', namespace: 'default', creationTimestamp: created, labels: { component: 'apiserver', provider: 'kubernetes' } },
      spec: { clusterIP: '10.96.0.1', ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: Number(apiserver.port || 443) }] },
    });
  }
  if (!declared('Endpoints', 'default', 'kubernetes') && !getObject(c, 'Endpoints', 'default', 'kubernetes')) {
    put(world, {
      apiVersion: 'v1', kind: 'Endpoints',
      metadata: { name: 'kubernetes', namespace: 'default', creationTimestamp: created, labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } },
      subsets: [{ addresses: [{ ip: apiserver.hostname }], ports: [{ name: 'https', port: Number(apiserver.port || 443), protocol: 'TCP' }] }],
    });
  }
  for (const node of listObjects(c, 'Node')) {
    const name = node.metadata.name;
    if (declared('Lease', 'kube-node-lease', name) || getObject(c, 'Lease', 'kube-node-lease', name)) continue;
    const heartbeat = node.status.conditions?.find((x) => x.type === 'Ready')?.lastHeartbeatTime;
    put(world, {
      apiVersion: 'coordination.k8s.io/v1', kind: 'Lease',
      metadata: {
        name, namespace: 'kube-node-lease', creationTimestamp: node.metadata.creationTimestamp,
        ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name, uid: node.metadata.uid! }],
      },
      spec: { holderIdentity: name, leaseDurationSeconds: 40, renewTime: formatRfc3339Micro(heartbeat ? parseRfc3339(heartbeat)! : nowMs) },
    });
  }
}
