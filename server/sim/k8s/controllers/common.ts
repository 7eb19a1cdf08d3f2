// Helpers every controller uses: events (none during the warm-up, whose events would have
// expired), timestamps from the simulated clock, quantities as numbers (memoised: the same
// few strings come back every tick), owner references and pod predicates.
import { formatRfc3339, wallMs } from '../../clock.js';
import type { World } from '../../world/types.js';
import { parseQuantity } from '../quantity.js';
import { runtimeOf } from '../runtime.js';
import { membershipOf, recordEvent, writesTo, type EventSpec } from '../store.js';
import type { Cluster, Container, Kind, KubeObject, Pod } from '../types.js';

export const stamp = (world: World) => formatRfc3339(wallMs(world.now));

export function event(world: World, obj: KubeObject, spec: EventSpec): void {
  if (runtimeOf(world)?.quiet) return;
  recordEvent(world, obj, spec);
}

/** Per controller: the writes to its kinds it last saw when that pass changed nothing, and until when (wall ms) it holds. */
const quietPasses = new WeakMap<Cluster, Map<string, { writes: string; until: number }>>();

/**
 * Runs a level-triggered controller unless nothing it reads (objects of `kinds`) was written
 * since a pass that itself wrote nothing: that pass would be repeated exactly. `run` says how
 * long such a pass holds: nothing (until a write), true (waiting on the clock: it runs again
 * next tick), or the wall-clock ms, as `stamp` reads it, at which a deadline falls due.
 */
export function unlessSettled(world: World, name: string, kinds: readonly Kind[], run: () => boolean | number | void): void {
  const c = world.cluster!;
  let seen = quietPasses.get(c);
  if (!seen) quietPasses.set(c, (seen = new Map()));
  const before = writesTo(c, kinds);
  const last = seen.get(name);
  if (last?.writes === before && (last.until === Infinity || Date.parse(stamp(world)) <= last.until)) return;
  const any = writesTo(c, ['*']);
  const result = run();
  const until = result === true ? -Infinity : typeof result === 'number' ? result : Infinity;
  if (until === -Infinity || writesTo(c, ['*']) !== any) seen.delete(name);
  else seen.set(name, { writes: before, until });
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

const skippedInJson = (v: unknown) => v === undefined || typeof v === 'function' || typeof v === 'symbol';

/** A JSON leaf as JSON writes it: non-finite numbers are null (and -0 is 0, which === sees as 0 already). */
const jsonLeaf = (v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v);

/**
 * Whether JSON.stringify(a) === JSON.stringify(b), for plain data, without writing either: it
 * stops at the first difference (a status about to be written differs early from the stored one).
 */
export function sameJson(a: unknown, b: unknown): boolean {
  const r = sameJsonOrUnknown(a, b, 0);
  return r === undefined ? JSON.stringify(a) === JSON.stringify(b) : r;
}

/** A member whose JSON its own toJSON decides (it may even leave the member out). */
const hasToJson = (v: unknown) => typeof v === 'object' && v !== null && typeof (v as { toJSON?: unknown }).toJSON === 'function';

function isPlainData(o: object): boolean {
  const proto = Object.getPrototypeOf(o);
  return (proto === Object.prototype || proto === null || Array.isArray(o)) && typeof (o as { toJSON?: unknown }).toJSON !== 'function';
}

/** undefined when the data is not plain (dates, maps, very deep): JSON.stringify decides. */
function sameJsonOrUnknown(a: unknown, b: unknown, depth: number): boolean | undefined {
  const objA = typeof a === 'object' && a !== null;
  const objB = typeof b === 'object' && b !== null;
  if (!objA || !objB) {
    if (objA || objB) return typeof ((objA ? a : b) as { toJSON?: unknown }).toJSON === 'function' ? undefined : false;
    if (skippedInJson(a) || skippedInJson(b) || typeof a === 'bigint' || typeof b === 'bigint') return undefined;
    return jsonLeaf(a) === jsonLeaf(b);
  }
  if (depth > 100 || !isPlainData(a) || !isPlainData(b)) return undefined;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) {
      const r = sameJsonOrUnknown(skippedInJson(a[i]) ? null : a[i], skippedInJson(b[i]) ? null : b[i], depth + 1);
      if (r !== true) return r;
    }
    return true;
  }
  // Members in order, those JSON leaves out skipped on both sides.
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const ka = Object.keys(ra);
  const kb = Object.keys(rb);
  let i = 0;
  let j = 0;
  for (;;) {
    while (i < ka.length && skippedInJson(ra[ka[i]])) i++;
    while (j < kb.length && skippedInJson(rb[kb[j]])) j++;
    if ((i < ka.length && hasToJson(ra[ka[i]])) || (j < kb.length && hasToJson(rb[kb[j]]))) return undefined;
    if (i === ka.length || j === kb.length) return i === ka.length && j === kb.length;
    if (ka[i] !== kb[j]) return false;
    const r = sameJsonOrUnknown(ra[ka[i]], rb[kb[j]], depth + 1);
    if (r !== true) return r;
    i++;
    j++;
  }
}

/** The pods listed while the set of pod objects stayed the same (a cache, not part of the world). */
const podLists = new WeakMap<Cluster, { membership: number; pods: Pod[] }>();

/** Every pod, in the store's insertion order (controllers must not pay for a sort). Not to be changed by the caller. */
export function allPods(world: World): Pod[] {
  const c = world.cluster;
  if (!c) return [];
  const membership = membershipOf(c, 'Pod');
  const hit = podLists.get(c);
  if (hit?.membership === membership) return hit.pods;
  const pods = Object.values(c.objects.Pod ?? {});
  podLists.set(c, { membership, pods });
  return pods;
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
