// `kubectl top pod|node`: CPU and memory from the metrics API (metrics-server), as
// kubectl's metrics printer formats them: millicores, Mi, and for nodes the share of
// allocatable. Nodes the metrics do not cover (kubelet down) come last with <unknown>.
import { bytes, milli } from '../../sim/k8s/controllers/common.js';
import { SYSTEM_CPU, SYSTEM_MEMORY } from '../../sim/k8s/controllers/kubelet.js';
import { metricsAvailable, podUsages } from '../../sim/k8s/metrics.js';
import { runtimeOf } from '../../sim/k8s/runtime.js';
import { getObject, listObjects } from '../../sim/k8s/store.js';
import type { CommandContext } from '../types.js';
import { plainError, reportErrors, usageError } from './kubectl-errors.js';
import { flagBool, flagString, subcommandIndex, type FlagSpec } from './kubectl-flags.js';
import { open } from './kubectl-rest.js';
import { GET_TABWRITER, tabwrite } from './kubectl-tabwriter.js';

const FLAGS: FlagSpec[] = [
  { name: 'all-namespaces', short: 'A', type: 'bool' },
  { name: 'containers', type: 'bool' },
  { name: 'no-headers', type: 'bool' },
  { name: 'selector', short: 'l', type: 'string' },
  { name: 'sort-by', type: 'string' },
  { name: 'sum', type: 'bool' },
  { name: 'use-protocol-buffers', type: 'bool' },
  { name: 'show-capacity', type: 'bool' },
];

const cpu = (m: number) => `${Math.round(m)}m`;
const mem = (b: number) => `${Math.floor(b / (1024 * 1024))}Mi`;

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
  const opened = open(ctx, rest, 'top', FLAGS, 0);
  if (typeof opened === 'number') return opened;
  const { client, flags } = opened;
  const rt = runtimeOf(ctx.world);
  if (!rt || !metricsAvailable(ctx.world)) return plainError(ctx, 'Metrics API not available');
  const headers = !flagBool(flags, 'no-headers');
  const usages = podUsages(ctx.world, rt);
  const c = ctx.world.cluster!;
  if (kind === 'node') {
    const names = flags.args.length ? flags.args : listObjects(c, 'Node').map((n) => n.metadata.name);
    const rows: string[] = [];
    const missing: string[] = [];
    for (const name of names) {
      const node = getObject(c, 'Node', undefined, name);
      if (!node) return reportErrors(ctx, [{ message: `Error from server (NotFound): nodes "${name}" not found` }]);
      const n = rt.nodes[name];
      const ready = node.status.conditions?.find((x) => x.type === 'Ready')?.status === 'True';
      if (!n || !ready || ctx.world.hosts[n.host]?.units.kubelet?.state !== 'active') {
        missing.push(name);
        continue;
      }
      let usedCpu = SYSTEM_CPU;
      let usedMem = SYSTEM_MEMORY;
      for (const p of Object.values(rt.pods)) {
        if (p.node !== name) continue;
        const u = usages.get(p.uid);
        if (u) {
          usedCpu += u.cpu;
          usedMem += u.memory;
        }
      }
      const alloc = node.status.allocatable ?? node.status.capacity ?? {};
      const pct = (used: number, of: number) => `${Math.floor((used / Math.max(of, 1)) * 100)}%`;
      rows.push(`${name}\t${cpu(usedCpu)}\t${pct(usedCpu, milli(alloc.cpu))}\t${mem(usedMem)}\t${pct(usedMem, bytes(alloc.memory))}\n`);
    }
    for (const name of missing) rows.push(`${name}\t<unknown>\t<unknown>\t<unknown>\t<unknown>\n`);
    ctx.out(tabwrite(`${headers ? 'NAME\tCPU(cores)\tCPU(%)\tMEMORY(bytes)\tMEMORY(%)\n' : ''}${rows.join('')}`, GET_TABWRITER));
    return 0;
  }
  const all = flagBool(flags, 'all-namespaces');
  const ns = all ? undefined : client.namespace;
  let pods = listObjects(c, 'Pod', ns);
  if (flags.args.length) {
    const pod = pods.find((p) => p.metadata.name === flags.args[0]);
    if (!pod) return reportErrors(ctx, [{ message: `Error from server (NotFound): pods "${flags.args[0]}" not found` }]);
    if (!usages.has(pod.metadata.uid!)) return plainError(ctx, `Metrics not available for pod ${pod.metadata.namespace}/${pod.metadata.name}, age: ${Math.floor((ctx.world.now - (rt.pods[pod.metadata.uid!]?.createdAt ?? ctx.world.now)) / 1000)}s`);
    pods = [pod];
  }
  const measured = pods.filter((p) => usages.has(p.metadata.uid!));
  if (!pods.length) {
    ctx.err(all ? 'No resources found\n' : `No resources found in ${ns} namespace.\n`);
    return 0;
  }
  if (!measured.length) return plainError(ctx, 'metrics not available yet');
  const sortBy = flagString(flags, 'sort-by');
  if (sortBy === 'cpu') measured.sort((a, b) => usages.get(b.metadata.uid!)!.cpu - usages.get(a.metadata.uid!)!.cpu);
  else if (sortBy === 'memory') measured.sort((a, b) => usages.get(b.metadata.uid!)!.memory - usages.get(a.metadata.uid!)!.memory);
  const containers = flagBool(flags, 'containers');
  const head = `${all ? 'NAMESPACE\t' : ''}${containers ? 'POD\tNAME' : 'NAME'}\tCPU(cores)\tMEMORY(bytes)\n`;
  const rows = measured.flatMap((p) => {
    const u = usages.get(p.metadata.uid!)!;
    const prefix = all ? `${p.metadata.namespace}\t` : '';
    if (containers) return u.containers.map((x) => `${prefix}${p.metadata.name}\t${x.name}\t${cpu(x.cpu)}\t${mem(x.memory)}\n`);
    return [`${prefix}${p.metadata.name}\t${cpu(u.cpu)}\t${mem(u.memory)}\n`];
  });
  ctx.out(tabwrite(`${headers ? head : ''}${rows.join('')}`, GET_TABWRITER));
  return 0;
}
