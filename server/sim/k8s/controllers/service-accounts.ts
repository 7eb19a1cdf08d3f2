// The service account controller: every namespace gets its `default` ServiceAccount (created
// with the namespace; during the warm-up dated like its namespace).
import type { World } from '../../world/types.js';
import { runtimeOf } from '../runtime.js';
import { createObject, getObject } from '../store.js';
import { all, unlessSettled } from './common.js';

export function runServiceAccounts(world: World): void {
  // A pass that created nothing holds until a namespace or service account is written.
  unlessSettled(world, 'service-accounts', ['Namespace', 'ServiceAccount'], () => createDefaults(world));
}

function createDefaults(world: World): void {
  const c = world.cluster!;
  const warmUp = !!runtimeOf(world)?.quiet;
  for (const ns of all(world, 'Namespace')) {
    const name = ns.metadata.name;
    if (ns.metadata.deletionTimestamp || getObject(c, 'ServiceAccount', name, 'default')) continue;
    createObject(world, {
      apiVersion: 'v1', kind: 'ServiceAccount',
      metadata: { name: 'default', namespace: name, ...(warmUp && ns.metadata.creationTimestamp ? { creationTimestamp: ns.metadata.creationTimestamp } : {}) },
    });
  }
}
