// The VerticalPodAutoscaler add-on's recommender and updater (v1.2 defaults), each once a
// minute while its pod runs.
// Recommender: every minute one CPU and one memory sample per container of the target's
// pods from metrics-server (a container that ran in the last minute counts with what it
// used), into per-VPA, per-container histograms (exponential buckets, 5 % growth): CPU
// weighted by the request, memory as each pod container's peak (an OOM kill counts as
// max(request, peak) + 100Mi or x1.2). Target = the bucket end of the 90th percentile CPU /
// peak memory + 15 %; bounds from the 50th and 95th percentiles, widened while the history
// is short (confidence); at least 25m and 250Mi per pod; then the VPA's min/maxAllowed.
// One 24 h memory window (the histogram decay over a game's hours is left out). Each
// container's history is saved as a VerticalPodAutoscalerCheckpoint; orphans go every 10 min.
// Updater: in Recreate/Auto, evicts pods whose requests are outside [lowerBound, upperBound]
// (or that were OOM-killed within 10 minutes of starting), through the eviction API, when
// the pods' controller has at least minReplicas live ones (2 unless the VPA says otherwise),
// half of them at a time, and only while the admission controller runs to set the new
// requests. evictionRequirements are not modelled.
import type { World } from '../../world/types.js';
import { removeObject } from '../apiwrite.js';
import { usageOf } from '../container.js';
import { formatRfc3339, parseRfc3339, wallMs } from '../../clock.js';
import { metricsAvailable, podUsages } from '../metrics.js';
import { formatQuantity, parseQuantity } from '../quantity.js';
import type { ClusterRuntime } from '../runtime.js';
import { matchesSelector } from '../selectors.js';
import { createObject, deleteObject, getObject, updateObject } from '../store.js';
import type { LabelSelector, Pod, ResourceList, VerticalPodAutoscaler, VerticalPodAutoscalerCheckpoint, VpaContainerRecommendation, VpaHistogramCheckpoint } from '../types.js';
import { containerPolicy, topController, updateModeOf, VPA_CRD, vpaComponentUp } from '../vpa-api.js';
import { all, allPods, bytes, event, isPodActive, milli, stamp } from './common.js';

const PERIOD_MS = 60_000;
const CHECKPOINT_GC_MS = 10 * 60_000;
const DAY_MS = 24 * 3600_000;
const MAX_AMOUNT = 1e14;
const MI = 1024 * 1024;

/** One container name's aggregated history within a VPA. */
interface Aggregate {
  /** CPU histogram: bucket -> weight (the request in cores, at least 0.1). */
  cpu: Record<string, number>;
  /** Memory histogram: bucket -> number of pod-container peaks in it. */
  mem: Record<string, number>;
  first: number;
  last: number;
  samples: number;
}

export interface VpaState {
  aggregates: Record<string, Aggregate>;
  /** The current peak of each live pod's container (`uid/container`): usage and OOM-based. */
  peaks: Record<string, { usage: number; oom: number }>;
  /** The last OOM kill recorded per pod container (its finishedAt). */
  ooms: Record<string, string>;
}

export interface VpaRuntime {
  recommenderAt: number;
  checkpointGcAt: number;
  updaterAt: number;
  states: Record<string, VpaState>;
}

// --- histograms -------------------------------------------------------------------------

interface Buckets {
  first: number;
  ratio: number;
  count: number;
}

const bucketsOf = (first: number, max: number): Buckets => ({ first, ratio: 1.05, count: Math.ceil(Math.log(max * 0.05 / first + 1) / Math.log(1.05)) + 1 });
const CPU_BUCKETS = bucketsOf(0.01, 1000);
const MEM_BUCKETS = bucketsOf(1e7, 1e12);

function findBucket(b: Buckets, value: number): number {
  if (value < b.first) return 0;
  return Math.min(Math.floor(Math.log(value * (b.ratio - 1) / b.first + 1) / Math.log(b.ratio)), b.count - 1);
}

const bucketStart = (b: Buckets, i: number) => (i === 0 ? 0 : (b.first * (b.ratio ** i - 1)) / (b.ratio - 1));

