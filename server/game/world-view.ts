// What a command can be said to have changed: the world's configuration and running state,
// without what traffic and time change by themselves (clock, PRNG, counters, interface
// statistics, ARP cache, learned path MTUs, journals), without home directories that
// logging in creates, and without what the cluster's controllers derive on their own
// (pods and their network namespaces, ReplicaSets, endpoints, events, statuses, the
// kube-proxy chains, the node taints the node controller sets).
import type { Cluster, KubeObject } from '../sim/k8s/types.js';
import type { Host, IptChain, IptTable, World } from '../sim/world/types.js';

/** Kinds only controllers write. */
const DERIVED_KINDS = new Set(['Event', 'Endpoints', 'EndpointSlice', 'Lease']);

/** The desired state players and authors write: objects without status and bookkeeping. */
function clusterConfig(cluster: Cluster): unknown {
  const out: Record<string, Record<string, unknown>> = {};
  for (const [kind, objects] of Object.entries(cluster.objects)) {
    if (DERIVED_KINDS.has(kind)) continue;
    for (const [key, obj] of Object.entries(objects as Record<string, KubeObject>)) {
      if (obj.metadata.ownerReferences?.some((o) => o.controller)) continue;
      const { status: _status, ...rest } = obj as KubeObject & { status?: unknown };
      const meta = { ...rest.metadata } as Record<string, unknown>;
      for (const k of ['resourceVersion', 'generation', 'managedFields']) delete meta[k];
      if (meta.annotations) {
        meta.annotations = Object.fromEntries(Object.entries(meta.annotations as Record<string, string>).filter(([a]) => !a.startsWith('deployment.kubernetes.io/')));
      }
      const view: Record<string, unknown> = { ...rest, metadata: meta };
      const spec = view.spec as { taints?: { key: string }[] } | undefined;
      if (kind === 'Node' && spec?.taints) view.spec = { ...spec, taints: spec.taints.filter((t) => !t.key.startsWith('node.kubernetes.io/')) };
      (out[kind] ??= {})[key] = view;
    }
  }
  return out;
}

/** A table without counters and without kube-proxy's chains (KUBE-*), which it rewrites on its own. */
function tableConfig(table: IptTable): IptTable {
  const chains: IptTable['chains'] = {};
  for (const [name, { policyCounters: _c, ...chain }] of Object.entries(table.chains)) {
    if (!name.startsWith('KUBE-')) chains[name] = { ...chain, rules: chain.rules.map(({ counters: _r, ...rule }) => rule) } as IptChain;
  }
  return { ...table, chains };
}

function hostConfig(host: Host): unknown {
  const { neigh: _n, pmtu: _p, ifaces, iptables, units, files, ...rest } = host;
  return {
    ...rest,
    // A pod's veth end on its node comes and goes with the pod.
    ifaces: ifaces.filter((i) => !(i.kind === 'tap' && i.master === 'cni0')).map(({ stats: _s, ...i }) => i),
    iptables: { filter: tableConfig(iptables.filter), nat: tableConfig(iptables.nat) },
    units: Object.fromEntries(Object.entries(units).map(([name, { journal: _j, ...unit }]) => [name, unit])),
    files: Object.fromEntries(Object.entries(files).filter(([path, text]) => !(path.endsWith('/') && text === ''))),
  };
}

/**
 * The configuration view of a world. It shares objects with the world (it is built to be
 * serialised at once, per command): copy it before keeping it across changes.
 */
export function configView(world: World): unknown {
  const { now: _now, rng: _rng, seq: _seq, cluster, hosts, ...rest } = world;
  const view: Record<string, unknown> = { ...rest, hosts: {} };
  for (const [name, host] of Object.entries(hosts)) if (host.kind !== 'pod') (view.hosts as Record<string, unknown>)[name] = hostConfig(host);
  if (cluster) view.cluster = clusterConfig(cluster);
  return view;
}

/** A string that differs exactly when configView differs. */
export const configPrint = (world: World) => JSON.stringify(configView(world));
