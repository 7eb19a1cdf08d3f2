// `kubectl top pod|node`: CPU and memory from the metrics API (metrics-server), as
// kubectl's metrics printer formats them: millicores, Mi, and for nodes the share of
// allocatable. Nodes the metrics do not cover (kubelet down) come last with <unknown>.
// Pods and nodes can be picked by name or label selector and sorted by cpu or memory.
import { bytes, milli } from '../../sim/k8s/controllers/common.js';
import { SYSTEM_CPU, SYSTEM_MEMORY } from '../../sim/k8s/controllers/kubelet.js';
import { metricsAvailable, podUsages } from '../../sim/k8s/metrics.js';
import { runtimeOf } from '../../sim/k8s/runtime.js';
import { matchesRequirements, parseLabelSelector } from '../../sim/k8s/selectors.js';
import { getObject, listObjects } from '../../sim/k8s/store.js';
import type { Pod } from '../../sim/k8s/types.js';
import { parseRfc3339, wallMs } from '../../sim/clock.js';
import type { CommandContext } from '../types.js';
import { plainError, reportErrors, usageError } from './kubectl-errors.js';
import { flagBool, flagString, GLOBAL_FLAGS, parseFlags, subcommandIndex, type FlagSpec } from './kubectl-flags.js';
import { printHelp } from './kubectl-help-commands.js';
import { apiError, connectWith } from './kubectl-rest.js';
import { GET_TABWRITER, tabwrite } from './kubectl-tabwriter.js';

/** Flags both `top node` and `top pod` have. */
const FLAGS: FlagSpec[] = [
  { name: 'no-headers', type: 'bool' },
  { name: 'selector', short: 'l', type: 'string' },
  { name: 'sort-by', type: 'string' },
  { name: 'use-protocol-buffers', type: 'bool' },
];

const NODE_FLAGS: FlagSpec[] = [{ name: 'show-capacity', type: 'bool' }];

const POD_FLAGS: FlagSpec[] = [
  { name: 'all-namespaces', short: 'A', type: 'bool' },
  { name: 'containers', type: 'bool' },
  { name: 'field-selector', type: 'string' },
  { name: 'sum', type: 'bool' },
];

const cpu = (m: number) => `${Math.round(m)}m`;
const mem = (b: number) => `${Math.floor(b / (1024 * 1024))}Mi`;

const MIB = 1024 * 1024;
/** metrics-server's first scrape of a new pod: before this age missing metrics are expected. */
const METRICS_CREATION_DELAY_MS = 2 * 60_000;

/** Go's time.Duration String() for a whole number of milliseconds. */
function goDuration(ms: number): string {
  if (ms === 0) return '0s';
  if (ms < 1000) return `${ms}ms`;
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = ((ms % 60_000) / 1000).toString();
  return `${h ? `${h}h` : ''}${h || m ? `${m}m` : ''}${s}s`;
}

const notFound = (message: string) => ({ status: { kind: 'Status' as const, apiVersion: 'v1' as const, metadata: {}, status: 'Failure' as const, message, reason: 'NotFound', code: 404 } });

