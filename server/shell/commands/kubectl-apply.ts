// `kubectl apply -f` (client-side apply: create with the last-applied-configuration
// annotation, or a three-way strategic merge patch; `created` / `configured` /
// `unchanged`) and `kubectl create -f`. Documents that fail to read or validate are
// reported after the others have been sent, like kubectl's ContinueOnError builder.
import type { ApiResponse, Status } from '../../sim/k8s/apiserver.js';
import { clone, threeWayPatch, type JsonObject } from '../../sim/k8s/patch.js';
import { groupVersion, type ResourceType } from '../../sim/k8s/resources.js';
import type { CommandContext } from '../types.js';
import { connect, type KubeClient } from './kubectl-client.js';
import { connectionRefused, hostPort, plainError, reportErrors, usageError, type KubeError } from './kubectl-errors.js';
import { flagBool, GLOBAL_FLAGS, parseFlags, type FlagSpec, type ParsedFlags } from './kubectl-flags.js';
import { printHelp } from './kubectl-help-commands.js';
import { goJson } from './kubectl-json.js';
import { readManifests, type Manifest } from './kubectl-manifest.js';
import { apiPath, dryRunMode, DRY_RUN_FLAG, isSuccess, printedName, write, type Obj } from './kubectl-rest.js';

export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

export const FILE_FLAGS: FlagSpec[] = [
  { name: 'filename', short: 'f', type: 'stringArray' },
  { name: 'recursive', short: 'R', type: 'bool' },
  { name: 'kustomize', short: 'k', type: 'string' },
  { name: 'validate', type: 'string' },
  { name: 'output', short: 'o', type: 'string' },
  DRY_RUN_FLAG,
];

const APPLY_FLAGS: FlagSpec[] = [
  ...FILE_FLAGS,
  { name: 'force', type: 'bool' },
  { name: 'overwrite', type: 'bool' },
  { name: 'prune', type: 'bool' },
  { name: 'selector', short: 'l', type: 'string' },
  { name: 'server-side', type: 'bool' },
  { name: 'field-manager', type: 'string' },
  { name: 'wait', type: 'bool' },
  { name: 'grace-period', type: 'int' },
  { name: 'timeout', type: 'duration' },
];

const CREATE_FLAGS: FlagSpec[] = [...FILE_FLAGS, { name: 'save-config', type: 'bool' }, { name: 'edit', type: 'bool' }, { name: 'selector', short: 'l', type: 'string' }, { name: 'field-manager', type: 'string' }];

/** `error when <verb> "<source>": ` in front of a Status message (cmdutil.AddSourceToErr). */
function withSource(res: ApiResponse, verb: string, source: string): KubeError {
  const status = clone(res.body) as Status;
  status.message = `error when ${verb} "${source}": ${status.message}`;
  return { status };
}

/** What kubectl prints when the server cannot be reached while validating manifests. */
function openApiRefused(ctx: CommandContext, server: string, source: string): number {
  const hp = hostPort(server);
  const u = new URL(server);
  const url = `${u.protocol}//${hp}/openapi/v2?timeout=32s`;
  return plainError(ctx, `error validating "${source}": error validating data: failed to download openapi: Get "${url}": dial tcp ${u.hostname === 'localhost' ? '127.0.0.1' : u.hostname}:${hp.split(':')[1]}: connect: connection refused; if you choose to ignore these errors, turn validation off with --validate=false`);
}

interface FileCommand {
  flags: ParsedFlags;
  client: KubeClient;
  manifests: Manifest[];
  errors: KubeError[];
  dryRun: 'none' | 'client' | 'server';
}

/** The steps apply and create -f share: flags, manifests, namespaces, the connection. */
function prepare(ctx: CommandContext, argv: string[], command: string, specs: FlagSpec[]): FileCommand | number {
  const parsed = parseFlags(argv, [...GLOBAL_FLAGS, ...specs]);
  if (!parsed.ok) return usageError(ctx, `kubectl ${command}`, parsed.error);
  const flags = parsed.flags;
  if (flagBool(flags, 'help')) return printHelp(ctx, command);
  const files = (flags.values.get('filename') as string[] | undefined) ?? [];
  if (!files.length) {
    return plainError(ctx, 'must specify one of -f and -k');
  }
  const dry = dryRunMode(flags);
  if (!dry.ok) return plainError(ctx, dry.error);
  const read = readManifests(ctx, files, flagBool(flags, 'recursive'));
  if (read.fatal) return plainError(ctx, read.fatal);
  const conn = connect(ctx, flags);
  if (!conn.ok) {
    if ('error' in conn) return plainError(ctx, conn.error);
    return read.manifests.length ? openApiRefused(ctx, conn.refused, read.manifests[0].source) : connectionRefused(ctx, conn.refused, 0);
  }
  const { client } = conn;
  for (const m of read.manifests) {
    const meta = (m.obj.metadata ??= {});
    if (!m.type.namespaced) continue;
    if (meta.namespace && client.explicitNamespace && meta.namespace !== client.namespace) {
      return plainError(ctx, `the namespace from the provided object "${meta.namespace}" does not match the namespace "${client.namespace}". You must pass '--namespace=${meta.namespace}' to perform this operation.`);
    }
    meta.namespace ||= client.namespace;
  }
  const errors: KubeError[] = read.errors.map((message) => ({ message }));
  return { flags, client, manifests: read.manifests, errors, dryRun: dry.mode };
}

