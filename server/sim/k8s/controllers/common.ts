// Helpers every controller uses: events (none during the warm-up, whose events would have
// expired), timestamps from the simulated clock, quantities as numbers (memoised: the same
// few strings come back every tick), owner references and pod predicates.
import { formatRfc3339, wallMs } from '../../clock.js';
import type { World } from '../../world/types.js';
import { parseQuantity } from '../quantity.js';
import { runtimeOf } from '../runtime.js';
import { recordEvent, writesTo, type EventSpec } from '../store.js';
import type { Cluster, Container, Kind, KubeObject, Pod } from '../types.js';

export const stamp = (world: World) => formatRfc3339(wallMs(world.now));

export function event(world: World, obj: KubeObject, spec: EventSpec): void {
  if (runtimeOf(world)?.quiet) return;
  recordEvent(world, obj, spec);
}

/** Per controller: the writes to its kinds it last saw, when that pass changed nothing. */
const quietPasses = new WeakMap<Cluster, Map<string, string>>();

/**
 * Runs a level-triggered controller unless nothing it reads (objects of `kinds`) was written
 * since a pass that itself wrote nothing: that pass would be repeated exactly. A controller
 * waiting on the clock (a deadline, a retry) returns true and runs again next tick.
 */
export function unlessSettled(world: World, name: string, kinds: readonly Kind[], run: () => boolean | void): void {
  const c = world.cluster!;
  let seen = quietPasses.get(c);
  if (!seen) quietPasses.set(c, (seen = new Map()));
  const before = writesTo(c, kinds);
  if (seen.get(name) === before) return;
  const any = writesTo(c, ['*']);
  const waiting = run();
  if (waiting || writesTo(c, ['*']) !== any) seen.delete(name);
  else seen.set(name, before);
}

const milliCache = new Map<string, number>();
const byteCache = new Map<string, number>();

/** A CPU quantity in millicores (0 when absent or malformed). */
export function milli(q: string | undefined): number {
  if (q === undefined) return 0;
  let v = milliCache.get(q);
  if (v === undefined) {
    const p = parseQuantity(q);
    v = p ? Number(p.nanos / 1_000_000n) : 0;
    milliCache.set(q, v);
  }
  return v;
}

/** A memory quantity in bytes. */
export function bytes(q: string | undefined): number {
  if (q === undefined) return 0;
  let v = byteCache.get(q);
  if (v === undefined) {
    const p = parseQuantity(q);
    v = p ? Number(p.nanos / 1_000_000_000n) : 0;
    byteCache.set(q, v);
  }
  return v;
}

/** Requests of a pod: the sum over its containers (the scheduler's view, init containers aside). */
export function podRequests(pod: Pod): { cpu: number; memory: number } {
  let cpu = 0;
  let memory = 0;
  for (const c of pod.spec.containers) {
    cpu += milli(c.resources?.requests?.cpu);
    memory += bytes(c.resources?.requests?.memory);
  }
  return { cpu, memory };
}

export const containerLimit = (c: Container, r: 'cpu' | 'memory') => (r === 'cpu' ? milli(c.resources?.limits?.cpu) : bytes(c.resources?.limits?.memory));

export const controllerOf = (o: KubeObject) => o.metadata.ownerReferences?.find((r) => r.controller);

export const isTerminating = (o: KubeObject) => !!o.metadata.deletionTimestamp;

export const isPodReady = (pod: Pod) => !!pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True');

export const isPodActive = (pod: Pod) => !isTerminating(pod) && pod.status?.phase !== 'Succeeded' && pod.status?.phase !== 'Failed';

/** Every pod, in the store's insertion order (controllers must not pay for a sort). */
export function allPods(world: World): Pod[] {
  return Object.values(world.cluster?.objects.Pod ?? {});
}

/** Objects of a kind in insertion order. */
export function all<K extends keyof NonNullable<World['cluster']>['objects']>(world: World, kind: K): NonNullable<NonNullable<World['cluster']>['objects'][K]>[string][] {
  return Object.values(world.cluster?.objects[kind] ?? {}) as never;
}

/** Go's time.Duration.String() for a duration in ms, as kubelet messages print it (`1.834s`, `850ms`, `2m3.5s`). */
export function goDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const total = Math.round(ms) / 1000;
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = Math.round((total % 60) * 1000) / 1000;
  return `${h ? `${h}h` : ''}${h || m ? `${m}m` : ''}${s}s`;
}
