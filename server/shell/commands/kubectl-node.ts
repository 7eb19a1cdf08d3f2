// Node maintenance: `kubectl cordon|uncordon NODE...`, `kubectl drain NODE` (cordon, then
// evict the node's pods through the eviction API, refusing DaemonSet-managed, unmanaged and
// emptyDir pods unless told otherwise) and `kubectl taint nodes NODE key[=value]:Effect[-]`.
import { resolveResource } from '../../sim/k8s/resources.js';
import type { Taint } from '../../sim/k8s/types.js';
import type { CommandContext } from '../types.js';
import { resolveArgs } from './kubectl-args.js';
import type { KubeClient } from './kubectl-client.js';
import { plainError, reportErrors, type KubeError } from './kubectl-errors.js';
import { flagBool, flagDuration, flagString, type FlagSpec } from './kubectl-flags.js';
import { apiError, apiPath, dryRunMode, DRY_RUN_FLAG, getObj, isSuccess, open, printedName, write, type Obj } from './kubectl-rest.js';
import { waitUntil } from './kubectl-wait.js';

const NODES = resolveResource('nodes')!;
const PODS = resolveResource('pods')!;

const CORDON_FLAGS: FlagSpec[] = [DRY_RUN_FLAG, { name: 'selector', short: 'l', type: 'string' }];

type Dry = 'none' | 'client' | 'server';

/** Sets spec.unschedulable; prints `cordoned`, `uncordoned` or `already ...`. */
function setSchedulable(ctx: CommandContext, client: KubeClient, node: Obj, cordon: boolean, dry: Dry): KubeError | undefined {
  const name = node.metadata.name;
  const word = cordon ? 'cordoned' : 'uncordoned';
  if (!!node.spec?.unschedulable === cordon) {
    ctx.out(printedName(NODES, name, `already ${word}`, dry));
    return undefined;
  }
  if (dry !== 'client') {
    const res = write(client, { method: 'PATCH', path: apiPath(NODES, undefined, name), body: { spec: { unschedulable: cordon ? true : null } }, contentType: 'application/strategic-merge-patch+json' }, 'kubectl-cordon', dry);
    if (!isSuccess(res)) return apiError(res);
  }
  ctx.out(printedName(NODES, name, word, dry));
  return undefined;
}

