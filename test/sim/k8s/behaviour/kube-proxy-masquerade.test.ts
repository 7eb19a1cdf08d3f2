// kube-proxy's masquerade rules (iptables mode, masquerade-all off): KUBE-MARK-MASQ marks
// with 0x4000 what must be SNATed — ClusterIP traffic from outside the cluster CIDR, NodePort
// traffic, a pod reaching itself through its Service (hairpin) — and KUBE-POSTROUTING clears
// the mark and masquerades. The packet walk follows them: the counters move for exactly that
// traffic, and hairpin connections are answered.
import { describe, expect, it } from 'vitest';
import { cluster } from './cluster.js';

/** Packets a rule of `chain` on `node` counted (the -v listing's first column, rule `i`). */
function counter(run: (l: string) => { out: string }, node: string, chain: string, i = 0): number {
  return Number(run(`ssh ${node} iptables -t nat -L ${chain} -n -v -x`).out.split('\n')[2 + i].trim().split(/\s+/)[0]);
}

describe('kube-proxy masquerade rules', () => {
  it('are laid out as the iptables proxier writes them', () => {
    const c = cluster((y) => y, 'node1');
    expect(c.run('iptables -t nat -S KUBE-MARK-MASQ').out).toBe('-N KUBE-MARK-MASQ\n-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000\n');
    expect(c.run('iptables -t nat -S KUBE-POSTROUTING').out).toBe([
      '-N KUBE-POSTROUTING',
      '-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN',
      '-A KUBE-POSTROUTING -j MARK --set-xmark 0x4000/0x0',
      '-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully',
      '',
    ].join('\n'));
    expect(c.run('iptables -t nat -L KUBE-POSTROUTING -n').out.split('\n').slice(2).map((l) => l.replace(/ +/g, ' '))).toEqual([
      'RETURN 0 -- 0.0.0.0/0 0.0.0.0/0 mark match ! 0x4000/0x4000',
      'MARK 0 -- 0.0.0.0/0 0.0.0.0/0 MARK xor 0x4000',
      'MASQUERADE 0 -- 0.0.0.0/0 0.0.0.0/0 /* kubernetes service traffic requiring SNAT */ random-fully',
      '',
    ]);
    expect(c.run('iptables -t nat -S POSTROUTING').out).toContain('-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING\n');
    const nat = c.run('iptables -t nat -S').out;
    const svc = /-A KUBE-SERVICES -d (\S+) -p tcp -m comment --comment "shop\/web:http cluster IP" -m tcp --dport 80 -j (KUBE-SVC-\S+)/.exec(nat)!;
    expect(nat).toContain(`-A ${svc[2]} ! -s 10.244.0.0/16 -d ${svc[1]} -p tcp -m comment --comment "shop/web:http cluster IP" -m tcp --dport 80 -j KUBE-MARK-MASQ\n`);
    const ext = /-A KUBE-NODEPORTS -p tcp -m comment --comment "shop\/web:http" -m tcp --dport 30080 -j (KUBE-EXT-\S+)/.exec(nat)![1];
    expect(c.run(`iptables -t nat -S ${ext}`).out).toBe(`-N ${ext}\n-A ${ext} -m comment --comment "masquerade traffic for shop/web:http external destinations" -j KUBE-MARK-MASQ\n-A ${ext} -j ${svc[2]}\n`);
    // Each endpoint chain marks the endpoint's own connections to the Service (hairpin), then DNATs.
    const seps = [...nat.matchAll(/-A (KUBE-SEP-\S+) -p tcp -m comment --comment "shop\/web:http" -m tcp -j DNAT --to-destination (10\.244\.\d+\.\d+):8080/g)];
    expect(seps.length).toBe(2);
    for (const [, sep, pod] of seps) {
      expect(c.run(`iptables -t nat -S ${sep}`).out).toBe(`-N ${sep}\n-A ${sep} -s ${pod}/32 -m comment --comment "shop/web:http" -j KUBE-MARK-MASQ\n-A ${sep} -p tcp -m comment --comment "shop/web:http" -m tcp -j DNAT --to-destination ${pod}:8080\n`);
    }
  });

  it('a pod reaching itself through its Service is masqueraded and answered', () => {
    const c = cluster();
    c.run('kubectl -n shop scale deploy web --replicas=1');
    c.wait(5);
    const node = c.run('kubectl -n shop get pods -l app=web -o jsonpath={.items[0].spec.nodeName}').out;
    const marks = counter(c.run, node, 'KUBE-MARK-MASQ');
    const masq = counter(c.run, node, 'KUBE-POSTROUTING', 2);
    expect(c.run('kubectl -n shop exec deploy/web -- curl -sS -m 5 http://web/').out).toBe('<!doctype html><title>shop</title>\n');
    expect(counter(c.run, node, 'KUBE-MARK-MASQ')).toBe(marks + 1);
    expect(counter(c.run, node, 'KUBE-POSTROUTING', 2)).toBe(masq + 1);
    // Pod to another pod through a Service: inside the cluster CIDR, not hairpin, not marked.
    expect(c.run('kubectl -n shop exec deploy/web -- curl -sS -m 5 http://api/api/items').out).toBe('{"items":[]}\n');
    expect(counter(c.run, node, 'KUBE-MARK-MASQ')).toBe(marks + 1);
  });

  it('marks a node\'s own connections to a ClusterIP and NodePort traffic', () => {
    const c = cluster();
    const ip = c.run('kubectl -n shop get svc web -o jsonpath={.spec.clusterIP}').out;
    const before = counter(c.run, 'cp1', 'KUBE-MARK-MASQ');
    expect(c.run(`curl -sS -m 5 http://${ip}/`).out).toBe('<!doctype html><title>shop</title>\n');
    expect(counter(c.run, 'cp1', 'KUBE-MARK-MASQ')).toBe(before + 1);
    const node2 = counter(c.run, 'node2', 'KUBE-MARK-MASQ');
    expect(c.run('curl -sS -m 5 http://10.0.10.12:30080/').out).toBe('<!doctype html><title>shop</title>\n');
    // The NodePort's KUBE-EXT chain marks it; its ClusterIP rule does not match the node address.
    expect(counter(c.run, 'node2', 'KUBE-MARK-MASQ')).toBe(node2 + 1);
  });
});