/** The configuration kubectl records in the annotation: the manifest itself, as compact JSON. */
function withLastApplied(obj: Obj): Obj {
  const copy = clone(obj);
  copy.metadata.annotations = { ...(copy.metadata.annotations ?? {}) };
  delete copy.metadata.annotations[LAST_APPLIED];
  const recorded = goJson(copy) + '\n';
  const out = clone(obj);
  out.metadata.annotations = { ...(out.metadata.annotations ?? {}), [LAST_APPLIED]: recorded };
  return out;
}

const resourceLine = (t: ResourceType, name: string, namespace: string | undefined) =>
  `Resource: "${t.group ? `${t.group}/${t.version}` : t.version}, Resource=${t.resource}", GroupVersionKind: "${groupVersion(t)}, Kind=${t.kind}"\nName: "${name}", Namespace: "${namespace ?? ''}"`;

/** One manifest through apply: the printed line, or an error. */
function applyOne(ctx: CommandContext, cmd: FileCommand, m: Manifest): KubeError | undefined {
  const { client, dryRun } = cmd;
  const { type: t, source } = m;
  const ns = m.obj.metadata.namespace as string | undefined;
  const name = String(m.obj.metadata.name ?? '');
  const modified = withLastApplied(m.obj);
  const current = client.api({ path: apiPath(t, ns, name) });
  if (current.status === 404) {
    if (dryRun === 'client') {
      ctx.out(printedName(t, name, 'created', dryRun));
      return undefined;
    }
    const res = write(client, { method: 'POST', path: apiPath(t, ns), body: modified }, 'kubectl-client-side-apply', dryRun);
    if (!isSuccess(res)) return withSource(res, 'creating', source);
    ctx.out(printedName(t, name, 'created', dryRun));
    return undefined;
  }
  if (!isSuccess(current)) return withSource(current, 'retrieving current configuration of:\n' + resourceLine(t, name, ns) + '\nfrom server for:', source);
  // A client dry run computes no patch: the object is reported as configured.
  if (dryRun === 'client') {
    ctx.out(printedName(t, name, 'configured', dryRun));
    return undefined;
  }
  const live = current.body as Obj;
  const recorded = live.metadata?.annotations?.[LAST_APPLIED] as string | undefined;
  if (recorded === undefined) {
    ctx.err(`Warning: resource ${t.resource}/${name} is missing the ${LAST_APPLIED} annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.\n`);
  }
  let original: JsonObject | undefined;
  try {
    original = recorded ? (JSON.parse(recorded) as JsonObject) : undefined;
  } catch {
    original = undefined;
  }
  const patch = threeWayPatch(t.kind, original, modified as JsonObject, live as JsonObject);
  if (Object.keys(patch).length === 0) {
    ctx.out(printedName(t, name, 'unchanged', dryRun));
    return undefined;
  }
  const res = write(client, { method: 'PATCH', path: apiPath(t, ns, name), body: patch, contentType: 'application/strategic-merge-patch+json' }, 'kubectl-client-side-apply', dryRun);
  if (!isSuccess(res)) {
    const status = clone(res.body) as Status;
    status.message = `error when applying patch:\n${goJson(patch)}\nto:\n${resourceLine(t, name, ns)}\nfor: "${source}": error when patching "${source}": ${status.message}`;
    return { status };
  }
  ctx.out(printedName(t, name, 'configured', dryRun));
  return undefined;
}

export function runApply(ctx: CommandContext, argv: string[]): number {
  const cmd = prepare(ctx, argv, 'apply', APPLY_FLAGS);
  if (typeof cmd === 'number') return cmd;
  if (flagBool(cmd.flags, 'server-side')) return plainError(ctx, 'server-side apply is not supported by this simulated cluster; use client-side apply');
  if (!cmd.manifests.length && !cmd.errors.length) return plainError(ctx, 'no objects passed to apply');
  const errors = [...cmd.manifests.map((m) => applyOne(ctx, cmd, m)).filter((e): e is KubeError => !!e), ...cmd.errors];
  return reportErrors(ctx, errors);
}

/** `kubectl create -f`: POST each manifest. */
export function runCreateFiles(ctx: CommandContext, argv: string[]): number {
  const cmd = prepare(ctx, argv, 'create', CREATE_FLAGS);
  if (typeof cmd === 'number') return cmd;
  const errors: KubeError[] = [];
  for (const m of cmd.manifests) {
    const name = String(m.obj.metadata.name ?? '');
    const body = flagBool(cmd.flags, 'save-config') ? withLastApplied(m.obj) : m.obj;
    if (cmd.dryRun !== 'client') {
      const res = write(cmd.client, { method: 'POST', path: apiPath(m.type, m.obj.metadata.namespace), body }, 'kubectl-create', cmd.dryRun);
      if (!isSuccess(res)) {
        errors.push(withSource(res, 'creating', m.source));
        continue;
      }
      ctx.out(printedName(m.type, String((res.body as Obj).metadata?.name ?? name), 'created', cmd.dryRun));
    } else ctx.out(printedName(m.type, name, 'created', cmd.dryRun));
  }
  return reportErrors(ctx, [...errors, ...cmd.errors]);
}
