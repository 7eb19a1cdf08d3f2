// `kubectl autoscale (-f FILENAME | TYPE NAME | TYPE/NAME) --max=N [--min=N] [--cpu-percent=N]`:
// for each deployment, replica set or stateful set, an autoscaling/v1 HorizontalPodAutoscaler
// built on the client (as v1.32 does) and created on the server, which stores it as v2.
import { hpaV1ToV2, hpaV2ToV1 } from '../../sim/k8s/hpa-v1.js';
import { resolveResource, type ResourceType } from '../../sim/k8s/resources.js';
import type { CommandContext } from '../types.js';
import { resolveArgs } from './kubectl-args.js';
import { commandFailed, plainError, reportErrors, usageError, type KubeError } from './kubectl-errors.js';
import { flagBool, flagString, GLOBAL_FLAGS, parseFlags, type FlagSpec } from './kubectl-flags.js';
import { printHelp } from './kubectl-help-commands.js';
import { readManifests } from './kubectl-manifest.js';
import { parseOutput, printGeneric } from './kubectl-output.js';
import { apiError, apiPath, connectWith, dryRunMode, DRY_RUN_FLAG, getObj, isSuccess, printedName, write, type Obj } from './kubectl-rest.js';
import { goYaml } from './kubectl-yaml.js';

const FLAGS: FlagSpec[] = [
  DRY_RUN_FLAG,
  { name: 'min', type: 'int' },
  { name: 'max', type: 'int' },
  { name: 'cpu-percent', type: 'int' },
  { name: 'name', type: 'string' },
  { name: 'output', short: 'o', type: 'string' },
  { name: 'filename', short: 'f', type: 'stringArray' },
  { name: 'kustomize', short: 'k', type: 'string' },
  { name: 'recursive', short: 'R', type: 'bool' },
  { name: 'field-manager', type: 'string' },
  { name: 'save-config', type: 'bool' },
  { name: 'record', type: 'bool' },
  { name: 'allow-missing-template-keys', type: 'bool' },
  { name: 'show-managed-fields', type: 'bool' },
  { name: 'template', type: 'string' },
];

const HPA = resolveResource('horizontalpodautoscalers')!;

const NO_RESOURCES = `You must provide one or more resources by argument or filename.
Example resource specifications include:
   '-f rsrc.yaml'
   '--filename=rsrc.json'
   '<resource> <name>'
   '<resource>'`;

/** The kinds whose discovery lists a scale subresource. */
const SCALABLE = new Set(['Deployment', 'ReplicaSet', 'StatefulSet']);

/** What kubectl's typed v1 object looks like before it is sent (struct field order). */
function buildHpa(name: string, target: { t: ResourceType; name: string }, min: number, max: number, cpuPercent: number): Obj {
  return {
    kind: 'HorizontalPodAutoscaler',
    apiVersion: 'autoscaling/v1',
    metadata: { name, creationTimestamp: null },
    spec: {
      scaleTargetRef: { kind: target.t.kind, name: target.name, apiVersion: target.t.group ? `${target.t.group}/${target.t.version}` : target.t.version },
      ...(min > 0 ? { minReplicas: min } : {}),
      maxReplicas: max,
      ...(cpuPercent >= 0 ? { targetCPUUtilizationPercentage: cpuPercent } : {}),
    },
    status: { currentReplicas: 0, desiredReplicas: 0 },
  };
}

const ALLOWED = 'go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml';

/** `-o` of a command that prints objects (no tables): kubectl checks it only when printing. */
function printer(o: string | undefined): ReturnType<typeof parseOutput> {
  if (o === 'wide' || o?.startsWith('custom-columns')) return { ok: false, error: '' };
  return parseOutput(o);
}

