// `kubectl label` and `kubectl annotate`: KEY=VALUE sets, KEY- removes, on objects named
// by TYPE NAME..., TYPE/NAME, -l or --all; a merge patch of metadata per object.
import type { CommandContext } from '../types.js';
import { kindPrefix, resolveArgs } from './kubectl-args.js';
import { plainError, reportErrors, type KubeError } from './kubectl-errors.js';
import { flagBool, flagString, type FlagSpec } from './kubectl-flags.js';
import { apiError, apiPath, dryRunMode, DRY_RUN_FLAG, isSuccess, open, printedName, write, type Obj } from './kubectl-rest.js';

const FLAGS: FlagSpec[] = [
  DRY_RUN_FLAG,
  { name: 'overwrite', type: 'bool' },
  { name: 'selector', short: 'l', type: 'string' },
  { name: 'field-selector', type: 'string' },
  { name: 'all', type: 'bool' },
  { name: 'all-namespaces', short: 'A', type: 'bool' },
  { name: 'list', type: 'bool' },
  { name: 'local', type: 'bool' },
  { name: 'resource-version', type: 'string' },
  { name: 'output', short: 'o', type: 'string' },
  { name: 'filename', short: 'f', type: 'stringArray' },
  { name: 'recursive', short: 'R', type: 'bool' },
  { name: 'field-manager', type: 'string' },
];

interface Mode {
  command: 'label' | 'annotate';
  field: 'labels' | 'annotations';
  noun: string;
}

const MODES: Record<'label' | 'annotate', Mode> = {
  label: { command: 'label', field: 'labels', noun: 'label' },
  annotate: { command: 'annotate', field: 'annotations', noun: 'annotation' },
};

/** Splits arguments into resources and KEY=VALUE / KEY- changes. */
function splitArgs(args: string[]): { resources: string[]; set: Map<string, string>; remove: string[] } {
  const resources: string[] = [];
  const set = new Map<string, string>();
  const remove: string[] = [];
  for (const a of args) {
    if (a.includes('=')) set.set(a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1));
    else if (a.endsWith('-') && resources.length > 0) remove.push(a.slice(0, -1));
    else resources.push(a);
  }
  return { resources, set, remove };
}

/** The JSON length kubectl compares to tell `labeled` from `unlabeled`. */
const size = (o: unknown) => JSON.stringify(o).length;

function run(ctx: CommandContext, argv: string[], mode: Mode): number {
  const opened = open(ctx, argv, mode.command, FLAGS, 5);
  if (typeof opened === 'number') return opened;
  const { client, flags } = opened;
  const { resources, set, remove } = splitArgs(flags.args);
  const list = mode.command === 'label' && flagBool(flags, 'list');
  if (!list && set.size === 0 && remove.length === 0) return plainError(ctx, `at least one ${mode.noun} update is required`);
  if (remove.some((k) => set.has(k))) return plainError(ctx, `can not both modify and remove a ${mode.noun} in the same command`);
  if (resources.length === 0) return plainError(ctx, 'one or more resources must be specified as <resource> <name> or <resource>/<name>');
  const dry = dryRunMode(flags);
  if (!dry.ok) return plainError(ctx, dry.error);
  const args = resolveArgs(resources, mode.command, ctx.world.cluster);
  if (!args.ok) return plainError(ctx, args.error);
  const selector = flagString(flags, 'selector');
  const ns = flagBool(flags, 'all-namespaces') ? undefined : client.namespace;

  const objects: { t: (typeof args.targets)[number]['type']; obj?: Obj; name: string; namespace?: string }[] = [];
  const errors: KubeError[] = [];
  for (const { type, names } of args.targets) {
    if (names.length) {
      for (const name of names) objects.push({ t: type, name, namespace: ns ?? client.namespace });
      continue;
    }
    if (!selector && !flagBool(flags, 'all')) return plainError(ctx, 'resource(s) were provided, but no name was specified');
    const res = client.api({ path: apiPath(type, type.namespaced ? ns : undefined), query: selector ? { labelSelector: selector } : {} });
    if (res.status !== 200) {
      errors.push(apiError(res));
      continue;
    }
    for (const o of (res.body as { items: Obj[] }).items) objects.push({ t: type, obj: o, name: o.metadata.name, namespace: o.metadata.namespace });
  }

  for (const target of objects) {
    const { t, name } = target;
    let obj = target.obj;
    if (!obj) {
      const res = client.api({ path: apiPath(t, target.namespace, name) });
      if (res.status !== 200) {
        errors.push(apiError(res));
        continue;
      }
      obj = res.body as Obj;
    }
    const old: Record<string, string> = obj.metadata[mode.field] ?? {};
    if (list) {
      ctx.out(Object.keys(old).sort().map((k) => `${k}=${old[k]}\n`).join(''));
      continue;
    }
    const conflicts = [...set].filter(([k, v]) => k in old && old[k] !== v && !flagBool(flags, 'overwrite'));
    if (conflicts.length) {
      const msgs = conflicts.map(([k]) => (mode.command === 'label' ? `'${k}' already has a value (${old[k]}), and --overwrite is false` : `--overwrite is false but found the following declared annotation(s): '${k}' already has a value (${old[k]})`));
      errors.push({ message: msgs.length === 1 ? msgs[0] : `[${msgs.join(', ')}]` });
      continue;
    }
    const next: Record<string, string> = { ...old };
    const patch: Record<string, string | null> = {};
    for (const [k, v] of set) {
      next[k] = v;
      patch[k] = v;
    }
    for (const k of remove) {
      if (!(k in old)) {
        if (mode.command === 'label') ctx.out(`label "${k}" not found.\n`);
        continue;
      }
      delete next[k];
      patch[k] = null;
    }
    if (dry.mode !== 'client' && Object.keys(patch).length) {
      const res = write(client, { method: 'PATCH', path: apiPath(t, target.namespace, name), body: { metadata: { [mode.field]: patch } }, contentType: 'application/merge-patch+json' }, `kubectl-${mode.command}`, dry.mode);
      if (!isSuccess(res)) {
        errors.push(apiError(res));
        continue;
      }
    }
    let op = 'annotated';
    if (mode.command === 'label') {
      const before = { ...obj, metadata: { ...obj.metadata, labels: old } };
      const after = { ...obj, metadata: { ...obj.metadata, labels: next } };
      op = size(before) === size(after) ? (JSON.stringify(before) === JSON.stringify(after) ? 'not labeled' : 'labeled') : size(before) > size(after) && !flagBool(flags, 'overwrite') ? 'unlabeled' : 'labeled';
    }
    if (flagString(flags, 'output') === 'name') ctx.out(`${kindPrefix(t)}/${name}\n`);
    else ctx.out(printedName(t, name, op, dry.mode));
  }
  return reportErrors(ctx, errors);
}

export const runLabel = (ctx: CommandContext, argv: string[]) => run(ctx, argv, MODES.label);
export const runAnnotate = (ctx: CommandContext, argv: string[]) => run(ctx, argv, MODES.annotate);