function add(h: Record<string, number>, bucket: number, weight: number): void {
  const w = (h[bucket] ?? 0) + weight;
  if (w > 1e-9) h[bucket] = w;
  else delete h[bucket];
}

/** The end of the bucket holding the percentile (the start of the last bucket, which has no end). */
function percentile(b: Buckets, h: Record<string, number>, p: number): number {
  const keys = Object.keys(h).map(Number).sort((x, y) => x - y);
  if (!keys.length) return 0;
  const total = keys.reduce((s, k) => s + h[k], 0);
  let sum = 0;
  let bucket = keys[keys.length - 1];
  for (const k of keys) {
    sum += h[k];
    if (sum >= p * total) {
      bucket = k;
      break;
    }
  }
  return bucket < b.count - 1 ? bucketStart(b, bucket + 1) : bucketStart(b, bucket);
}

// --- the recommender --------------------------------------------------------------------

const amount = (v: number) => (Number.isNaN(v) || v <= 0 ? 0 : v > MAX_AMOUNT ? MAX_AMOUNT : Math.trunc(v));

interface Estimate {
  cpu: number;
  memory: number;
}

function estimate(a: Aggregate, cpuP: number, memP: number): Estimate {
  const e = { cpu: amount(percentile(CPU_BUCKETS, a.cpu, cpuP) * 1000), memory: amount(percentile(MEM_BUCKETS, a.mem, memP)) };
  return { cpu: e.cpu + amount(e.cpu * 0.15), memory: e.memory + amount(e.memory * 0.15) };
}

function recommend(a: Aggregate, containers: number): { target: Estimate; lower: Estimate; upper: Estimate } {
  const confidence = Math.min((a.last - a.first) / DAY_MS, a.samples / (60 * 24));
  const scale = (e: Estimate, f: number): Estimate => ({ cpu: amount(e.cpu * f), memory: amount(e.memory * f) });
  const min = { cpu: amount(25 / containers), memory: amount((250 * MI) / containers) };
  const floor = (e: Estimate): Estimate => ({ cpu: Math.max(e.cpu, min.cpu), memory: Math.max(e.memory, min.memory) });
  return {
    target: floor(estimate(a, 0.9, 0.9)),
    lower: floor(scale(estimate(a, 0.5, 0.5), (1 + 0.001 / confidence) ** -2)),
    upper: floor(scale(estimate(a, 0.95, 0.95), 1 + 1 / confidence)),
  };
}

const cpuText = (m: number) => formatQuantity({ nanos: BigInt(m) * 1_000_000n, format: 'DecimalSI' });
const memText = (b: number) => formatQuantity({ nanos: BigInt(b) * 1_000_000_000n, format: 'DecimalSI' });
const nanos = (q: string | number) => parseQuantity(String(q))?.nanos ?? 0n;
const canonical = (q: string | number) => {
  const p = parseQuantity(String(q));
  return p ? formatQuantity(p) : String(q);
};

/** The target's label selector, or the reason the recommender cannot read it (ConfigUnsupported). */
function targetSelector(world: World, vpa: VerticalPodAutoscaler): { selector: LabelSelector } | { error: string } {
  const ref = vpa.spec.targetRef;
  const ns = vpa.metadata.namespace;
  const c = world.cluster!;
  const known: Record<string, () => { selector?: LabelSelector; parent?: boolean } | undefined> = {
    Deployment: () => {
      const d = getObject(c, 'Deployment', ns, ref.name);
      return d && { selector: d.spec.selector };
    },
    ReplicaSet: () => {
      const rs = getObject(c, 'ReplicaSet', ns, ref.name);
      return rs && { selector: rs.spec.selector, parent: !!rs.metadata.ownerReferences?.some((o) => o.controller) };
    },
    StatefulSet: () => {
      const sts = getObject(c, 'StatefulSet', ns, ref.name);
      return sts && { selector: sts.spec.selector };
    },
    DaemonSet: () => {
      const ds = getObject(c, 'DaemonSet', ns, ref.name);
      return ds && { selector: ds.spec.selector };
    },
    Job: () => {
      const job = getObject(c, 'Job', ns, ref.name);
      return job && { selector: job.spec.selector, parent: !!job.metadata.ownerReferences?.some((o) => o.controller) };
    },
    CronJob: () => {
      const cj = getObject(c, 'CronJob', ns, ref.name);
      return cj && { selector: { matchLabels: cj.spec.jobTemplate.spec.template.metadata?.labels ?? {} } };
    },
  };
  const get = known[ref.kind];
  if (!get) {
    const group = (ref.apiVersion ?? '').includes('/') ? ref.apiVersion!.split('/')[0] : '';
    return { error: `Cannot read targetRef. Reason: Unhandled targetRef ${ref.apiVersion ?? ''} / ${ref.kind} / ${ref.name}, last error no matches for kind "${ref.kind}" in group "${group}"` };
  }
  const found = get();
  if (!found?.selector) return { error: `Cannot read targetRef. Reason: ${ref.kind} ${ns}/${ref.name} does not exist` };
  if (found.parent) return { error: 'The targetRef controller has a parent but it should point to a topmost well-known or scalable controller' };
  return { selector: found.selector };
}

