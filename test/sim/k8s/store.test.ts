import { describe, expect, it } from 'vitest';
import { formatRfc3339, wallMs } from '../../../server/sim/clock.js';
import { createObject, deleteObject, getObject, listObjects, newCluster, recordEvent, updateObject } from '../../../server/sim/k8s/store.js';
import type { Pod } from '../../../server/sim/k8s/types.js';
import type { World } from '../../../server/sim/world/types.js';

function world(seed = 7): World {
  const w: World = { now: 60_000, rng: seed, subnets: {}, hosts: {}, securityGroups: {}, seq: 0, cluster: newCluster({ server: 'https://10.0.10.10:6443', version: 'v1.32.4' }) };
  for (const name of ['default', 'shop', 'a-team']) createObject(w, { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  return w;
}

const pod = (name: string, namespace = 'shop'): Pod => ({
  apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace }, spec: { containers: [{ name: 'c', image: 'nginx' }] }, status: { phase: 'Running' },
});

describe('object store', () => {
  it('stamps uid, resourceVersion and creationTimestamp from the world clock', () => {
    const w = world();
    const res = createObject(w, pod('web-1'));
    expect(res.ok).toBe(true);
    const p = getObject(w.cluster!, 'Pod', 'shop', 'web-1')!;
    expect(p.metadata.uid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(p.metadata.resourceVersion).toBe('4');
    expect(p.metadata.creationTimestamp).toBe(formatRfc3339(wallMs(60_000)));
    expect(p.metadata.creationTimestamp).toBe('2026-11-23T09:01:00Z');
    expect(p.metadata.generation).toBeUndefined();
  });

  it('draws uids from the world PRNG: same seed, same uids', () => {
    const a = world(1);
    const b = world(1);
    const c = world(2);
    for (const w of [a, b, c]) createObject(w, pod('x'));
    const uid = (w: World) => getObject(w.cluster!, 'Pod', 'shop', 'x')!.metadata.uid;
    expect(uid(a)).toBe(uid(b));
    expect(uid(a)).not.toBe(uid(c));
  });

  it('refuses duplicates and objects in missing namespaces, changing nothing', () => {
    const w = world();
    createObject(w, pod('web-1'));
    const rv = w.cluster!.resourceVersion;
    expect(createObject(w, pod('web-1'))).toEqual({ ok: false, error: { reason: 'AlreadyExists', message: 'pods "web-1" already exists' } });
    expect(createObject(w, pod('web-1', 'nosuch'))).toEqual({ ok: false, error: { reason: 'NotFound', message: 'namespaces "nosuch" not found' } });
    expect(w.cluster!.resourceVersion).toBe(rv);
  });

  it('lists in etcd key order (namespace, then name) and filters by namespace', () => {
    const w = world();
    for (const [n, ns] of [['b', 'shop'], ['a', 'shop'], ['z', 'a-team'], ['a-1', 'shop']]) createObject(w, pod(n, ns));
    expect(listObjects(w.cluster!, 'Pod').map((p) => `${p.metadata.namespace}/${p.metadata.name}`)).toEqual(['a-team/z', 'shop/a', 'shop/a-1', 'shop/b']);
    expect(listObjects(w.cluster!, 'Pod', 'shop').map((p) => p.metadata.name)).toEqual(['a', 'a-1', 'b']);
  });

  it('bumps the resourceVersion on update and removes on delete', () => {
    const w = world();
    createObject(w, pod('web-1'));
    const p = getObject(w.cluster!, 'Pod', 'shop', 'web-1')!;
    p.status.phase = 'Failed';
    updateObject(w, p);
    expect(p.metadata.resourceVersion).toBe('5');
    expect(deleteObject(w, 'Pod', 'shop', 'web-1')).toBe(true);
    expect(deleteObject(w, 'Pod', 'shop', 'web-1')).toBe(false);
    expect(getObject(w.cluster!, 'Pod', 'shop', 'web-1')).toBeUndefined();
  });

  it('folds repeated events into one with a count, like the event recorder', () => {
    const w = world();
    createObject(w, pod('api'));
    const p = getObject(w.cluster!, 'Pod', 'shop', 'api')!;
    const spec = { type: 'Warning' as const, reason: 'BackOff', message: 'Back-off restarting failed container api', component: 'kubelet', host: 'node-1', fieldPath: 'spec.containers{api}' };
    const first = recordEvent(w, p, spec);
    w.now += 30_000;
    const again = recordEvent(w, p, spec);
    expect(again.metadata.name).toBe(first.metadata.name);
    expect(again.count).toBe(2);
    expect(again.firstTimestamp).toBe('2026-11-23T09:01:00Z');
    expect(again.lastTimestamp).toBe('2026-11-23T09:01:30Z');
    recordEvent(w, p, { ...spec, message: 'other' });
    const events = listObjects(w.cluster!, 'Event', 'shop');
    expect(events).toHaveLength(2);
    expect(first.metadata.name).toMatch(/^api\.[0-9a-f]+$/);
    expect(first.involvedObject).toMatchObject({ kind: 'Pod', name: 'api', namespace: 'shop', uid: p.metadata.uid, fieldPath: 'spec.containers{api}' });
    expect(first.source).toEqual({ component: 'kubelet', host: 'node-1' });
  });

  it('records node events in the default namespace without an object namespace', () => {
    const w = world();
    const node = { apiVersion: 'v1', kind: 'Node' as const, metadata: { name: 'node-1' }, spec: {}, status: {} };
    createObject(w, node);
    const e = recordEvent(w, node, { type: 'Normal', reason: 'NodeNotReady', message: 'Node node-1 status is now: NodeNotReady', component: 'node-controller' });
    expect(e.metadata.namespace).toBe('default');
    expect(e.involvedObject.namespace).toBeUndefined();
  });
});
