// Server-side printing (the API server's Table responses that `kubectl get` renders):
// one column-definition list per kind and one function from object to row cells, after
// kubernetes pkg/printers/internalversion/printers.go. AGE and friends use the server clock.
import { parseRfc3339 } from '../clock.js';
import { ageOf, humanDuration } from './duration.js';
import { formatQuantity, parseQuantity } from './quantity.js';
import { formatLabels, formatLabelSelector, labelSelectorString } from './selectors.js';
import type { Container, Kind, KubeObject, ObjectOf, Pod } from './types.js';

/** null: a custom resource's column whose JSONPath found nothing (kubectl prints it empty). */
export type Cell = string | number | boolean | null;

export interface Column {
  name: string;
  type: 'string' | 'integer' | 'boolean';
  format?: 'name';
  /** 1: shown only with -o wide. */
  priority?: number;
}

/** Frozen (with its cells and object) when the server hands the same row of one object version out again: clients may cache what they make of it. */
export interface TableRow {
  cells: Cell[];
  object: { kind: 'PartialObjectMetadata'; apiVersion: 'meta.k8s.io/v1'; metadata: KubeObject['metadata'] };
}

export interface Table {
  kind: 'Table';
  apiVersion: 'meta.k8s.io/v1';
  metadata: { resourceVersion: string };
  columnDefinitions: { name: string; type: Column['type']; format: string; description: string; priority: number }[];
  rows: TableRow[];
}

/** Cells per object; or, for a printer that keeps rows, whole rows (frozen: shared between responses). */
type Printer<K extends Kind> = { columns: Column[] } & (
  | { row(obj: ObjectOf<K>, now: number): Cell[]; tableRow?: undefined }
  | { tableRow(obj: ObjectOf<K>, now: number): TableRow; row?: undefined }
);

const partialObject = (o: KubeObject): TableRow['object'] => ({ kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata });

const col = (name: string, type: Column['type'] = 'string', priority = 0): Column => ({ name, type, ...(priority ? { priority } : {}) });
const NAME: Column = { name: 'Name', type: 'string', format: 'name' };
const AGE = col('Age');
const wide = (name: string) => col(name, 'string', 1);
const age = (o: KubeObject, now: number) => ageOf(o.metadata.creationTimestamp, now);

function containerCells(containers: Container[]): [string, string] {
  return [containers.map((c) => c.name).join(','), containers.map((c) => c.image).join(',')];
}

const quantityString = (q: string | undefined) => {
  const p = q === undefined ? undefined : parseQuantity(q);
  return p ? formatQuantity(p) : '0';
};

/** Up to `max` items, then ` + N more...` (printers' listWithMoreString). */
function withMore(list: string[], count: number, max: number): string {
  const shown = list.slice(0, max).join(',');
  return count > max ? `${shown} + ${count - max} more...` : shown;
}

// --- pods --------------------------------------------------------------------

const isRestartableInit = (c: Container | undefined) => c?.restartPolicy === 'Always';

interface PodRowParts {
  resourceVersion: string | undefined;
  cells: Cell[];
  restarts: number;
  lastRestart: number;
  /** creationTimestamp in ms (undefined: missing or unparsable). */
  created: number | undefined;
  /** The row last handed out (frozen), and the whole seconds its clock cells were made from. */
  row: TableRow | undefined;
  ageSeconds: number;
  restartSeconds: number;
}

/** The clock-free part of each pod's row, kept per object version (a cache: long listings repeat it). */
const podRows = new WeakMap<Pod, PodRowParts>();

// HumanDuration reads whole seconds: the same seconds give the same cell.
const seconds = (ms: number) => Math.trunc(ms / 1000);

