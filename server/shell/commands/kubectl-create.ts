// `kubectl create`: `-f FILE` (kubectl-apply.ts) or a generator subcommand that builds the
// object on the client — deployment, namespace, configmap, secret generic — and POSTs it.
// With `--dry-run=client -o yaml` the generated object is printed as kubectl builds it.
import { resolveResource } from '../../sim/k8s/resources.js';
import { readFile, resolvePath } from '../files.js';
import type { CommandContext } from '../types.js';
import { FILE_FLAGS, runCreateFiles } from './kubectl-apply.js';
import { commandFailed, plainError, reportErrors } from './kubectl-errors.js';
import { flagString, GLOBAL_FLAGS, type FlagSpec } from './kubectl-flags.js';
import { parseOutput, printGeneric } from './kubectl-output.js';
import type { ApiResponse } from '../../sim/k8s/apiserver.js';
import type { KubeClient } from './kubectl-client.js';
import { apiError, apiPath, dryRunMode, DRY_RUN_FLAG, getObj, isSuccess, open, printedName, write, type Obj } from './kubectl-rest.js';

const COMMON: FlagSpec[] = [DRY_RUN_FLAG, { name: 'output', short: 'o', type: 'string' }, { name: 'validate', type: 'string' }, { name: 'save-config', type: 'bool' }, { name: 'field-manager', type: 'string' }];

const usage = (ctx: CommandContext, sub: string, msg: string) => {
  ctx.err(`error: ${msg}\nSee 'kubectl create ${sub} -h' for help and examples\n`);
  return 1;
};

/** A container name from an image reference: `registry/team/nginx:1.27` -> `nginx`. */
function containerName(image: string): string {
  const base = image.split('/').pop() ?? image;
  return base.split('@')[0].split(':')[0];
}

function deployment(name: string, namespace: string | undefined, images: string[], replicas: number, port: number | undefined): Obj {
  const labels = { app: name };
  const containers = images.map((image, i) => ({
    image, name: containerName(image), ...(i === 0 && port !== undefined && port >= 0 ? { ports: [{ containerPort: port }] } : {}), resources: {},
  }));
  return {
    apiVersion: 'apps/v1', kind: 'Deployment',
    metadata: { creationTimestamp: null, labels, name, ...(namespace ? { namespace } : {}) },
    spec: { replicas, selector: { matchLabels: labels }, strategy: {}, template: { metadata: { creationTimestamp: null, labels }, spec: { containers } } },
    status: {},
  };
}

/** `--from-literal=k=v` and `--from-file=[key=]path` into a data map; an error message on failure. */
function dataFrom(ctx: CommandContext, literals: string[], files: string[]): Record<string, string> | string {
  const data: Record<string, string> = {};
  for (const l of literals) {
    const eq = l.indexOf('=');
    if (eq <= 0) return `invalid literal source ${l}, expected key=value`;
    data[l.slice(0, eq)] = l.slice(eq + 1);
  }
  for (const f of files) {
    const eq = f.indexOf('=');
    const key = eq > 0 ? f.slice(0, eq) : f.split('/').pop()!;
    const path = eq > 0 ? f.slice(eq + 1) : f;
    const read = readFile(ctx.host, resolvePath(ctx.session.cwd, path), ctx.session.user);
    if (!read.ok) return `error reading ${path}: no such file or directory`;
    data[key] = read.text;
  }
  return data;
}

const base64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

interface Generated {
  obj: Obj;
  /** How a server error is wrapped: `failed to create deployment: ` (undefined: printed as is). */
  wrap?: string;
  /** The API's answer when reading what the object is made from failed. */
  error?: ApiResponse;
}

/** `namespace`: set only when given with -n (kubectl leaves it to the request path otherwise). */
type Generator = (ctx: CommandContext, name: string, flags: Map<string, unknown>, namespace: string | undefined, extra: { command: string[]; client: KubeClient }) => Generated | string;

/** The pod template of a Job made by `create job|cronjob`: one container named after the object. */
function jobSpec(name: string, image: string, command: string[], restartPolicy: string): Obj {
  return {
    template: {
      metadata: { creationTimestamp: null },
      spec: { containers: [{ ...(command.length ? { command } : {}), image, name, resources: {} }], restartPolicy },
    },
  };
}

/** `create job NAME --from=cronjob/CRON`: the CronJob's job template, run now by hand. */
function jobFromCronJob(client: KubeClient, name: string, from: string, ns: string | undefined): Generated | string {
  const slash = from.indexOf('/');
  const kind = from.slice(0, slash);
  if (slash < 0 || !['cronjob', 'cronjobs', 'cj', 'cronjob.batch', 'cronjobs.batch'].includes(kind)) return `from must be an existing cronjob: ${from}`;
  const t = resolveResource('cronjobs')!;
  const got = getObj(client, t, client.namespace, from.slice(slash + 1));
  if (!got.ok) return { obj: {}, error: got.res };
  const cj = got.obj;
  const tmpl = cj.spec.jobTemplate ?? {};
  return {
    obj: {
      apiVersion: 'batch/v1', kind: 'Job',
      metadata: {
        annotations: { 'cronjob.kubernetes.io/instantiate': 'manual', ...(tmpl.metadata?.annotations ?? {}) }, creationTimestamp: null,
        ...(tmpl.metadata?.labels ? { labels: tmpl.metadata.labels } : {}), name, ...(ns ? { namespace: ns } : {}),
        ownerReferences: [{ apiVersion: 'batch/v1', controller: true, kind: 'CronJob', name: cj.metadata.name, uid: cj.metadata.uid }],
      },
      spec: tmpl.spec,
      status: {},
    },
    wrap: 'failed to create job: ',
  };
}