/** The pods the VPA covers: active, matching the target's selector and controlled (top-most) by the target. */
function podsOf(world: World, vpa: VerticalPodAutoscaler, selector: LabelSelector, pods: Pod[]): Pod[] {
  const ref = vpa.spec.targetRef;
  return pods.filter((p) => {
    if (p.metadata.namespace !== vpa.metadata.namespace || !isPodActive(p) || !matchesSelector(selector, p.metadata.labels)) return false;
    const top = topController(world, p);
    return !!top && top.kind === ref.kind && top.name === ref.name;
  });
}

type Cond = NonNullable<NonNullable<VerticalPodAutoscaler['status']>['conditions']>[number];

function setConditions(vpa: VerticalPodAutoscaler, next: Omit<Cond, 'lastTransitionTime'>[], now: string): Cond[] {
  const old = vpa.status?.conditions ?? [];
  return next
    .map((c) => {
      const prev = old.find((o) => o.type === c.type);
      const cond: Cond = { type: c.type, status: c.status, lastTransitionTime: prev && prev.status === c.status ? prev.lastTransitionTime : now };
      if (c.reason) cond.reason = c.reason;
      if (c.message) cond.message = c.message;
      return cond;
    })
    .sort((a, b) => (a.type < b.type ? -1 : a.type > b.type ? 1 : 0));
}

function observe(world: World, rt: ClusterRuntime, state: VpaState, pods: Pod[], usages: ReturnType<typeof podUsages> | undefined, since: number): void {
  const live = new Set<string>();
  for (const pod of pods) {
    const p = rt.pods[pod.metadata.uid!];
    for (const spec of pod.spec.containers) {
      const key = `${pod.metadata.uid}/${spec.name}`;
      live.add(key);
      const agg = (state.aggregates[spec.name] ??= { cpu: {}, mem: {}, first: world.now, last: world.now, samples: 0 });
      const peak = (state.peaks[key] ??= { usage: 0, oom: 0 });
      const setPeak = (value: number, oom: boolean) => {
        const old = Math.max(peak.usage, peak.oom);
        if (value <= old) return;
        if (old) add(agg.mem, findBucket(MEM_BUCKETS, old), -1);
        add(agg.mem, findBucket(MEM_BUCKETS, value), 1);
        if (oom) peak.oom = value;
        else peak.usage = value;
      };
      const request = bytes(spec.resources?.requests?.memory);
      // An OOM kill the recommender has not seen yet.
      const last = pod.status?.containerStatuses?.find((s) => s.name === spec.name)?.lastState.terminated;
      if (last?.reason === 'OOMKilled' && last.finishedAt && state.ooms[key] !== last.finishedAt) {
        state.ooms[key] = last.finishedAt;
        const used = Math.max(request, peak.usage);
        setPeak(amount(Math.max(used + 100 * MI, used * 1.2)), true);
      }
      if (!usages) continue;
      const c = p?.containers.find((x) => x.name === spec.name);
      let use = usages.get(pod.metadata.uid!)?.containers.find((x) => x.name === spec.name);
      if (!use && c?.previous && c.previous.finishedAt > since) use = { name: spec.name, ...usageOf(rt, spec, 0) };
      if (!use) continue;
      if (!agg.samples) agg.first = world.now;
      agg.last = world.now;
      agg.samples++;
      add(agg.cpu, findBucket(CPU_BUCKETS, use.cpu / 1000), Math.max(milli(spec.resources?.requests?.cpu) / 1000, 0.1));
      setPeak(use.memory, false);
    }
  }
  for (const key of Object.keys(state.peaks)) if (!live.has(key)) delete state.peaks[key];
  for (const key of Object.keys(state.ooms)) if (!live.has(key)) delete state.ooms[key];
}

