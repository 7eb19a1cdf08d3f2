import { describe, expect, it } from 'vitest';
import { serve } from '../../../server/sim/k8s/apiserver.js';
import { loadClusterYaml } from '../../../server/sim/k8s/fixture.js';
import type { Table } from '../../../server/sim/k8s/printers.js';
import { tinyWorld } from '../../helpers/world.js';

function world() {
  const w = tinyWorld();
  loadClusterYaml(w, `apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: v1
kind: Pod
metadata: {name: web-1, namespace: shop, labels: {app: web}, creationTimestamp: -3d2h}
spec: {nodeName: node-1, containers: [{name: web, image: nginx}]}
status: {phase: Running}
---
apiVersion: v1
kind: Pod
metadata: {name: api-1, namespace: shop, labels: {app: api}, creationTimestamp: -6m12s}
spec: {containers: [{name: api, image: api}]}
status: {phase: Pending}
`);
  return w;
}

describe('simulated API server', () => {
  it('serves version and discovery', () => {
    const w = world();
    expect(serve(w, { path: '/version' }).body).toMatchObject({ major: '1', minor: '32', gitVersion: 'v1.32.4' });
    expect(serve(w, { path: '/api' }).body).toMatchObject({ kind: 'APIVersions', versions: ['v1'] });
    const groups = (serve(w, { path: '/apis' }).body as { groups: { name: string }[] }).groups.map((g) => g.name);
    expect(groups).toEqual(['apps', 'autoscaling', 'batch', 'coordination.k8s.io', 'discovery.k8s.io', 'networking.k8s.io', 'storage.k8s.io']);
    const apps = serve(w, { path: '/apis/apps/v1' }).body as { resources: { name: string; shortNames?: string[] }[] };
    expect(apps.resources.find((r) => r.name === 'deployments')).toMatchObject({ shortNames: ['deploy'] });
    expect(serve(w, { path: '/apis/nope/v1' }).status).toBe(404);
  });

  it('gets and lists with selectors', () => {
    const w = world();
    expect(serve(w, { path: '/api/v1/namespaces/shop/pods/web-1' }).body).toMatchObject({ kind: 'Pod', metadata: { name: 'web-1' } });
    const list = (q: Record<string, string>) => (serve(w, { path: '/api/v1/namespaces/shop/pods', query: q }).body as { items: { metadata: { name: string } }[] }).items.map((p) => p.metadata.name);
    expect(list({})).toEqual(['api-1', 'web-1']);
    expect(list({ labelSelector: 'app=web' })).toEqual(['web-1']);
    expect(list({ fieldSelector: 'status.phase!=Running' })).toEqual(['api-1']);
    expect(list({ fieldSelector: 'spec.nodeName=node-1' })).toEqual(['web-1']);
    expect((serve(w, { path: '/api/v1/pods' }).body as { items: unknown[] }).items).toHaveLength(2);
    expect((serve(w, { path: '/api/v1/namespaces/nosuch/pods' }).body as { items: unknown[] }).items).toEqual([]);
  });

  it('answers errors with Status objects', () => {
    const w = world();
    expect(serve(w, { path: '/api/v1/namespaces/shop/pods/nope' })).toEqual({
      status: 404,
      body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'pods "nope" not found', reason: 'NotFound', details: { name: 'nope', kind: 'pods' }, code: 404 },
    });
    expect(serve(w, { path: '/apis/apps/v1/namespaces/shop/deployments/x' }).body).toMatchObject({ message: 'deployments.apps "x" not found', details: { group: 'apps' } });
    expect(serve(w, { path: '/api/v1/namespaces/shop/pods', query: { fieldSelector: 'spec.foo=bar' } })).toMatchObject({ status: 400, body: { reason: 'BadRequest', message: 'field label not supported: spec.foo' } });
    expect(serve(w, { path: '/api/v1/namespaces/shop/pods', query: { labelSelector: 'a b' } })).toMatchObject({ status: 400 });
  });

  it('returns server-side Tables for kubectl get', () => {
    const w = world();
    const t = serve(w, { path: '/api/v1/namespaces/shop/pods', table: true }).body as Table;
    expect(t.columnDefinitions.map((c) => `${c.name}:${c.priority}`)).toEqual(['Name:0', 'Ready:0', 'Status:0', 'Restarts:0', 'Age:0', 'IP:1', 'Node:1', 'Nominated Node:1', 'Readiness Gates:1']);
    expect(t.rows.map((r) => r.cells)).toEqual([
      ['api-1', '0/1', 'Pending', '0', '6m12s', '<none>', '<none>', '<none>', '<none>'],
      ['web-1', '0/1', 'Running', '0', '3d2h', '<none>', 'node-1', '<none>', '<none>'],
    ]);
    expect(t.rows[0].object.metadata.labels).toEqual({ app: 'api' });
  });
});
