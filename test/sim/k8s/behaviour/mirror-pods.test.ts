// A static pod's mirror pod (kube-system/etcd-cp1 and the like) is only the API's view of a
// pod the kubelet runs from its manifest: deleting it changes nothing on the node, and the
// kubelet posts it again at once under a new uid (its age starts again, its container does not).
import { describe, expect, it } from 'vitest';
import { cluster, row } from './cluster.js';

describe('mirror pods', () => {
  it('deleted, they come back at once with a new uid; the container keeps running', () => {
    const c = cluster();
    const uid = c.run('kubectl -n kube-system get pod etcd-cp1 -o jsonpath={.metadata.uid}').out;
    const started = c.run('kubectl -n kube-system get pod etcd-cp1 -o jsonpath={.status.containerStatuses[0].state.running.startedAt}').out;
    const del = c.run('kubectl -n kube-system delete pod etcd-cp1');
    expect(del.out).toBe('pod "etcd-cp1" deleted\n');
    // kubectl's wait ends when the name answers with another uid.
    expect(del.elapsedMs).toBeLessThanOrEqual(1000);
    expect(row(c.run('kubectl -n kube-system get pods').out, 'etcd-cp1')).toEqual(['etcd-cp1', '1/1', 'Running', '0', '0s']);
    c.wait(5);
    expect(row(c.run('kubectl -n kube-system get pods').out, 'etcd-cp1')).toEqual(['etcd-cp1', '1/1', 'Running', '0', '5s']);
    const now = c.run("kubectl -n kube-system get pod etcd-cp1 -o 'jsonpath={.metadata.uid}|{.status.containerStatuses[0].state.running.startedAt}|{.metadata.annotations.kubernetes\\.io/config\\.mirror}'").out.split('|');
    expect(now[0]).not.toBe(uid);
    expect(now[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(now[1]).toBe(started);
    expect(now[2]).toMatch(/^[0-9a-f]{32}$/);
    // The other mirror pods were not touched.
    expect(row(c.run('kubectl -n kube-system get pods').out, 'kube-apiserver-cp1')?.slice(1, 5)).toEqual(['1/1', 'Running', '0', '41d']);
  });

  it('force-deleted, it is back at the kubelet\'s next sync; not while the kubelet is stopped', () => {
    const c = cluster();
    expect(c.run('kubectl -n kube-system delete pod kube-scheduler-cp1 --force --grace-period=0').out).toBe('pod "kube-scheduler-cp1" force deleted\n');
    c.wait(1);
    expect(row(c.run('kubectl -n kube-system get pods').out, 'kube-scheduler-cp1')?.slice(1, 5)).toEqual(['1/1', 'Running', '0', '0s']);
    c.run('systemctl stop kubelet');
    c.run('kubectl -n kube-system delete pod kube-scheduler-cp1 --force --grace-period=0');
    c.wait(5);
    expect(c.run('kubectl -n kube-system get pod kube-scheduler-cp1').err).toBe('Error from server (NotFound): pods "kube-scheduler-cp1" not found\n');
    c.run('systemctl start kubelet');
    c.wait(2);
    expect(row(c.run('kubectl -n kube-system get pods').out, 'kube-scheduler-cp1')?.slice(1, 4)).toEqual(['1/1', 'Running', '0']);
  });
});