/** The nodes named by the arguments (or -l), with NotFound errors for the missing ones. */
function nodesOf(client: KubeClient, names: string[], selector: string | undefined): { nodes: Obj[]; errors: KubeError[] } {
  const nodes: Obj[] = [];
  const errors: KubeError[] = [];
  if (selector) {
    const res = client.api({ path: apiPath(NODES, undefined), query: { labelSelector: selector } });
    if (res.status === 200) nodes.push(...(res.body as { items: Obj[] }).items);
    else errors.push(apiError(res));
  }
  for (const name of names) {
    const got = getObj(client, NODES, undefined, name.replace(/^(nodes?|no)\//, ''));
    if (got.ok) nodes.push(got.obj);
    else errors.push(apiError(got.res));
  }
  return { nodes, errors };
}

function runCordon(ctx: CommandContext, argv: string[], cordon: boolean): number {
  const command = cordon ? 'cordon' : 'uncordon';
  const opened = open(ctx, argv, command, CORDON_FLAGS, 4);
  if (typeof opened === 'number') return opened;
  const { client, flags } = opened;
  const dry = dryRunMode(flags);
  if (!dry.ok) return plainError(ctx, dry.error);
  const selector = flagString(flags, 'selector');
  if (!flags.args.length && !selector) return plainError(ctx, 'USAGE: ' + command + ' NODE [flags]\nSee \'kubectl ' + command + ' -h\' for help and examples');
  const { nodes, errors } = nodesOf(client, flags.args, selector);
  for (const node of nodes) {
    const err = setSchedulable(ctx, client, node, cordon, dry.mode);
    if (err) errors.push(err);
  }
  return reportErrors(ctx, errors);
}

// --- drain ---------------------------------------------------------------------

const DRAIN_FLAGS: FlagSpec[] = [
  ...CORDON_FLAGS,
  { name: 'ignore-daemonsets', type: 'bool' },
  { name: 'delete-emptydir-data', type: 'bool' },
  { name: 'delete-local-data', type: 'bool' },
  { name: 'force', type: 'bool' },
  { name: 'grace-period', type: 'int' },
  { name: 'timeout', type: 'duration' },
  { name: 'pod-selector', type: 'string' },
  { name: 'disable-eviction', type: 'bool' },
  { name: 'skip-wait-for-delete-timeout', type: 'int' },
  { name: 'chunk-size', type: 'int' },
];

const DAEMONSET = 'DaemonSet-managed Pods (use --ignore-daemonsets to ignore)';
const UNREPLICATED = 'cannot delete Pods that declare no controller (use --force to override)';
const LOCAL_STORAGE = 'Pods with local storage (use --delete-emptydir-data to override)';

interface Verdict {
  evict: Obj[];
  /** message -> pods, in the order kubectl reports them. */
  errors: Map<string, string[]>;
  warnings: Map<string, string[]>;
}

/**
 * The drain filters over the node's pods, in kubectl's order (DaemonSet, mirror, local
 * storage, unreplicated); the first that refuses a pod decides, and a pod's warning is the
 * one of the last filter that ran.
 */
function classify(pods: Obj[], flags: { ignoreDs: boolean; force: boolean; emptyDir: boolean }): Verdict {
  const v: Verdict = { evict: [], errors: new Map(), warnings: new Map() };
  const add = (m: Map<string, string[]>, msg: string, pod: Obj) => m.set(msg, [...(m.get(msg) ?? []), `${pod.metadata.namespace}/${pod.metadata.name}`]);
  for (const pod of pods) {
    const controller = (pod.metadata.ownerReferences ?? []).find((r: Obj) => r.controller);
    const finished = pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
    if (controller?.kind === 'DaemonSet') {
      if (flags.ignoreDs) add(v.warnings, 'ignoring DaemonSet-managed Pods', pod);
      else add(v.errors, DAEMONSET, pod);
      continue;
    }
    if (pod.metadata.annotations?.['kubernetes.io/config.mirror']) continue;
    let warning: string | undefined;
    if (!finished && (pod.spec.volumes ?? []).some((vol: Obj) => vol.emptyDir)) {
      if (!flags.emptyDir) {
        add(v.errors, LOCAL_STORAGE, pod);
        continue;
      }
      warning = 'deleting Pods with local storage';
    }
    if (!controller && !finished) {
      if (!flags.force) {
        add(v.errors, UNREPLICATED, pod);
        continue;
      }
      warning = 'deleting Pods that declare no controller';
    } else warning = undefined;
    if (warning) add(v.warnings, warning, pod);
    v.evict.push(pod);
  }
  return v;
}

function drainNode(ctx: CommandContext, client: KubeClient, node: Obj, opts: { grace: number; timeoutMs: number; selector?: string; dry: Dry; verdictFlags: Parameters<typeof classify>[1] }): boolean {
  const name = node.metadata.name;
  const query: Record<string, string> = { fieldSelector: `spec.nodeName=${name}` };
  if (opts.selector) query.labelSelector = opts.selector;
  const res = client.api({ path: apiPath(PODS, undefined), query });
  const pods = res.status === 200 ? (res.body as { items: Obj[] }).items : [];
  const v = classify(pods, opts.verdictFlags);
  if (v.errors.size) {
    const errs = [...v.errors].map(([msg, list]) => `cannot delete ${msg}: ${list.join(', ')}`);
    const joined = errs.length === 1 ? errs[0] : `[${errs.join(', ')}]`;
    ctx.err(`error: unable to drain node "${name}" due to error: ${joined}, continuing command...\nThere are pending nodes to be drained:\n ${name}\n${errs.join('\n')}\n`);
    return false;
  }
  for (const [msg, list] of v.warnings) ctx.err(`Warning: ${msg}: ${list.join(', ')}\n`);
  if (opts.dry !== 'client') {
    for (const pod of v.evict) {
      ctx.out(`evicting pod ${pod.metadata.namespace}/${pod.metadata.name}\n`);
      const body: Obj = { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: pod.metadata.name, namespace: pod.metadata.namespace } };
      if (opts.grace >= 0) body.deleteOptions = { gracePeriodSeconds: opts.grace };
      write(client, { method: 'POST', path: apiPath(PODS, pod.metadata.namespace, pod.metadata.name, 'eviction'), body }, 'kubectl-drain', opts.dry);
    }
    const gone = (pod: Obj) => {
      const got = client.api({ path: apiPath(PODS, pod.metadata.namespace, pod.metadata.name) });
      return got.status === 404 || (got.body as Obj).metadata?.uid !== pod.metadata.uid;
    };
    waitUntil(ctx, () => v.evict.every(gone), 1000, opts.timeoutMs);
    for (const pod of v.evict) ctx.out(printedName(PODS, pod.metadata.name, 'evicted', opts.dry));
  }
  ctx.out(printedName(NODES, name, 'drained', opts.dry));
  return true;
}

function runDrain(ctx: CommandContext, argv: string[]): number {
  const opened = open(ctx, argv, 'drain', DRAIN_FLAGS, 4);
  if (typeof opened === 'number') return opened;
  const { client, flags } = opened;
  const dry = dryRunMode(flags);
  if (!dry.ok) return plainError(ctx, dry.error);
  const timeoutMs = flagDuration(flags, 'timeout') ?? 0;
  const { nodes, errors } = nodesOf(client, flags.args, flagString(flags, 'selector'));
  let failed = false;
  for (const node of nodes) {
    const err = setSchedulable(ctx, client, node, true, dry.mode);
    if (err) {
      errors.push(err);
      continue;
    }
    const ok = drainNode(ctx, client, node, {
      grace: (flags.values.get('grace-period') as number | undefined) ?? -1,
      timeoutMs,
      selector: flagString(flags, 'pod-selector'),
      dry: dry.mode,
      verdictFlags: { ignoreDs: flagBool(flags, 'ignore-daemonsets'), force: flagBool(flags, 'force'), emptyDir: flagBool(flags, 'delete-emptydir-data') || flagBool(flags, 'delete-local-data') },
    });
    if (!ok) failed = true;
  }
  return reportErrors(ctx, errors) || (failed ? 1 : 0);
}

// --- taint -----------------------------------------------------------------------

const EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];
const KEY_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const NAME_PART_MSG = "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

