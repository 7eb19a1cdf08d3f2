// `kubectl rollout status|history|undo|restart|pause|resume` for deployments (and status
// for daemon sets). History is the deployment's ReplicaSets and their
// `deployment.kubernetes.io/revision` annotations; undo copies a revision's pod template
// back into the deployment; status follows the deployment as the controllers move it on.
import { formatRfc3339, wallMs } from '../../sim/clock.js';
import { resolveResource, type ResourceType } from '../../sim/k8s/resources.js';
import type { PodTemplateSpec } from '../../sim/k8s/types.js';
import type { CommandContext } from '../types.js';
import { resolveArgs } from './kubectl-args.js';
import type { KubeClient } from './kubectl-client.js';
import { describePodTemplate } from './kubectl-describe-pod.js';
import { PrefixWriter } from './kubectl-describe-util.js';
import { WRITE_HELP } from './kubectl-help-write.js';
import { plainError, reportErrors, type KubeError } from './kubectl-errors.js';
import { flagDuration, subcommandIndex, type FlagSpec, type ParsedFlags } from './kubectl-flags.js';
import { apiError, apiPath, dryRunMode, DRY_RUN_FLAG, getObj, isSuccess, open, printedName, write, type Obj } from './kubectl-rest.js';
import { GET_TABWRITER, tabwrite } from './kubectl-tabwriter.js';
import { advance, canWait, waitBudget } from './kubectl-wait.js';

const REVISION = 'deployment.kubernetes.io/revision';
const CHANGE_CAUSE = 'kubernetes.io/change-cause';
/** Deployment annotations a rollback neither copies from the ReplicaSet nor drops. */
const SKIPPED_ANNOTATIONS = new Set([
  'kubectl.kubernetes.io/last-applied-configuration', REVISION, 'deployment.kubernetes.io/revision-history',
  'deployment.kubernetes.io/desired-replicas', 'deployment.kubernetes.io/max-replicas', 'deprecated.deployment.rollback.to',
]);

const FLAGS: FlagSpec[] = [
  DRY_RUN_FLAG,
  { name: 'revision', type: 'int' },
  { name: 'to-revision', type: 'int' },
  { name: 'watch', short: 'w', type: 'bool' },
  { name: 'timeout', type: 'duration' },
  { name: 'output', short: 'o', type: 'string' },
  { name: 'selector', short: 'l', type: 'string' },
  { name: 'filename', short: 'f', type: 'stringArray' },
  { name: 'recursive', short: 'R', type: 'bool' },
  { name: 'field-manager', type: 'string' },
];

interface Target {
  client: KubeClient;
  flags: ParsedFlags;
  t: ResourceType;
  obj: Obj;
}

/** The deployment's ReplicaSets (those it controls), by revision. */
function history(client: KubeClient, d: Obj): Map<number, Obj> {
  const rsType = resolveResource('replicasets')!;
  const res = client.api({ path: apiPath(rsType, d.metadata.namespace) });
  const out = new Map<number, Obj>();
  if (res.status !== 200) return out;
  for (const rs of (res.body as { items: Obj[] }).items) {
    if (!rs.metadata.ownerReferences?.some((r: Obj) => r.controller && r.uid === d.metadata.uid)) continue;
    const rev = Number(rs.metadata.annotations?.[REVISION] ?? NaN);
    if (Number.isInteger(rev)) out.set(rev, rs);
  }
  return out;
}

