// `kubectl version`, `kubectl cluster-info`, `kubectl api-resources`: what the client and
// the API server say about themselves.
import { versionInfo } from '../../sim/k8s/apiserver.js';
import { groupVersion, servedResources, VERBS, type ResourceType } from '../../sim/k8s/resources.js';
import type { CommandContext } from '../types.js';
import { connect } from './kubectl-client.js';
import { connectionRefused, plainError, usageError } from './kubectl-errors.js';
import { printHelp } from './kubectl-help-commands.js';
import { flagBool, flagString, GLOBAL_FLAGS, parseFlags } from './kubectl-flags.js';
import { goYaml } from './kubectl-yaml.js';
import { GET_TABWRITER, tabwrite } from './kubectl-tabwriter.js';

const CLIENT_VERSION = {
  major: '1', minor: '32', gitVersion: 'v1.32.4', gitCommit: '59526cd4867447956156ae3a602fcbac10a2c335', gitTreeState: 'clean',
  buildDate: '2025-04-22T16:03:47Z', goVersion: 'go1.23.6', compiler: 'gc', platform: 'linux/amd64',
};
const KUSTOMIZE_VERSION = 'v5.5.0';

/** Go's json.MarshalIndent(v, "", "  ") keeping struct field order. */
function indentJson(v: unknown, level = 0): string {
  const pad = '  '.repeat(level + 1);
  if (v && typeof v === 'object') {
    const entries = Object.entries(v);
    return `{\n${entries.map(([k, x]) => `${pad}${JSON.stringify(k)}: ${indentJson(x, level + 1)}`).join(',\n')}\n${'  '.repeat(level)}}`;
  }
  return JSON.stringify(v);
}

export function runVersion(ctx: CommandContext, argv: string[]): number {
  const parsed = parseFlags(argv, [...GLOBAL_FLAGS, { name: 'client', type: 'bool' }, { name: 'output', short: 'o', type: 'string' }]);
  if (!parsed.ok) return usageError(ctx, 'kubectl version', parsed.error);
  const flags = parsed.flags;
  if (flagBool(flags, 'help')) return printHelp(ctx, 'version');
  const output = flagString(flags, 'output') ?? '';
  if (output !== '' && output !== 'json' && output !== 'yaml') return plainError(ctx, `--output must be 'yaml' or 'json'`);
  const info: Record<string, unknown> = { clientVersion: CLIENT_VERSION, kustomizeVersion: KUSTOMIZE_VERSION };
  let refused: string | undefined;
  if (!flagBool(flags, 'client')) {
    const conn = connect(ctx, flags);
    if (conn.ok) info.serverVersion = versionInfo(ctx.world.cluster!);
    else if ('refused' in conn) refused = conn.refused;
    else return plainError(ctx, conn.error);
  }
  if (output === 'json') ctx.out(indentJson(info) + '\n');
  else if (output === 'yaml') ctx.out(goYaml(info) + '\n');
  else {
    ctx.out(`Client Version: ${CLIENT_VERSION.gitVersion}\nKustomize Version: ${KUSTOMIZE_VERSION}\n`);
    if (info.serverVersion) ctx.out(`Server Version: ${ctx.world.cluster!.info.version}\n`);
  }
  return refused ? connectionRefused(ctx, refused, 0) : 0;
}