type TaintSpec = { key: string; value?: string; effect?: string };

/** Parses `key[=value]:Effect` (add) and `key[:Effect]-` (remove); an error message on failure. */
function parseTaint(spec: string): { add?: TaintSpec; remove?: TaintSpec } | string {
  const remove = spec.endsWith('-');
  const body = remove ? spec.slice(0, -1) : spec;
  const colon = body.lastIndexOf(':');
  const keyValue = colon >= 0 ? body.slice(0, colon) : body;
  const effect = colon >= 0 ? body.slice(colon + 1) : undefined;
  const eq = keyValue.indexOf('=');
  const key = eq >= 0 ? keyValue.slice(0, eq) : keyValue;
  const value = eq >= 0 ? keyValue.slice(eq + 1) : undefined;
  if (!remove && effect === undefined) return `invalid taint spec: ${spec}, ${NAME_PART_MSG}`;
  if (!KEY_PART.test(key.split('/').pop() ?? '')) return `invalid taint spec: ${spec}, ${NAME_PART_MSG}`;
  if (effect !== undefined && !EFFECTS.includes(effect)) return `invalid taint effect: ${effect}, unsupported taint effect`;
  const t: TaintSpec = { key, ...(value !== undefined ? { value } : {}), ...(effect !== undefined ? { effect } : {}) };
  return remove ? { remove: t } : { add: t };
}

const taintText = (t: TaintSpec) => (t.effect ? `${t.key}:${t.effect}` : t.key);

