// A node whose disk is nearly full (nodefs.available below the kubelet's 10% hard threshold)
// reports DiskPressure, is tainted NoSchedule, and its kubelet evicts its pods one after the
// other (critical pods aside): Failed/Evicted with the eviction manager's message, an Evicted
// event, EvictionThresholdMet on the node. Their ReplicaSets replace them on other nodes; a pod
// pinned to the node stays Pending until the disk is freed.
import { describe, expect, it } from 'vitest';
import { cluster, linesWith, row } from './cluster.js';

const MIB = 1024 * 1024;

function fullDisk() {
  const c = cluster();
  const node1 = c.world.hosts.node1;
  const grow = Math.ceil(node1.disk.sizeMb * 0.95) - node1.disk.usedMb;
  node1.disk.files = { ...node1.disk.files, '/var/log/app/debug.log': grow };
  node1.disk.usedMb += grow;
  node1.files['/var/log/app/debug.log'] = 'DEBUG\n';
  const onNode1 = (ns: string) => linesWith(c.run(`kubectl -n ${ns} get pods -o wide`).out, ' node1 ').map((l) => l.split(' ')[0]);
  const before = { shop: onNode1('shop'), ingress: onNode1('ingress-nginx') };
  c.wait(15);
  return { ...c, before, node1 };
}

describe('disk pressure on a node', () => {
  it('evicts its pods with the kubelet\'s message and events; replacements go to other nodes', () => {
    const c = fullDisk();
    const [api, web] = [c.before.shop.find((n) => n.startsWith('api-'))!, c.before.shop.find((n) => n.startsWith('web-'))!];
    expect(row(c.run('kubectl -n shop get pods').out, api)?.slice(1, 4)).toEqual(['0/1', 'Evicted', '0']);
    expect(row(c.run('kubectl -n shop get pods').out, web)?.slice(1, 4)).toEqual(['0/1', 'Evicted', '0']);
    const capacity = c.node1.disk.sizeMb * MIB;
    const threshold = `${(capacity * 0.1) / 1024 ** 3}Gi`;
    const available = `${c.node1.disk.sizeMb - c.node1.disk.usedMb}Mi`.replace(/^(\d+)Mi$/, (m, n) => (Number(n) % 1024 ? m : `${Number(n) / 1024}Gi`));
    const status = c.run(`kubectl -n shop get pod ${api} -o 'jsonpath={.status.phase}|{.status.reason}|{.status.message}'`).out.split('|');
    expect(status.slice(0, 2)).toEqual(['Failed', 'Evicted']);
    expect(status[2]).toMatch(new RegExp(`^The node was low on resource: ephemeral-storage\\. Threshold quantity: ${threshold}, available: ${available}\\. Container api was using \\d+Ki, request is 0, has larger consumption of ephemeral-storage\\. $`));
    const cond = c.run(`kubectl -n shop get pod ${api} -o 'jsonpath={.status.conditions[?(@.type=="DisruptionTarget")].reason}'`).out;
    expect(cond).toBe('TerminationByKubelet');
    const events = c.run(`kubectl -n shop get events --field-selector involvedObject.name=${api} -o 'jsonpath={range .items[*]}{.type} {.reason} {.source.component}/{.source.host}: {.message}{"\\n"}{end}'`).out;
    expect(events).toContain(`Warning Evicted kubelet/node1: ${status[2]}\n`);
    expect(events).toContain('Normal Killing kubelet/node1: Stopping container api\n');
    expect(c.run('kubectl get events --field-selector involvedObject.name=node1,reason=EvictionThresholdMet -o jsonpath={.items[0].type}/{.items[0].message}').out).toBe('Warning/Attempting to reclaim ephemeral-storage');
    expect(c.run('kubectl describe node node1').out).toContain('Taints:             node.kubernetes.io/disk-pressure:NoSchedule\n');
    // The deployments are whole again, on node2.
    const pods = c.run('kubectl -n shop get pods -o wide').out;
    expect(linesWith(pods, 'Running').length).toBe(4);
    expect(linesWith(pods, 'Running').every((l) => l.includes(' node2 '))).toBe(true);
    // Critical pods stay (coredns, metrics-server: system-cluster-critical).
    expect(linesWith(c.run('kubectl -n kube-system get pods -o wide').out, ' node1 ').every((l) => / Running /.test(l))).toBe(true);
    const log = c.run('ssh node1 journalctl -u kubelet --no-pager').out;
    expect(log).toMatch(/eviction_manager\.go:\d+\] "Eviction manager: attempting to reclaim" resourceName="ephemeral-storage"\n/);
    expect(log).toContain(`"Eviction manager: pod is evicted successfully" pod="shop/${api}"`);
    expect(log).toMatch(/E\d{4} [\d:.]+ +\d+ eviction_manager\.go:\d+\] "Eviction manager: cannot evict a critical pod" pod="kube-system\/coredns-/);
  });

  it('evicts the pods using the most disk first, one at a time', () => {
    const c = cluster();
    const node1 = c.world.hosts.node1;
    node1.disk.usedMb = Math.ceil(node1.disk.sizeMb * 0.95);
    c.wait(10);
    const log = c.run('ssh node1 journalctl -u kubelet --no-pager').out;
    const evicted = [...log.matchAll(/pod is evicted successfully" pod="([^"]+)"/g)].map((m) => m[1]);
    const ranked = /pods ranked for eviction" pods=\[([^\]]*)\]/.exec(log)![1].split(',').map((s) => s.slice(1, -1));
    expect(evicted[0]).toBe(ranked[0]);
    expect(ranked.at(-1)).toMatch(/^kube-system\//);
    // Same world, same seed: the same order.
    const again = cluster();
    again.world.hosts.node1.disk.usedMb = node1.disk.usedMb;
    again.wait(10);
    expect([...again.run('ssh node1 journalctl -u kubelet --no-pager').out.matchAll(/pod is evicted successfully" pod="([^"]+)"/g)].map((m) => m[1].replace(/-[a-z0-9]+$/, ''))).toEqual(evicted.map((n) => n.replace(/-[a-z0-9]+$/, '')));
  });

  it('a pod pinned to the node stays Pending until the disk is freed', () => {
    const c = fullDisk();
    const pending = linesWith(c.run('kubectl -n ingress-nginx get pods').out, 'Pending');
    expect(pending.length).toBe(1);
    const name = pending[0].split(' ')[0];
    expect(c.run(`kubectl -n ingress-nginx describe pod ${name}`).out).toMatch(/FailedScheduling .*1 node\(s\) had untolerated taint \{node\.kubernetes\.io\/disk-pressure: \}/);
    expect(c.run('ssh node1 rm /var/log/app/debug.log').exit).toBe(0);
    c.wait(40);
    expect(c.run('kubectl describe node node1').out).toContain('Taints:             <none>\n');
    expect(row(c.run('kubectl -n ingress-nginx get pods -o wide').out, name)?.slice(1, 3)).toEqual(['1/1', 'Running']);
  });
});
