// `kubectl top pod|node`: CPU and memory from the metrics API (metrics-server, metrics-api.ts),
// as kubectl's metrics printer formats them: millicores, Mi, and for nodes the share of
// allocatable. Nodes the metrics do not cover (kubelet down) come last with <unknown>.
// Pods and nodes can be picked by name or label selector and sorted by cpu or memory.
// Every line ends in a tab, so the last column is padded like the others.
import { parseRfc3339, wallMs } from '../../sim/clock.js';
import { metricsServed, serveMetrics } from '../../sim/k8s/metrics-api.js';
import { addQuantity, milliValue, qty, value, ZERO, type Qty } from '../../sim/k8s/quantity.js';
import { parseLabelSelector } from '../../sim/k8s/selectors.js';
import type { Node, Pod } from '../../sim/k8s/types.js';
import type { CommandContext } from '../types.js';
import { plainError, reportErrors, usageError } from './kubectl-errors.js';
import { flagBool, flagString, GLOBAL_FLAGS, parseFlags, subcommandIndex, type FlagSpec } from './kubectl-flags.js';
import { printHelp } from './kubectl-help-commands.js';
import { apiError, connectWith, type Obj } from './kubectl-rest.js';
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

const mem = (b: number) => `${Math.floor(b / (1024 * 1024))}Mi`;

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
  if (!metricsServed(ctx.world)) return plainError(ctx, 'Metrics API not available');
  const metrics = (path: string, query: Record<string, string> = {}) => serveMetrics(ctx.world, `/apis/metrics.k8s.io/v1beta1${path}`, query)!;
  const headers = !flagBool(flags, 'no-headers');
  const print = (text: string) => ctx.out(tabwrite(text, GET_TABWRITER));
  const byValue = <T extends { cpu: Qty; memory: Qty }>(rows: T[]) => {
    if (sortBy === 'cpu') rows.sort((a, b) => milliValue(b.cpu) - milliValue(a.cpu));
    else if (sortBy === 'memory') rows.sort((a, b) => value(b.memory) - value(a.memory));
  };

  if (kind === 'node') {
    const res = name ? metrics(`/nodes/${name}`) : metrics('/nodes', selector ? { labelSelector: selector } : {});
    if (res.status !== 200) return reportErrors(ctx, [apiError(res)]);
    const items = name ? [res.body as Obj] : ((res.body as Obj).items as Obj[]);
    if (!items.length) return plainError(ctx, 'metrics not available yet');
    const nodesRes = client.api({ path: name ? `/api/v1/nodes/${name}` : '/api/v1/nodes', query: selector ? { labelSelector: selector } : {} });
    if (nodesRes.status !== 200) return reportErrors(ctx, [apiError(nodesRes)]);
    const nodes = name ? [nodesRes.body as Node] : (nodesRes.body as { items: Node[] }).items;
    const rows = items.map((m) => ({ name: String(m.metadata.name), cpu: qty(m.usage.cpu), memory: qty(m.usage.memory) }));
    rows.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    byValue(rows);
    const pct = (used: number, of: number) => `${Math.floor((used / Math.max(of, 1)) * 100)}%`;
    const lines = rows.map((r) => {
      const alloc = nodes.find((n) => n.metadata.name === r.name)?.status.allocatable ?? {};
      const cpuPct = alloc.cpu ? `\t${pct(milliValue(r.cpu), milliValue(qty(alloc.cpu)))}` : '';
      const memPct = alloc.memory ? `\t${pct(milliValue(r.memory), milliValue(qty(alloc.memory)))}` : '';
      return `${r.name}\t${milliValue(r.cpu)}m${cpuPct}\t${mem(value(r.memory))}${memPct}\t\n`;
    });
    for (const n of nodes) if (!rows.some((r) => r.name === n.metadata.name)) lines.push(`${n.metadata.name}\t<unknown>\t<unknown>\t<unknown>\t<unknown>\t\n`);
    print(`${headers ? 'NAME\tCPU(cores)\tCPU(%)\tMEMORY(bytes)\tMEMORY(%)\t\n' : ''}${lines.join('')}`);
    return 0;
  }

  const all = flagBool(flags, 'all-namespaces');
  const ns = all ? undefined : client.namespace;
  const where = ns ? `/namespaces/${ns}` : '';
  const query: Record<string, string> = {};
  if (selector) query.labelSelector = selector;
  if (fieldSelector) query.fieldSelector = fieldSelector;
  const res = name ? metrics(`/namespaces/${client.namespace}/pods/${name}`) : metrics(`${where}/pods`, query);
  if (res.status !== 200) return reportErrors(ctx, [apiError(res)]);
  const items = name ? [res.body as Obj] : ((res.body as Obj).items as Obj[]);
  if (!items.length) {
    // Why nothing came back: pods too young for a first scrape, or no pods at all.
    const podsRes = client.api({ path: `/api/v1/namespaces/${client.namespace}/pods`, query });
    if (podsRes.status !== 200) return reportErrors(ctx, [apiError(podsRes)]);
    const pods = (podsRes.body as { items: Pod[] }).items;
    for (const p of pods) {
      const age = wallMs(ctx.world.now) - (parseRfc3339(p.metadata.creationTimestamp ?? '') ?? wallMs(ctx.world.now));
      if (age > METRICS_CREATION_DELAY_MS) return plainError(ctx, `Metrics not available for pod ${p.metadata.namespace}/${p.metadata.name}, age: ${goDuration(age)}`);
    }
    if (pods.length) return plainError(ctx, 'metrics not available yet');
    ctx.err(all ? 'No resources found\n' : `No resources found in ${ns} namespace.\n`);
    return 0;
  }
  const containers = flagBool(flags, 'containers');
  const rows = items.map((m) => {
    const cs = (m.containers as Obj[]).map((x) => ({ name: String(x.name), cpu: qty(x.usage.cpu), memory: qty(x.usage.memory) }));
    const sum = (k: 'cpu' | 'memory') => cs.reduce((t, x) => addQuantity(t, x[k]), ZERO);
    return { namespace: String(m.metadata.namespace), name: String(m.metadata.name), cpu: sum('cpu'), memory: sum('memory'), containers: cs };
  });
  rows.sort((a, b) => (all && a.namespace !== b.namespace ? (a.namespace < b.namespace ? -1 : 1) : a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  byValue(rows);
  const head = `${all ? 'NAMESPACE\t' : ''}${containers ? 'POD\tNAME' : 'NAME'}\tCPU(cores)\tMEMORY(bytes)\t\n`;
  const lines = rows.flatMap((r) => {
    const prefix = all ? `${r.namespace}\t` : '';
    if (!containers) return [`${prefix}${r.name}\t${milliValue(r.cpu)}m\t${mem(value(r.memory))}\t\n`];
    byValue(r.containers);
    return r.containers.map((x) => `${prefix}${r.name}\t${x.name}\t${milliValue(x.cpu)}m\t${mem(value(x.memory))}\t\n`);
  });
  if (flagBool(flags, 'sum')) {
    // Under the CPU and memory columns; the printer counts the extra columns only when it prints headers.
    const width = 3 + (headers ? (all ? 1 : 0) + (containers ? 1 : 0) : 0);
    const total = (k: 'cpu' | 'memory') => rows.reduce((t, r) => addQuantity(t, r[k]), ZERO);
    lines.push(`${'\t'.repeat(width - 2)}________\t________\t\n${'\t'.repeat(width - 3)}\t${milliValue(total('cpu'))}m\t${mem(value(total('memory')))}\t\n`);
  }
  print(`${headers ? head : ''}${lines.join('')}`);
  return 0;
}
