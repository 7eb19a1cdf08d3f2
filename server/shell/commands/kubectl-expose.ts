// `kubectl expose TYPE NAME`: builds a Service for a deployment, replica set, pod or
// service on the client — selector from the object, ports from --port or its containers,
// labels copied — and creates it.
import { resolveResource } from '../../sim/k8s/resources.js';
import type { CommandContext } from '../types.js';
import { resolveArgs } from './kubectl-args.js';
import { plainError, reportErrors } from './kubectl-errors.js';
import { flagString, type FlagSpec } from './kubectl-flags.js';
import { parseOutput, printGeneric } from './kubectl-output.js';
import { apiError, apiPath, dryRunMode, DRY_RUN_FLAG, getObj, isSuccess, open, printedName, write, type Obj } from './kubectl-rest.js';

const FLAGS: FlagSpec[] = [
  DRY_RUN_FLAG,
  { name: 'port', type: 'string' },
  { name: 'target-port', type: 'string' },
  { name: 'name', type: 'string' },
  { name: 'type', type: 'string' },
  { name: 'protocol', type: 'string' },
  { name: 'selector', type: 'string' },
  { name: 'labels', short: 'l', type: 'string' },
  { name: 'external-ip', type: 'string' },
  { name: 'cluster-ip', type: 'string' },
  { name: 'session-affinity', type: 'string' },
  { name: 'load-balancer-ip', type: 'string' },
  { name: 'output', short: 'o', type: 'string' },
  { name: 'filename', short: 'f', type: 'stringArray' },
  { name: 'recursive', short: 'R', type: 'bool' },
  { name: 'override-type', type: 'string' },
  { name: 'overrides', type: 'string' },
  { name: 'field-manager', type: 'string' },
];

const SERVICES = resolveResource('services')!;

/** The selector and container ports kubectl reads from each exposable kind. */
function introspect(obj: Obj): { selector?: Record<string, string>; ports: Obj[] } | string {
  const containerPorts = (spec: Obj | undefined) => (spec?.containers ?? []).flatMap((c: Obj) => c.ports ?? []).map((p: Obj) => ({ port: p.containerPort, protocol: p.protocol, name: p.name }));
  switch (obj.kind) {
    case 'Deployment':
    case 'ReplicaSet':
      if (obj.spec.selector?.matchExpressions?.length) return `couldn't retrieve selectors via --selector flag or introspection: ${obj.kind.toLowerCase()}s.apps "${obj.metadata.name}" has a selector with match expressions`;
      return { selector: obj.spec.selector?.matchLabels, ports: containerPorts(obj.spec.template?.spec) };
    case 'Pod':
      return { selector: obj.metadata.labels, ports: containerPorts(obj.spec) };
    case 'Service':
      return { selector: obj.spec.selector, ports: (obj.spec.ports ?? []).map((p: Obj) => ({ port: p.port, protocol: p.protocol, name: p.name })) };
    default:
      return `cannot expose a ${obj.kind}`;
  }
}

export function runExpose(ctx: CommandContext, argv: string[]): number {
  const opened = open(ctx, argv, 'expose', FLAGS, 5);
  if (typeof opened === 'number') return opened;
  const { client, flags } = opened;
  const dry = dryRunMode(flags);
  if (!dry.ok) return plainError(ctx, dry.error);
  const output = parseOutput(flagString(flags, 'output'));
  if (!output.ok) return plainError(ctx, output.error);
  const args = resolveArgs(flags.args, 'expose', ctx.world.cluster);
  if (!flags.args.length) return plainError(ctx, 'You must provide one or more resources by argument or filename.');
  if (!args.ok) return plainError(ctx, args.error);
  const { type: t, names } = args.targets[0];
  const got = getObj(client, t, client.namespace, names[0] ?? '');
  if (!got.ok) return reportErrors(ctx, [apiError(got.res)]);
  const obj = got.obj;
  const found = introspect(obj);
  if (typeof found === 'string') return plainError(ctx, found);
  const portFlag = flagString(flags, 'port');
  const targetFlag = flagString(flags, 'target-port');
  const protocol = flagString(flags, 'protocol');
  const num = (s: string) => (/^\d+$/.test(s) ? Number(s) : s);
  let ports: Obj[];
  if (portFlag !== undefined) {
    ports = [{ port: Number(portFlag), protocol: protocol ?? 'TCP', targetPort: targetFlag !== undefined ? num(targetFlag) : Number(portFlag) }];
  } else {
    if (!found.ports.length) {
      ctx.err("error: couldn't find port via --port flag or introspection\nSee 'kubectl expose -h' for help and examples\n");
      return 1;
    }
    ports = found.ports.map((p, i) => ({
      ...(found.ports.length > 1 ? { name: p.name ?? `port-${i + 1}` } : {}),
      port: p.port, protocol: protocol ?? p.protocol ?? 'TCP', targetPort: targetFlag !== undefined ? num(targetFlag) : p.port,
    }));
  }
  const selectorFlag = flagString(flags, 'selector');
  const selector = selectorFlag ? Object.fromEntries(selectorFlag.split(',').map((kv) => kv.split('=') as [string, string])) : found.selector;
  const labelsFlag = flagString(flags, 'labels');
  const labels = labelsFlag ? Object.fromEntries(labelsFlag.split(',').map((kv) => kv.split('=') as [string, string])) : obj.metadata.labels;
  const name = flagString(flags, 'name') ?? obj.metadata.name;
  const type = flagString(flags, 'type');
  const svc: Obj = {
    apiVersion: 'v1', kind: 'Service',
    metadata: { creationTimestamp: null, ...(labels ? { labels } : {}), name, ...(client.explicitNamespace ? { namespace: client.namespace } : {}) },
    spec: { ports, ...(selector ? { selector } : {}), ...(type ? { type } : {}), ...(flagString(flags, 'external-ip') ? { externalIPs: [flagString(flags, 'external-ip')] } : {}) },
    status: { loadBalancer: {} },
  };
  let result = svc;
  if (dry.mode !== 'client') {
    const res = write(client, { method: 'POST', path: apiPath(SERVICES, client.namespace), body: svc }, 'kubectl-expose', dry.mode);
    if (!isSuccess(res)) return reportErrors(ctx, [apiError(res)]);
    result = res.body as Obj;
  }
  if (output.format.kind !== 'table') {
    const printed = printGeneric(output.format, result, false);
    if (printed.ok) ctx.out(printed.text);
    return 0;
  }
  ctx.out(printedName(SERVICES, name, 'exposed', dry.mode));
  return 0;
}
