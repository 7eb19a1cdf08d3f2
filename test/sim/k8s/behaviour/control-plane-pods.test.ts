// kubeadm's pods in kube-system: the control plane's static (mirror) pods on cp1 and a
// kube-proxy pod per node from its DaemonSet, each reporting the health of the node's unit.
// The scheduler stopped: its pod goes 0/1 CrashLoopBackOff and new pods stay Pending without
// a FailedScheduling event (nobody schedules them) until it is started again.
import { describe, expect, it } from 'vitest';
import { cluster, linesWith, row } from './cluster.js';

describe('control-plane and kube-proxy pods', () => {
  it('are listed in kube-system like a kubeadm cluster', () => {
    const c = cluster();
    const out = c.run('kubectl -n kube-system get pods -o wide').out;
    for (const name of ['etcd-cp1', 'kube-apiserver-cp1', 'kube-controller-manager-cp1', 'kube-scheduler-cp1']) {
      expect(row(out, name)).toEqual([name, '1/1', 'Running', '0', '41d', '10.0.10.10', 'cp1', '<none>', '<none>']);
    }
    const proxies = linesWith(out, 'kube-proxy-');
    expect(proxies.map((l) => l.split(/ +/)[6]).sort()).toEqual(['cp1', 'node1', 'node2']);
    expect(proxies.every((l) => /^kube-proxy-[a-z0-9]{5} +1\/1 +Running +0 /.test(l))).toBe(true);
    expect(c.run('kubectl -n kube-system get ds').out).toBe('NAME         DESIRED   CURRENT   READY   UP-TO-DATE   AVAILABLE   NODE SELECTOR            AGE\nkube-proxy   3         3         3       3            3           kubernetes.io/os=linux   41d\n');
    const d = c.run('kubectl -n kube-system describe pod kube-apiserver-cp1').out;
    expect(d).toContain('Priority Class Name:  system-node-critical\nNode:                 cp1/10.0.10.10\n');
    expect(d).toContain('Controlled By:  Node/cp1\n');
    expect(d).toContain('    Image:         registry.k8s.io/kube-apiserver:v1.32.4\n');
    expect(c.run("kubectl -n kube-system get pod -l component=etcd -o 'jsonpath={.items[0].metadata.annotations.kubernetes\\.io/config\\.source}'").out).toBe('file');
  });

  it('a stopped scheduler: its pod is not ready, new pods stay Pending; starting it schedules them', () => {
    const c = cluster();
    expect(c.run('systemctl stop kube-scheduler').exit).toBe(0);
    c.wait(2);
    expect(row(c.run('kubectl -n kube-system get pods').out, 'kube-scheduler-cp1')?.slice(1, 3)).toEqual(['0/1', 'CrashLoopBackOff']);
    c.run('kubectl -n shop scale deploy web --replicas=3');
    c.wait(30);
    const pending = linesWith(c.run('kubectl -n shop get pods').out, 'Pending');
    expect(pending.length).toBe(1);
    const name = pending[0].split(' ')[0];
    const d = c.run(`kubectl -n shop describe pod ${name}`).out;
    expect(d).toContain('Node:             <none>\n');
    expect(d).toMatch(/\nEvents: +<none>\n$/);
    expect(c.run('systemctl start kube-scheduler').exit).toBe(0);
    c.wait(5);
    expect(row(c.run('kubectl -n shop get pods').out, name)?.slice(1, 3)).toEqual(['1/1', 'Running']);
    expect(row(c.run('kubectl -n kube-system get pods').out, 'kube-scheduler-cp1')?.slice(1, 4)).toEqual(['1/1', 'Running', '1 (37s ago)']);
  });

  it('deleting a kube-proxy pod: the DaemonSet makes a new one on that node', () => {
    const c = cluster();
    const old = linesWith(c.run('kubectl -n kube-system get pods -o wide').out, ' node2 ').find((l) => l.startsWith('kube-proxy-'))!.split(' ')[0];
    expect(c.run(`kubectl -n kube-system delete pod ${old}`).out).toBe(`pod "${old}" deleted\n`);
    c.wait(3);
    const now = linesWith(c.run('kubectl -n kube-system get pods -o wide').out, ' node2 ').filter((l) => l.startsWith('kube-proxy-'));
    expect(now.length).toBe(1);
    expect(now[0]).not.toContain(old);
    expect(now[0]).toMatch(/1\/1 +Running +0 +3s +10\.0\.10\.12 +node2 /);
  });
});
