// `kubectl patch TYPE NAME -p PATCH [--type strategic|merge|json]`: the patch (YAML or JSON)
// goes to the server as is; `patched` or `patched (no change)` from comparing the object
// before and after.
import { parse as parseYaml } from 'yaml';
import { deepEqual } from '../../sim/k8s/patch.js';
import { readFile, resolvePath } from '../files.js';
import type { CommandContext } from '../types.js';
import { resolveArgs } from './kubectl-args.js';
import { plainError, reportErrors, type KubeError } from './kubectl-errors.js';
import { flagString, type FlagSpec } from './kubectl-flags.js';
import { parseOutput, printGeneric } from './kubectl-output.js';
import { apiError, apiPath, dryRunMode, DRY_RUN_FLAG, getObj, isSuccess, open, printedName, write, type Obj } from './kubectl-rest.js';

const FLAGS: FlagSpec[] = [
  DRY_RUN_FLAG,
  { name: 'patch', short: 'p', type: 'string' },
  { name: 'patch-file', type: 'string' },
  { name: 'type', type: 'string' },
  { name: 'output', short: 'o', type: 'string' },
  { name: 'local', type: 'bool' },
  { name: 'subresource', type: 'string' },
  { name: 'filename', short: 'f', type: 'stringArray' },
  { name: 'recursive', short: 'R', type: 'bool' },
  { name: 'field-manager', type: 'string' },
];

const CONTENT_TYPES: Record<string, string> = {
  json: 'application/json-patch+json',
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
};

export function runPatch(ctx: CommandContext, argv: string[]): number {
  const opened = open(ctx, argv, 'patch', FLAGS, 5);
  if (typeof opened === 'number') return opened;
  const { client, flags } = opened;
  const type = flagString(flags, 'type') ?? 'strategic';
  if (!CONTENT_TYPES[type]) return plainError(ctx, `--type must be one of [json merge strategic], not "${type}"`);
  let text = flagString(flags, 'patch');
  const file = flagString(flags, 'patch-file');
  if (file !== undefined) {
    const read = readFile(ctx.host, resolvePath(ctx.session.cwd, file), ctx.session.user);
    if (!read.ok) return plainError(ctx, `unable to read patch file: open ${file}: no such file or directory`);
    text = read.text;
  }
  if (!text) return plainError(ctx, 'must specify --patch or --patch-file containing the contents of the patch');
  let body: unknown;
  try {
    body = parseYaml(text, { version: '1.1' });
  } catch (e) {
    return plainError(ctx, `unable to parse "${text}": yaml: ${(e as Error).message.split('\n')[0]}`);
  }
  const dry = dryRunMode(flags);
  if (!dry.ok) return plainError(ctx, dry.error);
  const output = parseOutput(flagString(flags, 'output'));
  if (!output.ok) return plainError(ctx, output.error);
  if (flags.args.length === 0) return plainError(ctx, 'You must provide one or more resources by argument or filename.');
  const args = resolveArgs(flags.args, 'patch', ctx.world.cluster);
  if (!args.ok) return plainError(ctx, args.error);
  const errors: KubeError[] = [];
  for (const { type: t, names } of args.targets) {
    if (!names.length) return plainError(ctx, 'resource(s) were provided, but no name was specified');
    for (const name of names) {
      const before = getObj(client, t, client.namespace, name);
      if (!before.ok) {
        errors.push(apiError(before.res));
        continue;
      }
      const res = write(client, { method: 'PATCH', path: apiPath(t, client.namespace, name), body, contentType: CONTENT_TYPES[type] }, 'kubectl-patch', dry.mode === 'client' ? 'server' : dry.mode);
      if (!isSuccess(res)) {
        errors.push(apiError(res));
        continue;
      }
      if (output.format.kind !== 'table') {
        const printed = printGeneric(output.format, res.body as Obj, false);
        if (printed.ok) ctx.out(printed.text);
        continue;
      }
      const changed = !deepEqual(before.obj, res.body);
      ctx.out(printedName(t, name, changed ? 'patched' : 'patched (no change)', dry.mode));
    }
  }
  return reportErrors(ctx, errors);
}
