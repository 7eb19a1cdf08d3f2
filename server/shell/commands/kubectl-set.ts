// `kubectl set image|env|resources`: edit the containers of an object's pod template on the
// client and send the change as a strategic merge patch; objects left unchanged print nothing.
import type { Status } from '../../sim/k8s/apiserver.js';
import { clone, deepEqual, threeWayPatch, type JsonObject } from '../../sim/k8s/patch.js';
import type { ResourceType } from '../../sim/k8s/resources.js';
import type { CommandContext } from '../types.js';
import { resolveArgs } from './kubectl-args.js';
import type { KubeClient } from './kubectl-client.js';
import { WRITE_HELP } from './kubectl-help-write.js';
import { plainError, reportErrors, type KubeError } from './kubectl-errors.js';
import { subcommandIndex, type FlagSpec } from './kubectl-flags.js';
import { apiError, apiPath, dryRunMode, DRY_RUN_FLAG, getObj, isSuccess, open, printedName, write, type Obj } from './kubectl-rest.js';

const COMMON: FlagSpec[] = [
  DRY_RUN_FLAG,
  { name: 'output', short: 'o', type: 'string' },
  { name: 'all', type: 'bool' },
  { name: 'selector', short: 'l', type: 'string' },
  { name: 'local', type: 'bool' },
  { name: 'filename', short: 'f', type: 'stringArray' },
  { name: 'recursive', short: 'R', type: 'bool' },
  { name: 'field-manager', type: 'string' },
  { name: 'containers', short: 'c', type: 'string' },
];

/** The pod spec inside an object, or undefined when it has none. */
function podSpecOf(obj: Obj): Obj | undefined {
  switch (obj.kind) {
    case 'Pod':
      return obj.spec;
    case 'CronJob':
      return obj.spec?.jobTemplate?.spec?.template?.spec;
    case 'Deployment':
    case 'ReplicaSet':
    case 'StatefulSet':
    case 'DaemonSet':
    case 'Job':
      return obj.spec?.template?.spec;
    default:
      return undefined;
  }
}

type Containers = Obj[];

/** What a subcommand does to one object's containers: an error message, or done (changes in place). */
type Change = (containers: { init: Containers; main: Containers }, obj: Obj) => string | undefined;

interface Sub {
  flags: FlagSpec[];
  operation: string;
  /** Builds the change from the arguments left after the resource; an error message when they are wrong. */
  parse(args: string[], flags: Map<string, unknown>, client: KubeClient): { resources: string[]; change: Change } | string | KubeError;
  /** How a server error is printed (resources wraps it), or undefined for kubectl's usual form. */
  wrapError?: string;
}

const selected = (name: string, pattern: string | undefined) => !pattern || pattern === '*' || pattern === name;

const image: Sub = {
  flags: [],
  operation: 'image updated',
  parse(args) {
    const resources = args.filter((a) => !a.includes('='));
    const updates = args.filter((a) => a.includes('=')).map((a) => [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] as const);
    if (!updates.length) return 'at least one image update is required';
    return {
      resources,
      change: ({ init, main }) => {
        for (const [name, img] of updates) {
          const matches = [...init, ...main].filter((c) => name === '*' || c.name === name);
          if (!matches.length) return `unable to find container named "${name}"`;
          for (const c of matches) c.image = img;
        }
        return undefined;
      },
    };
  },
};

const env: Sub = {
  flags: [{ name: 'list', type: 'bool' }, { name: 'overwrite', type: 'bool' }, { name: 'from', type: 'string' }, { name: 'keys', type: 'string' }, { name: 'prefix', type: 'string' }],
  operation: 'env updated',
  parse(args, flags, client) {
    const isEnv = (a: string) => a.includes('=') || a.endsWith('-');
    const split = args.findIndex(isEnv);
    const resources = split < 0 ? args : args.slice(0, split);
    const changes = split < 0 ? [] : args.slice(split);
    const set = changes.filter((a) => a.includes('=')).map((a) => [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] as const);
    const remove = changes.filter((a) => !a.includes('=')).map((a) => a.slice(0, -1));
    const pattern = flags.get('containers') as string | undefined;
    const from = envFrom(flags, client);
    if (from && !Array.isArray(from)) return from;
    return {
      resources,
      change: ({ main, init }) => {
        for (const c of [...init, ...main].filter((x) => selected(x.name, pattern))) {
          let list: Obj[] = c.env ?? [];
          for (const e of from ?? []) {
            const at = list.findIndex((x) => x.name === e.name);
            if (at >= 0) list[at] = e;
            else list.push(e);
          }
          for (const [k, v] of set) {
            const at = list.findIndex((e) => e.name === k);
            if (at >= 0) list[at] = { name: k, value: v };
            else list.push({ name: k, value: v });
          }
          list = list.filter((e) => !remove.includes(e.name));
          if (list.length) c.env = list;
          else delete c.env;
        }
        return undefined;
      },
    };
  },
};

/**
 * `--from=configmap/NAME|secret/NAME` (with `--keys`, `--prefix`): one variable per key, named
 * as kubectl names it (upper case, other characters as `_`), read from the object by reference.
 */
