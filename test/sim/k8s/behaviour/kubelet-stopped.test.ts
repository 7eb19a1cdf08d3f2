// The kubelet stopped on a worker: its lease stops being renewed, after the 40 s grace period
// the node controller marks the node NotReady (conditions Unknown) and taints it unreachable;
// 300 s later (the pods' default toleration) its pods are evicted and replaced elsewhere, but
// stay Terminating until a kubelet confirms. Starting the kubelet again heals the node.
import { describe, expect, it } from 'vitest';
import { cluster, linesWith, row } from './cluster.js';

describe('kubelet stopped on node1', () => {
  it('goes NotReady after the grace period, evicts after the toleration, and heals when started', () => {
    const c = cluster();
    expect(c.run('ssh node1 systemctl stop kubelet')).toMatchObject({ out: '', err: '', exit: 0 });
    c.wait(30);
    expect(row(c.run('kubectl get nodes').out, 'node1')).toEqual(['node1', 'Ready', '<none>', '41d', 'v1.32.4']);
    c.wait(15);
    expect(row(c.run('kubectl get nodes').out, 'node1')).toEqual(['node1', 'NotReady', '<none>', '41d', 'v1.32.4']);
    const d = c.run('kubectl describe node node1').out;
    expect(d).toContain('Taints:             node.kubernetes.io/unreachable:NoExecute\n                    node.kubernetes.io/unreachable:NoSchedule\n');
    expect(d).toMatch(/  Ready            Unknown   Mon, 23 Nov 2026 09:00:00 \+0000   Mon, 23 Nov 2026 09:00:4\d \+0000   NodeStatusUnknown   Kubelet stopped posting node status\.\n/);
    expect(d).toMatch(/  Normal  NodeNotReady  \d+s    node-controller  Node node1 status is now: NodeNotReady\n/);
    // Its pods are marked not ready (the Ready condition; containers still report ready).
    const onNode1 = linesWith(c.run('kubectl -n shop get pods -o wide').out, ' node1 ').map((l) => l.split(' ')[0]);
    expect(onNode1.length).toBe(2);
    expect(c.run(`kubectl -n shop get pod ${onNode1[0]} -o 'jsonpath={.status.conditions[?(@.type=="Ready")].status}'`).out).toBe('False');
    expect(c.run(`kubectl -n shop get events --field-selector involvedObject.name=${onNode1[0]},reason=NodeNotReady -o jsonpath={.items[0].message}`).out).toBe('Node is not ready');

    // The taint came at ~41 s; the pods tolerate it for 300 s.
    c.wait(290);
    expect(c.run('kubectl -n shop get pods').out).not.toContain('Terminating');
    c.wait(15);
    const wide = c.run('kubectl -n shop get pods -o wide').out;
    for (const name of onNode1) expect(row(wide, name)?.[2]).toBe('Terminating');
    expect(linesWith(wide, ' node2 ').filter((l) => / Running /.test(l)).length).toBe(4);
    expect(c.run('kubectl -n shop get events --field-selector reason=TaintManagerEviction -o jsonpath={.items[*].message}').out)
      .toBe(onNode1.map((n) => `Marking for deletion Pod shop/${n}`).sort().join(' '));

    expect(c.run('ssh node1 systemctl start kubelet').exit).toBe(0);
    c.wait(15);
    expect(row(c.run('kubectl get nodes').out, 'node1')).toEqual(['node1', 'Ready', '<none>', '41d', 'v1.32.4']);
    const healed = c.run('kubectl describe node node1').out;
    expect(healed).toContain('Taints:             <none>\n');
    expect(healed).toMatch(/  Normal  NodeReady     \d+s    kubelet          Node node1 status is now: NodeReady\n/);
    // The kubelet confirmed the evicted pods gone; the replacements run on node2.
    const after = c.run('kubectl -n shop get pods').out;
    expect(after).not.toContain('Terminating');
    expect(linesWith(after, 'Running').length).toBe(4);
  });

  it('heals before any eviction when started within the toleration', () => {
    const c = cluster();
    c.run('ssh node1 systemctl stop kubelet');
    c.wait(60);
    expect(row(c.run('kubectl get nodes').out, 'node1')?.[1]).toBe('NotReady');
    c.run('ssh node1 systemctl start kubelet');
    c.wait(15);
    expect(row(c.run('kubectl get nodes').out, 'node1')?.[1]).toBe('Ready');
    c.wait(300);
    expect(c.run('kubectl get events -A --field-selector reason=TaintManagerEviction').err).toBe('No resources found\n');
    const onNode1 = linesWith(c.run('kubectl -n shop get pods -o wide').out, ' node1 ');
    expect(onNode1.length).toBe(2);
    // The kubelet puts back the Ready condition the node controller set to False.
    for (const line of onNode1) {
      const name = line.split(' ')[0];
      expect(c.run(`kubectl -n shop get pod ${name} -o 'jsonpath={.status.conditions[?(@.type=="Ready")].status}'`).out).toBe('True');
    }
  });
});
