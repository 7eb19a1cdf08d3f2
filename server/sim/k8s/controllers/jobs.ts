// The Job controller (pods from the template until `completions` succeed, `parallelism` at a
// time, a new pod after each failure with the pod failure back-off, Failed past
// backoffLimit) and the CronJob controller (a Job at each scheduled minute, named
// `<cronjob>-<minutes since the epoch>`, older finished Jobs beyond the history limits deleted).
import { formatRfc3339, parseRfc3339, wallMs } from '../../clock.js';
import type { World } from '../../world/types.js';
import { removeObject } from '../apiwrite.js';
import { applyDefaults } from '../defaults.js';
import { clone } from '../patch.js';
import { runtimeOf } from '../runtime.js';
import { createObject, randomSuffix, updateObject } from '../store.js';
import type { CronJob, Job, Pod } from '../types.js';
import { all, event, isTerminating, stamp } from './common.js';

const POD_BACKOFF = { initialMs: 10_000, maxMs: 360_000 };

const isFinished = (job: Job) => !!job.status?.conditions?.some((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');

/** The selector and labels the API server gives a Job (its controller-uid), once it has a uid. */
function ensureSelector(world: World, job: Job): void {
  if (job.spec.selector) return;
  const uid = job.metadata.uid!;
  const name = job.metadata.name;
  job.spec.selector = { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } };
  job.spec.template.metadata ??= {};
  job.spec.template.metadata.labels = { ...job.spec.template.metadata.labels, 'batch.kubernetes.io/controller-uid': uid, 'batch.kubernetes.io/job-name': name, 'controller-uid': uid, 'job-name': name };
  // A Job without labels of its own takes its template's (SetDefaults_Job).
  if (!Object.keys(job.metadata.labels ?? {}).length) job.metadata.labels = { ...job.spec.template.metadata.labels };
  updateObject(world, job);
}

function newPod(world: World, job: Job): Pod {
  const t = clone(job.spec.template);
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: {
      name: `${job.metadata.name}-${randomSuffix(world, 5)}`, generateName: `${job.metadata.name}-`, namespace: job.metadata.namespace,
      labels: { ...t.metadata?.labels }, ...(t.metadata?.annotations ? { annotations: { ...t.metadata.annotations } } : {}),
      ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name: job.metadata.name, uid: job.metadata.uid!, controller: true, blockOwnerDeletion: true }],
    },
    spec: t.spec,
    status: {},
  };
}

function condition(world: World, type: string, reason: string, message: string) {
  const now = stamp(world);
  return { type, status: 'True' as const, lastProbeTime: now, lastTransitionTime: now, reason, message };
}