function runTaint(ctx: CommandContext, argv: string[]): number {
  const opened = open(ctx, argv, 'taint', [DRY_RUN_FLAG, { name: 'overwrite', type: 'bool' }, { name: 'selector', short: 'l', type: 'string' }, { name: 'all', type: 'bool' }, { name: 'output', short: 'o', type: 'string' }, { name: 'validate', type: 'string' }], 2);
  if (typeof opened === 'number') return opened;
  const { client, flags } = opened;
  // After the first (resource) argument, anything that looks like a taint is one.
  const isTaint = (a: string, i: number) => i > 0 && (a.includes(':') || a.includes('=') || a.endsWith('-'));
  const specs = flags.args.filter(isTaint);
  const resources = flags.args.filter((a, i) => !isTaint(a, i));
  const usage = (msg: string) => {
    ctx.err(`error: ${msg}\nSee 'kubectl taint -h' for help and examples\n`);
    return 1;
  };
  if (!specs.length) return usage('at least one taint update is required');
  const add: TaintSpec[] = [];
  const remove: TaintSpec[] = [];
  for (const s of specs) {
    const p = parseTaint(s);
    if (typeof p === 'string') return usage(p);
    if (p.add) add.push(p.add);
    if (p.remove) remove.push(p.remove);
  }
  const args = resolveArgs(resources, 'taint', ctx.world.cluster);
  if (!args.ok) return plainError(ctx, args.error);
  if (args.targets.some((t) => t.type.kind !== 'Node')) return plainError(ctx, 'invalid resource type, only node types are supported');
  const dry = dryRunMode(flags);
  if (!dry.ok) return plainError(ctx, dry.error);
  const names = args.targets.flatMap((t) => t.names);
  const { nodes, errors } = nodesOf(client, names, flagString(flags, 'selector'));
  const overwrite = flagBool(flags, 'overwrite');
  const toAdd: Taint[] = add.map((a) => ({ effect: a.effect as Taint['effect'], key: a.key, ...(a.value ? { value: a.value } : {}) }));
  for (const node of nodes) {
    const name = node.metadata.name;
    const old: Taint[] = node.spec?.taints ?? [];
    const exists = toAdd.find((a) => old.some((t) => t.key === a.key && t.effect === a.effect));
    if (exists && !overwrite) {
      errors.push({ message: `node ${name} already has ${exists.key} taint(s) with same effect(s) and --overwrite is false` });
      continue;
    }
    // kubectl's reorganizeTaints: the new taints first, then the old ones they do not replace, minus the removed ones.
    const next = [...toAdd, ...old.filter((o) => !toAdd.some((a) => a.key === o.key && a.effect === o.effect))];
    const added = old.length !== next.length;
    const missing = remove.filter((r) => !next.some((t) => t.key === r.key && (!r.effect || t.effect === r.effect)));
    const taints = next.filter((t) => !remove.some((r) => t.key === r.key && (!r.effect || t.effect === r.effect)));
    const deleted = taints.length !== next.length;
    if (missing.length) {
      const msgs = missing.map((r) => `taint "${taintText(r)}" not found`);
      errors.push({ message: msgs.length === 1 ? msgs[0] : `[${msgs.join(', ')}]` });
      continue;
    }
    const op = (added && deleted) || overwrite ? 'modified' : added ? 'tainted' : 'untainted';
    if (dry.mode !== 'client') {
      const res = write(client, { method: 'PATCH', path: apiPath(NODES, undefined, name), body: { spec: { taints: taints.length ? taints : null } }, contentType: 'application/strategic-merge-patch+json' }, 'kubectl-taint', dry.mode);
      if (!isSuccess(res)) {
        errors.push(apiError(res));
        continue;
      }
    }
    ctx.out(printedName(NODES, name, op, dry.mode));
  }
  return reportErrors(ctx, errors);
}

export const runCordonCmd = (ctx: CommandContext, argv: string[]) => runCordon(ctx, argv, true);
export const runUncordonCmd = (ctx: CommandContext, argv: string[]) => runCordon(ctx, argv, false);
export { runDrain, runTaint };
