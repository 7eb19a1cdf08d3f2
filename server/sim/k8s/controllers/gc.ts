// The API server's event TTL: events last seen more than an hour ago are deleted (checked
// once a minute).
import { parseRfc3339, wallMs } from '../../clock.js';
import type { World } from '../../world/types.js';
import type { ClusterRuntime } from '../runtime.js';
import { deleteObject } from '../store.js';
import { all } from './common.js';

const EVENT_TTL_MS = 3600_000;
const PERIOD_MS = 60_000;

export function runEventGc(world: World, rt: ClusterRuntime): void {
  if (world.now - (rt.gcAt ?? -1e15) < PERIOD_MS) return;
  rt.gcAt = world.now;
  const now = wallMs(world.now);
  for (const e of all(world, 'Event')) {
    const last = parseRfc3339(e.lastTimestamp ?? e.eventTime ?? e.metadata.creationTimestamp ?? '');
    if (last !== undefined && now - last > EVENT_TTL_MS) deleteObject(world, 'Event', e.metadata.namespace, e.metadata.name);
  }
}