export function runTop(ctx: CommandContext, argv: string[]): number {
  const i = subcommandIndex(argv);
  const what = i >= 0 ? argv[i] : '';
  const rest = i >= 0 ? [...argv.slice(0, i), ...argv.slice(i + 1)] : argv;
  const kind = ['pod', 'pods', 'po'].includes(what) ? 'pod' : ['node', 'nodes', 'no'].includes(what) ? 'node' : undefined;
  if (!kind) {
    if (!what) {
      ctx.out('Display resource (CPU/memory) usage.\n\n The top command allows you to see the resource consumption for nodes or pods.\n\n This command requires Metrics Server to be correctly configured and working on the server.\n\nAvailable Commands:\n  node          Display resource (CPU/memory) usage of nodes\n  pod           Display resource (CPU/memory) usage of pods\n\nUsage:\n  kubectl top [flags] [options]\n\nUse "kubectl top <command> --help" for more information about a given command.\nUse "kubectl options" for a list of global command-line options (applies to all commands).\n');
      return 0;
    }
    return usageError(ctx, 'kubectl top', `unknown command "${what}" for "kubectl top"`);
  }
  const parsed = parseFlags(rest, [...GLOBAL_FLAGS, ...FLAGS, ...(kind === 'pod' ? POD_FLAGS : NODE_FLAGS)]);
  if (!parsed.ok) return usageError(ctx, `kubectl top ${kind}`, parsed.error);
  const flags = parsed.flags;
  if (flagBool(flags, 'help')) return printHelp(ctx, `top ${kind}`);
  if (flags.args.length > 1) {
    ctx.err(`error: ${kind} [NAME | -l label]\nSee 'kubectl top ${kind} -h' for help and examples\n`);
    return 1;
  }
  const name = flags.args[0];
  const sortBy = flagString(flags, 'sort-by');
  if (sortBy && sortBy !== 'cpu' && sortBy !== 'memory') return plainError(ctx, '--sort-by accepts only cpu or memory');
  const selector = flagString(flags, 'selector') ?? '';
  const fieldSelector = flagString(flags, 'field-selector') ?? '';
  if (name && kind === 'pod' && (selector || fieldSelector)) return plainError(ctx, 'only one of NAME or selector can be provided');
  if (name && kind === 'node' && selector) return plainError(ctx, 'only one of NAME or --selector can be provided');
  const labels = parseLabelSelector(selector);
  if (!labels.ok) return plainError(ctx, labels.error);
  const opened = connectWith(ctx, flags, 0);
  if (typeof opened === 'number') return opened;
  const { client } = opened;
  const rt = runtimeOf(ctx.world);
  if (!rt || !metricsAvailable(ctx.world)) return plainError(ctx, 'Metrics API not available');
  const headers = !flagBool(flags, 'no-headers');
  const usages = podUsages(ctx.world, rt);
  const c = ctx.world.cluster!;
  if (kind === 'node') {
    const nodes = name ? [getObject(c, 'Node', undefined, name)] : listObjects(c, 'Node').filter((n) => matchesRequirements(labels.reqs, n.metadata.labels));
    const rows: { text: string; cpu: number; memory: number }[] = [];
    const missing: string[] = [];
    for (const node of nodes) {
      if (!node) return reportErrors(ctx, [notFound(`nodes "${name}" not found`)]);
      const n = rt.nodes[node.metadata.name];
      const ready = node.status.conditions?.find((x) => x.type === 'Ready')?.status === 'True';
      if (!n || !ready || ctx.world.hosts[n.host]?.units.kubelet?.state !== 'active') {
        missing.push(node.metadata.name);
        continue;
      }
      let usedCpu = SYSTEM_CPU;
      let usedMem = SYSTEM_MEMORY;
      for (const p of Object.values(rt.pods)) {
        if (p.node !== node.metadata.name) continue;
        const u = usages.get(p.uid);
        if (u) {
          usedCpu += u.cpu;
          usedMem += u.memory;
        }
      }
      const alloc = node.status.allocatable ?? node.status.capacity ?? {};
      const pct = (used: number, of: number) => `${Math.floor((used / Math.max(of, 1)) * 100)}%`;
      rows.push({ text: `${node.metadata.name}\t${cpu(usedCpu)}\t${pct(usedCpu, milli(alloc.cpu))}\t${mem(usedMem)}\t${pct(usedMem, bytes(alloc.memory))}\n`, cpu: Math.round(usedCpu), memory: Math.floor(usedMem / MIB) });
    }
    if (name && missing.length) return reportErrors(ctx, [notFound(`nodemetrics.metrics.k8s.io "${name}" not found`)]);
    if (!rows.length) return plainError(ctx, 'metrics not available yet');
    if (sortBy) rows.sort((a, b) => b[sortBy as 'cpu' | 'memory'] - a[sortBy as 'cpu' | 'memory']);
    const lines = [...rows.map((r) => r.text), ...missing.map((m) => `${m}\t<unknown>\t<unknown>\t<unknown>\t<unknown>\n`)];
    ctx.out(tabwrite(`${headers ? 'NAME\tCPU(cores)\tCPU(%)\tMEMORY(bytes)\tMEMORY(%)\n' : ''}${lines.join('')}`, GET_TABWRITER));
    return 0;
  }
  const all = flagBool(flags, 'all-namespaces');
  const ns = all ? undefined : client.namespace;
  let pods: Pod[];
  if (name) {
    const pod = getObject(c, 'Pod', client.namespace, name);
    if (!pod) return reportErrors(ctx, [notFound(`pods "${name}" not found`)]);
    if (!usages.has(pod.metadata.uid!)) return reportErrors(ctx, [notFound(`podmetrics.metrics.k8s.io "${pod.metadata.namespace}/${name}" not found`)]);
    pods = [pod];
  } else {
    const query: Record<string, string> = {};
    if (selector) query.labelSelector = selector;
    if (fieldSelector) query.fieldSelector = fieldSelector;
    const res = client.api({ path: ns ? `/api/v1/namespaces/${ns}/pods` : '/api/v1/pods', query });
    if (res.status !== 200) return reportErrors(ctx, [apiError(res)]);
    pods = (res.body as { items: Pod[] }).items;
  }
  const measured = pods.filter((p) => usages.has(p.metadata.uid!));
  if (!measured.length) {
    for (const p of pods) {
      const age = wallMs(ctx.world.now) - (parseRfc3339(p.metadata.creationTimestamp ?? '') ?? wallMs(ctx.world.now));
      if (age > METRICS_CREATION_DELAY_MS) return plainError(ctx, `Metrics not available for pod ${p.metadata.namespace}/${p.metadata.name}, age: ${goDuration(age)}`);
    }
    if (pods.length) return plainError(ctx, 'metrics not available yet');
    ctx.err(all ? 'No resources found\n' : `No resources found in ${ns} namespace.\n`);
    return 0;
  }
  measured.sort((a, b) => (all && a.metadata.namespace !== b.metadata.namespace ? (a.metadata.namespace! < b.metadata.namespace! ? -1 : 1) : a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0));
  if (sortBy === 'cpu') measured.sort((a, b) => Math.round(usages.get(b.metadata.uid!)!.cpu) - Math.round(usages.get(a.metadata.uid!)!.cpu));
  else if (sortBy === 'memory') measured.sort((a, b) => usages.get(b.metadata.uid!)!.memory - usages.get(a.metadata.uid!)!.memory);
  const containers = flagBool(flags, 'containers');
  const head = `${all ? 'NAMESPACE\t' : ''}${containers ? 'POD\tNAME' : 'NAME'}\tCPU(cores)\tMEMORY(bytes)\n`;
  const rows = measured.flatMap((p) => {
    const u = usages.get(p.metadata.uid!)!;
    const prefix = all ? `${p.metadata.namespace}\t` : '';
    if (!containers) return [`${prefix}${p.metadata.name}\t${cpu(u.cpu)}\t${mem(u.memory)}\n`];
    const cs = [...u.containers];
    if (sortBy === 'cpu') cs.sort((a, b) => Math.round(b.cpu) - Math.round(a.cpu));
    else if (sortBy === 'memory') cs.sort((a, b) => b.memory - a.memory);
    return cs.map((x) => `${prefix}${p.metadata.name}\t${x.name}\t${cpu(x.cpu)}\t${mem(x.memory)}\n`);
  });
  ctx.out(tabwrite(`${headers ? head : ''}${rows.join('')}`, GET_TABWRITER));
  return 0;
}