function runHistory(ctx: CommandContext, { client, flags, t, obj }: Target): number {
  const revisions = history(client, obj);
  const wanted = flags.values.get('revision') as number | undefined;
  if (wanted !== undefined && wanted > 0) {
    const rs = revisions.get(wanted);
    if (!rs) return plainError(ctx, 'unable to find the specified revision');
    const w = new PrefixWriter(true);
    describePodTemplate(w, rs.spec.template as PodTemplateSpec);
    ctx.out(`${printedName(t, obj.metadata.name, `with revision #${wanted}`).trimEnd()}\n${w.text()}\n`);
    return 0;
  }
  const rows = [...revisions.keys()].sort((a, b) => a - b).map((rev) => `${rev}\t${revisions.get(rev)!.metadata.annotations?.[CHANGE_CAUSE] ?? '<none>'}\n`);
  ctx.out(`${printedName(t, obj.metadata.name, '')}${tabwrite(`REVISION\tCHANGE-CAUSE\n${rows.join('')}`, { ...GET_TABWRITER, minwidth: 0, padding: 2 })}\n`);
  return 0;
}

/** The pod template a rollback restores: the ReplicaSet's, without the pod-template-hash label. */
function withoutHash(t: Obj): Obj {
  const copy = JSON.parse(JSON.stringify(t)) as Obj;
  if (copy.metadata?.labels) delete copy.metadata.labels['pod-template-hash'];
  return copy;
}

function runUndo(ctx: CommandContext, { client, flags, t, obj }: Target): number {
  if (obj.spec.paused) return plainError(ctx, "you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again");
  const revisions = history(client, obj);
  const to = (flags.values.get('to-revision') as number | undefined) ?? 0;
  let rs: Obj | undefined;
  let toRevision = to;
  if (to > 0) {
    rs = revisions.get(to);
    if (!rs) return plainError(ctx, `unable to find specified revision ${to} in history`);
  } else {
    const sorted = [...revisions.keys()].sort((a, b) => b - a);
    if (sorted.length < 2) return plainError(ctx, `no rollout history found for deployment "${obj.metadata.name}"`);
    toRevision = sorted[1];
    rs = revisions.get(toRevision);
  }
  const template = withoutHash(rs!.spec.template);
  if (JSON.stringify(template) === JSON.stringify(withoutHash(obj.spec.template))) {
    ctx.out(printedName(t, obj.metadata.name, `skipped rollback (current template already matches revision ${toRevision})`));
    return 0;
  }
  const annotations: Record<string, string> = {};
  for (const [k, v] of Object.entries((obj.metadata.annotations ?? {}) as Record<string, string>)) if (SKIPPED_ANNOTATIONS.has(k)) annotations[k] = v;
  for (const [k, v] of Object.entries((rs!.metadata.annotations ?? {}) as Record<string, string>)) if (!SKIPPED_ANNOTATIONS.has(k)) annotations[k] = v;
  const patch = [
    { op: 'replace', path: '/spec/template', value: template },
    { op: 'replace', path: '/metadata/annotations', value: annotations },
  ];
  const dry = dryRunMode(flags);
  if (!dry.ok) return plainError(ctx, dry.error);
  if (dry.mode !== 'client') {
    const res = write(client, { method: 'PATCH', path: apiPath(t, obj.metadata.namespace, obj.metadata.name), body: patch, contentType: 'application/json-patch+json' }, 'kubectl-rollout', dry.mode);
    if (!isSuccess(res)) return plainError(ctx, `failed restoring revision ${toRevision}: ${(res.body as { message: string }).message}`);
  }
  ctx.out(printedName(t, obj.metadata.name, 'rolled back', dry.mode));
  return 0;
}

function runRestart(ctx: CommandContext, { client, t, obj }: Target): number {
  if (obj.spec.paused) return plainError(ctx, `${t.resource}.${t.group} "${obj.metadata.name}" can't restart paused deployment (run rollout resume first)`);
  const patch = { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': formatRfc3339(wallMs(ctx.world.now)) } } } } };
  const res = write(client, { method: 'PATCH', path: apiPath(t, obj.metadata.namespace, obj.metadata.name), body: patch, contentType: 'application/strategic-merge-patch+json' }, 'kubectl-rollout');
  if (!isSuccess(res)) return reportErrors(ctx, [apiError(res)]);
  ctx.out(printedName(t, obj.metadata.name, 'restarted'));
  return 0;
}

function runPause(ctx: CommandContext, { client, t, obj }: Target, pause: boolean): number {
  if (!!obj.spec.paused === pause) return plainError(ctx, `${t.resource}.${t.group} "${obj.metadata.name}" ${pause ? 'is already paused' : 'is not paused'}`);
  const res = write(client, { method: 'PATCH', path: apiPath(t, obj.metadata.namespace, obj.metadata.name), body: { spec: { paused: pause ? true : null } }, contentType: 'application/strategic-merge-patch+json' }, 'kubectl-rollout');
  if (!isSuccess(res)) return reportErrors(ctx, [apiError(res)]);
  ctx.out(printedName(t, obj.metadata.name, pause ? 'paused' : 'resumed'));
  return 0;
}

/** rollout_status.go's message for the object's current state, and whether the rollout is done. */
export function rolloutStatus(obj: Obj): { text: string; done: boolean } | { error: string } {
  const name = obj.metadata.name;
  const st = obj.status ?? {};
  const observed = (obj.metadata.generation ?? 0) <= (st.observedGeneration ?? 0);
  if (obj.kind === 'DaemonSet') {
    if (!observed) return { text: 'Waiting for daemon set spec update to be observed...\n', done: false };
    if ((st.updatedNumberScheduled ?? 0) < (st.desiredNumberScheduled ?? 0)) return { text: `Waiting for daemon set "${name}" rollout to finish: ${st.updatedNumberScheduled ?? 0} out of ${st.desiredNumberScheduled ?? 0} new pods have been updated...\n`, done: false };
    if ((st.numberAvailable ?? 0) < (st.desiredNumberScheduled ?? 0)) return { text: `Waiting for daemon set "${name}" rollout to finish: ${st.numberAvailable ?? 0} of ${st.desiredNumberScheduled ?? 0} updated pods are available...\n`, done: false };
    return { text: `daemon set "${name}" successfully rolled out\n`, done: true };
  }
  if (!observed) return { text: 'Waiting for deployment spec update to be observed...\n', done: false };
  const progressing = (st.conditions ?? []).find((c: Obj) => c.type === 'Progressing');
  if (progressing?.reason === 'ProgressDeadlineExceeded') return { error: `deployment "${name}" exceeded its progress deadline` };
  const replicas = obj.spec.replicas ?? 1;
  const updated = st.updatedReplicas ?? 0;
  if (updated < replicas) return { text: `Waiting for deployment "${name}" rollout to finish: ${updated} out of ${replicas} new replicas have been updated...\n`, done: false };
  if ((st.replicas ?? 0) > updated) return { text: `Waiting for deployment "${name}" rollout to finish: ${(st.replicas ?? 0) - updated} old replicas are pending termination...\n`, done: false };
  if ((st.availableReplicas ?? 0) < updated) return { text: `Waiting for deployment "${name}" rollout to finish: ${st.availableReplicas ?? 0} of ${updated} updated replicas are available...\n`, done: false };
  return { text: `deployment "${name}" successfully rolled out\n`, done: true };
}


/** Prints the status on every change of the object (each watch event), until done or timed out. */
function runStatus(ctx: CommandContext, { client, flags, t, obj }: Target): number {
  if (t.kind !== 'Deployment' && t.kind !== 'DaemonSet') return plainError(ctx, `no status viewer has been implemented for ${t.kind}`);
  const timeout = flagDuration(flags, 'timeout') ?? 0;
  const watch = flags.values.get('watch') !== false;
  let current = obj;
  let status = rolloutStatus(current);
  const start = ctx.elapsed;
  const limit = waitBudget(ctx, timeout > 0 ? timeout : 10 * 60_000);
  for (;;) {
    if ('error' in status) return plainError(ctx, status.error);
    ctx.out(status.text);
    if (status.done || !watch) return 0;
    if (!canWait(ctx.world)) return 0;
    let changed = false;
    while (!changed && ctx.elapsed - start < limit) {
      advance(ctx, Math.min(1000, limit - (ctx.elapsed - start)));
      const got = getObj(client, t, obj.metadata.namespace, obj.metadata.name);
      if (!got.ok) return reportErrors(ctx, [apiError(got.res)]);
      changed = got.obj.metadata.resourceVersion !== current.metadata.resourceVersion;
      current = got.obj;
    }
    if (!changed) return ctx.interruptAt !== undefined && ctx.elapsed > ctx.interruptAt ? 130 : plainError(ctx, 'timed out waiting for the condition');
    status = rolloutStatus(current);
  }
}

const SUBCOMMANDS: Record<string, (ctx: CommandContext, target: Target) => number> = {
  history: runHistory,
  undo: runUndo,
  restart: runRestart,
  pause: (ctx, target) => runPause(ctx, target, true),
  resume: (ctx, target) => runPause(ctx, target, false),
  status: runStatus,
};

export function runRollout(ctx: CommandContext, argv: string[]): number {
  const i = subcommandIndex(argv);
  const sub = i >= 0 ? argv[i] : undefined;
  if (sub === undefined || !SUBCOMMANDS[sub]) {
    // Without a subcommand kubectl prints the help and fails.
    if (sub === undefined) ctx.out(WRITE_HELP.rollout);
    else ctx.err(`error: unknown command "${sub}"\nSee 'kubectl rollout -h' for help and examples\n`);
    return 1;
  }
  const opened = open(ctx, [...argv.slice(0, i), ...argv.slice(i + 1)], `rollout ${sub}`, FLAGS, 4);
  if (typeof opened === 'number') return opened;
  const { client, flags } = opened;
  if (!flags.args.length) return plainError(ctx, 'required resource not specified');
  const args = resolveArgs(flags.args, `rollout ${sub}`, ctx.world.cluster);
  if (!args.ok) return plainError(ctx, args.error);
  const errors: KubeError[] = [];
  let status = 0;
  for (const { type: t, names } of args.targets) {
    let objs: Obj[] = [];
    if (names.length) {
      for (const name of names) {
        const got = getObj(client, t, client.namespace, name);
        if (got.ok) objs.push(got.obj);
        else errors.push(apiError(got.res));
      }
    } else {
      const res = client.api({ path: apiPath(t, client.namespace) });
      objs = res.status === 200 ? (res.body as { items: Obj[] }).items : [];
      if (!objs.length) ctx.err(`No resources found in ${client.namespace} namespace.\n`);
    }
    for (const obj of objs) {
      if (t.kind !== 'Deployment' && !(sub === 'status' && t.kind === 'DaemonSet')) {
        errors.push({ message: `no ${sub === 'history' ? 'history viewer' : sub === 'undo' ? 'rollbacker' : sub === 'status' ? 'status viewer' : 'restarter'} has been implemented for ${JSON.stringify(t.kind)}` });
        continue;
      }
      status = SUBCOMMANDS[sub](ctx, { client, flags, t, obj }) || status;
    }
  }
  return reportErrors(ctx, errors) || status;
}
