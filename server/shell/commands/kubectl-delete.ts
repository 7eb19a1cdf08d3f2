// `kubectl delete TYPE NAME... | TYPE/NAME | -f FILE | -l SELECTOR | --all`: DELETE each
// object (background cascade, graceful for pods) and print `pod "x" deleted` (v1.32 wording).
// With --wait (the default) kubectl blocks until the objects are gone from the API (or come
// back under another uid, as a mirror pod does): an object its finalizers hold keeps it
// waiting until Ctrl-C or --timeout (`timed out waiting for the condition on pods/x`).
import type { Status } from '../../sim/k8s/apiserver.js';
import type { ResourceType } from '../../sim/k8s/resources.js';
import type { CommandContext } from '../types.js';
import type { KubeClient } from './kubectl-client.js';
import { resolveArgs } from './kubectl-args.js';
import { FILE_FLAGS } from './kubectl-apply.js';
import { plainError, reportErrors, type KubeError } from './kubectl-errors.js';
import { flagBool, flagDuration, flagString, type FlagSpec } from './kubectl-flags.js';
import { readManifests } from './kubectl-manifest.js';
import { apiError, apiPath, dryRunMode, open, write, type Obj } from './kubectl-rest.js';
import { canWait, waitUntil } from './kubectl-wait.js';

const DELETE_FLAGS: FlagSpec[] = [
  ...FILE_FLAGS,
  { name: 'selector', short: 'l', type: 'string' },
  { name: 'field-selector', type: 'string' },
  { name: 'all', type: 'bool' },
  { name: 'all-namespaces', short: 'A', type: 'bool' },
  { name: 'ignore-not-found', type: 'bool' },
  { name: 'grace-period', type: 'int' },
  { name: 'force', type: 'bool' },
  { name: 'now', type: 'bool' },
  { name: 'wait', type: 'bool' },
  { name: 'cascade', type: 'string' },
  { name: 'timeout', type: 'duration' },
  { name: 'interactive', short: 'i', type: 'bool' },
  { name: 'raw', type: 'string' },
];

const NO_RESOURCES = `You must provide one or more resources by argument or filename.
Example resource specifications include:
   '-f rsrc.yaml'
   '--filename=rsrc.json'
   '<resource> <name>'
   '<resource>'`;

const FORCE_WARNING = 'Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n';

interface Victim {
  type: ResourceType;
  namespace?: string;
  name: string;
  source?: string;
  /** The uid the DELETE answered with: an object by this name with another uid is a new one. */
  uid?: string;
}

/** How long kubectl waits without --timeout (a week) is cut to this much simulated time. */
const WAIT_CAP_MS = 10 * 60_000;

/** `deployment.apps "web"`: how delete names an object. */
const deletedName = (t: ResourceType, name: string) => `${t.group ? `${t.kind.toLowerCase()}.${t.group}` : t.kind.toLowerCase()} "${name}"`;

const PROPAGATION: Record<string, string> = { background: 'Background', true: 'Background', foreground: 'Foreground', orphan: 'Orphan', false: 'Orphan' };