export function runAutoscale(ctx: CommandContext, argv: string[]): number {
  const parsed = parseFlags(argv, [...GLOBAL_FLAGS, ...FLAGS]);
  if (!parsed.ok) return usageError(ctx, 'kubectl autoscale', parsed.error);
  const flags = parsed.flags;
  if (flagBool(flags, 'help')) return printHelp(ctx, 'autoscale');
  if (!flags.values.has('max')) return commandFailed(ctx, 'required flag(s) "max" not set');
  const dry = dryRunMode(flags);
  if (!dry.ok) return plainError(ctx, dry.error);
  const int = (name: string) => (flags.values.get(name) as number | undefined) ?? -1;
  const [min, max, cpuPercent] = [int('min'), int('max'), int('cpu-percent')];
  if (max < 1) return plainError(ctx, `--max=MAXPODS is required and must be at least 1, max: ${max}`);
  if (max < min) return plainError(ctx, `--max=MAXPODS must be larger or equal to --min=MINPODS, max: ${max}, min: ${min}`);
  const opened = connectWith(ctx, flags, 5);
  if (typeof opened === 'number') return opened;
  const { client } = opened;

  // The builder's infos in order (from files as written, or fetched by TYPE NAME) with their errors.
  const items: ({ t: ResourceType; obj: Obj } | { error: KubeError })[] = [];
  const files = (flags.values.get('filename') as string[] | undefined) ?? [];
  if (files.length) {
    const read = readManifests(ctx, files, flagBool(flags, 'recursive'));
    if (read.fatal) return plainError(ctx, read.fatal);
    items.push(...read.manifests.map((m) => ({ t: m.type, obj: m.obj })), ...read.errors.map((message) => ({ error: { message } })));
  } else {
    if (!flags.args.length) return plainError(ctx, NO_RESOURCES);
    const args = resolveArgs(flags.args, 'autoscale', ctx.world.cluster);
    if (!args.ok) return plainError(ctx, args.error);
    if (args.targets.some((x) => !x.names.length)) return plainError(ctx, 'resource(s) were provided, but no name was specified');
    for (const { type, names } of args.targets) {
      for (const name of names) {
        const got = getObj(client, type, client.namespace, name);
        items.push(got.ok ? { t: type, obj: got.obj } : { error: apiError(got.res) });
      }
    }
  }

  const output = printer(flagString(flags, 'output'));
  const errors: KubeError[] = [];
  let count = 0;
  for (const item of items) {
    if ('error' in item) {
      errors.push(item.error);
      continue;
    }
    const { t, obj } = item;
    const targetName = String(obj.metadata?.name ?? '');
    if (!SCALABLE.has(t.kind)) {
      errors.push({ message: `cannot autoscale a ${t.kind}: could not find scale subresource for ${t.group}/${t.version}, Resource=${t.resource} in discovery information` });
      continue;
    }
    let hpa = buildHpa(flagString(flags, 'name') || targetName, { t, name: targetName }, min, max, cpuPercent);
    if (dry.mode !== 'client') {
      const res = write(client, { method: 'POST', path: apiPath(HPA, client.namespace), body: hpaV1ToV2(hpa) }, flagString(flags, 'field-manager') ?? 'kubectl-autoscale', dry.mode);
      if (!isSuccess(res)) {
        errors.push(apiError(res));
        continue;
      }
      hpa = hpaV2ToV1(res.body as Obj);
    }
    if (!output.ok) {
      errors.push({ message: `unable to match a printer suitable for the output format "${flagString(flags, 'output')}", allowed formats are: ${ALLOWED}` });
      continue;
    }
    const format = output.format;
    if (format.kind === 'table') ctx.out(printedName(HPA, hpa.metadata.name, dry.mode === 'client' ? 'created' : 'autoscaled', dry.mode));
    else if (format.kind === 'json') ctx.out(JSON.stringify(hpa, null, 4) + '\n');
    else if (format.kind === 'yaml') ctx.out(goYaml(hpa));
    else {
      const printed = printGeneric(format, hpa, false);
      if (!printed.ok) {
        errors.push({ message: printed.error });
        continue;
      }
      ctx.out(printed.text);
    }
    count++;
  }
  if (!errors.length && !count) return plainError(ctx, 'no objects passed to autoscale');
  return reportErrors(ctx, errors);
}