export function runJobs(world: World, owned: Map<string, Pod[]>): void {
  const rt = runtimeOf(world)!;
  const backoff = (rt.jobBackoff ??= {});
  for (const job of all(world, 'Job')) {
    if (isTerminating(job) || isFinished(job)) continue;
    ensureSelector(world, job);
    const uid = job.metadata.uid!;
    const pods = owned.get(uid) ?? [];
    const succeeded = pods.filter((p) => p.status?.phase === 'Succeeded').length;
    const failed = pods.filter((p) => p.status?.phase === 'Failed').length;
    let active = pods.filter((p) => !isTerminating(p) && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed');
    const completions = job.spec.completions ?? 1;
    const status: NonNullable<Job['status']> = { ...(job.status ?? {}) };
    status.startTime ??= stamp(world);
    const before = JSON.stringify(job.status ?? {});
    if (succeeded >= completions) {
      status.completionTime = stamp(world);
      status.conditions = [
        ...(status.conditions ?? []),
        condition(world, 'SuccessCriteriaMet', 'CompletionsReached', 'Reached expected number of succeeded pods'),
        condition(world, 'Complete', 'CompletionsReached', 'Reached expected number of succeeded pods'),
      ];
      event(world, job, { type: 'Normal', reason: 'Completed', message: 'Job completed', component: 'job-controller' });
      delete backoff[uid];
    } else if (failed > (job.spec.backoffLimit ?? 6)) {
      for (const p of active) removeObject(world, p);
      active = [];
      status.conditions = [
        ...(status.conditions ?? []),
        condition(world, 'FailureTarget', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit'),
        condition(world, 'Failed', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit'),
      ];
      event(world, job, { type: 'Warning', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit', component: 'job-controller' });
      delete backoff[uid];
    } else {
      if (failed > (job.status?.failed ?? 0)) backoff[uid] = world.now + Math.min(POD_BACKOFF.initialMs * 2 ** (failed - 1), POD_BACKOFF.maxMs);
      const want = Math.min(job.spec.parallelism ?? 1, completions - succeeded);
      if (active.length < want && world.now >= (backoff[uid] ?? 0)) {
        for (let i = active.length; i < want; i++) {
          const pod = newPod(world, job);
          applyDefaults(world, pod);
          const res = createObject(world, pod);
          if (!res.ok) continue;
          active.push(res.obj);
          event(world, job, { type: 'Normal', reason: 'SuccessfulCreate', message: `Created pod: ${pod.metadata.name}`, component: 'job-controller' });
        }
      }
    }
    const ready = active.filter((p) => p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')).length;
    if (active.length) status.active = active.length;
    else delete status.active;
    if (succeeded) status.succeeded = succeeded;
    if (failed) status.failed = failed;
    status.ready = ready;
    status.terminating = 0;
    status.uncountedTerminatedPods = {};
    if (JSON.stringify(status) !== before) {
      job.status = status;
      updateObject(world, job);
    }
  }
}

/** One cron field (a star, a step, a range, a list; no names) as the set of values it allows. */
function cronField(text: string, min: number, max: number): Set<number> | undefined {
  const out = new Set<number>();
  for (const part of text.split(',')) {
    const m = /^(\*|\d+(?:-\d+)?)(?:\/(\d+))?$/.exec(part);
    if (!m) return undefined;
    const step = m[2] ? Number(m[2]) : 1;
    let lo = min;
    let hi = max;
    if (m[1] !== '*') {
      const [a, b] = m[1].split('-').map(Number);
      lo = a;
      hi = b ?? (m[2] ? max : a);
    }
    if (lo < min || hi > max || step < 1) return undefined;
    for (let v = lo; v <= hi; v += step) out.add(v);
  }
  return out;
}

const MACROS: Record<string, string> = { '@yearly': '0 0 1 1 *', '@annually': '0 0 1 1 *', '@monthly': '0 0 1 * *', '@weekly': '0 0 * * 0', '@daily': '0 0 * * *', '@midnight': '0 0 * * *', '@hourly': '0 * * * *' };

/** The UTC calendar fields of a minute since the epoch (days to civil date, proleptic Gregorian). */
function utcFields(minute: number) {
  const days = Math.floor(minute / 1440);
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  return {
    minute: minute % 60, hour: Math.floor(minute / 60) % 24,
    day: doy - Math.floor((153 * mp + 2) / 5) + 1, month: mp < 10 ? mp + 3 : mp - 9, weekday: (days + 4) % 7,
  };
}

/** Whether a standard 5-field schedule fires at the wall-clock minute `minute` (UTC). */
export function cronMatches(schedule: string, minute: number): boolean {
  const fields = (MACROS[schedule.trim()] ?? schedule).trim().split(/\s+/);
  if (fields.length !== 5) return false;
  const d = utcFields(minute);
  const sets = [cronField(fields[0], 0, 59), cronField(fields[1], 0, 23), cronField(fields[2], 1, 31), cronField(fields[3], 1, 12), cronField(fields[4].replace(/\b7\b/, '0'), 0, 6)];
  if (sets.some((s) => !s)) return false;
  const [mi, h, dom, mon, dow] = sets as Set<number>[];
  if (!mi.has(d.minute) || !h.has(d.hour) || !mon.has(d.month)) return false;
  const domAny = fields[2] === '*';
  const dowAny = fields[4] === '*';
  if (domAny || dowAny) return dom.has(d.day) && dow.has(d.weekday);
  return dom.has(d.day) || dow.has(d.weekday);
}

function jobFor(cj: CronJob, minute: number): Job {
  const t = clone(cj.spec.jobTemplate) as CronJob['spec']['jobTemplate'];
  const meta = (t.metadata ?? {}) as { labels?: Record<string, string>; annotations?: Record<string, string> };
  return {
    apiVersion: 'batch/v1', kind: 'Job',
    metadata: {
      name: `${cj.metadata.name}-${minute}`, namespace: cj.metadata.namespace,
      ...(meta.labels ? { labels: meta.labels } : {}),
      annotations: { ...meta.annotations, 'batch.kubernetes.io/cronjob-scheduled-timestamp': formatRfc3339(minute * 60_000) },
      ownerReferences: [{ apiVersion: 'batch/v1', kind: 'CronJob', name: cj.metadata.name, uid: cj.metadata.uid!, controller: true, blockOwnerDeletion: true }],
    },
    spec: t.spec,
  };
}

export function runCronJobs(world: World): void {
  const rt = runtimeOf(world)!;
  const checked = (rt.cron ??= {});
  const nowMinute = Math.floor(wallMs(world.now) / 60_000);
  const jobs = all(world, 'Job');
  for (const cj of all(world, 'CronJob')) {
    if (isTerminating(cj)) continue;
    const uid = cj.metadata.uid!;
    const mine = jobs.filter((j) => j.metadata.ownerReferences?.some((r) => r.uid === uid && r.controller));
    const status: NonNullable<CronJob['status']> = { ...(cj.status ?? {}) };
    const before = JSON.stringify(cj.status ?? {});
    // Finished jobs leave the active list.
    for (const j of mine) {
      const done = j.status?.conditions?.find((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
      if (!done || !status.active?.some((a) => a.name === j.metadata.name)) continue;
      status.active = status.active.filter((a) => a.name !== j.metadata.name);
      if (!status.active.length) delete status.active;
      event(world, cj, { type: 'Normal', reason: 'SawCompletedJob', message: `Saw completed job: ${j.metadata.name}, condition: ${done.type}`, component: 'cronjob-controller' });
      if (done.type === 'Complete') status.lastSuccessfulTime = j.status?.completionTime;
    }
    // Schedule: the last scheduled minute since the last check (missed ones are not all run).
    const created = Math.floor((parseRfc3339(cj.metadata.creationTimestamp ?? '') ?? wallMs(world.now)) / 60_000);
    let from = checked[uid] ?? Math.max(created, status.lastScheduleTime ? Math.floor((parseRfc3339(status.lastScheduleTime) ?? 0) / 60_000) : created);
    if (nowMinute - from > 1000) from = nowMinute - 1000;
    let due: number | undefined;
    for (let m = from + 1; m <= nowMinute; m++) if (cronMatches(cj.spec.schedule, m)) due = m;
    checked[uid] = nowMinute;
    if (due !== undefined && !cj.spec.suspend && !(cj.spec.concurrencyPolicy === 'Forbid' && status.active?.length)) {
      const job = jobFor(cj, due);
      applyDefaults(world, job);
      const res = createObject(world, job);
      if (res.ok) {
        status.active = [...(status.active ?? []), { kind: 'Job', namespace: job.metadata.namespace, name: job.metadata.name, apiVersion: 'batch/v1', uid: job.metadata.uid, resourceVersion: job.metadata.resourceVersion }];
        status.lastScheduleTime = formatRfc3339(due * 60_000);
        event(world, cj, { type: 'Normal', reason: 'SuccessfulCreate', message: `Created job ${job.metadata.name}`, component: 'cronjob-controller' });
      }
    }
    // History limits: the oldest finished jobs beyond them go.
    for (const [type, limit] of [['Complete', cj.spec.successfulJobsHistoryLimit ?? 3], ['Failed', cj.spec.failedJobsHistoryLimit ?? 1]] as const) {
      const finished = mine
        .filter((j) => j.status?.conditions?.some((c) => c.type === type && c.status === 'True'))
        .sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
      for (const j of finished.slice(0, Math.max(0, finished.length - limit))) {
        removeObject(world, j);
        event(world, cj, { type: 'Normal', reason: 'SuccessfulDelete', message: `Deleted job ${j.metadata.name}`, component: 'cronjob-controller' });
      }
    }
    if (JSON.stringify(status) !== before) {
      cj.status = status;
      updateObject(world, cj);
    }
  }
}