/** A pod's row: the last one again (frozen, shared) while its RESTARTS and AGE cells read the same. */
function podTableRow(pod: Pod, now: number): TableRow {
  let p = podRows.get(pod);
  if (p?.resourceVersion !== pod.metadata.resourceVersion) podRows.set(pod, (p = podRowParts(pod)));
  const restartSeconds = p!.restarts !== 0 && p!.lastRestart ? seconds(now - p!.lastRestart) : 0;
  const ageSeconds = p!.created === undefined ? 0 : seconds(now - p!.created);
  // (both compared every time: new parts read NaN, and the steady path is the first one run)
  const ageChanged = p!.ageSeconds !== ageSeconds;
  const restartChanged = p!.restartSeconds !== restartSeconds;
  if (ageChanged || restartChanged) retime(pod, p!, now, ageSeconds, restartSeconds);
  return p!.row!;
}

/** Makes the clock cells again; a new row only when their text changed. */
function retime(pod: Pod, p: PodRowParts, now: number, ageSeconds: number, restartSeconds: number): void {
  const restartsCell = p.restarts !== 0 && p.lastRestart ? `${p.restarts} (${humanDuration(now - p.lastRestart)} ago)` : String(p.restarts);
  const ageCell = p.created === undefined ? '<unknown>' : humanDuration(now - p.created);
  p.ageSeconds = ageSeconds;
  p.restartSeconds = restartSeconds;
  if (p.row?.cells[3] === restartsCell && p.row.cells[4] === ageCell) return;
  const cells = p.cells.slice();
  cells[3] = restartsCell;
  cells[4] = ageCell;
  p.row = Object.freeze({ cells: Object.freeze(cells) as Cell[], object: Object.freeze(partialObject(pod)) });
}