function recommendation(vpa: VerticalPodAutoscaler, state: VpaState): VpaContainerRecommendation[] {
  const names = Object.keys(state.aggregates).filter((n) => state.aggregates[n].samples > 0).sort();
  const out: VpaContainerRecommendation[] = [];
  for (const name of names) {
    const r = recommend(state.aggregates[name], names.length);
    const policy = containerPolicy(vpa, name);
    if (policy?.mode === 'Off') continue;
    const controlled = policy?.controlledResources ?? ['cpu', 'memory'];
    const list = (e: Estimate): ResourceList => {
      const l: ResourceList = {};
      if (controlled.includes('cpu')) l.cpu = cpuText(e.cpu);
      if (controlled.includes('memory')) l.memory = memText(e.memory);
      return l;
    };
    const cap = (l: ResourceList): ResourceList => {
      const o: ResourceList = {};
      for (const [res, q] of Object.entries(l)) {
        const min = policy?.minAllowed?.[res];
        const max = policy?.maxAllowed?.[res];
        o[res] = min !== undefined && nanos(q) < nanos(min) ? canonical(min) : max !== undefined && nanos(q) > nanos(max) ? canonical(max) : q;
      }
      return o;
    };
    const target = list(r.target);
    out.push({ containerName: name, lowerBound: cap(list(r.lower)), target: cap(target), uncappedTarget: target, upperBound: cap(list(r.upper)) });
  }
  return out;
}

function runRecommender(world: World, rt: ClusterRuntime, vr: VpaRuntime): void {
  const since = vr.recommenderAt;
  vr.recommenderAt = world.now;
  const usages = metricsAvailable(world) ? podUsages(world, rt) : undefined;
  const pods = allPods(world);
  const seen = new Set<string>();
  for (const vpa of all(world, 'VerticalPodAutoscaler')) {
    const recs = vpa.spec.recommenders ?? [];
    if (recs.length && !recs.some((r) => r.name === 'default')) continue;
    const key = `${vpa.metadata.namespace}/${vpa.metadata.name}`;
    seen.add(key);
    const state = (vr.states[key] ??= { aggregates: {}, peaks: {}, ooms: {} });
    const sel = targetSelector(world, vpa);
    const mine = 'selector' in sel ? podsOf(world, vpa, sel.selector, pods) : [];
    observe(world, rt, state, mine, usages, since);
    const containers = recommendation(vpa, state);
    const conds: Omit<Cond, 'lastTransitionTime'>[] = [];
    if ('error' in sel) conds.push({ type: 'ConfigUnsupported', status: 'True', message: sel.error });
    if (!mine.length) conds.push({ type: 'NoPodsMatched', status: 'True', reason: 'NoPodsMatched', message: 'No pods match this VPA object' });
    if (containers.length) conds.push({ type: 'RecommendationProvided', status: 'True' });
    else conds.push({ type: 'RecommendationProvided', status: 'False', ...(mine.length ? {} : { reason: 'NoPodsMatched', message: 'No pods match this VPA object' }) });
    const status: NonNullable<VerticalPodAutoscaler['status']> = { conditions: setConditions(vpa, conds, stamp(world)) };
    if (containers.length) status.recommendation = { containerRecommendations: containers };
    if (JSON.stringify(status) !== JSON.stringify(vpa.status ?? {})) {
      vpa.status = status;
      updateObject(world, vpa);
    }
    writeCheckpoints(world, vpa, state);
  }
  for (const key of Object.keys(vr.states)) if (!seen.has(key)) delete vr.states[key];
  if (world.now - vr.checkpointGcAt >= CHECKPOINT_GC_MS || world.now < vr.checkpointGcAt) {
    vr.checkpointGcAt = world.now;
    for (const cp of all(world, 'VerticalPodAutoscalerCheckpoint')) {
      if (!getObject(world.cluster!, 'VerticalPodAutoscaler', cp.metadata.namespace, cp.spec.vpaObjectName ?? '')) deleteObject(world, cp.kind, cp.metadata.namespace, cp.metadata.name);
    }
  }
}

