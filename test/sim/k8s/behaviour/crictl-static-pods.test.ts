// crictl on a node lists the containers of the node's own pods beside the kubelet's ordinary
// ones: on the control-plane node the static pods (etcd, kube-apiserver, kube-controller-manager,
// kube-scheduler) and on every node kube-proxy, with their sandboxes and images. A stopped
// component's container shows as Exited (only with -a).
import { describe, expect, it } from 'vitest';
import { cluster, linesWith } from './cluster.js';

const HEADER = 'CONTAINER           IMAGE               CREATED             STATE               NAME                      ATTEMPT             POD ID              POD                           NAMESPACE\n';
const cells = (line: string) => line.split(/ {3,}/);

describe('crictl on a kubeadm node', () => {
  it('lists the static pods\' containers on the control-plane node, ids as kubectl shows them', () => {
    const c = cluster();
    const ps = c.run('crictl ps').out;
    expect(ps.startsWith(HEADER)).toBe(true);
    const names = ps.trim().split('\n').slice(1).map((l) => cells(l)[4]).sort();
    expect(names).toEqual(['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-proxy', 'kube-scheduler']);
    const etcd = cells(linesWith(ps, ' etcd-cp1 ')[0]);
    expect(etcd[0]).toMatch(/^[0-9a-f]{13}$/);
    expect(etcd[2]).toMatch(/^\d+ (days|weeks) ago$/);
    expect(etcd.slice(3)).toEqual(['Running', 'etcd', '0', etcd[6], 'etcd-cp1', 'kube-system']);
    const id = c.run("kubectl -n kube-system get pod etcd-cp1 -o 'jsonpath={.status.containerStatuses[0].containerID}'").out;
    expect(id.slice('containerd://'.length, 'containerd://'.length + 13)).toBe(etcd[0]);
    expect(c.run('crictl ps -q').out.split('\n')).toContain(id.slice('containerd://'.length));
    const pods = c.run('crictl pods').out;
    expect(pods.split('\n')[0]).toBe('POD ID              CREATED             STATE               NAME                          NAMESPACE           ATTEMPT             RUNTIME');
    expect(cells(linesWith(pods, ' etcd-cp1 ')[0])).toEqual([etcd[6], etcd[2], 'Ready', 'etcd-cp1', 'kube-system', '0', '(default)']);
    const images = c.run('crictl images').out;
    expect(cells(linesWith(images, 'registry.k8s.io/etcd ')[0])).toEqual(['registry.k8s.io/etcd', '3.5.16-0', etcd[1], '57.7MB']);
    expect(cells(linesWith(images, 'registry.k8s.io/kube-apiserver ')[0]).slice(1, 2)).toEqual(['v1.32.4']);
  });

  it('a stopped component: its container is Exited, shown only by ps -a', () => {
    const c = cluster();
    c.run('systemctl stop kube-scheduler');
    c.wait(3);
    expect(linesWith(c.run('crictl ps').out, 'kube-scheduler')).toEqual([]);
    const row = cells(linesWith(c.run('crictl ps -a').out, ' kube-scheduler-cp1 ')[0]);
    expect(row.slice(3, 6)).toEqual(['Exited', 'kube-scheduler', '0']);
    c.run('systemctl start kube-scheduler');
    c.wait(2);
    const again = cells(linesWith(c.run('crictl ps').out, ' kube-scheduler-cp1 ')[0]);
    expect(again.slice(2, 6)).toEqual(['2 seconds ago', 'Running', 'kube-scheduler', '1']);
    expect(again[0]).not.toBe(row[0]);
    expect(again[6]).toBe(row[6]);
  });

  it('a worker node has kube-proxy and its ordinary pods, no control plane', () => {
    const c = cluster((y) => y, 'node1');
    const names = c.run('crictl ps').out.trim().split('\n').slice(1).map((l) => cells(l)[4]);
    expect(names).toContain('kube-proxy');
    expect(names).not.toContain('etcd');
    expect(names.length).toBeGreaterThan(1);
  });
});