function podRowParts(pod: Pod): PodRowParts {
  const spec = pod.spec;
  const status = pod.status ?? {};
  let restarts = 0;
  let restartableInitRestarts = 0;
  let total = spec.containers.length;
  let ready = 0;
  let lastRestart = 0;
  let lastRestartableInitRestart = 0;
  let reason: string = status.reason || status.phase || '';
  for (const c of status.conditions ?? []) if (c.type === 'PodScheduled' && c.reason === 'SchedulingGated') reason = 'SchedulingGated';
  const inits = spec.initContainers?.length ? new Map(spec.initContainers.map((c) => [c.name, c])) : undefined;
  for (const c of spec.initContainers ?? []) if (isRestartableInit(c)) total++;
  const finished = (t: { finishedAt?: string } | undefined) => (t?.finishedAt ? (parseRfc3339(t.finishedAt) ?? 0) : 0);

  let initializing = false;
  const initStatuses = status.initContainerStatuses ?? [];
  for (let i = 0; i < initStatuses.length; i++) {
    const cs = initStatuses[i];
    restarts += cs.restartCount;
    lastRestart = Math.max(lastRestart, finished(cs.lastState?.terminated));
    const restartable = isRestartableInit(inits?.get(cs.name));
    if (restartable) {
      restartableInitRestarts += cs.restartCount;
      lastRestartableInitRestart = Math.max(lastRestartableInitRestart, finished(cs.lastState?.terminated));
    }
    const term = cs.state?.terminated;
    const wait = cs.state?.waiting;
    if (term && term.exitCode === 0) continue;
    if (restartable && cs.started) {
      if (cs.ready) ready++;
      continue;
    }
    if (term) reason = term.reason ? `Init:${term.reason}` : term.signal ? `Init:Signal:${term.signal}` : `Init:ExitCode:${term.exitCode}`;
    else if (wait?.reason && wait.reason !== 'PodInitializing') reason = `Init:${wait.reason}`;
    else reason = `Init:${i}/${spec.initContainers?.length ?? 0}`;
    initializing = true;
    break;
  }

  const initialized = (status.conditions ?? []).some((c) => c.type === 'Initialized' && c.status === 'True');
  if (!initializing || initialized) {
    restarts = restartableInitRestarts;
    lastRestart = lastRestartableInitRestart;
    let hasRunning = false;
    const statuses = status.containerStatuses ?? [];
    for (let i = statuses.length - 1; i >= 0; i--) {
      const cs = statuses[i];
      restarts += cs.restartCount;
      lastRestart = Math.max(lastRestart, finished(cs.lastState?.terminated));
      const { waiting, terminated, running } = cs.state ?? {};
      if (waiting?.reason) reason = waiting.reason;
      else if (terminated?.reason) reason = terminated.reason;
      else if (terminated) reason = terminated.signal ? `Signal:${terminated.signal}` : `ExitCode:${terminated.exitCode}`;
      else if (cs.ready && running) {
        hasRunning = true;
        ready++;
      }
    }
    if (reason === 'Completed' && hasRunning) {
      reason = (status.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True') ? 'Running' : 'NotReady';
    }
  }
  const terminal = status.phase === 'Succeeded' || status.phase === 'Failed';
  if (pod.metadata.deletionTimestamp && status.reason === 'NodeLost') reason = 'Unknown';
  else if (pod.metadata.deletionTimestamp && !terminal) reason = 'Terminating';

  let gates = '<none>';
  if (spec.readinessGates?.length) {
    const ok = spec.readinessGates.filter((g) => status.conditions?.find((c) => c.type === g.conditionType)?.status === 'True').length;
    gates = `${ok}/${spec.readinessGates.length}`;
  }
  const cells = [
    pod.metadata.name, `${ready}/${total}`, reason, '', '',
    status.podIPs?.[0]?.ip || '<none>', spec.nodeName || '<none>', status.nominatedNodeName || '<none>', gates,
  ];
  const created = pod.metadata.creationTimestamp ? parseRfc3339(pod.metadata.creationTimestamp) : undefined;
  return { resourceVersion: pod.metadata.resourceVersion, cells, restarts, lastRestart, created, row: undefined, ageSeconds: NaN, restartSeconds: NaN };
}

// --- services and networking ---------------------------------------------------

function lbIngress(ingress: { ip?: string; hostname?: string }[] | undefined): string {
  const seen: string[] = [];
  for (const i of ingress ?? []) {
    const v = i.ip || i.hostname;
    if (v && !seen.includes(v)) seen.push(v);
  }
  return seen.join(',');
}

function serviceExternalIp(svc: ObjectOf<'Service'>): string {
  const ext = svc.spec.externalIPs ?? [];
  switch (svc.spec.type ?? 'ClusterIP') {
    case 'ClusterIP':
    case 'NodePort':
      return ext.length ? ext.join(',') : '<none>';
    case 'LoadBalancer': {
      const lb = lbIngress(svc.status?.loadBalancer?.ingress);
      if (ext.length) return [...(lb ? lb.split(',') : []), ...ext].join(',');
      return lb || '<pending>';
    }
    case 'ExternalName':
      return svc.spec.externalName ?? '';
  }
  return '<unknown>';
}

function endpointsCell(ep: ObjectOf<'Endpoints'>): string {
  if (!ep.subsets?.length) return '<none>';
  const list: string[] = [];
  let count = 0;
  for (const ss of ep.subsets) {
    const addrs = ss.addresses ?? [];
    if (!ss.ports?.length) {
      count += addrs.length;
      list.push(...addrs.map((a) => a.ip));
      continue;
    }
    for (const p of ss.ports) {
      count += addrs.length;
      list.push(...addrs.map((a) => `${a.ip}:${p.port}`));
    }
  }
  return withMore(list, count, 3);
}

function hpaTargets(hpa: ObjectOf<'HorizontalPodAutoscaler'>): string {
  const specs = hpa.spec.metrics ?? [];
  if (!specs.length) return '<none>';
  const statuses = hpa.status?.currentMetrics ?? [];
  const list = specs.map((m, i) => {
    if (m.type !== 'Resource' || !m.resource) return '<unknown type>';
    const cur = statuses[i]?.resource?.current;
    const target = m.resource.target;
    if (target.averageValue !== undefined) {
      return `${m.resource.name}: ${cur?.averageValue !== undefined ? quantityString(cur.averageValue) : '<unknown>'}/${quantityString(target.averageValue)}`;
    }
    const current = cur?.averageUtilization !== undefined ? `${cur.averageUtilization}%` : '<unknown>';
    return `${m.resource.name}: ${current}/${target.averageUtilization !== undefined ? `${target.averageUtilization}%` : '<auto>'}`;
  });
  return list.length > 2 ? `${list.slice(0, 2).join(', ')} + ${list.length - 2} more...` : list.join(', ');
}

function eventRow(e: ObjectOf<'Event'>, now: number): Cell[] {
  const first = e.firstTimestamp ? ageOf(e.firstTimestamp, now) : ageOf(e.eventTime, now);
  const last = e.lastTimestamp ? ageOf(e.lastTimestamp, now) : first;
  const io = e.involvedObject;
  const target = io.name ? `${(io.kind ?? '').toLowerCase()}/${io.name}` : (io.kind ?? '').toLowerCase();
  const component = e.source?.component || e.reportingComponent || '';
  const host = e.source?.host || e.reportingInstance || '';
  return [last, e.type ?? '', e.reason ?? '', target, io.fieldPath ?? '', host ? `${component}, ${host}` : component, (e.message ?? '').trim(), first, e.count || 1, e.metadata.name];
}

function nodeRow(n: ObjectOf<'Node'>, now: number): Cell[] {
  const ready = n.status.conditions?.find((c) => c.type === 'Ready');
  const status = [ready ? (ready.status === 'True' ? 'Ready' : 'NotReady') : 'Unknown'];
  if (n.spec.unschedulable) status.push('SchedulingDisabled');
  const roles = Object.entries(n.metadata.labels ?? {}).flatMap(([k, v]) =>
    k.startsWith('node-role.kubernetes.io/') && k.length > 24 ? [k.slice(24)] : k === 'kubernetes.io/role' && v ? [v] : []);
  const addr = (type: string) => n.status.addresses?.find((a) => a.type === type)?.address ?? '<none>';
  const info = n.status.nodeInfo ?? {};
  return [
    n.metadata.name, status.join(','), [...new Set(roles)].sort().join(',') || '<none>', age(n, now), info.kubeletVersion ?? '',
    addr('InternalIP'), addr('ExternalIP'), info.osImage || '<unknown>', info.kernelVersion || '<unknown>', info.containerRuntimeVersion || '<unknown>',
  ];
}

const accessModes = (modes: string[] | undefined) => {
  const short: Record<string, string> = { ReadWriteOnce: 'RWO', ReadOnlyMany: 'ROX', ReadWriteMany: 'RWX', ReadWriteOncePod: 'RWOP' };
  return (modes ?? []).filter((m) => short[m]).map((m) => short[m]).join(',');
};

const PRINTERS: { [K in Kind]?: Printer<K> } = {
  Pod: {
    columns: [NAME, col('Ready'), col('Status'), col('Restarts'), AGE, wide('IP'), wide('Node'), wide('Nominated Node'), wide('Readiness Gates')],
    tableRow: podTableRow,
  },
  Namespace: {
    columns: [NAME, col('Status'), AGE],
    row: (o, now) => [o.metadata.name, o.status?.phase ?? '', age(o, now)],
  },
  Node: {
    columns: [NAME, col('Status'), col('Roles'), AGE, col('Version'), wide('Internal-IP'), wide('External-IP'), wide('OS-Image'), wide('Kernel-Version'), wide('Container-Runtime')],
    row: nodeRow,
  },
  Service: {
    columns: [NAME, col('Type'), col('Cluster-IP'), col('External-IP'), col('Port(s)'), AGE, wide('Selector')],
    row: (o, now) => {
      const ports = (o.spec.ports ?? []).map((p) => (p.nodePort ? `${p.port}:${p.nodePort}/${p.protocol}` : `${p.port}/${p.protocol}`)).join(',');
      return [o.metadata.name, o.spec.type ?? 'ClusterIP', o.spec.clusterIPs?.[0] ?? '<none>', serviceExternalIp(o), ports || '<none>', age(o, now), formatLabels(o.spec.selector)];
    },
  },
  Endpoints: {
    columns: [NAME, col('Endpoints'), AGE],
    row: (o, now) => [o.metadata.name, endpointsCell(o), age(o, now)],
  },
  EndpointSlice: {
    columns: [NAME, col('AddressType'), col('Ports'), col('Endpoints'), AGE],
    row: (o, now) => {
      const ports = (o.ports ?? []).map((p) => (p.port !== undefined ? String(p.port) : (p.name ?? '*')));
      const addrs = (o.endpoints ?? []).flatMap((e) => e.addresses);
      return [o.metadata.name, o.addressType, withMore(ports, ports.length, 3) || '<unset>', withMore(addrs, addrs.length, 3) || '<unset>', age(o, now)];
    },
  },
  ConfigMap: {
    columns: [NAME, col('Data', 'integer'), AGE],
    row: (o, now) => [o.metadata.name, Object.keys(o.data ?? {}).length + Object.keys(o.binaryData ?? {}).length, age(o, now)],
  },
  Secret: {
    columns: [NAME, col('Type'), col('Data', 'integer'), AGE],
    row: (o, now) => [o.metadata.name, o.type ?? '', Object.keys(o.data ?? {}).length, age(o, now)],
  },
  Event: {
    columns: [col('Last Seen'), col('Type'), col('Reason'), col('Object'), wide('Subobject'), wide('Source'), col('Message'), wide('First Seen'), wide('Count'), { ...wide('Name'), format: 'name' }],
    row: eventRow,
  },
  PersistentVolumeClaim: {
    columns: [NAME, col('Status'), col('Volume'), col('Capacity'), col('Access Modes'), col('StorageClass'), col('VolumeAttributesClass'), AGE, wide('VolumeMode')],
    row: (o, now) => {
      const bound = !!o.spec.volumeName;
      return [
        o.metadata.name, o.metadata.deletionTimestamp ? 'Terminating' : (o.status?.phase ?? ''), o.spec.volumeName ?? '',
        bound ? quantityString(o.status?.capacity?.storage) : '', bound ? accessModes(o.status?.accessModes) : '',
        o.spec.storageClassName ?? '', o.spec.volumeAttributesClassName ?? '<unset>', age(o, now), o.spec.volumeMode ?? '<unset>',
      ];
    },
  },
  PersistentVolume: {
    columns: [NAME, col('Capacity'), col('Access Modes'), col('Reclaim Policy'), col('Status'), col('Claim'), col('StorageClass'), col('VolumeAttributesClass'), col('Reason'), AGE, wide('VolumeMode')],
    row: (o, now) => {
      const claim = o.spec.claimRef ? `${o.spec.claimRef.namespace ?? ''}/${o.spec.claimRef.name ?? ''}` : '';
      return [
        o.metadata.name, quantityString(o.spec.capacity?.storage), accessModes(o.spec.accessModes), o.spec.persistentVolumeReclaimPolicy ?? '',
        o.metadata.deletionTimestamp ? 'Terminating' : (o.status?.phase ?? ''), claim, o.spec.storageClassName ?? '',
        o.spec.volumeAttributesClassName ?? '<unset>', o.status?.reason ?? '', age(o, now), o.spec.volumeMode ?? '<unset>',
      ];
    },
  },
  Deployment: {
    columns: [NAME, col('Ready'), col('Up-to-date'), col('Available'), AGE, wide('Containers'), wide('Images'), wide('Selector')],
    row: (o, now) => [
      o.metadata.name, `${o.status?.readyReplicas ?? 0}/${o.spec.replicas ?? 0}`, o.status?.updatedReplicas ?? 0, o.status?.availableReplicas ?? 0, age(o, now),
      ...containerCells(o.spec.template.spec.containers), labelSelectorString(o.spec.selector),
    ],
  },
  ReplicaSet: {
    columns: [NAME, col('Desired', 'integer'), col('Current', 'integer'), col('Ready', 'integer'), AGE, wide('Containers'), wide('Images'), wide('Selector')],
    row: (o, now) => [
      o.metadata.name, o.spec.replicas ?? 0, o.status?.replicas ?? 0, o.status?.readyReplicas ?? 0, age(o, now),
      ...containerCells(o.spec.template.spec.containers), formatLabelSelector(o.spec.selector),
    ],
  },
  DaemonSet: {
    columns: [NAME, col('Desired', 'integer'), col('Current', 'integer'), col('Ready', 'integer'), col('Up-to-date', 'integer'), col('Available', 'integer'), col('Node Selector'), AGE, wide('Containers'), wide('Images'), wide('Selector')],
    row: (o, now) => {
      const s = o.status ?? {};
      return [
        o.metadata.name, s.desiredNumberScheduled ?? 0, s.currentNumberScheduled ?? 0, s.numberReady ?? 0, s.updatedNumberScheduled ?? 0, s.numberAvailable ?? 0,
        formatLabels(o.spec.template.spec.nodeSelector), age(o, now), ...containerCells(o.spec.template.spec.containers), formatLabelSelector(o.spec.selector),
      ];
    },
  },
  StatefulSet: {
    columns: [NAME, col('Ready'), AGE, wide('Containers'), wide('Images')],
    row: (o, now) => [o.metadata.name, `${o.status?.readyReplicas ?? 0}/${o.spec.replicas ?? 0}`, age(o, now), ...containerCells(o.spec.template.spec.containers)],
  },
  Job: {
    columns: [NAME, col('Status'), col('Completions'), col('Duration'), AGE, wide('Containers'), wide('Images'), wide('Selector')],
    row: (o, now) => {
      const s = o.status ?? {};
      const cond = (type: string) => s.conditions?.find((c) => c.type === type)?.status === 'True';
      const succeeded = s.succeeded ?? 0;
      const completions = o.spec.completions !== undefined ? `${succeeded}/${o.spec.completions}` : (o.spec.parallelism ?? 0) > 1 ? `${succeeded}/1 of ${o.spec.parallelism}` : `${succeeded}/1`;
      const start = s.startTime ? parseRfc3339(s.startTime) : undefined;
      const end = s.completionTime ? parseRfc3339(s.completionTime) : undefined;
      const duration = start === undefined ? '' : humanDuration((end ?? now) - start);
      const status = cond('Complete') ? 'Complete' : cond('Failed') ? 'Failed' : o.metadata.deletionTimestamp ? 'Terminating'
        : cond('Suspended') ? 'Suspended' : cond('FailureTarget') ? 'FailureTarget' : 'Running';
      return [o.metadata.name, status, completions, duration, age(o, now), ...containerCells(o.spec.template.spec.containers), formatLabelSelector(o.spec.selector)];
    },
  },
  CronJob: {
    columns: [NAME, col('Schedule'), col('Timezone'), col('Suspend', 'boolean'), col('Active', 'integer'), col('Last Schedule'), AGE, wide('Containers'), wide('Images'), wide('Selector')],
    row: (o, now) => [
      o.metadata.name, o.spec.schedule, o.spec.timeZone ?? '<none>', o.spec.suspend === undefined ? '<unset>' : o.spec.suspend ? 'True' : 'False',
      o.status?.active?.length ?? 0, o.status?.lastScheduleTime ? ageOf(o.status.lastScheduleTime, now) : '<none>', age(o, now),
      ...containerCells(o.spec.jobTemplate.spec.template.spec.containers), formatLabelSelector(o.spec.jobTemplate.spec.selector),
    ],
  },
  Ingress: {
    columns: [NAME, col('Class'), col('Hosts'), col('Address'), col('Ports'), AGE],
    row: (o, now) => {
      const rules = o.spec.rules ?? [];
      const hosts = rules.map((r) => r.host).filter((h): h is string => !!h);
      const hostCell = hosts.length === 0 ? '*' : rules.length > 3 ? `${hosts.slice(0, 3).join(',')} + ${rules.length - 3} more...` : hosts.join(',');
      return [o.metadata.name, o.spec.ingressClassName ?? '<none>', hostCell, lbIngress(o.status?.loadBalancer?.ingress), o.spec.tls?.length ? '80, 443' : '80', age(o, now)];
    },
  },
  NetworkPolicy: {
    columns: [NAME, col('Pod-Selector'), AGE],
    row: (o, now) => [o.metadata.name, formatLabelSelector(o.spec.podSelector), age(o, now)],
  },
  HorizontalPodAutoscaler: {
    columns: [NAME, col('Reference'), col('Targets'), col('MinPods'), col('MaxPods'), col('Replicas'), AGE],
    row: (o, now) => [
      o.metadata.name, `${o.spec.scaleTargetRef.kind}/${o.spec.scaleTargetRef.name}`, hpaTargets(o),
      o.spec.minReplicas !== undefined ? String(o.spec.minReplicas) : '<unset>', o.spec.maxReplicas, o.status?.currentReplicas ?? 0, age(o, now),
    ],
  },
  StorageClass: {
    columns: [NAME, col('Provisioner'), col('ReclaimPolicy'), col('VolumeBindingMode'), col('AllowVolumeExpansion'), AGE],
    row: (o, now) => {
      const a = o.metadata.annotations ?? {};
      const isDefault = a['storageclass.kubernetes.io/is-default-class'] === 'true' || a['storageclass.beta.kubernetes.io/is-default-class'] === 'true';
      return [isDefault ? `${o.metadata.name} (default)` : o.metadata.name, o.provisioner, o.reclaimPolicy ?? 'Delete', o.volumeBindingMode ?? 'Immediate', o.allowVolumeExpansion ?? false, age(o, now)];
    },
  },
  ServiceAccount: {
    columns: [NAME, col('Secrets', 'integer'), AGE],
    row: (o, now) => [o.metadata.name, o.secrets?.length ?? 0, age(o, now)],
  },
  // The CRD's additionalPrinterColumns (Mode, CPU and Mem of the first container's target, Provided).
  VerticalPodAutoscaler: {
    columns: [NAME, col('Mode'), col('CPU'), col('Mem'), col('Provided'), AGE],
    row: (o, now) => {
      const target = o.status?.recommendation?.containerRecommendations?.[0]?.target;
      return [
        o.metadata.name, o.spec.updatePolicy?.updateMode ?? null, target?.cpu ?? null, target?.memory ?? null,
        o.status?.conditions?.find((c) => c.type === 'RecommendationProvided')?.status ?? null, age(o, now),
      ];
    },
  },
  // A CRD without printer columns: its name and age.
  VerticalPodAutoscalerCheckpoint: {
    columns: [NAME, AGE],
    row: (o, now) => [o.metadata.name, age(o, now)],
  },
  Lease: {
    columns: [NAME, col('Holder'), AGE],
    row: (o, now) => [o.metadata.name, o.spec.holderIdentity ?? '', age(o, now)],
  },
};

function printerOf<K extends Kind>(kind: K): Printer<K> {
  const p = PRINTERS[kind] as Printer<K> | undefined;
  if (!p) throw new Error(`no printer for ${kind}`);
  return p;
}

/** The Table the API server returns for a get/list of `objs` at wall-clock `now` (ms). */
export function toTable<K extends Kind>(kind: K, objs: ObjectOf<K>[], now: number, resourceVersion: string): Table {
  const p = printerOf(kind);
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: { resourceVersion },
    columnDefinitions: p.columns.map((c) => ({ name: c.name, type: c.type, format: c.format ?? '', description: '', priority: c.priority ?? 0 })),
    rows: objs.map((o) => (p.tableRow ? p.tableRow(o, now) : { cells: p.row(o, now), object: partialObject(o) })),
  };
}