export function runDelete(ctx: CommandContext, argv: string[]): number {
  const opened = open(ctx, argv, 'delete', DELETE_FLAGS, 5);
  if (typeof opened === 'number') return opened;
  const { client, flags } = opened;
  const files = (flags.values.get('filename') as string[] | undefined) ?? [];
  const selector = flagString(flags, 'selector');
  const all = flagBool(flags, 'all');
  const force = flagBool(flags, 'force');
  let grace = (flags.values.get('grace-period') as number | undefined) ?? -1;
  if (flagBool(flags, 'now')) grace = 1;
  if (force && grace > 0) return plainError(ctx, '--force and --grace-period greater than 0 cannot be specified together');
  if (force && grace < 0) grace = 0;
  if (grace === 0 && !force) grace = 1;
  const timeoutMs = flagDuration(flags, 'timeout') ?? 0;
  const cascade = flagString(flags, 'cascade') ?? 'background';
  const propagation = PROPAGATION[cascade];
  if (!propagation) return plainError(ctx, `invalid cascade value (${cascade}). Must be "background", "foreground", or "orphan".`);
  const dry = dryRunMode(flags);
  if (!dry.ok) return plainError(ctx, dry.error);
  if (all && selector) return plainError(ctx, "setting 'all' parameter but found a non empty selector. ");
  const allNamespaces = flagBool(flags, 'all-namespaces');
  const ns = allNamespaces ? undefined : client.namespace;

  const victims: Victim[] = [];
  const errors: KubeError[] = [];
  if (files.length) {
    const read = readManifests(ctx, files, flagBool(flags, 'recursive'));
    if (read.fatal) return plainError(ctx, read.fatal);
    for (const m of read.manifests) victims.push({ type: m.type, namespace: m.type.namespaced ? (m.obj.metadata?.namespace ?? client.namespace) : undefined, name: String(m.obj.metadata?.name ?? ''), source: m.source });
    errors.push(...read.errors.map((message) => ({ message })));
  } else {
    if (flags.args.length === 0) return plainError(ctx, NO_RESOURCES);
    const args = resolveArgs(flags.args, 'delete', ctx.world.cluster);
    if (!args.ok) return plainError(ctx, args.error);
    for (const { type, names } of args.targets) {
      if (names.length) {
        for (const name of names) victims.push({ type, namespace: ns ?? client.namespace, name });
        continue;
      }
      if (!selector && !all && !flagString(flags, 'field-selector')) return plainError(ctx, 'resource(s) were provided, but no name was specified');
      const query: Record<string, string> = {};
      if (selector) query.labelSelector = selector;
      const fieldSelector = flagString(flags, 'field-selector');
      if (fieldSelector) query.fieldSelector = fieldSelector;
      const res = client.api({ path: apiPath(type, type.namespaced ? ns : undefined), query });
      if (res.status !== 200) {
        errors.push(apiError(res));
        continue;
      }
      for (const o of (res.body as { items: Obj[] }).items) victims.push({ type, namespace: o.metadata.namespace, name: o.metadata.name });
    }
  }

  const ignoreNotFound = flagBool(flags, 'ignore-not-found');
  let found = 0;
  let warned = false;
  const deleted: Victim[] = [];
  for (const v of victims) {
    const path = apiPath(v.type, v.namespace, v.name);
    if (dry.mode === 'client') {
      const res = client.api({ path });
      if (res.status !== 200) {
        if (!(ignoreNotFound && res.status === 404)) errors.push(apiError(res));
        continue;
      }
    } else {
      if (force && !warned) {
        ctx.err(FORCE_WARNING);
        warned = true;
      }
      const body: Obj = { propagationPolicy: propagation };
      if (grace >= 0) body.gracePeriodSeconds = grace;
      const res = write(client, { method: 'DELETE', path, body }, 'kubectl', dry.mode);
      if (res.status !== 200) {
        if (ignoreNotFound && res.status === 404) continue;
        const status = { ...(res.body as Status) };
        if (v.source) status.message = `error when deleting "${v.source}": ${status.message}`;
        errors.push({ status });
        continue;
      }
      const answer = res.body as Obj & { details?: { uid?: string } };
      v.uid = answer.kind === 'Status' ? answer.details?.uid : answer.metadata?.uid;
    }
    found++;
    deleted.push(v);
    if (flagString(flags, 'output') === 'name') ctx.out(`${v.type.group ? `${v.type.kind.toLowerCase()}.${v.type.group}` : v.type.kind.toLowerCase()}/${v.name}\n`);
    else ctx.out(`${deletedName(v.type, v.name)} ${force && dry.mode === 'none' ? 'force deleted' : 'deleted'}${dry.mode === 'client' ? ' (dry run)' : dry.mode === 'server' ? ' (server dry run)' : ''}\n`);
  }
  if (found === 0 && errors.length === 0 && !files.length && (selector || all || flagString(flags, 'field-selector'))) ctx.out('No resources found\n');
  const wait = flags.values.get('wait') !== false && dry.mode === 'none';
  // A failed delete ends the command before the wait.
  if (wait && deleted.length && !errors.length && canWait(ctx.world)) return waitDeleted(ctx, client, deleted, timeoutMs);
  return reportErrors(ctx, errors);
}

/** Waits for each deleted object in turn, all within one deadline. */
function waitDeleted(ctx: CommandContext, client: KubeClient, deleted: Victim[], timeoutMs: number): number {
  const start = ctx.elapsed;
  const limit = timeoutMs > 0 ? timeoutMs : WAIT_CAP_MS;
  for (const v of deleted) {
    const gone = () => {
      const res = client.api({ path: apiPath(v.type, v.namespace, v.name) });
      return res.status === 404 || (v.uid !== undefined && (res.body as Obj).metadata?.uid !== v.uid);
    };
    const left = limit - (ctx.elapsed - start);
    if (left > 0 ? waitUntil(ctx, gone, 1000, left) : gone()) continue;
    if (timeoutMs === 0 || (ctx.interruptAt !== undefined && ctx.elapsed > ctx.interruptAt)) return 0;
    return plainError(ctx, `timed out waiting for the condition on ${v.type.resource}/${v.name}`);
  }
  return 0;
}