export function runClusterInfo(ctx: CommandContext, argv: string[]): number {
  const parsed = parseFlags(argv, GLOBAL_FLAGS);
  if (!parsed.ok) return usageError(ctx, 'kubectl cluster-info', parsed.error);
  if (flagBool(parsed.flags, 'help')) return printHelp(ctx, 'cluster-info');
  if (parsed.flags.args[0] === 'dump') return plainError(ctx, 'cluster-info dump is not supported by this simulator');
  const conn = connect(ctx, parsed.flags);
  const hint = "\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n";
  if (!conn.ok) {
    if ('error' in conn) return plainError(ctx, conn.error);
    ctx.out(hint);
    return connectionRefused(ctx, conn.refused, 5);
  }
  const color = (code: number, s: string) => (ctx.isatty ? `\x1b[0;${code}m${s}\x1b[0m` : s);
  const line = (name: string, link: string) => `${color(32, name)} is running at ${color(33, link)}\n`;
  const server = conn.client.server.replace(/\/$/, '');
  let out = line('Kubernetes control plane', server);
  const services = conn.client.api({ path: '/api/v1/namespaces/kube-system/services', query: { labelSelector: 'kubernetes.io/cluster-service=true' } });
  for (const svc of ((services.body as { items?: { metadata: { name: string; labels?: Record<string, string> }; spec: { ports?: { name?: string; port: number }[] } }[] }).items ?? [])) {
    const name = svc.metadata.labels?.['kubernetes.io/name'] ?? svc.metadata.name;
    const port = svc.spec.ports?.[0];
    const portPart = port ? `:${port.name || port.port}` : '';
    out += line(name, `${server}/api/v1/namespaces/kube-system/services/${svc.metadata.name}${portPart}/proxy`);
  }
  ctx.out(out + hint);
  return 0;
}

export function runApiResources(ctx: CommandContext, argv: string[]): number {
  const parsed = parseFlags(argv, [
    ...GLOBAL_FLAGS,
    { name: 'output', short: 'o', type: 'string' }, { name: 'no-headers', type: 'bool' }, { name: 'namespaced', type: 'bool' },
    { name: 'api-group', type: 'string' }, { name: 'verbs', type: 'stringArray' }, { name: 'categories', type: 'stringArray' },
    { name: 'sort-by', type: 'string' }, { name: 'cached', type: 'bool' },
  ]);
  if (!parsed.ok) return usageError(ctx, 'kubectl api-resources', parsed.error);
  const flags = parsed.flags;
  if (flagBool(flags, 'help')) return printHelp(ctx, 'api-resources');
  const output = flagString(flags, 'output') ?? '';
  if (output !== '' && output !== 'wide' && output !== 'name') return plainError(ctx, `--output ${output} is not available`);
  const header = output === 'name' || flagBool(flags, 'no-headers') ? '' : `NAME\tSHORTNAMES\tAPIVERSION\tNAMESPACED\tKIND${output === 'wide' ? '\tVERBS\tCATEGORIES' : ''}\n`;
  const conn = connect(ctx, flags);
  if (!conn.ok) {
    if ('error' in conn) return plainError(ctx, conn.error);
    ctx.out(tabwrite(header, GET_TABWRITER));
    return connectionRefused(ctx, conn.refused, 1);
  }
  const sortBy = flagString(flags, 'sort-by');
  let types = servedResources(ctx.world.cluster).filter((t) => {
    if (flags.values.has('api-group') && t.group !== flagString(flags, 'api-group')) return false;
    if (flags.values.has('namespaced') && t.namespaced !== flagBool(flags, 'namespaced')) return false;
    const cats = (flags.values.get('categories') as string[] | undefined)?.flatMap((c) => c.split(',')) ?? [];
    return cats.every((c) => t.categories.includes(c));
  });
  const key = (t: ResourceType) => (sortBy === 'name' ? t.resource : sortBy === 'kind' ? t.kind : t.group);
  types = [...types].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a.resource < b.resource ? -1 : 1));
  let body = header;
  for (const t of types) {
    if (output === 'name') body += `${t.resource}${t.group ? `.${t.group}` : ''}\n`;
    else {
      body += [t.resource, t.shortNames.join(','), groupVersion(t), String(t.namespaced), t.kind].join('\t');
      if (output === 'wide') body += `\t${VERBS.join(',')}\t${t.categories.join(',')}`;
      body += '\n';
    }
  }
  ctx.out(tabwrite(body, GET_TABWRITER));
  return 0;
}