// --- checkpoints ------------------------------------------------------------------------

/** A histogram as a checkpoint stores it: weights scaled so the largest is 10000, near-zero ones dropped. */
function histogramCheckpoint(h: Record<string, number>, reference: string | null): VpaHistogramCheckpoint {
  const weights = Object.values(h);
  const max = Math.max(0, ...weights);
  const bucketWeights: Record<string, number> = {};
  for (const [bucket, w] of Object.entries(h)) {
    const scaled = Math.round((w * 10000) / max);
    if (scaled > 0) bucketWeights[bucket] = scaled;
  }
  return { referenceTimestamp: max ? reference : null, bucketWeights, totalWeight: weights.reduce((s, w) => s + w, 0) };
}

/**
 * The recommender's checkpoint of each container's history (`<vpa>-<container>`), what a
 * restarted recommender starts from. The current memory window's peaks are left out, as the
 * real one leaves them out (here that is all of them: one window).
 */
function writeCheckpoints(world: World, vpa: VerticalPodAutoscaler, state: VpaState): void {
  const ns = vpa.metadata.namespace!;
  for (const [container, agg] of Object.entries(state.aggregates)) {
    if (!agg.samples) continue;
    const first = wallMs(agg.first);
    // The decaying histogram's reference time: its first sample's, to the hour.
    const reference = formatRfc3339(Math.floor((first + 1_800_000) / 3_600_000) * 3_600_000);
    const status: NonNullable<VerticalPodAutoscalerCheckpoint['status']> = {
      lastUpdateTime: stamp(world), version: 'v3',
      cpuHistogram: histogramCheckpoint(agg.cpu, reference), memoryHistogram: histogramCheckpoint({}, null),
      firstSampleStart: formatRfc3339(first), lastSampleStart: formatRfc3339(wallMs(agg.last)), totalSamplesCount: agg.samples,
    };
    const name = `${vpa.metadata.name}-${container}`;
    const old = getObject(world.cluster!, 'VerticalPodAutoscalerCheckpoint', ns, name);
    if (old) {
      old.spec = { vpaObjectName: vpa.metadata.name, containerName: container };
      old.status = status;
      old.metadata.generation = (old.metadata.generation ?? 1) + 1;
      updateObject(world, old);
    } else {
      createObject(world, { apiVersion: 'autoscaling.k8s.io/v1', kind: 'VerticalPodAutoscalerCheckpoint', metadata: { name, namespace: ns }, spec: { vpaObjectName: vpa.metadata.name, containerName: container }, status });
    }
  }
}

// --- the updater ------------------------------------------------------------------------

interface Candidate {
  pod: Pod;
  scaleUp: boolean;
  diff: number;
}

/** GetUpdatePriority and the updater's admission of a pod to the update queue. */
function candidate(world: World, vpa: VerticalPodAutoscaler, pod: Pod): Candidate | undefined {
  const recs = vpa.status?.recommendation?.containerRecommendations ?? [];
  let outside = false;
  let scaleUp = false;
  const requested: Record<string, number> = {};
  const recommended: Record<string, number> = {};
  for (const c of pod.spec.containers) {
    const r = recs.find((x) => x.containerName === c.name);
    if (!r) continue;
    for (const [res, target] of Object.entries(r.target)) {
      recommended[res] = (recommended[res] ?? 0) + Number(nanos(target) / 1_000_000n);
      const request = c.resources?.requests?.[res];
      if (request === undefined) {
        scaleUp = outside = true;
        continue;
      }
      const req = nanos(request);
      requested[res] = (requested[res] ?? 0) + Number(req / 1_000_000n);
      if (nanos(target) > req) scaleUp = true;
      const lower = r.lowerBound?.[res];
      const upper = r.upperBound?.[res];
      if ((lower !== undefined && req < nanos(lower)) || (upper !== undefined && req > nanos(upper))) outside = true;
    }
  }
  let diff = 0;
  for (const [res, rec] of Object.entries(recommended)) {
    const req = Math.max(requested[res] ?? 0, 1);
    diff += Math.abs(req - rec) / req;
  }
  const quickOom = (pod.status?.containerStatuses ?? []).some((s) => {
    const t = s.lastState.terminated;
    if (t?.reason !== 'OOMKilled' || containerPolicy(vpa, s.name)?.mode === 'Off') return false;
    return (parseRfc3339(t.finishedAt ?? '') ?? 0) - (parseRfc3339(t.startedAt ?? '') ?? 0) < 10 * 60_000;
  });
  if (!outside && !quickOom) {
    const start = parseRfc3339(pod.status?.startTime ?? '');
    if (start === undefined || parseRfc3339(stamp(world))! - start < 12 * 3600_000 || diff < 0.1) return undefined;
  }
  if (quickOom && diff === 0) return undefined;
  return { pod, scaleUp, diff };
}