const GENERATORS: Record<string, { flags: FlagSpec[]; kind: string; build: Generator; required?: string; command?: boolean }> = {
  deployment: {
    kind: 'Deployment',
    required: 'image',
    flags: [{ name: 'image', type: 'stringArray' }, { name: 'replicas', short: 'r', type: 'int' }, { name: 'port', type: 'int' }],
    build: (_ctx, name, f, ns) => ({
      obj: deployment(name, ns, f.get('image') as string[], (f.get('replicas') as number | undefined) ?? 1, f.get('port') as number | undefined),
      wrap: 'failed to create deployment: ',
    }),
  },
  namespace: {
    kind: 'Namespace',
    flags: [],
    build: (_ctx, name) => ({ obj: { apiVersion: 'v1', kind: 'Namespace', metadata: { creationTimestamp: null, name }, spec: {}, status: {} } }),
  },
  configmap: {
    kind: 'ConfigMap',
    flags: [{ name: 'from-literal', type: 'stringArray' }, { name: 'from-file', type: 'stringArray' }, { name: 'from-env-file', type: 'stringArray' }],
    build: (ctx, name, f, ns) => {
      const data = dataFrom(ctx, (f.get('from-literal') as string[]) ?? [], (f.get('from-file') as string[]) ?? []);
      if (typeof data === 'string') return data;
      return { obj: { apiVersion: 'v1', ...(Object.keys(data).length ? { data } : {}), kind: 'ConfigMap', metadata: { creationTimestamp: null, name, ...(ns ? { namespace: ns } : {}) } }, wrap: 'failed to create configmap: ' };
    },
  },
  'secret generic': {
    kind: 'Secret',
    flags: [{ name: 'from-literal', type: 'stringArray' }, { name: 'from-file', type: 'stringArray' }, { name: 'from-env-file', type: 'stringArray' }, { name: 'type', type: 'string' }],
    build: (ctx, name, f, ns) => {
      const data = dataFrom(ctx, (f.get('from-literal') as string[]) ?? [], (f.get('from-file') as string[]) ?? []);
      if (typeof data === 'string') return data;
      const encoded = Object.fromEntries(Object.entries(data).map(([k, v]) => [k, base64(v)]));
      const type = f.get('type') as string | undefined;
      return {
        obj: { apiVersion: 'v1', ...(Object.keys(encoded).length ? { data: encoded } : {}), kind: 'Secret', metadata: { creationTimestamp: null, name, ...(ns ? { namespace: ns } : {}) }, ...(type ? { type } : {}) },
        wrap: 'failed to create secret ',
      };
    },
  },
  job: {
    kind: 'Job',
    command: true,
    flags: [{ name: 'image', type: 'string' }, { name: 'from', type: 'string' }],
    build: (_ctx, name, f, ns, { command, client }) => {
      const from = f.get('from') as string | undefined;
      if (from) return jobFromCronJob(client, name, from, ns);
      const image = f.get('image') as string | undefined;
      if (!image) return 'either --image or --from must be specified';
      return {
        obj: { apiVersion: 'batch/v1', kind: 'Job', metadata: { creationTimestamp: null, name, ...(ns ? { namespace: ns } : {}) }, spec: jobSpec(name, image, command, 'Never'), status: {} },
        wrap: 'failed to create job: ',
      };
    },
  },
  cronjob: {
    kind: 'CronJob',
    command: true,
    required: 'image',
    flags: [{ name: 'image', type: 'string' }, { name: 'schedule', type: 'string' }, { name: 'restart', type: 'string' }],
    build: (_ctx, name, f, ns, { command }) => {
      const schedule = f.get('schedule') as string | undefined;
      if (!schedule) return '--schedule must be specified';
      const restart = (f.get('restart') as string | undefined) ?? 'OnFailure';
      return {
        obj: {
          apiVersion: 'batch/v1', kind: 'CronJob', metadata: { creationTimestamp: null, name, ...(ns ? { namespace: ns } : {}) },
          spec: { jobTemplate: { metadata: { creationTimestamp: null, name }, spec: jobSpec(name, f.get('image') as string, command, restart) }, schedule },
          status: {},
        },
        wrap: 'failed to create cronjob: ',
      };
    },
  },
  'secret docker-registry': {
    kind: 'Secret',
    flags: [{ name: 'docker-server', type: 'string' }, { name: 'docker-username', type: 'string' }, { name: 'docker-password', type: 'string' }, { name: 'docker-email', type: 'string' }, { name: 'from-file', type: 'stringArray' }],
    build: (_ctx, name, f, ns) => {
      const username = (f.get('docker-username') as string | undefined) ?? '';
      const password = (f.get('docker-password') as string | undefined) ?? '';
      if (!username || !password) return 'either --from-file or the combination of --docker-username, --docker-password and --docker-server is required';
      const server = (f.get('docker-server') as string | undefined) ?? 'https://index.docker.io/v1/';
      const email = (f.get('docker-email') as string | undefined) ?? '';
      const entry = { username, password, ...(email ? { email } : {}), auth: base64(`${username}:${password}`) };
      const config = JSON.stringify({ auths: { [server]: entry } });
      return {
        obj: { apiVersion: 'v1', data: { '.dockerconfigjson': base64(config) }, kind: 'Secret', metadata: { creationTimestamp: null, name, ...(ns ? { namespace: ns } : {}) }, type: 'kubernetes.io/dockerconfigjson' },
        wrap: 'failed to create secret ',
      };
    },
  },
};

