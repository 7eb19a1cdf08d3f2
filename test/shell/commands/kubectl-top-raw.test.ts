// kubectl top with selectors and sorting (every line padded to the last column, as kubectl's
// printer ends each with a tab), and kubectl get --raw, in the running base cluster:
// the health checks follow etcd, a stopped API server is a refused connection.
import { describe, expect, it } from 'vitest';
import { cluster } from '../../sim/k8s/behaviour/cluster.js';

describe('kubectl top -l / --sort-by', () => {
  it('picks pods and nodes by label and sorts by usage', () => {
    const c = cluster();
    const api = c.run('kubectl top pod -n shop -l app=api').out.split('\n').filter(Boolean);
    expect(api[0]).toMatch(/^NAME +CPU\(cores\) +MEMORY\(bytes\) {3}$/);
    expect(api.slice(1).every((l) => l.startsWith('api-'))).toBe(true);
    expect(api.length).toBe(3);
    const all = c.run('kubectl top pod -A --sort-by=memory --no-headers').out.split('\n').filter(Boolean);
    const mem = all.map((l) => Number(l.split(/ +/)[3].replace('Mi', '')));
    expect(mem).toEqual([...mem].sort((x, y) => y - x));
    expect(c.run('kubectl top node -l kubernetes.io/hostname=node1').out).toMatch(/^NAME +CPU\(cores\) +CPU\(%\) +MEMORY\(bytes\) +MEMORY\(%\) {3}\nnode1 +\d+m +\d+% +\d+Mi +\d+% +\n$/);
    expect(c.run('kubectl top node -l nope=x')).toMatchObject({ err: 'error: metrics not available yet\n', exit: 1 });
    expect(c.run('kubectl top pod -n shop -l app=nope')).toMatchObject({ out: '', err: 'No resources found in shop namespace.\n', exit: 0 });
    expect(c.run('kubectl top pod -n shop --containers -l app=web').out.split('\n')[0]).toMatch(/^POD +NAME +CPU\(cores\) +MEMORY\(bytes\) {3}$/);
    expect(c.run('kubectl top pod x -n shop -l app=web')).toMatchObject({ err: 'error: only one of NAME or selector can be provided\n', exit: 1 });
  });
});

describe('kubectl get --raw', () => {
  it('passes the API server body through', () => {
    const c = cluster();
    expect(c.run('kubectl get --raw /healthz')).toMatchObject({ out: 'ok', err: '', exit: 0 });
    const verbose = c.run("kubectl get --raw '/readyz?verbose'").out;
    expect(verbose.startsWith('[+]ping ok\n[+]log ok\n[+]etcd ok\n')).toBe(true);
    expect(verbose.endsWith('[+]shutdown ok\nreadyz check passed\n')).toBe(true);
    expect(JSON.parse(c.run('kubectl get --raw /version').out).gitVersion).toBe('v1.32.4');
    const pods = c.run('kubectl get --raw /api/v1/namespaces/shop/pods?labelSelector=app%3Dweb').out;
    expect(pods.endsWith('}\n')).toBe(true);
    expect((JSON.parse(pods) as { items: unknown[] }).items.length).toBe(2);
    expect(c.run('kubectl get --raw /apis/apps/v1/namespaces/shop/deployments/nope')).toMatchObject({ err: 'Error from server (NotFound): deployments.apps "nope" not found\n', exit: 1 });
    expect(c.run('kubectl get --raw /nope')).toMatchObject({ err: 'Error from server (NotFound): the server could not find the requested resource\n', exit: 1 });
  });

  it('reports a failing etcd and a stopped API server', () => {
    const c = cluster();
    c.world.hosts.cp1.units.etcd.state = 'inactive';
    const r = c.run('kubectl get --raw /livez');
    expect(r.exit).toBe(1);
    expect(r.err).toMatch(/^Error from server \(InternalError\): an error on the server \("\[\+\]ping ok\\n\[\+\]log ok\\n\[-\]etcd failed: reason withheld\\n.*livez check failed"\) has prevented the request from succeeding\n$/);
    expect(c.run('kubectl get --raw /api/v1/namespaces')).toMatchObject({ err: 'Error from server: etcdserver: request timed out\n', exit: 1 });
    c.world.hosts.cp1.units.etcd.state = 'active';
    c.run('systemctl stop kube-apiserver');
    expect(c.run('kubectl get --raw /healthz')).toMatchObject({ out: '', err: 'The connection to the server 10.0.10.10:6443 was refused - did you specify the right host or port?\n', exit: 1 });
  });
});
