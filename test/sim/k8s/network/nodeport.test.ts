// A NodePort answers on every node's address, whichever node the endpoint runs on, until a
// rule in a node's iptables drops the traffic. NodePort traffic is DNATed in PREROUTING and
// forwarded to the pod: an INPUT rule for the NodePort does not block it (as on a real node).
import { describe, expect, it } from 'vitest';
import { cluster } from './cluster.js';

const PAGE = '<!doctype html><title>shop</title>\n';

describe('NodePort 30080 of shop/web', () => {
  it('answers on every node, the control plane too, and from the node itself', () => {
    const { run } = cluster();
    for (const ip of ['10.0.10.10', '10.0.10.11', '10.0.10.12']) expect(run(`curl -sS http://${ip}:30080/`).out, ip).toBe(PAGE);
    expect(run('ssh node2 curl -sS http://10.0.10.12:30080/').out).toBe(PAGE);
    expect(run('iptables -t nat -S KUBE-NODEPORTS').out).toMatch(/-A KUBE-NODEPORTS -p tcp -m comment --comment "shop\/web:http" -m tcp --dport 30080 -j KUBE-EXT-\w+\n/);
  });

  it('is not blocked by an INPUT rule for the port: the traffic is forwarded, not delivered', () => {
    const { run } = cluster();
    run('ssh node2 iptables -I INPUT -p tcp --dport 30080 -j DROP');
    expect(run('curl -sS -m 5 http://10.0.10.12:30080/').out).toBe(PAGE);
  });

  it("keeps each node's kube-proxy rules its own: a chain renamed or a rule counted on one node is not on the others", () => {
    const { run } = cluster();
    const ext = /-j (KUBE-EXT-\w+)/.exec(run('ssh node2 iptables -t nat -S KUBE-NODEPORTS').out)![1];
    run(`ssh node2 iptables -t nat -E ${ext} MY-EXT`);
    expect(run('ssh node2 iptables -t nat -S KUBE-NODEPORTS').out).toContain('-j MY-EXT\n');
    expect(run('ssh node1 iptables -t nat -S KUBE-NODEPORTS').out).toContain(`-j ${ext}\n`);
    expect(run('curl -sS -m 5 http://10.0.10.11:30080/').out).toBe(PAGE);
    const counted = (node: string) => run(`ssh ${node} iptables -t nat -L KUBE-NODEPORTS -v -n -x`).out.split('\n').find((l) => l.includes('shop/web:http'))!.trim().split(/\s+/)[0];
    expect(counted('node1')).toBe('1');
    expect(counted('node2')).toBe('0');
  });

  it('times out on the one node whose FORWARD chain drops pod traffic, and comes back when the rule goes', () => {
    const { run } = cluster();
    run('ssh node2 iptables -I FORWARD -d 10.244.0.0/16 -j DROP');
    const blocked = run('curl -sS -m 5 http://10.0.10.12:30080/');
    expect(blocked.err).toBe('curl: (28) Connection timed out after 5000 milliseconds\n');
    expect(blocked.exit).toBe(28);
    expect(run('curl -sS -m 5 http://10.0.10.11:30080/').out).toBe(PAGE);
    expect(run('ssh node2 iptables -L FORWARD -n --line-numbers').out).toContain('\n1    DROP       0    --  0.0.0.0/0            10.244.0.0/16       \n');
    run('ssh node2 iptables -D FORWARD 1');
    expect(run('curl -sS -m 5 http://10.0.10.12:30080/').out).toBe(PAGE);
  });

  it('is refused everywhere when a REJECT for it sits in KUBE-EXTERNAL-SERVICES (no endpoints)', () => {
    const { run, wait } = cluster();
    run('kubectl -n shop scale deploy web --replicas=0');
    wait(40);
    expect(run('iptables -S KUBE-EXTERNAL-SERVICES').out).toContain('-A KUBE-EXTERNAL-SERVICES -p tcp -m comment --comment "shop/web:http has no endpoints" -m tcp --dport 30080 -j REJECT --reject-with icmp-port-unreachable\n');
    expect(run('curl -sS -m 5 http://10.0.10.12:30080/').err).toBe("curl: (7) Failed to connect to 10.0.10.12 port 30080 after 0 ms: Couldn't connect to server\n");
    run('kubectl -n shop scale deploy web --replicas=2');
    wait(30);
    expect(run('curl -sS http://10.0.10.12:30080/').out).toBe(PAGE);
  });
});