const ALIASES: Record<string, string> = { deploy: 'deployment', ns: 'namespace', cm: 'configmap', cj: 'cronjob' };

function runGenerator(ctx: CommandContext, sub: string, argv: string[]): number {
  const g = GENERATORS[sub];
  const opened = open(ctx, argv, `create ${sub}`, [...COMMON, ...g.flags], 0);
  if (typeof opened === 'number') return opened;
  const { client, flags } = opened;
  if (g.required && !flags.values.has(g.required)) return commandFailed(ctx, `required flag(s) "${g.required}" not set`);
  if (flags.args.length !== 1 && !(g.command && flags.args.length > 1)) return usage(ctx, sub, `exactly one NAME is required, got ${flags.args.length}`);
  const dry = dryRunMode(flags);
  if (!dry.ok) return plainError(ctx, dry.error);
  const output = parseOutput(flagString(flags, 'output'));
  if (!output.ok) return plainError(ctx, output.error);
  const t = resolveResource(g.kind)!;
  const namespace = t.namespaced ? client.namespace : undefined;
  const built = g.build(ctx, flags.args[0], flags.values, client.explicitNamespace ? namespace : undefined, { command: flags.args.slice(1), client });
  if (typeof built === 'string') return plainError(ctx, built);
  if (built.error) return reportErrors(ctx, [apiError(built.error)]);
  let result: Obj = built.obj;
  if (dry.mode !== 'client') {
    const res = write(client, { method: 'POST', path: apiPath(t, namespace), body: built.obj }, 'kubectl-create', dry.mode);
    if (!isSuccess(res)) {
      const status = res.body as { message: string };
      return built.wrap ? plainError(ctx, built.wrap + status.message) : reportErrors(ctx, [{ status: res.body as never }]);
    }
    result = res.body as Obj;
  }
  if (output.format.kind !== 'table') {
    const printed = printGeneric(output.format, result, false);
    if (!printed.ok) return plainError(ctx, printed.error);
    ctx.out(printed.text);
    return 0;
  }
  ctx.out(printedName(t, String(result.metadata.name), 'created', dry.mode));
  return 0;
}

/** Flags that take a value, so that the subcommand is found past `-n shop` and the like. */
const VALUE_FLAGS = new Set([...GLOBAL_FLAGS, ...FILE_FLAGS, ...COMMON, ...Object.values(GENERATORS).flatMap((g) => g.flags)]
  .filter((f) => f.type !== 'bool').flatMap((f) => [`--${f.name}`, ...(f.short ? [`-${f.short}`] : [])]));

/** Indices of the positional arguments. */
function positionals(argv: string[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--') return [...out, ...argv.slice(i + 1).map((_, j) => i + 1 + j)];
    if (!argv[i].startsWith('-') || argv[i] === '-') out.push(i);
    else if (VALUE_FLAGS.has(argv[i])) i++;
  }
  return out;
}

export function runCreate(ctx: CommandContext, argv: string[]): number {
  const args = positionals(argv);
  const first = args.length ? args[0] : -1;
  let sub = first >= 0 ? (ALIASES[argv[first]] ?? argv[first]) : undefined;
  let rest = first >= 0 ? [...argv.slice(0, first), ...argv.slice(first + 1)] : argv;
  if (sub === 'secret') {
    const i = positionals(rest)[0] ?? -1;
    if (i >= 0 && (rest[i] === 'generic' || rest[i] === 'docker-registry')) {
      sub = `secret ${rest[i]}`;
      rest = [...rest.slice(0, i), ...rest.slice(i + 1)];
    }
  }
  if (sub && GENERATORS[sub]) return runGenerator(ctx, sub, rest);
  if (sub) {
    ctx.err(`error: Unexpected args: [${args.map((i) => argv[i]).join(' ')}]\nSee 'kubectl create -h' for help and examples\n`);
    return 1;
  }
  return runCreateFiles(ctx, argv);
}
