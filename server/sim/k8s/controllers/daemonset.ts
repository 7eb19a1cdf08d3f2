// The DaemonSet controller: one pod per eligible node (its nodeSelector, taints it does not
// tolerate), pinned there by node affinity on the node's name and bound by the scheduler; the
// pods gain the tolerations every daemon pod has, and the status counts.
import type { World } from '../../world/types.js';
import { removeObject } from '../apiwrite.js';
import { applyDefaults } from '../defaults.js';
import { hex64 } from '../images.js';
import { clone } from '../patch.js';
import { createObject, randomSuffix, updateObject } from '../store.js';
import type { DaemonSet, Node, Pod, Toleration } from '../types.js';
import { all, event, isPodActive, isPodReady } from './common.js';
import { matchesNodeSelector, tolerates } from './scheduler.js';

const DAEMON_TOLERATIONS: Toleration[] = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
];

function eligible(ds: DaemonSet, node: Node): boolean {
  const probe = { spec: { ...ds.spec.template.spec, affinity: undefined }, metadata: { name: '' } } as unknown as Pod;
  if (!matchesNodeSelector(probe, node)) return false;
  const tols = [...(ds.spec.template.spec.tolerations ?? []), ...DAEMON_TOLERATIONS];
  return (node.spec.taints ?? []).every((t) => t.effect === 'PreferNoSchedule' || tolerates(tols, t));
}

function newPod(world: World, ds: DaemonSet, node: string, hash: string): Pod {
  const t = clone(ds.spec.template);
  const tolerations = [...(t.spec.tolerations ?? [])];
  for (const d of DAEMON_TOLERATIONS) if (!tolerations.some((x) => x.key === d.key && x.effect === d.effect)) tolerations.push(d);
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: {
      name: `${ds.metadata.name}-${randomSuffix(world, 5)}`, generateName: `${ds.metadata.name}-`, namespace: ds.metadata.namespace,
      labels: { ...t.metadata?.labels, 'controller-revision-hash': hash, 'pod-template-generation': String(ds.metadata.generation ?? 1) },
      ...(t.metadata?.annotations ? { annotations: { ...t.metadata.annotations } } : {}),
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: ds.metadata.name, uid: ds.metadata.uid!, controller: true, blockOwnerDeletion: true }],
    },
    spec: {
      ...t.spec,
      tolerations,
      affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [node] }] }] } } },
    },
    status: {},
  };
}

/** The node a daemon pod is for: its binding, else its node affinity. */
function nodeOf(pod: Pod): string | undefined {
  if (pod.spec.nodeName) return pod.spec.nodeName;
  const terms = (pod.spec.affinity as { nodeAffinity?: { requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms?: { matchFields?: { values?: string[] }[] }[] } } } | undefined)
    ?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  return terms?.[0]?.matchFields?.[0]?.values?.[0];
}

export function runDaemonSets(world: World, owned: Map<string, Pod[]>): void {
  const nodes = all(world, 'Node');
  for (const ds of all(world, 'DaemonSet')) {
    if (ds.metadata.deletionTimestamp) continue;
    const hash = hex64(`ds:${ds.metadata.uid}:${ds.metadata.generation ?? 1}`).slice(0, 10).replace(/^[0-9]/, 'a');
    const active = (owned.get(ds.metadata.uid!) ?? []).filter(isPodActive);
    const byNode = new Map<string, Pod[]>();
    for (const p of active) {
      const n = nodeOf(p);
      if (!n) continue;
      if (!byNode.has(n)) byNode.set(n, []);
      byNode.get(n)!.push(p);
    }
    let desired = 0;
    let misscheduled = 0;
    for (const node of nodes) {
      const name = node.metadata.name;
      const here = byNode.get(name) ?? [];
      if (!eligible(ds, node)) {
        if (here.length) misscheduled++;
        continue;
      }
      desired++;
      if (here.length) {
        for (const extra of here.slice(1)) removeObject(world, extra);
        continue;
      }
      const pod = newPod(world, ds, name, hash);
      applyDefaults(world, pod);
      const res = createObject(world, pod);
      if (!res.ok) continue;
      byNode.set(name, [res.obj]);
      event(world, ds, { type: 'Normal', reason: 'SuccessfulCreate', message: `Created pod: ${pod.metadata.name}`, component: 'daemonset-controller' });
    }
    const scheduled = [...byNode.entries()].filter(([n]) => nodes.some((x) => x.metadata.name === n)).map(([, ps]) => ps[0]).filter((p) => p.spec.nodeName);
    const ready = scheduled.filter(isPodReady).length;
    const status: NonNullable<DaemonSet['status']> = {
      currentNumberScheduled: scheduled.length, desiredNumberScheduled: desired, numberMisscheduled: misscheduled, numberReady: ready,
      observedGeneration: ds.metadata.generation ?? 1, updatedNumberScheduled: scheduled.length, ...(ready ? { numberAvailable: ready } : {}),
      ...(desired - ready > 0 ? { numberUnavailable: desired - ready } : {}),
    };
    if (JSON.stringify(status) !== JSON.stringify(ds.status ?? {})) {
      ds.status = status;
      updateObject(world, ds);
    }
  }
}