function runUpdater(world: World): void {
  for (const vpa of all(world, 'VerticalPodAutoscaler')) {
    const mode = updateModeOf(vpa);
    if ((mode !== 'Recreate' && mode !== 'Auto') || !vpa.status?.recommendation?.containerRecommendations?.length) continue;
    const sel = targetSelector(world, vpa);
    if (!('selector' in sel)) continue;
    const pods = podsOf(world, vpa, sel.selector, allPods(world));
    // Live pods by the controller that creates them (a Deployment's ReplicaSet).
    const groups = new Map<string, Pod[]>();
    for (const p of pods) {
      const ref = p.metadata.ownerReferences?.find((o) => o.controller);
      if (!ref) continue;
      const k = `${ref.kind}/${ref.name}`;
      groups.set(k, [...(groups.get(k) ?? []), p]);
    }
    const required = vpa.spec.updatePolicy?.minReplicas ?? 2;
    for (const [group, members] of groups) {
      if (members.length < required) continue;
      const [kind, name] = group.split('/');
      const owner = kind === 'ReplicaSet' ? getObject(world.cluster!, 'ReplicaSet', vpa.metadata.namespace, name) : kind === 'StatefulSet' ? getObject(world.cluster!, 'StatefulSet', vpa.metadata.namespace, name) : undefined;
      const configured = kind === 'Job' || kind === 'DaemonSet' || !owner ? members.length : (owner.spec.replicas ?? 1);
      const tolerance = Math.floor(configured * 0.5);
      const pending = members.filter((p) => p.status?.phase === 'Pending').length;
      const running = members.length - pending;
      let evicted = 0;
      const queue = members.map((p) => candidate(world, vpa, p)).filter((c): c is Candidate => !!c)
        .sort((a, b) => (a.scaleUp !== b.scaleUp ? (a.scaleUp ? -1 : 1) : b.diff - a.diff));
      for (const c of queue) {
        const allowed = c.pod.status?.phase === 'Pending' || running - evicted > configured - tolerance || (running === configured && tolerance === 0 && evicted === 0);
        if (!allowed) continue;
        event(world, c.pod, { type: 'Normal', reason: 'EvictedByVPA', message: 'Pod was evicted by VPA Updater to apply resource recommendation.', component: 'vpa-updater' });
        removeObject(world, c.pod);
        evicted++;
      }
    }
  }
}

/** The add-on's controllers at `world.now` (nothing without its CRD). */
export function runVpas(world: World, rt: ClusterRuntime): void {
  if (!world.cluster?.crds?.includes(VPA_CRD)) return;
  const vr = (rt.vpa ??= { recommenderAt: -1e15, checkpointGcAt: -1e15, updaterAt: -1e15, states: {} });
  // A fault replays the past (the clock goes back): the loops run on from there.
  const due = (at: number) => world.now - at >= PERIOD_MS || world.now < at;
  if (due(vr.recommenderAt) && vpaComponentUp(world, 'vpa-recommender')) runRecommender(world, rt, vr);
  if (due(vr.updaterAt) && vpaComponentUp(world, 'vpa-updater')) {
    vr.updaterAt = world.now;
    if (vpaComponentUp(world, 'vpa-admission-controller')) runUpdater(world);
  }
}
