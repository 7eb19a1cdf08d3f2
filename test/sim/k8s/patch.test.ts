// The API server's patch formats and the patch kubectl apply computes.
import { describe, expect, it } from 'vitest';
import { jsonPatch, mergePatch, PatchError, strategicMerge, threeWayPatch, type JsonObject } from '../../../server/sim/k8s/patch.js';

const deploy = (): JsonObject => ({
  spec: {
    replicas: 2,
    template: { spec: { containers: [{ name: 'web', image: 'nginx:1.27', env: [{ name: 'A', value: '1' }] }, { name: 'side', image: 'envoy' }], tolerations: [{ key: 'a' }] } },
  },
});

describe('strategic merge patch', () => {
  it('merges containers by name and env by name, replaces lists without a merge key', () => {
    const out = strategicMerge('Deployment', deploy(), {
      spec: { template: { spec: { containers: [{ name: 'web', image: 'nginx:1.28', env: [{ name: 'B', value: '2' }] }], tolerations: [{ key: 'b' }] } } },
    });
    expect(out.spec).toEqual({
      replicas: 2,
      template: { spec: { containers: [{ name: 'web', image: 'nginx:1.28', env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }] }, { name: 'side', image: 'envoy' }], tolerations: [{ key: 'b' }] } },
    });
  });

  it('deletes list elements and keys, and orders merged lists', () => {
    const out = strategicMerge('Deployment', deploy(), {
      spec: { replicas: null, template: { spec: { containers: [{ name: 'side', $patch: 'delete' }, { name: 'init', image: 'busybox' }], '$setElementOrder/containers': [{ name: 'init' }, { name: 'web' }] } } },
    });
    expect(out.spec).toEqual({ template: { spec: { containers: [{ name: 'init', image: 'busybox' }, { name: 'web', image: 'nginx:1.27', env: [{ name: 'A', value: '1' }] }], tolerations: [{ key: 'a' }] } } });
  });

  it('needs the merge key in every element', () => {
    expect(() => strategicMerge('Pod', { spec: { containers: [] } }, { spec: { containers: [{ image: 'x' }] } })).toThrow(PatchError);
  });
});

describe('merge and JSON patches', () => {
  it('merge patch: objects merge, null deletes, lists replace', () => {
    expect(mergePatch({ a: 1, b: { c: 2, d: 3 }, l: [1, 2] }, { a: null, b: { c: 5 }, l: [3] })).toEqual({ b: { c: 5, d: 3 }, l: [3] });
  });

  it('JSON patch applies operations in order and fails like evanphx/json-patch', () => {
    expect(jsonPatch({ a: [1, 2], b: 1 }, [{ op: 'add', path: '/a/-', value: 3 }, { op: 'replace', path: '/b', value: 2 }, { op: 'move', from: '/b', path: '/c' }])).toEqual({ a: [1, 2, 3], c: 2 });
    expect(() => jsonPatch({}, [{ op: 'remove', path: '/spec/foo' }])).toThrow('remove operation does not apply: doc is missing path: "/spec/foo": missing value');
    expect(() => jsonPatch({ spec: {} }, [{ op: 'remove', path: '/spec/foo' }])).toThrow('Unable to remove nonexistent key: foo: missing value');
    expect(() => jsonPatch({ a: 1 }, [{ op: 'test', path: '/a', value: 2 }])).toThrow('testing value /a failed: test failed');
  });
});

describe('the patch kubectl apply sends', () => {
  it('is empty when nothing changed, whatever the server added', () => {
    const applied = { spec: { replicas: 2 } };
    expect(threeWayPatch('Deployment', applied, applied, { spec: { replicas: 2, revisionHistoryLimit: 10 } })).toEqual({});
  });

  it('sets what changed and deletes what the manifest no longer has', () => {
    const before = { metadata: { labels: { a: '1', b: '2' } }, spec: { paused: true } };
    const now = { metadata: { labels: { a: '3' } }, spec: {} };
    const live = { metadata: { labels: { a: '1', b: '2', c: 'server' } }, spec: { paused: true, replicas: 1 } };
    expect(threeWayPatch('Deployment', before, now, live)).toEqual({ metadata: { labels: { a: '3', b: null } }, spec: { paused: null } });
  });
});
