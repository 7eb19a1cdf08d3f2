// `kubectl scale`: sets spec.replicas through the scale subresource of each named object
// (deployments, replica sets, stateful sets), optionally checking --current-replicas first.
import type { Status } from '../../sim/k8s/apiserver.js';
import type { CommandContext } from '../types.js';
import { resolveArgs } from './kubectl-args.js';
import { commandFailed, plainError, reportErrors, type KubeError } from './kubectl-errors.js';
import { flagBool, flagString, type FlagSpec } from './kubectl-flags.js';
import { apiError, apiPath, dryRunMode, DRY_RUN_FLAG, isSuccess, open, printedName, write, type Obj } from './kubectl-rest.js';

const FLAGS: FlagSpec[] = [
  DRY_RUN_FLAG,
  { name: 'replicas', type: 'int' },
  { name: 'current-replicas', type: 'int' },
  { name: 'resource-version', type: 'string' },
  { name: 'selector', short: 'l', type: 'string' },
  { name: 'all', type: 'bool' },
  { name: 'timeout', type: 'duration' },
  { name: 'output', short: 'o', type: 'string' },
  { name: 'filename', short: 'f', type: 'stringArray' },
  { name: 'recursive', short: 'R', type: 'bool' },
];

export function runScale(ctx: CommandContext, argv: string[]): number {
  const opened = open(ctx, argv, 'scale', FLAGS, 5);
  if (typeof opened === 'number') return opened;
  const { client, flags } = opened;
  if (!flags.values.has('replicas')) return commandFailed(ctx, 'required flag(s) "replicas" not set');
  const replicas = flags.values.get('replicas') as number;
  if (replicas < 0) return plainError(ctx, 'The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0');
  const dry = dryRunMode(flags);
  if (!dry.ok) return plainError(ctx, dry.error);
  if (flags.args.length === 0) return plainError(ctx, 'You must provide one or more resources by argument or filename.');
  const args = resolveArgs(flags.args, 'scale', ctx.world.cluster);
  if (!args.ok) return plainError(ctx, args.error);
  const selector = flagString(flags, 'selector');
  const found: { t: (typeof args.targets)[number]['type']; obj: Obj }[] = [];
  const missing: Status[] = [];
  for (const { type, names } of args.targets) {
    if (!names.length && !selector && !flagBool(flags, 'all')) return plainError(ctx, 'resource(s) were provided, but no name was specified');
    if (!names.length) {
      const res = client.api({ path: apiPath(type, client.namespace), query: selector ? { labelSelector: selector } : {} });
      if (res.status === 200) for (const o of (res.body as { items: Obj[] }).items) found.push({ t: type, obj: o });
      continue;
    }
    for (const name of names) {
      const res = client.api({ path: apiPath(type, client.namespace, name) });
      if (res.status === 200) found.push({ t: type, obj: res.body as Obj });
      else missing.push(res.body as Status);
    }
  }
  if (!found.length) return plainError(ctx, `no objects passed to scale ${missing.map((s) => s.message).join(', ')}`);
  const expected = flags.values.get('current-replicas') as number | undefined;
  const errors: KubeError[] = [];
  for (const { t, obj } of found) {
    const path = apiPath(t, obj.metadata.namespace, obj.metadata.name, 'scale');
    if (expected !== undefined && expected >= 0) {
      const current = client.api({ path });
      if (!isSuccess(current)) {
        errors.push(apiError(current));
        continue;
      }
      const actual = (current.body as Obj).spec?.replicas ?? 0;
      if (actual !== expected) {
        errors.push({ message: `Expected replicas to be ${expected}, was ${actual}` });
        continue;
      }
    }
    if (dry.mode !== 'client') {
      const res = write(client, { method: 'PATCH', path, body: { spec: { replicas } }, contentType: 'application/merge-patch+json' }, 'kubectl-scale', dry.mode);
      if (!isSuccess(res)) {
        errors.push(apiError(res));
        continue;
      }
    }
    ctx.out(printedName(t, obj.metadata.name, 'scaled', dry.mode));
  }
  return reportErrors(ctx, errors);
}