function envFrom(flags: Map<string, unknown>, client: KubeClient): Obj[] | KubeError | undefined {
  const from = flags.get('from') as string | undefined;
  if (!from) return undefined;
  const args = resolveArgs([from], 'set env', client.ctx.world.cluster);
  if (!args.ok) return { message: args.error };
  const t = args.targets[0].type;
  if (t.kind !== 'ConfigMap' && t.kind !== 'Secret') return undefined;
  const got = getObj(client, t, client.namespace, args.targets[0].names[0]);
  if (!got.ok) return apiError(got.res);
  const keys = ((flags.get('keys') as string | undefined) ?? '').split(',').filter(Boolean);
  const prefix = (flags.get('prefix') as string | undefined) ?? '';
  const name = got.obj.metadata.name as string;
  const ref = t.kind === 'ConfigMap' ? 'configMapKeyRef' : 'secretKeyRef';
  return Object.keys(got.obj.data ?? {})
    .filter((k) => !keys.length || keys.includes(k))
    .sort()
    .map((key) => ({ name: prefix + key.replace(/[^A-Za-z0-9_]/g, '_').toUpperCase(), valueFrom: { [ref]: { name, key } } }));
}

function parseResourceList(s: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (s ?? '').split(',').filter(Boolean)) out[part.slice(0, part.indexOf('='))] = part.slice(part.indexOf('=') + 1);
  return out;
}

const resources: Sub = {
  flags: [{ name: 'limits', type: 'string' }, { name: 'requests', type: 'string' }],
  operation: 'resource requirements updated',
  wrapError: 'failed to patch resources update to pod template ',
  parse(args, flags) {
    const limits = parseResourceList(flags.get('limits') as string | undefined);
    const requests = parseResourceList(flags.get('requests') as string | undefined);
    if (!Object.keys(limits).length && !Object.keys(requests).length) return 'you must specify an update to requests or limits (in the form of --requests/--limits)';
    const pattern = flags.get('containers') as string | undefined;
    return {
      resources: args,
      change: ({ main }) => {
        const matches = main.filter((c) => selected(c.name, pattern));
        if (!matches.length) return `unable to find container named ${pattern}`;
        for (const c of matches) {
          c.resources ??= {};
          if (Object.keys(limits).length) c.resources.limits = { ...(c.resources.limits ?? {}), ...limits };
          if (Object.keys(requests).length) c.resources.requests = { ...(c.resources.requests ?? {}), ...requests };
        }
        return undefined;
      },
    };
  },
};

const SUBS: Record<string, Sub> = { image, env, resources };

function apply(ctx: CommandContext, name: string, sub: Sub, argv: string[]): number {
  const opened = open(ctx, argv, `set ${name}`, [...COMMON, ...sub.flags], 4);
  if (typeof opened === 'number') return opened;
  const { client, flags } = opened;
  const parsed = sub.parse(flags.args, flags.values, client);
  if (typeof parsed === 'string') return plainError(ctx, parsed);
  if (!('change' in parsed)) return reportErrors(ctx, [parsed]);
  const dry = dryRunMode(flags);
  if (!dry.ok) return plainError(ctx, dry.error);
  if (!parsed.resources.length) return plainError(ctx, 'one or more resources must be specified as <resource> <name> or <resource>/<name>');
  const args = resolveArgs(parsed.resources, `set ${name}`, ctx.world.cluster);
  if (!args.ok) return plainError(ctx, args.error);
  const errors: KubeError[] = [];
  for (const { type: t, names } of args.targets) {
    for (const objName of names) {
      const got = getObj(client, t, client.namespace, objName);
      if (!got.ok) {
        errors.push(apiError(got.res));
        continue;
      }
      const err = setOne(ctx, client, sub, name, t, got.obj, parsed.change, flags.values.get('list') === true, dry.mode);
      if (err) errors.push(err);
    }
  }
  return reportErrors(ctx, errors);
}

function setOne(ctx: CommandContext, client: KubeClient, sub: Sub, name: string, t: ResourceType, obj: Obj, change: Change, list: boolean, dry: 'none' | 'client' | 'server'): KubeError | undefined {
  const next = clone(obj);
  const spec = podSpecOf(next);
  if (!spec) return { message: `${t.resource}/${obj.metadata.name} the object is not a pod or does not have a pod template: *v1.${t.kind}` };
  if (list && name === 'env') {
    for (const c of spec.containers ?? []) {
      ctx.out(`# ${t.kind} ${obj.metadata.name}, container ${c.name}\n`);
      for (const e of c.env ?? []) ctx.out(`${e.name}=${e.value ?? ''}\n`);
    }
    return undefined;
  }
  const err = change({ init: spec.initContainers ?? [], main: spec.containers ?? [] }, next);
  if (err) return { message: err };
  if (deepEqual(next, obj)) return undefined;
  if (dry !== 'client') {
    const patch = threeWayPatch(t.kind, obj as JsonObject, next as JsonObject, obj as JsonObject);
    const res = write(client, { method: 'PATCH', path: apiPath(t, obj.metadata.namespace, obj.metadata.name), body: patch, contentType: 'application/strategic-merge-patch+json' }, 'kubectl-set', dry);
    if (!isSuccess(res)) return sub.wrapError ? { message: sub.wrapError + (res.body as Status).message } : apiError(res);
  }
  ctx.out(printedName(t, obj.metadata.name, sub.operation, dry));
  return undefined;
}

export function runSet(ctx: CommandContext, argv: string[]): number {
  const i = subcommandIndex(argv);
  const name = i >= 0 ? argv[i] : undefined;
  if (name === undefined || !SUBS[name]) {
    // Without a subcommand kubectl prints the help on stderr and fails.
    ctx.err(name === undefined ? WRITE_HELP.set : `error: unknown command "${name}"\nSee 'kubectl set -h' for help and examples\n`);
    return 1;
  }
  return apply(ctx, name, SUBS[name], [...argv.slice(0, i), ...argv.slice(i + 1)]);
}
