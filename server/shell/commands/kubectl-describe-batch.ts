// kubectl's describers for Jobs, CronJobs, DaemonSets, PersistentVolumeClaims and ServiceAccounts
// (pkg/describe: JobDescriber, CronJobDescriber, DaemonSetDescriber, PersistentVolumeClaimDescriber,
// ServiceAccountDescriber).
import { parseRfc3339 } from '../../sim/clock.js';
import { humanDuration } from '../../sim/k8s/duration.js';
import { labelSelectorString } from '../../sim/k8s/selectors.js';
import type { CronJob, DaemonSet, Event, Job, PersistentVolumeClaim, Pod, ServiceAccount } from '../../sim/k8s/types.js';
import { describePodTemplate } from './kubectl-describe-pod.js';
import { describeEvents, printAnnotationsMultiline, printLabelsMultiline, rfc1123, type PrefixWriter } from './kubectl-describe-util.js';

const controlledBy = (o: { metadata: { ownerReferences?: { kind: string; name: string; controller?: boolean }[] } }) => {
  const ref = o.metadata.ownerReferences?.find((r) => r.controller);
  return ref ? `${ref.kind}/${ref.name}` : '';
};

export function describeJob(w: PrefixWriter, job: Job, events: Event[] | undefined, now: number): void {
  const s = job.status ?? {};
  w.write(0, `Name:\t${job.metadata.name}\n`);
  w.write(0, `Namespace:\t${job.metadata.namespace}\n`);
  w.write(0, `Selector:\t${labelSelectorString(job.spec.selector)}\n`);
  printLabelsMultiline(w, 'Labels', job.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', job.metadata.annotations);
  const owner = controlledBy(job);
  if (owner) w.write(0, `Controlled By:\t${owner}\n`);
  if (job.spec.parallelism !== undefined) w.write(0, `Parallelism:\t${job.spec.parallelism}\n`);
  w.write(0, `Completions:\t${job.spec.completions ?? '<unset>'}\n`);
  if (job.spec.completionMode) w.write(0, `Completion Mode:\t${job.spec.completionMode}\n`);
  if (job.spec.suspend !== undefined) w.write(0, `Suspend:\t${job.spec.suspend}\n`);
  if (job.spec.backoffLimit !== undefined) w.write(0, `Backoff Limit:\t${job.spec.backoffLimit}\n`);
  if (s.startTime) w.write(0, `Start Time:\t${rfc1123(s.startTime)}\n`);
  if (s.completionTime) w.write(0, `Completed At:\t${rfc1123(s.completionTime)}\n`);
  if (s.startTime && s.completionTime) w.write(0, `Duration:\t${humanDuration((parseRfc3339(s.completionTime) ?? 0) - (parseRfc3339(s.startTime) ?? 0))}\n`);
  const ready = s.ready === undefined ? '' : ` (${s.ready} Ready)`;
  w.write(0, `Pods Statuses:\t${s.active ?? 0} Active${ready} / ${s.succeeded ?? 0} Succeeded / ${s.failed ?? 0} Failed\n`);
  describePodTemplate(w, job.spec.template);
  if (events) describeEvents(w, events, now);
}

export function describeCronJob(w: PrefixWriter, cj: CronJob, events: Event[] | undefined, now: number): void {
  const spec = cj.spec;
  const job = spec.jobTemplate.spec;
  w.write(0, `Name:\t${cj.metadata.name}\n`);
  w.write(0, `Namespace:\t${cj.metadata.namespace}\n`);
  printLabelsMultiline(w, 'Labels', cj.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', cj.metadata.annotations);
  w.write(0, `Schedule:\t${spec.schedule}\n`);
  w.write(0, `Concurrency Policy:\t${spec.concurrencyPolicy ?? ''}\n`);
  w.write(0, `Suspend:\t${spec.suspend === undefined ? '<unset>' : spec.suspend ? 'True' : 'False'}\n`);
  w.write(0, `Successful Job History Limit:\t${spec.successfulJobsHistoryLimit ?? '<unset>'}\n`);
  w.write(0, `Failed Job History Limit:\t${spec.failedJobsHistoryLimit ?? '<unset>'}\n`);
  w.write(0, `Starting Deadline Seconds:\t${spec.startingDeadlineSeconds === undefined ? '<unset>' : `${spec.startingDeadlineSeconds}s`}\n`);
  w.write(0, `Selector:\t${job.selector ? labelSelectorString(job.selector) : '<unset>'}\n`);
  w.write(0, `Parallelism:\t${job.parallelism ?? '<unset>'}\n`);
  w.write(0, `Completions:\t${job.completions ?? '<unset>'}\n`);
  describePodTemplate(w, job.template);
  w.write(0, `Last Schedule Time:\t${cj.status?.lastScheduleTime ? rfc1123(cj.status.lastScheduleTime) : '<unset>'}\n`);
  const active = cj.status?.active ?? [];
  w.write(0, `Active Jobs:\t${active.length ? active.map((a) => a.name).join(', ') : '<none>'}\n`);
  if (events) describeEvents(w, events, now);
}

const MODES: Record<string, string> = { ReadWriteOnce: 'RWO', ReadOnlyMany: 'ROX', ReadWriteMany: 'RWX', ReadWriteOncePod: 'RWOP' };

export function describePvc(w: PrefixWriter, pvc: PersistentVolumeClaim, pods: Pod[], events: Event[] | undefined, now: number): void {
  const bound = !!pvc.spec.volumeName;
  w.write(0, `Name:\t${pvc.metadata.name}\n`);
  w.write(0, `Namespace:\t${pvc.metadata.namespace}\n`);
  w.write(0, `StorageClass:\t${pvc.spec.storageClassName ?? ''}\n`);
  w.write(0, `Status:\t${pvc.metadata.deletionTimestamp ? `Terminating (lasts ${humanDuration(now - (parseRfc3339(pvc.metadata.deletionTimestamp) ?? now))})` : (pvc.status?.phase ?? '')}\n`);
  w.write(0, `Volume:\t${pvc.spec.volumeName ?? ''}\n`);
  printLabelsMultiline(w, 'Labels', pvc.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', pvc.metadata.annotations);
  w.write(0, `Finalizers:\t[${(pvc.metadata.finalizers ?? []).join(' ')}]\n`);
  w.write(0, `Capacity:\t${bound ? (pvc.status?.capacity?.storage ?? '') : ''}\n`);
  w.write(0, `Access Modes:\t${bound ? (pvc.status?.accessModes ?? []).map((m) => MODES[m] ?? m).join(',') : ''}\n`);
  if (pvc.spec.volumeMode) w.write(0, `VolumeMode:\t${pvc.spec.volumeMode}\n`);
  const users = pods.filter((p) => p.spec.volumes?.some((v) => v.persistentVolumeClaim?.claimName === pvc.metadata.name)).map((p) => p.metadata.name);
  if (!users.length) w.write(0, 'Used By:\t<none>\n');
  else users.forEach((name, i) => w.write(0, `${i ? '\t' : 'Used By:\t'}${name}\n`));
  if (events) describeEvents(w, events, now);
}

/** ServiceAccountDescriber (no token Secrets: v1.24+ clusters make none). */
export function describeServiceAccount(w: PrefixWriter, sa: ServiceAccount, secrets: Set<string>, events: Event[] | undefined, now: number): void {
  w.write(0, `Name:\t${sa.metadata.name}\n`);
  w.write(0, `Namespace:\t${sa.metadata.namespace}\n`);
  printLabelsMultiline(w, 'Labels', sa.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', sa.metadata.annotations);
  const list = (title: string, names: string[]) => {
    if (!names.length) w.write(0, `${title}:\t<none>\n`);
    else names.forEach((n, i) => w.write(0, `${i ? '' : `${title}:`}\t${n}\n`));
  };
  const named = (refs: { name: string }[] | undefined) => (refs ?? []).map((s) => (secrets.has(s.name) ? s.name : `${s.name} (not found)`));
  list('Image pull secrets', named(sa.imagePullSecrets));
  list('Mountable secrets', named(sa.secrets));
  list('Tokens', []);
  if (events) describeEvents(w, events, now);
}

/** DaemonSetDescriber; `pods`: the pods it controls. */
export function describeDaemonSet(w: PrefixWriter, ds: DaemonSet, pods: Pod[], events: Event[] | undefined, now: number): void {
  const s = ds.status ?? {};
  const phase = (p: string) => pods.filter((x) => x.status?.phase === p).length;
  w.write(0, `Name:\t${ds.metadata.name}\n`);
  w.write(0, `Selector:\t${labelSelectorString(ds.spec.selector)}\n`);
  w.write(0, `Node-Selector:\t${formatLabels(ds.spec.template.spec.nodeSelector)}\n`);
  printLabelsMultiline(w, 'Labels', ds.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', ds.metadata.annotations);
  w.write(0, `Desired Number of Nodes Scheduled: ${s.desiredNumberScheduled ?? 0}\n`);
  w.write(0, `Current Number of Nodes Scheduled: ${s.currentNumberScheduled ?? 0}\n`);
  w.write(0, `Number of Nodes Scheduled with Up-to-date Pods: ${s.updatedNumberScheduled ?? 0}\n`);
  w.write(0, `Number of Nodes Scheduled with Available Pods: ${s.numberAvailable ?? 0}\n`);
  w.write(0, `Number of Nodes Misscheduled: ${s.numberMisscheduled ?? 0}\n`);
  w.write(0, `Pods Status:\t${phase('Running')} Running / ${phase('Pending')} Waiting / ${phase('Succeeded')} Succeeded / ${phase('Failed')} Failed\n`);
  describePodTemplate(w, ds.spec.template);
  if (events) describeEvents(w, events, now);
}

/** labels.FormatLabels: sorted `k=v` pairs, `<none>` when empty. */
function formatLabels(labels: Record<string, string> | undefined): string {
  const keys = Object.keys(labels ?? {}).sort();
  return keys.length ? keys.map((k) => `${k}=${labels![k]}`).join(',') : '<none>';
}
