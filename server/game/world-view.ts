// What a command can be said to have changed: the world's configuration and running state,
// without what traffic and time change by themselves (clock, PRNG, counters, interface
// statistics, ARP cache, learned path MTUs, journals), without home directories that
// logging in creates, and without what the cluster's controllers derive on their own
// (pods and their network namespaces, ReplicaSets, endpoints, events, statuses, the
// kube-proxy chains, the node taints the node controller sets).
import type { Cluster, KubeObject } from '../sim/k8s/types.js';
import type { World } from '../sim/world/types.js';

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

export function configView(world: World): unknown {
  const { cluster, ...rest } = world;
  const w = structuredClone(rest) as Partial<World> & Pick<World, 'hosts'>;
  delete w.now;
  delete w.rng;
  delete w.seq;
  if (cluster) w.cluster = clusterConfig(cluster) as Cluster;
  for (const [name, host] of Object.entries(w.hosts)) {
    if (host.kind === 'pod') {
      delete w.hosts[name];
      continue;
    }
    const h = host as Partial<typeof host>;
    delete h.neigh;
    delete h.pmtu;
    // A pod's veth end on its node comes and goes with the pod.
    host.ifaces = host.ifaces.filter((i) => !(i.kind === 'tap' && i.master === 'cni0'));
    for (const iface of host.ifaces) delete (iface as Partial<typeof iface>).stats;
    for (const table of [host.iptables.filter, host.iptables.nat]) {
      for (const [chainName, chain] of Object.entries(table.chains)) {
        if (chainName.startsWith('KUBE-')) {
          delete table.chains[chainName];
          continue;
        }
        delete (chain as Partial<typeof chain>).policyCounters;
        for (const rule of chain.rules) delete (rule as Partial<typeof rule>).counters;
      }
    }
    for (const unit of Object.values(host.units)) delete (unit as Partial<typeof unit>).journal;
    for (const path of Object.keys(host.files)) if (path.endsWith('/') && host.files[path] === '') delete host.files[path];
  }
  return w;
}

/** A string that differs exactly when configView differs. */
export const configPrint = (world: World) => JSON.stringify(configView(world));
